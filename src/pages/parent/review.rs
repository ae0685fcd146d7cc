//! The review before the decision, in plain English: what will be shared
//! (a few sections of the referral on each page), then the documents.
//! Everything shown from the file is text (Yew escapes it), through
//! `safe_text`.
//!
//! The page runs none of the policy's rules: the file comes from a key the
//! parent's device cannot trust (issue 12: no rule run for an unknown
//! signer), what the rules find is for the school and the council, and
//! leaving them out keeps them (a third of the page's weight) off a phone.

use std::rc::Rc;

use esma_core::attachments::format_size;
use yew::prelude::*;

use super::glossary::Explainer;
use super::request::Opened;
use super::{go, neighbours, progress, sections};
use crate::components::back_link::back_link;
use crate::components::summary_list::{answer, RowValue, SummaryList, SummaryRow};
use crate::display::summary::{section_rows, Screener};
use crate::form::questions::Section;
use crate::route::{ParentStep, ReviewPage as Page};
use crate::web::files::{open_blob_in_new_tab, FileError};

#[derive(Properties, PartialEq)]
pub struct ReviewPageProps {
    pub opened: Rc<Opened>,
    pub page: Page,
}

#[function_component(ReviewPage)]
pub fn review_page(props: &ReviewPageProps) -> Html {
    let o = &props.opened;
    let step = ParentStep::Review(props.page);
    let (back, next) = neighbours(step);
    let explainer = Explainer::default();
    let shown = sections(props.page, &o.referral);
    // Each section under its own heading when a page has more than one
    // (the documents count as one).
    let documents = props.page == Page::Documents;
    let headed = shown.len() > 1 || documents;
    let oncontinue = Callback::from(move |_: MouseEvent| go(&next));
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(back.href()) }
                { progress(step) }
                <h1 class="govuk-heading-l">{ props.page.title() }</h1>
                if documents {
                    <Documents opened={o.clone()} />
                }
                { for shown.iter().map(|s| shared(o, *s, headed, &explainer)) }
                <button type="button" class="govuk-button" id="continue" onclick={oncontinue}>{ "Continue" }</button>
            </div>
        </div>
    }
}

/// A question's label as a parent reads it: the school's "Upload the APDR"
/// is, for the parent, a document the school will send.
///
/// ```
/// # use esma_app::pages::parent::parent_label;
/// assert_eq!(parent_label("Upload the risk assessment"), "The risk assessment (a document)");
/// assert_eq!(parent_label("Year group"), "Year group");
/// ```
pub fn parent_label(label: &str) -> String {
    match label.strip_prefix("Upload ") {
        Some(rest) => {
            let mut chars = rest.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            format!(
                "{}{} (a document)",
                first.unwrap_or_default(),
                chars.as_str()
            )
        }
        None => label.to_owned(),
    }
}

/// An answer's row as a parent reads it: the question in their words
/// ([`parent_label`]), then the answer with explanations of the terms the
/// two use.
fn explained(row: SummaryRow, explainer: &Explainer) -> SummaryRow {
    let key = parent_label(&row.key);
    let RowValue::Answer(text) = &row.value else {
        return SummaryRow {
            key: key.into(),
            ..row
        };
    };
    // An answer may run to several lines: keep them, drop anything unsafe.
    let text = esma_core::safe_text::sanitise_lines(text);
    let terms = explainer.explain(&format!("{key} {text}"));
    SummaryRow::new(key, html! { <>{ answer(&text) }{ terms }</> })
}

/// What the school will share from one section of the referral: the
/// questions answered (one not answered is not shared, so not shown), under
/// the section's title when the page has more than one.
fn shared(o: &Opened, section: Section, headed: bool, explainer: &Explainer) -> Html {
    let no_raw = Default::default();
    let groups: Vec<(Option<String>, Vec<SummaryRow>)> =
        section_rows(&o.referral, &no_raw, section, Screener::Leave, |_| None)
            .into_iter()
            .map(|g| {
                let answered = g
                    .rows
                    .into_iter()
                    .filter(|r| !matches!(&r.value, RowValue::Answer(text) if text.is_empty()));
                (g.heading, answered.collect::<Vec<_>>())
            })
            .filter(|(_, rows)| !rows.is_empty())
            .collect();
    if groups.is_empty() {
        return html! {};
    }
    let (level, class) = if headed {
        ("h3", "govuk-heading-s")
    } else {
        ("h2", "govuk-heading-m")
    };
    html! {
        <>
            if headed {
                <h2 class="govuk-heading-m">{ section.parent_title() }</h2>
            }
            { for groups.into_iter().map(|(heading, rows)| html! {
                <>
                    if let Some(h) = heading {
                        <@{level} class={class}>{ h.clone() }</@>
                        { explainer.explain(&h) }
                    }
                    <SummaryList rows={rows.into_iter().map(|r| explained(r, explainer)).collect::<Vec<_>>()} />
                </>
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DocumentsProps {
    opened: Rc<Opened>,
}

/// The documents, each checked against the school's signature, with "Open".
#[function_component(Documents)]
fn documents(props: &DocumentsProps) -> Html {
    let problem = use_state(|| None::<&'static str>);
    let o = &props.opened;
    if o.documents.is_empty() {
        return html! { <p class="govuk-body">{ "The school has not attached any documents." }</p> };
    }
    html! {
        <>
            <p class="govuk-body">{ "Each one has been checked: it is exactly the file the school signed. Each opens in a new tab." }</p>
            if let Some(p) = *problem {
                <p class="govuk-error-message" role="alert">{ p }</p>
            }
            <ul class="govuk-list" id="documents">
                { for o.documents.iter().enumerate().map(|(i, d)| {
                    let problem = problem.clone();
                    let blob = d.blob.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        let Some(blob) = &blob else { return };
                        problem.set(match open_blob_in_new_tab(blob) {
                            Ok(()) => None,
                            Err(FileError::PopupBlocked) => Some("Your browser blocked the new tab. Allow pop-ups for this site, then try again."),
                            Err(_) => Some("The file could not be opened. Try again."),
                        });
                    });
                    html! {
                        <li class="app-document" data-index={i.to_string()}>
                            <h2 class="govuk-heading-s govuk-!-margin-bottom-1 app-break-words">{ &d.name }</h2>
                            <p class="govuk-body govuk-!-margin-bottom-2">{ format!("{} ({})", d.purpose, format_size(d.size)) }</p>
                            if d.blob.is_some() {
                                <button type="button" class="govuk-button govuk-button--secondary" {onclick}>
                                    { "Open" }<span class="govuk-visually-hidden">{ format!(" {}", d.name) }</span>
                                </button>
                            } else {
                                <p class="govuk-body">{ "This file cannot be opened here." }</p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
