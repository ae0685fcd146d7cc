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
//! The parts a pack shares with consent files (the encodings, the header,
//! reading and writing the outer file, the attachments' list) are in
//! [`crate::signed`]; this module holds what only a pack has: its manifest
//! and its checks.

pub mod manifest;
pub mod verify;

use std::fmt;

use crate::referral::Referral;
use crate::signed::jwk::PublicJwk;
use crate::signed::jws::{self, SignError, Signer};
use crate::signed::{
    match_attachments, take_in_order, DescribedFile, FileMismatch, PackFile, Signable, SignedFile,
    UnsignedDescribed,
};
use crate::validate::Valid;
use manifest::{Manifest, ManifestError, PackInfo};

/// The pack's `format`.
pub const FORMAT: &str = "esma-referral-pack";
/// The pack's `formatVersion` (and the manifest's): every signed file's.
pub const FORMAT_VERSION: u32 = crate::signed::FORMAT_VERSION;
/// The file name ending for packs.
pub const FILE_EXTENSION: &str = crate::file_name::FileKind::Pack.extension();

/// A signed pack, ready to write with [`SignedFile::to_json`]: a signed file
/// whose `format` is [`FORMAT`].
pub type Pack = SignedFile;

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
            PackError::FileMissing(i) => fmt::Display::fmt(&FileMismatch::Missing(*i), f),
            PackError::FileSize(i) => fmt::Display::fmt(&FileMismatch::Size(*i), f),
            PackError::FileNotListed(i) => fmt::Display::fmt(&FileMismatch::NotListed(*i), f),
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

impl From<FileMismatch> for PackError {
    fn from(e: FileMismatch) -> Self {
        match e {
            FileMismatch::Missing(i) => PackError::FileMissing(i),
            FileMismatch::Size(i) => PackError::FileSize(i),
            FileMismatch::NotListed(i) => PackError::FileNotListed(i),
        }
    }
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
    use crate::signed::b64;

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
