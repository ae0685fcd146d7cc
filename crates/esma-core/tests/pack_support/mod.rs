//! Shared helpers for the pack tests: a `p256` signer and verifier (the
//! native primitives; esma-core itself never depends on p256), a fixed test
//! key, the complete referral fixture and its files.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use esma_core::pack::manifest::PackInfo;
use esma_core::pack::{sign_pack, Pack};
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::{SignError, Signer, Verifier};
use esma_core::signed::PackFile;
use esma_core::validate::Valid;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

pub struct P256;

impl Verifier for P256 {
    fn verify(&self, jwk: &PublicJwk, signing_input: &[u8], sig: &[u8; 64]) -> bool {
        let (x, y) = jwk.coordinates();
        let mut sec1 = [0u8; 65];
        sec1[0] = 4;
        sec1[1..33].copy_from_slice(&x);
        sec1[33..].copy_from_slice(&y);
        let Ok(key) = VerifyingKey::from_sec1_bytes(&sec1) else {
            return false;
        };
        let Ok(sig) = Signature::from_slice(sig) else {
            return false;
        };
        key.verify(signing_input, &sig).is_ok()
    }
}

pub struct TestKey(pub SigningKey);

impl TestKey {
    pub fn new(seed: u8) -> Self {
        TestKey(SigningKey::from_slice(&[seed; 32]).unwrap())
    }
    pub fn public(&self) -> PublicJwk {
        let p = self.0.verifying_key().to_encoded_point(false);
        PublicJwk::from_coordinates(
            p.x().unwrap().as_slice().try_into().unwrap(),
            p.y().unwrap().as_slice().try_into().unwrap(),
        )
    }
}

impl Signer for TestKey {
    /// The low-S form, as every signer writes (`jws::is_low_s`).
    fn sign(&self, signing_input: &[u8]) -> Result<[u8; 64], SignError> {
        let sig: Signature = self.0.sign(signing_input);
        Ok(esma_core::signed::jws::low_s(sig.to_bytes().into()))
    }
}

impl TestKey {
    /// The signature as `p256` makes it: high-S about half the time.
    pub fn sign_raw(&self, signing_input: &[u8]) -> [u8; 64] {
        let sig: Signature = self.0.sign(signing_input);
        sig.to_bytes().into()
    }
}

pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/referrals")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub fn referral(name: &str) -> Referral {
    serde_json::from_str(&std::fs::read_to_string(fixtures().join(name)).unwrap()).unwrap()
}

pub fn valid_complete() -> Valid<Referral> {
    Valid::check(referral("complete.json"), today(), &Settings::default())
        .expect("complete.json has nothing blocking")
}

pub fn files_for(r: &Referral) -> Vec<PackFile> {
    r.attachments
        .iter()
        .map(|a| {
            PackFile::hash(
                std::fs::read(fixtures().join("files").join(a.name.as_deref().unwrap())).unwrap(),
            )
        })
        .collect()
}

pub fn info() -> PackInfo {
    PackInfo {
        pack_id: "3b241101-e2bb-4255-8caf-4136c566a962".into(),
        created_at: "2026-11-28T10:15:00Z".into(),
    }
}

/// A signed pack of the complete fixture, with key seed 7.
pub fn signed_complete() -> (Pack, TestKey) {
    let valid = valid_complete();
    let key = TestKey::new(7);
    let pack = sign_pack(&valid, files_for(valid.get()), &info(), &key.public(), &key).unwrap();
    (pack, key)
}
