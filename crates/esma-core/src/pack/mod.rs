//! The signed referral pack: one `*.esma-pack.json` file that a school sends
//! and the council checks. See `docs/pack-format.md` for the format and
//! `crates/esma-core/DESIGN.md` ("Pack") for the decisions.
//!
//! ```text
//! { "format": "esma-referral-pack", "formatVersion": 1,
//!   "signed": { "protected": …, "payload": …, "signature": … },   // flattened JWS, ES256
//!   "files": [ { "sha256": "<hex>", "data": "<base64>" } ] }       // attachment bytes
//! ```
//!
//! The elliptic-curve work is done outside this crate (WebCrypto in the
//! browser, `p256` in the CLI), and the browser's primitives are async, so
//! both directions come in two halves with plain data in between:
//!
//! - **Signing**: [`prepare_pack`] builds the manifest from a
//!   [`Valid<Referral>`] and returns an [`Unsigned`] pack whose
//!   [`Unsigned::signing_input`] the caller signs; [`Unsigned::finish`] takes
//!   the 64-byte signature and returns the [`Pack`]. [`sign_pack`] does all
//!   three with a synchronous [`jws::Signer`].
//! - **Verifying**: [`verify::parse_and_check`] reads the bytes defensively
//!   and checks everything that needs no cryptography; the caller verifies
//!   [`verify::Parsed::signing_input`] and hashes [`verify::Parsed::files`];
//!   [`verify::Parsed::conclude`] takes those results, the trusted keys, today's
//!   date and the settings and returns a [`verify::Verification`].
//!   [`verify::verify_pack`] does it all with a synchronous [`jws::Verifier`].
//!
//! Attachment hashes are computed by the caller (WebCrypto's digest in the
//! browser, so 20 MB never goes through wasm SHA-256); [`PackFile::hash`]
//! does it with `sha2` for native callers and tests.

pub mod b64;
pub mod jcs;
pub mod jwk;
pub mod jws;
pub mod manifest;
pub mod verify;

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::referral::Referral;
use crate::validate::Valid;
use jwk::PublicJwk;
use jws::{FlattenedJws, Header, SignError, Signer};
use manifest::{Manifest, ManifestError, PackInfo};

/// The pack's `format`.
pub const FORMAT: &str = "esma-referral-pack";
/// The pack's `formatVersion` (and the manifest's).
pub const FORMAT_VERSION: u32 = 1;
/// The file name ending for packs.
pub const FILE_EXTENSION: &str = ".esma-pack.json";

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
/// writes them into the pack itself ([`UnsignedDescribed::finish_parts`]),
/// rather than copying them through wasm memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DescribedFile {
    pub sha256: [u8; 32],
    pub size: u64,
}

impl PackFile {
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
}

/// One `files` entry as it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The bytes, standard base64 with padding.
    pub data: String,
}

/// A signed pack, ready to write with [`Pack::to_json`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pack {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The flattened JWS over the manifest.
    pub signed: FlattenedJws,
    /// Each attachment's bytes, once, in the manifest's order.
    pub files: Vec<FileEntry>,
}

impl Pack {
    /// The pack file's text: pretty-printed JSON, one member per line.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a pack always serialises");
        s.push('\n');
        s
    }
}

/// Why a pack cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// The manifest could not be built.
    Manifest(ManifestError),
    /// Attachment `n` (0-based) has no file among those supplied.
    FileMissing(usize),
    /// Attachment `n`'s file is not the size the referral records.
    FileSize(usize),
    /// A supplied file is not listed among the referral's attachments.
    FileNotListed(usize),
    /// The signature primitive failed.
    Sign(SignError),
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Manifest(e) => write!(f, "The pack could not be made: {e}."),
            PackError::FileMissing(i) => write!(
                f,
                "Attachment {} has no file, or its file's SHA-256 is not the one the referral records. Attach the file again.",
                i + 1
            ),
            PackError::FileSize(i) => write!(
                f,
                "Attachment {}'s file is not the size the referral records. Attach the file again.",
                i + 1
            ),
            PackError::FileNotListed(i) => {
                write!(f, "File {} is not one of the referral's attachments.", i + 1)
            }
            PackError::Sign(e) => write!(f, "The pack could not be signed: {e}"),
        }
    }
}

impl std::error::Error for PackError {}

impl From<ManifestError> for PackError {
    fn from(e: ManifestError) -> Self {
        PackError::Manifest(e)
    }
}

/// Everything but the signature of a signed file with attachments (a pack,
/// or a consent request): its `format`, the protected header, the payload
/// and the files in the manifest's order.
#[derive(Debug, Clone)]
pub(crate) struct Signable {
    format: &'static str,
    protected: String,
    payload: String,
    files: Vec<PackFile>,
}

impl Signable {
    /// The payload is the JCS form of `manifest`; the header names `typ`.
    pub(crate) fn new<M: Serialize>(
        format: &'static str,
        typ: &str,
        manifest: &M,
        signer: &PublicJwk,
        files: Vec<PackFile>,
    ) -> Self {
        let (payload, protected) = signed_parts(typ, manifest, signer);
        Signable {
            format,
            payload,
            protected,
            files,
        }
    }

    pub(crate) fn signing_input(&self) -> Vec<u8> {
        jws::signing_input(&self.protected, &self.payload)
    }

    pub(crate) fn payload_bytes(&self) -> Vec<u8> {
        b64::decode_url(&self.payload).expect("we encoded it")
    }

    pub(crate) fn finish(self, signature: [u8; 64]) -> Pack {
        let files = self
            .files
            .iter()
            .map(|f| FileEntry {
                sha256: b64::hex(&f.sha256),
                data: b64::encode_std(&f.data),
            })
            .collect();
        envelope(self.format, self.protected, self.payload, &signature, files)
    }

    /// The same, for files whose bytes the caller keeps.
    pub(crate) fn described<M: Serialize>(
        format: &'static str,
        typ: &str,
        manifest: &M,
        signer: &PublicJwk,
        files: Vec<DescribedFile>,
    ) -> UnsignedDescribed {
        let (payload, protected) = signed_parts(typ, manifest, signer);
        UnsignedDescribed {
            format,
            payload,
            protected,
            files,
        }
    }
}

/// The encoded payload (the JCS form of `manifest`) and protected header.
fn signed_parts<M: Serialize>(typ: &str, manifest: &M, signer: &PublicJwk) -> (String, String) {
    (
        b64::encode_url(&jcs::to_vec(manifest).expect("a manifest always serialises")),
        Header::for_key_typ(signer, typ).encode(),
    )
}

/// A pack with everything but the signature.
#[derive(Debug, Clone)]
pub struct Unsigned {
    manifest: Manifest,
    inner: Signable,
}

impl Unsigned {
    /// The bytes to sign with ES256 (`protected '.' payload`).
    pub fn signing_input(&self) -> Vec<u8> {
        self.inner.signing_input()
    }

    /// The manifest about to be signed.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The manifest's canonical bytes (the JWS payload, decoded).
    pub fn payload_bytes(&self) -> Vec<u8> {
        self.inner.payload_bytes()
    }

    /// Add the signature (64-byte `r || s`) and the files.
    pub fn finish(self, signature: [u8; 64]) -> Pack {
        self.inner.finish(signature)
    }
}

/// Build the manifest and the signing input for a validated referral.
///
/// `files` holds the bytes of every attachment the referral lists (in any
/// order; duplicates are dropped), each with its SHA-256. Every attachment
/// must have a file with the SHA-256 and size the referral records, and every
/// file must belong to an attachment. `signer` is the public key whose
/// private half will sign.
pub fn prepare_pack(
    valid: &Valid<Referral>,
    files: Vec<PackFile>,
    info: &PackInfo,
    signer: &PublicJwk,
) -> Result<Unsigned, PackError> {
    let described: Vec<DescribedFile> = files.iter().map(PackFile::describe).collect();
    let (manifest, order) = match_files(valid, &described, info)?;
    let inner = Signable::new(
        FORMAT,
        jws::TYP,
        &manifest,
        signer,
        take_in_order(files, order),
    );
    Ok(Unsigned { manifest, inner })
}

/// Move each needed file out once, in the manifest's order: no copies.
pub(crate) fn take_in_order(files: Vec<PackFile>, order: Vec<usize>) -> Vec<PackFile> {
    let mut slots: Vec<Option<PackFile>> = files.into_iter().map(Some).collect();
    order.into_iter().filter_map(|j| slots[j].take()).collect()
}

/// Like [`prepare_pack`], for files whose bytes the caller keeps.
pub fn prepare_pack_described(
    valid: &Valid<Referral>,
    files: &[DescribedFile],
    info: &PackInfo,
    signer: &PublicJwk,
) -> Result<UnsignedDescribed, PackError> {
    let (manifest, order) = match_files(valid, files, info)?;
    Ok(Signable::described(
        FORMAT,
        jws::TYP,
        &manifest,
        signer,
        order.into_iter().map(|j| files[j]).collect(),
    ))
}

/// Builds the manifest and matches every attachment to one supplied file
/// (by SHA-256, then size). Returns the indexes of the files to carry, once
/// each, in the manifest's order.
fn match_files(
    valid: &Valid<Referral>,
    files: &[DescribedFile],
    info: &PackInfo,
) -> Result<(Manifest, Vec<usize>), PackError> {
    let manifest = manifest::build(valid, info)?;
    let order = match_attachments(&manifest.attachments, files)?;
    Ok((manifest, order))
}

/// Matches every attachment to one supplied file (by SHA-256, then size).
/// Returns the indexes of the files to carry, once each, in the
/// attachments' order.
pub(crate) fn match_attachments(
    attachments: &[manifest::AttachmentEntry],
    files: &[DescribedFile],
) -> Result<Vec<usize>, PackError> {
    let mut order: Vec<usize> = Vec::new();
    let mut used = vec![false; files.len()];
    for (i, a) in attachments.iter().enumerate() {
        let want = b64::parse_sha256_hex(&a.sha256).map_err(|_| PackError::FileMissing(i))?;
        let found = files
            .iter()
            .position(|f| f.sha256 == want)
            .ok_or(PackError::FileMissing(i))?;
        if files[found].size != a.size {
            return Err(PackError::FileSize(i));
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
        return Err(PackError::FileNotListed(j));
    }
    Ok(order)
}

/// The outer file: the format, the flattened JWS and the files.
fn envelope(
    format: &str,
    protected: String,
    payload: String,
    signature: &[u8; 64],
    files: Vec<FileEntry>,
) -> Pack {
    Pack {
        format: format.into(),
        format_version: FORMAT_VERSION,
        signed: FlattenedJws {
            protected,
            payload,
            signature: b64::encode_url(signature),
        },
        files,
    }
}

/// A pack with everything but the signature, whose files' bytes the caller
/// writes (see [`DescribedFile`]).
#[derive(Debug, Clone)]
pub struct UnsignedDescribed {
    format: &'static str,
    protected: String,
    payload: String,
    files: Vec<DescribedFile>,
}

/// A signed pack's text in pieces around its files' data: the pack file is
/// `text[0] + base64(file 0) + text[1] + base64(file 1) + … + text[n]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackParts {
    /// `files.len() + 1` pieces of JSON text.
    pub text: Vec<String>,
    /// Which file's standard base64 goes in each gap, in order.
    pub files: Vec<DescribedFile>,
}

impl UnsignedDescribed {
    /// The bytes to sign with ES256 (`protected '.' payload`).
    pub fn signing_input(&self) -> Vec<u8> {
        jws::signing_input(&self.protected, &self.payload)
    }

    /// Add the signature; the caller then writes each file's data into the gaps.
    pub fn finish_parts(self, signature: [u8; 64]) -> PackParts {
        // Placeholders cannot clash: everything else in a pack is base64url,
        // hex or fixed keys, none of which contains '@'.
        let gap = |i: usize| format!("@@esma-file-{i}@@");
        let entries = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| FileEntry {
                sha256: b64::hex(&f.sha256),
                data: gap(i),
            })
            .collect();
        let pack = envelope(
            self.format,
            self.protected,
            self.payload,
            &signature,
            entries,
        );
        let mut rest = pack.to_json();
        let mut text = Vec::with_capacity(self.files.len() + 1);
        for i in 0..self.files.len() {
            let marker = gap(i);
            let at = rest.find(&marker).expect("every gap is written");
            text.push(rest[..at].to_owned());
            rest = rest[at + marker.len()..].to_owned();
        }
        text.push(rest);
        PackParts {
            text,
            files: self.files,
        }
    }
}

/// [`prepare_pack`], sign with `signer`, [`Unsigned::finish`].
pub fn sign_pack(
    valid: &Valid<Referral>,
    files: Vec<PackFile>,
    info: &PackInfo,
    public: &PublicJwk,
    signer: &dyn Signer,
) -> Result<Pack, PackError> {
    let unsigned = prepare_pack(valid, files, info, public)?;
    let sig = signer
        .sign(&unsigned.signing_input())
        .map_err(PackError::Sign)?;
    Ok(unsigned.finish(sig))
}

#[cfg(test)]
mod described_tests {
    use super::*;

    /// The pieces with the files' base64 filled in are exactly the pack that
    /// `prepare_pack` makes from the same files and signature.
    #[test]
    fn parts_with_the_data_written_in_equal_the_whole_pack() {
        use crate::settings::Settings;
        let mut referral: Referral =
            crate::json::from_str(include_str!("../../../../fixtures/referrals/complete.json"))
                .unwrap();
        // Small in-memory files standing in for the fixture's attachments.
        let mut files = Vec::new();
        for (i, a) in referral.attachments.iter_mut().enumerate() {
            let data = format!("file {i}").into_bytes();
            let f = PackFile::hash(data.clone());
            a.size = Some(data.len() as u64);
            a.sha256 = Some(b64::hex(&f.sha256));
            files.push(f);
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let valid = Valid::check(referral, today, &Settings::default()).unwrap();
        let info = PackInfo {
            pack_id: "0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c".into(),
            created_at: "2026-11-28T10:00:00Z".into(),
        };
        let jwk = PublicJwk::from_coordinates(&[1; 32], &[2; 32]);
        let described: Vec<DescribedFile> = files.iter().map(PackFile::describe).collect();
        let by_hash: std::collections::HashMap<[u8; 32], Vec<u8>> =
            files.iter().map(|f| (f.sha256, f.data.clone())).collect();
        let whole = prepare_pack(&valid, files, &info, &jwk)
            .unwrap()
            .finish([7; 64])
            .to_json();
        let parts = prepare_pack_described(&valid, &described, &info, &jwk)
            .unwrap()
            .finish_parts([7; 64]);
        let mut joined = parts.text[0].clone();
        for (i, f) in parts.files.iter().enumerate() {
            joined.push_str(&b64::encode_std(&by_hash[&f.sha256]));
            joined.push_str(&parts.text[i + 1]);
        }
        assert_eq!(joined, whole);
    }
}
