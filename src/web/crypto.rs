//! WebCrypto: SHA-256 of attachments, random bytes and ids, and the small
//! helpers the other WebCrypto users (`es256`, `storage::sealed`) share.
//!
//! Hashing runs in the browser's native code (`crypto.subtle.digest`), not in
//! Rust: it is many times faster on a 20 MB file and adds nothing to the wasm.
//! Pass the file's `ArrayBuffer` straight in ([`sha256_hex_buffer`]) so its
//! bytes are never copied into wasm memory just to be hashed.

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, SubtleCrypto};

use super::{js_detail, SOMETHING_WENT_WRONG};

/// Why WebCrypto could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// WebCrypto needs a secure (https) page.
    InsecureContext,
    /// The browser refused or failed. The text is detail for the console.
    Failed(String),
}

impl CryptoError {
    /// Plain-English message for users.
    pub fn message(&self) -> &'static str {
        match self {
            CryptoError::InsecureContext => {
                "This service must be opened from an address starting https://"
            }
            CryptoError::Failed(_) => SOMETHING_WENT_WRONG,
        }
    }
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoError::Failed(detail) => write!(f, "{} ({detail})", self.message()),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for CryptoError {}

fn failed(e: JsValue) -> CryptoError {
    CryptoError::Failed(js_detail(&e))
}

fn crypto() -> Result<Crypto, CryptoError> {
    web_sys::window()
        .ok_or_else(|| CryptoError::Failed("no window".into()))?
        .crypto()
        .map_err(failed)
}

pub(crate) fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let subtle = crypto()?.subtle();
    // Browsers leave `crypto.subtle` undefined on plain http (not localhost).
    if JsCast::unchecked_ref::<wasm_bindgen::JsValue>(&subtle).is_undefined() {
        return Err(CryptoError::InsecureContext);
    }
    Ok(subtle)
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    esma_core::signed::b64::hex(bytes)
}

async fn digest(
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<String, CryptoError> {
    let value = JsFuture::from(promise.map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(hex(&Uint8Array::new(&value).to_vec()))
}

/// SHA-256 of a file's bytes, as 64 lower-case hex digits.
///
/// ```no_run
/// # async fn f(buffer: js_sys::ArrayBuffer) {
/// let sha = esma_app::web::crypto::sha256_hex_buffer(&buffer).await.unwrap();
/// # }
/// ```
pub async fn sha256_hex_buffer(data: &ArrayBuffer) -> Result<String, CryptoError> {
    digest(subtle()?.digest_with_str_and_buffer_source("SHA-256", data)).await
}

/// SHA-256 of bytes already in wasm memory, as 64 lower-case hex digits.
pub async fn sha256_hex(data: &[u8]) -> Result<String, CryptoError> {
    // The browser copies the bytes synchronously when digest() is called, so
    // the view into wasm memory is not held across the await.
    digest(subtle()?.digest_with_str_and_u8_array("SHA-256", data)).await
}

/// SHA-256 of bytes already in wasm memory, as the 32 raw bytes (what
/// `esma_core::pack::verify::Evidence` takes).
pub async fn sha256(data: &[u8]) -> Result<[u8; 32], CryptoError> {
    let promise = subtle()?
        .digest_with_str_and_u8_array("SHA-256", data)
        .map_err(failed)?;
    let value = JsFuture::from(promise).await.map_err(failed)?;
    let mut out = [0u8; 32];
    let digest = Uint8Array::new(&value);
    if digest.length() != 32 {
        return Err(CryptoError::Failed(
            "WebCrypto gave a digest of the wrong size".into(),
        ));
    }
    digest.copy_to(&mut out);
    Ok(out)
}

/// `n` random bytes from `crypto.getRandomValues`.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut b = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut b)
        .map_err(failed)?;
    Ok(b)
}

/// A plain JavaScript object, for WebCrypto's algorithm parameters.
pub(crate) fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a property on a plain object we made cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// A key's usages, as WebCrypto takes them.
pub(crate) fn usages(list: &[&str]) -> JsValue {
    list.iter()
        .map(|u| JsValue::from_str(u))
        .collect::<Array>()
        .into()
}

/// Awaits a WebCrypto call. Its errors carry no detail worth showing users.
pub(crate) async fn settle(promise: Result<Promise, JsValue>) -> Result<JsValue, CryptoError> {
    let promise =
        promise.map_err(|_| CryptoError::Failed("WebCrypto refused the request".into()))?;
    JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::Failed("WebCrypto could not complete the request".into()))
}

/// A random UUID version 4 from `crypto.getRandomValues`, e.g.
/// `"1b4e28ba-2fa1-4d2b-a3c5-0f1e2d3c4b5a"`.
pub fn random_uuid_v4() -> Result<String, CryptoError> {
    Ok(uuid_v4_from_bytes(random_bytes()?))
}

/// Formats 16 random bytes as a UUID v4 (sets the version and variant bits).
pub fn uuid_v4_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_layout() {
        let u = uuid_v4_from_bytes([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let u = uuid_v4_from_bytes([0; 16]);
        assert_eq!(u, "00000000-0000-4000-8000-000000000000");
    }
}
