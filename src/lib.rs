//! The ESMA referral checker's browser app: Yew components over `esma-core`.
//!
//! `main.rs` only starts it; everything else lives here so that the
//! wasm-bindgen browser tests in `tests/` can mount the same components.

pub mod app;
pub mod components;
pub mod display;
pub mod draft;
pub mod form;
pub mod offline;
pub mod pages;
pub mod route;
pub mod settings;
pub mod signing;
pub mod storage;
pub mod web;

/// The allocator: Talc instead of the standard library's dlmalloc, smaller
/// in every page's wasm and faster.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mounts one journey's app on the page's `<body>`, once its settings are read.
///
/// Reading them first, not after a first render, makes the page ready
/// sooner: the file (preloaded by the page) arrives while the wasm starts,
/// and the browser does not lay out an empty page meanwhile.
pub fn run<P: app::Pages>() {
    let mount = |settings| {
        yew::Renderer::<app::App<P>>::with_props(app::AppProps { settings }).render();
    };
    if P::NEEDS_SETTINGS {
        wasm_bindgen_futures::spawn_local(
            async move { mount(settings::AppSettings::load().await) },
        );
    } else {
        mount(settings::AppSettings::built_in());
    }
}
