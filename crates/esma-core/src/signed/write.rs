//! Writing a signed file with attachments (a pack or a consent request), in
//! two halves around the signature, because the browser's signing is async:
//! everything but the signature ([`Signable`], or [`UnsignedDescribed`] when
//! the caller keeps the files' bytes), then the [`SignedFile`] (or its text
//! in [`PackParts`]) once the 64-byte signature is in.

use serde::{Deserialize, Serialize};

use super::files::{DescribedFile, PackFile};
use super::jwk::PublicJwk;
use super::jws::{self, FlattenedJws, Header};
use super::{b64, jcs, FORMAT_VERSION};

/// One `files` entry as it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The bytes, standard base64 with padding.
    pub data: String,
}

/// A signed file with attachments (a pack, a consent request), ready to
/// write with [`SignedFile::to_json`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignedFile {
    /// The kind of file, e.g. `esma-referral-pack`.
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The flattened JWS over the payload.
    pub signed: FlattenedJws,
    /// Each attachment's bytes, once, in the payload's order.
    pub files: Vec<FileEntry>,
}

impl SignedFile {
    /// The file's text: pretty-printed JSON, one member per line.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a signed file always serialises");
        s.push('\n');
        s
    }
}

/// Everything but the signature of a signed file with attachments: its
/// `format`, the protected header, the payload and the files in the
/// payload's order.
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

    pub(crate) fn finish(self, signature: [u8; 64]) -> SignedFile {
        let files = self
            .files
            .iter()
            .map(|f| FileEntry {
                sha256: b64::hex(&f.sha256),
                data: b64::encode_std(&f.data),
            })
            .collect();
        assemble(self.format, self.protected, self.payload, &signature, files)
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

/// The outer file: the format, the flattened JWS and the files.
fn assemble(
    format: &str,
    protected: String,
    payload: String,
    signature: &[u8; 64],
    files: Vec<FileEntry>,
) -> SignedFile {
    SignedFile {
        format: format.into(),
        format_version: FORMAT_VERSION,
        signed: FlattenedJws {
            protected,
            payload,
            // The low-S form, whatever the primitive returned: the one
            // verifiers accept (see `jws::is_low_s`).
            signature: b64::encode_url(&jws::low_s(*signature)),
        },
        files,
    }
}

/// A signed file with everything but the signature, whose files' bytes the
/// caller writes (see [`DescribedFile`]).
#[derive(Debug, Clone)]
pub struct UnsignedDescribed {
    format: &'static str,
    protected: String,
    payload: String,
    files: Vec<DescribedFile>,
}

/// A signed file's text in pieces around its files' data: the file is
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
        // Placeholders cannot clash: everything else in a signed file is
        // base64url, hex or fixed keys, none of which contains '@'.
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
        let file = assemble(
            self.format,
            self.protected,
            self.payload,
            &signature,
            entries,
        );
        let mut rest = file.to_json();
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
