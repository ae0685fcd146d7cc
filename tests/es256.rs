//! The browser's signature primitive (WebCrypto ES256), in headless Chromium:
//! a round trip, and every Wycheproof P-256 vector.
#![cfg(target_arch = "wasm32")]

use esma_app::web::es256;
use esma_core::signed::jwk::PublicJwk;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn hex(text: &str) -> Option<Vec<u8>> {
    text.len()
        .is_multiple_of(2)
        .then(|| {
            (0..text.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
                .collect()
        })
        .flatten()
}

#[wasm_bindgen_test]
async fn a_signature_verifies_and_any_change_breaks_it() {
    let (private, public) = es256::generate().await.unwrap();
    let jwk = es256::public_jwk(&public).await.unwrap();
    let data = b"the manifest".to_vec();
    let signature = es256::sign(&private, &data).await.unwrap();
    assert!(es256::verify(&jwk, &data, &signature).await);
    let mut changed = signature;
    changed[10] ^= 1;
    assert!(!es256::verify(&jwk, &data, &changed).await);
    assert!(!es256::verify(&jwk, b"the manifesto", &signature).await);
    // The thumbprint is the pack's `kid`: 43 base64url characters.
    assert_eq!(jwk.thumbprint().len(), 43);
}

#[wasm_bindgen_test]
async fn the_private_key_cannot_be_exported() {
    let (private, _) = es256::generate().await.unwrap();
    assert!(!private.extractable());
}

/// Wycheproof's P1363 vectors: every "valid" signature accepted, every
/// "invalid" one refused, by WebCrypto as the council's view uses it.
#[wasm_bindgen_test]
async fn wycheproof_p256_p1363_vectors() {
    let suite: Value = serde_json::from_str(include_str!(
        "../crates/esma-core/tests/data/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"
    ))
    .unwrap();
    let mut checked = 0;
    for group in suite["testGroups"].as_array().unwrap() {
        let key = &group["publicKey"];
        let x = hex(key["wx"].as_str().unwrap());
        let y = hex(key["wy"].as_str().unwrap());
        // Wycheproof gives coordinates as big integers: strip a sign byte, pad to 32.
        let fit = |v: Vec<u8>| -> Option<[u8; 32]> {
            let v: Vec<u8> = v.into_iter().skip_while(|b| *b == 0).collect();
            (v.len() <= 32).then(|| {
                let mut out = [0u8; 32];
                out[32 - v.len()..].copy_from_slice(&v);
                out
            })
        };
        let (Some(x), Some(y)) = (x.and_then(fit), y.and_then(fit)) else {
            continue;
        };
        let jwk = PublicJwk::from_coordinates(&x, &y);
        for t in group["tests"].as_array().unwrap() {
            let msg = hex(t["msg"].as_str().unwrap()).unwrap();
            let sig = hex(t["sig"].as_str().unwrap()).unwrap();
            let expected = t["result"] == "valid";
            let verified = match <[u8; 64]>::try_from(sig.as_slice()) {
                Ok(sig) => es256::verify(&jwk, &msg, &sig).await,
                // A signature that is not 64 bytes is refused before WebCrypto.
                Err(_) => false,
            };
            assert_eq!(verified, expected, "tcId {}", t["tcId"]);
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} vectors checked");
}
