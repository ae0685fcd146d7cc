//! A draft's task list: each section with its status, the Annex 2 checklist
//! beside it, and the problems that must not be missed at the top.

use yew::prelude::*;

use super::{use_draft, DraftActions};
use crate::components::issues::issue_message;
use crate::display::checklist::checklist;
use crate::form::progress::{status, Status, MUST_NOT_MISS};
use crate::form::questions::Section;
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
            <a href={Route::School(SchoolRoute::Drafts).href()} class="govuk-back-link">{ "Your drafts" }</a>
            <span class="govuk-caption-l">{ &wizard.draft.name }</span>
            <h1 class="govuk-heading-l">{ heading }</h1>
            if !must_not_miss.is_empty() {
                <div class="govuk-error-summary app-must-not-miss" id="must-not-miss">
                    <h2 class="govuk-error-summary__title">{ "Before you can send this referral" }</h2>
                    <div class="govuk-error-summary__body">
                        { for must_not_miss.iter().map(|i| {
                            let section = Section::of_field(&i.field);
                            let href = format!("{}?focus={}", Route::School(SchoolRoute::Section(id.clone(), section)).href(), crate::form::fields::input_id(&i.field));
                            html! {
                                <div class="app-must-not-miss__item">
                                    { issue_message(i) }
                                    <p class="govuk-body"><a class="govuk-link" href={href}>{ format!("Go to {}", section.title().to_lowercase()) }</a></p>
                                </div>
                            }
                        }) }
                    </div>
                </div>
            }
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <p class="govuk-body">{ format!("You have completed {done} of {applicable} sections.") }</p>
                    <ul class="govuk-task-list">
                        { for sections.iter().map(|(section, status)| task(&id, *section, *status)) }
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

fn task(draft_id: &str, section: Section, status: Status) -> Html {
    let status_id = format!("task-{}-status", section.slug());
    let tag = match status {
        Status::Completed => html! { { status.label() } },
        Status::NotApplicable => html! { { status.label() } },
        Status::NotStarted => {
            html! { <strong class="govuk-tag govuk-tag--blue">{ status.label() }</strong> }
        }
        Status::InProgress => {
            html! { <strong class="govuk-tag govuk-tag--light-blue">{ status.label() }</strong> }
        }
        Status::HasProblems => {
            html! { <strong class="govuk-tag govuk-tag--red">{ status.label() }</strong> }
        }
    };
    let href = Route::School(SchoolRoute::Section(draft_id.to_owned(), section)).href();
    let with_link = status != Status::NotApplicable;
    html! {
        <li class={classes!("govuk-task-list__item", with_link.then_some("govuk-task-list__item--with-link"))}>
            <div class="govuk-task-list__name-and-hint">
                if with_link {
                    <a class="govuk-link govuk-task-list__link" href={href} aria-describedby={status_id.clone()}>{ section.title() }</a>
                } else {
                    <div>{ section.title() }</div>
                    <div class="govuk-task-list__hint">{ "Only for pupils in Years 10 and 11" }</div>
                }
            </div>
            <div class={classes!("govuk-task-list__status", (!with_link).then_some("govuk-task-list__status--cannot-start-yet"))} id={status_id}>
                { tag }
            </div>
        </li>
    }
}
