//! The council's team checks a signed referral pack.

use yew::prelude::*;

use crate::route::Route;

#[function_component(CouncilPage)]
pub fn council_page() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={Route::Start.href()} class="govuk-back-link">{ "Back" }</a>
                <h1 class="govuk-heading-l">{ Route::Council.title() }</h1>
                <p class="govuk-body">
                    { "Open a referral pack (a file ending .esma-pack.json) and your list of trusted school keys. The service checks who signed the pack, that nothing in it has changed, and what is missing." }
                </p>
                <div class="govuk-inset-text">
                    { "Checking a referral pack is not available in this version of the service yet." }
                </div>
            </div>
        </div>
    }
}
