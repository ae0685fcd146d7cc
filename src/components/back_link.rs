//! The GOV.UK back link, at the top of a page, to the page before it in the
//! journey. The app routes by the address's `#` part, so `href` is a route's.

use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct BackLinkProps {
    /// Where it goes: a route's `href`.
    pub href: AttrValue,
    /// Its words: "Back", or the place when that helps ("Your drafts").
    #[prop_or(AttrValue::Static("Back"))]
    pub text: AttrValue,
}

/// Never printed: the print styles hide every back link.
#[function_component(BackLink)]
pub fn back_link(props: &BackLinkProps) -> Html {
    html! {
        <a href={&props.href} class="govuk-back-link">{ &props.text }</a>
    }
}

pub fn examples() -> Vec<Example<BackLinkProps>> {
    let props = |href: &'static str, text: &'static str| BackLinkProps {
        href: href.into(),
        text: text.into(),
    };
    vec![
        example("default", props("index.html#/", "Back")),
        example("naming the place", props("school.html#/", "Your drafts")),
    ]
}
