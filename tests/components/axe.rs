//! Every example of every component, scanned with axe-core in the browser:
//! the same engine and rules as the end-to-end tests' scan of whole pages,
//! with GOV.UK Frontend's styles on, so that colour contrast and target sizes
//! are checked too. The examples stay on the page as they are scanned, so a
//! run in a browser of your own shows them all, one under another:
//! `NO_HEADLESS=1 cargo test --target wasm32-unknown-unknown -p esma-app
//! --test components every_example`, then open the address it prints.

use js_sys::{Function, Promise, Reflect};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

use crate::{every_example, mount, root, Show, ShowProps};

/// axe-core, as the end-to-end tests install it (`cargo xtask test` does).
const AXE: &str = include_str!("../e2e/node_modules/axe-core/axe.min.js");
/// GOV.UK Frontend's compiled styles, from the build tools (the app builds
/// its own from the same package's Sass).
const GOVUK_STYLES: &str =
    include_str!("../../tools/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css");

#[derive(Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<ViolationNode>,
}

#[derive(Deserialize)]
struct ViolationNode {
    html: String,
}

/// Loads axe-core and GOV.UK Frontend's styles into the page, once.
fn load_axe_and_styles() {
    let window = web_sys::window().unwrap();
    if Reflect::has(&window, &"axe".into()).unwrap() {
        return;
    }
    js_sys::eval(AXE).expect("axe-core loads");
    let document = gloo::utils::document();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(GOVUK_STYLES));
    document.head().unwrap().append_child(&style).unwrap();
    document
        .document_element()
        .unwrap()
        .set_class_name("govuk-template");
    document
        .body()
        .unwrap()
        .set_class_name("govuk-template__body");
}

/// What axe finds wrong with `element` and what is in it, one line each.
async fn violations(element: &Element) -> Vec<String> {
    let window = web_sys::window().unwrap();
    let axe = Reflect::get(&window, &"axe".into()).unwrap();
    let run: Function = Reflect::get(&axe, &"run".into()).unwrap().unchecked_into();
    let options = js_sys::JSON::parse(r#"{"resultTypes":["violations"]}"#).unwrap();
    let promise: Promise = run.call2(&axe, element, &options).unwrap().unchecked_into();
    let results = JsFuture::from(promise).await.expect("axe ran");
    let found: Vec<Violation> =
        serde_wasm_bindgen::from_value(Reflect::get(&results, &"violations".into()).unwrap())
            .unwrap();
    found
        .into_iter()
        .map(|v| {
            let nodes: Vec<_> = v.nodes.into_iter().map(|n| n.html).collect();
            format!(
                "{} ({}): {}\n      {}",
                v.id,
                v.impact.unwrap_or_default(),
                v.help,
                nodes.join("\n      ")
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn every_example_of_every_component_passes_axe() {
    load_axe_and_styles();
    let document = gloo::utils::document();
    // Within a page's frame, as on the app's pages.
    let page = root();
    page.set_class_name("govuk-width-container");
    let main = document.create_element("main").unwrap();
    main.set_class_name("govuk-main-wrapper");
    page.append_child(&main).unwrap();

    let examples = every_example();
    let mut problems = Vec::new();
    let mut kept = Vec::new();
    for drawn in examples {
        let caption = document.create_element("p").unwrap();
        caption.set_class_name("govuk-body-s govuk-!-margin-top-6");
        caption.set_text_content(Some(&format!("{}: {}", drawn.component, drawn.example)));
        main.append_child(&caption).unwrap();
        let (example, mounted) = mount::<Show>(ShowProps { html: drawn.html }).await;
        main.append_child(&example).unwrap();
        kept.push(mounted);
        let found = violations(&example).await;
        if !found.is_empty() {
            problems.push(format!(
                "{}, \"{}\":\n    {}",
                drawn.component,
                drawn.example,
                found.join("\n    ")
            ));
        }
    }
    assert!(kept.len() >= 8, "only {} examples were scanned", kept.len());
    assert!(
        problems.is_empty(),
        "axe found problems in {} examples:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Left on the page, so that a run in a visible browser shows them all.
    std::mem::forget(kept);
}

/// The scan can fail: an input with no label, which no example has, is
/// found.
#[wasm_bindgen_test]
async fn the_scan_finds_an_unlabelled_input() {
    load_axe_and_styles();
    let (example, _handle) = mount::<Show>(ShowProps {
        html: html! { <input type="file" id="scan-check" /> },
    })
    .await;
    let found = violations(&example).await;
    assert!(found.iter().any(|v| v.starts_with("label ")), "{found:?}");
}
