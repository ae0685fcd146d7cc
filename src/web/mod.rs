//! Browser adapters: the app's only direct use of browser APIs beyond Yew.
//! Each has its own error type, saying what went wrong in that API; the
//! store and the pages turn them into what users read.
//!
//! - [`clock`]: the time now and today's date;
//! - [`crypto`]: WebCrypto hashing and random ids;
//! - [`es256`]: ES256 key pairs, signing and verifying in WebCrypto;
//! - [`fetch`]: reading a static file beside the page;
//! - [`files`]: reading chosen files, Blobs, saving and opening files;
//! - [`dom`]: the few direct touches of the page;
//! - [`idb`]: a small future over IndexedDB's events, for `storage`.

pub mod clock;
pub mod crypto;
pub mod dom;
pub mod es256;
pub mod fetch;
pub mod files;
pub(crate) mod idb;

use wasm_bindgen::{JsCast, JsValue};

/// What users read when the browser refused something and there is nothing
/// more useful to say. Each adapter's error keeps the detail for the console.
pub const SOMETHING_WENT_WRONG: &str = "Something went wrong saving on this device. Try again";

/// A thrown JavaScript value (usually a DOMException) in words, for the
/// console only: browsers may put file names in it.
pub(crate) fn js_detail(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return format!(
            "{}: {}",
            String::from(err.name()),
            String::from(err.message())
        );
    }
    "The browser reported an unexpected problem".to_owned()
}
