//! A draft's task list: each section with its status, the Annex 2 checklist
//! beside it, and the problems that must not be missed at the top.

use yew::prelude::*;

use super::check::problem_href;
use super::section::page_route;
use super::{use_draft, DraftActions};
use crate::components::back_link::back_link_saying;
use crate::components::error_summary::ErrorSummary;
use crate::components::issues::issue_message;
use crate::display::checklist::checklist;
use crate::form::consent::{consent_state, ConsentState};
use crate::form::pages::{first_page, pages, PageIndex};
use crate::form::progress::{status, Status, MUST_NOT_MISS};
use crate::form::questions::Section;
use crate::form::state::Wizard;
use crate::route::{Route, SchoolRoute};

#[function_component(TaskListPage)]
pub fn task_list_page() -> Html {
    let context = use_draft();
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let must_not_miss: Vec<_> = wizard
        .issues()
        .into_iter()
        .filter(|i| i.rule.is_some_and(|r| MUST_NOT_MISS.contains(&r)))
        .collect();
    let pupil = &wizard.draft.referral.pupil;
    let heading = match (&pupil.first_name, &pupil.last_name) {
        (Some(first), Some(last)) => format!("Referral for {first} {last}"),
        (Some(name), None) | (None, Some(name)) => format!("Referral for {name}"),
        _ => "Your referral".to_owned(),
    };
    let sections: Vec<(Section, Status)> = Section::ALL
        .iter()
        .map(|s| (*s, status(wizard, *s)))
        .collect();
    let here = Route::School(SchoolRoute::TaskList(id.clone()));
    let index = PageIndex::new(&wizard.draft.referral);
    let applicable = sections
        .iter()
        .filter(|(_, s)| *s != Status::NotApplicable)
        .count();
    let done = sections
        .iter()
        .filter(|(_, s)| *s == Status::Completed)
        .count();
    html! {
        <>
            { back_link_saying(Route::School(SchoolRoute::Drafts).href(), "Your drafts") }
            <span class="govuk-caption-l">{ &wizard.draft.name }</span>
            <h1 class="govuk-heading-l">{ heading }</h1>
            if !must_not_miss.is_empty() {
                <ErrorSummary id="must-not-miss" title="Before you can send this referral"
                    role={None::<AttrValue>} classes="app-must-not-miss">
                        { for must_not_miss.iter().map(|i| {
                            let section = index.page_of(&i.field, &wizard.draft.referral).0;
                            let href = problem_href(wizard, &index, &i.field, &here);
                            html! {
                                <div class="app-must-not-miss__item">
                                    { issue_message(i) }
                                    <p class="govuk-body"><a class="govuk-link" href={href}>{ format!("Go to {}", esma_core::case::lowercase(section.title())) }</a></p>
                                </div>
                            }
                        }) }
                </ErrorSummary>
            }
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <p class="govuk-body">{ format!("You have completed {done} of {applicable} sections.") }</p>
                    <ul class="govuk-task-list">
                        { for sections.iter().map(|(section, status)| task(wizard, *section, *status)) }
                    </ul>
                    <h2 class="govuk-heading-m">{ "Check and send" }</h2>
                    <p class="govuk-body">
                        <a class="govuk-link" href={Route::School(SchoolRoute::Check(id.clone())).href()}>{ "Check your answers" }</a>
                    </p>
                    <DraftActions />
                </div>
                <div class="govuk-grid-column-one-third">
                    { checklist(&wizard.report.checklist) }
                </div>
            </div>
        </>
    }
}

fn task(wizard: &Wizard, section: Section, status: Status) -> Html {
    let draft_id = wizard.draft.id.clone();
    let status_id = format!("task-{}-status", section.slug());
    // Consent tells where it stands in its own words.
    let consent = (section == Section::Consent).then(|| consent_state(wizard));
    let label = consent.as_ref().map_or(status.label(), ConsentState::label);
    let tag = match status {
        Status::Completed | Status::NotApplicable | Status::CannotStartYet => html! { { label } },
        Status::NotStarted => {
            html! { <strong class="govuk-tag govuk-tag--blue">{ label }</strong> }
        }
        Status::InProgress => {
            html! { <strong class="govuk-tag govuk-tag--light-blue">{ label }</strong> }
        }
        Status::HasProblems => {
            html! { <strong class="govuk-tag govuk-tag--red">{ label }</strong> }
        }
    };
    // A completed section opens on its answers; another where it was left:
    // its first page not saved yet.
    let r = &wizard.draft.referral;
    let href = if section != Section::Consent && status == Status::Completed {
        Route::School(SchoolRoute::Summary(draft_id, section)).href()
    } else {
        match pages(section, r)
            .into_iter()
            .find(|p| !wizard.draft.saved_pages.contains(&p.key()))
        {
            Some(page) if page.slug != first_page(section, r).slug => {
                Route::School(page_route(&draft_id, &page)).href()
            }
            _ => Route::School(SchoolRoute::Section(draft_id, section)).href(),
        }
    };
    let with_link = !matches!(status, Status::NotApplicable | Status::CannotStartYet);
    let hint = match (status, &consent) {
        (Status::NotApplicable, _) => Some("Only for pupils in Years 10 and 11".to_owned()),
        (Status::CannotStartYet, _) => Some(
            "Once nothing else stops the referral, so the parent or carer reviews it once"
                .to_owned(),
        ),
        (_, Some(state)) if !state.changed().is_empty() => Some(format!(
            "Changed since you asked: {}",
            state.changed().join("; ")
        )),
        _ => None,
    };
    let hint_id = format!("task-{}-hint", section.slug());
    html! {
        <li class={classes!("govuk-task-list__item", with_link.then_some("govuk-task-list__item--with-link"))}>
            <div class="govuk-task-list__name-and-hint">
                if with_link {
                    <a class="govuk-link govuk-task-list__link" href={href}
                        aria-describedby={if hint.is_some() { format!("{hint_id} {status_id}") } else { status_id.clone() }}>{ section.title() }</a>
                } else {
                    <div>{ section.title() }</div>
                }
                if let Some(hint) = hint {
                    <div class="govuk-task-list__hint" id={hint_id}>{ hint }</div>
                }
            </div>
            <div class={classes!("govuk-task-list__status", (!with_link).then_some("govuk-task-list__status--cannot-start-yet"))} id={status_id}>
                { tag }
            </div>
        </li>
    }
}
