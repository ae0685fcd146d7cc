//! Rename, export and delete, for the task list and check-answers pages.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_draft;
use crate::components::warning_text::WarningText;
use crate::form::state::Action;
use crate::route::{Route, SchoolRoute};
use crate::web::{clock, dom, files};
use esma_core::file_name::{file_name, FileKind};

#[function_component(DraftActions)]
pub fn draft_actions() -> Html {
    let context = use_draft();
    let problem = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let name = use_state(|| context.wizard.draft.name.clone());
    let onrename = {
        let (wizard, name) = (context.wizard.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wizard.dispatch(Action::Rename {
                name: dom::nfc(&name),
                now: clock::now(),
            });
            dom::announce("Draft renamed");
        })
    };
    let onname = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let onexport = {
        let (store, wizard, problem) = (
            context.store.clone(),
            context.wizard.clone(),
            problem.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (store, draft, problem) = (store.clone(), wizard.draft.clone(), problem.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                let result = match store.export_draft(&draft).await {
                    Ok(json) => {
                        let file_name =
                            file_name(&super::file_label(&draft), &clock::now(), FileKind::Draft);
                        files::download(&file_name, "application/json", json.as_bytes())
                            .map(|_| file_name)
                            .map_err(|e| e.message())
                    }
                    Err(e) => Err(e.message()),
                };
                match result {
                    Ok(file_name) => {
                        dom::announce(&format!("Draft exported as {file_name}"));
                        problem.set(None);
                    }
                    Err(message) => problem.set(Some(message.to_owned())),
                }
            });
        })
    };
    let ondelete = {
        let (store, id, confirming, problem) = (
            context.store.clone(),
            context.wizard.draft.id.clone(),
            confirming.clone(),
            problem.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !*confirming {
                confirming.set(true);
                return;
            }
            let (store, id, problem) = (store.clone(), id.clone(), problem.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                match store.delete_draft(&id).await {
                    Ok(()) => dom::navigate(&Route::School(SchoolRoute::Drafts).href()),
                    Err(e) => problem.set(Some(e.message().to_owned())),
                }
            });
        })
    };
    html! {
        <div class="app-draft-actions">
            <h2 class="govuk-heading-m">{ "This draft" }</h2>
            if let Some(message) = &*problem {
                <p class="govuk-error-message" role="alert"><span class="govuk-visually-hidden">{ "Error: " }</span>{ message }</p>
            }
            <form novalidate=true onsubmit={onrename}>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="draft-name">{ "Draft name" }</label>
                    <div class="govuk-hint" id="draft-name-hint">{ "Only you see this name. Do not use the pupil's full name on a shared computer." }</div>
                    <input class="govuk-input govuk-input--width-20" id="draft-name" name="draft-name" type="text"
                        value={(*name).clone()} aria-describedby="draft-name-hint" oninput={onname} />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary">{ "Rename draft" }</button>
            </form>
            <p class="govuk-body">
                { "Export the draft to move it to another computer or give it to a colleague. The file is an unsigned draft, not a referral." }
            </p>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={onexport}>{ "Export draft" }</button>
                <button type="button" class="govuk-button govuk-button--warning" onclick={ondelete}>
                    { if *confirming { "Yes, delete this draft" } else { "Delete draft" } }
                </button>
            </div>
            if *confirming {
                <WarningText role="alert">
                    { "Deleting removes the draft and its files from this device. You cannot undo this." }
                </WarningText>
            }
        </div>
    }
}
