//! Wycheproof ECDSA P-256 / SHA-256 vectors with P1363 (`r || s`) signatures,
//! through the native verifier used with the pack's `Verifier` trait: every
//! "valid" vector is accepted and every "invalid" one rejected. The file has
//! no "acceptable" vectors; if a later copy adds some, they are counted and
//! printed, not asserted (see docs/pack-format.md).

mod pack_support;

use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::Verifier;
use pack_support::{data, P256};
use serde_json::Value;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// A big-endian integer in hex (sometimes with a leading 00) as 32 bytes.
fn coordinate(v: &Value) -> [u8; 32] {
    let mut b = unhex(v.as_str().unwrap());
    while b.len() > 32 && b[0] == 0 {
        b.remove(0);
    }
    let mut out = [0u8; 32];
    out[32 - b.len()..].copy_from_slice(&b);
    out
}

#[test]
fn wycheproof_p1363_vectors() {
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(data("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"))
            .unwrap(),
    )
    .unwrap();
    let (mut valid, mut invalid, mut acceptable, mut failures) = (0, 0, 0, Vec::new());
    for group in v["testGroups"].as_array().unwrap() {
        // Not every group has a JWK; the hex coordinates are always there.
        let k = &group["publicKey"];
        let jwk = PublicJwk::from_coordinates(&coordinate(&k["wx"]), &coordinate(&k["wy"]));
        for t in group["tests"].as_array().unwrap() {
            let msg = unhex(t["msg"].as_str().unwrap());
            let sig = unhex(t["sig"].as_str().unwrap());
            // A signature that is not exactly 64 bytes never reaches the
            // primitive: the pack reader refuses it (`jws::decode_signature`).
            let accepted =
                <[u8; 64]>::try_from(sig.as_slice()).is_ok_and(|s| P256.verify(&jwk, &msg, &s));
            let id = t["tcId"].as_u64().unwrap();
            match t["result"].as_str().unwrap() {
                "valid" => {
                    valid += 1;
                    if !accepted {
                        failures.push(format!("tcId {id} valid but rejected"));
                    }
                }
                "invalid" => {
                    invalid += 1;
                    if accepted {
                        failures.push(format!("tcId {id} invalid but accepted"));
                    }
                }
                _ => {
                    acceptable += 1;
                    println!(
                        "tcId {id} acceptable: {}",
                        if accepted { "accepted" } else { "rejected" }
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!((valid, invalid, acceptable), (173, 89, 0));
}
