//! The rule catalogue: one table of every check the referral goes through.
//!
//! Each [`Rule`] has a stable kebab-case id, a [`Severity`], the field paths it
//! concerns, its messages (for school staff, with keyed
//! variants) and its sources: verbatim quotes from the council's policy, or the
//! Act or Regulations by name for law the policy leaves out. The checks
//! themselves live one family per file (`rules/<family>.rs`); [`catalogue`]
//! lists them all in a fixed order.
//!
//! Field-path patterns in [`Rule::fields`] use `[]` for "any index", e.g.
//! `medicalEvidence[].date`; findings carry the concrete index.
//!
//! ```
//! let rules = esma_core::rules::catalogue();
//! assert!(rules.iter().any(|r| r.id == "entry-school-age"));
//! ```

use serde::Serialize;

pub(crate) mod absence;
pub(crate) mod answers;
pub(crate) mod attachments;
pub(crate) mod baseline;
pub(crate) mod consent;
pub(crate) mod contact;
pub(crate) mod entry;
pub(crate) mod evidence;
pub(crate) mod exams;
mod finding;
pub(crate) mod funding;
pub(crate) mod health;
pub(crate) mod previous;
pub(crate) mod pupil;
pub(crate) mod safeguarding;
pub(crate) mod school;
pub mod sources;
pub(crate) mod support;

pub use attachments::references as attachment_references;
pub(crate) use finding::Ctx;
pub use finding::Finding;
pub use pupil::{postcode_is_valid, upn_is_valid};

/// A rule's stable identifier, e.g. `entry-school-age`.
pub type RuleId = &'static str;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The referral cannot be sent until this is put right.
    Blocking,
    /// The referral can be sent, but ESMA may ask about this.
    Warning,
    /// Something to know; nothing to put right.
    Info,
}

impl Severity {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The document: the policy ([`sources::POLICY`]) or an Act or Regulations by name.
    pub document: &'static str,
    /// The heading in that document.
    pub section: &'static str,
    /// For the policy, a verbatim quote (tested against the policy text); for
    /// law the policy leaves out, a summary of the legal text.
    pub quote: &'static str,
}

/// One wording of a finding, for school staff and the council. (Each rule
/// also had a wording for parents until the parent's page stopped running
/// the rules, issue 14; no page showed it after that, and every page that
/// runs the rules carried it, so it went in issue 15. Git history keeps it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// The variant's key; the first message of a rule is its default.
    pub key: &'static str,
    /// For school staff.
    pub staff: &'static str,
}

/// A rule in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id.
    pub id: RuleId,
    /// Severity of every finding this rule makes.
    pub severity: Severity,
    /// One line saying what the rule checks.
    pub summary: &'static str,
    /// The field-path patterns it concerns (`[]` = any index).
    pub fields: &'static [&'static str],
    /// The Annex 2 checklist item a blocking finding makes "missing", if any.
    pub checklist_item: Option<u8>,
    /// Messages: the first is the default; others are keyed variants.
    /// Placeholders in braces (e.g. `{weeks}`) are filled from settings or
    /// from fixed tables, never from what the user typed.
    pub messages: &'static [Message],
    /// Where the rule comes from; several when the policy contradicts itself.
    pub sources: &'static [Source],
}

impl Rule {
    /// The message with this key (the default message when there is none).
    pub fn message(&self, key: &str) -> &'static Message {
        let found = self.messages.iter().find(|m| m.key == key);
        debug_assert!(
            found.is_some() || key.is_empty(),
            "rule {} has no message {key}",
            self.id
        );
        found.or(self.messages.first()).unwrap_or(&EMPTY)
    }
}

static EMPTY: Message = Message { key: "", staff: "" };

/// Shorthand for a message in a rule table.
pub(crate) const fn msg(key: &'static str, staff: &'static str) -> Message {
    Message { key, staff }
}

static CATALOGUE: &[Rule] = &[
    entry::SCHOOL_AGE,
    entry::SCHOOL_AGE_ENDING_SOON,
    entry::MEDICAL_EVIDENCE,
    entry::GP_ONLY_EVIDENCE,
    entry::ABSENCE_AUTHORISED,
    entry::HERTFORDSHIRE_RESIDENT,
    entry::ELECTIVE_HOME_EDUCATION,
    pupil::DATE_OF_BIRTH,
    pupil::NAME,
    pupil::UPN,
    pupil::UPN_FORMAT,
    pupil::YEAR_GROUP,
    pupil::YEAR_GROUP_AGE,
    pupil::POSTCODE,
    pupil::POSTCODE_FORMAT,
    pupil::POSTCODE_COUNTY,
    pupil::POSTCODE_BORDER,
    school::NAME,
    school::URN,
    school::KIND,
    school::REFERRER,
    contact::FORMAT,
    school::ISL_AREA,
    school::DESIGNATED_OFFICER,
    school::REVIEW_CHAIR,
    school::REVIEW_FREQUENCY,
    school::PASTORAL_LINK,
    absence::SCHOOL_DAYS,
    absence::FIFTEEN_DAYS,
    absence::FIFTEEN_DAYS_LONG_TERM,
    absence::START_DATE,
    absence::PATTERN,
    absence::ATTENDANCE_CODE,
    absence::ATTENDANCE_CODE_UNAUTHORISED,
    absence::REINTEGRATION_PLAN,
    previous::PREVIOUS_REFERRAL,
    health::CONDITION,
    health::KIND,
    health::LONG_TERM,
    health::LIKELY_DURATION,
    health::TREATMENT_PLAN,
    health::HOSPITAL_SCHOOL,
    health::HOSPITAL_ANSWERED,
    health::PLANNED_ADMISSION,
    health::IHCP,
    health::IHCP_REVIEW,
    evidence::CONFIRMS_UNABLE,
    evidence::DETAILS,
    evidence::NAMED_CONTACT,
    evidence::DATE,
    evidence::TOO_OLD,
    evidence::CURRENCY,
    evidence::TIER_KIND,
    evidence::ATTACHED,
    support::APDR,
    support::APDR_ATTACHED,
    support::MEDICAL_ADVICE,
    support::REASONABLE_ADJUSTMENTS,
    support::CURRICULUM_ACCESS,
    support::SCHOOL_COMMUNITY,
    support::WORKING_AREA,
    funding::ANSWERED,
    funding::STATEMENT,
    funding::PLAN,
    baseline::ATTAINMENT,
    baseline::ENGAGEMENT,
    baseline::WELLBEING,
    baseline::PUPIL_VOICE,
    safeguarding::RESPONSIBLE_ADULT,
    safeguarding::CONCERNS_ANSWERED,
    safeguarding::ASSESSED_MITIGATED,
    safeguarding::TEACHING_LOCATION,
    safeguarding::HOME_EVIDENCE,
    safeguarding::HOME_RISK_ASSESSMENT,
    exams::YEARS_10_11,
    exams::ACCESS_ARRANGEMENTS,
    consent::PARENTAL_CONSENT,
    consent::REFUSED,
    consent::CHANGED,
    consent::PAPER_UNVERIFIABLE,
    attachments::SENT_SEPARATELY,
    attachments::REFERENCE,
    attachments::METADATA,
    attachments::SIZE,
    attachments::MEDIA_TYPE,
    attachments::PURPOSE,
];

/// Every rule, in a fixed order.
pub fn catalogue() -> &'static [Rule] {
    CATALOGUE
}

/// Look a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().find(|r| r.id == id)
}

/// The version of the rule set; changes whenever a rule is added, removed or
/// changes meaning. Packs record it. `YYYY-MM-DD.N`: the day, then a count.
pub const RULES_VERSION: &str = "2026-11-28.5";

/// What each rules version added or changed, oldest first: the version and
/// the ids of the rules added, or whose meaning, severity or fields changed.
/// A pack made with an earlier version is compared with today's rules
/// knowing which findings come from rules that changed since
/// ([`changed_since`]). Add a line with every new [`RULES_VERSION`].
pub const HISTORY: &[(&str, &[RuleId])] = &[
    (
        "2026-11-28.4",
        &[
            // Substance: placeholders and too-short answers refused.
            "pupil-name",
            "school-name",
            "school-referrer",
            "school-pastoral-link",
            "hsr-medical-condition",
            "hsr-likely-duration",
            "health-long-term-treatment-plan",
            "evidence-details",
            "hsr-apdr",
            "hsr-funding-statement",
            "hsr-baseline-attainment",
            "hsr-baseline-engagement",
            "hsr-baseline-wellbeing",
            "baseline-pupil-voice",
            "safeguarding-responsible-adult",
            "safeguarding-assessed-mitigated",
            "exams-years-10-11",
            "exams-access-arrangements",
            "entry-gp-only-evidence",
            // Plausible facts.
            "contact-format",
            "pupil-home-postcode-hertfordshire",
            "pupil-home-postcode-border",
            "absence-start-date",
            "evidence-date",
            "evidence-too-old",
            "evidence-currency",
            "annex2-4-named-professional-contact",
            // The documents themselves.
            "evidence-attachment",
            "annex2-2-apdr-attached",
            "annex2-3-reintegration-plan",
            "document-sent-separately",
            // Tier by need; hospital; teaching; re-referral; school and area.
            "evidence-tier-kind",
            "health-hospital-answered",
            "health-planned-admission",
            "teaching-location",
            "teaching-home-evidence",
            "safeguarding-home-teaching-risk-assessment",
            "previous-referral",
            "school-type",
            "annex2-1-isl-area",
            "pupil-upn",
            // SLA duties, IHCP, consent, summaries, codes.
            "support-reasonable-adjustments",
            "support-curriculum-access",
            "support-school-community",
            "support-working-area",
            "school-review-chair",
            "school-designated-officer",
            "health-ihcp",
            "health-ihcp-review",
            "hsr-parental-consent",
            "consent-paper-unverifiable",
            "attendance-code",
            "entry-medical-evidence",
        ],
    ),
    (
        "2026-11-28.5",
        // The council's limit on the number of files (`attachments.maxFiles`).
        &["attachment-size"],
    ),
];

/// The rules added or changed since `version` (a pack's `rulesVersion`), by
/// [`HISTORY`]. A version this build does not know, or cannot read, counts
/// as older than all of them.
///
/// ```
/// use esma_core::rules::{changed_since, RULES_VERSION};
/// assert!(changed_since(RULES_VERSION).is_empty());
/// assert!(changed_since("2026-11-28.3").contains(&"evidence-too-old"));
/// assert!(changed_since("not a version").contains(&"evidence-too-old"));
/// ```
pub fn changed_since(version: &str) -> Vec<RuleId> {
    let at = version_key(version);
    let mut out: Vec<RuleId> = Vec::new();
    for (v, ids) in HISTORY {
        if at.is_none_or(|at| version_key(v).is_some_and(|v| v > at)) {
            for id in *ids {
                if !out.contains(id) {
                    out.push(id);
                }
            }
        }
    }
    out
}

/// `YYYY-MM-DD.N` as something that orders ("….10" after "….9").
fn version_key(v: &str) -> Option<(chrono::NaiveDate, u32)> {
    let (day, n) = v.split_once('.')?;
    Some((crate::date::parse(day).ok()?, n.parse().ok()?))
}

/// Rules whose findings are for the council only: the school's pages do not
/// show them (the school can do nothing about them).
pub const COUNCIL_ONLY: &[RuleId] = &["consent-paper-unverifiable"];

/// Whether a rule's findings are for the council only ([`COUNCIL_ONLY`]).
pub fn is_council_only(id: &str) -> bool {
    COUNCIL_ONLY.contains(&id)
}

/// Run every family's checks.
pub(crate) fn run(ctx: &mut Ctx<'_>) {
    entry::check(ctx);
    pupil::check(ctx);
    school::check(ctx);
    contact::check(ctx);
    absence::check(ctx);
    previous::check(ctx);
    health::check(ctx);
    evidence::check(ctx);
    support::check(ctx);
    funding::check(ctx);
    baseline::check(ctx);
    safeguarding::check(ctx);
    exams::check(ctx);
    consent::check(ctx);
    attachments::check(ctx);
}
