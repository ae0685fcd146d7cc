//! The GOV.UK error summary: "There is a problem", a link to each problem's
//! field. Focused when it appears so screen readers announce it; each link
//! moves focus to its field instead of changing the address (the app routes
//! by the address's `#` part).

use yew::prelude::*;

use crate::web::dom;

pub const SUMMARY_ID: &str = "error-summary";

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// (input id, message) for each problem.
    pub problems: Vec<(String, String)>,
    /// Bumped each time the person tries to continue; the summary takes
    /// focus then.
    pub attempt: u32,
    /// Its id, when a page has more than one form (ids must be unique).
    #[prop_or(SUMMARY_ID)]
    pub id: &'static str,
}

#[function_component(ErrorSummary)]
pub fn error_summary(props: &ErrorSummaryProps) -> Html {
    let has_problems = !props.problems.is_empty();
    let id = props.id;
    use_effect_with(props.attempt, move |attempt| {
        if *attempt > 0 && has_problems {
            dom::focus(id);
        }
    });
    if props.problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="govuk-error-summary" id={props.id} tabindex="-1">
            <div role="alert">
                <h2 class="govuk-error-summary__title">{ "There is a problem" }</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        { for props.problems.iter().map(|(id, message)| {
                            let target = id.clone();
                            let onclick = Callback::from(move |e: MouseEvent| {
                                e.prevent_default();
                                dom::focus_field(&target);
                            });
                            html! { <li><a href={format!("#{id}")} {onclick}>{ message }</a></li> }
                        }) }
                    </ul>
                </div>
            </div>
        </div>
    }
}
