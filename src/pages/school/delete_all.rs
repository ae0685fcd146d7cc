//! "Delete all data on this device", for shared computers: every draft,
//! attachment and key, after confirmation.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_store;
use crate::route::{Route, SchoolRoute};

#[derive(Clone, PartialEq)]
enum Stage {
    Asking,
    Deleting,
    Done,
    Failed(&'static str),
}

#[function_component(DeleteAllPage)]
pub fn delete_all_page() -> Html {
    let store_context = use_store();
    let stage = use_state(|| Stage::Asking);
    let ondelete = {
        let (stage, store_context) = (stage.clone(), store_context.clone());
        Callback::from(move |_: MouseEvent| {
            let (stage, store_context) = (stage.clone(), store_context.clone());
            stage.set(Stage::Deleting);
            spawn_local(async move {
                // Close this tab's connection first, or the browser waits for it.
                if let Some(store) = store_context.state.connection() {
                    store.close();
                }
                match crate::storage::delete_everything().await {
                    Ok(()) => stage.set(Stage::Done),
                    Err(e) => stage.set(Stage::Failed(e.message())),
                }
                store_context.reopen.emit(());
            });
        })
    };
    let back = Route::School(SchoolRoute::Drafts).href();
    match &*stage {
        Stage::Done => html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <div class="govuk-panel govuk-panel--confirmation">
                        <h1 class="govuk-panel__title">{ "All data deleted" }</h1>
                        <div class="govuk-panel__body">{ "Every draft, file and key this service kept on this device has gone." }</div>
                    </div>
                    <p class="govuk-body"><a class="govuk-link" href={back}>{ "Go to your drafts" }</a></p>
                </div>
            </div>
        },
        stage => html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <a href={back.clone()} class="govuk-back-link">{ "Back" }</a>
                    <h1 class="govuk-heading-l">{ "Delete all data on this device" }</h1>
                    if let Stage::Failed(message) = stage {
                        <div class="govuk-error-summary" role="alert">
                            <h2 class="govuk-error-summary__title">{ "The data could not be deleted" }</h2>
                            <div class="govuk-error-summary__body"><p class="govuk-body">{ *message }</p></div>
                        </div>
                    }
                    <p class="govuk-body">{ "This deletes every draft referral, every file you added and any signing key this service keeps in this browser on this device." }</p>
                    <div class="govuk-warning-text">
                        <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">{ "Warning" }</span>
                            { "You cannot undo this. Export any draft you want to keep first." }
                        </strong>
                    </div>
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--warning" onclick={ondelete}
                            disabled={*stage == Stage::Deleting}>
                            { "Delete all data" }
                        </button>
                        <a class="govuk-link" href={back}>{ "Cancel" }</a>
                    </div>
                </div>
            </div>
        },
    }
}
