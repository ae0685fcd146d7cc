//! The first page: open the school's consent request file. The page checks
//! it (signature, every attached file, the content hash), then says who it
//! came from, honestly: the service cannot tell whose key signed it, so it
//! gives the key's short check code for the parent to compare with the
//! school's by phone. Focus goes to the result and a live region says it.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::request::{self, open_request, Refusal, MAX_REQUEST_BYTES};
use super::{go, steps, use_parent};
use crate::components::back_link::back_link;
use crate::components::details::Details;
use crate::components::error_summary::ErrorSummary;
use crate::components::file_upload::FileUpload;
use crate::components::summary_list::{SummaryList, SummaryRow};
use crate::components::warning_text::WarningText;
use crate::route::Route;
use crate::settings::use_app_settings;
use crate::web::{dom, files};
use esma_core::consent::request::REQUEST_FILE_EXTENSION;
use esma_core::date::long_time;
use esma_core::signed::jwk::check_code;

/// The id of the result, focused when one appears: the refusal's summary, or
/// the heading of the file opened.
const RESULT_ID: &str = "request-result";

/// The heading of a request that passed every check.
const OPENED_TITLE: &str = "The file is complete and unchanged";

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
        Callback::from(move |file: web_sys::File| {
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
                        open_request(&bytes, &settings).await
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

    let oncontinue = Callback::from(|_: MouseEvent| go(&Route::ParentStep(steps()[0])));
    let pages = steps().len() - 1;
    // What the live region says once a file is checked: the result's title.
    let status = match (*checking, &*refusal, &context.opened) {
        (true, ..) => "Checking the file…".to_owned(),
        (false, Some(r), _) => r.title.clone(),
        (false, None, Some(_)) => OPENED_TITLE.to_owned(),
        _ => String::new(),
    };

    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(Route::Start.href()) }
                <h1 class="govuk-heading-l">{ Route::Parent.title() }</h1>
                <p class="govuk-body">
                    { "Your child's school will send you a consent request file. Open it here to see, in plain English, what the school wants to share with Hertfordshire County Council's ESMA Teaching Service (Education Support for Medical Absence), who will see it and why. Then you can give or refuse consent." }
                </p>
                <p class="govuk-body">
                    { "The file stays on this device: nothing is sent anywhere, and nothing is kept on this device after you close the page." }
                </p>
                <FileUpload id="request-file" label="Consent request file" label_classes="govuk-label--s"
                    hint={format!("The file the school sent you. Its name ends {REQUEST_FILE_EXTENSION}")}
                    accept=".json,application/json" onchoose={onchange} />
                // The outcome is the result's heading too: said, not shown twice.
                <div role="status" id="checking-status"
                    class={if *checking { "govuk-body" } else { "govuk-visually-hidden" }}>{ status }</div>
                if let Some(r) = &*refusal {
                    <div id="refusal" data-shown={shown.to_string()}>
                        <ErrorSummary id={RESULT_ID} title={r.title.clone()} problems={r.reasons.clone()}
                            description="Do not rely on this file. Ask the school to send it again, or phone the school." />
                    </div>
                }
                if let Some(o) = &context.opened {
                    <div id="opened" data-shown={shown.to_string()}>
                        <h2 class="govuk-heading-m" id={RESULT_ID} tabindex="-1">{ OPENED_TITLE }</h2>
                        <p class="govuk-body">{ format!("It is a request for your consent about {}. Nothing in it has changed since it was made, and each attached document has been checked.", o.child()) }</p>
                        <SummaryList id="sender" rows={vec![
                            SummaryRow::new("From", o.school_name.clone()),
                            SummaryRow::new("Made by", o.referrer.clone()),
                            SummaryRow::new("Made on", request::shown(&long_time(&o.created_at))),
                            SummaryRow::new("The school's check code", html! {
                                <span class="app-fingerprint" id="school-check-code">{ check_code(&o.fingerprint) }</span>
                            }),
                        ]} />
                        <WarningText>
                            { "This service cannot tell whether this key belongs to the school: if in doubt, phone the school and ask them to read you their check code. It must match the one above." }
                        </WarningText>
                        <Details summary="The school key's full fingerprint">
                            <p class="govuk-body">{ "The check code is the start of this fingerprint. The school can read you all of it if you want to compare more." }</p>
                            <p class="govuk-body app-fingerprint-inline app-break-words govuk-!-margin-bottom-0" id="school-fingerprint">{ &o.fingerprint }</p>
                        </Details>
                        <p class="govuk-body">{ format!("Next, read what the school will share, in {pages} pages. It takes about 10 minutes. If anything is wrong, tell the school before you decide.") }</p>
                        <button type="button" class="govuk-button" id="continue" onclick={oncontinue}>{ "Continue" }</button>
                    </div>
                }
            </div>
        </div>
    }
}
