//! The referral's files: every file with what it is for, a way to add
//! others, and removing one only after asking, on a page of its own.

use esma_core::attachments::format_size;
use esma_core::referral::AttachmentPurpose;
use esma_core::rules::Severity;
use yew::prelude::*;

use super::{use_draft, DraftContext, FileOp, HostNotice};
use crate::components::back_link::back_link;
use crate::components::question::{Input, QuestionField, Shown};
use crate::components::warning_text::WarningText;
use crate::display::purpose_label;
use crate::form::pages::Page;
use crate::form::questions::{Kind, Question};
use crate::form::state::Issue;
use crate::route::{return_target, Journey, Route, SchoolRoute};
use crate::web::dom;

/// Every file on the draft, with what it evidences, and a way to add others
/// (showing `problems` of the files as a whole, such as their total size).
pub fn files_table(context: &DraftContext, page: &Page, problems: Vec<Issue>) -> Html {
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let here = Route::School(super::section::page_route(&id, page));
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
    let chosen = context
        .file_problem
        .as_ref()
        .filter(|(p, _)| p == "attachments")
        .map(|(p, m)| Issue {
            field: p.clone(),
            severity: Severity::Blocking,
            message: m.clone(),
            rule: None,
        });
    let problems: Vec<Issue> = chosen.into_iter().chain(problems).collect();
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Files on this referral" }</h2>
            if attachments.is_empty() {
                <p class="govuk-body">{ "No files yet. Add each document on the page it belongs to, or add other files here." }</p>
            } else {
                <table class="govuk-table">
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
                            let file_id = a.id.clone().unwrap_or_default();
                            let name = a.name.clone().unwrap_or_default();
                            let onview = { let files = context.files.clone(); let file_id = file_id.clone(); Callback::from(move |_: MouseEvent| files.emit(FileOp::View(file_id.clone()))) };
                            let remove = Route::School(SchoolRoute::RemoveFile(id.clone(), file_id)).href_returning_to(&here);
                            html! {
                                <tr class="govuk-table__row" id={format!("f-attachments-{i}")} tabindex="-1">
                                    <td class="govuk-table__cell app-break-words">{ name.clone() }</td>
                                    <td class="govuk-table__cell">{ purpose_label(a.purpose) }</td>
                                    <td class="govuk-table__cell">{ format_size(a.size.unwrap_or(0)) }</td>
                                    <td class="govuk-table__cell">
                                        <button type="button" class="app-link-button" onclick={onview}>{ "View" }<span class="govuk-visually-hidden">{ format!(" {name}") }</span></button>
                                        { " " }
                                        <a class="govuk-link" href={remove}>{ "Remove" }<span class="govuk-visually-hidden">{ format!(" {name}") }</span></a>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            <QuestionField question={other} shown={Shown::File(None)} issues={problems}
                accept={context.accept()} busy={context.busy.as_deref() == Some("attachments")} {oninput} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RemoveFileProps {
    /// The attachment's id.
    pub file: String,
}

/// "Are you sure?" before a file goes from the draft and the device.
#[function_component(RemoveFilePage)]
pub fn remove_file_page(props: &RemoveFileProps) -> Html {
    let context = use_draft();
    let wizard = &*context.wizard;
    let draft_id = wizard.draft.id.clone();
    let back = return_target(Journey::School, &dom::current_hash())
        .unwrap_or_else(|| Route::School(SchoolRoute::TaskList(draft_id.clone())));
    let Some(attachment) = wizard
        .draft
        .referral
        .attachments
        .iter()
        .find(|a| a.id.as_deref() == Some(props.file.as_str()))
    else {
        return html! {
            <>
                <h1 class="govuk-heading-l">{ "This file is not on the referral" }</h1>
                <p class="govuk-body"><a class="govuk-link" href={back.href()}>{ "Go back" }</a></p>
            </>
        };
    };
    let name = attachment.name.clone().unwrap_or_default();
    let onremove = {
        let (files, notice, back, file) = (
            context.files.clone(),
            context.notice.clone(),
            back.clone(),
            props.file.clone(),
        );
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            files.emit(FileOp::Remove(file.clone()));
            notice.emit(HostNotice::new(
                back.clone(),
                format!("You removed {name}."),
            ));
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(back.href()) }
                <h1 class="govuk-heading-l app-break-words">{ format!("Are you sure you want to remove {name}?") }</h1>
                <p class="govuk-body">{ format!("What it is for: {}.", purpose_label(attachment.purpose)) }</p>
                <WarningText>{ "The file is removed from the referral and from this device. Choose it again to add it back." }</WarningText>
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-button--warning" onclick={onremove}>{ "Yes, remove it" }</button>
                    <a class="govuk-link" href={back.href()}>{ "No, keep it" }</a>
                </div>
            </div>
        </div>
    }
}
