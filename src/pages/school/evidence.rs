//! Medical evidence as a list (GOV.UK's "add another"): each item with a
//! way to change it or remove it, and a way to add one. Removing asks first,
//! on a page of its own; the list then says what was removed.

use esma_core::rules::Severity;
use yew::prelude::*;

use super::{use_draft, DraftContext, HostNotice};
use crate::components::back_link::back_link;
use crate::components::summary_list::{SummaryAction, SummaryCard, SummaryList, SummaryRow};
use crate::components::warning_text::WarningText;
use crate::display::answer_text;
use crate::form::fields::Answers;
use crate::form::pages::find;
use crate::form::questions::Section;
use crate::form::state::Action;
use crate::route::{Route, SchoolRoute};
use crate::web::{clock, dom};

/// The route of one page of an item (1, 2…): `who` or `letter`.
fn item_route(draft_id: &str, n: usize, part: &str) -> Route {
    Route::School(SchoolRoute::Page(
        draft_id.to_owned(),
        Section::Health,
        format!("evidence-{n}-{part}"),
    ))
}

/// The route of the list.
pub fn list_route(draft_id: &str) -> Route {
    Route::School(SchoolRoute::Page(
        draft_id.to_owned(),
        Section::Health,
        "evidence".into(),
    ))
}

/// What an item is called in a sentence: "medical evidence 2 (Dr A Example)".
fn item_name(context: &DraftContext, index: usize) -> String {
    let who = context
        .wizard
        .draft
        .referral
        .medical_evidence
        .get(index)
        .and_then(|e| e.professional_name.clone())
        .filter(|n| !n.trim().is_empty());
    match who {
        Some(who) => format!("medical evidence {} ({who})", index + 1),
        None => format!("medical evidence {}", index + 1),
    }
}

/// The items so far, and "Add medical evidence".
pub fn evidence_list(context: &DraftContext) -> Html {
    let wizard = &*context.wizard;
    let r = &wizard.draft.referral;
    let id = wizard.draft.id.clone();
    let answers = Answers::of(r);
    let issues = wizard.issues();
    let count = r.medical_evidence.len();
    let onadd = {
        let (wizard, id) = (context.wizard.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            wizard.dispatch(Action::AddEvidence { now: clock::now() });
            dom::navigate(&item_route(&id, count + 1, "who").href());
        })
    };
    html! {
        <>
            if count == 0 {
                <p class="govuk-body">{ "No medical evidence yet. Add each letter or report from a health professional that says the pupil cannot attend school." }</p>
            }
            { for (0..count).map(|i| {
                let n = i + 1;
                let rows: Vec<SummaryRow> = [("who", format!("medicalEvidence[{i}].professionalName")), ("who", format!("medicalEvidence[{i}].service")), ("letter", format!("medicalEvidence[{i}].date")), ("letter", format!("medicalEvidence[{i}].attachmentId"))]
                    .into_iter()
                    .filter_map(|(part, path)| {
                        let page = find(Section::Health, &format!("evidence-{n}-{part}"), r)?;
                        let q = page.questions().find(|q| q.path == path)?.clone();
                        Some(SummaryRow::answer(q.label, answer_text(r, &wizard.draft.raw_inputs, &answers, &q)))
                    })
                    .collect();
                let unfinished = issues.iter().any(|p| p.severity == Severity::Blocking
                    && p.field.starts_with(&format!("medicalEvidence[{i}]")));
                let card = SummaryCard {
                    title: format!("Medical evidence {n}").into(),
                    id: Some(format!("evidence-{n}").into()),
                    actions: vec![
                        SummaryAction::link(item_route(&id, n, "who").href(), "Change", format!("medical evidence {n}")),
                        SummaryAction::link(Route::School(SchoolRoute::RemoveEvidence(id.clone(), n)).href(), "Remove", format!("medical evidence {n}")),
                    ],
                };
                html! {
                    <>
                        if unfinished {
                            <p class="govuk-error-message">{ format!("Medical evidence {n} is not finished: change it to see what is needed") }</p>
                        }
                        <SummaryList rows={rows} card={Some(card)} />
                    </>
                }
            }) }
            <div class="govuk-form-group">
                <button type="button" id="add-evidence" class="govuk-button govuk-button--secondary" onclick={onadd}>
                    { if count == 0 { "Add medical evidence" } else { "Add another item of medical evidence" } }
                </button>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RemoveEvidenceProps {
    /// The item, from 1.
    pub number: usize,
}

/// "Are you sure?" before an item of evidence goes, with its file.
#[function_component(RemoveEvidencePage)]
pub fn remove_evidence_page(props: &RemoveEvidenceProps) -> Html {
    let context = use_draft();
    let id = context.wizard.draft.id.clone();
    let index = props.number.saturating_sub(1);
    let list = list_route(&id);
    if index >= context.wizard.draft.referral.medical_evidence.len() {
        return html! {
            <>
                <h1 class="govuk-heading-l">{ "This item of medical evidence is not on the referral" }</h1>
                <p class="govuk-body"><a class="govuk-link" href={list.href()}>{ "Go to medical evidence" }</a></p>
            </>
        };
    }
    let name = item_name(&context, index);
    let file = context.wizard.draft.referral.medical_evidence[index]
        .attachment_id
        .clone()
        .filter(|a| !a.is_empty());
    let onremove = {
        let (wizard, files, notice, list) = (
            context.wizard.clone(),
            context.files.clone(),
            context.notice.clone(),
            list.clone(),
        );
        let (file, name) = (file.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            wizard.dispatch(Action::RemoveEvidence {
                index,
                now: clock::now(),
            });
            // Its file goes too, unless another answer links to it.
            if let Some(file) = &file {
                let linked_elsewhere =
                    esma_core::rules::attachment_references(&wizard.draft.referral)
                        .into_iter()
                        .filter(|(_, linked)| linked == file)
                        .count()
                        > 1;
                if !linked_elsewhere {
                    files.emit(super::FileOp::Remove(file.clone()));
                }
            }
            notice.emit(HostNotice::new(
                list.clone(),
                format!("You removed {name}."),
            ));
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(list.href()) }
                <h1 class="govuk-heading-l">{ format!("Are you sure you want to remove {name}?") }</h1>
                if file.is_some() {
                    <WarningText>{ "Its file is removed from this device too." }</WarningText>
                }
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-button--warning" onclick={onremove}>{ "Yes, remove it" }</button>
                    <a class="govuk-link" href={list.href()}>{ "No, keep it" }</a>
                </div>
            </div>
        </div>
    }
}
