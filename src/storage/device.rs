//! The device as a whole: waiting for saves before a reload, asking the
//! browser to keep the data, how much space is used, and "Delete all data
//! on this device".

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{factory, from_js, StorageError, Store, DB_NAME, WEB_STORAGE_PREFIX};
use crate::web::idb::{self, Opened};

/// Space used and available, in bytes, as the browser estimates it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpaceUsed {
    /// Bytes used by this site.
    pub usage: f64,
    /// Bytes this site may use.
    pub quota: f64,
}

thread_local! {
    /// Writes begun and not yet finished, so a reload can wait for them.
    static WRITES_IN_PROGRESS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts a write in progress for as long as it lives.
pub(super) struct Writing;

impl Writing {
    pub(super) fn start() -> Writing {
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

impl Store {
    /// "Delete all data on this device": closes this connection and deletes
    /// the whole database (drafts, attachments, damaged records, keys) and
    /// the app's keys in localStorage and sessionStorage. Ask first.
    pub async fn delete_everything(self) -> Result<(), StorageError> {
        let name = self.0.db.name();
        self.close();
        delete_database(&name).await
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
