//! One question page of the referral: a few questions that belong together,
//! and "Save and continue", as GOV.UK builds them.
//!
//! Problems show when the user submits the page (GOV.UK's timing), never
//! while they fill it in; from then on they follow the answers. Each sits
//! in its question's group, with its policy source after the input. "Save
//! and continue" with nothing blocking saves the page and goes on: to the
//! page the user came from (`?return=`, as "Change" on Check your answers
//! does), else the next page.

use esma_core::rules::Severity;
use yew::prelude::*;

use super::{use_draft, FileOp};
use crate::components::back_link::back_link_saying;
use crate::components::error_summary::ErrorSummary;
use crate::components::issues::issue_message;
use crate::components::question::{Input, QuestionField, Shown};
use crate::components::warning_text::WarningText;
use crate::form::consent::consent_state;
use crate::form::fields::{input_id, Answers};
use crate::form::pages::{find, first_page, next, Page, PageIndex, PageKind};
use crate::form::problems::{is_verdict, page_blocking, page_issues};
use crate::form::questions::{is_eligibility_rule, Kind, Question, Section, SCREENER_EVIDENCE};
use crate::form::state::{date_parts, Action, Issue, Wizard};
use crate::route::{return_target, Journey, Route, SchoolRoute};
use crate::web::dom;

#[derive(Properties, PartialEq)]
pub struct SectionPageProps {
    pub section: Section,
    /// The page's slug; `None` for the section's first page.
    #[prop_or_default]
    pub slug: Option<String>,
}

/// The route of a page.
pub fn page_route(draft_id: &str, page: &Page) -> SchoolRoute {
    SchoolRoute::Page(draft_id.to_owned(), page.section, page.slug.clone())
}

#[function_component(SectionPage)]
pub fn section_page(props: &SectionPageProps) -> Html {
    let context = use_draft();
    let attempt = use_state(|| 0u32);
    let wizard = &*context.wizard;
    let referral = &wizard.draft.referral;
    let draft_id = wizard.draft.id.clone();
    let task_list = Route::School(SchoolRoute::TaskList(draft_id.clone())).href();
    let page = match &props.slug {
        None => Some(first_page(props.section, referral)),
        Some(slug) => find(props.section, slug, referral),
    };
    let Some(page) = page else {
        return html! {
            <>
                <h1 class="govuk-heading-l">{ "This page is not part of the referral now" }</h1>
                <p class="govuk-body">{ "An answer elsewhere changed which questions are asked." }</p>
                <p class="govuk-body"><a class="govuk-link" href={task_list}>{ "Go to your referral" }</a></p>
            </>
        };
    };
    if page.kind == PageKind::ConsentHub {
        return html! { <super::consent::ConsentPage /> };
    }
    let hash = dom::current_hash();
    let back = return_target(Journey::School, &hash);
    let index = PageIndex::new(referral);
    let issues = page_issues(wizard, &page, &index);
    let blocking = page_blocking(wizard, &page);
    let key = page.key();
    // Problems show once the page has been submitted (now or before), or
    // when the user came from Check your answers to put one right.
    let showing = wizard.shows_page(&key) || back.is_some();

    let field = |q: &Question| -> Html {
        let shown_issues: Vec<Issue> = issues
            .iter()
            .filter(|i| i.field == q.path && showing)
            .cloned()
            .chain(
                context
                    .file_problem
                    .iter()
                    .filter(|(path, _)| *path == q.path)
                    .map(|(path, message)| Issue {
                        field: path.clone(),
                        severity: Severity::Blocking,
                        message: message.clone(),
                        rule: None,
                    }),
            )
            .collect();
        let remove_href = {
            let (draft_id, here) = (
                draft_id.clone(),
                Route::School(page_route(&wizard.draft.id, &page)),
            );
            Callback::from(move |attachment: String| {
                Route::School(SchoolRoute::RemoveFile(draft_id.clone(), attachment))
                    .href_returning_to(&here)
            })
        };
        html! {
            <QuestionField key={q.path.clone()} question={q.clone()} shown={shown(wizard, q)} issues={shown_issues}
                districts={context.districts()} accept={context.accept()}
                busy={context.busy.as_deref() == Some(q.path.as_str())}
                remove_href={Some(remove_href)} oninput={on_input(&context)} />
        }
    };

    let onsubmit = {
        let wizard_handle = context.wizard.clone();
        let attempt = attempt.clone();
        let clear = blocking.is_empty();
        let key = key.clone();
        let following = next(&page, referral).map(|p| Route::School(page_route(&draft_id, &p)));
        let check = Route::School(SchoolRoute::Check(draft_id.clone()));
        let back = back.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wizard_handle.dispatch(Action::SubmitPage {
                page: key.clone(),
                now: crate::web::clock::now(),
            });
            if clear {
                let to = back
                    .clone()
                    .or_else(|| following.clone())
                    .unwrap_or_else(|| check.clone());
                dom::navigate(&to.href());
            } else {
                attempt.set(*attempt + 1);
            }
        })
    };

    let summary: Vec<(String, String)> = if showing {
        blocking
            .iter()
            .map(|i| (input_id(&i.field), i.message.clone()))
            .collect()
    } else {
        Vec::new()
    };
    // Problems of the page that no question on it shows (a whole list's).
    // (On the files page, the files' own problems show on "Add another file".)
    let on_files = |i: &&Issue| page.kind == PageKind::Files && i.field == "attachments";
    let loose: Vec<&Issue> = issues
        .iter()
        .filter(|i| !page.asks(&i.field) && !on_files(i))
        .filter(|i| showing || i.severity != Severity::Blocking)
        .collect();
    let (back_href, back_text) = match &back {
        Some(route @ Route::School(SchoolRoute::Check(_))) => {
            (route.href(), "Back to check your answers")
        }
        Some(route) => (route.href(), "Back"),
        None => (task_list.clone(), "Back to your referral"),
    };
    let headed = page.groups.len() > 1;
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link_saying(back_href, back_text) }
                <ErrorSummary problems={summary} attempt={*attempt} />
                // The section, when the page is one of several; else the draft.
                <span class="govuk-caption-l">
                    { if page.title == page.section.title() { wizard.draft.name.as_str() } else { page.section.title() } }
                </span>
                <h1 class="govuk-heading-l">{ &page.title }</h1>
                { consent_warning(wizard) }
                if page.section == Section::Eligibility {
                    { eligibility_verdict(wizard, &issues) }
                } else if !loose.is_empty() {
                    <div class="app-section-issues">
                        { for loose.iter().map(|i| html! {
                            <div id={input_id(&i.field)} tabindex="-1">{ issue_message(i) }</div>
                        }) }
                    </div>
                }
                <form novalidate=true onsubmit={onsubmit}>
                    if page.kind == PageKind::EvidenceList {
                        { super::evidence::evidence_list(&context) }
                    }
                    <div class="app-question-groups">
                        // Keyed, so when a follow-up question appears, the
                        // questions around it keep their place (and the one
                        // being answered keeps focus).
                        { for page.groups.iter().enumerate().map(|(n, g)| html! {
                            <div class="app-question-group" key={g.heading.clone().unwrap_or_else(|| n.to_string())}>
                                if let (true, Some(heading)) = (headed, &g.heading) {
                                    <h2 class="govuk-heading-m">{ heading }</h2>
                                }
                                // In an element of their own, so the keyed list is
                                // the element's only child: Yew then matches by key
                                // (with siblings it matches by position from the end,
                                // and a new follow-up question would replace the one
                                // being answered, losing its focus).
                                <div class="app-questions">
                                    { for g.questions.iter().map(&field) }
                                </div>
                            </div>
                        }) }
                    </div>
                    if page.kind == PageKind::Files {
                        { super::files::files_table(&context, &page,
                            if showing { issues.iter().filter(|i| on_files(i)).cloned().collect() } else { Vec::new() }) }
                    }
                    if let PageKind::EvidenceItem(i) = page.kind {
                        <p class="govuk-body">
                            <a class="govuk-link" href={Route::School(SchoolRoute::RemoveEvidence(draft_id.clone(), i + 1)).href()}>
                                { "Remove this item of medical evidence" }
                            </a>
                        </p>
                    }
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button">{ "Save and continue" }</button>
                        <a class="govuk-link" href={task_list}>{ "Return to your referral" }</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// What a question's field holds now.
fn shown(wizard: &Wizard, q: &Question) -> Shown {
    let referral = &wizard.draft.referral;
    let answers = Answers::of(referral);
    match &q.kind {
        Kind::YesNo if q.path.starts_with("screener.") => {
            Shown::Bool(wizard.draft.raw_inputs.get(&q.path).map(|v| v == "yes"))
        }
        Kind::YesNo => Shown::Bool(answers.bool(&q.path)),
        Kind::Adjustments => Shown::Many(
            answers
                .get(&q.path)
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Kind::Date => {
            let (d, m, y) = date_parts(&answers.text(&q.path));
            Shown::Date(d, m, y)
        }
        Kind::Attachment(_) => {
            let id = answers.text(&q.path);
            Shown::File(
                referral
                    .attachments
                    .iter()
                    .find(|a| a.id.as_deref() == Some(id.as_str()))
                    .cloned(),
            )
        }
        _ => Shown::Text(wizard.shown_text(&answers, &q.path)),
    }
}

/// What a person does to a question, as wizard actions and file work.
fn on_input(context: &super::DraftContext) -> Callback<(String, Input)> {
    let wizard = context.wizard.clone();
    let files = context.files.clone();
    Callback::from(move |(path, input): (String, Input)| {
        let now = crate::web::clock::now();
        match input {
            Input::Type(text) => wizard.dispatch(Action::Type {
                path,
                text: dom::nfc(&text),
                now,
            }),
            Input::Choose(value) => wizard.dispatch(Action::Choose { path, value, now }),
            Input::DatePart(part, text) => wizard.dispatch(Action::DatePart {
                path,
                part,
                text,
                now,
            }),
            Input::File(file) => files.emit(FileOp::Add {
                path: Some(path),
                purpose: None,
                file,
            }),
            Input::ViewFile(id) => files.emit(FileOp::View(id)),
            // Pages give file questions a link to ask first instead.
            Input::RemoveFile(_) => {}
        }
    })
}

/// At the point of editing, once a parent or carer has been asked: any
/// change means they must review the referral again. Says what changed
/// (sections and fields, never answers), and is announced when that first
/// happens. The school may still go ahead.
pub fn consent_warning(wizard: &Wizard) -> Html {
    let state = consent_state(wizard);
    if !state.asked() {
        return html! {};
    }
    let changed = state.changed();
    html! {
        <div class="app-consent-warning" role="status">
            <WarningText>
                if changed.is_empty() {
                    { "You have asked a parent or carer for consent. You can still change anything, but they will then need to review the referral again." }
                } else {
                    { "The parent or carer will need to review the referral again, because you changed:" }
                    <ul class="govuk-list govuk-list--bullet app-changes">
                        { for changed.iter().map(|c| html! { <li>{ c }</li> }) }
                    </ul>
                }
            </WarningText>
        </div>
    }
}

/// The screener's answer: will this referral be accepted, and if not, why.
fn eligibility_verdict(wizard: &Wizard, issues: &[Issue]) -> Html {
    let screener = wizard
        .draft
        .raw_inputs
        .get(SCREENER_EVIDENCE)
        .map(String::as_str);
    let referral = &wizard.draft.referral;
    let answered = [
        referral.pupil.date_of_birth.is_some(),
        referral.pupil.hertfordshire_resident.is_some(),
        referral.pupil.electively_home_educated.is_some(),
        referral.absence.authorised_on_medical_grounds.is_some(),
        screener.is_some(),
    ];
    // A criterion counts against the referral only once it has been answered:
    // the screener is there to warn early, not to scold a blank form.
    let mut reasons: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.rule.is_some_and(is_eligibility_rule))
        .filter(|i| i.rule != Some("entry-medical-evidence"))
        .filter(|i| is_verdict(wizard, i))
        .collect();
    let no_evidence = Issue {
        field: SCREENER_EVIDENCE.into(),
        severity: Severity::Blocking,
        message: "The ESMA Teaching Service needs medical evidence that validates the pupil's absence. Ask the family for a letter from the health professional treating the pupil."
            .into(),
        rule: Some("entry-medical-evidence"),
    };
    if screener == Some("no") {
        reasons.push(&no_evidence);
    }
    if !reasons.is_empty() {
        return html! {
            <ErrorSummary id="eligibility-verdict" title="This referral is unlikely to be accepted"
                role="status" classes="app-verdict">
                <p class="govuk-body">{ "From your answers, the pupil does not meet these entry criteria:" }</p>
                { for reasons.iter().map(|i| issue_message(i)) }
                <p class="govuk-body">{ "You can still fill in the referral, but the ESMA Teaching Service will not accept it until these are met." }</p>
            </ErrorSummary>
        };
    }
    if answered.iter().all(|a| *a) {
        html! {
            <div class="govuk-inset-text app-verdict" role="status">
                { "From your answers, the pupil meets the entry criteria. Add the medical evidence in the health section." }
            </div>
        }
    } else {
        html! {
            <p class="govuk-body">{ "Answer these questions first. They tell you straight away if the ESMA Teaching Service cannot accept the referral, and why." }</p>
        }
    }
}
