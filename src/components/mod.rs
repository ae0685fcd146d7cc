//! Reusable parts of pages, one file per component.
//!
//! The GOV.UK ones follow GOV.UK Frontend's markup (its templates in
//! `tools/node_modules/govuk-frontend/dist/govuk/components/`), so its styles
//! apply unchanged. As in GOV.UK Frontend's `components/*/` folders, each
//! lists its examples beside its markup (`examples()`): named props values that
//! the browser tests render, check and scan with axe (`tests/components/`).
//! No page calls `examples()`, so the linker leaves them out of the shipped
//! wasm.
//!
//! The back link and the page frame are plain functions, not components:
//! they keep no state, and each component costs every page using it about
//! 0.5 KB gzip of Yew's machinery (issue 15).

pub mod back_link;
pub mod details;
pub mod error_summary;
pub mod file_upload;
pub mod issues;
pub mod layout;
pub mod notification_banner;
pub mod panel;
pub mod question;
pub mod summary_list;
pub mod warning_text;

use yew::prelude::*;

/// A ref for an element that takes focus when it is drawn, and again each
/// time `turn` changes, while `turn` is above 0 (0: never). Screen readers
/// then read what appeared (a problem, an outcome).
#[hook]
pub fn use_focus(turn: u32) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(turn, move |turn| {
            if let Some(element) = (*turn > 0)
                .then(|| node.cast::<web_sys::HtmlElement>())
                .flatten()
            {
                let _ = element.focus();
            }
        });
    }
    node
}

/// One named set of a component's props, like a GOV.UK Frontend fixture.
pub struct Example<P> {
    pub name: &'static str,
    pub props: P,
}

/// An example named `name` with these props.
pub fn example<P>(name: &'static str, props: P) -> Example<P> {
    Example { name, props }
}
