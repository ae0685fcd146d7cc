//! Shown for a link to a page the app does not have.

use yew::prelude::*;

use crate::route::Route;

#[function_component(NotFoundPage)]
pub fn not_found_page() -> Html {
    html! {
        <>
            <h1 class="govuk-heading-l">{ Route::NotFound.title() }</h1>
            <p class="govuk-body">{ "If you typed the web address, check it is correct." }</p>
            <p class="govuk-body">
                { "Go to the " }<a class="govuk-link" href={Route::Start.href()}>{ "start page" }</a>{ "." }
            </p>
        </>
    }
}
