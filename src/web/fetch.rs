//! Reading a static file beside the page (`settings.json`, the council's
//! trusted keys) with `fetch`: a plain GET on the page's own origin, so
//! nothing is sent anywhere.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a file beside the page could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchError {
    /// The request failed (offline, blocked), or the page has no window.
    Failed,
    /// The response came but its body could not be read as text.
    Unreadable,
}

/// The header the service worker (`assets/sw.js`) adds to a response it
/// answered from the copy saved on this device because the network failed.
const OFFLINE_COPY: &str = "x-esma-offline-copy";

/// A response, read only as far as the caller needs.
pub struct Fetched(web_sys::Response);

impl Fetched {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        self.0.ok()
    }

    /// A response header, if present.
    pub fn header(&self, name: &str) -> Option<String> {
        self.0.headers().get(name).ok().flatten()
    }

    /// Whether this is the copy saved on this device, given because the
    /// network failed: it may be out of date.
    pub fn is_offline_copy(&self) -> bool {
        self.header(OFFLINE_COPY).is_some()
    }

    /// When the web host served this response, by its `Date` header (for an
    /// offline copy, when the copy was fetched), if it says.
    pub fn served_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let date = self.header("date")?;
        esma_core::date::http_date(&date)
    }

    /// The body as text.
    pub async fn text(self) -> Result<String, FetchError> {
        let promise = self.0.text().map_err(|_| FetchError::Unreadable)?;
        JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or(FetchError::Unreadable)
    }
}

/// A fetch the page's own script started before the wasm loaded: the global
/// `name` holds a promise of `[response, text]` (or of `null` when that
/// fetch failed). `None` when there is no such promise, or it found nothing.
pub async fn started_early(name: &str) -> Option<(Fetched, String)> {
    let window = web_sys::window()?;
    let promise = js_sys::Reflect::get(&window, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let pair = JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    let response = pair.get(0).dyn_into::<web_sys::Response>().ok()?;
    Some((Fetched(response), pair.get(1).as_string()?))
}

/// GETs `path` (relative to the page).
pub async fn get(path: &str) -> Result<Fetched, FetchError> {
    let window = web_sys::window().ok_or(FetchError::Failed)?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| FetchError::Failed)?;
    response
        .dyn_into::<web_sys::Response>()
        .map(Fetched)
        .map_err(|_| FetchError::Failed)
}
