//! The council's team checks a signed referral pack (`council.html`).
//!
//! Staff choose a pack and, unless the council's list of trusted keys is
//! found beside the site, a trusted-keys file (a JWK Set). The page says
//! plainly whether the pack is valid and trusted, valid from an unknown
//! key, or invalid and why; checks every attachment; re-runs today's rules;
//! shows the referral and checklist; and drafts the reply to the school.
//! The checking is esma-core's (the same as `esma-referral verify`); only the
//! signature and hash primitives are the browser's. Nothing is sent anywhere.

mod verify;
mod view;

use std::rc::Rc;

use esma_core::pack::jwk::JwkSet;
use esma_core::pack::verify::Verdict;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::route::Route;
use crate::settings::use_app_settings;
use crate::web::{clock, dom, files};
use verify::{check_pack, fetch_site_keys, Outcome, SiteKeys, MAX_KEYS_BYTES};

/// Where the trusted keys in use came from.
#[derive(Clone, PartialEq)]
enum KeysStatus {
    /// Looking for the council's file beside the site.
    Looking,
    Site {
        path: String,
        count: usize,
    },
    SiteMissing {
        path: String,
    },
    SiteProblem {
        path: String,
        why: String,
    },
    /// The settings name no file beside the site.
    NoSitePath,
    File {
        name: String,
        count: usize,
    },
    FileProblem {
        name: String,
        why: String,
    },
}

/// What the page needs to (re-)check a pack, read by async tasks at the
/// moment they run rather than as captured by an older render.
#[derive(Default)]
struct Latest {
    pack: Option<Rc<Vec<u8>>>,
    keys: Rc<JwkSet>,
    keys_from_file: bool,
    /// Bumped for each check started; only the newest one's result shows.
    run: u32,
}

fn keys_hint(status: &KeysStatus) -> Html {
    match status {
        KeysStatus::Looking => {
            html! { { "Looking for the council's list of trusted keys on this site…" } }
        }
        KeysStatus::Site { path, count } => html! {
            { format!("Using the council's list of trusted keys from this site ({path}): {count} {}. You can choose a different file.", keys_word(*count)) }
        },
        KeysStatus::SiteMissing { path } => html! {
            { format!("The council's list of trusted keys ({path}) was not found on this site. Choose the file, or check the pack without it: its signer will show as unknown.") }
        },
        KeysStatus::SiteProblem { path, why } => html! {
            { format!("The council's list of trusted keys on this site ({path}) cannot be used: {why}. Choose a file instead.") }
        },
        KeysStatus::NoSitePath => html! {
            { "Choose the council's list of trusted school keys (a JWK Set file). Without it, every signer shows as unknown." }
        },
        KeysStatus::File { name, count } => html! {
            { format!("Using {name}: {count} {}.", keys_word(*count)) }
        },
        KeysStatus::FileProblem { .. } => html! {
            { "No list of trusted keys is in use, so every signer shows as unknown." }
        },
    }
}

fn keys_word(count: usize) -> &'static str {
    if count == 1 {
        "key"
    } else {
        "keys"
    }
}

#[function_component(CouncilPage)]
pub fn council_page() -> Html {
    let settings = use_app_settings().settings;
    let keys_status = use_state(|| KeysStatus::Looking);
    let pack_problem = use_state(|| None::<String>);
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let checking = use_state(|| false);
    let shown = use_state(|| 0u32);
    let open_problem = use_state(|| None::<String>);
    let latest = use_mut_ref(Latest::default);

    // Checks the newest pack against the newest keys; shows the result if no
    // newer check has started meanwhile.
    let run_check: Rc<dyn Fn()> = {
        let latest = latest.clone();
        let outcome = outcome.clone();
        let checking = checking.clone();
        let shown = shown.clone();
        let open_problem = open_problem.clone();
        let settings = settings.clone();
        Rc::new(move || {
            let (pack, keys, run) = {
                let mut l = latest.borrow_mut();
                l.run += 1;
                (l.pack.clone(), l.keys.clone(), l.run)
            };
            let Some(pack) = pack else { return };
            checking.set(true);
            open_problem.set(None);
            let (latest, outcome, checking, shown, settings) = (
                latest.clone(),
                outcome.clone(),
                checking.clone(),
                shown.clone(),
                settings.clone(),
            );
            spawn_local(async move {
                let result = check_pack(&pack, &keys, clock::today(), &settings).await;
                if latest.borrow().run == run {
                    outcome.set(Some(Rc::new(result)));
                    checking.set(false);
                    shown.set(run);
                }
            });
        })
    };

    // At first, look for the council's trusted keys beside the site.
    {
        let keys_status = keys_status.clone();
        let latest = latest.clone();
        let run_check = run_check.clone();
        let path = settings.trusted_keys_path.clone();
        use_effect_with((), move |_| {
            if path.trim().is_empty() {
                keys_status.set(KeysStatus::NoSitePath);
            } else {
                spawn_local(async move {
                    let found = fetch_site_keys(&path).await;
                    if latest.borrow().keys_from_file {
                        return;
                    }
                    match found {
                        SiteKeys::Found(set) => {
                            let count = set.keys.len();
                            latest.borrow_mut().keys = Rc::new(set);
                            keys_status.set(KeysStatus::Site { path, count });
                            run_check();
                        }
                        SiteKeys::NotFound => keys_status.set(KeysStatus::SiteMissing { path }),
                        SiteKeys::Problem(why) => {
                            keys_status.set(KeysStatus::SiteProblem { path, why })
                        }
                    }
                });
            }
        });
    }

    // A result appeared: move focus to its heading.
    use_effect_with(*shown, |shown| {
        if *shown > 0 {
            dom::focus(view::VERDICT_ID);
        }
    });

    let onpack = {
        let latest = latest.clone();
        let outcome = outcome.clone();
        let pack_problem = pack_problem.clone();
        let shown = shown.clone();
        let run_check = run_check.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            pack_problem.set(None);
            let size = file.size() as u64;
            if size > verify::limits().max_pack_bytes {
                // Refused before reading: the file is never loaded.
                let run = {
                    let mut l = latest.borrow_mut();
                    l.pack = None;
                    l.run += 1;
                    l.run
                };
                outcome.set(Some(Rc::new(Outcome::too_large(size, clock::today()))));
                shown.set(run);
                return;
            }
            let (latest, pack_problem, run_check) =
                (latest.clone(), pack_problem.clone(), run_check.clone());
            spawn_local(async move {
                match verify::read_bytes(&file).await {
                    Some(bytes) => {
                        latest.borrow_mut().pack = Some(Rc::new(bytes));
                        run_check();
                    }
                    None => pack_problem
                        .set(Some("The file could not be read. Choose it again.".into())),
                }
            });
        })
    };

    let onkeys = {
        let latest = latest.clone();
        let keys_status = keys_status.clone();
        let run_check = run_check.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let name = file.name();
            latest.borrow_mut().keys_from_file = true;
            let apply_keys = {
                let latest = latest.clone();
                let keys_status = keys_status.clone();
                let run_check = run_check.clone();
                move |set: JwkSet, status: KeysStatus| {
                    latest.borrow_mut().keys = Rc::new(set);
                    keys_status.set(status);
                    run_check();
                }
            };
            if file.size() as u64 > MAX_KEYS_BYTES {
                apply_keys(
                    JwkSet::empty(),
                    KeysStatus::FileProblem {
                        name,
                        why: "the file is too large to be a list of keys".into(),
                    },
                );
                return;
            }
            spawn_local(async move {
                let text = verify::read_bytes(&file)
                    .await
                    .and_then(|b| String::from_utf8(b).ok());
                match text.map(|t| JwkSet::from_json(&t)) {
                    Some(Ok(set)) => {
                        let count = set.keys.len();
                        apply_keys(set, KeysStatus::File { name, count });
                    }
                    Some(Err(e)) => apply_keys(
                        JwkSet::empty(),
                        KeysStatus::FileProblem {
                            name,
                            why: e.to_string(),
                        },
                    ),
                    None => apply_keys(
                        JwkSet::empty(),
                        KeysStatus::FileProblem {
                            name,
                            why: "the file could not be read as text".into(),
                        },
                    ),
                }
            });
        })
    };

    let onopen = {
        let outcome = outcome.clone();
        let open_problem = open_problem.clone();
        Callback::from(move |i: usize| {
            let Some(o) = &*outcome else { return };
            let Some(blob) = o.attachments.get(i).and_then(|a| a.blob.as_ref()) else {
                return;
            };
            open_problem.set(match files::open_blob_in_new_tab(blob) {
                Ok(()) => None,
                Err(files::FileError::PopupBlocked) => Some(
                    "Your browser blocked the new tab. Allow pop-ups for this site, then try again."
                        .into(),
                ),
                Err(_) => Some("The file could not be opened. Try again.".into()),
            });
        })
    };

    let keys_error = match &*keys_status {
        KeysStatus::FileProblem { name, why } => Some(format!(
            "{name} cannot be used as a list of trusted keys: {why}."
        )),
        _ => None,
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={Route::Start.href()} class="govuk-back-link">{ "Back" }</a>
                <h1 class="govuk-heading-l">{ Route::Council.title() }</h1>
                <p class="govuk-body">
                    { "Open a referral pack (a file ending .esma-pack.json) and your list of trusted school keys. The service checks who signed the pack, that nothing in it has changed, and what is missing." }
                </p>
                <p class="govuk-body">{ "The files stay on this device: nothing is sent anywhere." }</p>

                <div class={classes!("govuk-form-group", pack_problem.is_some().then_some("govuk-form-group--error"))}>
                    <label class="govuk-label govuk-label--s" for="pack-file">{ "Referral pack" }</label>
                    <div class="govuk-hint" id="pack-file-hint">{ "The file the school sent, ending .esma-pack.json" }</div>
                    if let Some(problem) = &*pack_problem {
                        <p class="govuk-error-message" id="pack-file-error">
                            <span class="govuk-visually-hidden">{ "Error: " }</span>{ problem }
                        </p>
                    }
                    <input class="govuk-file-upload" id="pack-file" name="pack-file" type="file"
                        accept=".json,application/json"
                        aria-describedby={if pack_problem.is_some() { "pack-file-hint pack-file-error" } else { "pack-file-hint" }}
                        onchange={onpack} />
                </div>

                <div class={classes!("govuk-form-group", keys_error.is_some().then_some("govuk-form-group--error"))}>
                    <label class="govuk-label govuk-label--s" for="keys-file">{ "Trusted school keys (optional)" }</label>
                    <div class="govuk-hint" id="keys-file-hint" aria-live="polite">{ keys_hint(&keys_status) }</div>
                    if let Some(problem) = &keys_error {
                        <p class="govuk-error-message" id="keys-file-error">
                            <span class="govuk-visually-hidden">{ "Error: " }</span>{ problem }
                        </p>
                    }
                    <input class="govuk-file-upload" id="keys-file" name="keys-file" type="file"
                        accept=".json,.jwks,application/json"
                        aria-describedby={if keys_error.is_some() { "keys-file-hint keys-file-error" } else { "keys-file-hint" }}
                        onchange={onkeys} />
                </div>

                <div aria-live="polite" class="govuk-body" id="checking-status">
                    if *checking { { "Checking the pack…" } }
                </div>

                if let Some(o) = &*outcome {
                    <div id="result" data-verdict={verdict_name(&o.verification.verdict)} data-run={shown.to_string()}>
                        { view::verdict(&o.verification) }
                        { view::checks(&o.verification) }
                        { view::about(o) }
                        { view::consent(o) }
                        if let Some(problem) = &*open_problem {
                            <p class="govuk-error-message" role="alert">{ problem }</p>
                        }
                        { view::attachments(o, onopen) }
                        if o.is_valid() {
                            if let (Some(r), Some(m)) = (&o.verification.rules_today, &o.verification.manifest) {
                                { view::rules_today(r, m, o) }
                                { view::recorded_findings(m) }
                            }
                        }
                        <ReplyBox reply={o.verification.reply.clone()}
                            pack_id={o.verification.pack.as_ref().map(|p| p.pack_id.clone())} />
                        if o.is_valid() {
                            if let Some(m) = &o.verification.manifest {
                                { view::referral(m, o) }
                            }
                        }
                    </div>
                }
            </div>
        </div>
    }
}

fn verdict_name(v: &Verdict) -> &'static str {
    match v {
        Verdict::Trusted => "trusted",
        Verdict::ValidUnknownSigner => "valid-unknown-signer",
        Verdict::Invalid { .. } => "invalid",
        Verdict::Unreadable { .. } => "unreadable",
    }
}

#[derive(Properties, PartialEq)]
pub struct ReplyBoxProps {
    pub reply: String,
    pub pack_id: Option<String>,
}

/// Calls `navigator.clipboard.writeText(text)`; `Err` when the browser has no
/// clipboard access here or refuses.
async fn write_clipboard(text: &str) -> Result<(), JsValue> {
    let navigator: JsValue = web_sys::window().ok_or(JsValue::NULL)?.navigator().into();
    let clipboard = Reflect::get(&navigator, &"clipboard".into())?;
    let write: Function = Reflect::get(&clipboard, &"writeText".into())?.dyn_into()?;
    let promise: js_sys::Promise = write.call1(&clipboard, &text.into())?.dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

/// The reply to the school, read-only, with "Copy reply" and "Download reply".
#[function_component(ReplyBox)]
fn reply_box(props: &ReplyBoxProps) -> Html {
    let textarea = use_node_ref();
    let status = use_state(|| None::<String>);
    let oncopy = {
        let textarea = textarea.clone();
        let status = status.clone();
        let reply = props.reply.clone();
        Callback::from(move |_: MouseEvent| {
            let (textarea, status, reply) = (textarea.clone(), status.clone(), reply.clone());
            spawn_local(async move {
                match write_clipboard(&reply).await {
                    Ok(()) => status.set(Some(
                        "Reply copied. Paste it into your email to the school.".into(),
                    )),
                    Err(_) => {
                        // No clipboard access: select the text so Ctrl+C copies it.
                        if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                            let _ = t.focus();
                            t.select();
                        }
                        status.set(Some("Your browser did not let the service copy. The reply is selected: press Ctrl and C (or Cmd and C on a Mac) to copy it.".into()));
                    }
                }
            });
        })
    };
    let ondownload = {
        let status = status.clone();
        let reply = props.reply.clone();
        let name = match &props.pack_id {
            Some(id) => format!("reply-to-school-{id}.txt"),
            None => "reply-to-school.txt".to_owned(),
        };
        Callback::from(move |_: MouseEvent| {
            if files::download(&name, "text/plain;charset=utf-8", reply.as_bytes()).is_err() {
                status.set(Some(
                    "The reply could not be saved. Copy it instead.".into(),
                ));
            }
        })
    };
    let rows = (props.reply.lines().count() + 2).clamp(6, 30).to_string();
    html! {
        <section aria-labelledby="reply-heading">
            <h2 class="govuk-heading-m" id="reply-heading">{ "Reply to the school" }</h2>
            <div class="govuk-form-group">
                <label class="govuk-label" for="reply-text">{ "The text of a reply explaining the result. Check it before you send it." }</label>
                <textarea class="govuk-textarea" id="reply-text" rows={rows} readonly=true ref={textarea} value={props.reply.clone()} />
            </div>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={oncopy}>{ "Copy reply" }</button>
                <button type="button" class="govuk-button govuk-button--secondary" onclick={ondownload}>{ "Download reply" }</button>
            </div>
            <p class="govuk-body" aria-live="polite" id="reply-status">{ status.as_deref().unwrap_or_default() }</p>
        </section>
    }
}
