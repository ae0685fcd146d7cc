//! The manifest: the signed payload of a pack.
//!
//! It records the referral exactly as the model serialises it, the findings
//! and the Annex 2 checklist at signing time, every attachment's metadata
//! (binding the bytes by SHA-256 and size), the app and rules versions, and
//! `packId` / `createdAt`. Both of those are inputs: this crate has no clock
//! and no randomness.
//!
//! A manifest can only be built from a [`Valid<Referral>`], so the compiler
//! refuses to sign a referral with blocking findings.
//!
//! Numbers are whole and below 2^53 (sizes, year group, item numbers), so
//! JCS treats them the same in JavaScript and Rust.
//! Attachments are listed as in every signed file
//! ([`AttachmentEntry`]); ids and times have the shapes
//! [`crate::signed::is_uuid_v4`] and [`crate::signed::is_utc_timestamp`].

use crate::referral::ToJson;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::limits::{check_referral_value, MAX_FINDINGS, MAX_LABEL_CHARS, MAX_TEXT_CHARS};
use crate::referral::read::{read_into, read_struct_into, read_unit_variant, Choice};
use crate::referral::Referral;
use crate::safe_text::is_clean;
use crate::signed::{
    attachment_entries, is_utc_timestamp, is_uuid_v4, AttachmentEntry, IncompleteAttachment,
};
use crate::validate::Valid;

/// The manifest format version this code writes and reads: every signed
/// payload's.
pub const FORMAT_VERSION: u32 = crate::signed::FORMAT_VERSION;

/// The manifest (the JWS payload). Unknown members are refused: a later
/// format would change `formatVersion`. Every member is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always 1.
    pub format_version: u32,
    /// A UUID v4, lower case.
    pub pack_id: String,
    /// RFC 3339, UTC (`Z`).
    pub created_at: String,
    /// The app that made the pack.
    pub app: AppInfo,
    /// The whole referral, as the model serialises it.
    #[serde(serialize_with = "crate::referral::write::serialize")]
    pub referral: Referral,
    /// The findings at signing time (none blocking).
    pub findings: Vec<RecordedFinding>,
    /// The six Annex 2 items at signing time.
    pub checklist: Vec<RecordedItem>,
    /// Every attachment, in the referral's order.
    pub attachments: Vec<AttachmentEntry>,
}

/// The app and rules that made the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// [`crate::APP_NAME`].
    pub name: String,
    /// [`crate::APP_VERSION`].
    pub version: String,
    /// [`crate::rules::RULES_VERSION`].
    pub rules_version: String,
}

impl AppInfo {
    fn empty() -> Self {
        AppInfo {
            name: String::new(),
            version: String::new(),
            rules_version: String::new(),
        }
    }

    /// This build.
    pub fn current() -> Self {
        AppInfo {
            name: crate::APP_NAME.into(),
            version: crate::APP_VERSION.into(),
            rules_version: crate::rules::RULES_VERSION.into(),
        }
    }
}

/// A severity as recorded in a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordedSeverity {
    /// Blocking (never present in a signed manifest).
    Blocking,
    /// Warning.
    Warning,
    /// Information.
    Info,
}

impl Choice for RecordedSeverity {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "blocking" => RecordedSeverity::Blocking,
            "warning" => RecordedSeverity::Warning,
            "info" => RecordedSeverity::Info,
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for RecordedSeverity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_unit_variant(d)
    }
}

impl From<crate::rules::Severity> for RecordedSeverity {
    fn from(s: crate::rules::Severity) -> Self {
        match s {
            crate::rules::Severity::Blocking => RecordedSeverity::Blocking,
            crate::rules::Severity::Warning => RecordedSeverity::Warning,
            crate::rules::Severity::Info => RecordedSeverity::Info,
        }
    }
}

/// A finding as recorded: `{rule, severity, field, message}` (staff wording).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RecordedFinding {
    /// The rule id.
    pub rule: String,
    /// Its severity.
    pub severity: RecordedSeverity,
    /// The field path.
    pub field: String,
    /// The staff message.
    pub message: String,
}

/// The status of a checklist item as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordedStatus {
    /// Complete.
    Complete,
    /// Missing.
    Missing,
    /// Not applicable.
    NotApplicable,
}

impl Choice for RecordedStatus {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "complete" => RecordedStatus::Complete,
            "missing" => RecordedStatus::Missing,
            "not-applicable" => RecordedStatus::NotApplicable,
            _ => return None,
        })
    }
}

impl From<crate::checklist::ItemStatus> for RecordedStatus {
    fn from(status: crate::checklist::ItemStatus) -> Self {
        use crate::checklist::ItemStatus;
        match status {
            ItemStatus::Complete => RecordedStatus::Complete,
            ItemStatus::Missing => RecordedStatus::Missing,
            ItemStatus::NotApplicable => RecordedStatus::NotApplicable,
        }
    }
}

impl<'de> Deserialize<'de> for RecordedStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_unit_variant(d)
    }
}

/// A checklist item as recorded: `{item, title, status, reason}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedItem {
    /// 1 to 6.
    pub item: u8,
    /// The item's title.
    pub title: String,
    /// Its status.
    pub status: RecordedStatus,
    /// Why.
    pub reason: String,
}

// The four structs are read by core's strict reader rather than serde's
// derive (smaller wasm on the pages that verify packs): the same form,
// every member required, unknown ones refused. The two choices are read
// as serde's derive read them ([`read_unit_variant`]): a name, or an object
// of one name with `null`.
crate::read_by_members! {
    impl<'de> for Manifest {
        required: [
            format_version, pack_id, created_at, app, referral, findings, checklist, attachments,
        ],
        others_skipped: false,
        blank: Manifest {
            format_version: 0,
            pack_id: String::new(),
            created_at: String::new(),
            app: AppInfo::empty(),
            referral: Referral::default(),
            findings: Vec::new(),
            checklist: Vec::new(),
            attachments: Vec::new(),
        },
        members: {
            format_version: read_into,
            pack_id: read_into,
            created_at: read_into,
            app: read_into,
            referral: read_struct_into,
            findings: read_into,
            checklist: read_into,
            attachments: read_into,
        },
    }
}

crate::read_by_members! {
    impl<'de> for AppInfo {
        required: [name, version, rules_version],
        others_skipped: false,
        blank: AppInfo::empty(),
        members: {
            name: read_into,
            version: read_into,
            rules_version: read_into,
        },
    }
}

crate::read_by_members! {
    impl<'de> for RecordedFinding {
        required: [rule, severity, field, message],
        others_skipped: false,
        blank: RecordedFinding {
            rule: String::new(),
            severity: RecordedSeverity::Info,
            field: String::new(),
            message: String::new(),
        },
        members: {
            rule: read_into,
            severity: read_into,
            field: read_into,
            message: read_into,
        },
    }
}

crate::read_by_members! {
    impl<'de> for RecordedItem {
        required: [item, title, status, reason],
        others_skipped: false,
        blank: RecordedItem {
            item: 0,
            title: String::new(),
            status: RecordedStatus::Missing,
            reason: String::new(),
        },
        members: {
            item: read_into,
            title: read_into,
            status: read_into,
            reason: read_into,
        },
    }
}

/// What the caller supplies besides the referral: a fresh UUID v4 and the
/// current time (RFC 3339 UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// A UUID v4, lower case.
    pub pack_id: String,
    /// RFC 3339 UTC, e.g. `2026-11-28T09:30:00Z`.
    pub created_at: String,
}

/// Why a manifest cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestError {
    /// `packId` is not a lower-case UUID v4.
    PackId,
    /// `createdAt` is not an RFC 3339 UTC time.
    CreatedAt,
    /// Attachment `n` (0-based) lacks id, name, media type, size or SHA-256,
    /// or has a size of 2^53 or more.
    Attachment(usize),
    /// The referral is beyond the format's limits ([`crate::limits`]): no
    /// checker would read the pack.
    Limits(crate::json::ParseError),
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ManifestError::PackId => {
                f.write_str("the pack id is not a UUID version 4 in lower case")
            }
            ManifestError::CreatedAt => {
                f.write_str("the creation time is not an RFC 3339 time in UTC")
            }
            ManifestError::Attachment(i) => std::fmt::Display::fmt(&IncompleteAttachment(*i), f),
            ManifestError::Limits(e) => {
                write!(f, "the referral is beyond the format's limits: {e}")
            }
        }
    }
}

impl std::error::Error for ManifestError {}

/// Build the manifest for a validated referral.
pub fn build(valid: &Valid<Referral>, info: &PackInfo) -> Result<Manifest, ManifestError> {
    if !is_uuid_v4(&info.pack_id) {
        return Err(ManifestError::PackId);
    }
    if !is_utc_timestamp(&info.created_at) {
        return Err(ManifestError::CreatedAt);
    }
    let referral = valid.get();
    crate::limits::check_referral(referral).map_err(ManifestError::Limits)?;
    let report = valid.report();
    let attachments = attachment_entries(referral).map_err(|e| ManifestError::Attachment(e.0))?;
    Ok(Manifest {
        format_version: FORMAT_VERSION,
        pack_id: info.pack_id.clone(),
        created_at: info.created_at.clone(),
        app: AppInfo::current(),
        referral: referral.clone(),
        findings: report
            .findings
            .iter()
            .map(|f| RecordedFinding {
                rule: f.rule.into(),
                severity: f.severity.into(),
                field: f.field.clone(),
                message: f.message.to_string(),
            })
            .collect(),
        checklist: report
            .checklist
            .items
            .iter()
            .map(|i| RecordedItem {
                item: i.item,
                title: i.title.into(),
                status: i.status.into(),
                reason: i.reason.to_string(),
            })
            .collect(),
        attachments,
    })
}

/// Check what the shape of [`Manifest`] cannot say: every rule of
/// `docs/pack-format.md` section 3 (the contract's MUSTs and ours), given the
/// manifest read and its JSON. The message names the rule and, at most, a
/// path; never a value.
///
/// - `packId` a UUID v4 and `createdAt` RFC 3339 in UTC;
/// - `app`'s three texts short and without control characters;
/// - the referral within the limits ([`crate::limits`]) and exactly the
///   model's JSON form of it: no member the model does not have;
/// - at most [`MAX_FINDINGS`] findings, none blocking (a pack is only signed
///   when nothing blocks), each with a rule id and field path of the
///   expected shape and a short message without control characters;
/// - the six Annex 2 items, 1 to 6 in order;
/// - `attachments` exactly the referral's attachments.
pub fn check(m: &Manifest, json: &Value) -> Result<(), String> {
    let fail = |why: &str| Err(format!("The signed manifest {why}."));
    if !is_uuid_v4(&m.pack_id) {
        return fail("has a packId that is not a UUID version 4 in lower case");
    }
    if !is_utc_timestamp(&m.created_at) {
        return fail("has a createdAt that is not an RFC 3339 date and time in UTC");
    }
    let label =
        |s: &str| !s.trim().is_empty() && s.chars().count() <= MAX_LABEL_CHARS && is_clean(s);
    if !(label(&m.app.name) && label(&m.app.version) && label(&m.app.rules_version)) {
        return fail(&format!("has an app name, version or rules version that is empty, longer than {MAX_LABEL_CHARS} characters or has control characters"));
    }
    let referral = json.get("referral").unwrap_or(&Value::Null);
    if let Err(e) = check_referral_value(referral) {
        return fail(&format!(
            "is beyond the format's limits: at referral.{} there is {}",
            e.path,
            e.problem.describe()
        ));
    }
    if let Some(at) = unknown_member(referral, &m.referral.to_json()) {
        return fail(&format!("has a part the referral format does not have, at referral{at}: a signed referral is exactly the model's JSON form"));
    }
    if m.findings.len() > MAX_FINDINGS {
        return fail(&format!("records more than {MAX_FINDINGS} findings"));
    }
    for (i, f) in m.findings.iter().enumerate() {
        if f.severity == RecordedSeverity::Blocking {
            return fail(&format!("records a blocking finding (findings[{i}]): a pack is only signed when nothing blocks"));
        }
        let id_ok = !f.rule.is_empty()
            && f.rule.len() <= MAX_LABEL_CHARS
            && f.rule
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let field_ok = f.field.len() <= MAX_LABEL_CHARS
            && f.field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-[]".contains(&b));
        let text_ok = f.message.chars().count() <= MAX_TEXT_CHARS && is_clean(&f.message);
        if !(id_ok && field_ok && text_ok) {
            return fail(&format!("has a finding (findings[{i}]) whose rule id, field path or message is not in the expected form"));
        }
    }
    let items_ok = m.checklist.len() == 6
        && m.checklist.iter().enumerate().all(|(i, c)| {
            usize::from(c.item) == i + 1
                && c.title.chars().count() <= MAX_TEXT_CHARS
                && c.reason.chars().count() <= MAX_TEXT_CHARS
                && is_clean(&c.title)
                && is_clean(&c.reason)
        });
    if !items_ok {
        return fail("does not record the six Annex 2 checklist items, 1 to 6 in order");
    }
    if attachment_entries(&m.referral).ok().as_ref() != Some(&m.attachments) {
        return fail("lists attachments that are not exactly the referral's attachments");
    }
    Ok(())
}

/// The path of the first member of `signed` (a referral as a file holds it)
/// that `model` (the model's own JSON form of what was read) does not have
/// or writes differently, blanks (`null`, `{}`, `[]`) aside; `None` when
/// there is none. Names that could be content are written `…`.
fn unknown_member(signed: &Value, model: &Value) -> Option<String> {
    fn blank(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::Object(m) => m.values().all(blank),
            Value::Array(a) => a.is_empty(),
            _ => false,
        }
    }
    match (signed, model) {
        (Value::Object(x), Value::Object(y)) => x.iter().find_map(|(k, v)| {
            let name = if k.len() <= 64 && k.bytes().all(|c| c.is_ascii_alphanumeric()) {
                k.as_str()
            } else {
                "…"
            };
            match y.get(k) {
                _ if blank(v) => None,
                None => Some(format!(".{name}")),
                Some(w) => unknown_member(v, w).map(|rest| format!(".{name}{rest}")),
            }
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| unknown_member(v, w).map(|rest| format!("[{i}]{rest}"))),
        _ if blank(signed) && blank(model) => None,
        _ => (signed != model).then(String::new),
    }
}
