//! Moving a draft between devices: export it as a draft file with its
//! files' bytes, and import one as a new draft.

use std::collections::BTreeMap;

use esma_core::draft_file::{DraftFile, DraftFileAttachment, DraftFileError, DraftFileLimits};
use esma_core::referral::Attachment;
use esma_core::settings::Settings;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{from_js, ImportError, StorageError, Store, ATTACHMENTS, DRAFTS, META};
use crate::draft::{self, Draft};
use crate::web::{clock, crypto, files};

impl Store {
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
}
