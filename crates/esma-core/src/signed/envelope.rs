//! Reading a signed file: its outer parts (format, structure, header,
//! signature length), its payload, and its attached files against the
//! payload's list. Packs (`pack::verify`) and consent files (`consent`) read
//! through here, each with its own [`Kind`], so the checks and their words
//! are written once.
//!
//! Everything here runs before any cryptography and trusts nothing: sizes
//! and depth are bounded by the strict reader, and messages name parts and
//! positions ("file 3", "at attachments[0].size"), never the file's content.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::files::AttachmentEntry;
use super::jws::{self, Header};
use super::{b64, jcs, FORMAT_VERSION};
use crate::json::strict::{self, Caps, JsonErrorKind};
use crate::json::{self, Raw};
use crate::limits::{MAX_ATTACHMENTS, MAX_REFERRAL_BYTES};

/// What kind of signed file [`read_envelope`] reads: a pack, a consent
/// request or a consent response share the outer shape and the header, each
/// with its own `format` and `typ`; a response carries no `files`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub format: &'static str,
    pub typ: &'static str,
    /// "referral pack", "consent request", …
    pub title: &'static str,
    /// "pack", "request", …
    pub noun: &'static str,
    /// Whether the file has a `files` list.
    pub files: bool,
    /// The `formatVersion`s read, oldest first.
    pub versions: &'static [u32],
}

/// Why a signed file cannot be made or read. The text is plain English and
/// never quotes the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFileError {
    /// Not a file of this kind at all (rather than a damaged or changed one).
    pub unreadable: bool,
    /// Why.
    pub reason: String,
}

impl SignedFileError {
    /// A file of the right kind that is damaged, changed or wrong.
    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        SignedFileError {
            unreadable: false,
            reason: reason.into(),
        }
    }

    /// A file that is not of this kind at all (or too big to read).
    pub(crate) fn unreadable(reason: impl Into<String>) -> Self {
        SignedFileError {
            unreadable: true,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for SignedFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for SignedFileError {}

/// The steps of reading the outer parts, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The `format` and `formatVersion`.
    Format,
    /// The members, `signed` and `files`.
    Structure,
    /// The protected header.
    Header,
    /// The signature's length (not its value: that needs cryptography).
    Signature,
}

/// A signed file's outer parts, checked as far as can be without
/// cryptography, with what each passed step found.
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub passed: Vec<(Step, String)>,
    /// The file's `formatVersion` (one of [`Kind::versions`]).
    pub version: u32,
    pub header: Header,
    pub protected: String,
    pub payload: String,
    pub signature: [u8; 64],
    pub files: Vec<ParsedFile>,
}

impl Envelope {
    /// The bytes that were signed.
    pub fn signing_input(&self) -> Vec<u8> {
        jws::signing_input(&self.protected, &self.payload)
    }
}

/// Where [`read_envelope`] stopped: the steps that passed, the one that
/// failed, and why.
#[derive(Debug, Clone)]
pub(crate) struct Stopped {
    pub passed: Vec<(Step, String)>,
    pub at: Step,
    pub error: SignedFileError,
}

/// One decoded `files` entry.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedFile {
    /// The SHA-256 the entry claims (not signed; checked against the manifest).
    pub claimed_sha256: [u8; 32],
    /// The bytes, shared: a page may keep a file to open later without a
    /// second copy (a pack's files may be a hundred megabytes).
    pub data: std::sync::Arc<Vec<u8>>,
}

impl std::fmt::Debug for ParsedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParsedFile({} bytes)", self.data.len())
    }
}

/// SHA-256 of each file's bytes, in order, with `sha2` (native callers; the
/// browser uses WebCrypto).
pub(crate) fn sha256_each(files: &[ParsedFile]) -> Vec<[u8; 32]> {
    files
        .iter()
        .map(|f| Sha256::digest(f.data.as_slice()).into())
        .collect()
}

/// How much a signed file's outer JSON may hold: its few members and a
/// `files` entry (three values) per attachment, with room. The files'
/// base64 may be long; the file's size is limited by each caller.
const OUTER_CAPS: Caps = Caps {
    max_values: 1_000,
    max_string_bytes: usize::MAX,
};

/// An object's members, each left as its raw JSON text (borrowed from the
/// file, not copied or parsed).
#[derive(Deserialize)]
struct Members<'a>(#[serde(borrow)] BTreeMap<Cow<'a, str>, Raw<'a>>);

/// A string, borrowed from the file when it has no escapes (base64 never has).
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// A member read as `T`, if it is there and has that type.
fn member<'a, T: Deserialize<'a>>(m: &Members<'a>, name: &str) -> Option<T> {
    json::from_str(m.0.get(name)?.0).ok()
}

/// Read a signed file's outer parts. `Err` says which step failed and why,
/// after the steps that passed.
///
/// The file is first checked as strict JSON with at most [`OUTER_CAPS`]
/// values, without building anything; then each member is read as its own
/// type, the long base64 strings borrowed rather than copied, so reading
/// costs little more than the file and its decoded attachments.
pub(crate) fn read_envelope(bytes: &[u8], kind: &Kind) -> Result<Envelope, Box<Stopped>> {
    let Kind {
        format: fmt_name,
        typ,
        title,
        noun,
        files: has_files,
        versions,
    } = *kind;
    let mut passed = Vec::new();
    let stop = |passed: Vec<(Step, String)>, at: Step, error: SignedFileError| {
        Err(Box::new(Stopped { passed, at, error }))
    };
    let unreadable =
        |passed, why: String| stop(passed, Step::Format, SignedFileError::unreadable(why));
    let text = match strict::as_str(bytes).and_then(|t| strict::scan(t, OUTER_CAPS).map(|_| t)) {
        Ok(t) => t,
        Err(e) if e.kind == JsonErrorKind::TooManyValues => {
            return unreadable(
                passed,
                format!(
                "The file holds more JSON values than a {title} can, so it was not read further."
            ),
            )
        }
        Err(e) => return unreadable(passed, format!("The file is not valid JSON: it has {e}.")),
    };
    let Ok(top) = json::from_str::<Members>(text) else {
        return unreadable(passed, format!("The file is JSON but not a {title}."));
    };
    if member::<Text>(&top, "format").map(|t| t.0) != Some(Cow::Borrowed(fmt_name)) {
        return unreadable(
            passed,
            format!("The file is not an ESMA {title}: its \"format\" is not \"{fmt_name}\"."),
        );
    }
    let newest = versions.last().copied().unwrap_or(FORMAT_VERSION);
    let version = match top.0.get("formatVersion").map(|v| json::from_str::<u64>(v.0)) {
        Some(Ok(n)) if versions.iter().any(|&v| u64::from(v) == n) => n as u32,
        Some(Ok(_)) => {
            return unreadable(
                passed,
                format!("The {noun} uses a format version this checker does not read (it reads version {}).", versions_text(versions)),
            )
        }
        _ => {
            return stop(
                passed,
                Step::Format,
                SignedFileError::invalid(format!("The {noun}'s \"formatVersion\" is missing or is not the number {newest}.")),
            )
        }
    };
    passed.push((
        Step::Format,
        format!("The file is an ESMA {title}, format version {version}."),
    ));

    let fail = |passed, why: String| stop(passed, Step::Structure, SignedFileError::invalid(why));
    if top.0.keys().any(|k| {
        let known = matches!(k.as_ref(), "format" | "formatVersion" | "signed")
            || (has_files && k == "files");
        !known
    }) {
        let allowed = if has_files {
            "format, formatVersion, signed and files"
        } else {
            "format, formatVersion and signed"
        };
        return fail(passed, format!("The {noun} has a member that is not part of the format (only {allowed} are allowed)."));
    }
    let Some(signed) = member::<Members>(&top, "signed") else {
        return fail(passed, format!("The {noun} has no \"signed\" object."));
    };
    if signed
        .0
        .keys()
        .any(|k| !matches!(k.as_ref(), "protected" | "payload" | "signature"))
    {
        return fail(
            passed,
            "\"signed\" has members other than protected, payload and signature (an unprotected header, or a detached or general JWS), which are not allowed.".into(),
        );
    }
    let text_of = |name: &str| member::<Text>(&signed, name).map(|t| t.0);
    let (Some(protected), Some(payload), Some(signature)) = (
        text_of("protected"),
        text_of("payload"),
        text_of("signature"),
    ) else {
        return fail(
            passed,
            "\"signed\" needs protected, payload and signature, each as text.".into(),
        );
    };
    let entries: Vec<Raw> = match top.0.get("files") {
        Some(raw) => match json::from_str(raw.0) {
            Ok(entries) => entries,
            Err(_) => return fail(passed, format!("The {noun} has no \"files\" list.")),
        },
        None if !has_files => Vec::new(),
        None => return fail(passed, format!("The {noun} has no \"files\" list.")),
    };
    if entries.len() > MAX_ATTACHMENTS {
        return fail(
            passed,
            format!("The {noun} carries more than {MAX_ATTACHMENTS} files, more than the format allows."),
        );
    }
    let mut files = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let n = i + 1;
        let Ok(e) = json::from_str::<Members>(e.0) else {
            return fail(passed, format!("files[{i}] (file {n}) is not an object."));
        };
        if e.0.len() != 2 {
            return fail(
                passed,
                format!("files[{i}] (file {n}) must have exactly sha256 and data."),
            );
        }
        let (Some(Text(sha)), Some(Text(data))) = (member(&e, "sha256"), member(&e, "data")) else {
            return fail(
                passed,
                format!("files[{i}] (file {n}) must have sha256 and data, each as text."),
            );
        };
        let Ok(claimed_sha256) = b64::parse_sha256_hex(&sha) else {
            return fail(
                passed,
                format!("files[{i}].sha256 (file {n}) is not 64 lower-case hexadecimal digits."),
            );
        };
        let data = match b64::decode_std(&data) {
            Ok(d) => std::sync::Arc::new(d),
            Err(err) => {
                return fail(
                    passed,
                    format!("files[{i}].data (file {n}) is not standard base64: it has {err}."),
                )
            }
        };
        files.push(ParsedFile {
            claimed_sha256,
            data,
        });
    }
    passed.push((
        Step::Structure,
        if has_files {
            format!(
                "The {noun} holds a flattened JWS and {} file(s).",
                files.len()
            )
        } else {
            format!("The {noun} holds a flattened JWS.")
        },
    ));

    let header = match jws::check_header_typ(&protected, typ) {
        Ok(h) => h,
        Err(e) => {
            return stop(
                passed,
                Step::Header,
                SignedFileError::invalid(e.to_string()),
            )
        }
    };
    passed.push((
        Step::Header,
        format!("The header names ES256 and the {noun} type, carries the signer's public key (and no private key), and its key id is that key's thumbprint."),
    ));
    let Some(signature) = jws::decode_signature(&signature) else {
        return stop(
            passed,
            Step::Signature,
            SignedFileError::invalid(
                "The signature is not 64 bytes of base64url, as ES256 requires.",
            ),
        );
    };
    if !jws::is_low_s(&signature) {
        return stop(
            passed,
            Step::Signature,
            SignedFileError::invalid(
                "The signature is in its high-S form, which is refused (docs/pack-format.md, section 2): the file has been changed, or was made by a version of the service from before that rule. Make it again.",
            ),
        );
    }
    Ok(Envelope {
        passed,
        version,
        header,
        protected: protected.into_owned(),
        payload: payload.into_owned(),
        signature,
        files,
    })
}

/// "1", or "1 and 2".
fn versions_text(versions: &[u32]) -> String {
    let all: Vec<String> = versions.iter().map(u32::to_string).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => all.join(""),
    }
}

/// A signed payload, read: its type and its JSON (for checks on parts the
/// type does not keep, such as unknown members).
pub(crate) struct Payload<T> {
    pub typed: T,
    pub json: Value,
}

/// Read a signed payload: base64url, strict JSON within
/// [`crate::limits::CAPS`], its own RFC 8785 form, `formatVersion`
/// `version`, then the shape of `T`. Errors name `what` ("signed
/// manifest") and a path, never a value.
pub(crate) fn read_payload<T: serde::de::DeserializeOwned>(
    payload_b64: &str,
    what: &str,
    version: u32,
) -> Result<Payload<T>, String> {
    let too_large =
        || format!("The {what} is larger than the {MAX_REFERRAL_BYTES} bytes the format allows.");
    if payload_b64.len() > MAX_REFERRAL_BYTES / 3 * 4 + 4 {
        return Err(too_large());
    }
    let bytes = b64::decode_url(payload_b64)
        .map_err(|e| format!("The {what} is not base64url: it has {e}."))?;
    if bytes.len() > MAX_REFERRAL_BYTES {
        return Err(too_large());
    }
    let text =
        strict::as_str(&bytes).map_err(|e| format!("The {what} is not valid JSON: it has {e}."))?;
    let value = strict::parse_with(text, crate::limits::CAPS)
        .map_err(|e| format!("The {what} is not valid JSON: it has {e}."))?;
    if jcs::to_string(&value).as_bytes() != bytes.as_slice() {
        return Err(format!(
            "The {what} is not in RFC 8785 canonical form, as the format requires."
        ));
    }
    match value.get("formatVersion") {
        Some(n) if n.as_u64() == Some(u64::from(version)) => {}
        _ => return Err(format!("The {what}'s formatVersion is not {version}.")),
    }
    let typed = crate::json::from_str::<T>(text).map_err(|e| {
        if e.path.is_empty() {
            // Without field paths (the browser's build): where in the text.
            format!(
                "The {what} is not in the expected shape: it has {} at character {}.",
                e.problem.describe(),
                e.column
            )
        } else {
            format!(
                "The {what} is not in the expected shape: at {} there is {}.",
                short(&e.path),
                e.problem.describe()
            )
        }
    })?;
    Ok(Payload { typed, json: value })
}

/// At most 200 bytes of `e`, cut at a character boundary.
fn short(e: impl std::fmt::Display) -> String {
    let mut s = e.to_string();
    if s.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// Something wrong between a signed file's attached files and the list in
/// its signed payload. Positions are 0-based; the callers word them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileProblem {
    /// Fewer or more hashes than files: nothing else could be checked.
    NotHashed,
    /// File `i`'s bytes do not match the SHA-256 its entry claims.
    Changed(usize),
    /// File `i` claims the SHA-256 of an earlier file.
    Repeated(usize),
    /// Listed attachment `index` (of `of`) has no file with its SHA-256.
    NotCarried { index: usize, of: usize },
    /// Listed attachment `index`'s file is not the listed size.
    WrongSize { index: usize, of: usize },
    /// File `i` is not in the list.
    NotListed(usize),
}

/// Match the files (with `sha256`, the hash of each file's bytes, in order)
/// against the payload's list of attachments, when it could be read. Every
/// problem, in this order: each file changed or repeated; each listed
/// attachment not carried or of the wrong size; each file not listed.
pub(crate) fn file_problems(
    files: &[ParsedFile],
    sha256: &[[u8; 32]],
    listed: Option<&[AttachmentEntry]>,
) -> Vec<FileProblem> {
    if sha256.len() != files.len() {
        return vec![FileProblem::NotHashed];
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, (f, got)) in files.iter().zip(sha256).enumerate() {
        if *got != f.claimed_sha256 {
            out.push(FileProblem::Changed(i));
        }
        if !seen.insert(f.claimed_sha256) {
            out.push(FileProblem::Repeated(i));
        }
    }
    let Some(attachments) = listed else {
        return out;
    };
    let wanted: Vec<Option<[u8; 32]>> = attachments
        .iter()
        .map(|a| b64::parse_sha256_hex(&a.sha256).ok())
        .collect();
    let of = attachments.len();
    for (index, (a, want)) in attachments.iter().zip(&wanted).enumerate() {
        match want.and_then(|w| files.iter().find(|f| f.claimed_sha256 == w)) {
            None => out.push(FileProblem::NotCarried { index, of }),
            Some(f) if f.data.len() as u64 != a.size => {
                out.push(FileProblem::WrongSize { index, of })
            }
            Some(_) => {}
        }
    }
    for (i, f) in files.iter().enumerate() {
        if !wanted.contains(&Some(f.claimed_sha256)) {
            out.push(FileProblem::NotListed(i));
        }
    }
    out
}
