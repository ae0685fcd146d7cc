//! The GOV.UK notification banner, for news about the service or this device
//! that is not about the page's own content (a new version, a wrong clock,
//! where you left off), and, in green, for the outcome of what the person
//! just did (GOV.UK's success banner). News is never printed: it is not part
//! of what a page shows.
//!
//! Every option here is code on the start page, which loads first: add one
//! only when a page needs it.

use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct NotificationBannerProps {
    /// The id of its title, which names the banner for screen readers; unique
    /// on the page.
    pub title_id: AttrValue,
    /// "Important", or "Success" for a success banner.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The one line that says it, in bold: text, or text with a [`link`].
    #[prop_or_default]
    pub heading: Html,
    /// More under the heading: paragraphs, a button.
    #[prop_or_default]
    pub children: Html,
    /// The outcome of what the person just did: green, announced at once.
    #[prop_or_default]
    pub success: bool,
}

#[function_component(NotificationBanner)]
pub fn notification_banner(props: &NotificationBannerProps) -> Html {
    let title_id = &props.title_id;
    let title = props
        .title
        .clone()
        .unwrap_or(AttrValue::Static(if props.success {
            "Success"
        } else {
            "Important"
        }));
    let inner = html! {
        <>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id={title_id}>{ title }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                if props.heading != Html::default() {
                    <p class="govuk-notification-banner__heading">{ props.heading.clone() }</p>
                }
                { props.children.clone() }
            </div>
        </>
    };
    // Each class written out whole: a class worked out at run time goes
    // through `Classes`, code the start page has no other use for.
    if props.success {
        html! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby={title_id}>
                { inner }
            </div>
        }
    } else {
        html! {
            <div class="govuk-notification-banner app-no-print" role="region" aria-labelledby={title_id}>
                { inner }
            </div>
        }
    }
}

/// A link in a banner's heading, in the banner's colours.
pub fn link(href: impl Into<AttrValue>, text: impl Into<AttrValue>) -> Html {
    html! { <a class="govuk-notification-banner__link" href={href.into()}>{ text.into() }</a> }
}

pub fn examples() -> Vec<Example<NotificationBannerProps>> {
    let props = |title_id: &'static str, heading: Html| NotificationBannerProps {
        title_id: title_id.into(),
        title: None,
        heading,
        children: Html::default(),
        success: false,
    };
    vec![
        example(
            "one line",
            props(
                "banner-one-line-title",
                html! { "The service's settings could not be read." },
            ),
        ),
        example(
            "with a link",
            props(
                "continue-title",
                html! {
                    <>
                        { "Continue where you left off: " }
                        { link("school.html#/d/1", "Year 9 referral, health") }
                    </>
                },
            ),
        ),
        example(
            "own title, heading and more",
            NotificationBannerProps {
                title: Some("New version".into()),
                children: html! {
                    <>
                        <p class="govuk-body">{ "Everything you have entered is saved on this device and will still be here." }</p>
                        <button type="button" class="govuk-button govuk-!-margin-bottom-0">{ "Use the new version" }</button>
                    </>
                },
                ..props(
                    "update-ready-title",
                    html! { "A new version of this service is ready." },
                )
            },
        ),
        example(
            "body text only",
            NotificationBannerProps {
                title: Some("Check the date on this device".into()),
                children: html! { <p class="govuk-body">{ "This device's date is 1 January 2020, but the rules were made on 5 March 2026. Set the date, then reload this page." }</p> },
                ..props("clock-problem-title", Html::default())
            },
        ),
        example(
            "success",
            NotificationBannerProps {
                success: true,
                ..props(
                    "protect-done-title",
                    html! { "Your drafts are now protected with the passphrase" },
                )
            },
        ),
    ]
}
