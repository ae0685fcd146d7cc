//! The CLI's own ES256 verifier (`src/pack_io.rs`, compiled in here) against
//! Wycheproof's P-256 / SHA-256 P1363 vectors: every "valid" accepted, every
//! "invalid" rejected (esma-core's tests/wycheproof_p256.rs runs the same
//! file through its test adapter).

#[allow(dead_code)]
#[path = "../src/pack_io.rs"]
mod pack_io;

use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::jws::Verifier;
use serde_json::Value;

// What pack_io borrows from main.rs.
#[allow(dead_code)]
struct Fail(String);
type Res<T> = Result<T, Fail>;
fn shown(p: &std::path::Path) -> String {
    p.display().to_string()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

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
fn cli_verifier_passes_wycheproof() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../esma-core/tests/data/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut counts = (0, 0);
    for g in v["testGroups"].as_array().unwrap() {
        let jwk = PublicJwk::from_coordinates(
            &coordinate(&g["publicKey"]["wx"]),
            &coordinate(&g["publicKey"]["wy"]),
        );
        for t in g["tests"].as_array().unwrap() {
            let sig = unhex(t["sig"].as_str().unwrap());
            let ok = <[u8; 64]>::try_from(sig.as_slice()).is_ok_and(|s| {
                pack_io::P256Verifier.verify(&jwk, &unhex(t["msg"].as_str().unwrap()), &s)
            });
            let want = t["result"] == "valid";
            assert_eq!(ok, want, "tcId {}", t["tcId"]);
            if want {
                counts.0 += 1
            } else {
                counts.1 += 1
            }
        }
    }
    assert_eq!(counts, (173, 89));
}
