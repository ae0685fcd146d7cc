//! The school's signing key on this device: make one, read its fingerprint,
//! download the public key for the council, and make a new one if needed.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::drafts::long_date;
use super::use_store;
use crate::components::back_link::{back_link, back_link_saying};
use crate::components::error_summary::ErrorSummary;
use crate::components::summary_list::{SummaryList, SummaryRow};
use crate::components::use_focus;
use crate::components::warning_text::WarningText;
use crate::route::{return_target, Journey, Route, SchoolRoute};
use crate::signing::{self, SchoolKey};
use crate::web::dom;
use crate::web::files;

#[derive(Clone, PartialEq)]
enum KeyState {
    Loading,
    None,
    Ready(SchoolKey),
    Failed(&'static str),
}

/// The file name of the public key the council registers.
pub const PUBLIC_KEY_FILE: &str = "esma-school-public-key.jwk.json";

#[function_component(KeyPage)]
pub fn key_page() -> Html {
    let store_context = use_store();
    let store = store_context.state.store();
    let state = use_state(|| KeyState::Loading);
    let replacing = use_state(|| false);
    let school = use_state(String::new);
    let referrer = use_state(String::new);
    let problem = use_state(|| None::<&'static str>);
    let persisted = use_state(|| None::<bool>);
    // Each key made: focus its heading once it is drawn.
    let made = use_state(|| 0u32);
    let made_heading = use_focus(*made);
    // Where the person came from (consent, signing), to go back to.
    let back = return_target(Journey::School, &dom::current_hash());
    {
        let (state, store, persisted) = (state.clone(), store.clone(), persisted.clone());
        use_effect_with(store.clone(), move |_| {
            if let Some(store) = store {
                spawn_local(async move {
                    state.set(match signing::load(&store).await {
                        Ok(Some(key)) => KeyState::Ready(key),
                        Ok(None) => KeyState::None,
                        Err(e) => KeyState::Failed(e.message()),
                    });
                    // Ask the browser not to clear the key under storage pressure.
                    persisted.set(Some(crate::storage::request_persistence().await));
                });
            }
        });
    }
    let text_input = |value: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            value.set(input.value());
        })
    };
    let oncreate = {
        let (store, state, school, referrer, problem, replacing, made) = (
            store.clone(),
            state.clone(),
            school.clone(),
            referrer.clone(),
            problem.clone(),
            replacing.clone(),
            made.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if school.trim().is_empty() || referrer.trim().is_empty() {
                problem.set(Some("Enter the school's name and your name"));
                return;
            }
            let (store, state, problem, replacing, made) = (
                store.clone(),
                state.clone(),
                problem.clone(),
                replacing.clone(),
                made.clone(),
            );
            let (school, referrer) = (dom::nfc(school.trim()), dom::nfc(referrer.trim()));
            spawn_local(async move {
                let Some(store) = store else { return };
                match signing::create(&store, &school, &referrer).await {
                    Ok(key) => {
                        problem.set(None);
                        replacing.set(false);
                        state.set(KeyState::Ready(key));
                        made.set(*made + 1);
                        dom::announce("Signing key made");
                    }
                    Err(e) => problem.set(Some(e.message())),
                }
            });
        })
    };

    let form = html! {
        <form novalidate=true onsubmit={oncreate}>
            if let Some(message) = *problem {
                <ErrorSummary description={message} />
            }
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="key-school">{ "School name" }</label>
                <input class="govuk-input" id="key-school" name="key-school" type="text" autocomplete="organization"
                    value={(*school).clone()} oninput={text_input(school.clone())} />
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="key-referrer">{ "Your name" }</label>
                <input class="govuk-input" id="key-referrer" name="key-referrer" type="text" autocomplete="name"
                    value={(*referrer).clone()} oninput={text_input(referrer.clone())} />
            </div>
            <button type="submit" class="govuk-button">{ "Make a signing key" }</button>
        </form>
    };
    let explanation = html! {
        <>
            <p class="govuk-body">{ "The council checks that each referral pack comes from your school by its signature. This browser makes the key that signs them and keeps it on this device. No one can copy the key out of the browser, not even you." }</p>
            <WarningText>
                { "If this browser's data is cleared, or you use another computer, the key is gone. You then make a new key and register it with the council again. Packs you signed before stay valid." }
            </WarningText>
        </>
    };
    let body = match &*state {
        KeyState::Loading => {
            html! { <p class="govuk-body" role="status">{ "Looking for a signing key on this device…" }</p> }
        }
        KeyState::Failed(message) => html! { <p class="govuk-body">{ *message }</p> },
        KeyState::None => html! {
            <>
                { explanation }
                <h2 class="govuk-heading-m">{ "Make your school's signing key" }</h2>
                { form }
            </>
        },
        KeyState::Ready(key) => {
            let ondownload = {
                let file = key.public_jwk_file();
                Callback::from(move |_: MouseEvent| {
                    let _ =
                        files::download(PUBLIC_KEY_FILE, "application/jwk+json", file.as_bytes());
                })
            };
            let onreplace = {
                let replacing = replacing.clone();
                Callback::from(move |_: MouseEvent| replacing.set(true))
            };
            html! {
                <>
                    <h2 class="govuk-heading-m" id="key-made" tabindex="-1" ref={made_heading.clone()}>{ "This device has a signing key" }</h2>
                    <SummaryList rows={vec![
                        SummaryRow::new("School", key.school.clone()),
                        SummaryRow::new("Made by", key.referrer.clone()),
                        SummaryRow::new("Made on", long_date(&key.created_at)),
                        SummaryRow::new("Fingerprint", html! {
                            <span class="app-fingerprint" id="key-fingerprint">{ key.fingerprint() }</span>
                        }),
                    ]} />
                    if let Some(back) = &back {
                        <a class="govuk-button" draggable="false" href={back.href()}>{ continue_text(back) }</a>
                    }
                    <h2 class="govuk-heading-m">{ "Register the key with the council" }</h2>
                    <p class="govuk-body">{ "Download the public key and send it to the ESMA Teaching Service. When they call to confirm it, read the fingerprint to them. The public key cannot sign anything: it only lets the council check your signature." }</p>
                    <button type="button" class="govuk-button govuk-button--secondary" onclick={ondownload}>{ "Download the public key" }</button>
                    if *persisted == Some(false) {
                        <p class="govuk-body-s">{ "This browser has not promised to keep the key if the device runs short of space." }</p>
                    }
                    <h2 class="govuk-heading-m">{ "Make a new key" }</h2>
                    if *replacing {
                        { explanation }
                        <p class="govuk-body">{ "The new key replaces this one on this device. Register the new key with the council before you send another referral." }</p>
                        { form }
                    } else {
                        <p class="govuk-body">{ "If the council asks you to, or you think someone else has used this computer to sign referrals, make a new key." }</p>
                        <button type="button" class="govuk-button govuk-button--warning" onclick={onreplace}>{ "Make a new key" }</button>
                    }
                </>
            }
        }
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                if let Some(back) = &back {
                    { back_link(back.href()) }
                } else {
                    { back_link_saying(Route::School(SchoolRoute::Drafts).href(), "Your drafts") }
                }
                <h1 class="govuk-heading-l">{ "Your school's signing key" }</h1>
                { body }
            </div>
        </div>
    }
}

/// The words on the way back to where the person came from.
fn continue_text(back: &Route) -> &'static str {
    match back {
        Route::School(SchoolRoute::Section(..)) => "Continue to parental consent",
        Route::School(SchoolRoute::Check(_)) => "Continue to check your answers",
        _ => "Continue",
    }
}
