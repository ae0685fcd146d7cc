//! A referral's answers as the rows of GOV.UK summary lists
//! ([`SummaryRow`], the summary list component's own), in the form's order,
//! with a "Change" link where the reader may change an answer.

use std::collections::BTreeMap;

use esma_core::referral::Referral;

use super::answer_text;
use crate::components::summary_list::{SummaryAction, SummaryRow};
use crate::form::fields::Answers;
use crate::form::questions::{groups, Question, Section};

/// The rows of one group of questions, under its heading if it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct RowGroup {
    pub heading: Option<String>,
    pub rows: Vec<SummaryRow>,
    /// Each row's field path, in the same order.
    pub paths: Vec<String>,
}

/// Whether a summary shows the screener's answers: they live in the
/// school's draft only, never in a file the school sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screener {
    Show,
    Leave,
}

/// A section's answers as groups of rows, in the form's order: each
/// question, its answer as text ([`answer_text`]; empty when not answered),
/// and a "Change" link to `change(question)`'s address, if it gives one. A
/// group left with no rows is left out.
pub fn section_rows(
    referral: &Referral,
    raw_inputs: &BTreeMap<String, String>,
    section: Section,
    screener: Screener,
    change: impl Fn(&Question) -> Option<String>,
) -> Vec<RowGroup> {
    let answers = Answers::of(referral);
    groups(section, referral)
        .into_iter()
        .map(|g| {
            let questions: Vec<&Question> = g
                .questions
                .iter()
                .filter(|q| screener == Screener::Show || !q.path.starts_with("screener."))
                .collect();
            RowGroup {
                heading: g.heading.clone(),
                paths: questions.iter().map(|q| q.path.clone()).collect(),
                rows: questions
                    .iter()
                    .map(|q| {
                        let row = SummaryRow::answer(
                            q.label,
                            answer_text(referral, raw_inputs, &answers, q),
                        );
                        match change(q) {
                            Some(href) => row.action(SummaryAction::link(
                                href,
                                "Change",
                                esma_core::case::lowercase(q.label),
                            )),
                            None => row,
                        }
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::summary_list::{ActionTarget, RowValue};
    use crate::form::fields::set;
    use crate::form::questions::SCREENER_EVIDENCE;
    use serde_json::Value;

    fn answer(text: &'static str) -> RowValue {
        RowValue::Answer(text.into())
    }

    #[test]
    fn rows_follow_the_form_with_answers_as_text() {
        let mut r = Referral::default();
        set(&mut r, "pupil.firstName", Value::String("Sam".into()));
        let groups = section_rows(
            &r,
            &BTreeMap::new(),
            Section::Pupil,
            Screener::Leave,
            |_| None,
        );
        assert_eq!(groups[0].heading.as_deref(), Some("Pupil"));
        let first = &groups[0].rows[0];
        assert_eq!(first.key, "First name");
        assert_eq!(first.value, answer("Sam"));
        assert!(first.actions.is_empty());
        assert_eq!(groups[0].rows[1].value, answer(""), "not answered");
    }

    #[test]
    fn the_screener_shows_only_where_asked_and_change_links_come_from_the_caller() {
        let mut raw = BTreeMap::new();
        raw.insert(SCREENER_EVIDENCE.to_owned(), "yes".to_owned());
        let r = Referral::default();
        let link = |q: &Question| Some(format!("#/change/{}", q.path));
        let shown = section_rows(&r, &raw, Section::Eligibility, Screener::Show, link);
        let rows = &shown[0].rows;
        let screener = rows
            .iter()
            .find(|row| row.value == answer("Yes"))
            .expect("the screener's answer");
        let [change] = &screener.actions[..] else {
            panic!("one action: Change");
        };
        assert_eq!(change.label, "Change");
        assert_eq!(change.context, screener.key.to_lowercase());
        assert!(
            matches!(&change.target, ActionTarget::Link(href) if href.ends_with(SCREENER_EVIDENCE))
        );
        let left = section_rows(&r, &raw, Section::Eligibility, Screener::Leave, link);
        assert_eq!(left[0].rows.len(), rows.len() - 1);
        assert!(left[0].rows.iter().all(|row| row.value != answer("Yes")));
    }
}
