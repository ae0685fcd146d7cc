//! The rule catalogue: one table of every check the referral goes through.
//!
//! Each [`Rule`] has a stable kebab-case id, a [`Severity`], the field paths it
//! concerns, its messages (one for school staff, one for parents, with keyed
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
pub(crate) mod attachments;
pub(crate) mod baseline;
pub(crate) mod consent;
pub(crate) mod entry;
pub(crate) mod evidence;
pub(crate) mod exams;
mod finding;
pub(crate) mod funding;
pub(crate) mod health;
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

/// One wording of a finding, for staff and for parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// The variant's key; the first message of a rule is its default.
    pub key: &'static str,
    /// For school staff.
    pub staff: &'static str,
    /// For parents and carers: plain words, no jargon.
    pub parent: &'static str,
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

static EMPTY: Message = Message {
    key: "",
    staff: "",
    parent: "",
};

/// Shorthand for a message in a rule table.
pub(crate) const fn msg(key: &'static str, staff: &'static str, parent: &'static str) -> Message {
    Message { key, staff, parent }
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
    school::NAME,
    school::URN,
    school::REFERRER,
    school::ISL_AREA,
    school::DESIGNATED_OFFICER,
    school::REVIEW_CHAIR,
    school::REVIEW_FREQUENCY,
    school::PASTORAL_LINK,
    absence::SCHOOL_DAYS,
    absence::FIFTEEN_DAYS,
    absence::FIFTEEN_DAYS_LONG_TERM,
    absence::PATTERN,
    absence::ATTENDANCE_CODE,
    absence::ATTENDANCE_CODE_UNAUTHORISED,
    absence::REINTEGRATION_PLAN,
    health::CONDITION,
    health::KIND,
    health::LONG_TERM,
    health::LIKELY_DURATION,
    health::TREATMENT_PLAN,
    health::HOSPITAL_SCHOOL,
    evidence::CONFIRMS_UNABLE,
    evidence::DETAILS,
    evidence::NAMED_CONTACT,
    evidence::DATE,
    evidence::CURRENCY,
    evidence::TIER_KIND,
    evidence::ATTACHED,
    support::APDR,
    support::APDR_ATTACHED,
    support::MEDICAL_ADVICE,
    support::REASONABLE_ADJUSTMENTS,
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
    safeguarding::HOME_RISK_ASSESSMENT,
    exams::YEARS_10_11,
    exams::ACCESS_ARRANGEMENTS,
    consent::PARENTAL_CONSENT,
    consent::REFUSED,
    consent::CHANGED,
    consent::PAPER_UNVERIFIABLE,
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
/// changes meaning. Packs record it.
pub const RULES_VERSION: &str = "2026-11-28.3";

/// Run every family's checks.
pub(crate) fn run(ctx: &mut Ctx<'_>) {
    entry::check(ctx);
    pupil::check(ctx);
    school::check(ctx);
    absence::check(ctx);
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
