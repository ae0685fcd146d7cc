//! The GOV.UK notification banner: news about the service or this device
//! that is not about the page's own content (a new version, a wrong clock),
//! or, as a success banner, the outcome of what the person just did.

use yew::prelude::*;

use super::{example, use_focus, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct NotificationBannerProps {
    /// The id of its title, which names the banner for screen readers; unique
    /// on the page.
    pub title_id: AttrValue,
    /// "Important" unless given ("Success" for a success banner).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// A success banner: green, announced and focused when it appears.
    #[prop_or_default]
    pub success: bool,
    /// One line in the banner's heading style, before the rest.
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
    /// Classes added to GOV.UK's (`app-no-print`).
    #[prop_or_default]
    pub classes: Classes,
}

#[function_component(NotificationBanner)]
pub fn notification_banner(props: &NotificationBannerProps) -> Html {
    // As GOV.UK Frontend's script does for success banners.
    let banner = use_focus(props.success.into());
    let default_title = if props.success {
        "Success"
    } else {
        "Important"
    };
    let title = props
        .title
        .clone()
        .unwrap_or(AttrValue::Static(default_title));
    html! {
        <div class={classes!(
                "govuk-notification-banner",
                props.success.then_some("govuk-notification-banner--success"),
                props.classes.clone(),
            )}
            role={if props.success { "alert" } else { "region" }}
            aria-labelledby={&props.title_id}
            tabindex={props.success.then_some("-1")}
            ref={banner}>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id={&props.title_id}>{ title }</h2>
            </div>
            <div class="govuk-notification-banner__content">
                if let Some(heading) = &props.heading {
                    <p class="govuk-notification-banner__heading">{ heading }</p>
                }
                { props.children.clone() }
            </div>
        </div>
    }
}

pub fn examples() -> Vec<Example<NotificationBannerProps>> {
    let props = |title_id: &'static str| NotificationBannerProps {
        title_id: title_id.into(),
        title: None,
        success: false,
        heading: None,
        children: Html::default(),
        classes: Classes::new(),
    };
    vec![
        example(
            "heading only",
            NotificationBannerProps {
                heading: Some("The service's settings could not be read.".into()),
                ..props("banner-heading-only-title")
            },
        ),
        example(
            "own title, heading and more",
            NotificationBannerProps {
                title: Some("New version".into()),
                heading: Some("A new version of this service is ready.".into()),
                children: html! {
                    <>
                        <p class="govuk-body">{ "Everything you have entered is saved on this device and will still be here." }</p>
                        <button type="button" class="govuk-button govuk-!-margin-bottom-0">{ "Use the new version" }</button>
                    </>
                },
                classes: classes!("app-no-print"),
                ..props("update-ready-title")
            },
        ),
        example(
            "body text only",
            NotificationBannerProps {
                title: Some("Check the date on this device".into()),
                children: html! { <p class="govuk-body">{ "This device's date is 1 January 2020, but the rules were made on 5 March 2026. Set the date, then reload this page." }</p> },
                ..props("clock-problem-title")
            },
        ),
        example(
            "success",
            NotificationBannerProps {
                success: true,
                heading: Some("The parent's consent is recorded.".into()),
                ..props("banner-success-title")
            },
        ),
    ]
}
