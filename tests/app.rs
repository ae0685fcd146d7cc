//! Browser tests of the app's components, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use esma_app::app::{App, AppProps, StartPages};
use esma_app::settings::AppSettings;
use esma_app::web::dom::READY_ATTRIBUTE;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

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
