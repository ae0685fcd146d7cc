//! The school's signing key and the signed referral pack, in the browser.
//!
//! The key is made by WebCrypto (ECDSA P-256) with a private half that cannot
//! be exported, and kept in IndexedDB with a label (school, referrer). Its
//! public half goes to the council as a JWK file. Signing takes a
//! [`Valid<Referral>`] only, so an incomplete referral cannot be signed: the
//! compiler refuses.

use esma_core::consent::request::{reference_described, RequestInfo, RequestManifest};
use esma_core::consent::{prepare_request_described, RequestRef};
use esma_core::pack::manifest::PackInfo;
use esma_core::pack::prepare_pack_described;
use esma_core::referral::Referral;
use esma_core::signed::jwk::PublicJwk;
use esma_core::signed::{DescribedFile, UnsignedDescribed};
use esma_core::validate::Valid;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use crate::storage::{StorageError, Store};
use crate::web::crypto::{self, CryptoError};
use crate::web::es256;
use crate::web::files::{self, FileError};

/// The school's signing key on this device.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolKey {
    pub private: CryptoKey,
    pub public: PublicJwk,
    pub school: String,
    pub referrer: String,
    pub created_at: String,
}

impl SchoolKey {
    /// The key's RFC 7638 thumbprint, grouped for reading aloud.
    pub fn fingerprint(&self) -> String {
        self.public.fingerprint()
    }

    /// The public key as the JWK file the council registers: the key, its
    /// `kid`, and who it belongs to.
    pub fn public_jwk_file(&self) -> String {
        let mut jwk = self.public.to_json_with_kid();
        if let Some(map) = jwk.as_object_mut() {
            map.insert(
                "name".into(),
                format!("{} ({})", self.school, self.referrer).into(),
            );
        }
        serde_json::to_string_pretty(&jwk).unwrap_or_default()
    }
}

/// Why the school's key could not be read or made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Reading or saving it on this device.
    Storage(StorageError),
    /// Making it in WebCrypto.
    Crypto(CryptoError),
}

impl KeyError {
    /// Plain-English message for users.
    pub fn message(&self) -> &'static str {
        match self {
            KeyError::Storage(e) => e.message(),
            KeyError::Crypto(e) => e.message(),
        }
    }
}

impl From<StorageError> for KeyError {
    fn from(e: StorageError) -> Self {
        KeyError::Storage(e)
    }
}

impl From<CryptoError> for KeyError {
    fn from(e: CryptoError) -> Self {
        KeyError::Crypto(e)
    }
}

fn get(record: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(record, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The key this device keeps, if any.
pub async fn load(store: &Store) -> Result<Option<SchoolKey>, KeyError> {
    let Some(record) = store.signing_key().await? else {
        return Ok(None);
    };
    let text = |name: &str| {
        get(&record, name)
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let damaged = || StorageError::Damaged {
        key: "school signing key".into(),
    };
    let private: CryptoKey = get(&record, "privateKey")
        .ok_or_else(damaged)?
        .unchecked_into();
    let public = PublicJwk::new(&text("x"), &text("y")).map_err(|_| damaged())?;
    Ok(Some(SchoolKey {
        private,
        public,
        school: text("school"),
        referrer: text("referrer"),
        created_at: text("createdAt"),
    }))
}

/// Makes a new key for this device (replacing any earlier one) and saves it.
pub async fn create(store: &Store, school: &str, referrer: &str) -> Result<SchoolKey, KeyError> {
    let (private, public_key) = es256::generate().await?;
    let public = es256::public_jwk(&public_key).await?;
    let created_at = crate::web::clock::now();
    let record = Object::new();
    for (name, value) in [
        ("privateKey", JsValue::from(private.clone())),
        ("x", public.x.as_str().into()),
        ("y", public.y.as_str().into()),
        ("school", school.into()),
        ("referrer", referrer.into()),
        ("createdAt", created_at.as_str().into()),
    ] {
        let _ = Reflect::set(&record, &JsValue::from_str(name), &value);
    }
    store.save_signing_key(&record).await?;
    Ok(SchoolKey {
        private,
        public,
        school: school.to_owned(),
        referrer: referrer.to_owned(),
        created_at,
    })
}

/// Why a pack could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignProblem {
    Storage(&'static str),
    /// A stored file no longer matches what the referral records.
    Files,
    Signature,
}

// The device's problems, in the device's words.
impl From<StorageError> for SignProblem {
    fn from(e: StorageError) -> Self {
        SignProblem::Storage(e.message())
    }
}

impl From<CryptoError> for SignProblem {
    fn from(e: CryptoError) -> Self {
        SignProblem::Storage(e.message())
    }
}

impl From<FileError> for SignProblem {
    fn from(e: FileError) -> Self {
        SignProblem::Storage(e.message())
    }
}

impl SignProblem {
    pub fn message(&self) -> &'static str {
        match self {
            SignProblem::Storage(message) => message,
            SignProblem::Files => "A file on this referral has changed or is missing since it was added. Remove it and add it again.",
            SignProblem::Signature => "The browser could not sign the referral. Try again, or make a new signing key.",
        }
    }
}

/// Every attachment the referral lists, read from the device and re-hashed
/// by WebCrypto (so a file damaged on the device is caught now), kept as
/// Blobs: the bytes stay in JavaScript.
async fn gather_files(
    store: &Store,
    referral: &Referral,
) -> Result<(Vec<DescribedFile>, Vec<web_sys::Blob>), SignProblem> {
    let mut described = Vec::new();
    let mut blobs = Vec::new();
    for attachment in &referral.attachments {
        let id = attachment.id.as_deref().unwrap_or_default();
        let blob = store.attachment_blob(id).await?.ok_or(SignProblem::Files)?;
        let buffer = files::blob_buffer(&blob)
            .await
            .map_err(|_| SignProblem::Files)?;
        let sha256 = crypto::sha256_hex_buffer(&buffer).await?;
        let sha256 =
            esma_core::signed::b64::parse_sha256_hex(&sha256).map_err(|_| SignProblem::Files)?;
        described.push(DescribedFile {
            sha256,
            size: u64::from(buffer.byte_length()),
        });
        blobs.push(blob);
    }
    Ok((described, blobs))
}

/// Signs with the school's key and writes the file: the JSON text around
/// each file's base64, which the browser makes from the Blob.
async fn sign_and_assemble(
    key: &SchoolKey,
    unsigned: UnsignedDescribed,
    described: &[DescribedFile],
    blobs: &[web_sys::Blob],
) -> Result<web_sys::Blob, SignProblem> {
    let signature = es256::sign(&key.private, &unsigned.signing_input())
        .await
        .map_err(|_| SignProblem::Signature)?;
    let parts = unsigned.finish_parts(signature);
    let pieces = js_sys::Array::new();
    for (i, file) in parts.files.iter().enumerate() {
        pieces.push(&JsValue::from_str(&parts.text[i]));
        let index = described
            .iter()
            .position(|d| d == file)
            .ok_or(SignProblem::Files)?;
        let base64: JsValue = files::blob_base64(&blobs[index]).await?.into();
        pieces.push(&base64);
    }
    pieces.push(&JsValue::from_str(
        parts.text.last().map(String::as_str).unwrap_or_default(),
    ));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    web_sys::Blob::new_with_str_sequence_and_options(&pieces, &options)
        .map_err(|_| SignProblem::Storage(StorageError::Full.message()))
}

/// Builds the signed pack for a valid referral, as a Blob ready to save.
pub async fn sign_pack(
    store: &Store,
    key: &SchoolKey,
    valid: &Valid<Referral>,
) -> Result<web_sys::Blob, SignProblem> {
    let (described, blobs) = gather_files(store, valid.get()).await?;
    let info = PackInfo {
        pack_id: crypto::random_uuid_v4()?,
        created_at: crate::web::clock::now(),
    };
    let unsigned = prepare_pack_described(valid, &described, &info, &key.public)
        .map_err(|_| SignProblem::Files)?;
    sign_and_assemble(key, unsigned, &described, &blobs).await
}

/// Builds the signed consent request for a referral (any draft: a request is
/// made before consent exists): everything to be shared and the notice.
/// Returns the file, what the parent will be asked to review, and what
/// names the request in the response (to check the response against).
pub async fn consent_request(
    store: &Store,
    key: &SchoolKey,
    referral: &Referral,
) -> Result<(web_sys::Blob, RequestManifest, RequestRef), SignProblem> {
    let (described, blobs) = gather_files(store, referral).await?;
    let info = RequestInfo {
        request_id: crypto::random_uuid_v4()?,
        created_at: crate::web::clock::now(),
    };
    let (manifest, unsigned) = prepare_request_described(referral, &described, &info, &key.public)
        .map_err(|_| SignProblem::Files)?;
    let reference = reference_described(&manifest, &unsigned, &key.public);
    let blob = sign_and_assemble(key, unsigned, &described, &blobs).await?;
    Ok((blob, manifest, reference))
}
