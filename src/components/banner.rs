//! The GOV.UK notification banner, for news about the service or this device
//! that is not about the page's own content.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// The id of its title, which names the region for screen readers.
    pub id: &'static str,
    /// The title in the banner's header ("Important", "New version"...).
    pub title: &'static str,
    pub children: Html,
}

#[function_component(Banner)]
pub fn banner(props: &BannerProps) -> Html {
    html! {
        <div class="govuk-notification-banner app-no-print" role="region" aria-labelledby={props.id}>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id={props.id}>{ props.title }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                { props.children.clone() }
            </div>
        </div>
    }
}
