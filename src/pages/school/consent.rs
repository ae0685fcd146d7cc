//! Consent in this service: the school makes a signed consent request for a
//! parent or carer to review on their own device, then imports their signed
//! response. Consent counts only when its signature is valid and it covers
//! exactly what the referral holds now; otherwise the school sees what
//! changed and asks again. The paper route (a scanned form) stays below.

use esma_core::consent::{self, ConsentCheck};
use esma_core::referral::ConsentDecision;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::drafts::long_date;
use super::use_draft;
use crate::components::error_summary::ErrorSummary;
use crate::components::file_upload::FileUpload;
use crate::components::warning_text::WarningText;
use crate::draft::ConsentRequestSent;
use crate::form::state::Action;
use crate::route::{Route, SchoolRoute};
use crate::signing;
use crate::web::files;
use crate::web::{dom, es256};

/// The request's file name: the date, never the pupil's name.
fn request_file_name(now: &str) -> String {
    format!(
        "consent-request-{}{}",
        now.get(..10).unwrap_or("referral"),
        consent::request::REQUEST_FILE_EXTENSION
    )
}

#[derive(Clone, PartialEq)]
enum Message {
    Done(String),
    Problem(String),
}

#[function_component(ConsentInService)]
pub fn consent_in_service() -> Html {
    let context = use_draft();
    let message = use_state(|| None::<Message>);
    let changes = use_state(Vec::<String>::new);
    let busy = use_state(|| false);
    let wizard = &*context.wizard;
    let referral = &wizard.draft.referral;
    let sent = wizard.draft.consent_request.clone();
    let current_sha = consent::content_sha256(referral);

    let onrequest = {
        let (store, wizard, message, busy) = (
            context.store.clone(),
            context.wizard.clone(),
            message.clone(),
            busy.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (store, wizard, message, busy) =
                (store.clone(), wizard.clone(), message.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                let Some(store) = store else { return };
                let result = async {
                    let key = signing::load(&store)
                        .await
                        .map_err(|e| e.message().to_owned())?
                        .ok_or_else(|| "Make your school's signing key first: the request is signed so the parent or carer can see it comes from you.".to_owned())?;
                    let (blob, manifest, reference) = signing::consent_request(&store, &key, &wizard.draft.referral)
                        .await
                        .map_err(|p| p.message().to_owned())?;
                    let name = request_file_name(&manifest.created_at);
                    files::download_blob(&name, &blob).map_err(|e| e.message().to_owned())?;
                    let sent = ConsentRequestSent {
                        request_id: manifest.request_id.clone(),
                        created_at: manifest.created_at.clone(),
                        content_sha256: manifest.content_sha256.clone(),
                        referral: manifest.referral.clone(),
                        reference: Some(reference),
                    };
                    wizard.dispatch(Action::ConsentRequested { sent: Box::new(sent), now: crate::web::clock::now() });
                    Ok::<_, String>(format!("Consent request saved as {name}. Send it to the parent or carer, for example by email, and ask them to open it at this service's \u{201c}Review a referral as a parent or carer\u{201d} page."))
                }
                .await;
                busy.set(false);
                message.set(Some(match result {
                    Ok(done) => Message::Done(done),
                    Err(problem) => Message::Problem(problem),
                }));
            });
        })
    };

    let onimport = {
        let (wizard, message, changes) = (context.wizard.clone(), message.clone(), changes.clone());
        Callback::from(move |file: web_sys::File| {
            let (wizard, message, changes) = (wizard.clone(), message.clone(), changes.clone());
            spawn_local(async move {
                let Some(sent) = wizard.draft.consent_request.clone() else {
                    return;
                };
                let Some(reference) = sent.reference.clone() else {
                    return message.set(Some(Message::Problem(
                        esma_core::consent::ConsentCheck::Unbound.message(),
                    )));
                };
                let bytes = match files::read_file(&file).await {
                    Ok((buffer, _)) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(e) => return message.set(Some(Message::Problem(e.message().to_owned()))),
                };
                let parsed = match consent::parse_response(&bytes) {
                    Ok(parsed) => parsed,
                    Err(e) => return message.set(Some(Message::Problem(e.to_string()))),
                };
                let signature_ok =
                    es256::verify(parsed.jwk(), parsed.signing_input(), parsed.signature()).await;
                let now_sha = consent::content_sha256(&wizard.draft.referral);
                let check = parsed.conclude(signature_ok, &reference, &now_sha);
                changes.set(match &check {
                    ConsentCheck::ContentChanged { .. } => {
                        consent::changes(&sent.referral, &wizard.draft.referral)
                    }
                    _ => Vec::new(),
                });
                if let Some(record) = check.record() {
                    wizard.dispatch(Action::RecordConsent {
                        record: Box::new(record.clone()),
                        now: crate::web::clock::now(),
                    });
                }
                message.set(Some(if check.record().is_some() {
                    Message::Done(check.message())
                } else {
                    Message::Problem(check.message())
                }));
                dom::focus("consent-message");
            });
        })
    };

    // Where things stand.
    let record = referral.consent.record.as_ref();
    let status = match record {
        Some(r)
            if r.decision == Some(ConsentDecision::Given)
                && r.reviewed_content_sha256.as_deref() == Some(current_sha.as_str()) =>
        {
            html! {
                <div class="govuk-inset-text app-consent-given">
                    { format!("{} ({}) gave consent on {} to share the referral as it is now.",
                        r.name.clone().unwrap_or_default(), r.relationship.clone().unwrap_or_default(),
                        long_date(r.decided_at.as_deref().unwrap_or_default())) }
                </div>
            }
        }
        Some(r) if r.decision == Some(ConsentDecision::Refused) => html! {
            <WarningText>
                { format!("{} ({}) refused consent on {}. The referral cannot be sent.",
                    r.name.clone().unwrap_or_default(), r.relationship.clone().unwrap_or_default(),
                    long_date(r.decided_at.as_deref().unwrap_or_default())) }
            </WarningText>
        },
        Some(_) => {
            let changed = sent
                .as_ref()
                .map(|s| consent::changes(&s.referral, referral))
                .unwrap_or_default();
            html! {
                <WarningText>
                    { "The referral has changed since the parent or carer consented. Make a new request and ask them to review it again." }
                    if !changed.is_empty() {
                        <ul class="govuk-list govuk-list--bullet app-changes">{ for changed.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                    }
                </WarningText>
            }
        }
        None => match &sent {
            Some(s) => html! {
                <p class="govuk-body">{ format!("You made a consent request on {}. When the parent or carer sends back their response file, import it here.", long_date(&s.created_at)) }</p>
            },
            None => html! {},
        },
    };

    html! {
        <section class="app-consent" aria-labelledby="consent-service-heading">
            <h2 class="govuk-heading-m" id="consent-service-heading">{ "Ask for consent in this service" }</h2>
            <p class="govuk-body">{ "The parent or carer sees exactly what you will share, who receives it and why, and gives or refuses consent on their own device. Their answer is tied to your request and to what they saw, and cannot be changed without it showing. It does not prove who made it: only that it is unchanged since it was made." }</p>
            { status }
            if let Some(m) = &*message {
                {
                    match m {
                        Message::Done(text) => html! { <div class="govuk-inset-text" id="consent-message" tabindex="-1" role="status">{ text }</div> },
                        Message::Problem(text) => html! {
                            <ErrorSummary id="consent-message" title="The response was not recorded" description={text.clone()}>
                                if !changes.is_empty() {
                                    <p class="govuk-body">{ "What changed since they reviewed it:" }</p>
                                    <ul class="govuk-list govuk-list--bullet app-changes">{ for changes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                                }
                            </ErrorSummary>
                        },
                    }
                }
            }
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={onrequest} disabled={*busy}>
                    { if sent.is_some() { "Make a new consent request" } else { "Make a consent request file" } }
                </button>
                <a class="govuk-link" href={Route::School(SchoolRoute::Key).href()}>{ "Your school's signing key" }</a>
            </div>
            if sent.is_some() {
                <FileUpload id="consent-response" label="Import the parent's or carer's response"
                    label_classes="govuk-label--s" hint="A file ending .esma-consent-response.json"
                    accept=".json,application/json" clear_after_choice=true onchoose={onimport} />
            }
            <h2 class="govuk-heading-m">{ "Or record consent given on paper" }</h2>
            <p class="govuk-body">{ "A scanned, signed consent form also counts, but this service cannot check it." }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::request_file_name;

    #[test]
    fn the_request_is_named_by_date_only() {
        assert_eq!(
            request_file_name("2026-11-28T10:00:00.000Z"),
            "consent-request-2026-11-28.esma-consent-request.json"
        );
    }
}
