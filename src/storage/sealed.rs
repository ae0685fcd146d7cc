//! Drafts protected with a passphrase, for schools whose computers are shared.
//!
//! A random AES-GCM key (256-bit, the "drafts key") seals every draft and
//! attachment. It is kept only wrapped (AES-GCM) by a key derived from the
//! passphrase with PBKDF2-HMAC-SHA-256, so changing the passphrase rewraps
//! one key and re-encrypts nothing. A wrong passphrase fails the wrap's
//! authentication tag: nothing is read, changed or deleted. Unwrapped, the
//! drafts key is non-extractable and lives only in this tab's memory.
//!
//! Each sealed value has its own random 96-bit IV, and its record's identity
//! (`draft <id>`, `attachment <id> meta|data`) as additional data, so a
//! sealed value moved to another record does not open.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use super::records::{get_bytes, get_str};
use super::StorageError;
use crate::web::crypto::{object, random_bytes, settle, subtle, usages};

/// PBKDF2-HMAC-SHA-256 iterations for new passphrases: OWASP's Password
/// Storage Cheat Sheet figure (2023). The count is stored with each
/// protection, so raising it later does not lock anyone out.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The fewest characters a passphrase may have. NCSC advice is three random
/// words, which is longer than this.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// How the drafts key is kept on the device: the record in the `meta` store.
#[derive(Clone, Debug, PartialEq)]
pub struct Protection {
    /// Names this protection; every sealed record carries it.
    pub id: String,
    /// PBKDF2 iterations used for this passphrase.
    pub iterations: u32,
    salt: Vec<u8>,
    iv: Vec<u8>,
    wrapped: Vec<u8>,
}

/// The drafts key, unwrapped, for this tab only.
#[derive(Clone, Debug)]
pub struct Unlocked {
    /// The protection it belongs to.
    pub id: String,
    key: CryptoKey,
}

impl Protection {
    /// The record as stored.
    pub(crate) fn to_js(&self) -> Object {
        object(&[
            ("v", 1.into()),
            ("id", self.id.as_str().into()),
            ("kdf", "PBKDF2-SHA-256".into()),
            ("iterations", self.iterations.into()),
            ("salt", Uint8Array::from(&self.salt[..]).into()),
            ("iv", Uint8Array::from(&self.iv[..]).into()),
            ("wrappedKey", Uint8Array::from(&self.wrapped[..]).into()),
        ])
    }

    /// Reads a stored record; `None` if it is not one.
    pub(crate) fn from_js(v: &JsValue) -> Option<Protection> {
        let id = get_str(v, "id")?;
        let iterations = Reflect::get(v, &JsValue::from_str("iterations"))
            .ok()?
            .as_f64()?;
        Some(Protection {
            id,
            iterations: iterations as u32,
            salt: get_bytes(v, "salt")?,
            iv: get_bytes(v, "iv")?,
            wrapped: get_bytes(v, "wrappedKey")?,
        })
    }

    fn wrap_params(&self) -> Object {
        wrap_params(&self.id, &self.iv)
    }
}

fn aes_gcm_256() -> Object {
    object(&[("name", "AES-GCM".into()), ("length", 256.into())])
}

fn gcm(iv: &[u8], additional_data: &str) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        (
            "additionalData",
            Uint8Array::from(additional_data.as_bytes()).into(),
        ),
    ])
}

fn wrap_params(id: &str, iv: &[u8]) -> Object {
    gcm(iv, &format!("esma drafts key {id}"))
}

/// The key that wraps the drafts key, from the passphrase.
async fn passphrase_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, StorageError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base: CryptoKey =
        settle(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"])))
            .await?
            .unchecked_into();
    let pbkdf2 = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    Ok(settle(subtle.derive_key_with_object_and_object(
        &pbkdf2,
        &base,
        &aes_gcm_256(),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await?
    .unchecked_into())
}

async fn unwrap(
    protection: &Protection,
    wrapping: &CryptoKey,
    extractable: bool,
) -> Result<CryptoKey, StorageError> {
    let promise = subtle()?.unwrap_key_with_u8_array_and_object_and_object(
        "raw",
        &protection.wrapped,
        wrapping,
        &protection.wrap_params(),
        &aes_gcm_256(),
        extractable,
        &usages(&["encrypt", "decrypt"]),
    );
    // The only way a well-formed record fails to unwrap is the wrong passphrase.
    settle(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| StorageError::WrongPassphrase)
}

async fn wrap(
    id: String,
    drafts_key: &CryptoKey,
    passphrase: &str,
) -> Result<(Protection, CryptoKey), StorageError> {
    let salt = random_bytes::<16>()?.to_vec();
    let iv = random_bytes::<12>()?.to_vec();
    let wrapping = passphrase_key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
    let wrapped = settle(subtle()?.wrap_key_with_object(
        "raw",
        drafts_key,
        &wrapping,
        &wrap_params(&id, &iv),
    ))
    .await?;
    let protection = Protection {
        id,
        iterations: PBKDF2_ITERATIONS,
        salt,
        iv,
        wrapped: Uint8Array::new(&wrapped).to_vec(),
    };
    Ok((protection, wrapping))
}

/// A new protection for `passphrase`, and its drafts key unlocked.
pub async fn create(passphrase: &str) -> Result<(Protection, Unlocked), StorageError> {
    // Extractable only so that it can be wrapped; the copy this tab uses is not.
    let drafts_key: CryptoKey = settle(subtle()?.generate_key_with_object(
        &aes_gcm_256(),
        true,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?
    .unchecked_into();
    let id = crate::web::crypto::random_uuid_v4()?;
    let (protection, wrapping) = wrap(id, &drafts_key, passphrase).await?;
    let key = unwrap(&protection, &wrapping, false).await?;
    let unlocked = Unlocked {
        id: protection.id.clone(),
        key,
    };
    Ok((protection, unlocked))
}

/// Unlocks with the passphrase, or [`StorageError::WrongPassphrase`].
pub async fn unlock(protection: &Protection, passphrase: &str) -> Result<Unlocked, StorageError> {
    let wrapping = passphrase_key(passphrase, &protection.salt, protection.iterations).await?;
    Ok(Unlocked {
        id: protection.id.clone(),
        key: unwrap(protection, &wrapping, false).await?,
    })
}

/// The same drafts key under a new passphrase (and salt). The old
/// passphrase must be right.
pub async fn rewrap(
    protection: &Protection,
    old: &str,
    new: &str,
) -> Result<Protection, StorageError> {
    let wrapping = passphrase_key(old, &protection.salt, protection.iterations).await?;
    let drafts_key = unwrap(protection, &wrapping, true).await?;
    Ok(wrap(protection.id.clone(), &drafts_key, new).await?.0)
}

/// A sealed value: its IV and the ciphertext (with GCM's tag).
pub struct Sealed {
    pub iv: Uint8Array,
    pub data: ArrayBuffer,
}

impl Unlocked {
    /// Encrypts `data` (a view or buffer) for the record named `label`.
    pub async fn seal(&self, label: &str, data: &Object) -> Result<Sealed, StorageError> {
        let iv = random_bytes::<12>()?;
        let out = settle(subtle()?.encrypt_with_object_and_buffer_source(
            &gcm(&iv, label),
            &self.key,
            data,
        ))
        .await?;
        Ok(Sealed {
            iv: Uint8Array::from(&iv[..]),
            data: out.unchecked_into(),
        })
    }

    /// Decrypts what [`Unlocked::seal`] made for `label`. Anything else, or
    /// a changed byte, is `None`.
    pub async fn open(&self, label: &str, iv: &[u8], data: &Object) -> Option<ArrayBuffer> {
        let promise =
            subtle()
                .ok()?
                .decrypt_with_object_and_buffer_source(&gcm(iv, label), &self.key, data);
        settle(promise).await.ok().map(JsCast::unchecked_into)
    }
}
