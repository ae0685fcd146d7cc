//! The wizard's state and every change to it, through one pure `reduce`.
//!
//! Views only dispatch [`Action`]s. Each change to the referral bumps the
//! draft's revision (the save effect writes every revision to the device) and
//! re-runs the rules, so the findings on screen always match the answers.

use std::collections::HashSet;
use std::rc::Rc;

use chrono::NaiveDate;
use esma_core::referral::{Attachment, MedicalEvidence};
use esma_core::rules::Severity;
use esma_core::settings::Settings;
use esma_core::validate::{validate, Report};
use serde_json::Value;
use yew::Reducible;

use super::fields;
use super::questions::{questions, Kind, Section};
use crate::draft::Draft;

/// A problem to show against a field: a rule's finding, or text the wizard
/// could not store (a number field holding letters).
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// The field path.
    pub field: String,
    pub severity: Severity,
    pub message: String,
    /// The rule it comes from, for its policy source; `None` for input problems.
    pub rule: Option<&'static str>,
}

/// The wizard for one draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Wizard {
    pub draft: Draft,
    pub today: NaiveDate,
    pub settings: Rc<Settings>,
    /// The rules' findings for the draft as it is now.
    pub report: Rc<Report>,
    /// Pages (by key) where the user pressed "Save and continue" in this
    /// visit: their problems show, as GOV.UK shows errors once a page is
    /// submitted, never while it is being filled in.
    pub submitted: HashSet<String>,
}

/// Everything that can happen to a draft.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Text typed into a field (a number field is parsed; text that does not
    /// fit is kept aside, never lost).
    Type {
        path: String,
        text: String,
        now: String,
    },
    /// A yes/no answer or a choice.
    Choose {
        path: String,
        value: Value,
        now: String,
    },
    /// One box of a GOV.UK date input changed.
    DatePart {
        path: String,
        part: DatePart,
        text: String,
        now: String,
    },
    /// "Save and continue" on a page (by key): its problems show from now
    /// on, and with nothing blocking on it, the page is saved.
    SubmitPage {
        page: String,
        now: String,
    },
    AddEvidence {
        now: String,
    },
    RemoveEvidence {
        index: usize,
        now: String,
    },
    /// A file was stored on the device; link it to `path`.
    Attach {
        path: Option<String>,
        attachment: Attachment,
        now: String,
    },
    /// Remove an attachment and every link to it.
    Detach {
        id: String,
        now: String,
    },
    Rename {
        name: String,
        now: String,
    },
    /// The draft as read from the device (or imported): no new revision.
    Load(Box<Draft>),
    /// A consent request was made and saved as a file.
    ConsentRequested {
        sent: Box<crate::draft::ConsentRequestSent>,
        now: String,
    },
    /// A checked consent response (given or refused) to record.
    RecordConsent {
        record: Box<esma_core::referral::ConsentRecord>,
        now: String,
    },
}

/// The three boxes of a GOV.UK date input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl Wizard {
    pub fn new(mut draft: Draft, today: NaiveDate, settings: Rc<Settings>) -> Wizard {
        // A draft saved by an earlier version gets this version's questions;
        // it is saved so with the next change.
        esma_core::referral::upgrade(&mut draft.referral);
        let report = Rc::new(validate(&draft.referral, today, &settings));
        Wizard {
            draft,
            today,
            settings,
            report,
            submitted: HashSet::new(),
        }
    }

    /// Every problem with the draft: the rules' findings and input problems.
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues: Vec<Issue> = self
            .draft
            .raw_inputs
            .keys()
            .filter(|field| !field.starts_with("screener."))
            .map(|field| Issue {
                field: field.clone(),
                severity: Severity::Blocking,
                message: input_problem(field),
                rule: None,
            })
            .collect();
        // Some findings are for the council only: the school can do nothing
        // about them (a paper consent form this service cannot check).
        issues.extend(
            self.report
                .findings
                .iter()
                .filter(|f| !esma_core::rules::is_council_only(f.rule))
                .map(|f| Issue {
                    field: f.field.clone(),
                    severity: f.severity,
                    message: f.message.to_string(),
                    rule: Some(f.rule),
                }),
        );
        issues
    }

    /// Whether a page's problems show: once the user has tried to save it,
    /// in this visit or before.
    pub fn shows_page(&self, key: &str) -> bool {
        self.submitted.contains(key) || self.draft.saved_pages.contains(key)
    }

    /// The text a field shows: what was typed, if it did not fit the model.
    pub fn shown_text(&self, answers: &fields::Answers, path: &str) -> String {
        match self.draft.raw_inputs.get(path) {
            Some(raw) => raw.clone(),
            None => answers.text(path),
        }
    }

    fn changed(mut self, now: &str) -> Self {
        self.draft.touch(now);
        self.report = Rc::new(crate::web::dom::measured("esma-validate", || {
            validate(&self.draft.referral, self.today, &self.settings)
        }));
        self
    }
}

/// Why text typed into a field could not be stored.
fn input_problem(field: &str) -> String {
    if field.ends_with("yearGroup") {
        "Select the pupil's year group".to_owned()
    } else {
        "Enter a whole number, like 17".to_owned()
    }
}

/// Whether the question at `path` takes a whole number.
fn is_number(wizard: &Wizard, path: &str) -> bool {
    let section = Section::of_field(path);
    questions(section, &wizard.draft.referral)
        .iter()
        .any(|q| q.path == path && q.kind == Kind::Number)
}

/// Splits a stored date (`2013-3-5`, parts possibly empty) into day, month, year.
pub fn date_parts(stored: &str) -> (String, String, String) {
    let mut parts = stored.splitn(3, '-');
    let year = parts.next().unwrap_or("").to_owned();
    let month = parts.next().unwrap_or("").to_owned();
    let day = parts.next().unwrap_or("").to_owned();
    (day, month, year)
}

/// Joins date parts into the stored form; all empty means no answer.
fn join_date(day: &str, month: &str, year: &str) -> Value {
    // A dash would break the stored form apart; nobody types one into a date box.
    let clean = |s: &str| s.trim().replace('-', "");
    let (day, month, year) = (clean(day), clean(month), clean(year));
    if day.is_empty() && month.is_empty() && year.is_empty() {
        Value::Null
    } else {
        Value::String(format!("{year}-{month}-{day}"))
    }
}

impl Reducible for Wizard {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let next = match action {
            Action::Type { path, text, now } => {
                if path.starts_with("screener.") {
                    next.draft.set_raw_input(&path, &text);
                    return Rc::new(next.changed(&now));
                }
                let value = if is_number(&next, &path) && !text.trim().is_empty() {
                    match text.trim().parse::<u64>() {
                        Ok(n) => Value::from(n),
                        Err(_) => {
                            next.draft.set_raw_input(&path, &text);
                            fields::set(&mut next.draft.referral, &path, Value::Null);
                            return Rc::new(next.changed(&now));
                        }
                    }
                } else {
                    fields::text_value(&text)
                };
                next.draft.clear_raw_input(&path);
                fields::set(&mut next.draft.referral, &path, value);
                next.changed(&now)
            }
            Action::Choose { path, value, now } => {
                if path.starts_with("screener.") {
                    let text = value
                        .as_bool()
                        .map(|b| if b { "yes" } else { "no" })
                        .unwrap_or("");
                    next.draft.set_raw_input(&path, text);
                } else {
                    next.draft.clear_raw_input(&path);
                    fields::set(&mut next.draft.referral, &path, value);
                }
                next.changed(&now)
            }
            Action::DatePart {
                path,
                part,
                text,
                now,
            } => {
                let stored = fields::Answers::of(&next.draft.referral).text(&path);
                let (mut day, mut month, mut year) = date_parts(&stored);
                match part {
                    DatePart::Day => day = text,
                    DatePart::Month => month = text,
                    DatePart::Year => year = text,
                }
                fields::set(
                    &mut next.draft.referral,
                    &path,
                    join_date(&day, &month, &year),
                );
                next.changed(&now)
            }
            Action::SubmitPage { page, now } => {
                next.submitted.insert(page.clone());
                let clear = super::problems::page_by_key(&next.draft.referral, &page)
                    .is_some_and(|p| super::problems::page_blocking(&next, &p).is_empty());
                if clear && next.draft.saved_pages.insert(page) {
                    next.draft.touch(&now);
                }
                next
            }
            Action::AddEvidence { now } => {
                next.draft
                    .referral
                    .medical_evidence
                    .push(MedicalEvidence::default());
                next.changed(&now)
            }
            Action::RemoveEvidence { index, now } => {
                if index >= next.draft.referral.medical_evidence.len() {
                    return self;
                }
                next.draft.referral.medical_evidence.remove(index);
                // Later items move up one: so do their pages' keys.
                let renumber = |keys: &mut dyn Iterator<Item = String>| -> Vec<String> {
                    keys.filter_map(|k| renumbered(&k, index)).collect()
                };
                let saved = renumber(&mut std::mem::take(&mut next.draft.saved_pages).into_iter());
                next.draft.saved_pages = saved.into_iter().collect();
                let submitted = renumber(&mut std::mem::take(&mut next.submitted).into_iter());
                next.submitted = submitted.into_iter().collect();
                next.changed(&now)
            }
            Action::Attach {
                path,
                attachment,
                now,
            } => {
                let id = attachment.id.clone().unwrap_or_default();
                next.draft.referral.attachments.push(attachment);
                if let Some(path) = path {
                    fields::set(&mut next.draft.referral, &path, Value::String(id));
                }
                next.changed(&now)
            }
            Action::Detach { id, now } => {
                next.draft
                    .referral
                    .attachments
                    .retain(|a| a.id.as_deref() != Some(id.as_str()));
                unlink(&mut next.draft.referral, &id);
                next.changed(&now)
            }
            Action::Load(draft) => {
                let mut loaded = Wizard::new(*draft, next.today, next.settings.clone());
                loaded.submitted = next.submitted;
                loaded
            }
            Action::ConsentRequested { sent, now } => {
                next.draft.consent_request = Some(*sent);
                next.changed(&now)
            }
            Action::RecordConsent { record, now } => {
                next.draft.referral.consent.record = Some(*record);
                next.changed(&now)
            }
            Action::Rename { name, now } => {
                next.draft.rename(&name);
                next.draft.touch(&now);
                next
            }
        };
        Rc::new(next)
    }
}

/// A page key once item `removed` (0-based) of the medical evidence is
/// gone: the item's own pages are dropped, later items' move up one.
fn renumbered(key: &str, removed: usize) -> Option<String> {
    let Some(rest) = key.strip_prefix("health/evidence-") else {
        return Some(key.to_owned());
    };
    let Some((n, part)) = rest.split_once('-') else {
        return Some(key.to_owned());
    };
    let Some(i) = n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)) else {
        return Some(key.to_owned());
    };
    match i.cmp(&removed) {
        std::cmp::Ordering::Less => Some(key.to_owned()),
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(format!("health/evidence-{i}-{part}")),
    }
}

/// Clears every field that links to attachment `id`.
fn unlink(referral: &mut esma_core::referral::Referral, id: &str) {
    let paths: Vec<String> = esma_core::rules::attachment_references(referral)
        .into_iter()
        .filter(|(_, linked)| *linked == id)
        .map(|(path, _)| path)
        .collect();
    for path in paths {
        fields::set(referral, &path, Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wizard() -> Rc<Wizard> {
        let draft = Draft::new("d".into(), "Test", "2026-11-28T09:00:00.000Z");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        Rc::new(Wizard::new(draft, today, Rc::new(Settings::default())))
    }

    fn now() -> String {
        "2026-11-28T10:00:00.000Z".into()
    }

    #[test]
    fn typing_stores_the_answer_bumps_the_revision_and_rechecks() {
        let w = wizard();
        assert!(w
            .report
            .findings
            .iter()
            .any(|f| f.field == "pupil.firstName"));
        let w = w.reduce(Action::Type {
            path: "pupil.firstName".into(),
            text: "Sam".into(),
            now: now(),
        });
        assert_eq!(w.draft.referral.pupil.first_name.as_deref(), Some("Sam"));
        assert_eq!(w.draft.revision, 2);
        assert!(!w.shows_page("pupil/pupil"), "typing shows no problem yet");
    }

    #[test]
    fn a_number_field_keeps_text_it_cannot_store_and_flags_it() {
        let w = wizard().reduce(Action::Type {
            path: "absence.schoolDaysMissed".into(),
            text: "1O".into(),
            now: now(),
        });
        assert_eq!(w.draft.referral.absence.school_days_missed, None);
        let answers = fields::Answers::of(&w.draft.referral);
        assert_eq!(w.shown_text(&answers, "absence.schoolDaysMissed"), "1O");
        assert!(w
            .issues()
            .iter()
            .any(|i| i.field == "absence.schoolDaysMissed" && i.rule.is_none()));
        let w = w.reduce(Action::Type {
            path: "absence.schoolDaysMissed".into(),
            text: "10".into(),
            now: now(),
        });
        assert_eq!(w.draft.referral.absence.school_days_missed, Some(10));
        assert!(w.draft.raw_inputs.is_empty());
    }

    #[test]
    fn date_parts_combine_and_keep_partial_dates() {
        let w = wizard();
        let w = w.reduce(Action::DatePart {
            path: "pupil.dateOfBirth".into(),
            part: DatePart::Year,
            text: "2013".into(),
            now: now(),
        });
        let w = w.reduce(Action::DatePart {
            path: "pupil.dateOfBirth".into(),
            part: DatePart::Day,
            text: "5".into(),
            now: now(),
        });
        assert_eq!(
            w.draft.referral.pupil.date_of_birth.as_deref(),
            Some("2013--5")
        );
        assert_eq!(
            date_parts("2013--5"),
            ("5".into(), "".into(), "2013".into())
        );
        let w = w.reduce(Action::DatePart {
            path: "pupil.dateOfBirth".into(),
            part: DatePart::Month,
            text: "3".into(),
            now: now(),
        });
        assert_eq!(
            w.draft.referral.pupil.date_of_birth.as_deref(),
            Some("2013-3-5")
        );
        assert!(!w
            .report
            .findings
            .iter()
            .any(|f| f.rule == "pupil-date-of-birth"));
    }

    #[test]
    fn problems_show_once_the_page_is_submitted_and_a_clear_page_is_saved() {
        let submit = |page: &str| Action::SubmitPage {
            page: page.into(),
            now: now(),
        };
        let w = wizard();
        assert!(!w.shows_page("baseline/baseline"));
        let w = w.reduce(submit("baseline/baseline"));
        assert!(w.shows_page("baseline/baseline"));
        assert!(
            w.draft.saved_pages.is_empty(),
            "baseline answers are missing"
        );
        let w = w.reduce(submit("exams/exams"));
        assert!(
            w.draft.saved_pages.contains("exams/exams"),
            "nothing is required on the exams page"
        );
        let revision = w.draft.revision;
        let w = w.reduce(submit("exams/exams"));
        assert_eq!(w.draft.revision, revision, "saving again changes nothing");
    }

    #[test]
    fn removing_an_item_of_evidence_moves_later_items_pages_up() {
        assert_eq!(renumbered("health/evidence-1-who", 0), None);
        assert_eq!(
            renumbered("health/evidence-3-letter", 1).as_deref(),
            Some("health/evidence-2-letter")
        );
        assert_eq!(
            renumbered("health/evidence-1-who", 1).as_deref(),
            Some("health/evidence-1-who")
        );
        assert_eq!(
            renumbered("health/evidence", 0).as_deref(),
            Some("health/evidence")
        );
        assert_eq!(renumbered("pupil/pupil", 0).as_deref(), Some("pupil/pupil"));
    }

    #[test]
    fn evidence_items_are_added_and_removed() {
        let w = wizard().reduce(Action::AddEvidence { now: now() });
        assert!(!w
            .report
            .findings
            .iter()
            .any(|f| f.rule == "entry-medical-evidence"));
        let w = w.reduce(Action::RemoveEvidence {
            index: 0,
            now: now(),
        });
        assert!(w.draft.referral.medical_evidence.is_empty());
        assert!(w
            .report
            .findings
            .iter()
            .any(|f| f.rule == "entry-medical-evidence"));
    }

    #[test]
    fn detaching_a_file_clears_every_link_to_it() {
        let attachment = Attachment {
            id: Some("att-1".into()),
            name: Some("apdr.pdf".into()),
            ..Default::default()
        };
        let w = wizard().reduce(Action::Attach {
            path: Some("support.apdr.attachmentId".into()),
            attachment,
            now: now(),
        });
        assert_eq!(
            w.draft.referral.support.apdr.attachment_id.as_deref(),
            Some("att-1")
        );
        let w = w.reduce(Action::Detach {
            id: "att-1".into(),
            now: now(),
        });
        assert!(w.draft.referral.attachments.is_empty());
        assert_eq!(w.draft.referral.support.apdr.attachment_id, None);
    }

    #[test]
    fn the_screener_answer_is_kept_outside_the_referral() {
        let w = wizard().reduce(Action::Choose {
            path: "screener.hasMedicalEvidence".into(),
            value: Value::Bool(false),
            now: now(),
        });
        assert_eq!(
            w.draft
                .raw_inputs
                .get("screener.hasMedicalEvidence")
                .map(String::as_str),
            Some("no")
        );
        assert!(w.issues().iter().all(|i| !i.field.starts_with("screener.")));
    }
}
