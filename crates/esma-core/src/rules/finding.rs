//! What the rules find, and the context they find it in: each family's
//! `check(ctx)` reads the referral, today and the settings from a [`Ctx`] and
//! flags [`Finding`]s through it, so a finding's severity, checklist item and
//! words always come from its [`Rule`].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Rule, Severity};
use crate::date::DateError;
use crate::referral::Referral;
use crate::settings::Settings;

/// One thing the rules found. Serialises as `{rule, severity, field, message}`
/// where `message` is the staff wording; [`Finding::parent_message`] holds the
/// wording for parents.
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
    /// The message for parents and carers.
    #[serde(skip)]
    pub parent_message: Cow<'static, str>,
    /// The Annex 2 item the rule belongs to, if any.
    #[serde(skip)]
    pub checklist_item: Option<u8>,
}

/// The state the rule families share while checking.
pub(crate) struct Ctx<'a> {
    pub r: &'a Referral,
    pub today: NaiveDate,
    pub settings: &'a Settings,
    pub out: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// A context with no findings yet.
    pub fn new(r: &'a Referral, today: NaiveDate, settings: &'a Settings) -> Self {
        Ctx {
            r,
            today,
            settings,
            out: Vec::new(),
        }
    }

    fn push(
        &mut self,
        rule: &Rule,
        field: String,
        staff: Cow<'static, str>,
        parent: Cow<'static, str>,
    ) {
        self.out.push(Finding {
            rule: rule.id,
            severity: rule.severity,
            field,
            message: staff,
            parent_message: parent,
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
        self.push(
            rule,
            field.into(),
            Cow::Borrowed(m.staff),
            Cow::Borrowed(m.parent),
        );
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
        let fill = |t: &str| {
            let mut s = t.to_string();
            for (k, v) in args {
                s = s.replace(&format!("{{{k}}}"), v);
            }
            s
        };
        self.push(
            rule,
            field.into(),
            Cow::Owned(fill(m.staff)),
            Cow::Owned(fill(m.parent)),
        );
    }

    /// A finding about a date, worded by [`crate::date`].
    pub fn flag_date(
        &mut self,
        rule: &Rule,
        field: impl Into<String>,
        label: &str,
        err: DateError,
    ) {
        let text = err.message(label);
        self.push(
            rule,
            field.into(),
            Cow::Owned(text.clone()),
            Cow::Owned(text),
        );
    }

    /// A finding with a message composed here (dates in the future, etc.).
    pub fn flag_text(&mut self, rule: &Rule, field: impl Into<String>, text: String) {
        self.push(
            rule,
            field.into(),
            Cow::Owned(text.clone()),
            Cow::Owned(text),
        );
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
