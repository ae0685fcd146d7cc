//! A question's problems, shown where they belong: a blocking problem as a
//! GOV.UK error message, a warning and information in styles of their own, and
//! under each the policy sentence it comes from.

use esma_core::rules::{rule, Severity};
use yew::prelude::*;

use crate::form::state::Issue;

/// The id of a field's message block, for `aria-describedby`.
pub fn messages_id(input_id: &str) -> String {
    format!("{input_id}-messages")
}

#[derive(Properties, PartialEq)]
pub struct IssueMessagesProps {
    pub input_id: String,
    pub issues: Vec<Issue>,
}

/// The messages for one field, with the error message first.
#[function_component(IssueMessages)]
pub fn issue_messages(props: &IssueMessagesProps) -> Html {
    if props.issues.is_empty() {
        return html! {};
    }
    html! {
        <div id={messages_id(&props.input_id)}>
            { for props.issues.iter().map(issue_message) }
        </div>
    }
}

/// One message, with its source when it comes from a rule.
pub fn issue_message(issue: &Issue) -> Html {
    let (class, prefix) = match issue.severity {
        Severity::Blocking => ("govuk-error-message", "Error:"),
        Severity::Warning => ("app-warning-message", "Warning:"),
        Severity::Info => ("app-info-message", "Information:"),
    };
    html! {
        <>
            <p class={class}>
                <span class="govuk-visually-hidden">{ prefix }{ " " }</span>
                { &issue.message }
            </p>
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
        <details class="govuk-details app-source">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ "Where this comes from" }</span>
            </summary>
            <div class="govuk-details__text">
                { for rule.sources.iter().map(|s| html! {
                    <figure class="app-source__quote">
                        <blockquote class="govuk-body">{ s.quote }</blockquote>
                        <figcaption class="govuk-body-s">{ s.document }{ ": " }{ s.section }</figcaption>
                    </figure>
                }) }
            </div>
        </details>
    }
}
