//! ES256 (ECDSA P-256 with SHA-256) in WebCrypto: the signature primitive the
//! browser plugs into `esma_core::pack`. Signatures are the 64-byte raw
//! `r || s` that both WebCrypto and JWS use. The private key is generated
//! non-extractable: the browser will sign with it but never hand it out.

use esma_core::signed::jwk::PublicJwk;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CryptoKey, CryptoKeyPair};

use super::crypto::{object, settle, subtle, usages, CryptoError};

fn ecdsa_p256() -> Object {
    object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])
}

fn ecdsa_sha256() -> Object {
    object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())])
}

/// A new key pair; the private half cannot be exported.
pub async fn generate() -> Result<(CryptoKey, CryptoKey), CryptoError> {
    let pair: CryptoKeyPair = settle(subtle()?.generate_key_with_object(
        &ecdsa_p256(),
        false,
        &usages(&["sign", "verify"]),
    ))
    .await?
    .unchecked_into();
    let get = |name: &str| -> Result<CryptoKey, CryptoError> {
        Reflect::get(&pair, &JsValue::from_str(name))
            .map(JsCast::unchecked_into)
            .map_err(|_| CryptoError::Failed("WebCrypto made no key".into()))
    };
    Ok((get("privateKey")?, get("publicKey")?))
}

/// The public key as a JWK (kty, crv, x, y only).
pub async fn public_jwk(public: &CryptoKey) -> Result<PublicJwk, CryptoError> {
    let jwk = settle(subtle()?.export_key("jwk", public)).await?;
    let field = |name: &str| {
        Reflect::get(&jwk, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (field("x"), field("y")) {
        (Some(x), Some(y)) => PublicJwk::new(&x, &y).map_err(|_| {
            CryptoError::Failed("WebCrypto gave a public key of the wrong shape".into())
        }),
        _ => Err(CryptoError::Failed("WebCrypto gave no public key".into())),
    }
}

/// Signs `data`; the 64-byte raw `r || s`, in its low-S form.
pub async fn sign(private: &CryptoKey, data: &[u8]) -> Result<[u8; 64], CryptoError> {
    let data = Uint8Array::from(data);
    let signature =
        settle(subtle()?.sign_with_object_and_js_u8_array(&ecdsa_sha256(), private, &data)).await?;
    let signature: [u8; 64] = Uint8Array::new(&signature)
        .to_vec()
        .try_into()
        .map_err(|_| {
            CryptoError::Failed("WebCrypto gave a signature of the wrong length".into())
        })?;
    // WebCrypto returns the high-S form about half the time; verifiers
    // accept only the low one (docs/pack-format.md, section 2).
    Ok(esma_core::signed::jws::low_s(signature))
}

/// Whether `signature` is `jwk`'s signature of `data`. A key that is not a
/// point on the curve, or any other refusal, counts as "not valid".
pub async fn verify(jwk: &PublicJwk, data: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(subtle) = subtle() else { return false };
    let key_data = object(&[
        ("kty", "EC".into()),
        ("crv", "P-256".into()),
        ("x", jwk.x.as_str().into()),
        ("y", jwk.y.as_str().into()),
        ("ext", true.into()),
    ]);
    let Ok(key) = settle(subtle.import_key_with_object(
        "jwk",
        &key_data,
        &ecdsa_p256(),
        true,
        &usages(&["verify"]),
    ))
    .await
    else {
        return false;
    };
    let key: CryptoKey = key.unchecked_into();
    let result = settle(subtle.verify_with_object_and_js_u8_array_and_js_u8_array(
        &ecdsa_sha256(),
        &key,
        &Uint8Array::from(&signature[..]),
        &Uint8Array::from(data),
    ))
    .await;
    matches!(result.map(|v| v.as_bool()), Ok(Some(true)))
}
