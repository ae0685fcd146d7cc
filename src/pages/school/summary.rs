//! A section's answers on one page, each with "Change" (which comes back
//! here), and its problems: where the task list takes the person for a
//! section they have started (GOV.UK's "check answers" for a section).

use yew::prelude::*;

use super::check::{problem_items, section_answers};
use super::section::{consent_warning, page_route};
use super::use_draft;
use crate::components::back_link::back_link_saying;
use crate::components::error_summary::ErrorSummary;
use crate::form::pages::{pages, PageIndex};
use crate::form::progress::section_issues;
use crate::form::questions::Section;
use crate::route::{Route, SchoolRoute};

#[derive(Properties, PartialEq)]
pub struct SummaryPageProps {
    pub section: Section,
}

#[function_component(SummaryPage)]
pub fn summary_page(props: &SummaryPageProps) -> Html {
    let context = use_draft();
    let wizard = &*context.wizard;
    let r = &wizard.draft.referral;
    let section = props.section;
    let id = wizard.draft.id.clone();
    let here = Route::School(SchoolRoute::Summary(id.clone(), section));
    let task_list = Route::School(SchoolRoute::TaskList(id.clone()));
    let index = PageIndex::new(r);
    let problems = problem_items(wizard, &index, &section_issues(wizard, section), &here);
    // "Continue" goes to the first page not saved yet, else back to the list.
    let unsaved = pages(section, r)
        .into_iter()
        .find(|p| !wizard.draft.saved_pages.contains(&p.key()));
    let (onward, onward_text) = match unsaved {
        Some(page) => (Route::School(page_route(&id, &page)), "Continue"),
        None => (task_list.clone(), "Return to your referral"),
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link_saying(task_list.href(), "Back to your referral") }
                if !problems.is_empty() {
                    <ErrorSummary id="section-problems" role={None::<AttrValue>} problems={problems} />
                }
                <span class="govuk-caption-l">{ &wizard.draft.name }</span>
                <h1 class="govuk-heading-l">{ section.title() }</h1>
                { consent_warning(wizard) }
                { section_answers(wizard, section, &here, &wizard.issues(), 2) }
                <a class="govuk-button" draggable="false" href={onward.href()}>{ onward_text }</a>
            </div>
        </div>
    }
}
