//! The decision: the Service Level Agreement question (an acknowledgement,
//! not consent), then consent itself (no answer chosen for the parent:
//! silence is not consent), the parent's full name and relationship to the
//! child, and an optional drawn signature. Then the signed response file,
//! and the confirmation page.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::request::{respond, Decision, Opened};
use super::signature::SignaturePad;
use super::{go, neighbours, use_parent, Finished};
use crate::components::error_summary::ErrorSummary;
use crate::route::{ParentStep, Route};
use crate::web::dom;
use crate::web::files;

/// The form's answers as typed so far.
#[derive(Clone, Default, PartialEq)]
struct Answers {
    sla: Option<bool>,
    consent: Option<bool>,
    name: String,
    relationship: String,
}

/// (input id, message) for each unanswered question, in page order.
fn problems(a: &Answers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if a.sla.is_none() {
        out.push((
            "sla-yes".into(),
            "Select yes if you have read the Service Level Agreement".into(),
        ));
    }
    if a.consent.is_none() {
        out.push((
            "consent-given".into(),
            "Select whether you give your consent".into(),
        ));
    }
    if a.name.trim().is_empty() {
        out.push(("full-name".into(), "Enter your full name".into()));
    }
    if a.relationship.trim().is_empty() {
        out.push((
            "relationship".into(),
            "Enter your relationship to the child".into(),
        ));
    }
    out
}

fn error_for<'a>(problems: &'a [(String, String)], id: &str) -> Option<&'a str> {
    problems
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, m)| m.as_str())
}

fn error_message(id: &str, message: Option<&str>) -> Html {
    match message {
        Some(m) => html! {
            <p class="govuk-error-message" id={format!("{id}-error")}>
                <span class="govuk-visually-hidden">{ "Error: " }</span>{ m.to_owned() }
            </p>
        },
        None => html! {},
    }
}

/// A yes/no pair of GOV.UK radios with no answer chosen at first.
#[allow(clippy::too_many_arguments)]
fn radios(
    name: &str,
    legend: Html,
    hint: Html,
    (yes_id, yes_label): (&str, &str),
    (no_id, no_label): (&str, &str),
    value: Option<bool>,
    error: Option<&str>,
    onchange: Callback<bool>,
) -> Html {
    let hint_id = format!("{name}-hint");
    let described = if error.is_some() {
        format!("{hint_id} {name}-error")
    } else {
        hint_id.clone()
    };
    let option = |id: &str, label: &str, v: bool| {
        let onchange = onchange.reform(move |_: Event| v);
        html! {
            <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={id.to_owned()} name={name.to_owned()} type="radio"
                    value={if v { "yes" } else { "no" }} checked={value == Some(v)} {onchange} />
                <label class="govuk-label govuk-radios__label" for={id.to_owned()}>{ label.to_owned() }</label>
            </div>
        }
    };
    html! {
        <div class={classes!("govuk-form-group", error.is_some().then_some("govuk-form-group--error"))}>
            <fieldset class="govuk-fieldset" aria-describedby={described}>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{ legend }</legend>
                <div class="govuk-hint" id={hint_id}>{ hint }</div>
                { error_message(name, error) }
                <div class="govuk-radios" data-module="govuk-radios">
                    { option(yes_id, yes_label, true) }
                    { option(no_id, no_label, false) }
                </div>
            </fieldset>
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn text_input(
    id: &str,
    label: &str,
    hint: &str,
    autocomplete: &str,
    value: &str,
    error: Option<&str>,
    oninput: Callback<String>,
) -> Html {
    let hint_id = format!("{id}-hint");
    let described = if error.is_some() {
        format!("{hint_id} {id}-error")
    } else {
        hint_id.clone()
    };
    let oninput = oninput.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    html! {
        <div class={classes!("govuk-form-group", error.is_some().then_some("govuk-form-group--error"))}>
            <label class="govuk-label govuk-label--s" for={id.to_owned()}>{ label.to_owned() }</label>
            <div class="govuk-hint" id={hint_id}>{ hint.to_owned() }</div>
            { error_message(id, error) }
            <input class={classes!("govuk-input", error.is_some().then_some("govuk-input--error"))}
                id={id.to_owned()} name={id.to_owned()} type="text" spellcheck="false"
                autocomplete={autocomplete.to_owned()} aria-describedby={described}
                value={value.to_owned()} {oninput} />
        </div>
    }
}

#[function_component(DecidePage)]
pub fn decide_page() -> Html {
    let context = use_parent();
    let answers = use_state(Answers::default);
    let drawn = use_state(|| None::<String>);
    let attempt = use_state(|| 0u32);
    let working = use_state(|| false);
    let failure = use_state(|| None::<String>);
    let Some(opened) = context.opened.clone() else {
        return html! {};
    };
    let (back, _) = neighbours(&opened, ParentStep::Decide);
    // Errors show once the parent has tried to continue (GOV.UK's pattern).
    let shown: Vec<(String, String)> = if *attempt > 0 {
        problems(&answers)
    } else {
        Vec::new()
    };

    let set = |f: fn(&mut Answers, bool)| {
        let answers = answers.clone();
        Callback::from(move |v: bool| {
            let mut a = (*answers).clone();
            f(&mut a, v);
            answers.set(a);
        })
    };
    let set_text = |f: fn(&mut Answers, String)| {
        let answers = answers.clone();
        Callback::from(move |v: String| {
            let mut a = (*answers).clone();
            f(&mut a, v);
            answers.set(a);
        })
    };
    let onsignature = {
        let drawn = drawn.clone();
        Callback::from(move |png: Option<String>| drawn.set(png))
    };

    let onsubmit = {
        let (answers, drawn, attempt, working, failure) = (
            answers.clone(),
            drawn.clone(),
            attempt.clone(),
            working.clone(),
            failure.clone(),
        );
        let opened = opened.clone();
        let set_finished = context.set_finished.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *working {
                return;
            }
            attempt.set(*attempt + 1);
            if !problems(&answers).is_empty() {
                return;
            }
            let decision = Decision {
                given: answers.consent == Some(true),
                sla_acknowledged: answers.sla == Some(true),
                name: dom::nfc(answers.name.trim()),
                relationship: dom::nfc(answers.relationship.trim()),
                drawn_signature: (*drawn).clone(),
            };
            working.set(true);
            failure.set(None);
            let (opened, working, failure, set_finished) = (
                opened.clone(),
                working.clone(),
                failure.clone(),
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
                        go(&Route::ParentStep(ParentStep::Done));
                    }
                    Err(why) => {
                        failure.set(Some(why));
                        working.set(false);
                        dom::focus("response-failure");
                    }
                }
            });
        })
    };

    let a = &*answers;
    let sla_legend = html! { { "Have you read the Service Level Agreement between the school, your family and the ESMA Teaching Service?" } };
    let sla_hint = html! {
        { "This question is separate from consent. Your answer to it does not give or refuse consent." }
    };
    let sla_details = html! {
        <details class="govuk-details">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ "What the Service Level Agreement asks of families" }</span>
            </summary>
            <div class="govuk-details__text">
                <p class="govuk-body">{ "The Service Level Agreement (SLA) says how the school, your family and the ESMA Teaching Service will work together. It asks parents and carers to:" }</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>{ "tell the school and ESMA straight away if your child will miss a lesson" }</li>
                    <li>{ "keep in touch with the school and share your child's health advice with it" }</li>
                    <li>{ "go to review meetings, and support your child's work towards their targets" }</li>
                    <li>{ "keep your child safe when they are not being taught, and arrange for an adult to be with them when they are taught away from school" }</li>
                </ul>
                <p class="govuk-body govuk-!-margin-bottom-0">{ "Ask the school for the full agreement." }</p>
            </div>
        </details>
    };
    let consent_legend = html! { { format!("Do you give consent for {} to share this information about {}?", opened.school_name, opened.child()) } };
    let consent_hint = html! {
        { "It is your choice. If you say no, nothing is shared. Saying nothing is not saying yes: choose one." }
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={back.href()} class="govuk-back-link">{ "Back" }</a>
                <ErrorSummary problems={shown.clone()} attempt={*attempt} />
                if let Some(why) = &*failure {
                    <div class="govuk-error-summary" id="response-failure" tabindex="-1">
                        <div role="alert">
                            <h2 class="govuk-error-summary__title">{ "Your answer could not be saved" }</h2>
                            <div class="govuk-error-summary__body"><p class="govuk-body">{ why }</p></div>
                        </div>
                    </div>
                }
                <h1 class="govuk-heading-l">{ ParentStep::Decide.title() }</h1>
                <form novalidate=true onsubmit={onsubmit} id="decision">
                    { sla_details }
                    { radios("sla", sla_legend, sla_hint, ("sla-yes", "Yes, I have read it"), ("sla-no", "No, I have not read it"), a.sla, error_for(&shown, "sla-yes"), set(|a, v| a.sla = Some(v))) }
                    { radios("consent", consent_legend, consent_hint, ("consent-given", "Yes, I give my consent"), ("consent-refused", "No, I do not give my consent"), a.consent, error_for(&shown, "consent-given"), set(|a, v| a.consent = Some(v))) }
                    { text_input("full-name", "Your full name", "Typing your full name is your signature.", "name", &a.name, error_for(&shown, "full-name"), set_text(|a, v| a.name = v)) }
                    { text_input("relationship", "Your relationship to the child", "For example, mother, father, carer or guardian", "off", &a.relationship, error_for(&shown, "relationship"), set_text(|a, v| a.relationship = v)) }
                    <SignaturePad onchange={onsignature} />
                    <div class="govuk-inset-text">
                        { "When you continue, your answer is saved as a file on this device for you to send to the school. Nothing else is kept on this device, and nothing is sent anywhere." }
                    </div>
                    <button type="submit" class="govuk-button" id="save-answer" disabled={*working} aria-disabled={working.to_string()}>
                        { "Save my answer as a file" }
                    </button>
                    <p class="govuk-body" aria-live="polite" id="saving-status">
                        if *working { { "Saving your answer…" } }
                    </p>
                </form>
            </div>
        </div>
    }
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
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation" id="confirmation">
                    <h1 class="govuk-panel__title">{ title }</h1>
                    <div class="govuk-panel__body">{ body }</div>
                </div>
                <h2 class="govuk-heading-m">{ "What to do next" }</h2>
                <p class="govuk-body">
                    { "Your answer has been saved as a file called " }
                    <strong class="app-break-words" id="response-file-name">{ &f.file_name }</strong>
                    { ", usually in your Downloads folder." }
                </p>
                <p class="govuk-body">{ format!("Send this file to {}, for example by email to {}. The school cannot go ahead until it has your answer.", opened.school_name, opened.referrer) }</p>
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
