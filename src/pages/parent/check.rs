//! Check your answer (GOV.UK's check answers pattern): what the parent
//! decided and who they are, each with "Change", then "Save my answer as a
//! file", which signs the response and saves it. Then the confirmation page.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::decide::{problems, CONSENT_ID, NAME_ID, RELATIONSHIP_ID, SIGNATURE_ID, SLA_ID};
use super::request::{respond, shown, Decision, Opened};
use super::{use_parent, Finished};
use crate::components::back_link::back_link;
use crate::components::error_summary::ErrorSummary;
use crate::components::panel::Panel;
use crate::components::summary_list::{SummaryAction, SummaryList, SummaryRow};
use crate::route::{ParentStep, Route};
use crate::web::{dom, files};

/// The id of the problem shown when the file could not be made.
const FAILURE_ID: &str = "response-failure";

/// "Change" for a row: back to the decision, with focus on its question.
fn change(input_id: &str, what: &str) -> SummaryAction {
    let href = format!(
        "{}?focus={input_id}",
        Route::ParentStep(ParentStep::Decide).href()
    );
    SummaryAction::link(href, "Change", what.to_owned())
}

#[function_component(CheckPage)]
pub fn check_page() -> Html {
    let context = use_parent();
    let working = use_state(|| false);
    let failure = use_state(|| None::<String>);
    let failed = use_state(|| 0u32);
    let Some(opened) = context.opened.clone() else {
        return html! {};
    };
    let a = &context.answers;
    let decide = Route::ParentStep(ParentStep::Decide).href();
    if !problems(a).is_empty() {
        // Reached by its address before the decision was made.
        return html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{ "Answer the questions first" }</h1>
                    <p class="govuk-body"><a class="govuk-link" href={decide} id="to-decision">{ "Give or refuse consent" }</a></p>
                </div>
            </div>
        };
    }
    let given = a.consent == Some(true);
    let rows = vec![
        SummaryRow::new(
            "Your decision",
            if given {
                format!(
                    "Yes, I give my consent for {} to share this information",
                    opened.school_name
                )
            } else {
                "No, I do not give my consent".to_owned()
            },
        )
        .action(change(CONSENT_ID, "your decision")),
        SummaryRow::new(
            "The summary of the agreement",
            if a.sla == Some(true) {
                "I have read it"
            } else {
                "I have not read it"
            },
        )
        .action(change(SLA_ID, "whether you have read the summary of the agreement")),
        SummaryRow::new("Your full name", a.name.trim().to_owned())
            .action(change(NAME_ID, "your full name")),
        SummaryRow::new("Your relationship to the child", a.relationship.trim().to_owned())
            .action(change(RELATIONSHIP_ID, "your relationship to the child")),
        SummaryRow::new(
            "Drawn signature",
            match &a.drawn_signature {
                Some(png) => html! { <img class="app-signature-small" src={png.clone()} alt="Your drawn signature" /> },
                None => html! { "None: your typed name is your signature" },
            },
        )
        .action(change(SIGNATURE_ID, "your drawn signature")),
    ];
    let onsave = {
        let (working, failure, failed) = (working.clone(), failure.clone(), failed.clone());
        let decision = Decision {
            given,
            sla_acknowledged: a.sla == Some(true),
            name: dom::nfc(a.name.trim()),
            relationship: dom::nfc(a.relationship.trim()),
            drawn_signature: a.drawn_signature.clone(),
        };
        let (opened, set_finished) = (opened.clone(), context.set_finished.clone());
        Callback::from(move |_: MouseEvent| {
            // The button stays enabled (a disabled button would drop the
            // focus to the page); a second press while saving does nothing.
            if *working {
                return;
            }
            working.set(true);
            failure.set(None);
            let (opened, decision, working, failure, failed, set_finished) = (
                opened.clone(),
                decision.clone(),
                working.clone(),
                failure.clone(),
                failed.clone(),
                set_finished.clone(),
            );
            spawn_local(async move {
                match respond(&opened, &decision).await {
                    Ok((file_name, bytes)) => {
                        let _ = files::download(&file_name, "application/json", &bytes);
                        set_finished.emit(Some(Finished {
                            given: decision.given,
                            file_name,
                            bytes: Rc::new(bytes),
                        }));
                        working.set(false);
                        go_to_confirmation();
                    }
                    Err(why) => {
                        failure.set(Some(why));
                        working.set(false);
                        failed.set(*failed + 1);
                    }
                }
            });
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(decide) }
                if let Some(why) = &*failure {
                    <ErrorSummary id={FAILURE_ID} title="Your answer could not be saved" description={why.clone()} attempt={*failed} />
                }
                <h1 class="govuk-heading-l">{ ParentStep::Check.title() }</h1>
                <SummaryList id="answer-summary" {rows} />
                <h2 class="govuk-heading-m">{ "Now save your answer" }</h2>
                <p class="govuk-body">{ "Your answer is saved as a file on this device, for you to send to the school. The school can tell the file has not changed since you made it. Nothing is sent anywhere, and nothing is kept on this device." }</p>
                <button type="button" class="govuk-button" id="save-answer" aria-disabled={working.to_string()} onclick={onsave}>
                    { "Save my answer as a file" }
                </button>
                <p class="govuk-body" role="status" id="saving-status">
                    if *working { { "Saving your answer…" } }
                </p>
            </div>
        </div>
    }
}

/// The confirmation, with focus on its panel (the address names it, so the
/// app leaves focus to the page).
fn go_to_confirmation() {
    dom::navigate(&format!(
        "{}?focus=confirmation",
        Route::ParentStep(ParentStep::Done).href()
    ));
}

/// The confirmation: what the parent decided, and what to do next.
pub fn done(opened: &Opened, f: &Finished) -> Html {
    let (title, body) = if f.given {
        (
            "Consent given",
            "You said yes: the school can share the information you reviewed.",
        )
    } else {
        ("Consent refused", "You said no: nothing will be shared.")
    };
    let bytes = f.bytes.clone();
    let name = f.file_name.clone();
    let onagain = Callback::from(move |_: MouseEvent| {
        let _ = files::download(&name, "application/json", &bytes);
    });
    let send_to = match &opened.referral.school.referrer.email {
        Some(email) => format!("by email to {}", shown(email)),
        None => format!("for example by email to {}", opened.referrer),
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Panel {title} id="confirmation" focus=true>{ body }</Panel>
                <h2 class="govuk-heading-m">{ "What to do next" }</h2>
                <p class="govuk-body">
                    { "Your answer has been saved as a file called " }
                    <strong class="app-break-words" id="response-file-name">{ &f.file_name }</strong>
                    { ", usually in your Downloads folder." }
                </p>
                <p class="govuk-body">{ format!("Send this file to {}, {send_to}. The school cannot go ahead until it has your answer.", opened.school_name) }</p>
                <button type="button" class="govuk-button govuk-button--secondary" id="download-again" onclick={onagain}>{ "Save the file again" }</button>
                if f.given {
                    <p class="govuk-body">{ "You can change your mind at any time by telling the school. Withdrawing stops any more sharing." }</p>
                } else {
                    <p class="govuk-body">{ "It is fine to say no. If you change your mind later, talk to the school: it can send you a new request." }</p>
                }
                <p class="govuk-body">{ "Nothing about your child has been kept on this device. If you close this page, the information is gone from it." }</p>
                <p class="govuk-body">
                    <a class="govuk-link" href={Route::Start.href()}>{ "Go to the start page" }</a>
                </p>
            </div>
        </div>
    }
}
