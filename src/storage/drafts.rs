//! Drafts on the device: list, load, save (newest revision wins, in the
//! order saves were made; a queued save overtaken by a newer one is
//! skipped) and delete, plain or sealed.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::device::Writing;
use super::records::{DamagedSummary, DraftLabel, Layout, SealedDraft, StoredDraft, LAYOUT};
use super::{from_js, StorageError, Store, ATTACHMENTS, BY_DRAFT, DAMAGED, DRAFTS, META, SEALED};
use crate::draft::{Draft, DraftSummary};
use crate::web::{crypto, dom, idb};

thread_local! {
    static NEWEST_SAVE: std::cell::RefCell<SavesAsked> = std::cell::RefCell::default();
}

/// The saves this tab has asked for, so a queued save of an older revision
/// is skipped when a newer one waits behind it (see [`Store::save_draft`]).
#[derive(Default)]
struct SavesAsked {
    count: u64,
    /// Per draft: its id, the newest revision asked for, and when it was
    /// asked. A tab edits a draft or two, so a list (a map's hashing code
    /// would add kilobytes to the page).
    newest: Vec<(String, u64, u64)>,
}

/// One call to save: which revision, and when it was asked for.
#[derive(Clone, Copy)]
struct Asked {
    revision: u64,
    at: u64,
}

impl SavesAsked {
    fn asked(&mut self, id: &str, revision: u64) -> Asked {
        self.count += 1;
        let at = self.count;
        match self.newest.iter_mut().find(|(d, _, _)| d == id) {
            Some(newest) if revision >= newest.1 => (newest.1, newest.2) = (revision, at),
            Some(_) => {}
            None => self.newest.push((id.to_owned(), revision, at)),
        }
        Asked { revision, at }
    }

    /// Whether a newer revision was asked for after `mine`: saves run in the
    /// order asked, so it has not run yet and will save everything `mine` has.
    fn overtaken(&self, id: &str, mine: Asked) -> bool {
        self.newest
            .iter()
            .any(|(d, revision, at)| d == id && *revision > mine.revision && *at > mine.at)
    }
}

/// The drafts on this device, newest first, and any records kept aside.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftList {
    /// Drafts that could be read.
    pub drafts: Vec<DraftSummary>,
    /// Records that could not be read, kept aside.
    pub damaged: Vec<DamagedSummary>,
}

impl Store {
    /// A draft as it is stored: plain JSON text, or sealed when protected.
    pub(super) async fn draft_value(
        &self,
        draft: &Draft,
        json: &str,
    ) -> Result<JsValue, StorageError> {
        let Some(key) = self.unlocked() else {
            return Ok(JsValue::from_str(json));
        };
        let label = DraftLabel {
            protection: &key.id,
            id: &draft.id,
            revision: draft.revision,
        };
        let sealed = key
            .seal(&label.text(Layout::NOW), &Uint8Array::from(json.as_bytes()))
            .await?;
        Ok(crypto::object(&[
            (SEALED, key.id.as_str().into()),
            (LAYOUT, Layout::stored()),
            ("revision", JsValue::from_f64(draft.revision as f64)),
            ("iv", sealed.iv.into()),
            ("data", sealed.data.into()),
        ])
        .into())
    }

    /// The JSON text of a sealed draft; `None` if it does not open (damaged,
    /// or sealed under another protection).
    pub(super) async fn open_draft(
        &self,
        id: &str,
        d: &SealedDraft,
    ) -> Result<Option<String>, StorageError> {
        let key = self.unlocked().ok_or(StorageError::Locked)?;
        if d.protection != key.id {
            return Ok(None);
        }
        let label = DraftLabel {
            protection: &d.protection,
            id,
            revision: d.revision,
        };
        let Some(plain) = key.open(&label.text(d.layout), &d.iv, &d.data).await else {
            return Ok(None);
        };
        Ok(String::from_utf8(Uint8Array::new(&plain).to_vec()).ok())
    }

    /// A stored draft read and checked: `Ok(None)` if it is unreadable. A
    /// sealed draft's readable revision must be its own.
    pub(super) async fn read_draft(
        &self,
        id: &str,
        stored: &StoredDraft,
    ) -> Result<Option<Draft>, StorageError> {
        let (text, revision) = match stored {
            StoredDraft::Plain(text) => (Some(text.clone()), None),
            StoredDraft::Sealed(d) => (self.open_draft(id, d).await?, Some(d.revision)),
            StoredDraft::Missing | StoredDraft::Unreadable => (None, None),
        };
        Ok(text
            .and_then(|t| Draft::from_json(&t).ok())
            .filter(|d| d.id == id && revision.is_none_or(|r| r == d.revision)))
    }

    /// Every draft that can be read (newest first) and every record kept
    /// aside. A draft record that cannot be read is moved to `damaged` here.
    pub async fn list_drafts(&self) -> Result<DraftList, StorageError> {
        let start = dom::now_ms();
        let list = self.list_drafts_unmeasured().await;
        dom::measure_since("esma-list-drafts", start);
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
        let mine = NEWEST_SAVE.with(|n| n.borrow_mut().asked(&draft.id, draft.revision));
        let _turn = self.turn().await;
        // Every key press makes a revision, and saves take turns: without
        // this, a fast typist's saves queue up for seconds, and a page that
        // opens the draft meanwhile reads an old one. A newer revision of
        // this draft, asked for after this one (so still queued behind it),
        // holds every change this one has.
        if NEWEST_SAVE.with(|n| n.borrow().overtaken(&draft.id, mine)) {
            return Ok(());
        }
        let json = draft.to_json();
        let value = self.draft_value(draft, &json).await?;
        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS, DAMAGED, META], true)?;
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
}

#[cfg(test)]
mod tests {
    use super::SavesAsked;

    #[test]
    fn a_queued_save_is_skipped_only_for_a_newer_revision_asked_after_it() {
        let mut saves = SavesAsked::default();
        let first = saves.asked("d", 1);
        let second = saves.asked("d", 2);
        let other = saves.asked("e", 9);
        assert!(saves.overtaken("d", first), "revision 2 waits behind it");
        assert!(!saves.overtaken("d", second));
        assert!(
            !saves.overtaken("e", other),
            "another draft's saves are its own"
        );
        // A stale revision asked for after the newer one is not skipped: it
        // runs, and the store refuses it as out of date.
        let stale = saves.asked("d", 1);
        assert!(!saves.overtaken("d", stale));
        // The same revision again (saving the identical draft) is not skipped.
        let again = saves.asked("d", 2);
        assert!(!saves.overtaken("d", again));
    }
}
