//! Adding a file to a draft: checked against the council's limits, hashed
//! with WebCrypto, stored on the device, then linked to the draft.

use esma_core::attachments;
use esma_core::referral::{Attachment, AttachmentPurpose};
use esma_core::settings::Settings;
use yew::prelude::*;

use crate::form::questions::{questions, Kind, Section};
use crate::form::state::{Action, Wizard};
use crate::storage::Store;
use crate::web::{clock, crypto, dom, files};

/// The purpose a file question stores, from the question table.
pub fn purpose_for(path: &str, wizard: &Wizard) -> Option<AttachmentPurpose> {
    questions(Section::of_field(path), &wizard.draft.referral)
        .into_iter()
        .find(|q| q.path == path)
        .and_then(|q| match q.kind {
            Kind::Attachment(purpose) => Some(purpose),
            _ => None,
        })
}

/// Checks a chosen file against the council's limits, hashes it with
/// WebCrypto, stores it on the device, then links it to the draft. Returns
/// the file's name, or the message to show when it cannot.
pub async fn add_file(
    store: &Store,
    wizard: &UseReducerHandle<Wizard>,
    path: Option<String>,
    purpose: Option<AttachmentPurpose>,
    file: &web_sys::File,
) -> Result<String, String> {
    let settings: &Settings = &wizard.settings;
    let name = dom::nfc(&file.name());
    let media_type = attachments::media_type_for(&name, &file.type_());
    let existing: u64 = wizard
        .draft
        .referral
        .attachments
        .iter()
        .filter_map(|a| a.size)
        .sum();
    let count = wizard.draft.referral.attachments.len();
    attachments::check_attachment_limits(
        file.size() as u64,
        &media_type,
        existing,
        count,
        settings,
    )
    .map_err(|problem| problem.message(settings))?;
    let (buffer, _) = files::read_file(file)
        .await
        .map_err(|e| e.message().to_owned())?;
    let started = dom::now_ms();
    let sha256 = crypto::sha256_hex_buffer(&buffer)
        .await
        .map_err(|e| e.message().to_owned())?;
    // `cargo xtask bench` reads this as the hashing speed.
    dom::measure_since("esma-sha256", started);
    let id = crypto::random_uuid_v4().map_err(|e| e.message().to_owned())?;
    let attachment = Attachment {
        id: Some(id),
        name: Some(name.clone()),
        media_type: Some(media_type.clone()),
        size: Some(buffer.byte_length() as u64),
        sha256: Some(sha256),
        purpose,
    };
    let blob = files::blob_from_buffer(&buffer, &media_type).map_err(|e| e.message().to_owned())?;
    store
        .put_attachment(&wizard.draft.id, &attachment, &blob)
        .await
        .map_err(|e| e.message().to_owned())?;
    wizard.dispatch(Action::Attach {
        path,
        attachment,
        now: clock::now(),
    });
    Ok(name)
}
