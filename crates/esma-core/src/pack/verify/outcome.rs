//! What checking a pack found: each [`Check`], the [`Verdict`] that follows
//! from them, and the [`Verification`] that carries both with the signer,
//! the pack's own summary, today's rules and the reply to the school.
//!
//! These are plain data, serialised as `verify --json` prints them. Nothing
//! here repeats the pack's content except [`Verification::manifest`] and
//! the consent names, which are never serialised.

use serde::Serialize;

use super::reply::reply_for_unusable;
use crate::pack::manifest::{AppInfo, Manifest, RecordedFinding, RecordedSeverity};
use crate::referral::ConsentDecision;
use crate::signed::{is_utc_timestamp, SignedFileError, Step, Stopped};

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
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// What was checked.
    pub what: CheckKind,
    /// Whether it passed (`false` too when it could not be checked).
    pub ok: bool,
    /// It could not be checked (the signer, when the signature does not
    /// hold): neither passed nor failed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_checked: bool,
    /// What was found, in plain English.
    pub detail: String,
}

impl Check {
    pub(super) fn pass(what: CheckKind, detail: impl Into<String>) -> Self {
        Check {
            what,
            ok: true,
            not_checked: false,
            detail: detail.into(),
        }
    }
    pub(super) fn fail(what: CheckKind, detail: impl Into<String>) -> Self {
        Check {
            what,
            ok: false,
            not_checked: false,
            detail: detail.into(),
        }
    }
    pub(super) fn not_checked(what: CheckKind, detail: impl Into<String>) -> Self {
        Check {
            what,
            ok: false,
            not_checked: true,
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

/// Who signed: known only when the signature holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerInfo {
    /// The key's RFC 7638 thumbprint.
    pub kid: String,
    /// The same, grouped for reading aloud.
    pub fingerprint: String,
    /// Whether it is on the trusted list.
    pub trusted: bool,
    /// The school's name as the council's trusted list gives it (only for a
    /// trusted key, and only when the list names it): "Signed by …". From
    /// the council's own list, never from the pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What the pack says about itself (from the signed manifest, once its
/// signature holds; `packId` and `createdAt` checked for shape, the app's
/// texts for control characters).
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

impl FindingRef {
    /// A finding recorded in a pack, worded from this checker's rule table
    /// (the rule's summary), not from the pack: the rule id and field path
    /// were checked for shape, the recorded message is the pack's text.
    pub fn recorded(f: &RecordedFinding) -> Self {
        FindingRef {
            rule: f.rule.clone(),
            severity: f.severity,
            field: f.field.clone(),
            message: crate::rules::rule(&f.rule)
                .map_or("A rule this checker does not have.", |r| r.summary)
                .to_owned(),
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
    pub(super) fn of(r: &crate::referral::Referral, drawn: Option<bool>) -> Self {
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
    /// Today's rules against the recorded findings (valid packs: from a
    /// trusted signer at once, from an unknown one after
    /// [`Verification::run_rules`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_today: Option<RulesToday>,
    /// Why today's rules have not run on a valid pack (an unknown signer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_skipped: Option<String>,
    /// The parent's or carer's consent (valid packs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSummary>,
    /// The text of a reply to the school.
    pub reply: String,
    /// The manifest, once its signature holds, for the council's view (not
    /// serialised: `verify --json` reports on the pack without repeating
    /// the referral).
    #[serde(skip)]
    pub manifest: Option<Manifest>,
    /// Today's rules in full, when they have run (not serialised): the
    /// council's view shows its checklist without running the rules again.
    #[serde(skip)]
    pub report: Option<crate::validate::Report>,
}

impl Verification {
    pub(super) fn stop(checks: Vec<Check>, verdict: Verdict) -> Self {
        let reply = reply_for_unusable(&verdict);
        Verification {
            verdict,
            checks,
            signer: None,
            pack: None,
            rules_today: None,
            rules_skipped: None,
            consent: None,
            reply,
            manifest: None,
            report: None,
        }
    }

    pub(super) fn unreadable(checks: Vec<Check>, reason: String) -> Self {
        let mut checks = checks;
        checks.push(Check::fail(CheckKind::Format, reason.clone()));
        Self::stop(checks, Verdict::Unreadable { reason })
    }

    pub(super) fn invalid(mut checks: Vec<Check>, what: CheckKind, reason: String) -> Self {
        checks.push(Check::fail(what, reason.clone()));
        Self::stop(
            checks,
            Verdict::Invalid {
                reasons: vec![reason],
            },
        )
    }

    /// The finished result for a file [`crate::signed::read_envelope`]
    /// stopped on: the steps that passed, then the one that failed.
    pub(super) fn stopped(stopped: Stopped) -> Self {
        let Stopped { passed, at, error } = stopped;
        let checks = passed
            .into_iter()
            .map(|(step, detail)| Check::pass(step.into(), detail))
            .collect();
        match error {
            SignedFileError {
                unreadable: true,
                reason,
            } => Self::unreadable(checks, reason),
            SignedFileError { reason, .. } => Self::invalid(checks, at.into(), reason),
        }
    }
}

impl From<Step> for CheckKind {
    fn from(step: Step) -> Self {
        match step {
            Step::Format => CheckKind::Format,
            Step::Structure => CheckKind::Structure,
            Step::Header => CheckKind::Header,
            Step::Signature => CheckKind::Signature,
        }
    }
}
