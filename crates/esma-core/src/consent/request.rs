//! The consent request: what the school sends the parent or carer to review,
//! signed with the school's key. Same envelope as a pack (`format`,
//! `formatVersion`, a flattened ES256 JWS over the JCS of the manifest, and
//! the attachments' bytes in `files`), with its own `format` and `typ`. See
//! `docs/consent-format.md`.
//!
//! Two halves around the signature, as for packs: [`prepare_request`] (or
//! [`prepare_request_described`] when the browser keeps the files) →
//! `signing_input()` → `finish(signature)`; and [`parse_request`] →
//! verify [`ParsedRequest::signing_input`] and hash [`ParsedRequest::files`]
//! → [`ParsedRequest::conclude`].

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::response::RequestRef;
use super::{content_sha256, NOTICE_SHA256, NOTICE_TEXT, NOTICE_VERSION};
use crate::limits::check_referral_value;
use crate::referral::read::{read_into, read_struct_into};
use crate::referral::{Consent, Referral};
use crate::signed::jwk::PublicJwk;
use crate::signed::{
    attachment_entries, b64, file_problems, is_utc_timestamp, is_uuid_v4, match_attachments,
    read_envelope, read_payload, sha256_each, take_in_order, AttachmentEntry, DescribedFile,
    FileProblem, Kind, PackFile, ParsedFile, Signable, SignedFile, SignedFileError,
    UnsignedDescribed,
};

/// The request's `format`.
pub const REQUEST_FORMAT: &str = "esma-consent-request";
/// The request's JWS `typ`.
pub const REQUEST_TYP: &str = "esma-consent-request+jws";
/// The file name ending for requests.
pub const REQUEST_FILE_EXTENSION: &str = crate::file_name::FileKind::ConsentRequest.extension();
/// The largest request read (attachments included, as for a pack).
pub const MAX_REQUEST_BYTES: u64 = 200 * 1024 * 1024;

pub(crate) const REQUEST_KIND: Kind = Kind {
    format: REQUEST_FORMAT,
    typ: REQUEST_TYP,
    title: "consent request",
    noun: "request",
    files: true,
    versions: &[1],
};

/// The signed content of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestManifest {
    /// Always 1.
    pub format_version: u32,
    /// A UUID v4, lower case; the response names it.
    pub request_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Who is asking.
    pub school: RequestSchool,
    /// The consent notice the parent reads.
    pub notice: NoticeEntry,
    /// The referral to review, with its `consent` part left empty.
    #[serde(serialize_with = "crate::referral::write::serialize")]
    pub referral: Referral,
    /// [`content_sha256`] of `referral`.
    pub content_sha256: String,
    /// Every attachment, as in a pack.
    pub attachments: Vec<AttachmentEntry>,
}

/// The school and the member of staff asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSchool {
    /// The school's name.
    pub name: Option<String>,
    /// The referrer's name.
    pub referrer: Option<String>,
}

/// The notice, by version, hash and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeEntry {
    /// [`NOTICE_VERSION`].
    pub version: String,
    /// [`NOTICE_SHA256`].
    pub sha256: String,
    /// [`NOTICE_TEXT`].
    pub text: String,
}

// The three are read by core's strict reader rather than serde's derive
// (smaller wasm on the parent's page): the same form, camelCase, unknown
// members refused, every member required but the school's two.
crate::read_by_members! {
    impl<'de> for RequestManifest {
        required: [
            format_version, request_id, created_at, school, notice, referral, content_sha256,
            attachments,
        ],
        others_skipped: false,
        blank: RequestManifest {
            format_version: 0,
            request_id: String::new(),
            created_at: String::new(),
            school: RequestSchool { name: None, referrer: None },
            notice: NoticeEntry {
                version: String::new(),
                sha256: String::new(),
                text: String::new(),
            },
            referral: Referral::default(),
            content_sha256: String::new(),
            attachments: Vec::new(),
        },
        members: {
            format_version: read_into,
            request_id: read_into,
            created_at: read_into,
            school: read_into,
            notice: read_into,
            referral: read_struct_into,
            content_sha256: read_into,
            attachments: read_into,
        },
    }
}

crate::read_by_members! {
    impl<'de> for RequestSchool {
        required: [],
        others_skipped: false,
        blank: RequestSchool { name: None, referrer: None },
        members: {
            name: read_into,
            referrer: read_into,
        },
    }
}

crate::read_by_members! {
    impl<'de> for NoticeEntry {
        required: [version, sha256, text],
        others_skipped: false,
        blank: NoticeEntry {
            version: String::new(),
            sha256: String::new(),
            text: String::new(),
        },
        members: {
            version: read_into,
            sha256: read_into,
            text: read_into,
        },
    }
}

/// What the caller supplies: a fresh UUID v4 and the time (RFC 3339 UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    /// A UUID v4, lower case.
    pub request_id: String,
    /// RFC 3339 UTC.
    pub created_at: String,
}

/// The manifest for a referral (a draft: blocking findings are allowed, as
/// a request is made before consent exists).
pub fn build_manifest(
    referral: &Referral,
    info: &RequestInfo,
) -> Result<RequestManifest, SignedFileError> {
    if !is_uuid_v4(&info.request_id) {
        return Err(SignedFileError::invalid(
            "The request id is not a UUID version 4 in lower case.",
        ));
    }
    if !is_utc_timestamp(&info.created_at) {
        return Err(SignedFileError::invalid(
            "The creation time is not an RFC 3339 time in UTC.",
        ));
    }
    let mut referral = referral.clone();
    referral.consent = Consent::default();
    crate::limits::check_referral(&referral).map_err(|e| {
        SignedFileError::invalid(format!(
            "The request could not be made: the referral is beyond the format's limits: {e}."
        ))
    })?;
    let attachments = attachment_entries(&referral).map_err(|e| {
        SignedFileError::invalid(format!(
            "The request could not be made: {e}. Attach the file again."
        ))
    })?;
    Ok(RequestManifest {
        format_version: 1,
        request_id: info.request_id.clone(),
        created_at: info.created_at.clone(),
        school: RequestSchool {
            name: referral.school.name.clone(),
            referrer: referral.school.referrer.name.clone(),
        },
        notice: NoticeEntry {
            version: NOTICE_VERSION.into(),
            sha256: NOTICE_SHA256.into(),
            text: NOTICE_TEXT.into(),
        },
        content_sha256: content_sha256(&referral),
        referral,
        attachments,
    })
}

/// A request with everything but the signature.
#[derive(Debug, Clone)]
pub struct UnsignedRequest {
    manifest: RequestManifest,
    inner: Signable,
}

impl UnsignedRequest {
    /// The bytes to sign with ES256 (`protected '.' payload`).
    pub fn signing_input(&self) -> Vec<u8> {
        self.inner.signing_input()
    }

    /// What the school keeps to check the response against: the request's
    /// id, the SHA-256 of its signing input and the school's key id.
    pub fn reference(&self, school: &PublicJwk) -> RequestRef {
        reference(&self.manifest, &self.signing_input(), school)
    }

    /// What is about to be signed.
    pub fn manifest(&self) -> &RequestManifest {
        &self.manifest
    }

    /// Add the signature (64-byte `r || s`): the request file, a signed
    /// file like a pack (write it with [`SignedFile::to_json`]).
    pub fn finish(self, signature: [u8; 64]) -> SignedFile {
        self.inner.finish(signature)
    }
}

/// Build a request from the referral and every attachment's bytes (with
/// their SHA-256), to be signed by the school's key `signer`.
pub fn prepare_request(
    referral: &Referral,
    files: Vec<PackFile>,
    info: &RequestInfo,
    signer: &PublicJwk,
) -> Result<UnsignedRequest, SignedFileError> {
    let manifest = build_manifest(referral, info)?;
    let described: Vec<DescribedFile> = files.iter().map(PackFile::describe).collect();
    let order = match_attachments(&manifest.attachments, &described)
        .map_err(|e| SignedFileError::invalid(e.to_string()))?;
    let inner = Signable::new(
        REQUEST_FORMAT,
        REQUEST_TYP,
        &manifest,
        signer,
        take_in_order(files, order),
    );
    Ok(UnsignedRequest { manifest, inner })
}

/// What identifies a request to its response: its id, the SHA-256 (hex) of
/// its signing input, the school's key id.
fn reference(m: &RequestManifest, signing_input: &[u8], school: &PublicJwk) -> RequestRef {
    RequestRef {
        request_id: m.request_id.clone(),
        request_sha256: b64::hex(&Sha256::digest(signing_input)),
        school_kid: school.thumbprint(),
    }
}

/// [`UnsignedRequest::reference`] for a request made with
/// [`prepare_request_described`]: `signing_input` is the one it signed.
pub fn reference_described(
    m: &RequestManifest,
    unsigned: &UnsignedDescribed,
    school: &PublicJwk,
) -> RequestRef {
    reference(m, &unsigned.signing_input(), school)
}

/// Like [`prepare_request`], for files whose bytes the caller keeps: finish
/// with [`UnsignedDescribed::finish_parts`] and write each file's base64 in.
pub fn prepare_request_described(
    referral: &Referral,
    files: &[DescribedFile],
    info: &RequestInfo,
    signer: &PublicJwk,
) -> Result<(RequestManifest, UnsignedDescribed), SignedFileError> {
    let manifest = build_manifest(referral, info)?;
    let order = match_attachments(&manifest.attachments, files)
        .map_err(|e| SignedFileError::invalid(e.to_string()))?;
    let unsigned = Signable::described(
        REQUEST_FORMAT,
        REQUEST_TYP,
        &manifest,
        signer,
        order.into_iter().map(|j| files[j]).collect(),
    );
    Ok((manifest, unsigned))
}

/// A request read as far as can be without cryptography.
#[derive(Debug, Clone)]
pub struct ParsedRequest {
    jwk: PublicJwk,
    kid: String,
    signing_input: Vec<u8>,
    signature: [u8; 64],
    manifest: Result<RequestManifest, String>,
    files: Vec<ParsedFile>,
}

/// A request whose signature, content hash, notice and files all check out.
#[derive(Debug, Clone)]
pub struct ConsentRequest {
    /// The signed content.
    pub manifest: RequestManifest,
    /// The school's key id (RFC 7638 thumbprint).
    pub kid: String,
    /// The school's key fingerprint, for reading aloud.
    pub fingerprint: String,
    /// The attachments' bytes, in the request's order, each matching its
    /// manifest entry by SHA-256 and size.
    pub files: Vec<ParsedFile>,
    /// SHA-256 (hex) of the request's signing input: a response names it.
    pub request_sha256: String,
}

impl ConsentRequest {
    /// What a response to this request names ([`RequestRef`]).
    pub fn reference(&self) -> RequestRef {
        RequestRef {
            request_id: self.manifest.request_id.clone(),
            request_sha256: self.request_sha256.clone(),
            school_kid: self.kid.clone(),
        }
    }

    /// The bytes of the attachment with this id, if the request carries it.
    pub fn file_for(&self, attachment_id: &str) -> Option<&ParsedFile> {
        let a = self
            .manifest
            .attachments
            .iter()
            .find(|a| a.id == attachment_id)?;
        let want = b64::parse_sha256_hex(&a.sha256).ok()?;
        self.files.iter().find(|f| f.claimed_sha256 == want)
    }
}

/// Read a request (at most [`MAX_REQUEST_BYTES`]) and check everything that
/// needs no cryptography.
pub fn parse_request(bytes: &[u8]) -> Result<ParsedRequest, SignedFileError> {
    if bytes.len() as u64 > MAX_REQUEST_BYTES {
        return Err(SignedFileError::unreadable(format!(
            "The file is {} bytes, more than the {MAX_REQUEST_BYTES} bytes a consent request may be, so it was not read.",
            bytes.len()
        )));
    }
    let e = read_envelope(bytes, &REQUEST_KIND).map_err(|s| s.error)?;
    Ok(ParsedRequest {
        signing_input: e.signing_input(),
        kid: e.header.kid.clone(),
        jwk: e.header.jwk,
        signature: e.signature,
        manifest: read_payload::<RequestManifest>(&e.payload, "signed request", 1).and_then(|p| {
            check_referral_value(p.json.get("referral").unwrap_or(&Value::Null)).map_err(|e| {
                format!(
                    "The signed request is beyond the format's limits: at referral.{} there is {}.",
                    e.path,
                    e.problem.describe()
                )
            })?;
            Ok(p.typed)
        }),
        files: e.files,
    })
}

impl ParsedRequest {
    /// The bytes that were signed.
    pub fn signing_input(&self) -> &[u8] {
        &self.signing_input
    }

    /// The 64-byte ES256 signature.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The school's public key from the header.
    pub fn jwk(&self) -> &PublicJwk {
        &self.jwk
    }

    /// The attached files, to hash.
    pub fn files(&self) -> &[ParsedFile] {
        &self.files
    }

    /// SHA-256 of every file with `sha2` (native callers).
    pub fn hash_files(&self) -> Vec<[u8; 32]> {
        sha256_each(&self.files)
    }

    /// Finish with the signature's result and each file's SHA-256 (in
    /// [`ParsedRequest::files`]' order). Checks, in order: the signature; the
    /// signed content's shape; the request id and time; that the notice is
    /// this service's current notice; that `contentSha256` is the content
    /// hash of the referral it carries and `attachments` its attachments;
    /// and every file against the attachments.
    pub fn conclude(
        self,
        signature_ok: bool,
        file_sha256: &[[u8; 32]],
    ) -> Result<ConsentRequest, SignedFileError> {
        if !signature_ok {
            return Err(SignedFileError::invalid("The request's signature does not match: it has been changed since the school signed it, or was not signed with the key it names. Ask the school to send it again."));
        }
        let m = self.manifest.map_err(SignedFileError::invalid)?;
        if !is_uuid_v4(&m.request_id) || !is_utc_timestamp(&m.created_at) {
            return Err(SignedFileError::invalid(
                "The request's id or creation time is not in the expected form.",
            ));
        }
        if m.notice.version != NOTICE_VERSION
            || m.notice.sha256 != NOTICE_SHA256
            || m.notice.text != NOTICE_TEXT
        {
            return Err(SignedFileError::invalid("The request was made with a different version of the consent notice. Ask the school to make the request again with the current version of the service."));
        }
        if m.content_sha256 != content_sha256(&m.referral) {
            return Err(SignedFileError::invalid(
                "The request's content hash does not match the referral it carries.",
            ));
        }
        if attachment_entries(&m.referral).ok().as_ref() != Some(&m.attachments) {
            return Err(SignedFileError::invalid(
                "The request's list of files does not match the referral it carries.",
            ));
        }
        if let Some(p) = file_problems(&self.files, file_sha256, Some(&m.attachments)).first() {
            return Err(SignedFileError::invalid(file_problem(*p)));
        }
        Ok(ConsentRequest {
            fingerprint: self.jwk.fingerprint(),
            kid: self.kid,
            manifest: m,
            files: self.files,
            request_sha256: b64::hex(&Sha256::digest(&self.signing_input)),
        })
    }
}

/// The first problem with a request's files, in words (a wrong size reads
/// as a file not carried: either way the request is not what was signed).
fn file_problem(p: FileProblem) -> String {
    match p {
        FileProblem::NotHashed => {
            "The files were not all hashed, so they could not be checked.".into()
        }
        FileProblem::Changed(i) => format!(
            "File {} in the request has been changed: its content does not match its SHA-256.",
            i + 1
        ),
        FileProblem::Repeated(i) => {
            format!("File {} appears more than once in the request.", i + 1)
        }
        FileProblem::NotCarried { index, of } | FileProblem::WrongSize { index, of } => format!(
            "Attachment {} of {of} is listed in the request, but the request does not carry its file (or carries a changed one).",
            index + 1
        ),
        FileProblem::NotListed(i) => format!(
            "File {} in the request is not listed in its signed content.",
            i + 1
        ),
    }
}
