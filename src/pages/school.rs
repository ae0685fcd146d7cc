//! A school refers a pupil.

use yew::prelude::*;

use crate::route::Route;

#[function_component(SchoolPage)]
pub fn school_page() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={Route::Start.href()} class="govuk-back-link">{ "Back" }</a>
                <h1 class="govuk-heading-l">{ Route::School.title() }</h1>
                <h2 class="govuk-heading-m">{ "Before you start" }</h2>
                <p class="govuk-body">{ "You will need:" }</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>{ "medical evidence that the pupil cannot attend school, with the named health professional's contact details" }</li>
                    <li>{ "the pupil's Assess, Plan, Do, Review (APDR) and your current support plan" }</li>
                    <li>{ "signed consent from a parent or carer" }</li>
                    <li>{ "the agreed reintegration plan, if the pupil is on a reduced timetable" }</li>
                    <li>{ "how any extra funding (EHCP, Local High Needs Funding or Pupil Premium) supports the pupil's education" }</li>
                    <li>{ "the pupil's baseline: attainment, engagement and emotional wellbeing" }</li>
                </ul>
                <div class="govuk-inset-text">
                    { "The referral form is not available in this version of the service yet." }
                </div>
            </div>
        </div>
    }
}
