//! The first page: open the school's consent request file. The page checks
//! it (signature, every attached file, the content hash), then says who it
//! came from, honestly: the service cannot tell whose key signed it.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::request::{open_request, Refusal, MAX_REQUEST_BYTES};
use super::review::first_page;
use super::{go, use_parent};
use crate::route::Route;
use crate::settings::use_app_settings;
use crate::web::{clock, dom, files};
use esma_core::date::long_time;

/// The id of the result's heading, focused when a result appears.
const RESULT_ID: &str = "request-result";

#[function_component(OpenPage)]
pub fn open_page() -> Html {
    let context = use_parent();
    let settings = use_app_settings().settings;
    let refusal = use_state(|| None::<Refusal>);
    let checking = use_state(|| false);
    let shown = use_state(|| 0u32);

    use_effect_with(*shown, |shown| {
        if *shown > 0 {
            dom::focus(RESULT_ID);
        }
    });

    let onchange = {
        let (refusal, checking, shown) = (refusal.clone(), checking.clone(), shown.clone());
        let set_opened = context.set_opened.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            set_opened.emit(None);
            refusal.set(None);
            let (refusal, checking, shown, set_opened, settings) = (
                refusal.clone(),
                checking.clone(),
                shown.clone(),
                set_opened.clone(),
                settings.clone(),
            );
            let next = *shown + 1;
            if file.size() as u64 > MAX_REQUEST_BYTES {
                refusal.set(Some(Refusal {
                    title: "This file is too large to be a consent request".into(),
                    reasons: vec!["Check you chose the file the school sent you.".into()],
                }));
                shown.set(next);
                return;
            }
            checking.set(true);
            spawn_local(async move {
                let result = match files::read_file(&file).await {
                    Ok((buffer, _)) => {
                        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                        open_request(&bytes, &settings, clock::today()).await
                    }
                    Err(_) => Err(Refusal {
                        title: "The file could not be read".into(),
                        reasons: vec!["Choose it again.".into()],
                    }),
                };
                checking.set(false);
                match result {
                    Ok(opened) => set_opened.emit(Some(Rc::new(opened))),
                    Err(r) => refusal.set(Some(r)),
                }
                shown.set(next);
            });
        })
    };

    let oncontinue = {
        let opened = context.opened.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(o) = &opened {
                go(&first_page(o));
            }
        })
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href={Route::Start.href()} class="govuk-back-link">{ "Back" }</a>
                <h1 class="govuk-heading-l">{ Route::Parent.title() }</h1>
                <p class="govuk-body">
                    { "Your child's school will send you a consent request file. Open it here to see, in plain English, what the school wants to share with Hertfordshire County Council's ESMA Teaching Service (Education Support for Medical Absence), who will see it and why. Then you can give or refuse consent." }
                </p>
                <p class="govuk-body">
                    { "The file stays on this device: nothing is sent anywhere, and nothing is kept on this device after you close the page." }
                </p>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="request-file">{ "Consent request file" }</label>
                    <div class="govuk-hint" id="request-file-hint">{ "The file the school sent you. Its name ends .esma-consent.json" }</div>
                    <input class="govuk-file-upload" id="request-file" name="request-file" type="file"
                        accept=".json,application/json" aria-describedby="request-file-hint" {onchange} />
                </div>
                <div aria-live="polite" class="govuk-body" id="checking-status">
                    if *checking { { "Checking the file…" } }
                </div>
                if let Some(r) = &*refusal {
                    <div class="govuk-error-summary" id="refusal" data-shown={shown.to_string()}>
                        <div role="alert">
                            <h2 class="govuk-error-summary__title" id={RESULT_ID} tabindex="-1">{ &r.title }</h2>
                            <div class="govuk-error-summary__body">
                                <p class="govuk-body">{ "Do not rely on this file. Ask the school to send it again, or phone the school." }</p>
                                <ul class="govuk-list govuk-error-summary__list" id="refusal-reasons">
                                    { for r.reasons.iter().map(|why| html! { <li>{ why }</li> }) }
                                </ul>
                            </div>
                        </div>
                    </div>
                }
                if let Some(o) = &context.opened {
                    <div id="opened" data-shown={shown.to_string()}>
                        <h2 class="govuk-heading-m" id={RESULT_ID} tabindex="-1">{ "The file is complete and unchanged" }</h2>
                        <p class="govuk-body">{ format!("It is a request for your consent about {}. Nothing in it has changed since it was made, and each attached document has been checked.", o.child()) }</p>
                        <dl class="govuk-summary-list" id="sender">
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "From" }</dt>
                                <dd class="govuk-summary-list__value">{ &o.school_name }</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "Made by" }</dt>
                                <dd class="govuk-summary-list__value">{ &o.referrer }</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "Made on" }</dt>
                                <dd class="govuk-summary-list__value">{ long_time(&o.created_at) }</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{ "The school's key" }</dt>
                                <dd class="govuk-summary-list__value"><span class="app-fingerprint-inline app-break-words" id="school-fingerprint">{ &o.fingerprint }</span></dd>
                            </div>
                        </dl>
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">{ "Warning" }</span>
                                { "This service cannot tell whether this key belongs to the school: if in doubt, phone the school and ask them to read you their key's code. It must match the one above." }
                            </strong>
                        </div>
                        <p class="govuk-body">{ "Next, read what the school will share, page by page. It takes about 10 minutes." }</p>
                        <button type="button" class="govuk-button" id="continue" onclick={oncontinue}>{ "Continue" }</button>
                    </div>
                }
            </div>
        </div>
    }
}
