//! The review, page by page, in plain English: what will be shared (one
//! section of the referral a page, with the rules' wording for parents), the
//! documents, who will see it and why, and the consent notice in full.
//! Everything shown from the file is text (Yew escapes it).

use std::rc::Rc;

use esma_core::attachments::format_size;
use esma_core::rules::Severity;
use yew::prelude::*;

use super::glossary::Explainer;
use super::request::Opened;
use super::{go, neighbours, steps};
use crate::display::summary::{section_rows, Screener};
use crate::form::questions::Section;
use crate::route::{ParentStep, Route};
use crate::settings::use_app_settings;
use crate::web::files::{open_blob_in_new_tab, FileError};

#[derive(Properties, PartialEq)]
pub struct ReviewPageProps {
    pub opened: Rc<Opened>,
    pub step: ParentStep,
}

#[function_component(ReviewPage)]
pub fn review_page(props: &ReviewPageProps) -> Html {
    let settings = use_app_settings().settings;
    let o = &props.opened;
    let (back, next) = neighbours(o, props.step);
    let all = steps(o);
    let number = all.iter().position(|s| *s == props.step).unwrap_or(0) + 1;
    // The decision is the last step; the review pages are the ones before it.
    let review_pages = all.len() - 1;
    let explainer = Explainer::default();
    let title = props.step.title();
    let body = match props.step {
        ParentStep::Shared(section) => shared(o, section, &explainer),
        ParentStep::Documents => html! { <Documents opened={o.clone()} /> },
        ParentStep::Who => who(o, &settings, &explainer),
        ParentStep::Notice => notice(o),
        ParentStep::Decide | ParentStep::Done => html! {},
    };
    let oncontinue = {
        let next = next.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(next) = &next {
                go(next);
            }
        })
    };
    let next_label = match next {
        Some(Route::ParentStep(ParentStep::Decide)) => "Continue to your decision",
        _ => "Continue",
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={back.href()} class="govuk-back-link">{ "Back" }</a>
                <span class="govuk-caption-l" id="review-progress">
                    { format!("Review what the school will share: page {number} of {review_pages}") }
                </span>
                <h1 class="govuk-heading-l">{ title }</h1>
                { explainer.explain(title) }
                { body }
                <button type="button" class="govuk-button" id="continue" onclick={oncontinue}>{ next_label }</button>
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

/// One row of a summary list, with explanations of the terms it uses.
fn row(label: &str, text: &str, explainer: &Explainer) -> Html {
    let label = &parent_label(label);
    let terms = explainer.explain(&format!("{label} {text}"));
    html! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{ label.to_owned() }</dt>
            <dd class="govuk-summary-list__value">
                <span class="app-pre-wrap">
                    if text.is_empty() { <span class="app-not-answered">{ "Not answered" }</span> } else { { text.to_owned() } }
                </span>
                { terms }
            </dd>
        </div>
    }
}

/// What the school will share from one section of the referral.
fn shared(o: &Opened, section: Section, explainer: &Explainer) -> Html {
    let referral = &o.referral;
    let no_raw = Default::default();
    let findings: Vec<_> = o
        .report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info && Section::of_field(&f.field) == section)
        .filter(|f| !f.parent_message.is_empty())
        .collect();
    let about = match section {
        Section::Pupil => "your child, their school and the staff who will support them",
        Section::Absence => "your child's time off school",
        Section::Health => {
            "your child's health, their medical evidence and the health professionals involved"
        }
        Section::Support => "the support the school gives your child",
        Section::Funding => "any extra funding your child receives",
        Section::Baseline => "how your child is getting on with learning, and their own views",
        Section::Safeguarding => "keeping your child safe while they are off school",
        Section::Exams => "your child's exams",
        _ => "anything else the school wants the service to know",
    };
    let intro = format!(
        "This is what {} will share about {about}. If anything is wrong, tell the school before you decide.",
        o.school_name
    );
    html! {
        <>
            <p class="govuk-body">{ intro }</p>
            { for section_rows(referral, &no_raw, section, Screener::Leave, |_| None).into_iter().map(|g| {
                let heading = g.heading.clone();
                let heading_terms = heading.as_deref().map(|h| explainer.explain(h)).unwrap_or_default();
                html! {
                    <>
                        if let Some(h) = heading {
                            <h2 class="govuk-heading-m">{ h }</h2>
                        }
                        { heading_terms }
                        <dl class="govuk-summary-list">
                            { for g.rows.iter().map(|r| row(&r.key, &r.value, explainer)) }
                        </dl>
                    </>
                }
            }) }
            if !findings.is_empty() {
                <h2 class="govuk-heading-m">{ "What the service may ask the school about" }</h2>
                <p class="govuk-body">{ "The service checks each referral against its rules. It may ask the school about these things. You do not need to do anything about them." }</p>
                <ul class="govuk-list govuk-list--bullet" id="parent-findings">
                    { for findings.iter().map(|f| html! {
                        <li>{ f.parent_message.to_string() }{ explainer.explain(&f.parent_message) }</li>
                    }) }
                </ul>
            }
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
            <p class="govuk-body">{ "The school will send these documents with the referral. Each one has been checked: it is exactly the file the school signed. Open each one to read it. It opens in a new tab." }</p>
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

/// Who will see the information, why, what happens next, how long it is
/// kept, how to withdraw, and whom to contact.
fn who(o: &Opened, settings: &esma_core::settings::Settings, explainer: &Explainer) -> Html {
    let r = &o.referral;
    let area = settings
        .area_for_referral(r)
        .map(|a| {
            format!(
                "the council's Integrated Services for Learning (ISL) team for the {} area",
                a.name
            )
        })
        .unwrap_or_else(|| {
            "the council's Integrated Services for Learning (ISL) team for your area".into()
        });
    let professionals: Vec<String> = r
        .medical_evidence
        .iter()
        .filter_map(|e| {
            let name = e.professional_name.as_deref()?;
            let rest: Vec<&str> = [e.role.as_deref(), e.service.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            Some(if rest.is_empty() {
                name.to_owned()
            } else {
                format!("{name} ({})", rest.join(", "))
            })
        })
        .collect();
    let hospital = r.health.hospital.inpatient == Some(true);
    let receivers_text = format!("ESMA {area} {}", professionals.join(" "));
    let contact = &r.school.referrer;
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Who receives it" }</h2>
            <ul class="govuk-list govuk-list--bullet" id="receivers">
                <li>{ "the ESMA Teaching Service (Education Support for Medical Absence) at Hertfordshire County Council" }</li>
                <li>{ area.clone() }</li>
                if professionals.is_empty() {
                    <li>{ "the health professionals named in the referral" }</li>
                } else {
                    <li>
                        { "the health professionals named in the referral:" }
                        <ul class="govuk-list govuk-list--bullet">
                            { for professionals.iter().map(|p| html! { <li>{ p }</li> }) }
                        </ul>
                    </li>
                }
                if hospital {
                    <li>{ "the hospital school, because the referral says your child is in hospital" }</li>
                } else {
                    <li>{ "a hospital school, if your child goes into hospital and is taught there" }</li>
                }
            </ul>
            { explainer.explain(&receivers_text) }

            <h2 class="govuk-heading-m">{ "Why" }</h2>
            <p class="govuk-body">{ "To arrange education for your child while they cannot go to school because of their health. The council has a legal duty to do this (section 19 of the Education Act 1996)." }</p>

            <h2 class="govuk-heading-m">{ "What happens next" }</h2>
            <p class="govuk-body">{ "If you give consent, the school sends the referral to the council. The ESMA Teaching Service looks at referrals every week in term time. It will tell the school whether it can help, and the school will tell you. If it can, it plans your child's teaching with you, the school and your child's health professionals." }</p>

            <h2 class="govuk-heading-m">{ "How long it is kept" }</h2>
            <p class="govuk-body">{ "The school and the council keep the information only for as long as they need it to arrange, provide and review your child's education, and then under their own records policies. The exact period is to be confirmed by the council: ask the school if you want to know it." }</p>

            <h2 class="govuk-heading-m">{ "Changing your mind" }</h2>
            <p class="govuk-body">{ "You can withdraw your consent at any time by telling the school, in writing or in person. This stops any more sharing. It does not undo sharing that has already happened." }</p>

            <h2 class="govuk-heading-m">{ "Who to contact" }</h2>
            <p class="govuk-body">{ "Your child's school first:" }</p>
            <dl class="govuk-summary-list" id="school-contact">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ "School" }</dt>
                    <dd class="govuk-summary-list__value">{ &o.school_name }</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{ "Who asked for your consent" }</dt>
                    <dd class="govuk-summary-list__value">
                        { &o.referrer }
                        if let Some(email) = &contact.email { <br/>{ email } }
                        if let Some(phone) = &contact.phone { <br/>{ phone } }
                    </dd>
                </div>
            </dl>
            if !settings.named_officers.is_empty() {
                <p class="govuk-body">{ "At the council's ESMA Teaching Service:" }</p>
                <ul class="govuk-list" id="officers">
                    { for settings.named_officers.iter().map(|officer| html! {
                        <li>
                            <strong>{ &officer.name }</strong>{ format!(", {}", officer.role) }<br/>
                            <a class="govuk-link app-break-words" href={format!("mailto:{}", officer.email)}>{ &officer.email }</a>
                        </li>
                    }) }
                </ul>
            }
            <p class="govuk-body">{ "For questions about how your information is used, contact the school's data protection officer: the school office can give you their details. You can also complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113)." }</p>
        </>
    }
}

/// The consent notice in full, as core holds it: a line with no full stop
/// is a heading, "- " starts a list item.
fn notice(o: &Opened) -> Html {
    let blocks: Vec<&str> = o
        .notice_text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    html! {
        <>
            <p class="govuk-body">{ "If you give consent, this is what you agree to. Read it all before you decide." }</p>
            <p class="govuk-body-s" id="notice-version">{ format!("Notice version {}", o.notice_version) }</p>
            <div class="app-notice" id="notice">
                { for blocks.iter().enumerate().map(|(i, block)| notice_block(block, i == 0)) }
            </div>
        </>
    }
}

fn notice_block(block: &str, first: bool) -> Html {
    let mut out = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush = |items: &mut Vec<String>, out: &mut Vec<Html>| {
        if !items.is_empty() {
            out.push(html! {
                <ul class="govuk-list govuk-list--bullet">{ for items.drain(..).map(|i| html! { <li>{ i }</li> }) }</ul>
            });
        }
    };
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_owned());
            continue;
        }
        flush(&mut items, &mut out);
        if !line.contains('.') && !line.ends_with(':') {
            // The notice's own title sits under the page's heading.
            out.push(if first {
                html! { <h2 class="govuk-heading-m">{ line.to_owned() }</h2> }
            } else {
                html! { <h3 class="govuk-heading-s">{ line.to_owned() }</h3> }
            });
        } else {
            out.push(html! { <p class="govuk-body">{ line.to_owned() }</p> });
        }
    }
    flush(&mut items, &mut out);
    html! { <>{ for out }</> }
}

/// The link to the first review page, for the open page's "Continue".
pub fn first_page(o: &Opened) -> Route {
    steps(o)
        .first()
        .map(|s| Route::ParentStep(*s))
        .unwrap_or(Route::ParentStep(ParentStep::Decide))
}
