//! The decision: consent itself (no answer chosen for the parent: silence
//! is not consent), the Service Level Agreement's summary, shown whole, and
//! whether they have read it (an acknowledgement, separate from consent),
//! then the parent's full name, relationship to the child and an optional
//! drawn signature. Problems show when the parent continues, never before;
//! then they check their answer ([`super::check`]).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::signature::SignaturePad;
use super::{go, neighbours, use_parent};
use crate::components::back_link::back_link;
use crate::components::error_summary::ErrorSummary;
use crate::route::ParentStep;
use esma_core::consent::response::MAX_TEXT_CHARS;

/// The answer as given so far, kept while the parent moves between the
/// decision and checking it (in memory only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    pub consent: Option<bool>,
    pub sla: Option<bool>,
    pub name: String,
    pub relationship: String,
    /// The drawn signature as a PNG data URL, if the parent drew one.
    pub drawn_signature: Option<String>,
}

/// One change to the answer. Applied to the answer as it is then, so two
/// changes in quick succession both count.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Consent(bool),
    Sla(bool),
    Name(String),
    Relationship(String),
    DrawnSignature(Option<String>),
    /// A new request was opened: nothing of the last answer carries over.
    Clear,
}

impl Reducible for Answers {
    type Action = Change;

    fn reduce(self: std::rc::Rc<Self>, change: Change) -> std::rc::Rc<Self> {
        let mut a = (*self).clone();
        match change {
            Change::Consent(v) => a.consent = Some(v),
            Change::Sla(v) => a.sla = Some(v),
            Change::Name(v) => a.name = v,
            Change::Relationship(v) => a.relationship = v,
            Change::DrawnSignature(v) => a.drawn_signature = v,
            Change::Clear => a = Answers::default(),
        }
        a.into()
    }
}

/// The ids of the decision's inputs, for the error summary and the check
/// page's "Change" links.
pub const CONSENT_ID: &str = "consent-given";
pub const SLA_ID: &str = "sla-yes";
pub const NAME_ID: &str = "full-name";
pub const RELATIONSHIP_ID: &str = "relationship";
pub const SIGNATURE_ID: &str = "signature-clear";

/// (input id, message) for each question not answered as it must be, in
/// page order.
pub fn problems(a: &Answers) -> Vec<(String, String)> {
    let text = |value: &str, id: &str, empty: &str, what: &str| -> Option<(String, String)> {
        let value = value.trim();
        if value.is_empty() {
            Some((id.into(), empty.into()))
        } else if value.chars().count() > MAX_TEXT_CHARS {
            Some((
                id.into(),
                format!("{what} must be {MAX_TEXT_CHARS} characters or fewer"),
            ))
        } else {
            None
        }
    };
    [
        a.consent.is_none().then(|| {
            (
                CONSENT_ID.into(),
                "Select whether you give your consent".into(),
            )
        }),
        a.sla.is_none().then(|| {
            (
                SLA_ID.into(),
                "Select yes if you have read the summary of the agreement".into(),
            )
        }),
        text(&a.name, NAME_ID, "Enter your full name", "Your full name"),
        text(
            &a.relationship,
            RELATIONSHIP_ID,
            "Enter your relationship to the child",
            "Your relationship to the child",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
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
struct Radios<'a> {
    name: &'a str,
    legend: String,
    legend_size: &'a str,
    hint: &'a str,
    yes: (&'a str, &'a str),
    no: (&'a str, &'a str),
}

impl Radios<'_> {
    fn view(&self, value: Option<bool>, error: Option<&str>, onchange: Callback<bool>) -> Html {
        let name = self.name;
        let hint_id = format!("{name}-hint");
        let described = match error {
            Some(_) => format!("{hint_id} {name}-error"),
            None => hint_id.clone(),
        };
        let option = |(id, label): (&str, &str), v: bool| {
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
                    <legend class={classes!("govuk-fieldset__legend", self.legend_size.to_owned())}>{ self.legend.clone() }</legend>
                    <div class="govuk-hint" id={hint_id}>{ self.hint.to_owned() }</div>
                    { error_message(name, error) }
                    <div class="govuk-radios" data-module="govuk-radios">
                        { option(self.yes, true) }
                        { option(self.no, false) }
                    </div>
                </fieldset>
            </div>
        }
    }
}

fn text_input(
    (id, label, hint, autocomplete): (&str, &str, &str, &str),
    value: &str,
    error: Option<&str>,
    oninput: Callback<String>,
) -> Html {
    let hint_id = format!("{id}-hint");
    let described = match error {
        Some(_) => format!("{hint_id} {id}-error"),
        None => hint_id.clone(),
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

/// The Service Level Agreement (Annex 1 of the council's policy), summed up
/// for families: shown whole where the parent is asked whether they have
/// read it.
fn sla_summary() -> Html {
    html! {
        <div id="sla-summary">
            <h2 class="govuk-heading-m">{ "The agreement between the school, your family and the ESMA Teaching Service" }</h2>
            <p class="govuk-body">{ "The Service Level Agreement says how you, the school and the ESMA Teaching Service will work together while your child cannot go to school. This is a summary of it." }</p>
            <p class="govuk-body">{ "It asks parents and carers to:" }</p>
            <ul class="govuk-list govuk-list--bullet">
                <li>{ "tell the school and ESMA straight away if your child will miss a lesson" }</li>
                <li>{ "keep in touch with the school, and give it your child's health advice and medical information" }</li>
                <li>{ "go to review meetings, and support your child to work towards their targets and to return to school when their health allows" }</li>
                <li>{ "keep your child safe when they are not being taught, arrange for an adult to be with them when they are taught away from school, and tell the school and ESMA what to do in a health emergency" }</li>
            </ul>
            <p class="govuk-body">{ "The school keeps teaching the other subjects, holds reviews (normally every 6 weeks) and arranges exams. ESMA teaches English, Maths and Science, plans your child's return to school with you, and reports on their progress." }</p>
            <p class="govuk-body">{ "ESMA takes it that families accept the agreement unless they say otherwise. Ask the school for the full agreement." }</p>
        </div>
    }
}

#[function_component(DecidePage)]
pub fn decide_page() -> Html {
    let context = use_parent();
    let attempt = use_state(|| 0u32);
    let Some(opened) = context.opened.clone() else {
        return html! {};
    };
    let (back, next) = neighbours(ParentStep::Decide);
    let a = &context.answers;
    // Problems show once the parent has tried to continue (GOV.UK's timing).
    let shown: Vec<(String, String)> = if *attempt > 0 {
        problems(a)
    } else {
        Vec::new()
    };
    let change = |f: fn(bool) -> Change| context.change.reform(f);
    let change_text = |f: fn(String) -> Change| context.change.reform(f);
    let onsignature = context.change.reform(Change::DrawnSignature);
    let onsubmit = {
        let (attempt, answers) = (attempt.clone(), a.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            attempt.set(*attempt + 1);
            if problems(&answers).is_empty() {
                go(&next);
            }
        })
    };
    let consent = Radios {
        name: "consent",
        legend: format!(
            "Do you give consent for {} to share this information about {}?",
            opened.school_name,
            opened.child()
        ),
        legend_size: "govuk-fieldset__legend--m",
        hint: "If you say no, nothing is shared.",
        yes: (CONSENT_ID, "Yes, I give my consent"),
        no: ("consent-refused", "No, I do not give my consent"),
    };
    let sla = Radios {
        name: "sla",
        legend: "Have you read the summary of the agreement?".into(),
        legend_size: "govuk-fieldset__legend--s",
        hint: "This is separate from consent: your answer does not give or refuse it.",
        yes: (SLA_ID, "Yes, I have read it"),
        no: ("sla-no", "No, I have not read it"),
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(back.href()) }
                <ErrorSummary problems={shown.clone()} attempt={*attempt} />
                <h1 class="govuk-heading-l">{ ParentStep::Decide.title() }</h1>
                <form novalidate=true {onsubmit} id="decision">
                    { consent.view(a.consent, error_for(&shown, CONSENT_ID), change(Change::Consent)) }
                    { sla_summary() }
                    { sla.view(a.sla, error_for(&shown, SLA_ID), change(Change::Sla)) }
                    <h2 class="govuk-heading-m">{ "Who is answering" }</h2>
                    { text_input((NAME_ID, "Your full name", "Typing your full name is your signature.", "name"), &a.name, error_for(&shown, NAME_ID), change_text(Change::Name)) }
                    { text_input((RELATIONSHIP_ID, "Your relationship to the child", "For example, mother, father, carer or guardian", "off"), &a.relationship, error_for(&shown, RELATIONSHIP_ID), change_text(Change::Relationship)) }
                    <SignaturePad initial={a.drawn_signature.clone()} onchange={onsignature} />
                    <button type="submit" class="govuk-button" id="continue">{ "Continue" }</button>
                </form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_must_be_answered_and_names_fit_the_response() {
        let ids = |a: &Answers| {
            problems(a)
                .into_iter()
                .map(|(id, _)| id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&Answers::default()),
            [CONSENT_ID, SLA_ID, NAME_ID, RELATIONSHIP_ID]
        );
        let mut a = Answers {
            consent: Some(false),
            sla: Some(false),
            name: "  ".into(),
            relationship: "Mother".into(),
            drawn_signature: None,
        };
        assert_eq!(ids(&a), [NAME_ID], "no is an answer; spaces are not");
        a.name = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            problems(&a)[0].1,
            format!("Your full name must be {MAX_TEXT_CHARS} characters or fewer")
        );
        a.name = "Sam Parent".into();
        assert!(problems(&a).is_empty());
    }
}
