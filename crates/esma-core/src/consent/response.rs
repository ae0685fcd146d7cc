//! The consent response: the parent's or carer's decision, signed with a key
//! made for that occasion (its public half is in the header). Its signed
//! content names the request (its id, the SHA-256 of its signing input and
//! the school's key id), the notice (version and SHA-256) and the SHA-256 of
//! exactly the content they reviewed. See `docs/consent-format.md`.
//!
//! The signature proves the response is unchanged since it was made; it
//! does not prove who made it (nothing without a server could).
//!
//! Two halves around the signature: [`prepare_response`] →
//! [`UnsignedResponse::signing_input`] → [`UnsignedResponse::finish`]; and
//! [`parse_response`] → verify [`ParsedResponse::signing_input`] →
//! [`ParsedResponse::conclude`].

use serde::{Deserialize, Serialize};

use super::request::RequestManifest;
use super::{content_sha256, NOTICE_SHA256, NOTICE_VERSION};
use crate::referral::read::read_into;
use crate::referral::{blank, ConsentDecision, ConsentRecord};
use crate::safe_text::is_clean;
use crate::signed::jwk::PublicJwk;
use crate::signed::jws::{self, FlattenedJws, Header};
use crate::signed::{
    b64, is_utc_timestamp, is_uuid_v4, jcs, read_envelope, read_payload, Kind, SignedFileError,
};

/// The response's `format`.
pub const RESPONSE_FORMAT: &str = "esma-consent-response";
/// The response's JWS `typ`.
pub const RESPONSE_TYP: &str = "esma-consent-response+jws";
/// The file name ending for responses.
pub const RESPONSE_FILE_EXTENSION: &str = crate::file_name::FileKind::ConsentResponse.extension();
/// The longest drawn signature: a PNG data URL of at most this many characters.
pub const MAX_DRAWN_SIGNATURE_CHARS: usize = 200 * 1024;
/// The longest name or relationship, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The largest response read.
pub const MAX_RESPONSE_BYTES: u64 = crate::limits::MAX_CONSENT_RESPONSE_BYTES as u64;
/// The response's `formatVersion` (file and payload) this version writes:
/// 2, which binds the response to its request. Version 1 (no binding) is
/// still read: inside a pack it is checked as before; it can no longer be
/// imported.
pub const RESPONSE_VERSION: u32 = 2;
/// How a drawn signature starts.
pub const PNG_DATA_URL_PREFIX: &str = "data:image/png;base64,";

pub(crate) const RESPONSE_KIND: Kind = Kind {
    format: RESPONSE_FORMAT,
    typ: RESPONSE_TYP,
    title: "consent response",
    noun: "response",
    files: false,
    versions: &[1, 2],
};

/// The signed content of a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsePayload {
    /// 2 ([`RESPONSE_VERSION`]), or 1 for a response made before the
    /// binding to its request.
    pub format_version: u32,
    /// The request answered.
    pub request_id: String,
    /// SHA-256 (hex) of the request's JWS signing input
    /// ([`crate::consent::request::ConsentRequest::request_sha256`]);
    /// version 2 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_sha256: Option<String>,
    /// The key id of the school that signed the request; version 2 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_kid: Option<String>,
    /// Given or refused.
    pub decision: ConsentDecision,
    /// The full name typed.
    pub name: String,
    /// The relationship to the child, typed.
    pub relationship: String,
    /// When, RFC 3339 UTC.
    pub decided_at: String,
    /// The notice's version.
    pub notice_version: String,
    /// The notice text's SHA-256 (hex).
    pub notice_sha256: String,
    /// The content hash of the referral reviewed (hex).
    pub reviewed_content_sha256: String,
    /// Whether the Service Level Agreement was acknowledged (separate from consent).
    pub sla_acknowledged: bool,
    /// A drawn signature, as a PNG data URL, or `null` (the typed name is
    /// always enough).
    pub drawn_signature: Option<String>,
}

// Read by core's strict reader rather than serde's derive (smaller wasm
// where responses are checked): the same form, camelCase, unknown members
// refused, every member required but the two of version 2 and the drawn
// signature, which may be left out.
crate::read_by_members! {
    impl<'de> for ResponsePayload {
        required: [
            format_version, request_id, decision, name, relationship, decided_at, notice_version,
            notice_sha256, reviewed_content_sha256, sla_acknowledged,
        ],
        others_skipped: false,
        blank: ResponsePayload {
            format_version: 0,
            request_id: String::new(),
            request_sha256: None,
            school_kid: None,
            decision: ConsentDecision::Refused,
            name: String::new(),
            relationship: String::new(),
            decided_at: String::new(),
            notice_version: String::new(),
            notice_sha256: String::new(),
            reviewed_content_sha256: String::new(),
            sla_acknowledged: false,
            drawn_signature: None,
        },
        members: {
            format_version: read_into,
            request_id: read_into,
            request_sha256: read_into,
            school_kid: read_into,
            decision: read_into,
            name: read_into,
            relationship: read_into,
            decided_at: read_into,
            notice_version: read_into,
            notice_sha256: read_into,
            reviewed_content_sha256: read_into,
            sla_acknowledged: read_into,
            drawn_signature: read_into,
        },
    }
}

/// The response file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResponseFile {
    /// [`RESPONSE_FORMAT`].
    pub format: String,
    /// 1.
    pub format_version: u32,
    /// The flattened JWS over the payload.
    pub signed: FlattenedJws,
}

impl ResponseFile {
    /// The file's text: pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a response always serialises");
        s.push('\n');
        s
    }
}

/// What the parent or carer decided, as the app collected it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Given or refused.
    pub decision: ConsentDecision,
    /// Their full name (NFC-normalised by the browser).
    pub name: String,
    /// Their relationship to the child.
    pub relationship: String,
    /// Now, RFC 3339 UTC.
    pub decided_at: String,
    /// Whether they acknowledged the Service Level Agreement (separate).
    pub sla_acknowledged: bool,
    /// A drawn signature, a PNG data URL, if they drew one.
    pub drawn_signature: Option<String>,
}

fn is_hex64(s: &str) -> bool {
    b64::parse_sha256_hex(s).is_ok()
}

fn text_ok(s: &str) -> bool {
    !s.trim().is_empty() && s.chars().count() <= MAX_TEXT_CHARS && is_clean(s)
}

/// A key id: an RFC 7638 thumbprint, 43 characters of base64url.
fn is_kid(s: &str) -> bool {
    b64::decode_url(s).is_ok_and(|b| b.len() == 32)
}

fn drawn_ok(d: &str) -> bool {
    d.len() <= MAX_DRAWN_SIGNATURE_CHARS
        && d.strip_prefix(PNG_DATA_URL_PREFIX)
            .and_then(|b| b64::decode_std(b).ok())
            .is_some_and(|png| png.starts_with(b"\x89PNG\r\n\x1a\n"))
}

/// Check a payload's own rules (shapes, limits); `Err` says which part.
fn check_payload(p: &ResponsePayload) -> Result<(), String> {
    let bound = match (p.format_version, &p.request_sha256, &p.school_kid) {
        (1, None, None) => true,
        (2, Some(sha), Some(kid)) => is_hex64(sha) && is_kid(kid),
        _ => false,
    };
    if !bound {
        return Err(
            "The response does not name its request as its format version requires.".into(),
        );
    }
    if !is_uuid_v4(&p.request_id) {
        return Err("The response's request id is not a UUID version 4 in lower case.".into());
    }
    if !text_ok(&p.name) {
        return Err(format!(
            "The name must be given, in at most {MAX_TEXT_CHARS} characters."
        ));
    }
    if !text_ok(&p.relationship) {
        return Err(format!(
            "The relationship to the child must be given, in at most {MAX_TEXT_CHARS} characters."
        ));
    }
    if !is_utc_timestamp(&p.decided_at) {
        return Err("The time of the decision is not an RFC 3339 time in UTC.".into());
    }
    if !text_ok(&p.notice_version)
        || !is_hex64(&p.notice_sha256)
        || !is_hex64(&p.reviewed_content_sha256)
    {
        return Err("The response's notice or content hash is not in the expected form.".into());
    }
    if let Some(d) = &p.drawn_signature {
        if !drawn_ok(d) {
            return Err(format!("The drawn signature must be a PNG image of at most {MAX_DRAWN_SIGNATURE_CHARS} characters as a data URL."));
        }
    }
    Ok(())
}

/// A response with everything but the signature.
#[derive(Debug, Clone)]
pub struct UnsignedResponse {
    payload: ResponsePayload,
    protected: String,
    payload_b64: String,
}

impl UnsignedResponse {
    /// The bytes to sign with ES256, with the one-off key.
    pub fn signing_input(&self) -> Vec<u8> {
        jws::signing_input(&self.protected, &self.payload_b64)
    }

    /// What is about to be signed.
    pub fn payload(&self) -> &ResponsePayload {
        &self.payload
    }

    /// Add the signature (64-byte `r || s`; written in its low-S form).
    pub fn finish(self, signature: [u8; 64]) -> ResponseFile {
        ResponseFile {
            format: RESPONSE_FORMAT.into(),
            format_version: RESPONSE_VERSION,
            signed: FlattenedJws {
                protected: self.protected,
                payload: self.payload_b64,
                signature: b64::encode_url(&jws::low_s(signature)),
            },
        }
    }
}

/// Build the response to a verified request (see
/// [`super::request::ParsedRequest::conclude`]): `request` is its signed
/// content and `reference` names it
/// ([`super::request::ConsentRequest::reference`]). The
/// reviewed content hash is computed here from the referral the parent saw,
/// and the notice is this service's current one (which a verified request
/// carries). `one_off` is the public half of a key made for this response
/// alone.
pub fn prepare_response(
    request: &RequestManifest,
    reference: &RequestRef,
    answer: &Answer,
    one_off: &PublicJwk,
) -> Result<UnsignedResponse, SignedFileError> {
    if reference.request_id != request.request_id {
        return Err(SignedFileError::invalid(
            "The response must answer the request it names.",
        ));
    }
    let payload = ResponsePayload {
        format_version: RESPONSE_VERSION,
        request_id: request.request_id.clone(),
        request_sha256: Some(reference.request_sha256.clone()),
        school_kid: Some(reference.school_kid.clone()),
        decision: answer.decision,
        name: answer.name.trim().to_owned(),
        relationship: answer.relationship.trim().to_owned(),
        decided_at: answer.decided_at.clone(),
        notice_version: NOTICE_VERSION.into(),
        notice_sha256: NOTICE_SHA256.into(),
        reviewed_content_sha256: content_sha256(&request.referral),
        sla_acknowledged: answer.sla_acknowledged,
        drawn_signature: answer.drawn_signature.clone(),
    };
    check_payload(&payload).map_err(SignedFileError::invalid)?;
    Ok(UnsignedResponse {
        payload_b64: b64::encode_url(&jcs::to_vec(&payload).expect("a payload always serialises")),
        protected: Header::for_key_typ(one_off, RESPONSE_TYP).encode(),
        payload,
    })
}

/// A response read as far as can be without cryptography.
#[derive(Debug, Clone)]
pub struct ParsedResponse {
    jwk: PublicJwk,
    signing_input: Vec<u8>,
    signature: [u8; 64],
    payload: Result<ResponsePayload, String>,
    text: String,
}

/// Read a response (at most [`MAX_RESPONSE_BYTES`]) and check everything that
/// needs no cryptography.
pub fn parse_response(bytes: &[u8]) -> Result<ParsedResponse, SignedFileError> {
    if bytes.len() as u64 > MAX_RESPONSE_BYTES {
        return Err(SignedFileError::unreadable(format!("The file is more than the {MAX_RESPONSE_BYTES} bytes a consent response may be, so it was not read.")));
    }
    let e = read_envelope(bytes, &RESPONSE_KIND).map_err(|s| s.error)?;
    let payload = read_payload::<ResponsePayload>(&e.payload, "signed response", e.version)
        .and_then(|p| check_payload(&p.typed).map(|_| p.typed));
    Ok(ParsedResponse {
        signing_input: e.signing_input(),
        jwk: e.header.jwk,
        signature: e.signature,
        payload,
        // read_envelope parsed it as JSON, so it is UTF-8.
        text: String::from_utf8_lossy(bytes).into_owned(),
    })
}

/// The outcome of checking a response against the referral as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ConsentCheck {
    /// Consent given to exactly this content and notice: record it.
    Valid {
        /// The record to put in `referral.consent.record`.
        record: ConsentRecord,
    },
    /// Consent refused: record it (it blocks signing).
    Refused {
        /// The record to put in `referral.consent.record`.
        record: ConsentRecord,
    },
    /// The signature does not verify: changed, or not made with the key it names.
    SignatureInvalid,
    /// The signed content is not a valid response.
    Malformed {
        /// Why.
        reason: String,
    },
    /// It answers another consent request (another id, another request
    /// with the same id, or a request from another school's key).
    OtherRequest,
    /// It was made by an earlier version, before a response named its
    /// request exactly (format version 1): it cannot be imported.
    Unbound,
    /// The referral has changed since the parent reviewed it.
    ContentChanged {
        /// The content hash they reviewed.
        reviewed: String,
        /// The content hash now.
        current: String,
    },
    /// Consent was given against another version of the notice.
    NoticeChanged {
        /// The version they read.
        version: String,
    },
}

impl ConsentCheck {
    /// Whether consent counts.
    pub fn counts(&self) -> bool {
        matches!(self, ConsentCheck::Valid { .. })
    }

    /// The record to keep, for a valid consent or a refusal.
    pub fn record(&self) -> Option<&ConsentRecord> {
        match self {
            ConsentCheck::Valid { record } | ConsentCheck::Refused { record } => Some(record),
            _ => None,
        }
    }

    /// One sentence for the school.
    pub fn message(&self) -> String {
        match self {
            ConsentCheck::Valid { .. } => "The parent or carer gave consent to share exactly what the referral holds now. Their consent has been recorded.".into(),
            ConsentCheck::Refused { .. } => "The parent or carer refused consent. Their refusal has been recorded, and the referral cannot be sent.".into(),
            ConsentCheck::SignatureInvalid => "The response's signature does not match: it has been changed since it was made. It was not recorded; ask the parent or carer to send it again.".into(),
            ConsentCheck::Malformed { reason } => format!("The response cannot be used: {reason} It was not recorded."),
            ConsentCheck::OtherRequest => "The response answers a different consent request, not the one for this referral. It was not recorded.".into(),
            ConsentCheck::Unbound => "The response was made by an earlier version of this service, which did not tie it to its request. It was not recorded; make a new consent request and ask the parent or carer to respond again.".into(),
            ConsentCheck::ContentChanged { .. } => "The referral has changed since the parent or carer reviewed it, so their consent does not cover it. Ask them to review it again.".into(),
            ConsentCheck::NoticeChanged { .. } => "The parent or carer read a different version of the consent notice. Ask them to review the referral again.".into(),
        }
    }
}

impl ParsedResponse {
    /// The bytes that were signed.
    pub fn signing_input(&self) -> &[u8] {
        &self.signing_input
    }

    /// The 64-byte ES256 signature.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The one-off public key from the header.
    pub fn jwk(&self) -> &PublicJwk {
        &self.jwk
    }

    /// The signed content, if it is well formed (not trustworthy until the
    /// signature is checked).
    pub fn payload(&self) -> Option<&ResponsePayload> {
        self.payload.as_ref().ok()
    }

    /// The response file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The record this response makes (its signed content and its text).
    fn record(p: &ResponsePayload, text: &str) -> ConsentRecord {
        ConsentRecord {
            request_id: Some(p.request_id.clone()),
            decision: Some(p.decision),
            name: Some(p.name.clone()),
            relationship: Some(p.relationship.clone()),
            decided_at: Some(p.decided_at.clone()),
            notice_version: Some(p.notice_version.clone()),
            notice_sha256: Some(p.notice_sha256.clone()),
            reviewed_content_sha256: Some(p.reviewed_content_sha256.clone()),
            sla_acknowledged: Some(p.sla_acknowledged),
            response: Some(text.to_owned()),
        }
    }

    /// Finish: `signature_ok` is the ES256 result over
    /// [`ParsedResponse::signing_input`] with [`ParsedResponse::jwk`];
    /// `expected` the request the school sent for this referral (kept when
    /// it made it); `current_content_sha256` [`content_sha256`] of the
    /// referral now. Checks, in order: signature, shape, that the response
    /// names exactly that request (id, SHA-256 and the school's key; a
    /// version 1 response names only an id and is [`ConsentCheck::Unbound`]),
    /// decision (a refusal is recorded whatever else), content, notice.
    pub fn conclude(
        &self,
        signature_ok: bool,
        expected: &RequestRef,
        current_content_sha256: &str,
    ) -> ConsentCheck {
        let expect = Expect {
            request_id: &expected.request_id,
            request_sha256: Some(&expected.request_sha256),
            school_kid: &expected.school_kid,
            check_notice: true,
        };
        self.conclude_with(signature_ok, &expect, current_content_sha256)
    }

    /// [`ParsedResponse::conclude`] with what the caller can know of the
    /// request. Pack verification, which may run years later, knows the
    /// request id (from the record) and the school's key (the pack's
    /// signer) but not the request's hash, reads a version 1 response as it
    /// always did, and compares the record with the response instead of
    /// the notice with today's.
    pub(crate) fn conclude_with(
        &self,
        signature_ok: bool,
        expect: &Expect,
        current_content_sha256: &str,
    ) -> ConsentCheck {
        if !signature_ok {
            return ConsentCheck::SignatureInvalid;
        }
        let p = match &self.payload {
            Ok(p) => p,
            Err(reason) => {
                return ConsentCheck::Malformed {
                    reason: reason.clone(),
                }
            }
        };
        if p.format_version == 1 && expect.request_sha256.is_some() {
            return ConsentCheck::Unbound;
        }
        let names_it = p.request_id == expect.request_id
            && p.school_kid
                .as_deref()
                .is_none_or(|k| k == expect.school_kid)
            && expect
                .request_sha256
                .is_none_or(|h| p.request_sha256.as_deref() == Some(h));
        if !names_it {
            return ConsentCheck::OtherRequest;
        }
        let record = Self::record(p, &self.text);
        if p.decision == ConsentDecision::Refused {
            return ConsentCheck::Refused { record };
        }
        if p.reviewed_content_sha256 != current_content_sha256 {
            return ConsentCheck::ContentChanged {
                reviewed: p.reviewed_content_sha256.clone(),
                current: current_content_sha256.to_owned(),
            };
        }
        if expect.check_notice
            && (p.notice_sha256 != NOTICE_SHA256 || p.notice_version != NOTICE_VERSION)
        {
            return ConsentCheck::NoticeChanged {
                version: p.notice_version.clone(),
            };
        }
        ConsentCheck::Valid { record }
    }
}

/// The request a response must answer, as the school knows it: kept when
/// it made the request ([`super::request::UnsignedRequest::reference`]) or
/// read from the request file
/// ([`super::request::ConsentRequest::reference`]).
///
/// Read by core's strict reader rather than serde's derive: the same form,
/// camelCase, every member required, unknown members skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRef {
    /// The request's id.
    pub request_id: String,
    /// SHA-256 (hex) of the request's JWS signing input.
    pub request_sha256: String,
    /// The key id of the school that signed it.
    pub school_kid: String,
}

crate::read_by_members! {
    impl<'de> for RequestRef {
        required: [request_id, request_sha256, school_kid],
        others_skipped: true,
        blank: RequestRef::default(),
        members: {
            request_id: read_into,
            request_sha256: read_into,
            school_kid: read_into,
        },
    }
}

/// What [`ParsedResponse::conclude_with`] compares a response with.
pub(crate) struct Expect<'a> {
    pub request_id: &'a str,
    /// `None` when the caller does not have the request (a pack).
    pub request_sha256: Option<&'a str>,
    pub school_kid: &'a str,
    pub check_notice: bool,
}

/// Whether a stored record says what the signed payload says (the record's
/// copies are for display; the payload is what was signed).
pub(crate) fn record_matches(record: &ConsentRecord, p: &ResponsePayload) -> bool {
    let mut expected = ParsedResponse::record(p, "");
    expected.response = record.response.clone();
    *record == expected && !blank(&record.response)
}
