//! Attached files: the council's limits and the words for them, in one place
//! for the browser, the CLI, the rules and draft files.
//!
//! - [`check_attachment_limits`]: one chosen file against the limits in
//!   [`Settings::attachments`] (type, empty, size, and the total and number
//!   with the files already attached), with [`AttachmentProblem::message`]
//!   in GOV.UK file upload wording;
//! - [`type_allowed`]: the one test of a media type against the council's
//!   list (the rules and draft files use it too);
//! - [`format_size`]: every file size shown to a person, as GOV.UK writes
//!   it ("20MB", "1.5MB", "300KB");
//! - [`type_label`], [`media_type_for`], [`purpose_label`]: what people
//!   call a file's type and purpose.
//!
//! Messages never name the file: file names can carry health data.
//!
//! ```
//! use esma_core::attachments::{check_attachment_limits, format_size};
//! use esma_core::settings::Settings;
//! let s = Settings::default();
//! assert_eq!(check_attachment_limits(1000, "application/pdf", 0, 0, &s), Ok(()));
//! let p = check_attachment_limits(21 * 1024 * 1024, "application/pdf", 0, 0, &s).unwrap_err();
//! assert_eq!(p.message(&s), "The selected file must be smaller than 20MB");
//! assert_eq!(format_size(1536 * 1024), "1.5MB");
//! ```

use crate::referral::AttachmentPurpose;
use crate::settings::Settings;

/// Why a chosen file cannot be attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentProblem {
    /// The file has no bytes.
    Empty,
    /// The file is larger than `attachments.maxFileBytes`.
    TooLarge,
    /// With the files already attached, the total would pass `attachments.maxTotalBytes`.
    TotalTooLarge,
    /// The file type is not in `attachments.allowedMediaTypes`.
    WrongType,
    /// `attachments.maxFiles` files are attached already.
    TooMany,
}

impl AttachmentProblem {
    /// The GOV.UK-style error message. Never names the file.
    pub fn message(&self, settings: &Settings) -> String {
        let a = &settings.attachments;
        match self {
            AttachmentProblem::Empty => "The selected file is empty".into(),
            AttachmentProblem::TooLarge => format!(
                "The selected file must be smaller than {}",
                format_size(a.max_file_bytes)
            ),
            AttachmentProblem::TotalTooLarge => format!(
                "The files together must be smaller than {}. Remove a file or choose a smaller one",
                format_size(a.max_total_bytes)
            ),
            AttachmentProblem::TooMany => format!(
                "You can attach up to {} files. Remove a file to add another",
                a.max_files
            ),
            AttachmentProblem::WrongType => {
                let names: Vec<String> = a
                    .allowed_media_types
                    .iter()
                    .map(|m| type_label(m))
                    .collect();
                format!("The selected file must be a {}", or_list(&names))
            }
        }
    }
}

/// Checks one chosen file of `size` bytes against the council's limits,
/// beside `existing_count` files of `existing_total` bytes already
/// attached. A file exactly at a limit is allowed.
pub fn check_attachment_limits(
    size: u64,
    media_type: &str,
    existing_total: u64,
    existing_count: usize,
    settings: &Settings,
) -> Result<(), AttachmentProblem> {
    let a = &settings.attachments;
    if existing_count >= a.max_files {
        return Err(AttachmentProblem::TooMany);
    }
    if !type_allowed(&a.allowed_media_types, media_type) {
        return Err(AttachmentProblem::WrongType);
    }
    if size == 0 {
        return Err(AttachmentProblem::Empty);
    }
    if size > a.max_file_bytes {
        return Err(AttachmentProblem::TooLarge);
    }
    if existing_total.saturating_add(size) > a.max_total_bytes {
        return Err(AttachmentProblem::TotalTooLarge);
    }
    Ok(())
}

/// Whether `media_type` is one of `allowed`, ignoring case (browsers and
/// systems differ in how they write types).
pub fn type_allowed(allowed: &[String], media_type: &str) -> bool {
    allowed.iter().any(|m| m.eq_ignore_ascii_case(media_type))
}

/// A size as GOV.UK writes it: "20MB", "1.5MB", "300KB" (rounded up to a
/// tenth, so a file just over a limit never reads as the limit).
pub fn format_size(bytes: u64) -> String {
    const K: u64 = 1024;
    const M: u64 = 1024 * 1024;
    let (unit, div) = if bytes >= M { ("MB", M) } else { ("KB", K) };
    let tenths = bytes.saturating_mul(10).div_ceil(div).max(1);
    if tenths % 10 == 0 {
        format!("{}{unit}", tenths / 10)
    } else {
        format!("{}.{}{unit}", tenths / 10, tenths % 10)
    }
}

/// The short name users know a file type by.
pub fn type_label(media_type: &str) -> String {
    match media_type {
        "application/pdf" => "PDF".into(),
        "image/jpeg" => "JPG".into(),
        "image/png" => "PNG".into(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX".into(),
        "application/msword" => "DOC".into(),
        "text/plain" => "TXT".into(),
        other => other
            .rsplit('/')
            .next()
            .unwrap_or(other)
            .to_ascii_uppercase(),
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The media type of a chosen file: the one reported (by the browser), or
/// from the extension when none is (common for .docx on some systems).
pub fn media_type_for(file_name: &str, reported: &str) -> String {
    if !reported.is_empty() {
        return reported.to_ascii_lowercase();
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
    .to_string()
}

/// What an attachment is for, in words (a heading or table cell).
pub fn purpose_label(purpose: Option<AttachmentPurpose>) -> &'static str {
    match purpose {
        Some(AttachmentPurpose::MedicalEvidence) => "Medical evidence",
        Some(AttachmentPurpose::TreatmentPlan) => "Treatment plan",
        Some(AttachmentPurpose::Apdr) => "APDR and support plan",
        Some(AttachmentPurpose::ReintegrationPlan) => "Reintegration plan",
        Some(AttachmentPurpose::FundingPlan) => "Funding agreement or plan",
        Some(AttachmentPurpose::ParentalConsent) => "Signed parental consent",
        Some(AttachmentPurpose::RiskAssessment) => "Risk assessment",
        Some(AttachmentPurpose::Other) | None => "Other",
    }
}

/// [`purpose_label`] inside a sentence: "medical evidence", but "APDR and
/// support plan" (an abbreviation keeps its capitals).
pub fn purpose_in_sentence(purpose: Option<AttachmentPurpose>) -> String {
    let label = purpose_label(purpose);
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_lowercase() => crate::case::lower_first(label),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    #[test]
    fn limits() {
        let s = Settings::default();
        let mb = 1024 * 1024;
        assert_eq!(
            check_attachment_limits(1, "application/pdf", 0, 0, &s),
            Ok(())
        );
        assert_eq!(check_attachment_limits(20 * mb, DOCX, 0, 0, &s), Ok(()));
        assert_eq!(
            check_attachment_limits(20 * mb, "image/PNG", 80 * mb, 0, &s),
            Ok(())
        );
        assert_eq!(
            check_attachment_limits(20 * mb + 1, "application/pdf", 0, 0, &s),
            Err(AttachmentProblem::TooLarge)
        );
        assert_eq!(
            check_attachment_limits(mb, "application/pdf", 100 * mb, 0, &s),
            Err(AttachmentProblem::TotalTooLarge)
        );
        assert_eq!(
            check_attachment_limits(mb, "application/zip", 0, 0, &s),
            Err(AttachmentProblem::WrongType)
        );
        assert_eq!(
            check_attachment_limits(0, "text/plain", 0, 0, &s),
            Err(AttachmentProblem::Empty)
        );
        assert_eq!(
            check_attachment_limits(u64::MAX, "text/plain", u64::MAX, 0, &s),
            Err(AttachmentProblem::TooLarge)
        );
    }

    #[test]
    fn the_number_of_files_is_limited() {
        let s = Settings::default();
        assert_eq!(
            check_attachment_limits(1, "application/pdf", 0, 29, &s),
            Ok(())
        );
        assert_eq!(
            check_attachment_limits(1, "application/pdf", 0, 30, &s),
            Err(AttachmentProblem::TooMany)
        );
        assert_eq!(
            AttachmentProblem::TooMany.message(&s),
            "You can attach up to 30 files. Remove a file to add another"
        );
    }

    #[test]
    fn messages_follow_govuk_wording() {
        let s = Settings::default();
        assert_eq!(
            AttachmentProblem::TooLarge.message(&s),
            "The selected file must be smaller than 20MB"
        );
        assert_eq!(
            AttachmentProblem::WrongType.message(&s),
            "The selected file must be a PDF, JPG, PNG, DOCX or TXT"
        );
        assert_eq!(
            AttachmentProblem::Empty.message(&s),
            "The selected file is empty"
        );
        assert_eq!(
            AttachmentProblem::TotalTooLarge.message(&s),
            "The files together must be smaller than 100MB. Remove a file or choose a smaller one"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(format_size(20 * 1024 * 1024), "20MB");
        assert_eq!(format_size(1536 * 1024), "1.5MB");
        assert_eq!(format_size(300 * 1024), "300KB");
        assert_eq!(format_size(2048), "2KB");
        assert_eq!(format_size(900), "0.9KB");
        assert_eq!(format_size(1), "0.1KB");
        // Just over a limit never reads as the limit.
        assert_eq!(format_size(20 * 1024 * 1024 + 1), "20.1MB");
        assert_eq!(format_size(u64::MAX), format_size(u64::MAX - 1));
    }

    #[test]
    fn media_types() {
        assert_eq!(media_type_for("a.DOCX", ""), DOCX);
        assert_eq!(
            media_type_for("a.pdf", "Application/PDF"),
            "application/pdf"
        );
        assert_eq!(media_type_for("noext", ""), "application/octet-stream");
        assert_eq!(type_label("image/gif"), "GIF");
        assert!(type_allowed(&[DOCX.to_owned()], &DOCX.to_uppercase()));
        assert!(!type_allowed(&[DOCX.to_owned()], "text/plain"));
    }

    #[test]
    fn purposes_read_as_labels_and_in_sentences() {
        use AttachmentPurpose::*;
        assert_eq!(purpose_label(Some(Apdr)), "APDR and support plan");
        assert_eq!(purpose_label(None), "Other");
        assert_eq!(
            purpose_in_sentence(Some(MedicalEvidence)),
            "medical evidence"
        );
        assert_eq!(purpose_in_sentence(Some(Apdr)), "APDR and support plan");
    }
}
