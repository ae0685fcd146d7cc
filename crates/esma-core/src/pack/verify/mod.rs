//! Checking a pack, for the council: the whole logic behind the browser's
//! "Check a referral pack" page and `esma-referral verify`.
//!
//! Every step is recorded as a [`Check`] (what, passed or not, and a plain
//! English detail), so the browser and `verify --json` show the same list.
//! The [`Verdict`] follows from the checks: any failed integrity check makes
//! the pack [`Verdict::Invalid`]; otherwise the signer's key decides between
//! [`Verdict::Trusted`] and [`Verdict::ValidUnknownSigner`]. A file that is
//! not a pack at all is [`Verdict::Unreadable`].
//!
//! Messages never quote the pack's content: a hostile pack cannot put words
//! in the council's mouth, and a real one is health data.
//!
//! Two halves, so the browser can await WebCrypto in between:
//! [`parse_and_check`] then [`Parsed::conclude`]; [`verify_pack`] runs both
//! with synchronous primitives.
//!
//! The parts, by concern: `outcome` holds the result types, `text` writes
//! them for the terminal, `conclude` is the second half, `reply` words the
//! reply to the school. Reading the outer file is shared with consent files
//! ([`crate::signed`]).

mod conclude;
mod outcome;
pub mod register;
mod reply;
mod text;

use chrono::NaiveDate;

use super::manifest::Manifest;
use super::FORMAT;
use crate::consent::response::{parse_response, ParsedResponse};
use crate::settings::Settings;
use crate::signed::jwk::{JwkSet, PublicJwk};
use crate::signed::jws::{self, Header, Verifier};
use crate::signed::{read_envelope, read_payload, sha256_each, Kind, ParsedFile};

pub use conclude::RulesRun;
pub use outcome::{
    Check, CheckKind, ConsentSummary, FindingRef, PackSummary, RulesToday, SignerInfo, Verdict,
    Verification,
};
pub use reply::{reply_to_school, About};

/// Limits on what the checker reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest pack file, in bytes. Base64 adds a third, so the default
    /// (200 MiB) holds the council's 100 MB total of attachments with room.
    pub max_pack_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pack_bytes: 200 * 1024 * 1024,
        }
    }
}

/// A pack, for [`read_envelope`].
const PACK: Kind = Kind {
    format: FORMAT,
    typ: jws::TYP,
    title: "referral pack",
    noun: "pack",
    files: true,
    versions: &[1],
};

/// A pack that passed every check needing no cryptography. Verify
/// [`Parsed::signing_input`] with [`Parsed::signature`] against
/// [`Parsed::jwk`], hash each of [`Parsed::files`], then [`Parsed::conclude`].
#[derive(Debug, Clone)]
pub struct Parsed {
    checks: Vec<Check>,
    header: Header,
    signing_input: Vec<u8>,
    signature: [u8; 64],
    manifest: Result<Manifest, String>,
    files: Vec<ParsedFile>,
    consent: Option<Result<ParsedResponse, String>>,
    consent_signature_ok: Option<bool>,
}

/// What the caller found with the cryptographic primitives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Whether the ES256 signature verified.
    pub signature_ok: bool,
    /// SHA-256 of each of [`Parsed::files`], in order.
    pub file_sha256: Vec<[u8; 32]>,
}

/// The verdict for a pack of `size` bytes over the limit: unreadable. Callers
/// that can see the size before reading (the CLI) use this to refuse a huge
/// file without loading it.
pub fn too_large(size: u64, limits: &Limits) -> Verification {
    Verification::unreadable(
        Vec::new(),
        format!(
            "The file is {size} bytes, more than the {} bytes a pack may be, so it was not read.",
            limits.max_pack_bytes
        ),
    )
}

/// The verdict for a file that could not be read at all (the caller says
/// why, e.g. "The file could not be opened."): unreadable.
pub fn unreadable(reason: &str) -> Verification {
    Verification::unreadable(Vec::new(), reason.to_owned())
}

/// Read a pack and run every check that needs no cryptography.
///
/// `Err` is a finished [`Verification`]: unreadable (exit 2) or invalid
/// (exit 1). Problems in the signed manifest are recorded and reported by
/// [`Parsed::conclude`] beside the signature result, so a changed payload is
/// reported as both "the signature does not match" and what is wrong with it.
pub fn parse_and_check(bytes: &[u8], limits: &Limits) -> Result<Parsed, Box<Verification>> {
    if bytes.len() as u64 > limits.max_pack_bytes {
        return Err(Box::new(too_large(bytes.len() as u64, limits)));
    }
    let e = read_envelope(bytes, &PACK).map_err(|s| Box::new(Verification::stopped(*s)))?;
    let manifest = read_manifest(&e.payload);
    let consent = manifest
        .as_ref()
        .ok()
        .and_then(|m| m.referral.consent.record.as_ref())
        .map(|rec| match rec.response.as_deref() {
            None => Err(
                "The consent record has no consent response file, so it cannot be checked."
                    .to_owned(),
            ),
            Some(text) => parse_response(text.as_bytes()).map_err(|e| {
                format!(
                    "The consent response in the referral cannot be read: {}",
                    e.reason
                )
            }),
        });
    Ok(Parsed {
        consent,
        consent_signature_ok: None,
        signing_input: e.signing_input(),
        checks: e
            .passed
            .into_iter()
            .map(|(step, detail)| Check::pass(step.into(), detail))
            .collect(),
        header: e.header,
        signature: e.signature,
        manifest,
        files: e.files,
    })
}

fn read_manifest(payload_b64: &str) -> Result<Manifest, String> {
    let p = read_payload::<Manifest>(payload_b64, "signed manifest", 1)?;
    super::manifest::check(&p.typed, &p.json)?;
    Ok(p.typed)
}

impl Parsed {
    /// The bytes that were signed.
    pub fn signing_input(&self) -> &[u8] {
        &self.signing_input
    }

    /// The 64-byte ES256 signature `r || s`.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The signer's public key from the header.
    pub fn jwk(&self) -> &PublicJwk {
        &self.header.jwk
    }

    /// The signer's key id (its thumbprint).
    pub fn kid(&self) -> &str {
        &self.header.kid
    }

    /// The attached files, to hash.
    pub fn files(&self) -> &[ParsedFile] {
        &self.files
    }

    /// The parent's or carer's consent response inside the referral, when
    /// there is one and it could be read: verify its
    /// [`ParsedResponse::signing_input`] and [`ParsedResponse::signature`]
    /// against its [`ParsedResponse::jwk`] (ES256, the same primitive as the
    /// pack's) and give the result to [`Parsed::consent_signature_checked`]
    /// before [`Parsed::conclude`]. (A separate call, not a member of
    /// [`Evidence`], so callers that build `Evidence` keep compiling.)
    pub fn consent_response(&self) -> Option<&ParsedResponse> {
        self.consent.as_ref().and_then(|c| c.as_ref().ok())
    }

    /// Record whether the consent response's ES256 signature verified.
    /// Without it, a pack whose referral holds a consent response fails the
    /// consent check ("not checked").
    pub fn consent_signature_checked(&mut self, ok: bool) {
        self.consent_signature_ok = Some(ok);
    }

    /// The manifest, if it could be read (it is not trustworthy until
    /// [`Parsed::conclude`] says so).
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref().ok()
    }

    /// SHA-256 of every file with `sha2` (native callers; the browser uses
    /// WebCrypto).
    pub fn hash_files(&self) -> Vec<[u8; 32]> {
        sha256_each(&self.files)
    }
}

/// [`parse_and_check`], verify with `verifier`, hash with `sha2`,
/// [`Parsed::conclude`].
///
/// ```
/// use esma_core::pack::verify::*;
/// use esma_core::signed::{jwk::{JwkSet, PublicJwk}, jws::Verifier};
/// struct Never;
/// impl Verifier for Never {
///     fn verify(&self, _: &PublicJwk, _: &[u8], _: &[u8; 64]) -> bool { false }
/// }
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
/// let v = verify_pack(b"not json", &Limits::default(), &Never, &JwkSet::empty(), today, &Default::default());
/// assert_eq!(v.verdict.exit_code(), 2);
/// ```
pub fn verify_pack(
    bytes: &[u8],
    limits: &Limits,
    verifier: &dyn Verifier,
    trusted: &JwkSet,
    today: NaiveDate,
    settings: &Settings,
) -> Verification {
    match parse_and_check(bytes, limits) {
        Err(done) => *done,
        Ok(mut parsed) => {
            if let Some(ok) = parsed
                .consent_response()
                .map(|c| verifier.verify(c.jwk(), c.signing_input(), c.signature()))
            {
                parsed.consent_signature_checked(ok);
            }
            let evidence = Evidence {
                signature_ok: verifier.verify(
                    parsed.jwk(),
                    parsed.signing_input(),
                    parsed.signature(),
                ),
                file_sha256: parsed.hash_files(),
            };
            parsed.conclude(&evidence, trusted, today, settings)
        }
    }
}
