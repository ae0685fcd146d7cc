//! Browser tests of the components, in headless Chromium: the GOV.UK markup
//! and the accessibility ties that screen reader users rely on.
//!
//! As in GOV.UK Frontend, each component's examples (`examples()`, beside its
//! markup) drive the tests: `markup.rs` renders every example and checks its
//! markup and behaviour against its props, and `axe.rs` scans every example
//! with axe-core. `error_summary_focus.rs` checks what the error summary does with
//! focus, and `question.rs` the wizard's question fields.
#![cfg(target_arch = "wasm32")]

mod axe;
mod error_summary_focus;
mod markup;
mod question;

use esma_app::components::{
    back_link, details, error_summary, file_upload, notification_banner, panel, summary_list,
    warning_text, Example,
};
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::wasm_bindgen_test_configure;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A new element at the end of the page's body, to render into.
pub fn root() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Waits (in short steps, up to a second) until `condition` holds.
pub async fn wait_until(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if condition() {
            return true;
        }
        TimeoutFuture::new(10).await;
    }
    condition()
}

/// Waits (in short steps, up to a second) until the selector matches.
pub async fn find(root: &Element, selector: &str) -> Element {
    let mut found = None;
    wait_until(|| {
        found = root.query_selector(selector).unwrap();
        found.is_some()
    })
    .await;
    found.unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Renders a component into a new root and waits until it has drawn. The
/// component stays on the page until the second value is dropped.
pub async fn mount<C>(props: C::Properties) -> (Element, Mounted<C>)
where
    C: BaseComponent,
{
    let root = root();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    assert!(
        wait_until(|| root.first_element_child().is_some()).await,
        "nothing was drawn"
    );
    let mounted = Mounted {
        root: root.clone(),
        handle: Some(handle),
    };
    (root, mounted)
}

/// A component on the page; dropped, it leaves the page, so that one test's
/// ids do not meet another's.
pub struct Mounted<C: BaseComponent> {
    root: Element,
    handle: Option<yew::AppHandle<C>>,
}

impl<C: BaseComponent> Mounted<C> {
    /// Draws the component again with new props.
    pub fn update(&mut self, props: C::Properties) {
        if let Some(handle) = self.handle.as_mut() {
            handle.update(props);
        }
    }
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

#[derive(Properties, PartialEq)]
pub struct ShowProps {
    pub html: Html,
}

/// Shows the markup it is given: an example, or a component in a setting.
#[function_component(Show)]
pub fn show(props: &ShowProps) -> Html {
    props.html.clone()
}

/// One example, drawn: which component, which example, and its markup.
pub struct Drawn {
    pub component: &'static str,
    pub example: &'static str,
    pub html: Html,
}

/// Every example of every GOV.UK component.
pub fn every_example() -> Vec<Drawn> {
    fn drawn<C>(component: &'static str, examples: Vec<Example<C::Properties>>) -> Vec<Drawn>
    where
        C: BaseComponent,
    {
        examples
            .into_iter()
            .map(|e| Drawn {
                component,
                example: e.name,
                html: html! { <C ..e.props /> },
            })
            .collect()
    }
    [
        back_link::examples()
            .into_iter()
            .map(|e| Drawn {
                component: "back link",
                example: e.name,
                html: back_link::back_link_saying(e.props.href, e.props.text),
            })
            .collect(),
        drawn::<details::Details>("details", details::examples()),
        drawn::<error_summary::ErrorSummary>("error summary", error_summary::examples()),
        drawn::<file_upload::FileUpload>("file upload", file_upload::examples()),
        drawn::<notification_banner::NotificationBanner>(
            "notification banner",
            notification_banner::examples(),
        ),
        drawn::<panel::Panel>("panel", panel::examples()),
        drawn::<summary_list::SummaryList>("summary list", summary_list::examples()),
        drawn::<warning_text::WarningText>("warning text", warning_text::examples()),
    ]
    .into_iter()
    .flatten()
    .collect()
}
