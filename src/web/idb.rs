//! A small future over IndexedDB's event-style API, so the store can `await`
//! requests and transactions without an extra crate (wasm size matters).
//!
//! [`Events`] listens for a few named events on one target, resolves with the
//! first that fires, and removes its listeners when dropped, so nothing leaks
//! and no closure outlives the request.
//!
//! Awaiting a request inside a transaction is safe: `wasm-bindgen-futures`
//! wakes tasks in a microtask, and browsers run microtasks while the
//! transaction is still active after a `success` event (the same property the
//! `idb` JavaScript library relies on). Never await anything else (a timer, a
//! `fetch`, WebCrypto) between two requests of one transaction: it would
//! commit in between.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomException, EventTarget, IdbOpenDbRequest, IdbRequest, IdbTransaction};

use super::js_detail;

/// Why an IndexedDB request or transaction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdbError {
    /// IndexedDB cannot be used: a private window, storage blocked by the
    /// browser's settings, or the database closed by another tab.
    Unavailable,
    /// The device or the browser's share of it is full.
    Full,
    /// Anything else. The text is detail for the console.
    Other(String),
}

impl std::fmt::Display for IdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdbError::Unavailable => f.write_str("IndexedDB is unavailable"),
            IdbError::Full => f.write_str("the device is full"),
            IdbError::Other(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for IdbError {}

type Listener = (&'static str, Closure<dyn FnMut(web_sys::Event)>);
/// Runs inside `upgradeneeded` to create or migrate the object stores.
pub(crate) type Upgrade<'a> = &'a dyn Fn(&IdbOpenDbRequest) -> Result<(), JsValue>;

#[derive(Default)]
struct State {
    fired: Option<&'static str>,
    waker: Option<Waker>,
}

/// Resolves with the name of the first of `names` to fire on `target`.
pub(crate) struct Events {
    target: EventTarget,
    state: Rc<RefCell<State>>,
    listeners: Vec<Listener>,
}

impl Events {
    pub(crate) fn new(target: &EventTarget, names: &[&'static str]) -> Events {
        let state = Rc::new(RefCell::new(State::default()));
        let listeners = names
            .iter()
            .map(|&name| {
                let state = state.clone();
                let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                    let mut s = state.borrow_mut();
                    if s.fired.is_none() {
                        s.fired = Some(name);
                    }
                    if let Some(w) = s.waker.take() {
                        w.wake();
                    }
                });
                // Adding a listener to a live target does not fail.
                let _ =
                    target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
                (name, closure)
            })
            .collect();
        Events {
            target: target.clone(),
            state,
            listeners,
        }
    }
}

impl Future for Events {
    type Output = &'static str;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        let mut s = self.state.borrow_mut();
        match s.fired {
            Some(name) => Poll::Ready(name),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        for (name, closure) in &self.listeners {
            let _ = self
                .target
                .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

/// Maps a DOMException from IndexedDB or the browser to an [`IdbError`].
pub(crate) fn from_dom(e: Option<DomException>) -> IdbError {
    match e {
        Some(e) => match e.name().as_str() {
            "QuotaExceededError" => IdbError::Full,
            // Firefox private windows (before 115), blocked storage, a
            // database closed by "Delete all data" in another tab.
            "InvalidStateError" | "SecurityError" | "UnknownError" | "NotAllowedError" => {
                IdbError::Unavailable
            }
            "VersionError" => {
                IdbError::Other("The saved data was made by a newer version of this service".into())
            }
            name => IdbError::Other(format!("{name}: {}", e.message())),
        },
        None => IdbError::Other("The browser stopped the operation".into()),
    }
}

/// Maps a thrown JavaScript value (usually a DOMException) to an [`IdbError`].
pub(crate) fn from_js(e: JsValue) -> IdbError {
    if let Some(d) = e.dyn_ref::<DomException>() {
        return from_dom(Some(d.clone()));
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        if err.name() == "QuotaExceededError" {
            return IdbError::Full;
        }
        return IdbError::Other(String::from(err.message()));
    }
    IdbError::Other(js_detail(&e))
}

/// Waits for a request and returns its result.
pub(crate) async fn request(req: IdbRequest) -> Result<JsValue, IdbError> {
    let fired = Events::new(&req, &["success", "error"]).await;
    if fired == "success" {
        req.result().map_err(from_js)
    } else {
        Err(from_dom(req.error().ok().flatten()))
    }
}

/// What opening or deleting a database came to.
pub(crate) enum Opened {
    /// It succeeded; the request's result.
    Done(JsValue),
    /// Another tab holds the database open and did not let go.
    Blocked,
}

/// Waits for an open or delete request, treating `blocked` as an outcome
/// rather than waiting for ever. `on_upgrade` runs inside `upgradeneeded`.
pub(crate) async fn open_request(
    req: IdbOpenDbRequest,
    on_upgrade: Option<Upgrade<'_>>,
) -> Result<Opened, IdbError> {
    loop {
        let fired = Events::new(&req, &["success", "error", "blocked", "upgradeneeded"]).await;
        match fired {
            "success" => return req.result().map(Opened::Done).map_err(from_js),
            "error" => return Err(from_dom(req.error().ok().flatten())),
            "blocked" => return Ok(Opened::Blocked),
            _ => {
                // Runs in the microtask after `upgradeneeded`, while the
                // version-change transaction is still active.
                if let Some(f) = on_upgrade {
                    if let Err(e) = f(&req) {
                        if let Some(t) = req.transaction() {
                            let _ = t.abort();
                        }
                        return Err(from_js(e));
                    }
                }
            }
        }
    }
}

/// Waits for a transaction to finish. Only `complete` means the data is saved.
pub(crate) struct Done(Events, IdbTransaction);

impl Done {
    /// Starts listening; call right after creating the transaction.
    pub(crate) fn new(tx: &IdbTransaction) -> Done {
        Done(Events::new(tx, &["complete", "abort"]), tx.clone())
    }

    pub(crate) async fn wait(self) -> Result<(), IdbError> {
        let Done(events, tx) = self;
        match events.await {
            "complete" => Ok(()),
            _ => Err(from_dom(tx.error())),
        }
    }
}
