//! Inputs for `cargo xtask bench`: hostile files of the kinds issue 12
//! reproduced, and a folder of ordinary signed packs to verify in one run.
//!
//! `cargo run --release -p esma-cli --example bench_inputs -- OUT_DIR [PACKS]`
//! writes `OUT_DIR/hostile/*` with `OUT_DIR/hostile/index.json` (each file,
//! the command that reads it, and its size), and `OUT_DIR/packs/` with PACKS
//! (default 2,000) packs of about 12 KB signed by one key, plus
//! `OUT_DIR/trusted-keys.json` naming that key.
//!
//! `bench_inputs OUT_DIR --small` writes only the hostile files of a few
//! megabytes at most, and no ordinary packs: the council page's end-to-end
//! test checks each in the browser (`tests/e2e/council.test.mjs`).
//!
//! Hostile packs are signed with a key nobody trusts, as an attacker would:
//! validly signed, so every check runs. The inputs are made by the same code
//! as the budget test's (`crates/esma-core/tests/hostile_inputs/mod.rs`).

#[path = "../../esma-core/tests/hostile_inputs/mod.rs"]
mod hostile_inputs;

use std::path::{Path, PathBuf};

use esma_core::pack::manifest::PackInfo;
use esma_core::pack::sign_pack;
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::{SignError, Signer};
use esma_core::signed::PackFile;
use esma_core::validate::Valid;
use hostile_inputs::{
    big_files, empty_evidence, manifest, referral_at_the_limits, sha256_hex, zeros,
};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};

const MIB: usize = 1024 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let small = args.iter().any(|a| a == "--small");
    let mut args = args.into_iter().filter(|a| a != "--small");
    let out = PathBuf::from(
        args.next()
            .expect("usage: bench_inputs OUT_DIR [PACKS] [--small]"),
    );
    let packs: usize = match (small, args.next()) {
        (true, _) => 0,
        (false, n) => n.map_or(2_000, |n| n.parse().expect("PACKS")),
    };
    let hostile = out.join("hostile");
    std::fs::create_dir_all(&hostile).unwrap();
    let mut index = Vec::new();
    let mut put = |name: &str, command: &str, bytes: Vec<u8>| {
        std::fs::write(hostile.join(name), &bytes).unwrap();
        index.push(json!({"file": name, "command": command, "bytes": bytes.len()}));
    };

    let attacker = Key::new(0x42);
    let empties = |n: usize| Value::Array(vec![json!({}); n]);
    // The issue's examples.
    for (name, n) in [
        ("evidence-100k.esma-pack.json", 100_000),
        ("evidence-1m.esma-pack.json", 1_000_000),
    ] {
        let m = manifest(json!({"medicalEvidence": empties(n)}), json!([]));
        put(name, "verify", attacker.pack(&m, &[]));
    }
    if !small {
        put(
            "zeros-200mib.esma-pack.json",
            "verify",
            zeros("esma-referral-pack", 200 * MIB - 64),
        );
        put(
            "zeros-200mib.esma-consent-request.json",
            "consent-respond",
            zeros("esma-consent-request", 200 * MIB - 64),
        );
    }
    put(
        "referral-3mb.json",
        "check",
        empty_evidence(1_000_000).into_bytes(),
    );
    if !small {
        put(
            "referral-50mib.json",
            "check",
            empty_evidence(50 * MIB / 3 - 10).into_bytes(),
        );
    }
    // About 1 MB each: many attachments (all one one-byte file, carried
    // once), many recorded findings, many short strings in the referral.
    let one = b"x".to_vec();
    let attachments = Value::Array(
        (0..2_400)
            .map(|i| json!({"id": format!("a{i}"), "name": "x.pdf", "mediaType": "application/pdf", "size": 1, "sha256": sha256_hex(&one), "purpose": "other"}))
            .collect(),
    );
    let m = manifest(json!({"attachments": attachments.clone()}), attachments);
    put(
        "attachments-1mb.esma-pack.json",
        "verify",
        attacker.pack(&m, &[one]),
    );
    let mut m = manifest(json!({}), json!([]));
    m["findings"] = Value::Array(
        (0..12_000)
            .map(|_| json!({"rule": "r", "severity": "warning", "field": "f", "message": "m"}))
            .collect(),
    );
    put(
        "findings-1mb.esma-pack.json",
        "verify",
        attacker.pack(&m, &[]),
    );
    let m = manifest(
        json!({"support": {"adjustments": vec!["x"; 200_000]}}),
        json!([]),
    );
    put(
        "strings-1mb.esma-pack.json",
        "verify",
        attacker.pack(&m, &[]),
    );
    // Numbers that take the float reader's slow path (exponents far past
    // 22, a subnormal's boundary), as many as a file may hold: each is read
    // digit by digit, up to 768 digits, so this is the dearest number shape.
    let hard = [
        1e-300,
        2.2250738585072014e-308,
        1.7976931348623157e308,
        5e-324,
    ];
    let mut referral = json!({});
    referral["floats"] = Value::Array((0..19_000).map(|i| json!(hard[i % hard.len()])).collect());
    put(
        "floats-19k.esma-pack.json",
        "verify",
        attacker.pack(&manifest(referral, json!([])), &[]),
    );
    // At every limit: read in full and the rules run.
    let (referral, entries, file) = referral_at_the_limits();
    put(
        "limits-full.esma-pack.json",
        "verify",
        attacker.pack(&manifest(referral.clone(), entries), &[file]),
    );
    put(
        "limits-full-referral.json",
        "check",
        referral.to_string().into_bytes(),
    );
    if !small {
        // The largest honest pack: 100 MB of attachments (the council's
        // default total), five files of 20 MB.
        let (files, entries) = big_files(5, 20 * 1000 * 1000);
        let m = manifest(json!({"attachments": entries.clone()}), entries);
        put(
            "files-100mb.esma-pack.json",
            "verify",
            attacker.pack(&m, &files),
        );
    }

    std::fs::write(
        hostile.join("index.json"),
        serde_json::to_string_pretty(&index).unwrap(),
    )
    .unwrap();

    // Ordinary packs: the complete fixture, signed by one school.
    let school = Key::new(0x07);
    let dir = out.join("packs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let valid = complete_fixture();
    for i in 0..packs {
        let files = valid
            .get()
            .attachments
            .iter()
            .map(|a| {
                PackFile::hash(
                    std::fs::read(fixtures().join("files").join(a.name.as_deref().unwrap()))
                        .unwrap(),
                )
            })
            .collect();
        let info = PackInfo {
            pack_id: format!("3b241101-e2bb-4255-8caf-{i:012x}"),
            created_at: "2026-11-28T10:15:00Z".into(),
        };
        let pack = sign_pack(&valid, files, &info, &school.public(), &school).unwrap();
        std::fs::write(
            dir.join(format!("pack-{i:05}.esma-pack.json")),
            pack.to_json(),
        )
        .unwrap();
    }
    std::fs::write(
        out.join("trusted-keys.json"),
        json!({"keys": [school.public().to_json_with_kid()]}).to_string(),
    )
    .unwrap();
}

/// A signing key from a fixed seed.
struct Key(SigningKey);

impl Signer for Key {
    fn sign(&self, signing_input: &[u8]) -> Result<[u8; 64], SignError> {
        let sig: Signature = self.0.sign(signing_input);
        Ok(esma_core::signed::jws::low_s(sig.to_bytes().into()))
    }
}

impl Key {
    fn new(seed: u8) -> Self {
        Key(SigningKey::from_slice(&[seed; 32]).unwrap())
    }

    fn public(&self) -> PublicJwk {
        let p = self.0.verifying_key().to_encoded_point(false);
        PublicJwk::from_coordinates(
            p.x().unwrap().as_slice().try_into().unwrap(),
            p.y().unwrap().as_slice().try_into().unwrap(),
        )
    }

    /// A pack of `manifest`, signed with this key, carrying `files`.
    fn pack(&self, manifest: &Value, files: &[Vec<u8>]) -> Vec<u8> {
        let sign = |input: &[u8]| Signer::sign(self, input).unwrap();
        hostile_inputs::pack(&self.public(), &sign, manifest, files)
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/referrals")
}

/// The complete fixture, checked as of the fixtures' date.
fn complete_fixture() -> Valid<Referral> {
    let text = std::fs::read_to_string(fixtures().join("complete.json")).unwrap();
    let referral: Referral = esma_core::json::from_str(&text).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    Valid::check(referral, today, &Settings::default()).expect("complete.json has nothing blocking")
}
