//! A question's problems, shown where they belong: a blocking problem as a
//! GOV.UK error message, a warning and information in styles of their own,
//! and the policy sentence each comes from ("Where this comes from"), after
//! the field's input, never between its label and the input.

use esma_core::rules::{rule, Severity};
use yew::prelude::*;

use crate::components::details::Details;
use crate::form::state::Issue;

/// The id of a field's message block, for `aria-describedby`.
pub fn messages_id(input_id: &str) -> String {
    format!("{input_id}-messages")
}

/// A field's messages, error first, for above its input as GOV.UK places
/// them: words only, so nothing focusable sits between a label and its
/// input. Their sources follow the input ([`sources`]).
pub fn messages(input_id: &str, issues: &[Issue]) -> Html {
    if issues.is_empty() {
        return html! {};
    }
    html! {
        <div id={messages_id(input_id)}>
            { for issues.iter().map(message) }
        </div>
    }
}

/// "Where this comes from" for a field's messages, once, after its input.
pub fn sources(issues: &[Issue]) -> Html {
    let mut rules: Vec<&'static str> = issues.iter().filter_map(|i| i.rule).collect();
    rules.dedup();
    html! { { for rules.into_iter().map(source) } }
}

fn message(issue: &Issue) -> Html {
    let (class, prefix) = match issue.severity {
        Severity::Blocking => ("govuk-error-message", "Error:"),
        Severity::Warning => ("app-warning-message", "Warning:"),
        Severity::Info => ("app-info-message", "Information:"),
    };
    html! {
        <p class={class}>
            <span class="govuk-visually-hidden">{ prefix }{ " " }</span>
            { &issue.message }
        </p>
    }
}

/// One message, with its source when it comes from a rule.
pub fn issue_message(issue: &Issue) -> Html {
    html! {
        <>
            { message(issue) }
            { issue.rule.map(source).unwrap_or_default() }
        </>
    }
}

/// "Where this comes from": the policy sentences (or law) behind a rule.
pub fn source(rule_id: &str) -> Html {
    let Some(rule) = rule(rule_id) else {
        return html! {};
    };
    html! {
        <Details summary="Where this comes from" classes="app-source">
            { for rule.sources.iter().map(|s| html! {
                <figure class="app-source__quote">
                    <blockquote class="govuk-body">{ s.quote }</blockquote>
                    <figcaption class="govuk-body-s">{ s.document }{ ": " }{ s.section }</figcaption>
                </figure>
            }) }
        </Details>
    }
}
