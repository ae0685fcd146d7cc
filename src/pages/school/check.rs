//! Check your answers: what stops the referral at the top (each problem a
//! link to its question), then the next step (ask for consent, or sign),
//! the warnings, every answer with a "Change" link that comes back here,
//! and the next step again at the bottom. Prints as a clean paper record.

use esma_core::rules::Severity;
use std::collections::HashMap;
use yew::prelude::*;

use super::consent::status_rows;
use super::drafts::long_date;
use super::send::{next_step_box, sign_area, use_signer, Signer};
use super::{use_draft, DraftActions, DraftContext};
use crate::components::back_link::back_link_saying;
use crate::components::error_summary::{ErrorItem, ErrorSummary};
use crate::components::issues::issue_message;
use crate::components::summary_list::{RowValue, SummaryAction, SummaryList, SummaryRow};
use crate::display::checklist::checklist;
use crate::display::summary::{section_rows, Screener};
use crate::form::consent::{consent_state, others_blocking, ConsentState};
use crate::form::fields::input_id;
use crate::form::pages::{pages, PageIndex};
use crate::form::questions::Section;
use crate::form::state::{Issue, Wizard};
use crate::route::{Route, SchoolRoute};

/// Where a problem's link goes: its page, focused on its field, coming back
/// to `back` once the page is saved.
pub fn problem_href(wizard: &Wizard, index: &PageIndex, field: &str, back: &Route) -> String {
    let r = &wizard.draft.referral;
    let (section, slug) = index.page_of(field, r);
    let page = Route::School(SchoolRoute::Page(wizard.draft.id.clone(), section, slug));
    let href = page.href_returning_to(back);
    href.replacen('?', &format!("?focus={}&", input_id(field)), 1)
}

/// An error summary's items for `issues`, each linking to its field's page.
pub fn problem_items(
    wizard: &Wizard,
    index: &PageIndex,
    issues: &[Issue],
    back: &Route,
) -> Vec<ErrorItem> {
    issues
        .iter()
        .map(|i| {
            ErrorItem::link(
                problem_href(wizard, index, &i.field, back),
                i.message.clone(),
            )
        })
        .collect()
}

#[function_component(CheckAnswersPage)]
pub fn check_answers_page() -> Html {
    let context = use_draft();
    let signer = use_signer(&context);
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let here = Route::School(SchoolRoute::Check(id.clone()));
    let index = PageIndex::new(&wizard.draft.referral);
    let issues = wizard.issues();
    let by = |severity: Severity| {
        issues
            .iter()
            .filter(|i| i.severity == severity)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (warnings, info) = (by(Severity::Warning), by(Severity::Info));
    // Consent's own problem is the next step, not a mistake to put right.
    let blocking = others_blocking(wizard);
    let problems = problem_items(wizard, &index, &blocking, &here);
    let onprint = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <>
            { back_link_saying(Route::School(SchoolRoute::TaskList(id.clone())).href(), "Back to your referral") }
            if !problems.is_empty() {
                <ErrorSummary id="blocking-count" role={None::<AttrValue>}
                    description={format!("{} must be put right before you can ask for consent and send this referral.",
                        if problems.len() == 1 { "1 problem".to_owned() } else { format!("{} problems", problems.len()) })}
                    problems={problems} />
            }
            <span class="govuk-caption-l">{ &wizard.draft.name }</span>
            <h1 class="govuk-heading-l">{ "Check your answers" }</h1>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    if blocking.is_empty() && consent_state(wizard).is_given() {
                        <div class="govuk-inset-text">
                            { "Nothing stops this referral being sent." }
                            if !warnings.is_empty() {
                                { " Read the warnings below before you send it: ESMA may ask about them." }
                            }
                        </div>
                    }
                    { next_step(&context, &signer, &blocking, true) }
                    { findings_list("Warnings", "warnings", &warnings, wizard, &index, &here) }
                    { findings_list("Information", "information", &info, wizard, &index, &here) }
                    { for Section::ALL.into_iter().filter(|s| s.applies(&wizard.draft.referral)).map(|section| html! {
                        <>
                            <h2 class="govuk-heading-m">{ section.title() }</h2>
                            { section_answers(wizard, section, &here, &issues, 3) }
                        </>
                    }) }
                    { next_step(&context, &signer, &blocking, false) }
                </div>
                <div class="govuk-grid-column-one-third">
                    { checklist(&wizard.report.checklist) }
                </div>
            </div>
            <div class="govuk-button-group app-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={onprint}>{ "Print this page" }</button>
            </div>
            <div class="app-no-print"><DraftActions /></div>
        </>
    }
}

/// What to do next: put problems right, ask for consent, or sign.
fn next_step(context: &DraftContext, signer: &Signer, blocking: &[Issue], top: bool) -> Html {
    let wizard = &*context.wizard;
    let state = consent_state(wizard);
    if !blocking.is_empty() {
        return if top {
            html! {}
        } else {
            html! { <p class="govuk-body app-no-print">{ "You can ask for consent and send the referral once the problems at the top of this page are put right." }</p>
            }
        };
    }
    if state.is_given() {
        return sign_area(signer, context, top);
    }
    let consent = Route::School(SchoolRoute::Section(
        wizard.draft.id.clone(),
        Section::Consent,
    ))
    .href();
    let place = if top { "top" } else { "bottom" };
    let action = match &state {
        ConsentState::Waiting { changed, .. } if changed.is_empty() => {
            "Import the parent's or carer's response"
        }
        ConsentState::NotRequested | ConsentState::CannotStartYet => {
            "Ask a parent or carer for consent"
        }
        ConsentState::OnPaper { .. } => "Go to parental consent",
        _ => "Ask the parent or carer again",
    };
    let heading_id = format!("next-heading-{place}");
    let heading =
        html! { <h2 class="govuk-heading-m" id={heading_id.clone()}>{ "Parental consent" }</h2> };
    let body = html! {
        <>
            if top {
                if state == ConsentState::NotRequested {
                    <p class="govuk-body">{ "Nothing else stops this referral being sent. Ask a parent or carer to review it and give consent: then you can sign and send it." }</p>
                } else {
                    { status_rows(&state, wizard.draft.consent_request.as_ref()) }
                }
            }
            <a class="govuk-button" draggable="false" href={consent}>{ action }</a>
        </>
    };
    next_step_box(top, &heading_id, heading, body)
}

/// A section's answers, each with "Change" (coming back to `back`); an
/// answer not given says whether it is needed. Consent asked in this
/// service shows as where it stands, not as the paper form's questions.
/// Group headings are at `level` (3 under a section's own heading).
pub fn section_answers(
    wizard: &Wizard,
    section: Section,
    back: &Route,
    issues: &[Issue],
    level: u8,
) -> Html {
    let heading_tag = format!("h{}", level.clamp(2, 6));
    let r = &wizard.draft.referral;
    let state = consent_state(wizard);
    if section == Section::Consent && !matches!(state, ConsentState::OnPaper { .. }) {
        let href = Route::School(SchoolRoute::Section(
            wizard.draft.id.clone(),
            Section::Consent,
        ))
        .href();
        let mut rows = vec![SummaryRow::new(
            "How consent is asked",
            "In this service, from a parent or carer on their own device",
        )
        .action(SummaryAction::link(href, "Change", "parental consent"))];
        rows.push(SummaryRow::new("Status", state.label()));
        match &state {
            ConsentState::Given(d) | ConsentState::Refused(d) => {
                rows.push(SummaryRow::new(
                    "By",
                    format!("{} ({})", d.name, d.relationship),
                ));
                rows.push(SummaryRow::new("On", long_date(&d.decided_at)));
            }
            ConsentState::Waiting { requested_at, .. } => {
                rows.push(SummaryRow::new("Requested on", long_date(requested_at)));
            }
            _ => {}
        }
        if !state.changed().is_empty() {
            rows.push(SummaryRow::answer(
                "Changed since",
                state.changed().join("\n"),
            ));
        }
        return html! { <SummaryList rows={rows} /> };
    }
    // Each question's page in this section, for its "Change" link.
    let mut page_of: HashMap<String, String> = HashMap::new();
    for page in pages(section, r) {
        for q in page.questions() {
            page_of
                .entry(q.path.clone())
                .or_insert_with(|| page.slug.clone());
        }
    }
    let id = wizard.draft.id.clone();
    let change = |q: &crate::form::questions::Question| {
        let slug = page_of.get(&q.path)?;
        let page = Route::School(SchoolRoute::Page(id.clone(), section, slug.clone()));
        Some(page.href_returning_to(back).replacen(
            '?',
            &format!("?focus={}&", input_id(&q.path)),
            1,
        ))
    };
    html! {
        { for section_rows(r, &wizard.draft.raw_inputs, section, Screener::Show, change).into_iter().map(|g| {
            let rows: Vec<SummaryRow> = g.rows.into_iter().zip(g.paths.iter()).map(|(row, path)| {
                let needed = issues.iter().any(|i| i.field == *path && i.severity == Severity::Blocking);
                match &row.value {
                    RowValue::Answer(text) if text.is_empty() && !needed => SummaryRow {
                        value: RowValue::Html(html! { <span class="app-not-answered">{ "Not answered (optional)" }</span> }),
                        ..row
                    },
                    _ => row,
                }
            }).collect();
            html! {
                <>
                    if let Some(heading) = &g.heading {
                        <@{heading_tag.clone()} class="govuk-heading-s">{ heading }</@>
                    }
                    <SummaryList rows={rows} />
                </>
            }
        }) }
    }
}

fn findings_list(
    title: &str,
    id: &str,
    issues: &[Issue],
    wizard: &Wizard,
    index: &PageIndex,
    back: &Route,
) -> Html {
    if issues.is_empty() {
        return html! {};
    }
    html! {
        <section class="app-findings" aria-labelledby={format!("findings-{id}")}>
            <h2 class="govuk-heading-m" id={format!("findings-{id}")}>{ title }</h2>
            <ul class="govuk-list">
                { for issues.iter().map(|i| {
                    let section = index.page_of(&i.field, &wizard.draft.referral).0;
                    html! {
                        <li class="app-finding">
                            { issue_message(i) }
                            <a class="govuk-link govuk-body-s app-no-print" href={problem_href(wizard, index, &i.field, back)}>{ format!("Go to {}", esma_core::case::lowercase(section.title())) }</a>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
