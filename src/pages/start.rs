//! The start page: what the service is for and its three ways in.

use yew::prelude::*;

use crate::route::Route;

#[function_component(StartPage)]
pub fn start_page() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">{ Route::Start.title() }</h1>
                <p class="govuk-body-l">
                    { "The ESMA Teaching Service (Education Support for Medical Absence) teaches pupils in Hertfordshire who cannot attend school because of their physical or mental health." }
                </p>
                <p class="govuk-body">
                    { "Use this service to prepare a referral, check it against the council's policy before you send it, and check a referral you have received." }
                </p>

                <div class="app-way-in">
                    <h2 class="govuk-heading-m">{ "Schools: refer a pupil" }</h2>
                    <p class="govuk-body">
                        { "Fill in the Hertfordshire Service Request (HSR) and the referral checklist. The service tells you what is missing as you go, so the referral is not sent back." }
                    </p>
                    <a href={Route::School(crate::route::SchoolRoute::Drafts).href()} role="button" draggable="false"
                        class="govuk-button govuk-button--start" data-module="govuk-button">
                        { "Start a referral" }
                        <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
                        </svg>
                    </a>
                </div>

                <div class="app-way-in">
                    <h2 class="govuk-heading-m">{ "Parents and carers: review a referral" }</h2>
                    <p class="govuk-body">
                        { "See exactly what your child's school will share with the council, and who will see it. Then give or refuse your consent." }
                    </p>
                    <p class="govuk-body">
                        <a class="govuk-link" href={Route::Parent.href()}>{ "Review a referral as a parent or carer" }</a>
                    </p>
                </div>

                <div class="app-way-in">
                    <h2 class="govuk-heading-m">{ "Council staff: check a referral pack" }</h2>
                    <p class="govuk-body">
                        { "Open a signed referral pack from a school, check who signed it and that nothing has changed, and see what is missing." }
                    </p>
                    <p class="govuk-body">
                        <a class="govuk-link" href={Route::Council.href()}>{ "Check a referral pack" }</a>
                    </p>
                </div>

                <h2 class="govuk-heading-m">{ "Your information stays on this device" }</h2>
                <p class="govuk-body">
                    { "This service runs in your web browser. What you type and the documents you add are kept on this device. Nothing is sent to the council or anyone else: you choose when to save a file and who to send it to." }
                </p>
            </div>
        </div>
    }
}
