//! How a referral reads, the same in all three journeys: each answer as text
//! ([`answer_text`]), a section's answers as summary rows ([`summary`]), the
//! Annex 2 checklist ([`checklist`]) and the words for an attachment's
//! purpose ([`purpose_label`]). The school checks its answers with it, the
//! parent reviews what will be shared, the council reads a pack.
//!
//! The text and the rows are plain data, tested natively; the views that
//! render them are small.

pub mod checklist;
pub mod summary;

use std::collections::BTreeMap;

use esma_core::referral::Referral;
use serde_json::Value;

use crate::form::fields::Answers;
use crate::form::questions::{year_group_label, Kind, Question};

/// An answer as a summary shows it: "Yes", "5 March 2026", "Year 9", the
/// label of a choice, a file's name and purpose. Empty when not answered.
/// `raw_inputs` holds text that did not fit the model yet (a draft's; a
/// signed file has none).
pub fn answer_text(
    referral: &Referral,
    raw_inputs: &BTreeMap<String, String>,
    answers: &Answers,
    q: &Question,
) -> String {
    if q.path.starts_with("screener.") {
        return match raw_inputs.get(&q.path).map(String::as_str) {
            Some("yes") => "Yes".into(),
            Some("no") => "No".into(),
            _ => String::new(),
        };
    }
    if let Some(raw) = raw_inputs.get(&q.path) {
        return raw.clone();
    }
    let value = answers.get(&q.path);
    match (&q.kind, value) {
        (_, Value::Null) => String::new(),
        (Kind::YesNo, Value::Bool(b)) => if *b { "Yes" } else { "No" }.into(),
        (Kind::Choice(options), Value::String(s)) => options
            .iter()
            .find(|(v, ..)| v == s)
            .map(|(_, label, _)| (*label).to_owned())
            .unwrap_or_else(|| s.clone()),
        (Kind::YearGroup, Value::Number(n)) => year_group_label(n.as_u64().unwrap_or(0)),
        (Kind::Adjustments, Value::Array(ids)) => ids
            .iter()
            .filter_map(|id| esma_core::annex3::strategy(id.as_str()?))
            .map(|s| s.text.trim_end_matches('.'))
            .collect::<Vec<_>>()
            .join("; "),
        (Kind::Date, Value::String(s)) => match esma_core::date::parse(s) {
            Ok(date) => esma_core::date::long(date),
            Err(_) => s.replace('-', " / "),
        },
        (Kind::Attachment(_), Value::String(id)) => referral
            .attachments
            .iter()
            .find(|a| a.id.as_deref() == Some(id.as_str()))
            .map(|a| {
                format!(
                    "{} ({})",
                    a.name.clone().unwrap_or_default(),
                    purpose_label(a.purpose)
                )
            })
            .unwrap_or_default(),
        _ => answers.text(&q.path),
    }
}

/// What an attachment is for, in words: the domain's one table.
pub use esma_core::attachments::purpose_label;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::fields::set;
    use crate::form::questions::{questions, Section};
    use esma_core::referral::{Attachment, AttachmentPurpose};

    fn question(path: &str) -> Question {
        Section::ALL
            .into_iter()
            .flat_map(|s| questions(s, &Referral::default()))
            .find(|q| q.path == path)
            .unwrap_or_else(|| panic!("no question {path}"))
    }

    fn text(referral: &Referral, raw: &BTreeMap<String, String>, path: &str) -> String {
        answer_text(referral, raw, &Answers::of(referral), &question(path))
    }

    #[test]
    fn answers_read_as_a_person_would_say_them() {
        let mut r = Referral::default();
        let none = BTreeMap::new();
        assert_eq!(text(&r, &none, "pupil.hertfordshireResident"), "");
        set(&mut r, "pupil.hertfordshireResident", Value::Bool(true));
        set(
            &mut r,
            "pupil.dateOfBirth",
            Value::String("2013-03-05".into()),
        );
        set(&mut r, "pupil.yearGroup", Value::from(9));
        set(&mut r, "pupil.firstName", Value::String("Sam".into()));
        assert_eq!(text(&r, &none, "pupil.hertfordshireResident"), "Yes");
        assert_eq!(text(&r, &none, "pupil.dateOfBirth"), "5 March 2013");
        assert_eq!(text(&r, &none, "pupil.yearGroup"), "Year 9");
        assert_eq!(text(&r, &none, "pupil.firstName"), "Sam");
    }

    #[test]
    fn text_that_did_not_fit_shows_as_typed_and_the_screener_from_the_draft() {
        let r = Referral::default();
        let mut raw = BTreeMap::new();
        raw.insert("absence.schoolDaysMissed".to_owned(), "about 20".to_owned());
        assert_eq!(text(&r, &raw, "absence.schoolDaysMissed"), "about 20");
        let screener = crate::form::questions::SCREENER_EVIDENCE;
        assert_eq!(text(&r, &raw, screener), "");
        raw.insert(screener.to_owned(), "no".to_owned());
        assert_eq!(text(&r, &raw, screener), "No");
    }

    #[test]
    fn a_file_answer_names_the_file_and_its_purpose() {
        let mut r = Referral::default();
        r.attachments.push(Attachment {
            id: Some("a1".into()),
            name: Some("letter.pdf".into()),
            purpose: Some(AttachmentPurpose::Apdr),
            ..Attachment::default()
        });
        set(
            &mut r,
            "support.apdr.attachmentId",
            Value::String("a1".into()),
        );
        let shown = text(&r, &BTreeMap::new(), "support.apdr.attachmentId");
        assert_eq!(shown, "letter.pdf (APDR and support plan)");
        assert_eq!(purpose_label(None), "Other");
    }
}
