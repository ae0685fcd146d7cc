//! One section of the referral: its questions, their problems as they are
//! typed, and "Save and continue".

use esma_core::attachments::format_size;
use esma_core::referral::AttachmentPurpose;
use esma_core::rules::Severity;
use serde_json::Value;
use yew::prelude::*;

use super::{use_draft, DraftContext, FileOp};
use crate::components::error_summary::ErrorSummary;
use crate::components::issues::issue_message;
use crate::components::question::{Input, QuestionField, Shown};
use crate::display::purpose_label;
use crate::form::fields::{input_id, Answers};
use crate::form::questions::{
    groups, is_eligibility_rule, Kind, Question, Repeated, Section, SCREENER_EVIDENCE,
};
use crate::form::state::{date_parts, Action, Issue, Wizard};
use crate::route::{Route, SchoolRoute};
use crate::web::dom;

#[derive(Properties, PartialEq)]
pub struct SectionPageProps {
    pub section: Section,
}

/// The problems on this page, in page order, for the error summary: those
/// whose field has a question here, then the section's others.
fn page_issues(wizard: &Wizard, section: Section, questions: &[Question]) -> Vec<Issue> {
    let issues = wizard.issues();
    let mut out: Vec<Issue> = Vec::new();
    for q in questions {
        out.extend(issues.iter().filter(|i| i.field == q.path).cloned());
    }
    out.extend(
        issues
            .into_iter()
            .filter(|i| !questions.iter().any(|q| q.path == i.field))
            .filter(|i| match section {
                Section::Eligibility => i.rule.is_some_and(is_eligibility_rule),
                _ => Section::of_field(&i.field) == section,
            }),
    );
    out
}

#[function_component(SectionPage)]
pub fn section_page(props: &SectionPageProps) -> Html {
    let context = use_draft();
    let attempt = use_state(|| 0u32);
    let wizard = &*context.wizard;
    let section = props.section;
    let draft_id = wizard.draft.id.clone();
    let referral = &wizard.draft.referral;
    let answers = Answers::of(referral);
    let groups = groups(section, referral);
    let questions: Vec<Question> = groups.iter().flat_map(|g| g.questions.clone()).collect();
    let issues = page_issues(wizard, section, &questions);
    let submitted = wizard.submitted.contains(&section);
    // What stops "Save and continue". On the screener, an answer that makes
    // the pupil ineligible is the verdict, not a mistake in the form: the
    // school may still go on (the verdict says so).
    let blocking: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.severity == Severity::Blocking)
        .filter(|i| {
            section != Section::Eligibility
                || !(i.rule.is_some_and(is_eligibility_rule)
                    && (i.rule == Some("entry-medical-evidence")
                        || answered_field(wizard, &i.field)))
        })
        .collect();

    let oninput = {
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
                Input::Leave => wizard.dispatch(Action::Touch(path)),
                Input::File(file) => files.emit(FileOp::Add {
                    path: Some(path),
                    purpose: None,
                    file,
                }),
                Input::ViewFile(id) => files.emit(FileOp::View(id)),
                Input::RemoveFile(id) => files.emit(FileOp::Remove(id)),
            }
        })
    };

    let field = |q: &Question| -> Html {
        let shown = match &q.kind {
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
        };
        let mut shown_issues: Vec<Issue> = if wizard.shows(&q.path) {
            issues
                .iter()
                .filter(|i| i.field == q.path)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        if let Some((path, message)) = &context.file_problem {
            if *path == q.path {
                shown_issues.insert(
                    0,
                    Issue {
                        field: path.clone(),
                        severity: Severity::Blocking,
                        message: message.clone(),
                        rule: None,
                    },
                );
            }
        }
        html! {
            <QuestionField key={q.path.clone()} question={q.clone()} {shown} issues={shown_issues}
                districts={context.districts()} accept={context.accept()}
                busy={context.busy.as_deref() == Some(q.path.as_str())}
                oninput={oninput.clone()} />
        }
    };

    let onsubmit = {
        let wizard = context.wizard.clone();
        let attempt = attempt.clone();
        let no_blocking = blocking.is_empty();
        let next = section.next(referral);
        let draft_id = draft_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wizard.dispatch(Action::Submit(section));
            if no_blocking {
                let route = match next {
                    Some(next) => SchoolRoute::Section(draft_id.clone(), next),
                    None => SchoolRoute::Check(draft_id.clone()),
                };
                dom::navigate(&Route::School(route).href());
            } else {
                attempt.set(*attempt + 1);
            }
        })
    };

    let summary: Vec<(String, String)> = if submitted {
        blocking
            .iter()
            .map(|i| (input_id(&i.field), i.message.clone()))
            .collect()
    } else {
        Vec::new()
    };
    // Problems of the section that no question on the page shows.
    let loose: Vec<&Issue> = issues
        .iter()
        .filter(|i| !questions.iter().any(|q| q.path == i.field))
        .filter(|i| {
            submitted
                || section == Section::Eligibility
                || i.severity != Severity::Blocking
                || wizard.shows(&i.field)
        })
        .collect();

    let task_list = Route::School(SchoolRoute::TaskList(draft_id.clone())).href();
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={task_list.clone()} class="govuk-back-link">{ "Back to your referral" }</a>
                <ErrorSummary problems={summary} attempt={*attempt} />
                <span class="govuk-caption-l">{ &wizard.draft.name }</span>
                <h1 class="govuk-heading-l">{ section.title() }</h1>
                if section == Section::Eligibility {
                    { eligibility_verdict(wizard, &issues) }
                } else if !loose.is_empty() {
                    <div class="app-section-issues">
                        { for loose.iter().map(|i| html! {
                            <div id={input_id(&i.field)} tabindex="-1">{ issue_message(i) }</div>
                        }) }
                    </div>
                }
                if section == Section::Consent {
                    <super::consent::ConsentInService />
                }
                <form novalidate=true onsubmit={onsubmit}>
                    <div class="app-question-groups">
                        // Keyed, so when a follow-up question or another item of
                        // evidence appears, the questions around it keep their
                        // place (and the one being typed in keeps focus).
                        { for groups.iter().enumerate().map(|(n, g)| html! {
                            <div class="app-question-group" key={g.heading.clone().unwrap_or_else(|| n.to_string())}>
                                if let Some(heading) = &g.heading {
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
                                if let Some(Repeated::MedicalEvidence(index)) = g.item {
                                    { remove_evidence_button(&context, index) }
                                }
                            </div>
                        }) }
                    </div>
                    if section == Section::Health {
                        { add_evidence_button(&context) }
                    }
                    if section == Section::Attachments {
                        { attachments_table(&context) }
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

fn add_evidence_button(context: &DraftContext) -> Html {
    let wizard = context.wizard.clone();
    let count = wizard.draft.referral.medical_evidence.len();
    let onclick = Callback::from(move |_: MouseEvent| {
        wizard.dispatch(Action::AddEvidence {
            now: crate::web::clock::now(),
        });
        // Focus the new item's first question once it is on the page.
        let id = input_id(&format!("medicalEvidence[{count}].professionalName"));
        gloo::timers::callback::Timeout::new(0, move || dom::focus_field(&id)).forget();
    });
    let label = if count == 0 {
        "Add medical evidence"
    } else {
        "Add another item of medical evidence"
    };
    html! {
        <div class="govuk-form-group">
            <button type="button" id="f-medicalEvidence" class="govuk-button govuk-button--secondary" {onclick}>
                { label }
            </button>
        </div>
    }
}

fn remove_evidence_button(context: &DraftContext, index: usize) -> Html {
    let wizard = context.wizard.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        wizard.dispatch(Action::RemoveEvidence {
            index,
            now: crate::web::clock::now(),
        });
        dom::focus_field("f-medicalEvidence");
    });
    html! {
        <div class="govuk-form-group">
            <button type="button" class="govuk-button govuk-button--warning" {onclick}>
                { "Remove" }<span class="govuk-visually-hidden">{ format!(" medical evidence {}", index + 1) }</span>
            </button>
        </div>
    }
}

/// Every file on the draft, with what it evidences, and a way to add others.
fn attachments_table(context: &DraftContext) -> Html {
    let wizard = &*context.wizard;
    let attachments = &wizard.draft.referral.attachments;
    let other = Question {
        path: "attachments".into(),
        label: "Add another file",
        hint: Some("Any other document that helps ESMA understand the pupil's needs."),
        kind: Kind::Attachment(AttachmentPurpose::Other),
    };
    let files = context.files.clone();
    let oninput = Callback::from(move |(_, input): (String, Input)| {
        if let Input::File(file) = input {
            files.emit(FileOp::Add {
                path: None,
                purpose: Some(AttachmentPurpose::Other),
                file,
            });
        }
    });
    let problem = context
        .file_problem
        .as_ref()
        .filter(|(p, _)| p == "attachments")
        .map(|(p, m)| {
            vec![Issue {
                field: p.clone(),
                severity: Severity::Blocking,
                message: m.clone(),
                rule: None,
            }]
        });
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Files on this referral" }</h2>
            if attachments.is_empty() {
                <p class="govuk-body">{ "No files yet. Add each document on the page it belongs to, or add other files here." }</p>
            } else {
                <table class="govuk-table" id="f-attachments">
                    <caption class="govuk-table__caption govuk-visually-hidden">{ "Files on this referral" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "File" }</th>
                            <th scope="col" class="govuk-table__header">{ "What it is for" }</th>
                            <th scope="col" class="govuk-table__header">{ "Size" }</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for attachments.iter().enumerate().map(|(i, a)| {
                            let id = a.id.clone().unwrap_or_default();
                            let name = a.name.clone().unwrap_or_default();
                            let onview = { let files = context.files.clone(); let id = id.clone(); Callback::from(move |_: MouseEvent| files.emit(FileOp::View(id.clone()))) };
                            let onremove = { let files = context.files.clone(); Callback::from(move |_: MouseEvent| files.emit(FileOp::Remove(id.clone()))) };
                            html! {
                                <tr class="govuk-table__row" id={format!("f-attachments-{i}")} tabindex="-1">
                                    <td class="govuk-table__cell app-break-words">{ name.clone() }</td>
                                    <td class="govuk-table__cell">{ purpose_label(a.purpose) }</td>
                                    <td class="govuk-table__cell">{ format_size(a.size.unwrap_or(0)) }</td>
                                    <td class="govuk-table__cell">
                                        <button type="button" class="app-link-button" onclick={onview}>{ "View" }<span class="govuk-visually-hidden">{ format!(" {name}") }</span></button>
                                        { " " }
                                        <button type="button" class="app-link-button" onclick={onremove}>{ "Remove" }<span class="govuk-visually-hidden">{ format!(" {name}") }</span></button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            <QuestionField question={other} shown={Shown::File(None)} issues={problem.unwrap_or_default()}
                accept={context.accept()} busy={context.busy.as_deref() == Some("attachments")} {oninput} />
        </>
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
        .filter(|i| answered_field(wizard, &i.field))
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
            <div class="govuk-error-summary app-verdict" role="status">
                <h2 class="govuk-error-summary__title">{ "This referral is unlikely to be accepted" }</h2>
                <div class="govuk-error-summary__body">
                    <p class="govuk-body">{ "From your answers, the pupil does not meet these entry criteria:" }</p>
                    { for reasons.iter().map(|i| issue_message(i)) }
                    <p class="govuk-body">{ "You can still fill in the referral, but the ESMA Teaching Service will not accept it until these are met." }</p>
                </div>
            </div>
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

fn answered_field(wizard: &Wizard, field: &str) -> bool {
    !matches!(Answers::of(&wizard.draft.referral).get(field), Value::Null)
}
