//! How records are laid out in the stores, plain and sealed, and the
//! `damaged` store where a record that cannot be read is kept, exactly as found.
//!
//! A plain draft is its JSON text. A plain attachment is `{ draftId, id,
//! name, mediaType, size, sha256, purpose, blob }`.

use esma_core::referral::ToJson;
use esma_core::referral::{Attachment, AttachmentPurpose};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, IdbTransaction};

use super::{from_js, StorageError, Store, BY_DRAFT, DAMAGED, SEALED};
use crate::web::idb;
use crate::web::{clock, crypto};

pub(super) fn js_str(v: &JsValue) -> Option<String> {
    v.as_string()
}

pub(super) fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| js_str(&v))
}

pub(super) fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub(super) fn purpose_to_str(p: AttachmentPurpose) -> String {
    p.to_json().as_str().map(String::from).unwrap_or_default()
}

pub(super) fn purpose_from_str(s: &str) -> Option<AttachmentPurpose> {
    esma_core::json::from_value(&serde_json::Value::String(s.to_string())).ok()
}

/// The attachment record: metadata plus the Blob itself.
pub(super) fn attachment_record(draft_id: &str, a: &Attachment, blob: &Blob) -> Object {
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
pub(super) fn read_attachment_record(v: &JsValue) -> Option<(String, Attachment, Blob)> {
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
// A sealed draft is `{ sealed: <protection id>, v, revision, iv, data }`:
// the revision stays readable so a save can refuse an older revision inside
// its transaction, before anything is decrypted. A sealed attachment is
// `{ draftId, id, sealed, v, metaIv, meta, iv, blob }`: its name and type are
// sealed with its bytes; only the ids stay readable, for the indexes.
//
// What is readable is bound to the ciphertext as AES-GCM additional data
// (the "label"), so it cannot be changed without the value failing to open:
// a sealed value moved to another record, an older revision relabelled as
// newer, an attachment moved to another draft or given another version's
// bytes, or a value from another protection.

/// The layout of a sealed record, its `v` (absent in the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Layout {
    /// Before November 2026: the label was only the record's id. Still
    /// opened; the next unlock reseals it as [`Layout::V2`].
    V1,
    /// The label holds the protection id, the draft's id and revision, and
    /// for a file its draft and its metadata's IV.
    V2,
}

impl Layout {
    /// The layout every record is sealed with now.
    pub(super) const NOW: Layout = Layout::V2;

    /// A record's layout; `None` for one this version does not know.
    pub(super) fn of(v: &JsValue) -> Option<Layout> {
        let field = Reflect::get(v, &JsValue::from_str(LAYOUT)).ok()?;
        if field.is_undefined() {
            return Some(Layout::V1);
        }
        (field.as_f64() == Some(2.0)).then_some(Layout::V2)
    }

    /// The `v` stored with a record sealed now.
    pub(super) fn stored() -> JsValue {
        JsValue::from_f64(2.0)
    }
}

/// The field naming a sealed record's layout.
pub(super) const LAYOUT: &str = "v";

/// What a sealed draft's label binds.
pub(super) struct DraftLabel<'a> {
    pub(super) protection: &'a str,
    pub(super) id: &'a str,
    pub(super) revision: u64,
}

impl DraftLabel<'_> {
    pub(super) fn text(&self, layout: Layout) -> String {
        let (protection, id, revision) = (self.protection, self.id, self.revision);
        match layout {
            Layout::V1 => format!("draft {id}"),
            Layout::V2 => format!("esma sealed v2 draft {protection} {id} revision {revision}"),
        }
    }
}

/// What a sealed attachment's two labels bind.
pub(super) struct AttachmentLabel<'a> {
    pub(super) protection: &'a str,
    pub(super) draft_id: &'a str,
    pub(super) id: &'a str,
}

impl AttachmentLabel<'_> {
    /// For the name, type, size and hash.
    pub(super) fn meta(&self, layout: Layout) -> String {
        self.text(layout, "meta")
    }

    /// For the bytes, bound to the metadata sealed with them by its IV.
    pub(super) fn data(&self, layout: Layout, meta_iv: &[u8]) -> String {
        match layout {
            Layout::V1 => self.text(layout, "data"),
            Layout::V2 => format!("{} {}", self.text(layout, "data"), hex(meta_iv)),
        }
    }

    fn text(&self, layout: Layout, part: &str) -> String {
        let (protection, draft_id, id) = (self.protection, self.draft_id, self.id);
        match layout {
            Layout::V1 => format!("attachment {id} {part}"),
            Layout::V2 => format!("esma sealed v2 attachment {protection} {draft_id} {id} {part}"),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn get_bytes(v: &JsValue, key: &str) -> Option<Vec<u8>> {
    let v = Reflect::get(v, &JsValue::from_str(key)).ok()?;
    v.is_instance_of::<Uint8Array>()
        .then(|| Uint8Array::new(&v).to_vec())
}

pub(super) fn get_as<T: JsCast>(v: &JsValue, key: &str) -> Option<T> {
    Reflect::get(v, &JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

/// A sealed draft as stored.
pub(super) struct SealedDraft {
    pub(super) layout: Layout,
    pub(super) protection: String,
    pub(super) revision: u64,
    pub(super) iv: Vec<u8>,
    pub(super) data: ArrayBuffer,
}

/// A draft record as found in the store.
pub(super) enum StoredDraft {
    Missing,
    Plain(String),
    Sealed(SealedDraft),
    Unreadable,
}

impl StoredDraft {
    pub(super) fn of(v: &JsValue) -> StoredDraft {
        if v.is_undefined() {
            return StoredDraft::Missing;
        }
        if let Some(text) = v.as_string() {
            return StoredDraft::Plain(text);
        }
        let sealed = || {
            Some(SealedDraft {
                layout: Layout::of(v)?,
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
pub(super) struct SealedAttachment {
    pub(super) layout: Layout,
    pub(super) draft_id: String,
    pub(super) id: String,
    pub(super) protection: String,
    pub(super) meta_iv: Vec<u8>,
    pub(super) meta: ArrayBuffer,
    pub(super) iv: Vec<u8>,
    pub(super) blob: Blob,
}

impl SealedAttachment {
    /// What its labels bind, as stored.
    pub(super) fn label(&self) -> AttachmentLabel<'_> {
        AttachmentLabel {
            protection: &self.protection,
            draft_id: &self.draft_id,
            id: &self.id,
        }
    }

    pub(super) fn of(v: &JsValue) -> Option<SealedAttachment> {
        Some(SealedAttachment {
            layout: Layout::of(v)?,
            draft_id: get_str(v, BY_DRAFT)?,
            id: get_str(v, "id")?,
            protection: get_str(v, SEALED)?,
            meta_iv: get_bytes(v, "metaIv")?,
            meta: get_as(v, "meta")?,
            iv: get_bytes(v, "iv")?,
            blob: get_as(v, "blob")?,
        })
    }
}

pub(super) fn is_sealed(v: &JsValue) -> bool {
    get_str(v, SEALED).is_some()
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

impl Store {
    /// Adds a `damaged` record holding `value` exactly as found. Part of the
    /// caller's transaction, so the move is all or nothing.
    pub(super) fn keep_aside(
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

    /// Moves a sealed record that did not open to `damaged`, unless it was
    /// rewritten meanwhile (its IV changed). Returns its key there.
    pub(super) async fn move_aside(
        &self,
        from: &str,
        key: &str,
        iv: &[u8],
    ) -> Result<String, StorageError> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_layouts_labels_are_as_it_sealed_them() {
        let draft = DraftLabel {
            protection: "p",
            id: "d1",
            revision: 7,
        };
        assert_eq!(draft.text(Layout::V1), "draft d1");
        let file = AttachmentLabel {
            protection: "p",
            draft_id: "d1",
            id: "a1",
        };
        assert_eq!(file.meta(Layout::V1), "attachment a1 meta");
        assert_eq!(file.data(Layout::V1, &[1, 2]), "attachment a1 data");
    }

    #[test]
    fn labels_now_bind_the_protection_the_draft_its_revision_and_a_files_metadata() {
        let draft = |protection, id, revision| DraftLabel {
            protection,
            id,
            revision,
        };
        let now = draft("p", "d1", 7).text(Layout::NOW);
        assert_eq!(now, "esma sealed v2 draft p d1 revision 7");
        for other in [
            draft("q", "d1", 7),
            draft("p", "d2", 7),
            draft("p", "d1", 8),
        ] {
            assert_ne!(other.text(Layout::NOW), now);
        }
        let file = AttachmentLabel {
            protection: "p",
            draft_id: "d1",
            id: "a1",
        };
        assert_eq!(
            file.meta(Layout::NOW),
            "esma sealed v2 attachment p d1 a1 meta"
        );
        assert_eq!(
            file.data(Layout::NOW, &[0x0a, 0xff]),
            "esma sealed v2 attachment p d1 a1 data 0aff"
        );
    }
}
