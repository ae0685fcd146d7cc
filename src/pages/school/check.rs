//! Check your answers: every answer with a "Change" link, the findings and
//! the Annex 2 checklist. Prints as a clean paper record.

use std::collections::BTreeMap;

use esma_core::referral::Referral;
use esma_core::rules::Severity;
use serde_json::Value;
use yew::prelude::*;

use super::section::purpose_label;
use super::task_list::checklist;
use super::{DraftActions, DraftContext};
use crate::components::issues::issue_message;
use crate::route::{Route, SchoolRoute};
use crate::wizard::fields::{input_id, Answers};
use crate::wizard::questions::{groups, year_group_label, Kind, Question, Section};
use crate::wizard::state::{Issue, Wizard};

/// An answer as the check-answers page (and the council's view of a pack)
/// shows it. `raw_inputs` holds text that did not fit the model yet (a
/// draft's; a signed pack has none).
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

#[function_component(CheckAnswersPage)]
pub fn check_answers_page() -> Html {
    let context = use_context::<DraftContext>().expect("check answers sits inside a draft");
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let referral = &wizard.draft.referral;
    let answers = Answers::of(referral);
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
                                { for groups(section, referral).into_iter().map(|g| html! {
                                    <>
                                        if let Some(heading) = &g.heading {
                                            <h3 class="govuk-heading-s">{ heading }</h3>
                                        }
                                        <dl class="govuk-summary-list">
                                            { for g.questions.iter().map(|q| row(wizard, &answers, section, q)) }
                                        </dl>
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

fn row(wizard: &Wizard, answers: &Answers, section: Section, q: &Question) -> Html {
    let text = answer_text(&wizard.draft.referral, &wizard.draft.raw_inputs, answers, q);
    let href = format!(
        "{}?focus={}",
        Route::School(SchoolRoute::Section(wizard.draft.id.clone(), section)).href(),
        input_id(&q.path)
    );
    html! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{ q.label }</dt>
            <dd class="govuk-summary-list__value app-pre-wrap">
                if text.is_empty() { <span class="app-not-answered">{ "Not answered" }</span> } else { { text } }
            </dd>
            <dd class="govuk-summary-list__actions app-no-print">
                <a class="govuk-link" href={href}>{ "Change" }<span class="govuk-visually-hidden">{ format!(" {}", q.label.to_lowercase()) }</span></a>
            </dd>
        </div>
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
