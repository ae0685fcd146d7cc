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

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::b64;
use super::jcs;
use super::jwk::{JwkSet, PublicJwk};
use super::jws::{self, Header, Verifier};
use super::manifest::{is_utc_timestamp, AppInfo, Manifest, RecordedFinding, RecordedSeverity};
use super::{FORMAT, FORMAT_VERSION};
use crate::consent::response::{parse_response, record_matches, ConsentCheck, ParsedResponse};
use crate::referral::ConsentDecision;
use crate::rules::Severity;
use crate::settings::Settings;
use crate::validate::{validate, Report};

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

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// The file is an ESMA pack of a version we read, within the size limit.
    Format,
    /// The outer structure: `signed` and `files` with the right members.
    Structure,
    /// The protected header: ES256, typ, public jwk, kid = thumbprint.
    Header,
    /// The ES256 signature over header and manifest.
    Signature,
    /// The signed manifest: canonical JSON, version 1, every part present.
    Manifest,
    /// The attached files against the manifest.
    Files,
    /// The signer's key against the council's trusted list.
    Signer,
    /// The parent's or carer's consent: a signed consent response bound to
    /// the referral, or a paper form (which cannot be checked).
    Consent,
}

impl CheckKind {
    /// A short heading for the check.
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Format => "Pack file",
            CheckKind::Structure => "Pack structure",
            CheckKind::Header => "Signature header",
            CheckKind::Signature => "Signature",
            CheckKind::Manifest => "Signed manifest",
            CheckKind::Files => "Attached files",
            CheckKind::Signer => "Signer",
            CheckKind::Consent => "Parental consent",
        }
    }
}

/// One check and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked.
    pub what: CheckKind,
    /// Whether it passed.
    pub ok: bool,
    /// What was found, in plain English.
    pub detail: String,
}

impl Check {
    fn pass(what: CheckKind, detail: impl Into<String>) -> Self {
        Check {
            what,
            ok: true,
            detail: detail.into(),
        }
    }
    fn fail(what: CheckKind, detail: impl Into<String>) -> Self {
        Check {
            what,
            ok: false,
            detail: detail.into(),
        }
    }
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Verdict {
    /// Valid, and signed by a key on the trusted list.
    Trusted,
    /// Valid, but the signer's key is not on the trusted list.
    ValidUnknownSigner,
    /// Something does not match: changed, damaged or forged.
    Invalid {
        /// The details of the failed checks.
        reasons: Vec<String>,
    },
    /// Not a pack this program can read.
    Unreadable {
        /// Why.
        reason: String,
    },
}

impl Verdict {
    /// The exit code of `esma-referral verify`: 0 trusted, 3 unknown signer,
    /// 1 invalid, 2 unreadable.
    pub fn exit_code(&self) -> u8 {
        match self {
            Verdict::Trusted => 0,
            Verdict::ValidUnknownSigner => 3,
            Verdict::Invalid { .. } => 1,
            Verdict::Unreadable { .. } => 2,
        }
    }

    /// One sentence for the top of the result.
    pub fn headline(&self) -> &'static str {
        match self {
            Verdict::Trusted => "Valid: the pack is intact and signed by a trusted school key.",
            Verdict::ValidUnknownSigner => {
                "Valid signature, unknown signer: the pack is intact, but the key that signed it is not on the trusted list."
            }
            Verdict::Invalid { .. } => "Invalid: the pack has been changed or damaged since it was signed. Do not rely on it.",
            Verdict::Unreadable { .. } => "Unreadable: this file is not a referral pack that can be checked.",
        }
    }
}

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerInfo {
    /// The key's RFC 7638 thumbprint.
    pub kid: String,
    /// The same, grouped for reading aloud.
    pub fingerprint: String,
    /// Whether it is on the trusted list.
    pub trusted: bool,
}

/// What the pack says about itself (from the signed manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackSummary {
    /// The pack id.
    pub pack_id: String,
    /// When it was made.
    pub created_at: String,
    /// What made it.
    pub app: AppInfo,
    /// How many attachments it lists.
    pub attachments: usize,
}

/// A finding in the comparison (from the rule tables, not the referral).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FindingRef {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: RecordedSeverity,
    /// Field path.
    pub field: String,
    /// Staff message.
    pub message: String,
}

impl From<&RecordedFinding> for FindingRef {
    fn from(f: &RecordedFinding) -> Self {
        FindingRef {
            rule: f.rule.clone(),
            severity: f.severity,
            field: f.field.clone(),
            message: f.message.clone(),
        }
    }
}

/// Today's rules against the findings recorded at signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RulesToday {
    /// The date the rules were run for.
    pub today: String,
    /// The rules version recorded in the pack.
    pub rules_version_recorded: String,
    /// The rules version of this checker.
    pub rules_version_now: String,
    /// Findings today that were not recorded.
    pub new_findings: Vec<FindingRef>,
    /// Recorded findings that no longer apply.
    pub resolved_findings: Vec<FindingRef>,
    /// How many findings block the referral today.
    pub blocking_now: usize,
    /// Whether the recorded findings or checklist differ from today's.
    pub changed: bool,
    /// The rules among the new and no-longer-found findings that were added
    /// or changed since the pack's rules version
    /// ([`crate::rules::changed_since`]): those differences come from the
    /// rules, not from the referral. Empty when the versions are the same.
    pub changed_rules: Vec<String>,
}

/// The parent's or carer's consent as the signed referral records it
/// (shown only for a valid pack).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentSummary {
    /// `app` (a signed consent response), `paper` (a scanned form) or `none`.
    pub route: &'static str,
    /// Given or refused (app route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<ConsentDecision>,
    /// Who: the name the parent or carer typed (app route). Not serialised
    /// and not in [`Verification::to_text`]: nothing the pack says is
    /// repeated in the checker's own output (the council's view shows it
    /// beside the referral; the CLI prints it apart, for a passed check).
    #[serde(skip)]
    pub name: Option<String>,
    /// Their relationship to the child, as typed (app route; not serialised).
    #[serde(skip)]
    pub relationship: Option<String>,
    /// When they decided, RFC 3339 UTC (app route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    /// The consent notice's version (app route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_version: Option<String>,
    /// Whether they acknowledged the Service Level Agreement, separately (app route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla_acknowledged: Option<bool>,
    /// Whether they drew a signature as well as typing their name (app route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drawn_signature: Option<bool>,
}

impl ConsentSummary {
    fn of(r: &crate::referral::Referral, drawn: Option<bool>) -> Self {
        let c = &r.consent;
        match &c.record {
            Some(rec) => ConsentSummary {
                route: "app",
                decision: rec.decision,
                name: rec.name.clone(),
                relationship: rec.relationship.clone(),
                decided_at: rec.decided_at.clone().filter(|t| is_utc_timestamp(t)),
                notice_version: rec.notice_version.clone(),
                sla_acknowledged: rec.sla_acknowledged,
                drawn_signature: drawn,
            },
            None => ConsentSummary {
                route: if c.signed == Some(true) {
                    "paper"
                } else {
                    "none"
                },
                decision: None,
                name: None,
                relationship: None,
                decided_at: None,
                notice_version: None,
                sla_acknowledged: None,
                drawn_signature: None,
            },
        }
    }
}

/// Everything the checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The outcome.
    pub verdict: Verdict,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The signer, once the header has been read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<SignerInfo>,
    /// The pack's own description, once the manifest has been read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackSummary>,
    /// Today's rules against the recorded findings (valid packs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_today: Option<RulesToday>,
    /// The parent's or carer's consent (valid packs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSummary>,
    /// The text of a reply to the school.
    pub reply: String,
    /// The verified manifest, for the council's view (not serialised:
    /// `verify --json` reports on the pack without repeating the referral).
    #[serde(skip)]
    pub manifest: Option<Manifest>,
}

impl Verification {
    fn stop(checks: Vec<Check>, verdict: Verdict) -> Self {
        let reply = reply_for_unusable(&verdict);
        Verification {
            verdict,
            checks,
            signer: None,
            pack: None,
            rules_today: None,
            consent: None,
            reply,
            manifest: None,
        }
    }

    fn unreadable(checks: Vec<Check>, reason: String) -> Self {
        let mut checks = checks;
        checks.push(Check::fail(CheckKind::Format, reason.clone()));
        Self::stop(checks, Verdict::Unreadable { reason })
    }

    fn invalid(mut checks: Vec<Check>, what: CheckKind, reason: String) -> Self {
        checks.push(Check::fail(what, reason.clone()));
        Self::stop(
            checks,
            Verdict::Invalid {
                reasons: vec![reason],
            },
        )
    }

    /// The result as readable text (what `verify` prints).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.verdict.headline());
        let _ = writeln!(s);
        for c in &self.checks {
            let _ = writeln!(
                s,
                "  [{}] {}: {}",
                if c.ok { "pass" } else { "FAIL" },
                c.what.label(),
                c.detail
            );
        }
        if let Some(p) = &self.pack {
            let _ = writeln!(s);
            let _ = writeln!(s, "Pack id:      {}", p.pack_id);
            let _ = writeln!(s, "Created at:   {}", p.created_at);
            let _ = writeln!(
                s,
                "Made with:    {} {} (rules {})",
                p.app.name, p.app.version, p.app.rules_version
            );
            let _ = writeln!(s, "Attachments:  {}", p.attachments);
        }
        if let Some(k) = &self.signer {
            let _ = writeln!(s, "Signer key:   {}", k.fingerprint);
        }
        if let Some(c) = &self.consent {
            let _ = writeln!(s);
            let none = String::new();
            match c.route {
                "app" => {
                    let decision = match c.decision {
                        Some(ConsentDecision::Given) => "given",
                        Some(ConsentDecision::Refused) => "refused",
                        None => "not recorded",
                    };
                    let _ = writeln!(
                        s,
                        "Consent:      {decision} in the app at {}; notice version {}; Service Level Agreement {}acknowledged; {}",
                        c.decided_at.as_ref().unwrap_or(&none),
                        c.notice_version.as_ref().unwrap_or(&none),
                        if c.sla_acknowledged == Some(true) { "" } else { "not " },
                        if c.drawn_signature == Some(true) { "signature drawn and name typed" } else { "name typed" },
                    );
                }
                "paper" => {
                    let _ = writeln!(
                        s,
                        "Consent:      on a scanned paper form, which this service cannot check"
                    );
                }
                _ => {
                    let _ = writeln!(s, "Consent:      none recorded");
                }
            }
        }
        if let Some(r) = &self.rules_today {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "Rules on {}: {} blocking finding(s); {} new and {} no longer found since signing (rules {} then, {} now).",
                r.today,
                r.blocking_now,
                r.new_findings.len(),
                r.resolved_findings.len(),
                r.rules_version_recorded,
                r.rules_version_now
            );
            let why = |f: &FindingRef| {
                if r.changed_rules.contains(&f.rule) {
                    ", a rule added or changed since signing"
                } else {
                    ""
                }
            };
            for f in &r.new_findings {
                let _ = writeln!(
                    s,
                    "  new ({}{}): {} [{}]",
                    f.severity_str(),
                    why(f),
                    f.message,
                    f.field
                );
            }
            for f in &r.resolved_findings {
                let _ = writeln!(
                    s,
                    "  no longer found ({}{}): {} [{}]",
                    f.severity_str(),
                    why(f),
                    f.message,
                    f.field
                );
            }
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "Reply to the school:");
        for line in self.reply.lines() {
            let _ = writeln!(s, "  {line}");
        }
        s
    }
}

impl FindingRef {
    fn severity_str(&self) -> &'static str {
        match self.severity {
            RecordedSeverity::Blocking => "blocking",
            RecordedSeverity::Warning => "warning",
            RecordedSeverity::Info => "info",
        }
    }
}

/// SHA-256 of each file's bytes, in order, with `sha2` (native callers; the
/// browser uses WebCrypto).
pub(crate) fn sha256_each(files: &[ParsedFile]) -> Vec<[u8; 32]> {
    files
        .iter()
        .map(|f| Sha256::digest(&f.data).into())
        .collect()
}

/// One decoded `files` entry.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedFile {
    /// The SHA-256 the entry claims (not signed; checked against the manifest).
    pub claimed_sha256: [u8; 32],
    /// The bytes.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for ParsedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParsedFile({} bytes)", self.data.len())
    }
}

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
    let e = read_envelope(bytes, &PACK)?;
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
        checks: e.checks,
        signing_input: jws::signing_input(&e.protected, &e.payload),
        header: e.header,
        signature: e.signature,
        manifest,
        files: e.files,
    })
}

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
}

pub(crate) const PACK: Kind = Kind {
    format: FORMAT,
    typ: jws::TYP,
    title: "referral pack",
    noun: "pack",
    files: true,
};

/// A signed file's outer parts, checked as far as can be without
/// cryptography (format, structure, header, signature length).
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub checks: Vec<Check>,
    pub header: Header,
    pub protected: String,
    pub payload: String,
    pub signature: [u8; 64],
    pub files: Vec<ParsedFile>,
}

/// Read a signed file's outer parts. `Err` is a finished [`Verification`]
/// (unreadable or invalid) whose last check says why.
pub(crate) fn read_envelope(bytes: &[u8], kind: &Kind) -> Result<Envelope, Box<Verification>> {
    let Kind {
        format: fmt_name,
        typ,
        title,
        noun,
        files: has_files,
    } = *kind;
    let mut checks = Vec::new();
    let v = match jcs::parse_bytes(bytes) {
        Ok(v) => v,
        Err(e) => {
            return Err(Box::new(Verification::unreadable(
                checks,
                format!("The file is not valid JSON: it has {e}."),
            )))
        }
    };
    let Value::Object(mut top) = v else {
        return Err(Box::new(Verification::unreadable(
            checks,
            format!("The file is JSON but not a {title}."),
        )));
    };
    if top.get("format").and_then(Value::as_str) != Some(fmt_name) {
        return Err(Box::new(Verification::unreadable(
            checks,
            format!("The file is not an ESMA {title}: its \"format\" is not \"{fmt_name}\"."),
        )));
    }
    match top.get("formatVersion") {
        Some(n) if n.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
        Some(n) if n.as_u64().is_some() => {
            return Err(Box::new(Verification::unreadable(
                checks,
                format!("The {noun} uses a format version this checker does not read (it reads version {FORMAT_VERSION})."),
            )))
        }
        _ => {
            return Err(Box::new(Verification::invalid(
                checks,
                CheckKind::Format,
                format!("The {noun}'s \"formatVersion\" is missing or is not the number {FORMAT_VERSION}."),
            )))
        }
    }
    checks.push(Check::pass(
        CheckKind::Format,
        format!("The file is an ESMA {title}, format version {FORMAT_VERSION}."),
    ));

    let fail = |checks: Vec<Check>, why: String| {
        Err(Box::new(Verification::invalid(
            checks,
            CheckKind::Structure,
            why,
        )))
    };
    if top.keys().any(|k| {
        let known = matches!(k.as_str(), "format" | "formatVersion" | "signed")
            || (has_files && k == "files");
        !known
    }) {
        let allowed = if has_files {
            "format, formatVersion, signed and files"
        } else {
            "format, formatVersion and signed"
        };
        return fail(checks, format!("The {noun} has a member that is not part of the format (only {allowed} are allowed)."));
    }
    let Some(Value::Object(signed)) = top.remove("signed") else {
        return fail(checks, format!("The {noun} has no \"signed\" object."));
    };
    if signed
        .keys()
        .any(|k| !matches!(k.as_str(), "protected" | "payload" | "signature"))
    {
        return fail(
            checks,
            "\"signed\" has members other than protected, payload and signature (an unprotected header, or a detached or general JWS), which are not allowed.".into(),
        );
    }
    let text = |name: &str| signed.get(name).and_then(Value::as_str).map(str::to_owned);
    let (Some(protected), Some(payload), Some(signature)) =
        (text("protected"), text("payload"), text("signature"))
    else {
        return fail(
            checks,
            "\"signed\" needs protected, payload and signature, each as text.".into(),
        );
    };
    let entries = match top.remove("files") {
        Some(Value::Array(entries)) => entries,
        None if !has_files => Vec::new(),
        _ => return fail(checks, format!("The {noun} has no \"files\" list.")),
    };
    let mut files = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let n = i + 1;
        let Value::Object(mut e) = e else {
            return fail(checks, format!("files[{i}] (file {n}) is not an object."));
        };
        if e.len() != 2 {
            return fail(
                checks,
                format!("files[{i}] (file {n}) must have exactly sha256 and data."),
            );
        }
        let (Some(Value::String(sha)), Some(Value::String(data))) =
            (e.remove("sha256"), e.remove("data"))
        else {
            return fail(
                checks,
                format!("files[{i}] (file {n}) must have sha256 and data, each as text."),
            );
        };
        let Ok(claimed_sha256) = b64::parse_sha256_hex(&sha) else {
            return fail(
                checks,
                format!("files[{i}].sha256 (file {n}) is not 64 lower-case hexadecimal digits."),
            );
        };
        let data = match b64::decode_std(&data) {
            Ok(d) => d,
            Err(err) => {
                return fail(
                    checks,
                    format!("files[{i}].data (file {n}) is not standard base64: it has {err}."),
                )
            }
        };
        files.push(ParsedFile {
            claimed_sha256,
            data,
        });
    }
    checks.push(Check::pass(
        CheckKind::Structure,
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
            return Err(Box::new(Verification::invalid(
                checks,
                CheckKind::Header,
                e.to_string(),
            )))
        }
    };
    checks.push(Check::pass(
        CheckKind::Header,
        format!("The header names ES256 and the {noun} type, carries the signer's public key (and no private key), and its key id is that key's thumbprint."),
    ));
    let Some(signature) = jws::decode_signature(&signature) else {
        return Err(Box::new(Verification::invalid(
            checks,
            CheckKind::Signature,
            "The signature is not 64 bytes of base64url, as ES256 requires.".into(),
        )));
    };
    Ok(Envelope {
        checks,
        header,
        protected,
        payload,
        signature,
        files,
    })
}

fn read_manifest(payload_b64: &str) -> Result<Manifest, String> {
    read_payload(payload_b64, "signed manifest")
}

/// Read a signed payload: base64url, strict JSON, its own RFC 8785 form,
/// `formatVersion` 1, then the shape of `T`. Errors name `what` ("signed
/// manifest") and a path, never a value.
pub(crate) fn read_payload<T: serde::de::DeserializeOwned>(
    payload_b64: &str,
    what: &str,
) -> Result<T, String> {
    let bytes = b64::decode_url(payload_b64)
        .map_err(|e| format!("The {what} is not base64url: it has {e}."))?;
    let value = jcs::parse_bytes(&bytes)
        .map_err(|e| format!("The {what} is not valid JSON: it has {e}."))?;
    if jcs::to_string(&value).as_bytes() != bytes.as_slice() {
        return Err(format!(
            "The {what} is not in RFC 8785 canonical form, as the format requires."
        ));
    }
    match value.get("formatVersion") {
        Some(n) if n.as_u64() == Some(u64::from(super::manifest::FORMAT_VERSION)) => {}
        _ => return Err(format!("The {what}'s formatVersion is not 1.")),
    }
    crate::json::from_slice::<T>(&bytes).map_err(|e| {
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
    })
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

    /// Finish: record the signature result and the files' hashes, match the
    /// files against the manifest, look the signer up in `trusted`, and
    /// re-run today's rules on the referral.
    pub fn conclude(
        self,
        evidence: &Evidence,
        trusted: &JwkSet,
        today: NaiveDate,
        settings: &Settings,
    ) -> Verification {
        let mut checks = self.checks;
        let fail = |checks: &mut Vec<Check>, what: CheckKind, why: String| {
            checks.push(Check::fail(what, why))
        };

        if evidence.signature_ok {
            checks.push(Check::pass(
                CheckKind::Signature,
                "The signature matches the header and the signed manifest.",
            ));
        } else {
            fail(
                &mut checks,
                CheckKind::Signature,
                "The signature does not match: the signed manifest, the header or the signature has been changed since signing, or the pack was not signed with the key it names.".into(),
            );
        }

        match &self.manifest {
            Ok(_) => checks.push(Check::pass(
                CheckKind::Manifest,
                "The signed manifest is canonical JSON, format version 1, with every part present.",
            )),
            Err(why) => fail(&mut checks, CheckKind::Manifest, why.clone()),
        }

        let before = checks.len();
        if evidence.file_sha256.len() != self.files.len() {
            fail(
                &mut checks,
                CheckKind::Files,
                "The files were not all hashed, so they could not be checked.".into(),
            );
        } else {
            let mut seen = HashSet::new();
            for (i, (f, got)) in self.files.iter().zip(&evidence.file_sha256).enumerate() {
                if *got != f.claimed_sha256 {
                    fail(
                        &mut checks,
                        CheckKind::Files,
                        format!("File {} in the pack has been changed: its content does not match its SHA-256.", i + 1),
                    );
                }
                if !seen.insert(f.claimed_sha256) {
                    fail(
                        &mut checks,
                        CheckKind::Files,
                        format!("File {} appears more than once in the pack.", i + 1),
                    );
                }
            }
            if let Ok(m) = &self.manifest {
                let listed: Vec<Option<[u8; 32]>> = m
                    .attachments
                    .iter()
                    .map(|a| b64::parse_sha256_hex(&a.sha256).ok())
                    .collect();
                for (j, (a, want)) in m.attachments.iter().zip(&listed).enumerate() {
                    let n = m.attachments.len();
                    match want.and_then(|w| self.files.iter().find(|f| f.claimed_sha256 == w)) {
                        None => fail(
                            &mut checks,
                            CheckKind::Files,
                            format!(
                                "Attachment {} of {n} is listed in the signed manifest, but the pack does not carry its file (or carries a changed one).",
                                j + 1
                            ),
                        ),
                        Some(f) if f.data.len() as u64 != a.size => fail(
                            &mut checks,
                            CheckKind::Files,
                            format!("Attachment {} of {n}'s file is not the size recorded in the signed manifest.", j + 1),
                        ),
                        Some(_) => {}
                    }
                }
                for (i, f) in self.files.iter().enumerate() {
                    if !listed.contains(&Some(f.claimed_sha256)) {
                        fail(
                            &mut checks,
                            CheckKind::Files,
                            format!(
                                "File {} in the pack is not listed in the signed manifest.",
                                i + 1
                            ),
                        );
                    }
                }
            }
            if checks.len() == before && self.manifest.is_ok() {
                checks.push(Check::pass(
                    CheckKind::Files,
                    format!(
                        "All {} attached file(s) match the SHA-256 and size recorded in the signed manifest.",
                        self.files.len()
                    ),
                ));
            }
        }

        if let Some(m) = self
            .manifest
            .as_ref()
            .ok()
            .filter(|m| m.referral.consent.record.is_some())
        {
            checks.push(consent_check(
                m,
                self.consent.as_ref(),
                self.consent_signature_ok,
            ));
        }

        let kid = self.header.kid.clone();
        let fingerprint = self.header.jwk.fingerprint();
        let is_trusted = trusted.find(&kid).is_some_and(|k| k.jwk == self.header.jwk);
        if is_trusted {
            checks.push(Check::pass(
                CheckKind::Signer,
                "The signer's key is on the council's trusted list.",
            ));
        } else {
            checks.push(Check::fail(
                CheckKind::Signer,
                format!("The signer's key (fingerprint {fingerprint}) is not on the council's trusted list."),
            ));
        }
        let signer = Some(SignerInfo {
            kid,
            fingerprint: fingerprint.clone(),
            trusted: is_trusted,
        });

        let reasons: Vec<String> = checks
            .iter()
            .filter(|c| !c.ok && c.what != CheckKind::Signer)
            .map(|c| c.detail.clone())
            .collect();
        let verdict = if !reasons.is_empty() {
            Verdict::Invalid { reasons }
        } else if is_trusted {
            Verdict::Trusted
        } else {
            Verdict::ValidUnknownSigner
        };

        let manifest = self.manifest.ok();
        let pack = manifest.as_ref().map(|m| PackSummary {
            pack_id: m.pack_id.clone(),
            created_at: m.created_at.clone(),
            app: m.app.clone(),
            attachments: m.attachments.len(),
        });
        let consent = match (&verdict, &manifest) {
            (Verdict::Trusted | Verdict::ValidUnknownSigner, Some(m)) => Some(ConsentSummary::of(
                &m.referral,
                self.consent
                    .as_ref()
                    .and_then(|c| c.as_ref().ok())
                    .and_then(|p| p.payload())
                    .map(|p| p.drawn_signature.is_some()),
            )),
            _ => None,
        };
        let (rules_today, reply) = match (&verdict, &manifest) {
            (Verdict::Trusted | Verdict::ValidUnknownSigner, Some(m)) => {
                let report = validate(&m.referral, today, settings);
                let rules = compare(m, &report, today);
                let mut reply = reply_to_school(m, &report, today);
                if verdict == Verdict::ValidUnknownSigner {
                    reply = format!(
                        "{}\n\nWe could not confirm who signed this pack: the key that signed it (fingerprint {fingerprint}) is not registered with us. Please send us your school's public key file and confirm its fingerprint by phone.",
                        reply
                    );
                }
                (Some(rules), reply)
            }
            _ => (None, reply_for_unusable(&verdict)),
        };
        Verification {
            verdict,
            checks,
            signer,
            pack,
            rules_today,
            consent,
            reply,
            manifest,
        }
    }
}

/// The consent check, for a referral with a consent record (a paper-route
/// pack has no consent check, so packs without a record keep their seven
/// checks; [`ConsentSummary`] says "paper"). A record must carry a readable response whose signature holds,
/// which answers the record's request, gives consent, to the content of the
/// signed referral, and says what the record says.
fn consent_check(
    m: &Manifest,
    parsed: Option<&Result<ParsedResponse, String>>,
    signature_ok: Option<bool>,
) -> Check {
    let c = &m.referral.consent;
    let Some(rec) = &c.record else {
        return Check::pass(
            CheckKind::Consent,
            "The referral records no consent response.",
        );
    };
    let fail = |why: &str| Check::fail(CheckKind::Consent, why);
    let parsed = match parsed {
        Some(Ok(p)) => p,
        Some(Err(why)) => return fail(why),
        None => return fail("The consent record could not be checked."),
    };
    let Some(sig_ok) = signature_ok else {
        return fail("The consent response's signature was not checked.");
    };
    let request_id = rec.request_id.as_deref().unwrap_or_default();
    let content = crate::consent::content_sha256(&m.referral);
    match parsed.conclude_with(sig_ok, request_id, &content, false) {
        ConsentCheck::Valid { .. } => {}
        ConsentCheck::SignatureInvalid => return fail("The consent response's signature does not match: it has been changed since the parent or carer made it."),
        ConsentCheck::Malformed { reason } => return fail(&format!("The consent response cannot be used: {reason}")),
        ConsentCheck::OtherRequest => return fail("The consent response answers a different consent request from the one the record names."),
        ConsentCheck::Refused { .. } => return fail("The parent or carer refused consent."),
        ConsentCheck::ContentChanged { .. } => return fail("The parent's or carer's consent is for different content: the signed referral is not what they reviewed."),
        ConsentCheck::NoticeChanged { .. } => {}
    }
    match parsed.payload() {
        Some(p) if record_matches(rec, p) => Check::pass(
            CheckKind::Consent,
            "The parent's or carer's consent response is signed, gives consent, and was made for exactly the content of this referral.",
        ),
        _ => fail("The consent record does not say what the signed consent response says."),
    }
}

fn compare(m: &Manifest, report: &Report, today: NaiveDate) -> RulesToday {
    let now: Vec<FindingRef> = report
        .findings
        .iter()
        .map(|f| FindingRef {
            rule: f.rule.into(),
            severity: f.severity.into(),
            field: f.field.clone(),
            message: f.message.to_string(),
        })
        .collect();
    let then: Vec<FindingRef> = m.findings.iter().map(FindingRef::from).collect();
    let key = |f: &FindingRef| (f.rule.clone(), f.field.clone(), f.severity);
    let then_keys: HashSet<_> = then.iter().map(key).collect();
    let now_keys: HashSet<_> = now.iter().map(key).collect();
    let new_findings: Vec<FindingRef> = now
        .iter()
        .filter(|f| !then_keys.contains(&key(f)))
        .cloned()
        .collect();
    let resolved_findings: Vec<FindingRef> = then
        .iter()
        .filter(|f| !now_keys.contains(&key(f)))
        .cloned()
        .collect();
    let checklist_changed = m.checklist.len() != report.checklist.items.len()
        || m.checklist
            .iter()
            .zip(&report.checklist.items)
            .any(|(a, b)| {
                a.item != b.item
                    || crate::json::to_value(&a.status) != crate::json::to_value(&b.status)
            });
    let since = crate::rules::changed_since(&m.app.rules_version);
    let mut changed_rules: Vec<String> = Vec::new();
    for f in new_findings.iter().chain(&resolved_findings) {
        if since.contains(&f.rule.as_str()) && !changed_rules.contains(&f.rule) {
            changed_rules.push(f.rule.clone());
        }
    }
    RulesToday {
        today: today.to_string(),
        rules_version_recorded: m.app.rules_version.clone(),
        rules_version_now: crate::rules::RULES_VERSION.into(),
        changed_rules,
        changed: !new_findings.is_empty() || !resolved_findings.is_empty() || checklist_changed,
        new_findings,
        resolved_findings,
        blocking_now: report.with_severity(Severity::Blocking).count(),
    }
}

/// The text of a reply to the school for a pack whose signature checked out:
/// either that the referral meets the entry criteria and the checklist is
/// complete, or which entry criteria and checklist items are not met as of
/// `today`. Built only from the rule and checklist tables, the pack id and the
/// dates, never from what the school wrote.
pub fn reply_to_school(m: &Manifest, report: &Report, today: NaiveDate) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Referral pack {} (created {})", m.pack_id, m.created_at);
    let _ = writeln!(s);
    let _ = writeln!(s, "Thank you for your referral to the Education Support for Medical Absence (ESMA) Teaching Service.");
    let _ = writeln!(s);
    let blocking: Vec<_> = report.with_severity(Severity::Blocking).collect();
    if blocking.is_empty() {
        let _ = write!(
            s,
            "We have checked it against the entry criteria and the Annex 2 checklist as they stand on {today}. It meets the entry criteria, and every checklist item is complete or does not apply. We will be in touch about the next steps."
        );
        return s;
    }
    let _ = writeln!(
        s,
        "We have checked it against the entry criteria and the Annex 2 checklist as they stand on {today}. We cannot accept it yet, for the reasons below."
    );
    let entry: Vec<&str> = dedup(
        blocking
            .iter()
            .filter(|f| f.rule.starts_with("entry-"))
            .map(|f| f.message.as_ref()),
    );
    if !entry.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Entry criteria not met:");
        for msg in entry {
            let _ = writeln!(s, "- {}", sentence(msg));
        }
    }
    let missing: Vec<_> = report
        .checklist
        .items
        .iter()
        .filter(|i| i.status == crate::checklist::ItemStatus::Missing)
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Annex 2 checklist items missing:");
        for i in missing {
            let _ = writeln!(s, "- Item {}, {}: {}", i.item, i.title, i.reason);
        }
    }
    let other: Vec<&str> = dedup(
        blocking
            .iter()
            .filter(|f| !f.rule.starts_with("entry-") && f.checklist_item.is_none())
            .map(|f| f.message.as_ref()),
    );
    if !other.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Also to put right:");
        for msg in other {
            let _ = writeln!(s, "- {}", sentence(msg));
        }
    }
    let _ = writeln!(s);
    let _ = write!(
        s,
        "Please put these right and send us a new signed referral pack."
    );
    s
}

fn dedup<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for m in it {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

fn sentence(msg: &str) -> String {
    let t = msg.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

fn reply_for_unusable(verdict: &Verdict) -> String {
    let mut s = String::from("Thank you for sending a referral pack. We could not accept it, because it did not pass our checks:\n");
    match verdict {
        Verdict::Invalid { reasons } => {
            for r in reasons {
                let _ = writeln!(s, "- {r}");
            }
        }
        Verdict::Unreadable { reason } => {
            let _ = writeln!(s, "- {reason}");
        }
        _ => {}
    }
    s.push_str("\nPlease make the pack again from the referral in the ESMA referral checker and send the new file, unchanged.");
    s
}

/// [`parse_and_check`], verify with `verifier`, hash with `sha2`,
/// [`Parsed::conclude`].
///
/// ```
/// use esma_core::pack::{jwk::{JwkSet, PublicJwk}, jws::Verifier, verify::*};
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
