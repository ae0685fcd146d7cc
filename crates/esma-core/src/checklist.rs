//! The Annex 2 referral checklist, derived from the referral and its findings.
//!
//! Each of the six items is `complete`, `missing` or `not-applicable`, with the
//! reason. An item is missing when a blocking finding belongs to it: either
//! the rule is filed under that item in the catalogue, or (items 2–6) the
//! finding's field lies in the part of the referral the item covers (so a
//! broken attachment link on the APDR makes item 2 missing).

use std::borrow::Cow;

use serde::Serialize;

use crate::referral::Referral;
use crate::rules::Finding;
use crate::rules::Severity;

/// The status of a checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    /// Done.
    Complete,
    /// Something needed is not there yet.
    Missing,
    /// Does not apply to this pupil.
    NotApplicable,
}

impl ItemStatus {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Complete => "complete",
            ItemStatus::Missing => "missing",
            ItemStatus::NotApplicable => "not-applicable",
        }
    }
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// 1 to 6, as numbered in Annex 2.
    pub item: u8,
    /// A short title.
    pub title: &'static str,
    /// Complete, missing or not applicable.
    pub status: ItemStatus,
    /// Why.
    pub reason: Cow<'static, str>,
}

/// The six items. Serialises as a JSON array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Checklist {
    /// Items 1 to 6, in order.
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    /// Item `n` (1 to 6).
    pub fn item(&self, n: u8) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.item == n)
    }
}

/// Titles, the field prefixes each item covers, and the reason when complete.
const ITEMS: [(&str, &[&str], &str); 6] = [
    (
        "Hertfordshire Service Request completed in full",
        &[],
        "Every question the request form needs is answered.",
    ),
    (
        "Current support plan / APDR attached",
        &["support.apdr"],
        "The APDR and current support plan are filled in and attached.",
    ),
    (
        "Agreed reintegration plan for a reduced timetable",
        &["absence.reducedTimetable", "absence.reintegrationPlan"],
        "The agreed reintegration plan for the reduced timetable is included.",
    ),
    (
        "Current treatment plan or medical evidence, with the named health professional's contact details",
        &["medicalEvidence", "treatmentPlan"],
        "Medical evidence is included with the named health professional's contact details.",
    ),
    (
        "Signed parental consent",
        &["consent"],
        "Signed parental consent is included.",
    ),
    (
        "How additional funding is used, and any plan for its use",
        &["funding"],
        "The school has said how each kind of additional funding is used.",
    ),
];

fn covers(n: u8, prefixes: &[&str], f: &Finding) -> bool {
    f.checklist_item == Some(n)
        || prefixes.iter().any(|p| {
            f.field.starts_with(p)
                && matches!(
                    f.field.as_bytes().get(p.len()),
                    None | Some(b'.') | Some(b'[')
                )
        })
}

/// Derive the checklist.
pub(crate) fn derive(r: &Referral, findings: &[Finding]) -> Checklist {
    let items = ITEMS
        .iter()
        .enumerate()
        .map(|(i, (title, prefixes, done))| {
            let n = i as u8 + 1;
            let mut blocking = findings
                .iter()
                .filter(|f| f.severity == Severity::Blocking && covers(n, prefixes, f));
            let (status, reason) = if let Some(first) = blocking.next() {
                let more = blocking.count();
                let reason = if more == 0 {
                    Cow::Owned(format!("To do: {}.", first.message.trim_end_matches('.')))
                } else {
                    Cow::Owned(format!(
                        "To do: {}, and {} more {}.",
                        first.message.trim_end_matches('.'),
                        more,
                        if more == 1 { "thing" } else { "things" }
                    ))
                };
                (ItemStatus::Missing, reason)
            } else if n == 3 && r.absence.reduced_timetable == Some(false) {
                (ItemStatus::NotApplicable, Cow::Borrowed("The pupil is not on a reduced timetable."))
            } else if n == 6 && r.funding.streams().iter().all(|(_, _, s)| s.receives == Some(false)) {
                (
                    ItemStatus::NotApplicable,
                    Cow::Borrowed("The pupil does not receive EHCP funding, Local High Needs Funding or the Pupil Premium Grant."),
                )
            } else {
                (ItemStatus::Complete, Cow::Borrowed(*done))
            };
            ChecklistItem { item: n, title, status, reason }
        })
        .collect();
    Checklist { items }
}
