//! The few direct touches of the page outside Yew's tree.

use wasm_bindgen::JsCast;

/// The attribute on `<html>` that tests and benchmarks wait for.
pub const READY_ATTRIBUTE: &str = "data-app-ready";
/// The performance mark that `cargo xtask bench` reads as `first_render_ms`.
pub const READY_MARK: &str = "app-ready";
/// The id of the page's `<main>` (the layout's), the skip link's target and
/// where focus goes after a page change.
pub const MAIN_ID: &str = "main-content";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The attribute on `<html>` that says the service worker has kept this
/// page's journey on the device: it works offline from then on.
pub const OFFLINE_READY_ATTRIBUTE: &str = "data-offline-ready";

/// Sets `name="true"` on `<html>`.
fn mark_html(name: &str) {
    if let Some(html) = document().and_then(|d| d.document_element()) {
        // Setting an attribute cannot fail on a live element.
        let _ = html.set_attribute(name, "true");
    }
}

/// Tells tests, benchmarks and assistive technology that the app has mounted
/// and takes input: sets `data-app-ready="true"` on `<html>` and records a
/// performance mark.
pub fn mark_app_ready() {
    mark_html(READY_ATTRIBUTE);
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(READY_MARK);
    }
}

/// Tells tests and benchmarks that this page now works offline.
pub fn mark_offline_ready() {
    mark_html(OFFLINE_READY_ATTRIBUTE);
}

/// Sets the browser tab's title for a page.
pub fn set_title(page_title: &str) {
    if let Some(document) = document() {
        document.set_title(&format!(
            "{page_title} – ESMA referrals – Hertfordshire County Council"
        ));
    }
}

/// Moves keyboard focus to the element with this id, if it exists. Used after a
/// page change so screen readers start at the new page, as GOV.UK advises.
pub fn focus(id: &str) {
    let element = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The id of the layout's live region, which [`announce`] speaks through.
pub const ANNOUNCER_ID: &str = "app-announcer";

/// Has screen readers say `text` (politely, after what they are reading),
/// through the layout's live region: for the outcome of an action that
/// changes the page without leaving it (a file stored, a key made).
pub fn announce(text: &str) {
    let Some(region) = document().and_then(|d| d.get_element_by_id(ANNOUNCER_ID)) else {
        return;
    };
    // The same words twice are a change only if the text differs: a
    // no-break space tells them apart.
    let same = region.text_content().as_deref() == Some(text);
    let said = if same {
        format!("{text}\u{a0}")
    } else {
        text.to_owned()
    };
    region.set_text_content(Some(&said));
}

/// The URL hash of the current page, such as `#/school`.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Moves focus to a field's input, or the nearest enclosing element that
/// exists (`f-attachments-0-size` → `f-attachments-0` → `f-attachments`), or
/// else the main content. As GOV.UK Frontend's error summary does, it first
/// scrolls the field's label or legend into view, so the question is on
/// screen above the input, not cut off above it.
pub fn focus_field(input_id: &str) {
    let Some(document) = document() else { return };
    let mut id = input_id;
    loop {
        if let Some(element) = document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            match label_or_legend(&document, &element) {
                Some(context) => {
                    context.scroll_into_view();
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = element.focus_with_options(&options);
                }
                None => {
                    let _ = element.focus();
                    element.scroll_into_view();
                }
            }
            return;
        }
        match id.rfind('-') {
            Some(cut) if cut > 1 => id = &id[..cut],
            _ => break,
        }
    }
    focus(MAIN_ID);
}

/// What names a field on screen, as GOV.UK Frontend picks it: the legend of
/// its fieldset for a radio or checkbox, or for another input when the
/// legend is less than half a screen above it; else its label.
fn label_or_legend(
    document: &web_sys::Document,
    input: &web_sys::HtmlElement,
) -> Option<web_sys::Element> {
    let legend = input
        .closest("fieldset")
        .ok()
        .flatten()
        .and_then(|fieldset| fieldset.get_elements_by_tag_name("legend").item(0));
    if let Some(legend) = legend {
        let choice = input
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|i| matches!(i.type_().as_str(), "radio" | "checkbox"));
        let screen = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let field = input.get_bounding_client_rect();
        let legend_top = legend.get_bounding_client_rect().top();
        let close = field.height() > 0.0 && field.bottom() - legend_top < screen / 2.0;
        if choice || close {
            return Some(legend);
        }
    }
    // Ids come from field paths (letters, digits, hyphens); anything else is
    // not looked up in a selector.
    let id = input.id();
    let label = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        .then(|| {
            document
                .query_selector(&format!("label[for='{id}']"))
                .ok()
                .flatten()
        })
        .flatten();
    label.or_else(|| input.closest("label").ok().flatten())
}

/// Text as the user typed it, normalised to NFC so the same words always
/// give the same bytes (and the same signature later).
pub fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Sends the browser to a route's `href` (`school.html#/d/42`): within the
/// same page only the hash changes, so nothing reloads.
pub fn navigate(href: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(href);
    }
}

/// Goes to `href` in place of the current address, so Back skips it.
pub fn replace_location(href: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(href);
    }
}

/// Runs `f` and, in the browser, records how long it took as a performance
/// measure named `name`. `cargo xtask bench` reads these measures from the
/// real code paths (validation on every keystroke, hashing a chosen file);
/// natively (unit tests) it only runs `f`.
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        let start = now_ms();
        let out = f();
        measure_since(name, start);
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        f()
    }
}

/// Records a measure from `start` (a `performance.now()` reading) to now.
pub fn measure_since(name: &str, start: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    // `performance.measure(name, { start, end })`: web-sys has no binding
    // for the options form, so call it through Reflect.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &performance.now().into());
    if let Ok(measure) = js_sys::Reflect::get(&performance, &"measure".into()) {
        let measure: js_sys::Function = measure.unchecked_into();
        let _ = measure.call2(&performance, &name.into(), &options);
    }
}

/// `performance.now()`, or 0 where there is no clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The browser would not copy: no clipboard access here, or it refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClipboardRefused;

/// Copies text with `navigator.clipboard.writeText`.
pub async fn write_clipboard(text: &str) -> Result<(), ClipboardRefused> {
    let write = async {
        let navigator: wasm_bindgen::JsValue = web_sys::window()?.navigator().into();
        let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
        let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let promise: js_sys::Promise = write
            .call1(&clipboard, &text.into())
            .ok()?
            .dyn_into()
            .ok()?;
        wasm_bindgen_futures::JsFuture::from(promise).await.ok()
    };
    write.await.map(|_| ()).ok_or(ClipboardRefused)
}
