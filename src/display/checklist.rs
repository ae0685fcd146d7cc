//! The Annex 2 checklist as a reader sees it: each item with its status tag
//! and the reason, kept current as the answers change.

use esma_core::checklist::{Checklist, ItemStatus};
use yew::prelude::*;

/// One checklist item, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistRow {
    /// "3. Medical evidence …": the item's number and title.
    pub title: String,
    pub status: StatusTag,
    pub reason: String,
}

/// A GOV.UK tag for an item's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusTag {
    pub text: &'static str,
    /// The tag's colour modifier, e.g. `govuk-tag--green`.
    pub class: &'static str,
}

impl StatusTag {
    pub fn of(status: ItemStatus) -> StatusTag {
        match status {
            ItemStatus::Complete => StatusTag {
                text: "Complete",
                class: "govuk-tag--green",
            },
            ItemStatus::Missing => StatusTag {
                text: "Missing",
                class: "govuk-tag--red",
            },
            ItemStatus::NotApplicable => StatusTag {
                text: "Not applicable",
                class: "govuk-tag--grey",
            },
        }
    }
}

/// Every item of the checklist, in order.
pub fn checklist_rows(checklist: &Checklist) -> Vec<ChecklistRow> {
    checklist
        .items
        .iter()
        .map(|item| ChecklistRow {
            title: format!("{}. {}", item.item, item.title),
            status: StatusTag::of(item.status),
            reason: item.reason.to_string(),
        })
        .collect()
}

/// The Annex 2 checklist, under its heading.
pub fn checklist(checklist: &Checklist) -> Html {
    html! {
        <div class="app-checklist">
            <h2 class="govuk-heading-m">{ "Annex 2 checklist" }</h2>
            <ol class="govuk-list app-checklist__items">
                { for checklist_rows(checklist).into_iter().map(|row| html! {
                    <li class="app-checklist__item">
                        <p class="govuk-body govuk-!-margin-bottom-1"><strong>{ row.title }</strong></p>
                        <strong class={classes!("govuk-tag", row.status.class)}>{ row.status.text }</strong>
                        <p class="govuk-body-s">{ row.reason }</p>
                    </li>
                }) }
            </ol>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use esma_core::referral::Referral;
    use esma_core::settings::Settings;

    #[test]
    fn an_empty_referral_lists_every_item_with_a_tag_and_a_reason() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let report =
            esma_core::validate::validate(&Referral::default(), today, &Settings::default());
        let rows = checklist_rows(&report.checklist);
        assert_eq!(rows.len(), report.checklist.items.len());
        assert!(rows[0].title.starts_with("1. "), "{}", rows[0].title);
        assert!(rows
            .iter()
            .any(|r| r.status.text == "Missing" && r.status.class == "govuk-tag--red"));
        assert!(rows.iter().all(|r| !r.reason.is_empty()));
    }
}
