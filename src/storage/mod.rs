//! Saving on this device: drafts and their attachments in IndexedDB.
//!
//! Nothing here talks to a server. The database `esma` (version 1) has five
//! object stores:
//!
//! | store         | key             | value |
//! |---------------|-----------------|-------|
//! | `drafts`      | draft id        | the [`Draft`] as a JSON string |
//! | `attachments` | attachment id   | `{ draftId, id, name, mediaType, size, sha256, purpose, blob }`, indexed by `draftId` |
//! | `damaged`     | `<time> <store> <uuid>` | `{ store, key, keptAt, reason, value }`: records that could not be read, kept exactly as found |
//! | `meta`        | a name          | a short string, e.g. the last open draft; and `protection`, the wrapped drafts key when drafts are protected with a passphrase ([`sealed`]) |
//! | `keys`        | `school`        | the school's signing key (two CryptoKeys, the private one non-extractable) and its label |
//!
//! When drafts are protected, a draft's value is `{ sealed, revision, iv,
//! data }` and an attachment's `{ draftId, id, sealed, metaIv, meta, iv,
//! blob }` (ciphertext), as `sealed` describes.
//! Rules the store keeps so that nothing typed is lost:
//! - a save only resolves once its transaction has *completed*;
//! - saves of one draft are applied in the order they were called, and a
//!   save whose revision is not newer than the stored one is refused with
//!   [`StorageError::Outdated`] (another tab, or a late save);
//! - a record that cannot be read is *moved* to `damaged`, never overwritten
//!   or deleted, and reported by [`Store::list_drafts`];
//! - every failure is an error the UI must show ([`StorageError::message`]).
//!
//! ```no_run
//! # async fn f() -> Result<(), esma_app::storage::StorageError> {
//! use esma_app::{draft::Draft, storage::Store, web::{clock, crypto}};
//! let store = Store::open().await?;
//! let mut d = Draft::new(crypto::random_uuid_v4()?, "Year 9 referral", &clock::now());
//! store.save_draft(&d).await?;
//! d.referral.pupil.first_name = Some("Sam".into());
//! d.touch(&clock::now());
//! store.save_draft(&d).await?;
//! assert_eq!(store.load_draft(&d.id).await?, Some(d));
//! # Ok(()) }
//! ```

pub mod sealed;

use crate::draft::{self, Draft, DraftSummary};
use crate::web::crypto::CryptoError;
use crate::web::files::FileError;
use crate::web::idb::{self, Done, IdbError, Opened};
use crate::web::{clock, crypto, files};
use esma_core::draft_file::{DraftFile, DraftFileAttachment, DraftFileError, DraftFileLimits};
use esma_core::referral::{Attachment, AttachmentPurpose};
use esma_core::settings::Settings;
use js_sys::{Array, ArrayBuffer, JsString, Object, Promise, Reflect, Uint8Array};
use sealed::{Protection, Unlocked};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbTransaction, IdbTransactionMode,
};

/// The database the app uses.
pub const DB_NAME: &str = "esma";
/// Its schema version. Bump only with a migration in `upgrade`.
pub const DB_VERSION: u32 = 1;
/// Keys in localStorage or sessionStorage the app owns start with this;
/// "Delete all data on this device" removes them. (The app keeps nothing
/// there today; the origin may be shared with other sites' pages.)
pub const WEB_STORAGE_PREFIX: &str = "esma";

const DRAFTS: &str = "drafts";
const ATTACHMENTS: &str = "attachments";
const DAMAGED: &str = "damaged";
const META: &str = "meta";
const KEYS: &str = "keys";
/// The one signing key a device keeps for its school.
const SIGNING_KEY: &str = "school";
/// The `meta` key of the passphrase protection record, when drafts are protected.
const PROTECTION: &str = "protection";
/// A sealed record names its protection in this field.
const SEALED: &str = "sealed";
const BY_DRAFT: &str = "draftId";

/// Why saving or reading on this device failed. Show [`StorageError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// IndexedDB cannot be used: a private window, storage blocked by the
    /// browser's settings, or the database was deleted in another tab.
    Unavailable,
    /// The device or the browser's share of it is full (QuotaExceededError).
    Full,
    /// A saved record could not be read; it has been kept aside in `damaged`.
    Damaged {
        /// Its key in the `damaged` store.
        key: String,
    },
    /// Another tab holds the database open and would not let go.
    Blocked,
    /// The stored draft has a newer (or the same) revision: another tab or
    /// window changed it. This save was not written.
    Outdated {
        /// The revision already saved.
        stored_revision: u64,
    },
    /// An attachment id is already used by another draft.
    AttachmentIdInUse,
    /// A file attached to the draft is not on this device (export).
    AttachmentMissing,
    /// A chosen file could not be read (moved, deleted or unreadable).
    FileUnreadable,
    /// WebCrypto needs a secure (https) page.
    InsecureContext,
    /// The passphrase does not unlock this device's drafts.
    WrongPassphrase,
    /// The drafts' protection changed in another tab (turned on or off):
    /// this tab must reload before it saves again.
    ProtectionChanged,
    /// The drafts are protected and this tab has not been unlocked.
    Locked,
    /// Anything else. The text is technical detail for the console, not for users.
    Other(String),
}

impl StorageError {
    /// Plain-English message for users (GOV.UK style).
    pub fn message(&self) -> &'static str {
        match self {
            StorageError::Unavailable => "Your answers cannot be saved on this device. This can happen in a private browsing window or when the browser is set to block site data. Open this service in a normal browser window. Until then, do not close this tab",
            StorageError::Full => "There is not enough space on this device to save your answers. Your latest change has not been saved. Delete drafts or files you no longer need, then try again",
            StorageError::Damaged { .. } => "Some saved data could not be read. It has been kept aside on this device and has not been changed",
            StorageError::Blocked => "Close any other tabs or windows that have this service open, then try again",
            StorageError::Outdated { .. } => "This draft was changed in another tab or window. Your latest change in this tab has not been saved. Save it as a new draft, or reload the page to see the other version",
            StorageError::AttachmentIdInUse => "The file could not be attached. Try again",
            StorageError::AttachmentMissing => "A file attached to this draft is missing from this device. Remove it and attach it again",
            StorageError::FileUnreadable => FileError::Unreadable.message(),
            StorageError::InsecureContext => CryptoError::InsecureContext.message(),
            StorageError::WrongPassphrase => "The passphrase is not right. Check it and try again. Nothing has been changed or deleted",
            StorageError::ProtectionChanged => "The passphrase protection of drafts on this device was changed in another tab or window. Your latest change in this tab has not been saved. Reload the page, then try again",
            StorageError::Locked => "Your drafts on this device are protected with a passphrase. Reload the page and enter it",
            StorageError::Other(_) => crate::web::SOMETHING_WENT_WRONG,
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Other(detail) => write!(f, "{} ({detail})", self.message()),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<IdbError> for StorageError {
    fn from(e: IdbError) -> Self {
        match e {
            IdbError::Unavailable => StorageError::Unavailable,
            IdbError::Full => StorageError::Full,
            IdbError::Other(detail) => StorageError::Other(detail),
        }
    }
}

impl From<CryptoError> for StorageError {
    fn from(e: CryptoError) -> Self {
        match e {
            CryptoError::InsecureContext => StorageError::InsecureContext,
            CryptoError::Failed(detail) => StorageError::Other(detail),
        }
    }
}

impl From<FileError> for StorageError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Unreadable => StorageError::FileUnreadable,
            other => StorageError::Other(other.to_string()),
        }
    }
}

/// An IndexedDB call's thrown error, as the store reports it.
fn from_js(e: JsValue) -> StorageError {
    idb::from_js(e).into()
}

/// Why a draft file was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not a usable draft file.
    File(DraftFileError),
    /// It could not be saved on this device.
    Storage(StorageError),
}

impl ImportError {
    /// Plain-English message for users.
    pub fn message(&self) -> String {
        match self {
            ImportError::File(e) => e.message(),
            ImportError::Storage(e) => e.message().to_string(),
        }
    }
}

impl From<StorageError> for ImportError {
    fn from(e: StorageError) -> Self {
        ImportError::Storage(e)
    }
}

impl From<IdbError> for ImportError {
    fn from(e: IdbError) -> Self {
        ImportError::Storage(e.into())
    }
}

impl From<CryptoError> for ImportError {
    fn from(e: CryptoError) -> Self {
        ImportError::Storage(e.into())
    }
}

impl From<FileError> for ImportError {
    fn from(e: FileError) -> Self {
        ImportError::Storage(e.into())
    }
}

/// A record kept aside because it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedSummary {
    /// Its key in the `damaged` store.
    pub key: String,
    /// The store it came from, e.g. `drafts`.
    pub store: String,
    /// Its key there (a draft or attachment id).
    pub original_key: String,
    /// When it was kept aside.
    pub kept_at: String,
    /// Why, for support staff (never contains the data).
    pub reason: String,
}

/// The drafts on this device, newest first, and any records kept aside.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftList {
    /// Drafts that could be read.
    pub drafts: Vec<DraftSummary>,
    /// Records that could not be read, kept aside.
    pub damaged: Vec<DamagedSummary>,
}

/// Space used and available, in bytes, as the browser estimates it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpaceUsed {
    /// Bytes used by this site.
    pub usage: f64,
    /// Bytes this site may use.
    pub quota: f64,
}

struct Inner {
    db: IdbDatabase,
    _on_version_change: Closure<dyn FnMut()>,
    /// The drafts key, once the passphrase has been given in this tab.
    unlocked: RefCell<Option<Unlocked>>,
    /// Resolves when the last queued save has finished: saves take turns.
    last_save: RefCell<Promise>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

/// An open connection to the database. Cheap to clone; share one per tab.
#[derive(Clone)]
pub struct Store(Rc<Inner>);

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Store({})", self.0.db.name())
    }
}

fn factory() -> Result<web_sys::IdbFactory, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .indexed_db()
        .map_err(|_| StorageError::Unavailable)?
        .ok_or(StorageError::Unavailable)
}

fn upgrade(req: &IdbOpenDbRequest) -> Result<(), JsValue> {
    let db: IdbDatabase = req.result()?.unchecked_into();
    let existing = db.object_store_names();
    // Version 1: create what is missing (a fresh database has nothing).
    for name in [DRAFTS, DAMAGED, META, KEYS] {
        if !existing.contains(name) {
            db.create_object_store(name)?;
        }
    }
    if !existing.contains(ATTACHMENTS) {
        let store = db.create_object_store(ATTACHMENTS)?;
        store.create_index_with_str(BY_DRAFT, BY_DRAFT)?;
    }
    Ok(())
}

fn js_str(v: &JsValue) -> Option<String> {
    v.as_string()
}

fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| js_str(&v))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn purpose_to_str(p: AttachmentPurpose) -> String {
    esma_core::json::to_value(&p)
        .as_str()
        .map(String::from)
        .unwrap_or_default()
}

fn purpose_from_str(s: &str) -> Option<AttachmentPurpose> {
    esma_core::json::from_value(&serde_json::Value::String(s.to_string())).ok()
}

/// The attachment record: metadata plus the Blob itself.
fn attachment_record(draft_id: &str, a: &Attachment, blob: &Blob) -> Object {
    let o = Object::new();
    let opt = |v: &Option<String>| v.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL);
    set(&o, BY_DRAFT, &JsValue::from_str(draft_id));
    set(&o, "id", &opt(&a.id));
    set(&o, "name", &opt(&a.name));
    set(&o, "mediaType", &opt(&a.media_type));
    set(
        &o,
        "size",
        &a.size
            .map(|s| JsValue::from_f64(s as f64))
            .unwrap_or(JsValue::NULL),
    );
    set(&o, "sha256", &opt(&a.sha256));
    set(
        &o,
        "purpose",
        &a.purpose
            .map(|p| JsValue::from_str(&purpose_to_str(p)))
            .unwrap_or(JsValue::NULL),
    );
    set(&o, "blob", blob);
    o
}

/// Reads an attachment record back; `None` when it is not one we wrote.
fn read_attachment_record(v: &JsValue) -> Option<(String, Attachment, Blob)> {
    let draft_id = get_str(v, BY_DRAFT)?;
    let id = get_str(v, "id")?;
    let blob: Blob = Reflect::get(v, &JsValue::from_str("blob"))
        .ok()?
        .dyn_into()
        .ok()?;
    let size = Reflect::get(v, &JsValue::from_str("size"))
        .ok()
        .and_then(|s| s.as_f64())
        .map(|s| s as u64);
    Some((
        draft_id,
        Attachment {
            id: Some(id),
            name: get_str(v, "name"),
            media_type: get_str(v, "mediaType"),
            size,
            sha256: get_str(v, "sha256"),
            purpose: get_str(v, "purpose").and_then(|p| purpose_from_str(&p)),
        },
        blob,
    ))
}

// Sealed records (drafts protected with a passphrase, see `sealed`).
//
// A sealed draft is `{ sealed: <protection id>, revision, iv, data }`: the
// revision stays readable so a save can refuse an older revision inside its
// transaction, before anything is decrypted. A sealed attachment is
// `{ draftId, id, sealed, metaIv, meta, iv, blob }`: its name and type are
// sealed with its bytes; only the ids stay readable, for the index.

fn draft_label(id: &str) -> String {
    format!("draft {id}")
}

fn attachment_label(id: &str, part: &str) -> String {
    format!("attachment {id} {part}")
}

fn get_bytes(v: &JsValue, key: &str) -> Option<Vec<u8>> {
    let v = Reflect::get(v, &JsValue::from_str(key)).ok()?;
    v.is_instance_of::<Uint8Array>()
        .then(|| Uint8Array::new(&v).to_vec())
}

fn get_as<T: JsCast>(v: &JsValue, key: &str) -> Option<T> {
    Reflect::get(v, &JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

/// A sealed draft as stored.
struct SealedDraft {
    protection: String,
    revision: u64,
    iv: Vec<u8>,
    data: ArrayBuffer,
}

/// A draft record as found in the store.
enum StoredDraft {
    Missing,
    Plain(String),
    Sealed(SealedDraft),
    Unreadable,
}

impl StoredDraft {
    fn of(v: &JsValue) -> StoredDraft {
        if v.is_undefined() {
            return StoredDraft::Missing;
        }
        if let Some(text) = v.as_string() {
            return StoredDraft::Plain(text);
        }
        let sealed = || {
            Some(SealedDraft {
                protection: get_str(v, SEALED)?,
                revision: Reflect::get(v, &JsValue::from_str("revision"))
                    .ok()?
                    .as_f64()? as u64,
                iv: get_bytes(v, "iv")?,
                data: get_as(v, "data")?,
            })
        };
        sealed().map_or(StoredDraft::Unreadable, StoredDraft::Sealed)
    }
}

/// A sealed attachment as stored.
struct SealedAttachment {
    id: String,
    protection: String,
    meta_iv: Vec<u8>,
    meta: ArrayBuffer,
    iv: Vec<u8>,
    blob: Blob,
}

impl SealedAttachment {
    fn of(v: &JsValue) -> Option<SealedAttachment> {
        Some(SealedAttachment {
            id: get_str(v, "id")?,
            protection: get_str(v, SEALED)?,
            meta_iv: get_bytes(v, "metaIv")?,
            meta: get_as(v, "meta")?,
            iv: get_bytes(v, "iv")?,
            blob: get_as(v, "blob")?,
        })
    }
}

fn is_sealed(v: &JsValue) -> bool {
    get_str(v, SEALED).is_some()
}

/// Turns made to take in order: each save waits for the one before it.
struct Turn(Option<js_sys::Function>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            let _ = done.call0(&JsValue::UNDEFINED);
        }
    }
}

impl Store {
    /// Opens (and on first use creates) the app's database.
    pub async fn open() -> Result<Store, StorageError> {
        Store::open_named(DB_NAME).await
    }

    /// Opens a database by name. For tests, which each use their own.
    #[doc(hidden)]
    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        let req = factory()?
            .open_with_u32(name, DB_VERSION)
            .map_err(from_js)?;
        let db: IdbDatabase = match idb::open_request(req, Some(&upgrade)).await? {
            Opened::Done(db) => db.unchecked_into(),
            Opened::Blocked => return Err(StorageError::Blocked),
        };
        // Let "Delete all data" (or a future upgrade) in another tab proceed:
        // close this connection when asked. Later calls then fail with
        // Unavailable and the UI asks for a reload.
        let db2 = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || db2.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Store(Rc::new(Inner {
            db,
            _on_version_change: on_version_change,
            unlocked: RefCell::new(None),
            last_save: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
        })))
    }

    /// This tab's drafts key, if the drafts are protected and unlocked here.
    fn unlocked(&self) -> Option<Unlocked> {
        self.0.unlocked.borrow().clone()
    }

    fn protection_id(&self) -> Option<String> {
        self.unlocked().map(|u| u.id)
    }

    /// Waits for every save queued before this one. Saves seal (encrypt)
    /// before their transaction starts, so without turns a later save could
    /// reach the store first.
    async fn turn(&self) -> Turn {
        let mut done = None;
        let mine = Promise::new(&mut |resolve, _| done = Some(resolve));
        let before = self.0.last_save.replace(mine);
        let _ = JsFuture::from(before).await;
        Turn(done)
    }

    /// Fails the transaction unless the drafts' protection is still the one
    /// this tab knows: a tab must never write plain text once another has
    /// protected the drafts, nor sealed records once another has unprotected them.
    async fn protection_unchanged(&self, tx: &IdbTransaction) -> Result<(), StorageError> {
        let v = idb::request(
            Self::store(tx, META)?
                .get(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?,
        )
        .await?;
        let stored = Protection::from_js(&v).map(|p| p.id);
        if stored == self.protection_id() {
            Ok(())
        } else {
            let _ = tx.abort();
            Err(StorageError::ProtectionChanged)
        }
    }

    /// A draft as it is stored: plain JSON text, or sealed when protected.
    async fn draft_value(&self, draft: &Draft, json: &str) -> Result<JsValue, StorageError> {
        let Some(key) = self.unlocked() else {
            return Ok(JsValue::from_str(json));
        };
        let sealed = key
            .seal(&draft_label(&draft.id), &Uint8Array::from(json.as_bytes()))
            .await?;
        Ok(crypto::object(&[
            (SEALED, key.id.as_str().into()),
            ("revision", JsValue::from_f64(draft.revision as f64)),
            ("iv", sealed.iv.into()),
            ("data", sealed.data.into()),
        ])
        .into())
    }

    /// The JSON text of a sealed draft; `None` if it does not open (damaged,
    /// or sealed under another protection).
    async fn open_draft(&self, id: &str, d: &SealedDraft) -> Result<Option<String>, StorageError> {
        let key = self.unlocked().ok_or(StorageError::Locked)?;
        if d.protection != key.id {
            return Ok(None);
        }
        let Some(plain) = key.open(&draft_label(id), &d.iv, &d.data).await else {
            return Ok(None);
        };
        Ok(String::from_utf8(Uint8Array::new(&plain).to_vec()).ok())
    }

    /// A stored draft read and checked: `Ok(None)` if it is unreadable.
    async fn read_draft(
        &self,
        id: &str,
        stored: &StoredDraft,
    ) -> Result<Option<Draft>, StorageError> {
        let text = match stored {
            StoredDraft::Plain(text) => Some(text.clone()),
            StoredDraft::Sealed(d) => self.open_draft(id, d).await?,
            StoredDraft::Missing | StoredDraft::Unreadable => None,
        };
        Ok(text
            .and_then(|t| Draft::from_json(&t).ok())
            .filter(|d| d.id == id))
    }

    /// Moves a sealed record that did not open to `damaged`, unless it was
    /// rewritten meanwhile (its IV changed). Returns its key there.
    async fn move_aside(&self, from: &str, key: &str, iv: &[u8]) -> Result<String, StorageError> {
        let (tx, done) = self.tx(&[from, DAMAGED], true)?;
        let store = Self::store(&tx, from)?;
        let k = JsValue::from_str(key);
        let value = idb::request(store.get(&k).map_err(from_js)?).await?;
        let mut damaged = String::new();
        if get_bytes(&value, "iv").as_deref() == Some(iv) {
            damaged = Self::keep_aside(&tx, from, key, &value, "sealed data that does not open")?;
            store.delete(&k).map_err(from_js)?;
        }
        done.wait().await?;
        Ok(damaged)
    }

    /// An attachment as it is stored: plain, or sealed (name, type and bytes).
    async fn attachment_value(
        &self,
        draft_id: &str,
        attachment: &Attachment,
        blob: &Blob,
    ) -> Result<Object, StorageError> {
        let Some(key) = self.unlocked() else {
            return Ok(attachment_record(draft_id, attachment, blob));
        };
        let id = attachment.id.clone().unwrap_or_default();
        let meta = esma_core::json::to_value(attachment).to_string();
        let meta = key
            .seal(
                &attachment_label(&id, "meta"),
                &Uint8Array::from(meta.as_bytes()),
            )
            .await?;
        let bytes = files::blob_buffer(blob).await?;
        let data = key.seal(&attachment_label(&id, "data"), &bytes).await?;
        let sealed_blob = files::blob_from_buffer(&data.data, "application/octet-stream")?;
        Ok(crypto::object(&[
            (BY_DRAFT, draft_id.into()),
            ("id", id.as_str().into()),
            (SEALED, key.id.as_str().into()),
            ("metaIv", meta.iv.into()),
            ("meta", meta.data.into()),
            ("iv", data.iv.into()),
            ("blob", sealed_blob.into()),
        ]))
    }

    /// A stored attachment record's metadata, opening it if it is sealed.
    async fn read_attachment(&self, v: &JsValue) -> Result<Option<Attachment>, StorageError> {
        if !is_sealed(v) {
            return Ok(read_attachment_record(v).map(|(_, a, _)| a));
        }
        let Some(a) = SealedAttachment::of(v) else {
            return Ok(None);
        };
        let key = self.unlocked().ok_or(StorageError::Locked)?;
        if a.protection != key.id {
            return Ok(None);
        }
        let Some(meta) = key
            .open(&attachment_label(&a.id, "meta"), &a.meta_iv, &a.meta)
            .await
        else {
            return Ok(None);
        };
        let meta = String::from_utf8(Uint8Array::new(&meta).to_vec()).unwrap_or_default();
        Ok(esma_core::json::from_str::<Attachment>(&meta)
            .ok()
            .filter(|m| m.id.as_deref() == Some(a.id.as_str())))
    }

    /// A stored attachment record's bytes, opening them if they are sealed.
    async fn read_attachment_blob(&self, v: &JsValue) -> Result<Option<Blob>, StorageError> {
        if !is_sealed(v) {
            return Ok(read_attachment_record(v).map(|(_, _, blob)| blob));
        }
        let (Some(a), Some(meta)) = (SealedAttachment::of(v), self.read_attachment(v).await?)
        else {
            return Ok(None);
        };
        let key = self.unlocked().ok_or(StorageError::Locked)?;
        let sealed: ArrayBuffer = JsFuture::from(a.blob.array_buffer())
            .await
            .map_err(from_js)?
            .unchecked_into();
        let Some(plain) = key
            .open(&attachment_label(&a.id, "data"), &a.iv, &sealed)
            .await
        else {
            return Ok(None);
        };
        let media_type = meta.media_type.unwrap_or_default();
        Ok(Some(files::blob_from_buffer(&plain, &media_type)?))
    }

    /// Closes this connection. Later calls fail with `Unavailable`.
    pub fn close(&self) {
        self.0.db.close();
    }

    fn tx(&self, stores: &[&str], write: bool) -> Result<(IdbTransaction, Done), StorageError> {
        let names: Array = stores.iter().map(|s| JsString::from(*s)).collect();
        let mode = if write {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        // The browser's default durability: committed data survives a closed
        // tab or a browser crash. ("strict" needs web-sys unstable APIs.)
        let tx = self
            .0
            .db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(from_js)?;
        let done = Done::new(&tx);
        Ok((tx, done))
    }

    fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StorageError> {
        tx.object_store(name).map_err(from_js)
    }

    /// Adds a `damaged` record holding `value` exactly as found. Part of the
    /// caller's transaction, so the move is all or nothing.
    fn keep_aside(
        tx: &IdbTransaction,
        from: &str,
        key: &str,
        value: &JsValue,
        reason: &str,
    ) -> Result<String, StorageError> {
        let kept_at = clock::now();
        let damaged_key = format!("{kept_at} {from} {}", crypto::random_uuid_v4()?);
        let o = Object::new();
        set(&o, "store", &JsValue::from_str(from));
        set(&o, "key", &JsValue::from_str(key));
        set(&o, "keptAt", &JsValue::from_str(&kept_at));
        set(&o, "reason", &JsValue::from_str(reason));
        set(&o, "value", value);
        // add, not put: never overwrite anything.
        Self::store(tx, DAMAGED)?
            .add_with_key(&o, &JsValue::from_str(&damaged_key))
            .map_err(from_js)?;
        Ok(damaged_key)
    }

    /// Every draft that can be read (newest first) and every record kept
    /// aside. A draft record that cannot be read is moved to `damaged` here.
    pub async fn list_drafts(&self) -> Result<DraftList, StorageError> {
        let start = crate::web::dom::now_ms();
        let list = self.list_drafts_unmeasured().await;
        crate::web::dom::measure_since("esma-list-drafts", start);
        list
    }

    async fn list_drafts_unmeasured(&self) -> Result<DraftList, StorageError> {
        let (tx, done) = self.tx(&[DRAFTS, DAMAGED], true)?;
        let drafts = Self::store(&tx, DRAFTS)?;
        let keys = idb::request(drafts.get_all_keys().map_err(from_js)?).await?;
        let values = idb::request(drafts.get_all().map_err(from_js)?).await?;
        let keys: Array = keys.unchecked_into();
        let values: Array = values.unchecked_into();
        let mut list = DraftList::default();
        let mut sealed = Vec::new();
        for (key, value) in keys.iter().zip(values.iter()) {
            let id = key.as_string().unwrap_or_default();
            let stored = StoredDraft::of(&value);
            let parsed = match &stored {
                StoredDraft::Sealed(_) => {
                    // Opened once this transaction is over: WebCrypto would end it.
                    sealed.push((id, stored));
                    continue;
                }
                StoredDraft::Plain(t) => Draft::from_json(t)
                    .map_err(|_| "not a readable draft")
                    .and_then(|d| {
                        if d.id == id {
                            Ok(d)
                        } else {
                            Err("id does not match its key")
                        }
                    }),
                StoredDraft::Missing | StoredDraft::Unreadable => Err("not text"),
            };
            match parsed {
                Ok(d) => list.drafts.push(d.summary()),
                Err(reason) => {
                    Self::keep_aside(&tx, DRAFTS, &id, &value, reason)?;
                    drafts.delete(&key).map_err(from_js)?;
                }
            }
        }
        done.wait().await?;
        for (id, stored) in sealed {
            match self.read_draft(&id, &stored).await? {
                Some(d) => list.drafts.push(d.summary()),
                None => {
                    if let StoredDraft::Sealed(d) = &stored {
                        self.move_aside(DRAFTS, &id, &d.iv).await?;
                    }
                }
            }
        }
        list.drafts
            .sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
        list.damaged = self.damaged_records().await?;
        Ok(list)
    }

    /// The records kept aside, oldest first.
    pub async fn damaged_records(&self) -> Result<Vec<DamagedSummary>, StorageError> {
        let (tx, _done) = self.tx(&[DAMAGED], false)?;
        let damaged = Self::store(&tx, DAMAGED)?;
        let keys: Array = idb::request(damaged.get_all_keys().map_err(from_js)?)
            .await?
            .unchecked_into();
        let values: Array = idb::request(damaged.get_all().map_err(from_js)?)
            .await?
            .unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(k, v)| DamagedSummary {
                key: k.as_string().unwrap_or_default(),
                store: get_str(&v, "store").unwrap_or_default(),
                original_key: get_str(&v, "key").unwrap_or_default(),
                kept_at: get_str(&v, "keptAt").unwrap_or_default(),
                reason: get_str(&v, "reason").unwrap_or_default(),
            })
            .collect())
    }

    /// The draft with this id, if there is one. A record that cannot be read
    /// is moved to `damaged` and reported as [`StorageError::Damaged`].
    pub async fn load_draft(&self, id: &str) -> Result<Option<Draft>, StorageError> {
        let (tx, done) = self.tx(&[DRAFTS, DAMAGED], true)?;
        let drafts = Self::store(&tx, DRAFTS)?;
        let key = JsValue::from_str(id);
        let value = idb::request(drafts.get(&key).map_err(from_js)?).await?;
        let stored = StoredDraft::of(&value);
        match &stored {
            StoredDraft::Missing => {
                done.wait().await?;
                Ok(None)
            }
            StoredDraft::Sealed(d) => {
                done.wait().await?;
                match self.read_draft(id, &stored).await? {
                    Some(draft) => Ok(Some(draft)),
                    None => Err(StorageError::Damaged {
                        key: self.move_aside(DRAFTS, id, &d.iv).await?,
                    }),
                }
            }
            StoredDraft::Plain(_) | StoredDraft::Unreadable => {
                if let Some(d) = self.read_draft(id, &stored).await? {
                    done.wait().await?;
                    return Ok(Some(d));
                }
                let damaged = Self::keep_aside(&tx, DRAFTS, id, &value, "not a readable draft")?;
                drafts.delete(&key).map_err(from_js)?;
                done.wait().await?;
                Err(StorageError::Damaged { key: damaged })
            }
        }
    }

    /// Saves a draft. Call [`Draft::touch`] first: the revision must be newer
    /// than the stored one, or the save is refused with
    /// [`StorageError::Outdated`] (saving the identical draft twice is fine).
    /// Saves are applied in the order they are called.
    pub async fn save_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        let _writing = Writing::start();
        let _turn = self.turn().await;
        let json = draft.to_json();
        let value = self.draft_value(draft, &json).await?;
        let (tx, done) = self.tx(&[DRAFTS, DAMAGED, META], true)?;
        self.protection_unchanged(&tx).await?;
        let drafts = Self::store(&tx, DRAFTS)?;
        let key = JsValue::from_str(&draft.id);
        let stored = idb::request(drafts.get(&key).map_err(from_js)?).await?;
        let stored_revision = match StoredDraft::of(&stored) {
            StoredDraft::Missing => None,
            StoredDraft::Plain(text) => match Draft::from_json(&text) {
                Ok(old) if old.revision >= draft.revision => {
                    let _ = tx.abort();
                    return if text == json {
                        Ok(())
                    } else {
                        Err(StorageError::Outdated {
                            stored_revision: old.revision,
                        })
                    };
                }
                Ok(_) => None,
                Err(_) => {
                    Self::keep_aside(&tx, DRAFTS, &draft.id, &stored, "not a readable draft")?;
                    None
                }
            },
            StoredDraft::Sealed(old) if old.revision >= draft.revision => {
                let _ = tx.abort();
                Some(old)
            }
            StoredDraft::Sealed(_) => None,
            StoredDraft::Unreadable => {
                Self::keep_aside(&tx, DRAFTS, &draft.id, &stored, "not a readable draft")?;
                None
            }
        };
        if let Some(old) = stored_revision {
            // Saving the identical draft twice is fine; anything else is another tab's.
            return if self.open_draft(&draft.id, &old).await?.as_deref() == Some(json.as_str()) {
                Ok(())
            } else {
                Err(StorageError::Outdated {
                    stored_revision: old.revision,
                })
            };
        }
        drafts.put_with_key(&value, &key).map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Deletes a draft and its attachments, together.
    pub async fn delete_draft(&self, id: &str) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS], true)?;
        let key = JsValue::from_str(id);
        Self::store(&tx, DRAFTS)?.delete(&key).map_err(from_js)?;
        let attachments = Self::store(&tx, ATTACHMENTS)?;
        let index = attachments.index(BY_DRAFT).map_err(from_js)?;
        let keys: Array = idb::request(index.get_all_keys_with_key(&key).map_err(from_js)?)
            .await?
            .unchecked_into();
        for k in keys.iter() {
            attachments.delete(&k).map_err(from_js)?;
        }
        Ok(done.wait().await?)
    }

    /// Stores an attachment's bytes and metadata for a draft. `attachment.id`
    /// must be set and unique on this device: use
    /// [`crypto::random_uuid_v4`]. Replacing an attachment of the same draft
    /// is allowed; taking over another draft's id is refused.
    pub async fn put_attachment(
        &self,
        draft_id: &str,
        attachment: &Attachment,
        blob: &Blob,
    ) -> Result<(), StorageError> {
        let _writing = Writing::start();
        let id = attachment
            .id
            .clone()
            .filter(|i| !i.is_empty())
            .ok_or(StorageError::AttachmentIdInUse)?;
        let record = self.attachment_value(draft_id, attachment, blob).await?;
        let (tx, done) = self.tx(&[ATTACHMENTS, META], true)?;
        self.protection_unchanged(&tx).await?;
        let store = Self::store(&tx, ATTACHMENTS)?;
        let key = JsValue::from_str(&id);
        let existing = idb::request(store.get(&key).map_err(from_js)?).await?;
        if !existing.is_undefined() && get_str(&existing, BY_DRAFT).as_deref() != Some(draft_id) {
            let _ = tx.abort();
            return Err(StorageError::AttachmentIdInUse);
        }
        store.put_with_key(&record, &key).map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// The stored bytes of an attachment, to view or export.
    pub async fn attachment_blob(&self, id: &str) -> Result<Option<Blob>, StorageError> {
        let (tx, done) = self.tx(&[ATTACHMENTS], false)?;
        let v = idb::request(
            Self::store(&tx, ATTACHMENTS)?
                .get(&JsValue::from_str(id))
                .map_err(from_js)?,
        )
        .await?;
        done.wait().await?;
        if v.is_undefined() {
            return Ok(None);
        }
        match self.read_attachment_blob(&v).await? {
            Some(blob) => Ok(Some(blob)),
            None => Err(StorageError::Damaged {
                key: id.to_string(),
            }),
        }
    }

    /// Deletes one attachment (its bytes and metadata).
    pub async fn delete_attachment(&self, id: &str) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[ATTACHMENTS], true)?;
        Self::store(&tx, ATTACHMENTS)?
            .delete(&JsValue::from_str(id))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// The attachments stored for a draft (metadata only; bytes via
    /// [`Store::attachment_blob`]).
    pub async fn attachments_for(&self, draft_id: &str) -> Result<Vec<Attachment>, StorageError> {
        let (tx, done) = self.tx(&[ATTACHMENTS], false)?;
        let index = Self::store(&tx, ATTACHMENTS)?
            .index(BY_DRAFT)
            .map_err(from_js)?;
        let values: Array = idb::request(
            index
                .get_all_with_key(&JsValue::from_str(draft_id))
                .map_err(from_js)?,
        )
        .await?
        .unchecked_into();
        done.wait().await?;
        let mut out = Vec::new();
        for v in values.iter() {
            match self.read_attachment(&v).await? {
                Some(a) => out.push(a),
                None => {
                    return Err(StorageError::Damaged {
                        key: get_str(&v, "id").unwrap_or_default(),
                    })
                }
            }
        }
        Ok(out)
    }

    /// The school's signing key, if this device has one: its two CryptoKeys
    /// (the private one non-extractable) and its label, as one record.
    pub async fn signing_key(&self) -> Result<Option<JsValue>, StorageError> {
        let (tx, _done) = self.tx(&[KEYS], false)?;
        let v = idb::request(
            Self::store(&tx, KEYS)?
                .get(&JsValue::from_str(SIGNING_KEY))
                .map_err(from_js)?,
        )
        .await?;
        Ok((!v.is_undefined()).then_some(v))
    }

    /// Saves the school's signing key record, replacing any earlier one.
    pub async fn save_signing_key(&self, record: &JsValue) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[KEYS], true)?;
        Self::store(&tx, KEYS)?
            .put_with_key(record, &JsValue::from_str(SIGNING_KEY))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// A small saved value, e.g. the last open draft's id.
    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        let (tx, _done) = self.tx(&[META], false)?;
        let v = idb::request(
            Self::store(&tx, META)?
                .get(&JsValue::from_str(key))
                .map_err(from_js)?,
        )
        .await?;
        Ok(v.as_string())
    }

    /// Saves a small value.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[META], true)?;
        Self::store(&tx, META)?
            .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Removes a small value.
    pub async fn delete_meta(&self, key: &str) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[META], true)?;
        Self::store(&tx, META)?
            .delete(&JsValue::from_str(key))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Writes a raw value into a store, bypassing every check. Tests only:
    /// it is how they simulate damaged data.
    #[doc(hidden)]
    pub async fn put_raw(
        &self,
        store: &str,
        key: &str,
        value: &JsValue,
    ) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[store], true)?;
        Self::store(&tx, store)?
            .put_with_key(value, &JsValue::from_str(key))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Reads a raw value from a store, as stored. Tests only: it is how they
    /// check what is on the device.
    #[doc(hidden)]
    pub async fn get_raw(&self, store: &str, key: &str) -> Result<JsValue, StorageError> {
        let (tx, _done) = self.tx(&[store], false)?;
        Ok(idb::request(
            Self::store(&tx, store)?
                .get(&JsValue::from_str(key))
                .map_err(from_js)?,
        )
        .await?)
    }

    /// "Delete all data on this device": closes this connection and deletes
    /// the whole database (drafts, attachments, damaged records, keys) and
    /// the app's keys in localStorage and sessionStorage. Ask first.
    pub async fn delete_everything(self) -> Result<(), StorageError> {
        let name = self.0.db.name();
        self.close();
        delete_database(&name).await
    }

    /// The draft as a draft file (JSON text) with its attachments' bytes.
    /// Each stored file is checked against its SHA-256 on the way out, so a
    /// damaged copy is reported now, not on the colleague's device.
    pub async fn export_draft(&self, draft: &Draft) -> Result<String, StorageError> {
        let mut files = Vec::new();
        for a in &draft.referral.attachments {
            let Some(id) = a.id.as_deref() else { continue };
            let blob = self
                .attachment_blob(id)
                .await?
                .ok_or(StorageError::AttachmentMissing)?;
            let buffer: js_sys::ArrayBuffer = JsFuture::from(blob.array_buffer())
                .await
                .map_err(from_js)?
                .unchecked_into();
            let sha256 = crypto::sha256_hex_buffer(&buffer).await?;
            if a.sha256.as_deref().is_some_and(|s| s != sha256) {
                return Err(StorageError::Damaged {
                    key: id.to_string(),
                });
            }
            files.push(DraftFileAttachment {
                id: id.to_string(),
                name: a.name.clone().unwrap_or_default(),
                media_type: a.media_type.clone().unwrap_or_else(|| blob.type_()),
                size: buffer.byte_length() as u64,
                sha256,
                purpose: a.purpose,
                data: js_sys::Uint8Array::new(&buffer).to_vec(),
            });
        }
        let file = DraftFile {
            exported_at: clock::now(),
            name: draft.name.clone(),
            referral: draft.referral.clone(),
            raw_inputs: draft.raw_inputs.clone(),
            attachments: files,
        };
        Ok(file.to_json())
    }

    /// Imports a draft file as a NEW draft named `"<name> (imported)"`, with new
    /// attachment ids (mapped everywhere the referral refers to them). Each
    /// file's SHA-256 is checked with WebCrypto. The draft and its files are
    /// written in one transaction, with `add`, so an existing draft is never
    /// overwritten and a failed import leaves nothing behind.
    pub async fn import_draft(
        &self,
        bytes: &[u8],
        settings: &Settings,
    ) -> Result<Draft, ImportError> {
        let limits = DraftFileLimits::from_settings(&settings.attachments);
        let file = DraftFile::parse(bytes, &limits).map_err(ImportError::File)?;
        let now = clock::now();
        let mut ids = BTreeMap::new();
        let mut records = Vec::new();
        let draft_id = crypto::random_uuid_v4()?;
        for (index, a) in file.attachments.iter().enumerate() {
            let actual = crypto::sha256_hex(&a.data).await?;
            if actual != a.sha256 {
                return Err(ImportError::File(DraftFileError::Sha256Mismatch { index }));
            }
            let new_id = crypto::random_uuid_v4()?;
            ids.insert(a.id.clone(), new_id.clone());
            let blob = files::blob_from_bytes(&a.data, &a.media_type)?;
            let meta = Attachment {
                id: Some(new_id.clone()),
                name: Some(a.name.clone()),
                media_type: Some(a.media_type.clone()),
                size: Some(a.size),
                sha256: Some(a.sha256.clone()),
                purpose: a.purpose,
            };
            records.push((
                new_id,
                self.attachment_value(&draft_id, &meta, &blob).await?,
            ));
        }
        let mut referral = file.referral;
        esma_core::draft_file::remap_attachment_ids(&mut referral, &ids);
        let mut d = Draft::new(draft_id, &draft::imported_name(&file.name), &now);
        d.referral = referral;
        d.raw_inputs = file.raw_inputs;

        let value = self.draft_value(&d, &d.to_json()).await?;
        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS, META], true)?;
        self.protection_unchanged(&tx).await?;
        Self::store(&tx, DRAFTS)?
            .add_with_key(&value, &JsValue::from_str(&d.id))
            .map_err(from_js)?;
        let attachments = Self::store(&tx, ATTACHMENTS)?;
        for (id, record) in &records {
            attachments
                .add_with_key(record, &JsValue::from_str(id))
                .map_err(from_js)?;
        }
        done.wait().await?;
        Ok(d)
    }

    // Passphrase protection (see `sealed`). Turning it on or off rewrites
    // each record in its own transaction, checking it did not change
    // meanwhile; a tab closed half way leaves some records plain and some
    // sealed, which both read, and the next unlock seals the rest.

    /// The drafts' protection, if they are protected.
    pub async fn protection(&self) -> Result<Option<Protection>, StorageError> {
        let (tx, _done) = self.tx(&[META], false)?;
        let v = idb::request(
            Self::store(&tx, META)?
                .get(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?,
        )
        .await?;
        Ok(Protection::from_js(&v))
    }

    /// Whether this tab has the drafts key.
    pub fn is_unlocked(&self) -> bool {
        self.0.unlocked.borrow().is_some()
    }

    /// Unlocks the drafts in this tab, then finishes sealing any record left
    /// plain. A wrong passphrase is [`StorageError::WrongPassphrase`] and
    /// changes nothing.
    pub async fn unlock(&self, passphrase: &str) -> Result<(), StorageError> {
        let protection = self
            .protection()
            .await?
            .ok_or(StorageError::ProtectionChanged)?;
        let start = crate::web::dom::now_ms();
        let key = sealed::unlock(&protection, passphrase).await?;
        crate::web::dom::measure_since("esma-unlock", start);
        *self.0.unlocked.borrow_mut() = Some(key);
        self.seal_plain_records().await
    }

    /// Protects every draft and file on this device with `passphrase`.
    pub async fn protect(&self, passphrase: &str) -> Result<(), StorageError> {
        let (protection, key) = sealed::create(passphrase).await?;
        let (tx, done) = self.tx(&[META], true)?;
        // add, not put: if another tab protected them first, this fails.
        Self::store(&tx, META)?
            .add_with_key(&protection.to_js(), &JsValue::from_str(PROTECTION))
            .map_err(|_| StorageError::ProtectionChanged)?;
        done.wait()
            .await
            .map_err(|_| StorageError::ProtectionChanged)?;
        *self.0.unlocked.borrow_mut() = Some(key);
        self.seal_plain_records().await
    }

    /// A new passphrase for the same protection. The current one must be right.
    pub async fn change_passphrase(&self, current: &str, new: &str) -> Result<(), StorageError> {
        let protection = self
            .protection()
            .await?
            .ok_or(StorageError::ProtectionChanged)?;
        let rewrapped = sealed::rewrap(&protection, current, new).await?;
        let (tx, done) = self.tx(&[META], true)?;
        let meta = Self::store(&tx, META)?;
        let stored =
            idb::request(meta.get(&JsValue::from_str(PROTECTION)).map_err(from_js)?).await?;
        if Protection::from_js(&stored) != Some(protection) {
            let _ = tx.abort();
            return Err(StorageError::ProtectionChanged);
        }
        meta.put_with_key(&rewrapped.to_js(), &JsValue::from_str(PROTECTION))
            .map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Stores every draft and file plain again, then removes the protection.
    /// The passphrase must be right.
    pub async fn unprotect(&self, passphrase: &str) -> Result<(), StorageError> {
        let protection = self
            .protection()
            .await?
            .ok_or(StorageError::ProtectionChanged)?;
        sealed::unlock(&protection, passphrase).await?;
        let _turn = self.turn().await;
        // Another tab may seal a record while this one opens them: open until
        // none is left, then remove the protection in the same transaction
        // that finds none.
        for _ in 0..5 {
            self.open_sealed_records().await?;
            let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS, META], true)?;
            let mut any_sealed = false;
            for store in [DRAFTS, ATTACHMENTS] {
                let values: Array =
                    idb::request(Self::store(&tx, store)?.get_all().map_err(from_js)?)
                        .await?
                        .unchecked_into();
                any_sealed |= values.iter().any(|v| is_sealed(&v));
            }
            if any_sealed {
                let _ = tx.abort();
                continue;
            }
            Self::store(&tx, META)?
                .delete(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?;
            done.wait().await?;
            *self.0.unlocked.borrow_mut() = None;
            return Ok(());
        }
        Err(StorageError::ProtectionChanged)
    }

    /// Forgets the drafts key in this tab (it reloads to lock the pages too).
    pub fn lock(&self) {
        *self.0.unlocked.borrow_mut() = None;
    }

    /// Keys and values of a whole store.
    async fn all(&self, store: &str) -> Result<Vec<(String, JsValue)>, StorageError> {
        let (tx, _done) = self.tx(&[store], false)?;
        let s = Self::store(&tx, store)?;
        let keys: Array = idb::request(s.get_all_keys().map_err(from_js)?)
            .await?
            .unchecked_into();
        let values: Array = idb::request(s.get_all().map_err(from_js)?)
            .await?
            .unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(k, v)| (k.as_string().unwrap_or_default(), v))
            .collect())
    }

    /// Replaces a record with `value` if it is still what was read (same
    /// text for plain drafts, same IV for sealed records, same bytes' hash
    /// for plain files).
    async fn replace_if_unchanged(
        &self,
        store: &str,
        key: &str,
        read: &JsValue,
        value: &JsValue,
    ) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[store, META], true)?;
        self.protection_unchanged(&tx).await?;
        let s = Self::store(&tx, store)?;
        let k = JsValue::from_str(key);
        let now = idb::request(s.get(&k).map_err(from_js)?).await?;
        let same = match (now.as_string(), read.as_string()) {
            (Some(a), Some(b)) => a == b,
            _ if is_sealed(&now) => get_bytes(&now, "iv") == get_bytes(read, "iv"),
            _ => {
                !now.is_undefined()
                    && !is_sealed(read)
                    && get_str(&now, "sha256") == get_str(read, "sha256")
            }
        };
        if !same {
            let _ = tx.abort();
            return Ok(());
        }
        s.put_with_key(value, &k).map_err(from_js)?;
        Ok(done.wait().await?)
    }

    /// Seals every draft and file still stored plain.
    async fn seal_plain_records(&self) -> Result<(), StorageError> {
        for (id, v) in self.all(DRAFTS).await? {
            let StoredDraft::Plain(text) = StoredDraft::of(&v) else {
                continue;
            };
            let Ok(draft) = Draft::from_json(&text) else {
                continue; // list_drafts keeps it aside
            };
            let sealed = self.draft_value(&draft, &text).await?;
            self.replace_if_unchanged(DRAFTS, &id, &v, &sealed).await?;
        }
        for (id, v) in self.all(ATTACHMENTS).await? {
            if is_sealed(&v) {
                continue;
            }
            let Some((draft_id, attachment, blob)) = read_attachment_record(&v) else {
                continue;
            };
            let sealed = self.attachment_value(&draft_id, &attachment, &blob).await?;
            self.replace_if_unchanged(ATTACHMENTS, &id, &v, &sealed)
                .await?;
        }
        Ok(())
    }

    /// Stores every sealed draft and file plain again. Records that do not
    /// open are kept aside, as damaged.
    async fn open_sealed_records(&self) -> Result<(), StorageError> {
        let key = self.unlocked();
        for (id, v) in self.all(DRAFTS).await? {
            let stored = StoredDraft::of(&v);
            let StoredDraft::Sealed(d) = &stored else {
                continue;
            };
            match self.open_draft(&id, d).await? {
                Some(text) => {
                    self.replace_plain(DRAFTS, &id, &v, &JsValue::from_str(&text), &key)
                        .await?;
                }
                None => {
                    self.move_aside(DRAFTS, &id, &d.iv).await?;
                }
            }
        }
        for (id, v) in self.all(ATTACHMENTS).await? {
            if !is_sealed(&v) {
                continue;
            }
            let (Some(a), Some(blob)) = (
                self.read_attachment(&v).await?,
                self.read_attachment_blob(&v).await?,
            ) else {
                self.move_aside(ATTACHMENTS, &id, &get_bytes(&v, "iv").unwrap_or_default())
                    .await?;
                continue;
            };
            let draft_id = get_str(&v, BY_DRAFT).unwrap_or_default();
            let plain = attachment_record(&draft_id, &a, &blob);
            self.replace_plain(ATTACHMENTS, &id, &v, &plain, &key)
                .await?;
        }
        Ok(())
    }

    /// Writes a record plain while the protection is still on (unprotecting).
    async fn replace_plain(
        &self,
        store: &str,
        key: &str,
        read: &JsValue,
        value: &JsValue,
        unlocked: &Option<Unlocked>,
    ) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[store, META], true)?;
        let meta = idb::request(
            Self::store(&tx, META)?
                .get(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?,
        )
        .await?;
        if Protection::from_js(&meta).map(|p| p.id) != unlocked.as_ref().map(|u| u.id.clone()) {
            let _ = tx.abort();
            return Err(StorageError::ProtectionChanged);
        }
        let s = Self::store(&tx, store)?;
        let k = JsValue::from_str(key);
        let now = idb::request(s.get(&k).map_err(from_js)?).await?;
        if get_bytes(&now, "iv") != get_bytes(read, "iv") {
            let _ = tx.abort();
            return Ok(());
        }
        s.put_with_key(value, &k).map_err(from_js)?;
        Ok(done.wait().await?)
    }
}

thread_local! {
    /// Writes begun and not yet finished, so a reload can wait for them.
    static WRITES_IN_PROGRESS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts a write in progress for as long as it lives.
struct Writing;

impl Writing {
    fn start() -> Writing {
        WRITES_IN_PROGRESS.with(|w| w.set(w.get() + 1));
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITES_IN_PROGRESS.with(|w| w.set(w.get().saturating_sub(1)));
    }
}

/// Resolves once no save started in this tab is still being written: call it
/// before reloading the page (a new version), so no change is cut off.
pub async fn saves_finished() {
    while WRITES_IN_PROGRESS.with(std::cell::Cell::get) > 0 {
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
}

/// Deletes a database by name and the app's web-storage keys. Works even
/// when [`Store::open`] fails, so "Delete all data" always works.
pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    clear_web_storage();
    let req = factory()?.delete_database(name).map_err(from_js)?;
    match idb::open_request(req, None).await? {
        Opened::Done(_) => Ok(()),
        // The delete stays queued and happens once the other tab lets go.
        Opened::Blocked => Err(StorageError::Blocked),
    }
}

/// "Delete all data on this device" without an open store.
pub async fn delete_everything() -> Result<(), StorageError> {
    delete_database(DB_NAME).await
}

fn clear_web_storage() {
    let Some(window) = web_sys::window() else {
        return;
    };
    for storage in [window.local_storage(), window.session_storage()]
        .into_iter()
        .filter_map(|s| s.ok().flatten())
    {
        let len = storage.length().unwrap_or(0);
        let keys: Vec<String> = (0..len)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect();
        for k in keys.iter().filter(|k| k.starts_with(WEB_STORAGE_PREFIX)) {
            let _ = storage.remove_item(k);
        }
    }
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.storage` is missing on plain http and in old browsers.
    let sm = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if sm.is_undefined() {
        return None;
    }
    Some(sm.unchecked_into())
}

/// Asks the browser not to clear this site's data under storage pressure
/// (best effort; the browser may say no). Returns whether it is persisted.
pub async fn request_persistence() -> bool {
    let Some(sm) = storage_manager() else {
        return false;
    };
    let Ok(promise) = sm.persist() else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// How much space this site uses and may use, if the browser says.
pub async fn estimate() -> Option<SpaceUsed> {
    let promise = storage_manager()?.estimate().ok()?;
    let e: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some(SpaceUsed {
        usage: e.get_usage()?,
        quota: e.get_quota()?,
    })
}
