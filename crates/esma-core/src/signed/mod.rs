//! Signed files: the format that referral packs and consent files share.
//!
//! Every signed file is one JSON object: its `format`, `formatVersion` 1, a
//! flattened ES256 JWS over the RFC 8785 form of its payload, and (packs and
//! consent requests) the attachments' bytes in `files`. What they have in
//! common lives here, below both `pack` and `consent`, so each builds on it
//! and neither reaches into the other:
//!
//! - [`b64`], [`jcs`], [`jwk`], [`jws`]: strict base64 and hex, canonical
//!   JSON, keys and fingerprints, and the signature header;
//! - `envelope`: reading a signed file's outer parts and payload, matching
//!   its files against the payload's list, and the one error type
//!   [`SignedFileError`];
//! - `files`: attachments by their bytes ([`PackFile`]) or description
//!   ([`DescribedFile`]), the payload's list of them ([`AttachmentEntry`]);
//! - `write`: a file with everything but the signature, then the
//!   [`SignedFile`].
//!
//! The formats are in `docs/pack-format.md` and `docs/consent-format.md`.
//!
//! ```
//! use esma_core::signed::{is_utc_timestamp, is_uuid_v4};
//! assert!(is_uuid_v4("0f8fad5b-d9cb-469f-a165-70867728950e"));
//! assert!(!is_uuid_v4("0f8fad5b-d9cb-169f-a165-70867728950e"));
//! assert!(is_utc_timestamp("2026-11-28T09:30:00Z"));
//! assert!(!is_utc_timestamp("2026-11-28T09:30:00+01:00"));
//! ```

pub mod b64;
mod envelope;
mod files;
pub mod jcs;
pub mod jwk;
pub mod jws;
mod write;

pub(crate) use envelope::{
    file_problems, read_envelope, read_payload, sha256_each, FileProblem, Kind, Step, Stopped,
};
pub use envelope::{ParsedFile, SignedFileError};
pub(crate) use files::{attachment_entries, match_attachments, take_in_order, FileMismatch};
pub use files::{AttachmentEntry, DescribedFile, IncompleteAttachment, PackFile};
pub(crate) use write::Signable;
pub use write::{FileEntry, PackParts, SignedFile, UnsignedDescribed};

/// The `formatVersion` of every signed file and of every signed payload.
pub const FORMAT_VERSION: u32 = 1;

/// Whether `s` is a UUID v4 in the canonical lower-case form (pack and
/// request ids).
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// Whether `s` is an RFC 3339 date-time in UTC, written with `Z` (the
/// times signed files carry).
pub fn is_utc_timestamp(s: &str) -> bool {
    s.len() <= 40
        && s.ends_with('Z')
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
        && s.as_bytes().get(10) == Some(&b'T')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_and_time_shapes() {
        assert!(is_uuid_v4("123e4567-e89b-42d3-a456-426614174000"));
        assert!(!is_uuid_v4("123E4567-E89B-42D3-A456-426614174000"));
        assert!(!is_uuid_v4("123e4567-e89b-42d3-c456-426614174000"));
        assert!(!is_uuid_v4("123e4567e89b42d3a456426614174000"));
        assert!(is_utc_timestamp("2026-11-28T09:30:00.123Z"));
        assert!(!is_utc_timestamp("2026-11-28 09:30:00Z"));
        assert!(!is_utc_timestamp("2026-11-28"));
        assert!(!is_utc_timestamp("2026-13-28T09:30:00Z"));
    }
}
