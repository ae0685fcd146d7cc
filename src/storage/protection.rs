//! Passphrase protection of the drafts (see `sealed` for the keys): turning
//! it on and off, unlocking, and the check every write makes that it has not
//! changed in another tab, nor gone while sealed records remain.
//!
//! Turning it on or off rewrites each record in its own transaction,
//! checking it did not change meanwhile; a tab closed half way leaves some
//! records plain and some sealed, which both read, and the next unlock seals
//! the rest (and reseals records of an older sealed layout).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::IdbTransaction;

use super::records::{
    attachment_record, get_bytes, get_str, is_sealed, read_attachment_record, Layout,
    SealedAttachment, StoredDraft,
};
use super::sealed::{self, Protection, Unlocked};
use super::{
    from_js, StorageError, Store, ATTACHMENTS, BY_DRAFT, DRAFTS, META, PROTECTION, SEALED,
};
use crate::draft::Draft;
use crate::web::{dom, idb};

impl Store {
    /// This tab's drafts key, if the drafts are protected and unlocked here.
    pub(super) fn unlocked(&self) -> Option<Unlocked> {
        self.0.unlocked.borrow().clone()
    }

    pub(super) fn protection_id(&self) -> Option<String> {
        self.unlocked().map(|u| u.id)
    }

    /// Fails the transaction unless the drafts' protection is still the one
    /// this tab knows: a tab must never write plain text once another has
    /// protected the drafts, nor sealed records once another has unprotected
    /// them. Nor plain text while any record is sealed: the protection's
    /// record has gone (deleted, or site data partly cleared), and writing
    /// plain would quietly turn the protection off. `tx` must span `meta`,
    /// `drafts` and `attachments`.
    pub(super) async fn protection_unchanged(
        &self,
        tx: &IdbTransaction,
    ) -> Result<(), StorageError> {
        let v = idb::request(
            Self::store(tx, META)?
                .get(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?,
        )
        .await?;
        let stored = Protection::from_js(&v).map(|p| p.id);
        let problem = if stored != self.protection_id() {
            Some(StorageError::ProtectionChanged)
        } else if stored.is_none() && Self::any_sealed(tx).await? {
            Some(StorageError::ProtectionMissing)
        } else {
            None
        };
        match problem {
            None => Ok(()),
            Some(e) => {
                let _ = tx.abort();
                Err(e)
            }
        }
    }

    /// Whether any draft or file in `tx`'s stores is sealed (under any
    /// protection), by the `sealed` indexes.
    async fn any_sealed(tx: &IdbTransaction) -> Result<bool, StorageError> {
        for store in [DRAFTS, ATTACHMENTS] {
            let index = Self::store(tx, store)?.index(SEALED).map_err(from_js)?;
            let count = idb::request(index.count().map_err(from_js)?).await?;
            if count.as_f64().unwrap_or(0.0) > 0.0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether drafts or files on this device are sealed while no protection
    /// is: they cannot be opened, and nothing plain may be written
    /// ([`StorageError::ProtectionMissing`]) until protection is on again.
    pub async fn protection_missing(&self) -> Result<bool, StorageError> {
        let (tx, _done) = self.tx(&[DRAFTS, ATTACHMENTS, META], false)?;
        let v = idb::request(
            Self::store(&tx, META)?
                .get(&JsValue::from_str(PROTECTION))
                .map_err(from_js)?,
        )
        .await?;
        Ok(Protection::from_js(&v).is_none() && Self::any_sealed(&tx).await?)
    }

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
        let start = dom::now_ms();
        let key = sealed::unlock(&protection, passphrase).await?;
        dom::measure_since("esma-unlock", start);
        *self.0.unlocked.borrow_mut() = Some(key);
        self.seal_the_rest().await
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
        self.seal_the_rest().await
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
            if Self::any_sealed(&tx).await? {
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
        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS, META], true)?;
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

    /// Seals every draft and file still stored plain, and reseals those of
    /// an older sealed layout ([`Layout::V1`]) as they are sealed now.
    /// Records that do not open are left for the pages to keep aside.
    async fn seal_the_rest(&self) -> Result<(), StorageError> {
        for (id, v) in self.all(DRAFTS).await? {
            let stored = StoredDraft::of(&v);
            let text = match &stored {
                StoredDraft::Plain(text) => text.clone(),
                StoredDraft::Sealed(d) if d.layout != Layout::NOW => {
                    match self.open_draft(&id, d).await? {
                        Some(text) => text,
                        None => continue,
                    }
                }
                _ => continue,
            };
            let Ok(draft) = Draft::from_json(&text) else {
                continue; // list_drafts keeps it aside
            };
            let sealed = self.draft_value(&draft, &text).await?;
            self.replace_if_unchanged(DRAFTS, &id, &v, &sealed).await?;
        }
        for (id, v) in self.all(ATTACHMENTS).await? {
            let found = if !is_sealed(&v) {
                read_attachment_record(&v)
            } else if SealedAttachment::of(&v).is_some_and(|a| a.layout != Layout::NOW) {
                let draft_id = get_str(&v, BY_DRAFT).unwrap_or_default();
                match (
                    self.read_attachment(&v).await?,
                    self.read_attachment_blob(&v).await?,
                ) {
                    (Some(a), Some(blob)) => Some((draft_id, a, blob)),
                    _ => None,
                }
            } else {
                None
            };
            let Some((draft_id, attachment, blob)) = found else {
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
