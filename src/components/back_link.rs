//! The GOV.UK back link, at the top of a page, to the page before it in the
//! journey. The app routes by the address's `#` part, so `href` is a route's.

use yew::prelude::*;

use super::{example, Example};

/// What a back link says and where it goes: the examples' type.
#[derive(PartialEq, Clone, Debug)]
pub struct BackLinkProps {
    /// Where it goes: a route's `href`.
    pub href: AttrValue,
    /// Its words: "Back", or the place when that helps ("Your drafts").
    pub text: AttrValue,
}

/// A back link that says "Back". Never printed: the print styles hide every
/// back link. A plain function (see [`super`]).
pub fn back_link(href: impl Into<AttrValue>) -> Html {
    back_link_saying(href, "Back")
}

/// A back link with words of its own ("Your drafts").
pub fn back_link_saying(href: impl Into<AttrValue>, text: impl Into<AttrValue>) -> Html {
    let (href, text): (AttrValue, AttrValue) = (href.into(), text.into());
    html! {
        <a {href} class="govuk-back-link">{ text }</a>
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
