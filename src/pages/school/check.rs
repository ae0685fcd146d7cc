//! Check your answers: every answer with a "Change" link, the findings and
//! the Annex 2 checklist. Prints as a clean paper record.

use esma_core::rules::Severity;
use yew::prelude::*;

use super::{use_draft, DraftActions};
use crate::components::issues::issue_message;
use crate::display::checklist::checklist;
use crate::display::summary::{section_rows, summary_list, ChangeLink, Screener};
use crate::form::fields::input_id;
use crate::form::questions::{Question, Section};
use crate::form::state::Issue;
use crate::route::{Route, SchoolRoute};

#[function_component(CheckAnswersPage)]
pub fn check_answers_page() -> Html {
    let context = use_draft();
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let referral = &wizard.draft.referral;
    let issues = wizard.issues();
    let by = |severity: Severity| {
        issues
            .iter()
            .filter(|i| i.severity == severity)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (blocking, warnings, info) = (
        by(Severity::Blocking),
        by(Severity::Warning),
        by(Severity::Info),
    );
    let onprint = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <>
            <a href={Route::School(SchoolRoute::TaskList(id.clone())).href()} class="govuk-back-link app-no-print">{ "Back to your referral" }</a>
            <span class="govuk-caption-l">{ &wizard.draft.name }</span>
            <h1 class="govuk-heading-l">{ "Check your answers" }</h1>
            if blocking.is_empty() {
                <div class="govuk-inset-text">{ "Nothing stops this referral being sent. Read the warnings below before you send it." }</div>
            } else {
                <div class="govuk-error-summary app-must-not-miss">
                    <h2 class="govuk-error-summary__title">
                        { format!("{} {} must be put right before you send this referral", blocking.len(), if blocking.len() == 1 { "problem" } else { "problems" }) }
                    </h2>
                </div>
            }
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    { findings_list("Problems to put right", "blocking", &blocking, &id) }
                    { findings_list("Warnings", "warnings", &warnings, &id) }
                    { findings_list("Information", "information", &info, &id) }
                    { for Section::ALL.into_iter().filter(|s| s.applies(referral)).map(|section| {
                        html! {
                            <>
                                <h2 class="govuk-heading-m">{ section.title() }</h2>
                                { for section_rows(referral, &wizard.draft.raw_inputs, section, Screener::Show, |q| Some(change_link(&id, section, q))).into_iter().map(|g| html! {
                                    <>
                                        if let Some(heading) = &g.heading {
                                            <h3 class="govuk-heading-s">{ heading }</h3>
                                        }
                                        { summary_list(&g.rows) }
                                    </>
                                }) }
                            </>
                        }
                    }) }
                </div>
                <div class="govuk-grid-column-one-third">
                    { checklist(&wizard.report.checklist) }
                </div>
            </div>
            <super::send::SignAndSend />
            <div class="govuk-button-group app-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={onprint}>{ "Print this page" }</button>
            </div>
            <div class="app-no-print"><DraftActions /></div>
        </>
    }
}

/// The "Change" link for a question: its section's page, focused on it.
fn change_link(draft_id: &str, section: Section, q: &Question) -> ChangeLink {
    ChangeLink {
        href: format!(
            "{}?focus={}",
            Route::School(SchoolRoute::Section(draft_id.to_owned(), section)).href(),
            input_id(&q.path)
        ),
        what: q.label.to_lowercase(),
    }
}

fn findings_list(title: &str, id: &str, issues: &[Issue], draft_id: &str) -> Html {
    if issues.is_empty() {
        return html! {};
    }
    html! {
        <section class="app-findings" aria-labelledby={format!("findings-{id}")}>
            <h2 class="govuk-heading-m" id={format!("findings-{id}")}>{ title }</h2>
            <ul class="govuk-list">
                { for issues.iter().map(|i| {
                    let section = Section::of_field(&i.field);
                    let href = format!("{}?focus={}", Route::School(SchoolRoute::Section(draft_id.to_owned(), section)).href(), input_id(&i.field));
                    html! {
                        <li class="app-finding">
                            { issue_message(i) }
                            <a class="govuk-link govuk-body-s app-no-print" href={href}>{ format!("Go to {}", section.title().to_lowercase()) }</a>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
