//! Passphrase protection for shared computers: the page that unlocks the
//! drafts, and the page that turns protection on, changes the passphrase,
//! locks, or turns it off. The cryptography is in `storage::sealed`.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_store;
use crate::components::back_link::back_link;
use crate::components::details::Details;
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::NotificationBanner;
use crate::components::warning_text::WarningText;
use crate::route::{Route, SchoolRoute};
use crate::storage::sealed::MIN_PASSPHRASE_CHARS;
use crate::storage::{StorageError, Store};

/// Protected drafts lock by themselves after this long with no key pressed,
/// no click and no touch: someone who walks away from a shared computer
/// leaves nothing open. A whole number: the page prints it, and printing an
/// `f64` would link float formatting (about 4 KB gzip) for this one text.
pub const LOCK_AFTER_IDLE_MINUTES: u32 = 15;
/// How often to look.
const IDLE_CHECK_MS: u32 = 30_000;

/// Locks the drafts (and reloads to the passphrase page) once they have been
/// unlocked and the page has gone unused for [`LOCK_AFTER_IDLE_MINUTES`].
#[hook]
pub fn use_idle_lock(store: Option<Store>) {
    use_effect_with(store, |store| {
        let last_use = std::rc::Rc::new(std::cell::Cell::new(js_sys::Date::now()));
        let mut keep = Vec::new();
        if let Some(window) = web_sys::window() {
            for event in ["keydown", "pointerdown", "input"] {
                let last_use = last_use.clone();
                let options = gloo::events::EventListenerOptions::run_in_capture_phase();
                keep.push(gloo::events::EventListener::new_with_options(
                    &window,
                    event,
                    options,
                    move |_| last_use.set(js_sys::Date::now()),
                ));
            }
        }
        let store = store.clone();
        let interval = gloo::timers::callback::Interval::new(IDLE_CHECK_MS, move || {
            let idle_minutes = (js_sys::Date::now() - last_use.get()) / 60_000.0;
            if let Some(store) = store.as_ref().filter(|s| s.is_unlocked()) {
                if idle_minutes >= f64::from(LOCK_AFTER_IDLE_MINUTES) {
                    lock_and_reload(store);
                }
            }
        });
        move || drop((keep, interval))
    });
}

/// One password input in GOV.UK markup, with its error.
#[derive(Properties, PartialEq)]
struct PassphraseInputProps {
    id: &'static str,
    label: &'static str,
    #[prop_or_default]
    hint: Option<&'static str>,
    /// `current-password` or `new-password`, so password managers help.
    autocomplete: &'static str,
    value: String,
    error: Option<String>,
    oninput: Callback<String>,
}

#[function_component(PassphraseInput)]
fn passphrase_input(props: &PassphraseInputProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described: Vec<&str> = [
        props.hint.map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let oninput = props.oninput.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    let group = if props.error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let input = if props.error.is_some() {
        "govuk-input govuk-password-input__input govuk-input--width-20 govuk-input--error"
    } else {
        "govuk-input govuk-password-input__input govuk-input--width-20"
    };
    html! {
        <div class={group}>
            <label class="govuk-label govuk-label--s" for={props.id}>{ props.label }</label>
            if let Some(hint) = props.hint {
                <div class="govuk-hint" id={hint_id.clone()}>{ hint }</div>
            }
            if let Some(error) = &props.error {
                <p class="govuk-error-message" id={error_id.clone()}>
                    <span class="govuk-visually-hidden">{ "Error: " }</span>{ error }
                </p>
            }
            <input class={input} id={props.id} name={props.id} type="password"
                spellcheck="false" autocapitalize="none" autocomplete={props.autocomplete}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
                value={props.value.clone()} oninput={oninput} />
        </div>
    }
}

/// A form's fields and the problems found when it was last sent.
#[derive(Clone, Default, PartialEq)]
struct Form {
    current: String,
    new: String,
    confirm: String,
    problems: Vec<(String, String)>,
    attempt: u32,
    busy: bool,
}

impl Form {
    fn error(&self, id: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|(field, _)| field == id)
            .map(|(_, m)| m.clone())
    }

    /// Checks a new passphrase and its confirmation; `(field, message)` pairs.
    fn check_new(&self, new_id: &str, confirm_id: &str) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.new.is_empty() {
            problems.push((new_id.into(), "Enter a passphrase".into()));
        } else if self.new.chars().count() < MIN_PASSPHRASE_CHARS {
            problems.push((
                new_id.into(),
                format!("The passphrase must be {MIN_PASSPHRASE_CHARS} characters or more"),
            ));
        } else if self.confirm != self.new {
            problems.push((confirm_id.into(), "The passphrases do not match".into()));
        }
        problems
    }
}

fn field(form: &UseStateHandle<Form>, set: fn(&mut Form, String)) -> Callback<String> {
    let form = form.clone();
    Callback::from(move |value: String| {
        let mut next = (*form).clone();
        set(&mut next, value);
        form.set(next);
    })
}

/// Shows `problems` (or runs `action` when there are none), then shows what
/// `action` returned: a wrong passphrase on `current_id`, anything else as a
/// problem with the form.
fn submit(
    form: &UseStateHandle<Form>,
    problems: Vec<(String, String)>,
    current_id: &'static str,
    action: impl std::future::Future<Output = Result<(), StorageError>> + 'static,
    done: impl FnOnce() + 'static,
) {
    let mut next = (**form).clone();
    next.attempt += 1;
    next.problems = problems;
    if !next.problems.is_empty() {
        form.set(next);
        return;
    }
    next.busy = true;
    form.set(next.clone());
    let form = form.clone();
    spawn_local(async move {
        match action.await {
            Ok(()) => {
                form.set(Form::default());
                done();
            }
            Err(e) => {
                let id = if e == StorageError::WrongPassphrase {
                    current_id
                } else {
                    "protect-problem"
                };
                next.busy = false;
                next.attempt += 1;
                next.problems = vec![(id.into(), e.message().to_owned())];
                form.set(next);
            }
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct UnlockPageProps {
    pub store: Store,
    /// Called once the drafts are unlocked.
    pub unlocked: Callback<()>,
}

/// "Enter your passphrase": the drafts on this device are protected.
#[function_component(UnlockPage)]
pub fn unlock_page(props: &UnlockPageProps) -> Html {
    let form = use_state(Form::default);
    let onsubmit = {
        let (form, store, unlocked) = (form.clone(), props.store.clone(), props.unlocked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = if form.current.is_empty() {
                vec![("passphrase".into(), "Enter the passphrase".into())]
            } else {
                Vec::new()
            };
            let (store, passphrase, unlocked) =
                (store.clone(), form.current.clone(), unlocked.clone());
            submit(
                &form,
                problems,
                "passphrase",
                async move { store.unlock(&passphrase).await },
                move || unlocked.emit(()),
            );
        })
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary problems={form.problems.clone()} attempt={form.attempt} />
                <h1 class="govuk-heading-l">{ "Enter your passphrase" }</h1>
                <p class="govuk-body">{ "The drafts on this device are protected with a passphrase, so that other people using this computer cannot read them." }</p>
                <form novalidate=true onsubmit={onsubmit}>
                    <PassphraseInput id="passphrase" label="Passphrase" autocomplete="current-password"
                        value={form.current.clone()} error={form.error("passphrase")}
                        oninput={field(&form, |f, v| f.current = v)} />
                    <button type="submit" class="govuk-button" disabled={form.busy}>
                        { if form.busy { "Unlocking…" } else { "Unlock my drafts" } }
                    </button>
                </form>
                <Details summary="I have forgotten the passphrase">
                    <p class="govuk-body">{ "Without the passphrase the drafts cannot be opened. Nobody can recover it, not even the council: that is what keeps the drafts private." }</p>
                    { start_again() }
                </Details>
            </div>
        </div>
    }
}

/// The way out when protected drafts cannot be opened.
fn start_again() -> Html {
    html! {
        <p class="govuk-body">
            { "You can " }
            <a class="govuk-link" href={Route::School(SchoolRoute::DeleteAll).href()}>{ "delete all data on this device" }</a>
            { " and start again. Drafts someone exported to a file can be imported again." }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProtectionMissingPageProps {
    pub store: Store,
    /// Called once the drafts are protected again.
    pub protected: Callback<()>,
}

/// Drafts on this device are sealed, but what opens them has gone: say so,
/// save nothing plain, and offer a new passphrase or a fresh start.
#[function_component(ProtectionMissingPage)]
pub fn protection_missing_page(props: &ProtectionMissingPageProps) -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Your protected drafts cannot be opened" }</h1>
                <p class="govuk-body">{ "The drafts on this device were protected with a passphrase, but what is needed to open them is missing from this browser. This can happen when some of the browser's data for this site is cleared." }</p>
                <p class="govuk-body">{ "Nothing will be saved without protection while those drafts are on this device." }</p>
                <h2 class="govuk-heading-m">{ "Protect your drafts with a new passphrase" }</h2>
                <p class="govuk-body">{ "Then you can carry on. The drafts protected before cannot be opened with the new passphrase: they are kept aside on this device, unchanged." }</p>
                <TurnOn store={props.store.clone()} on_done={props.protected.clone()} intro={false} />
                <h2 class="govuk-heading-m">{ "Or start again" }</h2>
                { start_again() }
            </div>
        </div>
    }
}

/// Turning protection on, changing the passphrase, locking, turning it off.
#[function_component(ProtectPage)]
pub fn protect_page() -> Html {
    let store_context = use_store();
    let store = store_context.state.store();
    let protected = use_state(|| None::<bool>);
    let done = use_state(|| None::<&'static str>);
    {
        let (protected, store) = (protected.clone(), store.clone());
        use_effect_with(store.clone(), move |_| {
            if let Some(store) = store {
                spawn_local(async move {
                    protected.set(store.protection().await.ok().map(|p| p.is_some()));
                });
            }
        });
    }
    let back = Route::School(SchoolRoute::Drafts).href();
    let body = match (store, *protected) {
        (Some(store), Some(false)) => {
            html! { <TurnOn store={store} on_done={on_done(&protected, &done, true, "Your drafts are now protected with the passphrase")} /> }
        }
        (Some(store), Some(true)) => html! {
            <>
                <p class="govuk-body">{ "The drafts and files on this device are protected with a passphrase. Anyone who opens this service on this computer needs it to see them." }</p>
                <h2 class="govuk-heading-m">{ "Lock your drafts" }</h2>
                <p class="govuk-body">{ format!("Lock them when you leave the computer. Closing the browser tab locks them too, and they lock by themselves after {LOCK_AFTER_IDLE_MINUTES} minutes without use. Everything you entered is saved first.") }</p>
                <button type="button" class="govuk-button govuk-button--secondary" onclick={lock(&store)}>{ "Lock now" }</button>
                <ChangePassphrase store={store.clone()} on_done={on_done(&protected, &done, true, "The passphrase has been changed")} />
                <TurnOff store={store} on_done={on_done(&protected, &done, false, "Protection is off. Drafts on this device are no longer protected with a passphrase")} />
            </>
        },
        _ => html! { <p class="govuk-body" role="status">{ "Opening your saved drafts…" }</p> },
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(back.clone()) }
                if let Some(message) = *done {
                    <NotificationBanner title_id="protect-done-title" success=true heading={html! { message }} />
                }
                <h1 class="govuk-heading-l">{ Route::School(SchoolRoute::Protect).title() }</h1>
                { body }
                <p class="govuk-body"><a class="govuk-link" href={back}>{ "Go to your drafts" }</a></p>
            </div>
        </div>
    }
}

fn on_done(
    protected: &UseStateHandle<Option<bool>>,
    done: &UseStateHandle<Option<&'static str>>,
    now_protected: bool,
    message: &'static str,
) -> Callback<()> {
    let (protected, done) = (protected.clone(), done.clone());
    Callback::from(move |()| {
        protected.set(Some(now_protected));
        done.set(Some(message));
        crate::web::dom::focus(crate::web::dom::MAIN_ID);
    })
}

/// "Lock now".
fn lock(store: &Store) -> Callback<MouseEvent> {
    let store = store.clone();
    Callback::from(move |_| lock_and_reload(&store))
}

/// Lets saves in progress finish, forgets the key, and reloads, so no page
/// keeps a draft in memory.
fn lock_and_reload(store: &Store) {
    let store = store.clone();
    spawn_local(async move {
        crate::storage::saves_finished().await;
        store.lock();
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
}

#[derive(Properties, PartialEq)]
struct FormProps {
    store: Store,
    on_done: Callback<()>,
    /// Whether to say first what protection is for.
    #[prop_or(true)]
    intro: bool,
}

const NEW_HINT: &str = "At least 12 characters. Three random words work well, for example \"kettle orange bicycle\". Do not use a password you use anywhere else.";

#[function_component(TurnOn)]
fn turn_on(props: &FormProps) -> Html {
    let form = use_state(Form::default);
    let onsubmit = {
        let (form, store, on_done) = (form.clone(), props.store.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = form.check_new("new-passphrase", "confirm-passphrase");
            let (store, passphrase, on_done) = (store.clone(), form.new.clone(), on_done.clone());
            submit(
                &form,
                problems,
                "new-passphrase",
                async move { store.protect(&passphrase).await },
                move || on_done.emit(()),
            );
        })
    };
    html! {
        <>
            <ErrorSummary problems={form.problems.clone()} attempt={form.attempt} />
            if props.intro {
                <p class="govuk-body">{ "If other people use this computer, protect your drafts with a passphrase. Every draft and file this service keeps on this device is then encrypted, and nobody can read them without the passphrase." }</p>
            }
            <WarningText>
                { "If you forget the passphrase, nobody can recover your drafts. Keep it somewhere safe, or share it only with colleagues who work on the same referrals." }
            </WarningText>
            <form novalidate=true onsubmit={onsubmit}>
                <PassphraseInput id="new-passphrase" label="Create a passphrase" hint={NEW_HINT} autocomplete="new-password"
                    value={form.new.clone()} error={form.error("new-passphrase")}
                    oninput={field(&form, |f, v| f.new = v)} />
                <PassphraseInput id="confirm-passphrase" label="Enter the passphrase again" autocomplete="new-password"
                    value={form.confirm.clone()} error={form.error("confirm-passphrase")}
                    oninput={field(&form, |f, v| f.confirm = v)} />
                if let Some(problem) = form.error("protect-problem") {
                    <p class="govuk-error-message" id="protect-problem">{ problem }</p>
                }
                <button type="submit" class="govuk-button" disabled={form.busy}>
                    { if form.busy { "Protecting your drafts…" } else { "Protect my drafts" } }
                </button>
            </form>
        </>
    }
}

#[function_component(ChangePassphrase)]
fn change_passphrase(props: &FormProps) -> Html {
    let form = use_state(Form::default);
    let onsubmit = {
        let (form, store, on_done) = (form.clone(), props.store.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut problems = Vec::new();
            if form.current.is_empty() {
                problems.push((
                    "current-passphrase".into(),
                    "Enter your current passphrase".into(),
                ));
            }
            problems.extend(form.check_new("changed-passphrase", "confirm-changed-passphrase"));
            let (store, current, new, on_done) = (
                store.clone(),
                form.current.clone(),
                form.new.clone(),
                on_done.clone(),
            );
            submit(
                &form,
                problems,
                "current-passphrase",
                async move { store.change_passphrase(&current, &new).await },
                move || on_done.emit(()),
            );
        })
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Change the passphrase" }</h2>
            <ErrorSummary id="change-error-summary" problems={form.problems.clone()} attempt={form.attempt} />
            <form novalidate=true onsubmit={onsubmit}>
                <PassphraseInput id="current-passphrase" label="Current passphrase" autocomplete="current-password"
                    value={form.current.clone()} error={form.error("current-passphrase")}
                    oninput={field(&form, |f, v| f.current = v)} />
                <PassphraseInput id="changed-passphrase" label="New passphrase" hint={NEW_HINT} autocomplete="new-password"
                    value={form.new.clone()} error={form.error("changed-passphrase")}
                    oninput={field(&form, |f, v| f.new = v)} />
                <PassphraseInput id="confirm-changed-passphrase" label="Enter the new passphrase again" autocomplete="new-password"
                    value={form.confirm.clone()} error={form.error("confirm-changed-passphrase")}
                    oninput={field(&form, |f, v| f.confirm = v)} />
                if let Some(problem) = form.error("protect-problem") {
                    <p class="govuk-error-message" id="protect-problem">{ problem }</p>
                }
                <button type="submit" class="govuk-button govuk-button--secondary" disabled={form.busy}>{ "Change the passphrase" }</button>
            </form>
        </>
    }
}

#[function_component(TurnOff)]
fn turn_off(props: &FormProps) -> Html {
    let form = use_state(Form::default);
    let onsubmit = {
        let (form, store, on_done) = (form.clone(), props.store.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = if form.current.is_empty() {
                vec![("off-passphrase".into(), "Enter your passphrase".into())]
            } else {
                Vec::new()
            };
            let (store, current, on_done) = (store.clone(), form.current.clone(), on_done.clone());
            submit(
                &form,
                problems,
                "off-passphrase",
                async move { store.unprotect(&current).await },
                move || on_done.emit(()),
            );
        })
    };
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Turn off protection" }</h2>
            <p class="govuk-body">{ "Only do this if nobody else uses this computer. Your drafts stay on this device, no longer encrypted." }</p>
            <ErrorSummary id="off-error-summary" problems={form.problems.clone()} attempt={form.attempt} />
            <form novalidate=true onsubmit={onsubmit}>
                <PassphraseInput id="off-passphrase" label="Your passphrase" autocomplete="current-password"
                    value={form.current.clone()} error={form.error("off-passphrase")}
                    oninput={field(&form, |f, v| f.current = v)} />
                if let Some(problem) = form.error("protect-problem") {
                    <p class="govuk-error-message" id="protect-problem">{ problem }</p>
                }
                <button type="submit" class="govuk-button govuk-button--warning" disabled={form.busy}>{ "Turn off protection" }</button>
            </form>
        </>
    }
}
