//! Hostile and limit-sized inputs of the kinds issue 12 reproduced, made
//! once for the budget test (`tests/bounded_cost.rs`) and the command
//! line's bench inputs (`crates/esma-cli/examples/bench_inputs.rs`, which
//! includes this file by path).
#![allow(dead_code)]

use std::fmt::Write as _;

use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::Header;
use esma_core::signed::{b64, jcs};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Lower-case hex of a SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    b64::hex(&Sha256::digest(bytes))
}

/// A pack of `manifest`, signed by `public`'s key through `sign` (which
/// returns the 64-byte signature of what it is given), carrying `files`.
pub fn pack(
    public: &PublicJwk,
    sign: &dyn Fn(&[u8]) -> [u8; 64],
    manifest: &Value,
    files: &[Vec<u8>],
) -> Vec<u8> {
    let protected = Header::for_key(public).encode();
    let payload = b64::encode_url(jcs::to_string(manifest).as_bytes());
    let sig = sign(format!("{protected}.{payload}").as_bytes());
    let mut s = format!(
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
            sha256_hex(f),
            b64::encode_std(f)
        );
    }
    s.push_str("]}\n");
    s.into_bytes()
}

/// A manifest for `referral` listing `attachments`, with the six checklist
/// items and no findings.
pub fn manifest(referral: Value, attachments: Value) -> Value {
    json!({
        "formatVersion": 1,
        "packId": "0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c",
        "createdAt": "2026-11-28T10:00:00Z",
        "app": {"name": "ESMA referral checker", "version": "0.1.0", "rulesVersion": esma_core::rules::RULES_VERSION},
        "referral": referral,
        "findings": [],
        "checklist": (1..=6).map(|i| json!({"item": i, "title": "t", "status": "complete", "reason": "r"})).collect::<Vec<_>>(),
        "attachments": attachments,
    })
}

/// `{"format":F,"formatVersion":1,"files":[0,0,…]}` of about `size` bytes.
pub fn zeros(format: &str, size: usize) -> Vec<u8> {
    let mut v = format!(r#"{{"format":"{format}","formatVersion":1,"files":["#).into_bytes();
    v.reserve(size);
    while v.len() + 4 < size {
        v.extend_from_slice(b"0,");
    }
    v.extend_from_slice(b"0]}");
    v
}

/// A referral of `n` empty evidence items, as text.
pub fn empty_evidence(n: usize) -> String {
    let mut s = String::with_capacity(3 * n + 24);
    s.push_str(r#"{"medicalEvidence":["#);
    for i in 0..n {
        s.push_str(if i == 0 { "{}" } else { ",{}" });
    }
    s.push_str("]}");
    s
}

/// The complete fixture, at every limit the attacks reach for: 50 evidence
/// items and 100 attachments (all one small file, carried once), long
/// answers. Its JSON, its manifest attachments and the one file.
pub fn referral_at_the_limits() -> (Value, Value, Vec<u8>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/referrals/complete.json"
    );
    let mut r: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let file = b"a small file".to_vec();
    let sha = sha256_hex(&file);
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

/// `count` files of `bytes` each, with their manifest entries.
pub fn big_files(count: u8, bytes: usize) -> (Vec<Vec<u8>>, Value) {
    let files: Vec<Vec<u8>> = (0..count)
        .map(|i| {
            (0..bytes)
                .map(|j| (j as u8).wrapping_mul(31).wrapping_add(i))
                .collect()
        })
        .collect();
    let entries: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"id": format!("att-{i}"), "name": format!("letter-{i}.pdf"), "mediaType": "application/pdf", "size": f.len(), "sha256": sha256_hex(f), "purpose": "medical-evidence"}))
        .collect();
    (files, json!(entries))
}
