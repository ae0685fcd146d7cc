//! "Sign and send": for a referral with nothing blocking, sign it with the
//! school's key and save the pack, then say where to send it.

use esma_core::referral::Referral;
use esma_core::validate::Valid;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_draft;
use crate::route::{Route, SchoolRoute};
use crate::signing::{self, SchoolKey};
use crate::web::dom;
use crate::web::files;

#[derive(Clone, PartialEq)]
enum Stage {
    Loading,
    NoKey,
    Ready(SchoolKey),
    Signing,
    Saved { file_name: String },
    Failed(&'static str),
}

/// The pack's file name: the date, never the pupil's name.
fn pack_file_name(now: &str) -> String {
    format!(
        "referral-{}.esma-pack.json",
        now.get(..10).unwrap_or("pack")
    )
}

#[function_component(SignAndSend)]
pub fn sign_and_send() -> Html {
    let context = use_draft();
    let stage = use_state(|| Stage::Loading);
    {
        let (stage, store) = (stage.clone(), context.store.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let Some(store) = store else { return };
                stage.set(match signing::load(&store).await {
                    Ok(Some(key)) => Stage::Ready(key),
                    Ok(None) => Stage::NoKey,
                    Err(e) => Stage::Failed(e.message()),
                });
            });
        });
    }
    let wizard = &*context.wizard;
    let blocking = wizard.report.has_blocking()
        || !wizard
            .draft
            .raw_inputs
            .keys()
            .all(|k| k.starts_with("screener."));
    let key_link = Route::School(SchoolRoute::Key).href();
    let body = if blocking {
        html! { <p class="govuk-body">{ "You can sign and send the referral once the problems above are put right." }</p> }
    } else {
        match &*stage {
            Stage::Loading => {
                html! { <p class="govuk-body" role="status">{ "Looking for your school's signing key…" }</p> }
            }
            Stage::NoKey => html! {
                <p class="govuk-body">
                    { "To send the referral, it must be signed with your school's key. " }
                    <a class="govuk-link" href={key_link}>{ "Make your school's signing key" }</a>
                </p>
            },
            Stage::Failed(message) => html! {
                <div class="govuk-error-summary" role="alert">
                    <h2 class="govuk-error-summary__title">{ "The referral could not be signed" }</h2>
                    <div class="govuk-error-summary__body"><p class="govuk-body">{ *message }</p></div>
                </div>
            },
            Stage::Signing => {
                html! { <p class="govuk-body" role="status">{ "Signing the referral and saving the pack…" }</p> }
            }
            Stage::Saved { file_name } => {
                let settings = &wizard.settings;
                let area = settings
                    .area_for_referral(&wizard.draft.referral)
                    .map(|a| a.name.clone());
                html! {
                    <>
                        <div class="govuk-panel govuk-panel--confirmation" id="pack-saved" tabindex="-1">
                            <h2 class="govuk-panel__title">{ "Referral pack saved" }</h2>
                            <div class="govuk-panel__body">{ "File: " }<strong>{ file_name }</strong></div>
                        </div>
                        <h3 class="govuk-heading-s">{ "What to do next" }</h3>
                        <p class="govuk-body">{ &settings.upload_instructions }</p>
                        if let Some(area) = area {
                            <p class="govuk-body">{ format!("The referral is for the {area} ISL area.") }</p>
                        }
                        <p class="govuk-body">{ "The ESMA Teaching Service assesses referrals every week in term time, and tells you whether the referral is accepted. If it is not, they say why." }</p>
                        <p class="govuk-body">{ "The pack is saved in your downloads. It holds the referral and its files: keep it safe, and delete it once it is sent." }</p>
                    </>
                }
            }
            Stage::Ready(key) => {
                let onsign = {
                    let (stage, store, key) = (stage.clone(), context.store.clone(), key.clone());
                    let (referral, today, settings): (Referral, _, _) = (
                        wizard.draft.referral.clone(),
                        wizard.today,
                        wizard.settings.clone(),
                    );
                    Callback::from(move |_: MouseEvent| {
                        let (stage, store, key, referral, settings) = (
                            stage.clone(),
                            store.clone(),
                            key.clone(),
                            referral.clone(),
                            settings.clone(),
                        );
                        // Only a referral with nothing blocking becomes a `Valid<Referral>`,
                        // and only that can be signed.
                        let valid = match Valid::check(referral, today, &settings) {
                            Ok(valid) => valid,
                            Err(_) => return stage.set(Stage::Failed("Something now stops this referral being sent. Check your answers again.")),
                        };
                        stage.set(Stage::Signing);
                        spawn_local(async move {
                            let Some(store) = store else { return };
                            let started = dom::now_ms();
                            let now = crate::web::clock::now();
                            let result = match signing::sign_pack(&store, &key, &valid).await {
                                Ok(pack) => {
                                    let file_name = pack_file_name(&now);
                                    files::download_blob(&file_name, &pack)
                                        .map(|_| file_name)
                                        .map_err(|e| e.message())
                                }
                                Err(problem) => Err(problem.message()),
                            };
                            // `cargo xtask bench` reads this as sign_export.
                            dom::measure_since("esma-sign-export", started);
                            match result {
                                Ok(file_name) => {
                                    stage.set(Stage::Saved { file_name });
                                    dom::focus("pack-saved");
                                }
                                Err(message) => stage.set(Stage::Failed(message)),
                            }
                        });
                    })
                };
                html! {
                    <>
                        <p class="govuk-body">
                            { format!("The referral will be signed with the key {} made for {}. Its fingerprint is ", key.referrer, key.school) }
                            <span class="app-fingerprint-inline">{ key.fingerprint() }</span>{ "." }
                        </p>
                        <p class="govuk-body">{ "By signing, you confirm the information is correct to the best of your knowledge, and that a parent or carer has consented to it being shared." }</p>
                        <button type="button" class="govuk-button" onclick={onsign}>{ "Sign and save the referral pack" }</button>
                    </>
                }
            }
        }
    };
    html! {
        <section class="app-send app-no-print" aria-labelledby="send-heading">
            <h2 class="govuk-heading-m" id="send-heading">{ "Sign and send the referral" }</h2>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::pack_file_name;

    #[test]
    fn the_pack_is_named_by_date_only() {
        assert_eq!(
            pack_file_name("2026-11-28T10:00:00.000Z"),
            "referral-2026-11-28.esma-pack.json"
        );
    }
}
