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
//! | `meta`        | a name          | a short string, e.g. the last open draft |
//! | `keys`        | —               | empty for now; the signing key will live here |
//!
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
//! use esma_app::{draft::{self, Draft}, storage::Store};
//! let store = Store::open().await?;
//! let mut d = Draft::new("Year 9 referral", &draft::now())?;
//! store.save_draft(&d).await?;
//! d.referral.pupil.first_name = Some("Sam".into());
//! d.touch(&draft::now());
//! store.save_draft(&d).await?;
//! assert_eq!(store.load_draft(&d.id).await?, Some(d));
//! # Ok(()) }
//! ```

pub mod crypto;
pub mod files;
mod idb;

use crate::draft::{self, Draft, DraftSummary};
use esma_core::draft_file::{DraftFile, DraftFileAttachment, DraftFileError, DraftFileLimits};
use esma_core::referral::{Attachment, AttachmentPurpose};
use esma_core::settings::Settings;
use idb::{from_js, Done, Opened};
use js_sys::{Array, JsString, Object, Reflect};
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
    /// The browser blocked the new tab.
    PopupBlocked,
    /// WebCrypto needs a secure (https) page.
    InsecureContext,
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
            StorageError::FileUnreadable => "The selected file could not be read. Check it has not been moved or deleted, then try again",
            StorageError::PopupBlocked => "The file could not be opened in a new tab. Allow pop-ups for this service, then try again",
            StorageError::InsecureContext => "This service must be opened from an address starting https://",
            StorageError::Other(_) => "Something went wrong saving on this device. Try again",
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
        })))
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
        let kept_at = draft::now();
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
        let (tx, done) = self.tx(&[DRAFTS, DAMAGED], true)?;
        let drafts = Self::store(&tx, DRAFTS)?;
        let keys = idb::request(drafts.get_all_keys().map_err(from_js)?).await?;
        let values = idb::request(drafts.get_all().map_err(from_js)?).await?;
        let keys: Array = keys.unchecked_into();
        let values: Array = values.unchecked_into();
        let mut list = DraftList::default();
        for (key, value) in keys.iter().zip(values.iter()) {
            let parsed = value
                .as_string()
                .ok_or("not text")
                .and_then(|t| Draft::from_json(&t).map_err(|_| "not a readable draft"))
                .and_then(|d| {
                    if key.as_string().as_deref() == Some(d.id.as_str()) {
                        Ok(d)
                    } else {
                        Err("id does not match its key")
                    }
                });
            match parsed {
                Ok(d) => list.drafts.push(d.summary()),
                Err(reason) => {
                    let k = key.as_string().unwrap_or_default();
                    Self::keep_aside(&tx, DRAFTS, &k, &value, reason)?;
                    drafts.delete(&key).map_err(from_js)?;
                }
            }
        }
        done.wait().await?;
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
        if value.is_undefined() {
            done.wait().await?;
            return Ok(None);
        }
        match value.as_string().map(|t| Draft::from_json(&t)) {
            Some(Ok(d)) if d.id == id => {
                done.wait().await?;
                Ok(Some(d))
            }
            _ => {
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
        // The transaction is created before the first await, so it is queued
        // behind any earlier save of this draft: IndexedDB runs overlapping
        // read-write transactions in the order they were created.
        let _writing = Writing::start();
        let json = draft.to_json();
        let (tx, done) = self.tx(&[DRAFTS, DAMAGED], true)?;
        let drafts = Self::store(&tx, DRAFTS)?;
        let key = JsValue::from_str(&draft.id);
        let stored = idb::request(drafts.get(&key).map_err(from_js)?).await?;
        if !stored.is_undefined() {
            match stored.as_string().map(|t| (Draft::from_json(&t), t)) {
                Some((Ok(old), text)) => {
                    if old.revision >= draft.revision {
                        let _ = tx.abort();
                        if text == json {
                            return Ok(());
                        }
                        return Err(StorageError::Outdated {
                            stored_revision: old.revision,
                        });
                    }
                }
                _ => {
                    Self::keep_aside(&tx, DRAFTS, &draft.id, &stored, "not a readable draft")?;
                }
            }
        }
        drafts
            .put_with_key(&JsValue::from_str(&json), &key)
            .map_err(from_js)?;
        done.wait().await
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
        done.wait().await
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
        let record = attachment_record(draft_id, attachment, blob);
        let (tx, done) = self.tx(&[ATTACHMENTS], true)?;
        let store = Self::store(&tx, ATTACHMENTS)?;
        let key = JsValue::from_str(&id);
        let existing = idb::request(store.get(&key).map_err(from_js)?).await?;
        if !existing.is_undefined() && get_str(&existing, BY_DRAFT).as_deref() != Some(draft_id) {
            let _ = tx.abort();
            return Err(StorageError::AttachmentIdInUse);
        }
        store.put_with_key(&record, &key).map_err(from_js)?;
        done.wait().await
    }

    /// The stored bytes of an attachment, to view or export.
    pub async fn attachment_blob(&self, id: &str) -> Result<Option<Blob>, StorageError> {
        let (tx, _done) = self.tx(&[ATTACHMENTS], false)?;
        let v = idb::request(
            Self::store(&tx, ATTACHMENTS)?
                .get(&JsValue::from_str(id))
                .map_err(from_js)?,
        )
        .await?;
        if v.is_undefined() {
            return Ok(None);
        }
        match read_attachment_record(&v) {
            Some((_, _, blob)) => Ok(Some(blob)),
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
        done.wait().await
    }

    /// The attachments stored for a draft (metadata only; bytes via
    /// [`Store::attachment_blob`]).
    pub async fn attachments_for(&self, draft_id: &str) -> Result<Vec<Attachment>, StorageError> {
        let (tx, _done) = self.tx(&[ATTACHMENTS], false)?;
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
        let mut out = Vec::new();
        for v in values.iter() {
            match read_attachment_record(&v) {
                Some((_, a, _)) => out.push(a),
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
        done.wait().await
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
        done.wait().await
    }

    /// Removes a small value.
    pub async fn delete_meta(&self, key: &str) -> Result<(), StorageError> {
        let (tx, done) = self.tx(&[META], true)?;
        Self::store(&tx, META)?
            .delete(&JsValue::from_str(key))
            .map_err(from_js)?;
        done.wait().await
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
        done.wait().await
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
            exported_at: draft::now(),
            name: draft.name.clone(),
            referral: draft.referral.clone(),
            raw_inputs: draft.raw_inputs.clone(),
            attachments: files,
        };
        Ok(file.to_json())
    }

    /// Imports a draft file as a NEW draft named "<name> (imported)", with new
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
        let now = draft::now();
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
            records.push((new_id, attachment_record(&draft_id, &meta, &blob)));
        }
        let mut referral = file.referral;
        esma_core::draft_file::remap_attachment_ids(&mut referral, &ids);
        let mut d = Draft::with_id(draft_id, draft::imported_name(&file.name), &now);
        d.referral = referral;
        d.raw_inputs = file.raw_inputs;

        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS], true)?;
        Self::store(&tx, DRAFTS)?
            .add_with_key(&JsValue::from_str(&d.to_json()), &JsValue::from_str(&d.id))
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
