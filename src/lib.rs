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

/// Mounts one journey's app on the page's `<body>`.
pub fn run<P: app::Pages>() {
    yew::Renderer::<app::App<P>>::new().render();
}
