//! A referral's answers as GOV.UK summary rows: plain data ([`SummaryRow`])
//! that any view can render, and [`summary_list`], the simple one.

use std::collections::BTreeMap;

use esma_core::referral::Referral;
use yew::prelude::*;

use super::answer_text;
use crate::form::fields::Answers;
use crate::form::questions::{groups, Question, Section};

/// One row of a summary list: a question and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    /// The question, as the form asks it.
    pub key: String,
    /// The answer as text ([`answer_text`]); empty when not answered.
    pub value: String,
    /// Where to change the answer, when the reader may.
    pub change: Option<ChangeLink>,
}

/// A "Change" link for a summary row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLink {
    pub href: String,
    /// What it changes, for screen readers: "Change" then this.
    pub what: String,
}

/// The rows of one group of questions, under its heading if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowGroup {
    pub heading: Option<String>,
    pub rows: Vec<SummaryRow>,
}

/// Whether a summary shows the screener's answers: they live in the
/// school's draft only, never in a file the school sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screener {
    Show,
    Leave,
}

/// A section's answers as groups of rows, in the form's order. `change`
/// gives a question's "Change" link, if any. A group left with no rows is
/// left out.
pub fn section_rows(
    referral: &Referral,
    raw_inputs: &BTreeMap<String, String>,
    section: Section,
    screener: Screener,
    change: impl Fn(&Question) -> Option<ChangeLink>,
) -> Vec<RowGroup> {
    let answers = Answers::of(referral);
    groups(section, referral)
        .into_iter()
        .map(|g| RowGroup {
            heading: g.heading,
            rows: g
                .questions
                .iter()
                .filter(|q| screener == Screener::Show || !q.path.starts_with("screener."))
                .map(|q| SummaryRow {
                    key: q.label.to_owned(),
                    value: answer_text(referral, raw_inputs, &answers, q),
                    change: change(q),
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

/// A GOV.UK summary list of rows; an empty answer reads "Not answered" and
/// answers keep their line breaks.
pub fn summary_list(rows: &[SummaryRow]) -> Html {
    html! {
        <dl class="govuk-summary-list">
            { for rows.iter().map(summary_row) }
        </dl>
    }
}

fn summary_row(row: &SummaryRow) -> Html {
    html! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{ &row.key }</dt>
            <dd class="govuk-summary-list__value app-pre-wrap">
                if row.value.is_empty() { <span class="app-not-answered">{ "Not answered" }</span> } else { { &row.value } }
            </dd>
            if let Some(change) = &row.change {
                <dd class="govuk-summary-list__actions app-no-print">
                    <a class="govuk-link" href={change.href.clone()}>{ "Change" }<span class="govuk-visually-hidden">{ format!(" {}", change.what) }</span></a>
                </dd>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::fields::set;
    use crate::form::questions::SCREENER_EVIDENCE;
    use serde_json::Value;

    fn link(q: &Question) -> Option<ChangeLink> {
        Some(ChangeLink {
            href: format!("#/change/{}", q.path),
            what: q.label.to_lowercase(),
        })
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
        assert_eq!(first.value, "Sam");
        assert_eq!(first.change, None);
        assert_eq!(groups[0].rows[1].value, "", "not answered");
    }

    #[test]
    fn the_screener_shows_only_where_asked_and_change_links_come_from_the_caller() {
        let mut raw = BTreeMap::new();
        raw.insert(SCREENER_EVIDENCE.to_owned(), "yes".to_owned());
        let r = Referral::default();
        let shown = section_rows(&r, &raw, Section::Eligibility, Screener::Show, link);
        let rows = &shown[0].rows;
        let screener = rows
            .iter()
            .find(|row| row.value == "Yes")
            .expect("the screener's answer");
        assert!(screener
            .change
            .as_ref()
            .is_some_and(|c| c.href.ends_with(SCREENER_EVIDENCE)));
        let left = section_rows(&r, &raw, Section::Eligibility, Screener::Leave, link);
        assert_eq!(left[0].rows.len(), rows.len() - 1);
        assert!(left[0].rows.iter().all(|row| row.value != "Yes"));
    }
}
