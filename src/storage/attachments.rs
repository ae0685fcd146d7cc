//! Attachments on the device: each file's bytes (a Blob) and what the
//! referral records about it, stored beside its draft and sealed with it.

use esma_core::referral::Attachment;
use js_sys::{Array, ArrayBuffer, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::device::Writing;
use super::records::{
    attachment_record, get_str, is_sealed, read_attachment_record, AttachmentLabel, Layout,
    SealedAttachment, LAYOUT,
};
use super::{from_js, StorageError, Store, ATTACHMENTS, BY_DRAFT, DRAFTS, META, SEALED};
use crate::web::{crypto, files, idb};

impl Store {
    /// An attachment as it is stored: plain, or sealed (name, type and bytes).
    pub(super) async fn attachment_value(
        &self,
        draft_id: &str,
        attachment: &Attachment,
        blob: &Blob,
    ) -> Result<Object, StorageError> {
        let Some(key) = self.unlocked() else {
            return Ok(attachment_record(draft_id, attachment, blob));
        };
        let id = attachment.id.clone().unwrap_or_default();
        let label = AttachmentLabel {
            protection: &key.id,
            draft_id,
            id: &id,
        };
        let meta = esma_core::json::to_value(attachment).to_string();
        let meta = key
            .seal(&label.meta(Layout::NOW), &Uint8Array::from(meta.as_bytes()))
            .await?;
        let bytes = files::blob_buffer(blob).await?;
        let data = key
            .seal(&label.data(Layout::NOW, &meta.iv.to_vec()), &bytes)
            .await?;
        let sealed_blob = files::blob_from_buffer(&data.data, "application/octet-stream")?;
        Ok(crypto::object(&[
            (BY_DRAFT, draft_id.into()),
            ("id", id.as_str().into()),
            (SEALED, key.id.as_str().into()),
            (LAYOUT, Layout::stored()),
            ("metaIv", meta.iv.into()),
            ("meta", meta.data.into()),
            ("iv", data.iv.into()),
            ("blob", sealed_blob.into()),
        ]))
    }

    /// A stored attachment record's metadata, opening it if it is sealed.
    pub(super) async fn read_attachment(
        &self,
        v: &JsValue,
    ) -> Result<Option<Attachment>, StorageError> {
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
            .open(&a.label().meta(a.layout), &a.meta_iv, &a.meta)
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
    pub(super) async fn read_attachment_blob(
        &self,
        v: &JsValue,
    ) -> Result<Option<Blob>, StorageError> {
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
            .open(&a.label().data(a.layout, &a.meta_iv), &a.iv, &sealed)
            .await
        else {
            return Ok(None);
        };
        let media_type = meta.media_type.unwrap_or_default();
        Ok(Some(files::blob_from_buffer(&plain, &media_type)?))
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
        let (tx, done) = self.tx(&[DRAFTS, ATTACHMENTS, META], true)?;
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
}
