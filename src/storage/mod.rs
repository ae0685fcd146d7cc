//! Saving on this device: drafts and their attachments in IndexedDB.
//!
//! Nothing here talks to a server. The database `esma` (version 2) has five
//! object stores:
//!
//! | store         | key             | value |
//! |---------------|-----------------|-------|
//! | `drafts`      | draft id        | the [`Draft`](crate::draft::Draft) as a JSON string; indexed by `sealed` (only sealed ones have it) |
//! | `attachments` | attachment id   | `{ draftId, id, name, mediaType, size, sha256, purpose, blob }`, indexed by `draftId` and `sealed` |
//! | `damaged`     | `<time> <store> <uuid>` | `{ store, key, keptAt, reason, value }`: records that could not be read, kept exactly as found |
//! | `meta`        | a name          | a short string, e.g. the last open draft; and `protection`, the wrapped drafts key when drafts are protected with a passphrase ([`sealed`]) |
//! | `keys`        | `school`        | the school's signing key (two CryptoKeys, the private one non-extractable) and its label |
//!
//! When drafts are protected, a draft's value is `{ sealed, v, revision, iv,
//! data }` and an attachment's `{ draftId, id, sealed, v, metaIv, meta, iv,
//! blob }` (ciphertext), as `records` and `sealed` describe. The `sealed`
//! index finds them at once: no plain text is written while any exists.
//!
//! One [`Store`], its methods in a file per concern: `drafts` (list, load,
//! save, delete), `attachments`, `protection` (the passphrase; its keys in
//! [`sealed`]), `transfer` (export and import of draft files), `device`
//! (waiting for saves, persistence, space, delete everything), `records`
//! (how values are laid out, and the `damaged` store) and `error`. This file
//! opens the database and keeps the small `meta` and `keys` stores.
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

mod attachments;
mod device;
mod drafts;
mod error;
mod protection;
mod records;
pub mod sealed;
mod transfer;

pub use device::{
    delete_database, delete_everything, estimate, request_persistence, saves_finished, SpaceUsed,
};
pub use drafts::DraftList;
pub use error::{ImportError, StorageError};
pub use records::DamagedSummary;

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use js_sys::{Array, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbTransaction, IdbTransactionMode};

use crate::web::idb::{self, Done, Opened};
use sealed::Unlocked;

/// The database the app uses.
pub const DB_NAME: &str = "esma";
/// Its schema version. Bump only with a migration in `upgrade`.
pub const DB_VERSION: u32 = 2;
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

/// An IndexedDB call's thrown error, as the store reports it.
fn from_js(e: JsValue) -> StorageError {
    idb::from_js(e).into()
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
    let tx = req
        .transaction()
        .ok_or_else(|| JsValue::from_str("no upgrade transaction"))?;
    let existing = db.object_store_names();
    // Create what is missing: a fresh database has nothing, a version 1
    // database lacks the `sealed` indexes (version 2). Records stay as they are.
    for name in [DRAFTS, ATTACHMENTS, DAMAGED, META, KEYS] {
        if !existing.contains(name) {
            db.create_object_store(name)?;
        }
    }
    for (name, index) in [
        (ATTACHMENTS, BY_DRAFT),
        (DRAFTS, SEALED),
        (ATTACHMENTS, SEALED),
    ] {
        let store = tx.object_store(name)?;
        if !store.index_names().contains(index) {
            store.create_index_with_str(index, index)?;
        }
    }
    Ok(())
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
}
