//! A parent or carer reviews what a school will share.

use yew::prelude::*;

use crate::route::Route;

#[function_component(ParentPage)]
pub fn parent_page() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={Route::Start.href()} class="govuk-back-link">{ "Back" }</a>
                <h1 class="govuk-heading-l">{ Route::Parent.title() }</h1>
                <p class="govuk-body">
                    { "Your child's school will send you a consent request file. Open it here to see what the school will share with the ESMA Teaching Service, who will see it and why. Then you can give or refuse consent." }
                </p>
                <div class="govuk-inset-text">
                    { "Reviewing a consent request is not available in this version of the service yet." }
                </div>
            </div>
        </div>
    }
}
