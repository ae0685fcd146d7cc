//! One question in GOV.UK Frontend markup, bound to its field path: label,
//! hint, messages and input, with the hint and messages tied to the input by
//! `aria-describedby`.

use esma_core::attachments::format_size;
use esma_core::referral::Attachment;
use esma_core::rules::Severity;
use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::issues::{messages, messages_id, sources};
use crate::components::summary_list::{SummaryAction, SummaryList, SummaryRow};
use crate::form::fields::input_id;
use crate::form::questions::{year_group_label, Kind, Question};
use crate::form::state::{DatePart, Issue};

/// What the question's field holds now.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Text(String),
    Bool(Option<bool>),
    /// Day, month, year.
    Date(String, String, String),
    /// The attachment linked to the field, if any.
    File(Option<Attachment>),
    /// The options ticked, by value.
    Many(Vec<String>),
}

/// What a person did to a question.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Type(String),
    Choose(Value),
    DatePart(DatePart, String),
    File(web_sys::File),
    ViewFile(String),
    RemoveFile(String),
}

#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    pub question: Question,
    pub shown: Shown,
    /// The problems to show now.
    pub issues: Vec<Issue>,
    /// Districts, for the district question: (value, label).
    #[prop_or_default]
    pub districts: Vec<(String, String)>,
    /// Accepted file types, for file questions (`.pdf,.docx,…`).
    #[prop_or_default]
    pub accept: String,
    /// Set while a chosen file is being checked and stored.
    #[prop_or_default]
    pub busy: bool,
    /// For a file question: the address of the page that asks before
    /// removing the file (by attachment id). Without it, "Remove" is a
    /// button that says so to `oninput`.
    #[prop_or_default]
    pub remove_href: Option<Callback<String, String>>,
    pub oninput: Callback<(String, Input)>,
}

#[function_component(QuestionField)]
pub fn question_field(props: &QuestionFieldProps) -> Html {
    let q = &props.question;
    let id = input_id(&q.path);
    let has_error = props
        .issues
        .iter()
        .any(|i| i.severity == Severity::Blocking);
    let hint_id = format!("{id}-hint");
    let describedby = {
        let mut ids = Vec::new();
        if q.hint.is_some() {
            ids.push(hint_id.clone());
        }
        if !props.issues.is_empty() {
            ids.push(messages_id(&id));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let emit = {
        let oninput = props.oninput.clone();
        let path = q.path.clone();
        move |input: Input| oninput.emit((path.clone(), input))
    };
    let hint = q
        .hint
        .map(|h| html! { <div class="govuk-hint" id={hint_id.clone()}>{ h }</div> });
    let messages = messages(&id, &props.issues);
    // After the input: a control there never comes between label and input.
    let sources = sources(&props.issues);
    let group_class = classes!(
        "govuk-form-group",
        has_error.then_some("govuk-form-group--error")
    );
    // The field path on each question's group: the end-to-end tests fill a
    // referral from a fixture by path, as the rules name fields.
    let field = q.path.clone();

    let text = match &props.shown {
        Shown::Text(t) => t.clone(),
        _ => String::new(),
    };
    match &q.kind {
        Kind::Text { .. } | Kind::Number | Kind::TextArea | Kind::YearGroup | Kind::District => {
            let label = html! {
                <label class="govuk-label govuk-label--s" for={id.clone()}>{ q.label }</label>
            };
            let control = match &q.kind {
                Kind::TextArea => {
                    let emit = emit.clone();
                    let oninput = Callback::from(move |e: InputEvent| {
                        let area: HtmlTextAreaElement = e.target_unchecked_into();
                        emit(Input::Type(area.value()));
                    });
                    html! {
                        <textarea class={classes!("govuk-textarea", has_error.then_some("govuk-textarea--error"))}
                            id={id.clone()} name={id.clone()} rows="4" value={text}
                            aria-describedby={describedby} {oninput} />
                    }
                }
                Kind::YearGroup | Kind::District => {
                    let emit = emit.clone();
                    let numeric = q.kind == Kind::YearGroup;
                    let onchange = Callback::from(move |e: Event| {
                        let select: HtmlSelectElement = e.target_unchecked_into();
                        let value = select.value();
                        let value = match (numeric, value.parse::<u64>()) {
                            (_, _) if value.is_empty() => Value::Null,
                            (true, Ok(n)) => Value::from(n),
                            _ => Value::String(value),
                        };
                        emit(Input::Choose(value));
                    });
                    let options: Vec<(String, String)> = if numeric {
                        (0..=13)
                            .map(|y| (y.to_string(), year_group_label(y)))
                            .collect()
                    } else {
                        props.districts.clone()
                    };
                    html! {
                        <select class={classes!("govuk-select", has_error.then_some("govuk-select--error"))}
                            id={id.clone()} name={id.clone()} aria-describedby={describedby} {onchange}>
                            <option value="" selected={text.is_empty()}>{ "Select an option" }</option>
                            { for options.into_iter().map(|(value, label)| html! {
                                <option selected={value == text} value={value.clone()}>{ label }</option>
                            }) }
                        </select>
                    }
                }
                _ => {
                    let (input_type, autocomplete, width) = match &q.kind {
                        Kind::Text {
                            input_type,
                            autocomplete,
                            width,
                        } => (*input_type, *autocomplete, *width),
                        _ => ("text", Some("off"), Some("govuk-input--width-5")),
                    };
                    let numeric = q.kind == Kind::Number;
                    let emit = emit.clone();
                    let oninput = Callback::from(move |e: InputEvent| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        emit(Input::Type(input.value()));
                    });
                    html! {
                        <input class={classes!("govuk-input", width, has_error.then_some("govuk-input--error"))}
                            id={id.clone()} name={id.clone()} type={input_type} value={text}
                            inputmode={numeric.then_some("numeric")} spellcheck={(input_type != "text").then_some("false")}
                            autocomplete={autocomplete} aria-describedby={describedby} {oninput} />
                    }
                }
            };
            html! { <div class={group_class} data-field={field}>{ label }{ hint }{ messages }{ control }{ sources }</div> }
        }
        Kind::YesNo | Kind::Choice(_) => {
            let options: Vec<(Value, &str, &str)> = match &q.kind {
                Kind::Choice(options) => options
                    .iter()
                    .map(|(value, label, hint)| (Value::from(*value), *label, *hint))
                    .collect(),
                _ => vec![
                    (Value::Bool(true), "Yes", ""),
                    (Value::Bool(false), "No", ""),
                ],
            };
            let current: Value = match &props.shown {
                Shown::Bool(Some(b)) => Value::Bool(*b),
                Shown::Text(t) if !t.is_empty() => Value::from(t.as_str()),
                _ => Value::Null,
            };
            let inline = q.kind == Kind::YesNo;
            html! {
                <div class={group_class} data-field={field}>
                    <fieldset class="govuk-fieldset" aria-describedby={describedby}>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ q.label }</legend>
                        { hint }
                        { messages }
                        <div class={classes!("govuk-radios", inline.then_some("govuk-radios--inline"))}>
                            { for options.into_iter().enumerate().map(|(i, (value, label, option_hint))| {
                                // The first radio takes the question's id, so links to the question land on it.
                                let radio_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                                let checked = value == current;
                                let emit = emit.clone();
                                let chosen = value.clone();
                                let onchange = Callback::from(move |_: Event| emit(Input::Choose(chosen.clone())));
                                let option_hint_id = format!("{radio_id}-item-hint");
                                html! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id={radio_id.clone()} name={id.clone()}
                                            type="radio" value={value.to_string().trim_matches('"').to_owned()} {checked} {onchange}
                                            aria-describedby={(!option_hint.is_empty()).then(|| option_hint_id.clone())} />
                                        <label class="govuk-label govuk-radios__label" for={radio_id}>{ label }</label>
                                        if !option_hint.is_empty() {
                                            <div class="govuk-hint govuk-radios__hint" id={option_hint_id}>{ option_hint }</div>
                                        }
                                    </div>
                                }
                            }) }
                        </div>
                    </fieldset>
                    { sources.clone() }
                </div>
            }
        }
        Kind::Adjustments => {
            let ticked = match &props.shown {
                Shown::Many(values) => values.clone(),
                _ => Vec::new(),
            };
            let groups = ["Reasonable Adjustments", "Building Confidence"];
            let mut index = 0usize;
            html! {
                <div class={group_class} data-field={field}>
                    <fieldset class="govuk-fieldset" aria-describedby={describedby}>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ q.label }</legend>
                        { hint }
                        { messages }
                        { for groups.iter().map(|group| {
                            let items: Vec<_> = esma_core::annex3::STRATEGIES.iter().filter(|s| s.group == *group).collect();
                            html! {
                                <>
                                <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">{ if *group == "Reasonable Adjustments" { "Reasonable adjustments" } else { "Building confidence" } }</p>
                                <div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
                                    { for items.into_iter().map(|strategy| {
                                        // The first box takes the question's id, so links to the question land on it.
                                        let box_id = if index == 0 { id.clone() } else { format!("{id}-{index}") };
                                        index += 1;
                                        let checked = ticked.iter().any(|t| t == strategy.id);
                                        let emit = emit.clone();
                                        let ticked = ticked.clone();
                                        let value = strategy.id;
                                        let onchange = Callback::from(move |_: Event| {
                                            let mut next: Vec<Value> = ticked
                                                .iter()
                                                .filter(|t| t.as_str() != value)
                                                .map(|t| Value::from(t.as_str()))
                                                .collect();
                                            if !checked {
                                                next.push(Value::from(value));
                                            }
                                            emit(Input::Choose(Value::Array(next)));
                                        });
                                        html! {
                                            <div class="govuk-checkboxes__item">
                                                <input class="govuk-checkboxes__input" id={box_id.clone()} name={id.clone()}
                                                    type="checkbox" value={value} {checked} {onchange} />
                                                <label class="govuk-label govuk-checkboxes__label" for={box_id}>
                                                    { strategy.text.trim_end_matches('.') }
                                                </label>
                                            </div>
                                        }
                                    }) }
                                </div>
                                </>
                            }
                        }) }
                    </fieldset>
                    { sources.clone() }
                </div>
            }
        }
        Kind::Date => {
            let (day, month, year) = match &props.shown {
                Shown::Date(d, m, y) => (d.clone(), m.clone(), y.clone()),
                _ => Default::default(),
            };
            let part = |part: DatePart, name: &str, value: String, width: &str| {
                // The day box takes the question's id, as GOV.UK Frontend does.
                let part_id = if part == DatePart::Day {
                    id.clone()
                } else {
                    format!("{id}-{}", name.to_ascii_lowercase())
                };
                let emit = emit.clone();
                let oninput = Callback::from(move |e: InputEvent| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    emit(Input::DatePart(part, input.value()));
                });
                html! {
                    <div class="govuk-date-input__item">
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-date-input__label" for={part_id.clone()}>{ name }</label>
                            <input class={classes!("govuk-input", "govuk-date-input__input", width.to_owned(), has_error.then_some("govuk-input--error"))}
                                id={part_id.clone()} name={part_id} type="text" inputmode="numeric" value={value}
                                {oninput} />
                        </div>
                    </div>
                }
            };
            html! {
                <div class={group_class} data-field={field}>
                    <fieldset class="govuk-fieldset" role="group" aria-describedby={describedby}>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ q.label }</legend>
                        { hint }
                        { messages }
                        <div class="govuk-date-input">
                            { part(DatePart::Day, "Day", day, "govuk-input--width-2") }
                            { part(DatePart::Month, "Month", month, "govuk-input--width-2") }
                            { part(DatePart::Year, "Year", year, "govuk-input--width-4") }
                        </div>
                    </fieldset>
                    { sources.clone() }
                </div>
            }
        }
        Kind::Attachment(_) => {
            let attached = match &props.shown {
                Shown::File(a) => a.clone(),
                _ => None,
            };
            match attached {
                Some(attachment) => {
                    let attachment_id = attachment.id.clone().unwrap_or_default();
                    let onview = {
                        let emit = emit.clone();
                        let attachment_id = attachment_id.clone();
                        Callback::from(move |()| emit(Input::ViewFile(attachment_id.clone())))
                    };
                    let name = attachment.name.clone().unwrap_or_default();
                    let remove = match &props.remove_href {
                        Some(href) => {
                            SummaryAction::link(href.emit(attachment_id), "Remove", name.clone())
                        }
                        None => {
                            let emit = emit.clone();
                            let onremove = Callback::from(move |()| {
                                emit(Input::RemoveFile(attachment_id.clone()))
                            });
                            SummaryAction::button(onremove, "Remove", name.clone())
                        }
                    };
                    let row =
                        SummaryRow::new(name.clone(), format_size(attachment.size.unwrap_or(0)))
                            .action(SummaryAction::button(onview, "View", name))
                            .action(remove);
                    html! {
                        <div class={group_class} id={id.clone()} tabindex="-1" data-field={field}>
                            <p class="govuk-label govuk-label--s">{ q.label }</p>
                            { messages }
                            <SummaryList rows={vec![row]} classes={classes!("govuk-summary-list--no-border", "app-file")} />
                            { sources.clone() }
                        </div>
                    }
                }
                None => {
                    let onchange = {
                        let emit = emit.clone();
                        Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                                emit(Input::File(file));
                            }
                            // Let the same file be chosen again after a problem.
                            input.set_value("");
                        })
                    };
                    html! {
                        <div class={group_class} data-field={field}>
                            <label class="govuk-label govuk-label--s" for={id.clone()}>{ q.label }</label>
                            { hint }
                            { messages }
                            <input class={classes!("govuk-file-upload", has_error.then_some("govuk-file-upload--error"))}
                                id={id.clone()} name={id.clone()} type="file" accept={props.accept.clone()}
                                disabled={props.busy} aria-describedby={describedby} {onchange} />
                            if props.busy {
                                <p class="govuk-body" role="status">{ "Checking and saving the file…" }</p>
                            }
                            { sources.clone() }
                        </div>
                    }
                }
            }
        }
    }
}
