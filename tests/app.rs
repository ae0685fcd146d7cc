//! Browser tests of the app's components, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use esma_app::app::{App, AppProps, StartPages};
use esma_app::settings::AppSettings;
use esma_app::web::dom::READY_ATTRIBUTE;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits (in short steps, up to a second) until `condition` holds.
async fn wait_until(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if condition() {
            return true;
        }
        TimeoutFuture::new(10).await;
    }
    condition()
}

#[wasm_bindgen_test]
async fn the_app_mounts_the_start_page_and_says_it_is_ready() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App<StartPages>>::with_root_and_props(
        root.clone(),
        AppProps {
            settings: AppSettings::built_in(),
        },
    )
    .render();

    let html = document.document_element().unwrap();
    assert!(wait_until(|| html.get_attribute(READY_ATTRIBUTE).as_deref() == Some("true")).await);
    let heading = root.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(
        heading.text_content().unwrap(),
        "Refer a pupil to the ESMA Teaching Service"
    );
    assert!(document.title().contains("ESMA"));
    let performance = web_sys::window().unwrap().performance().unwrap();
    assert_eq!(performance.get_entries_by_name("app-ready").length(), 1);
}

thread_local! {
    /// Each context the probe below made, one per render.
    static CONTEXTS: std::cell::RefCell<Vec<esma_app::pages::school::DraftContext>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Renders three times: first, again with the same wizard state, then
/// after the wizard changes. Each render makes the draft's shared context.
#[function_component(DraftContextProbe)]
fn draft_context_probe() -> Html {
    use esma_app::draft::Draft;
    use esma_app::form::state::{Action, Wizard};
    use esma_app::pages::school::DraftContext;
    const NOW: &str = "2026-11-28T10:00:00Z";
    let wizard = use_reducer(|| {
        Wizard::new(
            Draft::new("d1".into(), "Probe", NOW),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            std::rc::Rc::new(esma_core::settings::Settings::default()),
        )
    });
    let again = use_state(|| false);
    // The same callbacks in every render, as a host that keeps them would.
    let callbacks = use_memo((), |_| (Callback::noop(), Callback::noop()));
    let context = DraftContext::new(
        wizard.clone(),
        None,
        callbacks.0.clone(),
        None,
        None,
        callbacks.1.clone(),
    );
    let renders = CONTEXTS.with(|c| {
        c.borrow_mut().push(context);
        c.borrow().len()
    });
    use_effect(move || match renders {
        1 => again.set(true),
        2 => wizard.dispatch(Action::Type {
            path: "pupil.upn".into(),
            text: "A123".into(),
            now: NOW.into(),
        }),
        _ => {}
    });
    html! {}
}

// Pages re-render when the draft's shared context changes: it must change
// with every new wizard state (reading the wizard's handle gives the newest
// state, whichever render it came from), and not otherwise.
#[wasm_bindgen_test]
async fn a_draft_context_changes_with_the_wizard_state_and_only_then() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<DraftContextProbe>::with_root(root).render();
    assert!(wait_until(|| CONTEXTS.with(|c| c.borrow().len() >= 3)).await);
    CONTEXTS.with(|c| {
        let c = c.borrow();
        assert!(c[0] == c[1], "the same state, the same context");
        assert!(c[1] != c[2], "a new state, a new context");
        assert_eq!(
            c[2].wizard.draft.referral.pupil.upn.as_deref(),
            Some("A123")
        );
    });
}
