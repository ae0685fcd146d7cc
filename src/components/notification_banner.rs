//! The GOV.UK notification banner, for news about the service or this device
//! that is not about the page's own content (a new version, a wrong clock,
//! where you left off). Never printed: it is not part of what a page shows.
//!
//! GOV.UK's success banner is left out until a page needs one: every option
//! here is code on the start page, which loads first.

use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct NotificationBannerProps {
    /// The id of its title, which names the banner for screen readers; unique
    /// on the page.
    pub title_id: AttrValue,
    #[prop_or(AttrValue::Static("Important"))]
    pub title: AttrValue,
    /// The content: a `govuk-notification-banner__heading` paragraph for one
    /// line, or paragraphs, a link, a button.
    pub children: Html,
}

#[function_component(NotificationBanner)]
pub fn notification_banner(props: &NotificationBannerProps) -> Html {
    html! {
        <div class="govuk-notification-banner app-no-print" role="region" aria-labelledby={&props.title_id}>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id={&props.title_id}>{ &props.title }</h2>
            </div>
            <div class="govuk-notification-banner__content">{ props.children.clone() }</div>
        </div>
    }
}

pub fn examples() -> Vec<Example<NotificationBannerProps>> {
    let props =
        |title_id: &'static str, title: &'static str, children: Html| NotificationBannerProps {
            title_id: title_id.into(),
            title: title.into(),
            children,
        };
    vec![
        example(
            "one line",
            props(
                "banner-one-line-title",
                "Important",
                html! { <p class="govuk-notification-banner__heading">{ "The service's settings could not be read." }</p> },
            ),
        ),
        example(
            "with a link",
            props(
                "continue-title",
                "Important",
                html! {
                    <p class="govuk-notification-banner__heading">
                        { "Continue where you left off: " }
                        <a class="govuk-notification-banner__link" href="school.html#/d/1">{ "Year 9 referral, health" }</a>
                    </p>
                },
            ),
        ),
        example(
            "own title, heading and more",
            props(
                "update-ready-title",
                "New version",
                html! {
                    <>
                        <p class="govuk-notification-banner__heading">{ "A new version of this service is ready." }</p>
                        <p class="govuk-body">{ "Everything you have entered is saved on this device and will still be here." }</p>
                        <button type="button" class="govuk-button govuk-!-margin-bottom-0">{ "Use the new version" }</button>
                    </>
                },
            ),
        ),
        example(
            "body text only",
            props(
                "clock-problem-title",
                "Check the date on this device",
                html! { <p class="govuk-body">{ "This device's date is 1 January 2020, but the rules were made on 5 March 2026. Set the date, then reload this page." }</p> },
            ),
        ),
    ]
}
