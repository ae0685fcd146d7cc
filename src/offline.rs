//! Offline use: registers the service worker (`sw.js`, from `assets/sw.js`),
//! asks it to keep this page's journey on the device, and offers a new
//! version when the council has deployed one.
//!
//! The worker starts once the page is ready and the browser idle, so its
//! downloads never compete with the page's own (the settings the page waits
//! for), and it keeps only the journey opened: a parent's phone never
//! downloads the school's code.
//!
//! A new version never replaces the running one under the user: the worker
//! waits until the user chooses "Use the new version", which first lets any
//! save in progress finish, then reloads. Drafts are saved on every change,
//! so the reload loses nothing.

use std::cell::{Cell, RefCell};

use gloo::events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    MessageEvent, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};
use yew::prelude::*;

use crate::components::notification_banner::NotificationBanner;
use crate::route::Journey;
use crate::web::dom;

/// The worker's file, beside the pages (so its scope is the site's folder).
const WORKER_URL: &str = "sw.js";
/// What the page sends the waiting worker to make it take over.
const SKIP_WAITING: &str = "skip-waiting";
/// `{ keep: "school.html" }`: the page asks the worker to keep its journey;
/// the worker answers `{ kept: "school.html" }` once it has.
const KEEP: &str = "keep";
const KEPT: &str = "kept";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Whether a new version is waiting, and who to tell when one is.
    static UPDATE_READY: Cell<bool> = const { Cell::new(false) };
    static ON_UPDATE_READY: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Listeners kept for the page's life.
    static LISTENERS: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
}

/// The page's service worker container, when the browser has one (it needs
/// a secure page: https, or localhost).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let sw = Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    (!sw.is_undefined()).then(|| sw.unchecked_into())
}

fn keep(listener: EventListener) {
    LISTENERS.with(|l| l.borrow_mut().push(listener));
}

/// Tells whoever listens (the banner) that a new version is waiting.
fn update_ready() {
    UPDATE_READY.with(|r| r.set(true));
    if let Some(callback) = ON_UPDATE_READY.with(|c| c.borrow().clone()) {
        callback.emit(());
    }
}

/// Calls `callback` once a new version has been fetched and is waiting (at
/// once if one is already). The last caller is the one told.
pub fn on_update_ready(callback: Callback<()>) {
    if UPDATE_READY.with(Cell::get) {
        callback.emit(());
    }
    ON_UPDATE_READY.with(|c| *c.borrow_mut() = Some(callback));
}

/// Once the page is ready and the browser idle: registers the worker and asks
/// it to keep this journey for offline use. Once per page.
pub fn start_when_idle(journey: Journey) {
    if STARTED.with(|r| r.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let start = Closure::once_into_js(move || register(journey));
    // Safari has no requestIdleCallback: a timeout still lets the page finish
    // what it is doing first.
    if window.request_idle_callback(start.unchecked_ref()).is_err() {
        let _ = window.set_timeout_with_callback(start.unchecked_ref());
    }
}

/// Registers the worker and asks it to keep this journey. Without service
/// workers the app still works online; it just does not work offline.
fn register(journey: Journey) {
    let Some(container) = container() else {
        return;
    };
    spawn_local(async move {
        // Checked, not assumed: a test harness that blocks workers answers
        // with nothing.
        let Ok(Ok(registration)) = JsFuture::from(container.register(WORKER_URL))
            .await
            .map(JsCast::dyn_into::<ServiceWorkerRegistration>)
        else {
            return;
        };
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.clone()));
        // Only an update has a controller already: the first install is not
        // "a new version".
        let is_update = {
            let container = container.clone();
            move || container.controller().is_some()
        };
        if registration.waiting().is_some() && is_update() {
            update_ready();
        }
        let reg = registration.clone();
        keep(EventListener::new(
            &registration,
            "updatefound",
            move |_| {
                let Some(worker) = reg.installing() else {
                    return;
                };
                let watched = worker.clone();
                let is_update = is_update.clone();
                keep(EventListener::new(&worker, "statechange", move |_| {
                    if watched.state() == ServiceWorkerState::Installed && is_update() {
                        update_ready();
                    }
                }));
            },
        ));
        // Hash routes never navigate, so the browser would not look for a new
        // version while the page stays open: look when the user comes back.
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let doc = document.clone();
            keep(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if !doc.hidden() {
                        check_for_update();
                    }
                },
            ));
        }
        keep_journey(&container, journey).await;
    });
}

/// Asks the active worker to keep this journey on the device, and marks the
/// page (`data-offline-ready`) once it says it has.
async fn keep_journey(container: &ServiceWorkerContainer, journey: Journey) {
    let page = journey.page();
    keep(EventListener::new(container, "message", move |event| {
        let kept = event
            .dyn_ref::<MessageEvent>()
            .and_then(|event| Reflect::get(&event.data(), &JsValue::from_str(KEPT)).ok())
            .and_then(|kept| kept.as_string());
        if kept.as_deref() == Some(page) {
            dom::mark_offline_ready();
        }
    }));
    let Ok(ready) = container.ready() else {
        return;
    };
    let Ok(Ok(registration)) = JsFuture::from(ready)
        .await
        .map(JsCast::dyn_into::<ServiceWorkerRegistration>)
    else {
        return;
    };
    if let Some(worker) = registration.active() {
        let message = js_sys::Object::new();
        let _ = Reflect::set(&message, &JsValue::from_str(KEEP), &JsValue::from_str(page));
        let _ = worker.post_message(&message);
    }
}

/// Asks the browser to look for a new version now.
pub fn check_for_update() {
    REGISTRATION.with(|r| {
        if let Some(registration) = r.borrow().as_ref() {
            if let Ok(promise) = registration.update() {
                // Offline, or the host is down: the current version carries on.
                spawn_local(async move {
                    let _ = JsFuture::from(promise).await;
                });
            }
        }
    });
}

/// Switches to the waiting version: lets saves in progress finish, tells the
/// worker to take over, and reloads once it has.
pub fn switch_to_new_version() {
    spawn_local(async {
        crate::storage::saves_finished().await;
        let reload = || {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        };
        let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
        match (waiting, container()) {
            (Some(worker), Some(container)) => {
                keep(EventListener::once(
                    &container,
                    "controllerchange",
                    move |_| reload(),
                ));
                let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
            }
            // Another tab already switched: this page only needs reloading.
            _ => reload(),
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct UpdateBannerProps {
    /// The page the banner is on: what switching means differs.
    pub journey: Journey,
}

/// What switching to the new version means for the work on this page.
fn what_switching_keeps(journey: Journey) -> &'static str {
    match journey {
        Journey::School | Journey::SchoolDevice => "Everything you have entered is saved on this device and will still be here. You can carry on and switch later.",
        Journey::Parent => "Switching reloads this page. Nothing you do here is kept on this device, so you would need to open the request file again and make your choices again. You can finish first and switch later.",
        Journey::Council => "Switching reloads this page, so you would need to open the pack again. You can finish first and switch later.",
        Journey::Start => "Switching reloads this page.",
    }
}

/// "A new version of this service is ready", with the button that switches.
#[function_component(UpdateBanner)]
pub fn update_banner(props: &UpdateBannerProps) -> Html {
    let ready = use_state(|| false);
    let switching = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            on_update_ready(Callback::from(move |()| ready.set(true)));
        });
    }
    if !*ready {
        return html! {};
    }
    let onclick = {
        let switching = switching.clone();
        Callback::from(move |_: MouseEvent| {
            switching.set(true);
            switch_to_new_version();
        })
    };
    html! {
        <NotificationBanner title_id="update-ready-title" title="New version"
            heading={html! { "A new version of this service is ready." }}>
            <p class="govuk-body">{ what_switching_keeps(props.journey) }</p>
            <button type="button" class="govuk-button govuk-!-margin-bottom-0" disabled={*switching} onclick={onclick}>
                { if *switching { "Switching to the new version…" } else { "Use the new version" } }
            </button>
        </NotificationBanner>
    }
}
