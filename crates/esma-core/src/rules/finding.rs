//! What the rules find, and the context they find it in: each family's
//! `check(ctx)` reads the referral, today and the settings from a [`Ctx`] and
//! flags [`Finding`]s through it, so a finding's severity, checklist item and
//! words always come from its [`Rule`].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

use super::answers::{self, Need, Problem};
use super::{Rule, Severity};
use crate::date::DateError;
use crate::referral::Referral;
use crate::settings::Settings;

/// One thing the rules found. Serialises as `{rule, severity, field, message}`
/// where `message` is the staff wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The concrete field path, e.g. `medicalEvidence[0].date`.
    pub field: String,
    /// The message for school staff.
    pub message: Cow<'static, str>,
    /// The Annex 2 item the rule belongs to, if any.
    #[serde(skip)]
    pub checklist_item: Option<u8>,
}

/// Added to a rule's message when the answer is only a placeholder.
const PLACEHOLDER_STAFF: &str = "‘n/a’, ‘tbc’ or ‘see attached’ is not an answer";

/// The state the rule families share while checking.
pub(crate) struct Ctx<'a> {
    pub r: &'a Referral,
    pub today: NaiveDate,
    /// The pupil's date of birth, when it is a real date not after today.
    pub dob: Option<NaiveDate>,
    pub settings: &'a Settings,
    pub out: Vec<Finding>,
    /// The council's placeholder phrases, read once for every answer.
    placeholders: answers::Placeholders<'a>,
}

impl<'a> Ctx<'a> {
    /// A context with no findings yet.
    pub fn new(r: &'a Referral, today: NaiveDate, settings: &'a Settings) -> Self {
        let dob = crate::date::parse_opt(r.pupil.date_of_birth.as_deref())
            .ok()
            .filter(|d| *d <= today);
        Ctx {
            r,
            today,
            dob,
            settings,
            out: Vec::new(),
            placeholders: answers::Placeholders::of(&settings.answer_checks),
        }
    }

    /// Check a required text answer ([`super::answers`]): blank gives the
    /// rule's `key` message; a placeholder or too short an answer gives that
    /// message with a fixed sentence saying why. Returns whether the answer
    /// does.
    pub fn need_text(
        &mut self,
        rule: &Rule,
        field: impl Into<String>,
        key: &str,
        value: &Option<String>,
        need: Need,
    ) -> bool {
        let Some(problem) = answers::problem(value.as_deref(), need, &self.placeholders) else {
            return true;
        };
        let m = rule.message(key);
        let staff = match problem {
            Problem::Blank => Cow::Borrowed(m.staff),
            Problem::Placeholder => Cow::Owned(format!("{}. {PLACEHOLDER_STAFF}", m.staff)),
            Problem::TooShort => Cow::Owned(format!(
                "{}. Give more detail, in at least {} words",
                m.staff, self.settings.answer_checks.description_min_words
            )),
        };
        self.push(rule, field.into(), staff);
        false
    }

    /// Check a date field about the pupil's life so far (evidence, consent,
    /// absence): as [`Ctx::past_date`], and not before the pupil's date of
    /// birth.
    pub fn life_date(
        &mut self,
        rule: &Rule,
        field: &str,
        label: &str,
        value: Option<&str>,
    ) -> Option<NaiveDate> {
        let d = self.past_date(rule, field, label, value)?;
        self.after_birth(rule, field, label, d)
    }

    /// `d`, or a finding when it is before the pupil's date of birth.
    pub fn after_birth(
        &mut self,
        rule: &Rule,
        field: &str,
        label: &str,
        d: NaiveDate,
    ) -> Option<NaiveDate> {
        if self.dob.is_some_and(|dob| d < dob) {
            self.flag_text(
                rule,
                field,
                format!("{label} must be after the pupil’s date of birth"),
            );
            return None;
        }
        Some(d)
    }

    fn push(&mut self, rule: &Rule, field: String, staff: Cow<'static, str>) {
        self.out.push(Finding {
            rule: rule.id,
            severity: rule.severity,
            field,
            message: staff,
            checklist_item: rule.checklist_item,
        });
    }

    /// A finding with the rule's default message.
    pub fn flag(&mut self, rule: &Rule, field: impl Into<String>) {
        self.flag_key(rule, field, "");
    }

    /// A finding with one of the rule's keyed messages.
    pub fn flag_key(&mut self, rule: &Rule, field: impl Into<String>, key: &str) {
        let m = rule.message(key);
        self.push(rule, field.into(), Cow::Borrowed(m.staff));
    }

    /// A finding about eligibility rather than a gap in the form: it never
    /// makes checklist item 1 ("completed in full") missing.
    pub fn flag_ineligible(&mut self, rule: &Rule, field: impl Into<String>, key: &str) {
        self.flag_key(rule, field, key);
        if let Some(f) = self.out.last_mut() {
            f.checklist_item = None;
        }
    }

    /// A finding whose message has `{name}` placeholders filled in. Values
    /// come from settings or fixed tables, never from user input.
    pub fn flag_args(
        &mut self,
        rule: &Rule,
        field: impl Into<String>,
        key: &str,
        args: &[(&str, &str)],
    ) {
        let m = rule.message(key);
        let mut text = m.staff.to_string();
        for (k, v) in args {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        self.push(rule, field.into(), Cow::Owned(text));
    }

    /// A finding about a date, worded by [`crate::date`].
    pub fn flag_date(
        &mut self,
        rule: &Rule,
        field: impl Into<String>,
        label: &str,
        err: DateError,
    ) {
        self.push(rule, field.into(), Cow::Owned(err.message(label)));
    }

    /// A finding with a message composed here (dates in the future, etc.).
    pub fn flag_text(&mut self, rule: &Rule, field: impl Into<String>, text: String) {
        self.push(rule, field.into(), Cow::Owned(text));
    }

    /// Check a date field: missing, malformed, or after today. Returns the
    /// date when it is usable.
    pub fn past_date(
        &mut self,
        rule: &Rule,
        field: &str,
        label: &str,
        value: Option<&str>,
    ) -> Option<NaiveDate> {
        match crate::date::parse_opt(value) {
            Ok(d) if d > self.today => {
                self.flag_text(rule, field, crate::date::must_be_in_past_message(label));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                self.flag_date(rule, field, label, e);
                None
            }
        }
    }
}
