//! Attachments in signed files: their bytes with their SHA-256
//! ([`PackFile`]) or only their description ([`DescribedFile`]), the signed
//! payload's list of them ([`AttachmentEntry`]), and, when a file is made,
//! matching the files supplied to that list ([`match_attachments`]).
//!
//! Attachment hashes are computed by the caller: WebCrypto's digest in the
//! browser, so 20 MB never goes through wasm SHA-256; [`PackFile::hash`]
//! does it with `sha2` for native callers and tests.

use crate::referral::ToJson;
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::b64;
use crate::referral::read::read_into;
use crate::referral::Referral;
use crate::settings::MAX_SAFE_INTEGER;

/// An attachment's bytes with their SHA-256 (computed by the caller).
#[derive(Clone, PartialEq, Eq)]
pub struct PackFile {
    /// SHA-256 of `data`.
    pub sha256: [u8; 32],
    /// The bytes.
    pub data: Vec<u8>,
}

/// An attachment described by its SHA-256 and size, its bytes kept by the
/// caller: the browser keeps 20 MB files in JavaScript (IndexedDB Blobs) and
/// writes them into the file itself ([`super::UnsignedDescribed::finish_parts`]),
/// rather than copying them through wasm memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DescribedFile {
    pub sha256: [u8; 32],
    pub size: u64,
}

impl PackFile {
    /// Hash the bytes with `sha2` (native callers and tests; the browser
    /// passes WebCrypto's digest to [`PackFile::with_digest`]).
    pub fn hash(data: Vec<u8>) -> Self {
        PackFile {
            sha256: Sha256::digest(&data).into(),
            data,
        }
    }

    /// Bytes with a digest the caller computed.
    pub fn with_digest(sha256: [u8; 32], data: Vec<u8>) -> Self {
        PackFile { sha256, data }
    }

    /// Its hash and size, as the manifest lists it.
    pub fn describe(&self) -> DescribedFile {
        DescribedFile {
            sha256: self.sha256,
            size: self.data.len() as u64,
        }
    }
}

impl fmt::Debug for PackFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PackFile({} bytes, sha256 {})",
            self.data.len(),
            b64::hex(&self.sha256)
        )
    }
}

/// One attachment's metadata. `purpose` is `null` when the school did not
/// say (a warning, not a block).
///
/// Read by core's strict reader ([`crate::read_by_members!`]) rather than
/// serde's derive: the same form (camelCase, unknown members refused,
/// `purpose` may be left out, the rest required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentEntry {
    /// The referral's id for it.
    pub id: String,
    /// The file name.
    pub name: String,
    /// The media type.
    pub media_type: String,
    /// The size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, 64 lower-case hex digits.
    pub sha256: String,
    /// What it is for (kebab-case), or `null`.
    pub purpose: Option<String>,
}

crate::read_by_members! {
    impl<'de> for AttachmentEntry {
        required: [id, name, media_type, size, sha256],
        others_skipped: false,
        blank: AttachmentEntry {
            id: String::new(),
            name: String::new(),
            media_type: String::new(),
            size: 0,
            sha256: String::new(),
            purpose: None,
        },
        members: {
            id: read_into,
            name: read_into,
            media_type: read_into,
            size: read_into,
            sha256: read_into,
            purpose: read_into,
        },
    }
}

/// Attachment `n` (0-based) lacks id, name, media type, size or SHA-256, or
/// has a size of 2^53 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncompleteAttachment(pub usize);

impl fmt::Display for IncompleteAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "attachment {} is not fully described (id, name, type, size and SHA-256 are all needed)",
            self.0 + 1
        )
    }
}

impl std::error::Error for IncompleteAttachment {}

/// Every attachment's entry, in the referral's order; `Err` names the first
/// one not fully described.
pub(crate) fn attachment_entries(
    referral: &Referral,
) -> Result<Vec<AttachmentEntry>, IncompleteAttachment> {
    referral
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let text = |v: &Option<String>| v.as_ref().filter(|s| !s.trim().is_empty()).cloned();
            let sha256 = a
                .sha256
                .clone()
                .filter(|h| b64::parse_sha256_hex(h).is_ok());
            match (
                text(&a.id),
                text(&a.name),
                text(&a.media_type),
                a.size.filter(|&s| s <= MAX_SAFE_INTEGER),
                sha256,
            ) {
                (Some(id), Some(name), Some(media_type), Some(size), Some(sha256)) => {
                    Ok(AttachmentEntry {
                        id,
                        name,
                        media_type,
                        size,
                        sha256,
                        purpose: a
                            .purpose
                            .and_then(|p| p.to_json().as_str().map(str::to_owned)),
                    })
                }
                _ => Err(IncompleteAttachment(i)),
            }
        })
        .collect::<Result<Vec<_>, _>>()
}

/// Why the files supplied to make a signed file do not match its list of
/// attachments. Positions are 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileMismatch {
    /// Attachment `n` has no file among those supplied.
    Missing(usize),
    /// Attachment `n`'s file is not the size the referral records.
    Size(usize),
    /// Supplied file `n` is not listed among the referral's attachments.
    NotListed(usize),
}

impl fmt::Display for FileMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileMismatch::Missing(i) => write!(
                f,
                "Attachment {} has no file, or its file's SHA-256 is not the one the referral records. Attach the file again.",
                i + 1
            ),
            FileMismatch::Size(i) => write!(
                f,
                "Attachment {}'s file is not the size the referral records. Attach the file again.",
                i + 1
            ),
            FileMismatch::NotListed(i) => {
                write!(f, "File {} is not one of the referral's attachments.", i + 1)
            }
        }
    }
}

/// Matches every attachment to one supplied file (by SHA-256, then size).
/// Returns the indexes of the files to carry, once each, in the
/// attachments' order.
pub(crate) fn match_attachments(
    attachments: &[AttachmentEntry],
    files: &[DescribedFile],
) -> Result<Vec<usize>, FileMismatch> {
    let mut order: Vec<usize> = Vec::new();
    let mut used = vec![false; files.len()];
    for (i, a) in attachments.iter().enumerate() {
        let want = b64::parse_sha256_hex(&a.sha256).map_err(|_| FileMismatch::Missing(i))?;
        let found = files
            .iter()
            .position(|f| f.sha256 == want)
            .ok_or(FileMismatch::Missing(i))?;
        if files[found].size != a.size {
            return Err(FileMismatch::Size(i));
        }
        for (j, f) in files.iter().enumerate() {
            if f.sha256 == want {
                used[j] = true;
            }
        }
        if !order.iter().any(|&j| files[j].sha256 == want) {
            order.push(found);
        }
    }
    if let Some(j) = used.iter().position(|u| !u) {
        return Err(FileMismatch::NotListed(j));
    }
    Ok(order)
}

/// Move each needed file out once, in the list's order: no copies.
pub(crate) fn take_in_order(files: Vec<PackFile>, order: Vec<usize>) -> Vec<PackFile> {
    let mut slots: Vec<Option<PackFile>> = files.into_iter().map(Some).collect();
    order.into_iter().filter_map(|j| slots[j].take()).collect()
}
