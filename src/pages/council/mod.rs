//! The council's team checks a signed referral pack (`council.html`).
//!
//! Staff choose a pack and, unless the council's list of trusted keys is
//! found beside the site, a trusted-keys file (a JWK Set). The page says
//! plainly whether the pack is valid and signed by a school on the list
//! (by name), valid from an unknown key, or invalid and why; for a valid
//! pack, what stops the referral today and the Annex 2 checklist (today's
//! rules run for an unknown signer only when asked); the reply to the
//! school; then every check, the attachments and the referral.
//! The checking is esma-core's (the same as `esma-referral verify`); only the
//! signature and hash primitives are the browser's. Nothing is sent anywhere.

mod reply;
mod state;
mod verify;
mod view;

use std::rc::Rc;

use esma_core::pack::verify::Verdict;
use esma_core::signed::jwk::JwkSet;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::back_link::back_link;
use crate::components::file_upload::FileUpload;
use crate::components::notification_banner::NotificationBanner;
use crate::route::Route;
use crate::settings::use_app_settings;
use crate::web::{clock, dom, files};
use reply::ReplyBox;
use state::{Action, Council, KeysStatus};
use verify::{check_pack, fetch_site_keys, MAX_KEYS_BYTES};

fn keys_hint(status: &KeysStatus) -> Html {
    match status {
        KeysStatus::Looking => {
            html! { { "Looking for the council's list of trusted keys on this site…" } }
        }
        KeysStatus::Site {
            path,
            count,
            offline_copy: None,
        } => html! {
            { format!("Using the council's list of trusted keys from this site ({path}): {count} {}. You can choose a different file.", keys_word(*count)) }
        },
        KeysStatus::Site {
            path,
            count,
            offline_copy: Some(copy),
        } => html! {
            { format!("This device is offline, so it is using the copy of the council's list of trusted keys ({path}) {}: {count} {}. You can choose a different file.", copy.saved(), keys_word(*count)) }
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
    let state = use_reducer(Council::default);

    // At first, look for the council's trusted keys beside the site.
    {
        let state = state.clone();
        let path = settings.trusted_keys_path.clone();
        use_effect_with((), move |_| {
            if path.trim().is_empty() {
                state.dispatch(Action::NoSiteKeys);
            } else {
                spawn_local(async move {
                    let found = fetch_site_keys(&path).await;
                    state.dispatch(Action::SiteKeys { path, found });
                });
            }
        });
    }

    // Run each check the state starts; its result shows only if it is
    // still the newest when it finishes.
    {
        let (state, settings) = (state.clone(), settings.clone());
        use_effect_with(state.run, move |_| {
            if let Some(to_check) = state.check_to_run() {
                spawn_local(async move {
                    let mut outcome =
                        check_pack(&to_check.pack, &to_check.keys, clock::today(), &settings).await;
                    outcome.offline_keys = to_check.offline_keys;
                    state.dispatch(Action::FinishCheck {
                        run: to_check.run,
                        outcome: Rc::new(outcome),
                    });
                });
            }
        });
    }

    // A result appeared: move focus to its heading.
    use_effect_with(state.shown, |shown| {
        if *shown > 0 {
            dom::focus(view::VERDICT_ID);
        }
    });

    // Today's rules ran on request: move focus to what they found (the
    // button that asked is gone).
    use_effect_with(state.rules_run, |run| {
        if *run > 0 {
            dom::focus(view::WHAT_BLOCKS_ID);
        }
    });

    // A long referral was asked for: move focus to it (the button is gone).
    use_effect_with(state.referral_shown, |run| {
        if *run > 0 {
            dom::focus(view::REFERRAL_ID);
        }
    });

    let onshow = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::ShowReferral { run: state.shown })
        })
    };

    let onrules = {
        let (state, settings) = (state.clone(), settings.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::RunRules {
                run: state.shown,
                today: clock::today(),
                settings: settings.clone(),
            });
        })
    };

    let onpack = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| {
            state.dispatch(Action::ChoosePack);
            let size = file.size() as u64;
            if size > verify::limits().max_pack_bytes {
                // Refused before reading: the file is never loaded.
                state.dispatch(Action::PackTooLarge {
                    size,
                    today: clock::today(),
                });
                return;
            }
            let state = state.clone();
            spawn_local(async move {
                state.dispatch(match files::read_bytes(&file).await {
                    Ok(bytes) => Action::PackRead(Rc::new(bytes)),
                    Err(_) => Action::PackUnreadable,
                });
            });
        })
    };

    let onkeys = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| {
            state.dispatch(Action::ChooseKeys);
            let name = file.name();
            let problem = |name: String, why: &str| Action::LoadKeys {
                keys: JwkSet::empty(),
                status: KeysStatus::FileProblem {
                    name,
                    why: why.into(),
                },
            };
            if file.size() as u64 > MAX_KEYS_BYTES {
                state.dispatch(problem(name, "the file is too large to be a list of keys"));
                return;
            }
            let state = state.clone();
            spawn_local(async move {
                let text = files::read_bytes(&file)
                    .await
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                state.dispatch(match text.map(|t| JwkSet::from_json(&t)) {
                    Some(Ok(keys)) => {
                        let count = keys.keys.len();
                        Action::LoadKeys {
                            keys,
                            status: KeysStatus::File { name, count },
                        }
                    }
                    Some(Err(e)) => problem(name, &e.to_string()),
                    None => problem(name, "the file could not be read as text"),
                });
            });
        })
    };

    let onopen = {
        let state = state.clone();
        Callback::from(move |i: usize| {
            let Some(o) = &state.outcome else { return };
            let Some(row) = o.attachments.get(i) else {
                return;
            };
            let Some(blob) = row.blob() else {
                state.dispatch(Action::Opened(Some(
                    "The file could not be opened. Try again.".into(),
                )));
                return;
            };
            state.dispatch(Action::Opened(match files::open_blob_in_new_tab(&blob) {
                Ok(()) => None,
                Err(files::FileError::PopupBlocked) => Some(
                    "Your browser blocked the new tab. Allow pop-ups for this site, then try again."
                        .into(),
                ),
                Err(_) => Some("The file could not be opened. Try again.".into()),
            }));
        })
    };

    let keys_error = match &state.keys_status {
        KeysStatus::FileProblem { name, why } => Some(format!(
            "{name} cannot be used as a list of trusted keys: {why}."
        )),
        _ => None,
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(Route::Start.href()) }
                if let Some(copy) = state.keys_status.offline_copy() {
                    <NotificationBanner title_id="offline-keys-title" title="This device is offline"
                        heading={html! { format!("The council's list of trusted keys is the copy {}.", copy.saved()) }}>
                        <p class="govuk-body">{ "A school key the council has taken off its list since then still shows as trusted here. When this device is back online, reload this page and check the pack again." }</p>
                    </NotificationBanner>
                }
                <h1 class="govuk-heading-l">{ Route::Council.title() }</h1>
                <p class="govuk-body">
                    { "Open a referral pack (a file ending .esma-pack.json) and your list of trusted school keys. The service checks who signed the pack, that nothing in it has changed, and what is missing." }
                </p>
                <p class="govuk-body">{ "The files stay on this device: nothing is sent anywhere." }</p>

                <FileUpload id="pack-file" label="Referral pack" label_classes="govuk-label--s"
                    hint="The file the school sent, ending .esma-pack.json" error={state.pack_problem.clone()}
                    accept=".json,application/json" onchoose={onpack} />

                <FileUpload id="keys-file" label="Trusted school keys (optional)" label_classes="govuk-label--s"
                    hint={keys_hint(&state.keys_status)} live_hint=true error={keys_error}
                    accept=".json,.jwks,application/json" onchoose={onkeys} />

                <div aria-live="polite" class="govuk-body" id="checking-status">
                    if state.checking {
                        { "Checking the pack…" }
                    } else if state.rules_run > 0 && state.rules_run == state.shown {
                        { "Checked against today's rules." }
                    }
                </div>

                if let Some(o) = &state.outcome {
                    <div id="result" data-verdict={verdict_name(&o.verification.verdict)} data-run={state.shown.to_string()}>
                        { view::verdict(&o.verification, o.offline_keys.as_ref()) }
                        if o.is_valid() {
                            { view::today(o, onrules) }
                        }
                        <ReplyBox reply={o.reply().to_owned()}
                            file_name={o.verification.reply_file_name(o.today)} />
                        <hr class="govuk-section-break govuk-section-break--l govuk-section-break--visible" />
                        { view::checks(&o.verification) }
                        if o.is_valid() {
                            { view::about(&o.verification) }
                            { view::consent(&o.verification) }
                            if let Some(problem) = &state.open_problem {
                                <p class="govuk-error-message" role="alert">{ problem }</p>
                            }
                            { view::attachments(o, onopen) }
                            if let (Some(r), Some(m)) = (o.rules_today(), &o.verification.manifest) {
                                { view::rules_today(r, m, o) }
                                { view::recorded_findings(m) }
                            }
                            if o.long() && state.referral_shown != state.shown {
                                { view::long_referral(o, onshow) }
                            } else {
                                { view::referral(&o.verification) }
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
