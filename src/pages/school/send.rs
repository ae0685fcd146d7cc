//! "Sign and send": for a referral with nothing blocking, sign it with the
//! school's key and save the pack, then say where to send it. Check your
//! answers offers it at the top and at the bottom of its long list, both
//! from one [`Signer`], so the outcome shows (and takes focus) once, at the
//! top.

use esma_core::file_name::{file_name, FileKind};
use esma_core::referral::Referral;
use esma_core::validate::Valid;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::{file_label, DraftContext};
use crate::components::error_summary::ErrorSummary;
use crate::components::panel::Panel;
use crate::route::{Route, SchoolRoute};
use crate::signing::{self, SchoolKey};
use crate::web::dom;
use crate::web::files;

#[derive(Clone, PartialEq)]
pub enum Stage {
    Loading,
    NoKey,
    Ready(SchoolKey),
    Signing,
    Saved { file_name: String },
    Failed(&'static str),
}

/// Signing on Check your answers: where it stands, and the action.
#[derive(Clone, PartialEq)]
pub struct Signer {
    pub stage: UseStateHandle<Stage>,
    pub onsign: Callback<MouseEvent>,
}

/// Looks for the school's key, and signs the referral when asked.
#[hook]
pub fn use_signer(context: &DraftContext) -> Signer {
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
    let onsign = {
        let (stage, store) = (stage.clone(), context.store.clone());
        let (referral, today, settings): (Referral, _, _) = (
            wizard.draft.referral.clone(),
            wizard.today,
            wizard.settings.clone(),
        );
        let label = file_label(&wizard.draft);
        Callback::from(move |_: MouseEvent| {
            let Stage::Ready(key) = (*stage).clone() else {
                return;
            };
            // Only a referral with nothing blocking becomes a `Valid<Referral>`,
            // and only that can be signed.
            let valid =
                match Valid::check(referral.clone(), today, &settings) {
                    Ok(valid) => valid,
                    Err(_) => return stage.set(Stage::Failed(
                        "Something now stops this referral being sent. Check your answers again.",
                    )),
                };
            stage.set(Stage::Signing);
            let (stage, store, label) = (stage.clone(), store.clone(), label.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                let started = dom::now_ms();
                let now = crate::web::clock::now();
                let result = match signing::sign_pack(&store, &key, &valid).await {
                    Ok(pack) => {
                        let name = file_name(&label, &now, FileKind::Pack);
                        files::download_blob(&name, &pack)
                            .map(|_| name)
                            .map_err(|e| e.message())
                    }
                    Err(problem) => Err(problem.message()),
                };
                // `cargo xtask bench` reads this as sign_export.
                dom::measure_since("esma-sign-export", started);
                match result {
                    Ok(file_name) => {
                        dom::announce(&format!("Referral pack saved as {file_name}"));
                        stage.set(Stage::Saved { file_name });
                    }
                    Err(message) => stage.set(Stage::Failed(message)),
                }
            });
        })
    };
    Signer { stage, onsign }
}

/// The sign action, or why there is none yet. `top` is the one under the
/// page's heading: the outcome shows there.
pub fn sign_area(signer: &Signer, context: &DraftContext, top: bool) -> Html {
    let wizard = &*context.wizard;
    let place = if top { "top" } else { "bottom" };
    let check = Route::School(SchoolRoute::Check(wizard.draft.id.clone()));
    let key_link = Route::School(SchoolRoute::Key).href_returning_to(&check);
    let body = match &*signer.stage {
        Stage::Loading => {
            html! { <p class="govuk-body" role="status">{ "Looking for your school's signing key…" }</p> }
        }
        Stage::NoKey => html! {
            <>
                <p class="govuk-body">{ "To send the referral, it must be signed with your school's key." }</p>
                <a class="govuk-button" draggable="false" href={key_link}>{ "Make your school's signing key" }</a>
            </>
        },
        Stage::Failed(message) if top => html! {
            <ErrorSummary id="sign-failure" title="The referral could not be signed" description={*message} />
        },
        Stage::Failed(_) => html! {},
        Stage::Signing if top => {
            html! { <p class="govuk-body" role="status">{ "Signing the referral and saving the pack…" }</p> }
        }
        Stage::Signing => html! {},
        Stage::Saved { file_name } if top => {
            let settings = &wizard.settings;
            let area = settings
                .area_for_referral(&wizard.draft.referral)
                .map(|a| a.name.clone());
            html! {
                <>
                    <Panel title="Referral pack saved" heading_level={2} id="pack-saved" focus=true>
                        { "File: " }<strong class="app-break-words">{ file_name }</strong>
                    </Panel>
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
        Stage::Saved { .. } => html! {
            <p class="govuk-body">{ "The referral pack is saved: what to do next is at the top of this page." }</p>
        },
        Stage::Ready(key) => html! {
            <>
                if top {
                    <p class="govuk-body">
                        { format!("The referral will be signed with the key {} made for {}. Its fingerprint is ", key.referrer, key.school) }
                        <span class="app-fingerprint-inline">{ key.fingerprint() }</span>{ "." }
                    </p>
                    <p class="govuk-body">{ "By signing, you confirm the information is correct to the best of your knowledge, and that a parent or carer has consented to it being shared." }</p>
                }
                <button type="button" class="govuk-button" onclick={signer.onsign.clone()}>{ "Sign and save the referral pack" }</button>
            </>
        },
    };
    let heading = html! {
        <h2 class="govuk-heading-m" id={format!("send-heading-{place}")}>{ "Sign and send the referral" }</h2>
    };
    next_step_box(top, &format!("send-heading-{place}"), heading, body)
}

/// The next step's box: a region under the page's heading; the same again
/// at the bottom is not a second region of the same name.
pub fn next_step_box(top: bool, heading_id: &str, heading: Html, body: Html) -> Html {
    if top {
        html! {
            <section class="app-send app-no-print" aria-labelledby={heading_id.to_owned()}>{ heading }{ body }</section>
        }
    } else {
        html! { <div class="app-send app-no-print">{ heading }{ body }</div> }
    }
}
