//! How far each section has got, for the task list, told truthfully: a
//! section is completed only once the user has saved every page of it and
//! nothing on it blocks; parental consent has a state of its own
//! ([`super::consent`]).

use esma_core::rules::Severity;
use serde_json::Value;

use super::consent::consent_state;
use super::fields::Answers;
use super::pages::{page_key, pages, PageIndex};
use super::questions::{is_eligibility_rule, questions, Section, SCREENER_EVIDENCE};
use super::state::{Issue, Wizard};

/// A section's status, as the GOV.UK task list shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
    HasProblems,
    NotApplicable,
    CannotStartYet,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not yet started",
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
            Status::HasProblems => "There is a problem",
            Status::NotApplicable => "Does not apply",
            Status::CannotStartYet => "Cannot start yet",
        }
    }
}

/// Rules whose findings must be impossible to overlook: missing medical
/// evidence and missing funding statements.
pub const MUST_NOT_MISS: &[&str] = &[
    "entry-medical-evidence",
    "hsr-evidence-confirms-unable",
    "annex2-4-named-professional-contact",
    "evidence-attachment",
    "evidence-too-old",
    "hsr-funding-statement",
];

/// The blocking issues that belong to a section.
pub fn section_issues(wizard: &Wizard, section: Section) -> Vec<Issue> {
    let answered_screener = wizard
        .draft
        .raw_inputs
        .get(SCREENER_EVIDENCE)
        .map(String::as_str);
    let mut issues: Vec<Issue> = wizard
        .issues()
        .into_iter()
        .filter(|i| i.severity == Severity::Blocking)
        .filter(|i| match section {
            Section::Eligibility => {
                i.rule.is_some_and(is_eligibility_rule)
                    && i.rule != Some("entry-medical-evidence")
                    && !Answers::of(&wizard.draft.referral).get(&i.field).is_null()
            }
            _ => Section::of_field(&i.field) == section,
        })
        .collect();
    if section == Section::Eligibility && answered_screener == Some("no") {
        issues.push(Issue {
            field: SCREENER_EVIDENCE.into(),
            severity: Severity::Blocking,
            message: "There is no medical evidence".into(),
            rule: Some("entry-medical-evidence"),
        });
    }
    issues
}

/// Whether anything in the section has been answered.
pub fn started(wizard: &Wizard, section: Section) -> bool {
    let referral = &wizard.draft.referral;
    let answers = Answers::of(referral);
    let any_question = questions(section, referral).iter().any(|q| {
        let answered = match answers.get(&q.path) {
            Value::Null => false,
            Value::Array(items) => !items.is_empty(),
            _ => true,
        };
        answered || wizard.draft.raw_inputs.contains_key(&q.path)
    });
    any_question
        || match section {
            Section::Health => !referral.medical_evidence.is_empty(),
            Section::Attachments => !referral.attachments.is_empty(),
            _ => false,
        }
}

pub fn status(wizard: &Wizard, section: Section) -> Status {
    let r = &wizard.draft.referral;
    if !section.applies(r) {
        return Status::NotApplicable;
    }
    if section == Section::Consent {
        let state = consent_state(wizard);
        return match state {
            _ if state.is_given() => Status::Completed,
            super::consent::ConsentState::CannotStartYet => Status::CannotStartYet,
            super::consent::ConsentState::NotRequested => Status::NotStarted,
            super::consent::ConsentState::Refused(_)
            | super::consent::ConsentState::OutOfDate { .. } => Status::HasProblems,
            _ => Status::InProgress,
        };
    }
    let keys: Vec<String> = pages(section, r).iter().map(|p| p.key()).collect();
    let issues = section_issues(wizard, section);
    if !started(wizard, section) && !keys.iter().any(|k| wizard.shows_page(k)) {
        return Status::NotStarted;
    }
    if issues.is_empty() {
        return if keys.iter().all(|k| wizard.draft.saved_pages.contains(k)) {
            Status::Completed
        } else {
            Status::InProgress
        };
    }
    // Problems the user has already been shown (on a page they tried to
    // save, or the screener's verdict) make it "There is a problem".
    let index = PageIndex::new(r);
    let shown = section == Section::Eligibility
        || issues.iter().any(|i| {
            let (s, slug) = index.page_of(&i.field, r);
            wizard.shows_page(&page_key(s, &slug))
        });
    if shown {
        Status::HasProblems
    } else {
        Status::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::form::state::Action;
    use chrono::NaiveDate;
    use esma_core::settings::Settings;
    use std::rc::Rc;
    use yew::Reducible;

    fn wizard() -> Rc<Wizard> {
        let draft = Draft::new("d".into(), "Test", "2026-11-28T09:00:00.000Z");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        Rc::new(Wizard::new(draft, today, Rc::new(Settings::default())))
    }

    fn choose(w: Rc<Wizard>, path: &str, value: Value) -> Rc<Wizard> {
        w.reduce(Action::Choose {
            path: path.into(),
            value,
            now: "2026-11-28T10:00:00.000Z".into(),
        })
    }

    #[test]
    fn an_untouched_section_is_not_started() {
        let w = wizard();
        assert_eq!(status(&w, Section::Pupil), Status::NotStarted);
        assert_eq!(status(&w, Section::Exams), Status::NotApplicable);
    }

    #[test]
    fn answering_moves_a_section_on_and_problems_show_when_touched() {
        let w = choose(wizard(), "funding.ehcp.receives", Value::Bool(true));
        // The EHCP statement is missing and the other streams unanswered:
        // nothing shows until the page is submitted.
        assert_eq!(status(&w, Section::Funding), Status::InProgress);
        let w = w.reduce(submit("funding/funding"));
        assert_eq!(status(&w, Section::Funding), Status::HasProblems);
        assert!(w.draft.saved_pages.is_empty(), "not saved with problems");
        let w = choose(
            w,
            "funding.localHighNeedsFunding.receives",
            Value::Bool(false),
        );
        let w = choose(w, "funding.pupilPremiumGrant.receives", Value::Bool(false));
        let w = w.reduce(Action::Type {
            path: "funding.ehcp.statement".into(),
            text: "Funds a key worker".into(),
            now: "2026-11-28T10:00:00.000Z".into(),
        });
        // Nothing blocks, but the user has not saved the page yet.
        assert_eq!(status(&w, Section::Funding), Status::InProgress);
        let w = w.reduce(submit("funding/funding"));
        assert!(w.draft.saved_pages.contains("funding/funding"));
        assert_eq!(status(&w, Section::Funding), Status::Completed);
    }

    fn submit(page: &str) -> Action {
        Action::SubmitPage {
            page: page.into(),
            now: "2026-11-28T10:00:00.000Z".into(),
        }
    }

    #[test]
    fn attachments_are_not_completed_before_they_are_visited() {
        let w = wizard();
        assert_eq!(status(&w, Section::Attachments), Status::NotStarted);
        let w = w.reduce(submit("attachments/attachments"));
        assert_eq!(status(&w, Section::Attachments), Status::Completed);
    }

    #[test]
    fn consent_cannot_start_while_the_rest_is_unfinished() {
        assert_eq!(status(&wizard(), Section::Consent), Status::CannotStartYet);
    }

    #[test]
    fn the_screener_flags_an_ineligible_answer_at_once() {
        let w = choose(wizard(), "pupil.hertfordshireResident", Value::Bool(false));
        assert_eq!(status(&w, Section::Eligibility), Status::HasProblems);
        let w = choose(wizard(), SCREENER_EVIDENCE, Value::Bool(false));
        assert_eq!(status(&w, Section::Eligibility), Status::HasProblems);
    }
}
