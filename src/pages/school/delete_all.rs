//! "Delete all data on this device", for shared computers: every draft,
//! attachment and key, after confirmation.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_store;
use crate::components::back_link::back_link;
use crate::components::error_summary::ErrorSummary;
use crate::components::panel::Panel;
use crate::components::warning_text::WarningText;
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
                    <Panel title="All data deleted">
                        { "Every draft, file and key this service kept on this device has gone." }
                    </Panel>
                    <p class="govuk-body"><a class="govuk-link" href={back}>{ "Go to your drafts" }</a></p>
                </div>
            </div>
        },
        stage => html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    { back_link(back.clone()) }
                    <h1 class="govuk-heading-l">{ "Delete all data on this device" }</h1>
                    if let Stage::Failed(message) = stage {
                        <ErrorSummary title="The data could not be deleted" description={*message} />
                    }
                    <p class="govuk-body">{ "This deletes every draft referral, every file you added and any signing key this service keeps in this browser on this device." }</p>
                    <WarningText>
                        { "You cannot undo this. Export any draft you want to keep first." }
                    </WarningText>
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
