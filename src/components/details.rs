//! GOV.UK details: a short link that opens to more, for help that only some
//! people need ("Where this comes from", "What SLA means").

use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct DetailsProps {
    /// The words of the link that opens it.
    pub summary: AttrValue,
    /// What it shows when open.
    pub children: Html,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Open from the start.
    #[prop_or_default]
    pub open: bool,
    /// Classes added to GOV.UK's (`app-source`).
    #[prop_or_default]
    pub classes: Classes,
}

#[function_component(Details)]
pub fn details(props: &DetailsProps) -> Html {
    html! {
        <details id={props.id.clone()} class={classes!("govuk-details", props.classes.clone())} open={props.open}>
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ &props.summary }</span>
            </summary>
            <div class="govuk-details__text">{ props.children.clone() }</div>
        </details>
    }
}

pub fn examples() -> Vec<Example<DetailsProps>> {
    let props = |summary: &'static str, children: Html| DetailsProps {
        summary: summary.into(),
        children,
        id: None,
        open: false,
        classes: Classes::new(),
    };
    vec![
        example(
            "default",
            props(
                "What SLA means",
                html! { <><strong>{ "SLA: Service Level Agreement." }</strong>{ " What the school and the service each agree to do." }</> },
            ),
        ),
        example(
            "open",
            DetailsProps {
                id: Some("details-open".into()),
                open: true,
                ..props(
                    "Help with medical evidence",
                    html! { <p class="govuk-body">{ "A letter from a consultant, or a Tier 2 or 3 NHS mental health professional." }</p> },
                )
            },
        ),
        example(
            "a policy quotation",
            DetailsProps {
                classes: classes!("app-source"),
                ..props(
                    "Where this comes from",
                    html! {
                        <figure class="app-source__quote">
                            <blockquote class="govuk-body">{ "The medical advice should be from Targeted or Specialist Health services." }</blockquote>
                            <figcaption class="govuk-body-s">{ "ESMA policy: The ESMA Teaching Service Entry Criteria" }</figcaption>
                        </figure>
                    },
                )
            },
        ),
    ]
}
