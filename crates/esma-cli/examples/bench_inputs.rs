//! Inputs for `cargo xtask bench`: hostile files of the kinds issue 12
//! reproduced, and a folder of ordinary signed packs to verify in one run.
//!
//! `cargo run --release -p esma-cli --example bench_inputs -- OUT_DIR [PACKS]`
//! writes `OUT_DIR/hostile/*` with `OUT_DIR/hostile/index.json` (each file,
//! the command that reads it, and its size), and `OUT_DIR/packs/` with PACKS
//! (default 2,000) packs of about 12 KB signed by one key, plus
//! `OUT_DIR/trusted-keys.json` naming that key.
//!
//! Hostile packs are signed with a key nobody trusts, as an attacker would:
//! validly signed, so every check runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use esma_core::pack::manifest::PackInfo;
use esma_core::pack::sign_pack;
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::{Header, SignError, Signer};
use esma_core::signed::{b64, jcs, PackFile};
use esma_core::validate::Valid;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: bench_inputs OUT_DIR [PACKS]"));
    let packs: usize = args.next().map_or(2_000, |n| n.parse().expect("PACKS"));
    let hostile = out.join("hostile");
    std::fs::create_dir_all(&hostile).unwrap();
    let mut index = Vec::new();
    let mut put = |name: &str, command: &str, bytes: Vec<u8>| {
        std::fs::write(hostile.join(name), &bytes).unwrap();
        index.push(json!({"file": name, "command": command, "bytes": bytes.len()}));
    };

    let attacker = Key::new(0x42);
    // The issue's examples.
    put(
        "evidence-100k.esma-pack.json",
        "verify",
        attacker.pack(&manifest(json!({"medicalEvidence": empties(100_000)})), &[]),
    );
    put(
        "evidence-1m.esma-pack.json",
        "verify",
        attacker.pack(
            &manifest(json!({"medicalEvidence": empties(1_000_000)})),
            &[],
        ),
    );
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
    put(
        "referral-3mb.json",
        "check",
        json!({"medicalEvidence": empties(1_000_000)})
            .to_string()
            .into_bytes(),
    );
    put(
        "referral-50mib.json",
        "check",
        padded_referral(50 * MIB - 64),
    );
    // About 1 MB each: many attachments, many recorded findings, many
    // short strings inside the referral.
    // Every attachment names the same one-byte file, carried once.
    let one = b"x".to_vec();
    let attachments: Vec<Value> = (0..2_400)
        .map(|i| json!({"id": format!("a{i}"), "name": "x.pdf", "mediaType": "application/pdf", "size": 1, "sha256": hex(&Sha256::digest(&one)), "purpose": "other"}))
        .collect();
    let mut m = manifest(json!({"attachments": attachments.clone()}));
    m["attachments"] = Value::Array(attachments);
    put(
        "attachments-1mb.esma-pack.json",
        "verify",
        attacker.pack(&m, &[one]),
    );
    let mut m = manifest(json!({}));
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
    put(
        "strings-1mb.esma-pack.json",
        "verify",
        attacker.pack(
            &manifest(json!({"support": {"adjustments": vec!["x"; 200_000]}})),
            &[],
        ),
    );
    // At every limit: 50 evidence items, 100 attachments (one small file,
    // carried once), long answers. Read in full and the rules run.
    let (referral, entries, file) = referral_at_the_limits();
    let mut m = manifest(referral.clone());
    m["attachments"] = entries;
    put(
        "limits-full.esma-pack.json",
        "verify",
        attacker.pack(&m, &[file]),
    );
    put(
        "limits-full-referral.json",
        "check",
        referral.to_string().into_bytes(),
    );
    // The largest honest pack: 100 MB of attachments (the council's
    // default total), five files of 20 MB.
    let files: Vec<Vec<u8>> = (0..5u8)
        .map(|i| {
            let mut v = vec![0u8; 20 * 1000 * 1000];
            for (j, b) in v.iter_mut().enumerate() {
                *b = (j as u8).wrapping_mul(31).wrapping_add(i);
            }
            v
        })
        .collect();
    let entries: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"id": format!("att-{i}"), "name": format!("letter-{i}.pdf"), "mediaType": "application/pdf", "size": f.len(), "sha256": hex(&Sha256::digest(f)), "purpose": "medical-evidence"}))
        .collect();
    let mut m = manifest(json!({"attachments": entries.clone()}));
    m["attachments"] = Value::Array(entries);
    put(
        "files-100mb.esma-pack.json",
        "verify",
        attacker.pack(&m, &files),
    );

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
        Ok(sig.normalize_s().unwrap_or(sig).to_bytes().into())
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

    /// A pack of `manifest`, signed, carrying `files`.
    fn pack(&self, manifest: &Value, files: &[Vec<u8>]) -> Vec<u8> {
        let protected = Header::for_key(&self.public()).encode();
        let payload = b64::encode_url(jcs::to_string(manifest).as_bytes());
        let input = format!("{protected}.{payload}");
        let sig = Signer::sign(self, input.as_bytes()).unwrap();
        let mut s = String::new();
        let _ = write!(
            s,
            r#"{{"format":"esma-referral-pack","formatVersion":1,"signed":{{"protected":"{protected}","payload":"{payload}","signature":"{}"}},"files":["#,
            b64::encode_url(&sig)
        );
        for (i, f) in files.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                r#"{{"sha256":"{}","data":"{}"}}"#,
                hex(&Sha256::digest(f)),
                b64::encode_std(f)
            );
        }
        s.push_str("]}\n");
        s.into_bytes()
    }
}

fn manifest(referral: Value) -> Value {
    json!({
        "formatVersion": 1,
        "packId": "0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c",
        "createdAt": "2026-11-28T10:00:00Z",
        "app": {"name": "ESMA referral checker", "version": "0.1.0", "rulesVersion": esma_core::rules::RULES_VERSION},
        "referral": referral,
        "findings": [],
        "checklist": (1..=6).map(|i| json!({"item": i, "title": "t", "status": "complete", "reason": "r"})).collect::<Vec<_>>(),
        "attachments": [],
    })
}

fn empties(n: usize) -> Value {
    Value::Array(vec![json!({}); n])
}

/// `{"format":F,"files":[0,0,…]}` of about `size` bytes.
fn zeros(format: &str, size: usize) -> Vec<u8> {
    let head = format!(r#"{{"format":"{format}","files":["#);
    let mut v = Vec::with_capacity(size + 8);
    v.extend_from_slice(head.as_bytes());
    while v.len() + 4 < size {
        v.extend_from_slice(b"0,");
    }
    v.extend_from_slice(b"0]}");
    v
}

/// A referral of about `size` bytes: empty evidence items.
fn padded_referral(size: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(size + 8);
    v.extend_from_slice(br#"{"medicalEvidence":["#);
    while v.len() + 6 < size {
        v.extend_from_slice(b"{},");
    }
    v.extend_from_slice(b"{}]}");
    v
}

fn hex(b: &[u8]) -> String {
    b64::hex(b)
}

/// A referral at every limit (see `crates/esma-core/tests/bounded_cost.rs`),
/// its manifest attachments and its one file.
fn referral_at_the_limits() -> (Value, Value, Vec<u8>) {
    let mut r: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("complete.json")).unwrap())
            .unwrap();
    let file = b"a small file".to_vec();
    let sha = hex(&Sha256::digest(&file));
    let long = "A long answer. ".repeat(600);
    let mut evidence = r["medicalEvidence"][0].clone();
    evidence["role"] = json!(long);
    evidence["service"] = json!(long);
    evidence["attachmentId"] = json!("att-0");
    r["medicalEvidence"] = json!(vec![evidence; 50]);
    r["additionalInformation"] = json!(long);
    r["support"]["reasonableAdjustments"] = json!(long);
    let attachments: Vec<Value> = (0..100)
        .map(|i| json!({"id": format!("att-{i}"), "name": format!("letter-{i}.txt"), "mediaType": "text/plain", "size": file.len(), "sha256": sha, "purpose": "medical-evidence"}))
        .collect();
    r["attachments"] = json!(attachments);
    (r, json!(attachments), file)
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
