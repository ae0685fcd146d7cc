//! Parental consent, the last step before signing: the school makes a
//! signed consent request for a parent or carer to review on their own
//! device, then imports their signed response. Consent counts only when its
//! signature is valid and it covers exactly what the referral holds now;
//! otherwise the page says what changed, and the school asks again. A
//! signed paper form is the other way (its own question page).
//!
//! It cannot start while anything else blocks the referral, so the parent
//! reviews a finished referral once. Each outcome (request saved, response
//! recorded or refused) takes focus and is announced.

use esma_core::consent::{self, ConsentCheck};
use esma_core::file_name::{file_name, FileKind};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::drafts::long_date;
use super::{file_label, use_draft};
use crate::components::back_link::back_link_saying;
use crate::components::error_summary::ErrorSummary;
use crate::components::file_upload::FileUpload;
use crate::components::notification_banner::NotificationBanner;
use crate::components::summary_list::{SummaryList, SummaryRow};
use crate::components::use_focus;
use crate::components::warning_text::WarningText;
use crate::draft::ConsentRequestSent;
use crate::form::consent::{consent_state, ConsentState};
use crate::form::state::Action;
use crate::route::{Route, SchoolRoute};
use crate::signing;
use crate::web::{dom, es256, files};

#[derive(Clone, PartialEq)]
enum Outcome {
    /// A request was saved as this file.
    Requested(String),
    /// A response was recorded: what it says.
    Recorded(String),
    /// A response was not recorded: why, and what changed if that is why.
    Problem(String, Vec<String>),
    /// No request was made: why.
    NotMade(String),
}

/// Whether this device has the school's signing key.
#[derive(Clone, Copy, PartialEq)]
enum HasKey {
    Looking,
    Yes,
    No,
}

#[function_component(ConsentPage)]
pub fn consent_page() -> Html {
    let context = use_draft();
    let outcome = use_state(|| None::<Outcome>);
    let turn = use_state(|| 0u32);
    let focus = use_focus(*turn);
    let busy = use_state(|| false);
    let has_key = use_state(|| HasKey::Looking);
    {
        let (store, has_key) = (context.store.clone(), has_key.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let Some(store) = store else { return };
                has_key.set(match signing::load(&store).await {
                    Ok(Some(_)) => HasKey::Yes,
                    _ => HasKey::No,
                });
            });
        });
    }
    let wizard = &*context.wizard;
    let id = wizard.draft.id.clone();
    let here = Route::School(SchoolRoute::Section(
        id.clone(),
        crate::form::questions::Section::Consent,
    ));
    let check = Route::School(SchoolRoute::Check(id.clone()));
    let task_list = Route::School(SchoolRoute::TaskList(id.clone())).href();
    let state = consent_state(wizard);
    let sent = wizard.draft.consent_request.clone();
    let show = {
        let (outcome, turn) = (outcome.clone(), turn.clone());
        move |o: Outcome| {
            let said = match &o {
                Outcome::Requested(name) => format!("Consent request saved as {name}"),
                Outcome::Recorded(text) => text.clone(),
                Outcome::Problem(text, _) => format!("The response was not recorded. {text}"),
                Outcome::NotMade(text) => format!("The consent request was not made. {text}"),
            };
            outcome.set(Some(o));
            turn.set(*turn + 1);
            dom::announce(&said);
        }
    };

    let onrequest = {
        let (store, wizard, busy, show) = (
            context.store.clone(),
            context.wizard.clone(),
            busy.clone(),
            show.clone(),
        );
        let label = file_label(&wizard.draft);
        Callback::from(move |_: MouseEvent| {
            let (store, wizard, busy, show, label) = (
                store.clone(),
                wizard.clone(),
                busy.clone(),
                show.clone(),
                label.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let Some(store) = store else { return };
                let result = async {
                    let key = signing::load(&store)
                        .await
                        .map_err(|e| e.message().to_owned())?
                        .ok_or_else(|| {
                            "There is no signing key on this device. Make one first.".to_owned()
                        })?;
                    let (blob, manifest, reference) =
                        signing::consent_request(&store, &key, &wizard.draft.referral)
                            .await
                            .map_err(|p| p.message().to_owned())?;
                    let name = file_name(&label, &manifest.created_at, FileKind::ConsentRequest);
                    files::download_blob(&name, &blob).map_err(|e| e.message().to_owned())?;
                    let sent = ConsentRequestSent {
                        request_id: manifest.request_id.clone(),
                        created_at: manifest.created_at.clone(),
                        content_sha256: manifest.content_sha256.clone(),
                        referral: manifest.referral.clone(),
                        reference: Some(reference),
                    };
                    wizard.dispatch(Action::ConsentRequested {
                        sent: Box::new(sent),
                        now: crate::web::clock::now(),
                    });
                    Ok::<_, String>(name)
                }
                .await;
                busy.set(false);
                show(match result {
                    Ok(name) => Outcome::Requested(name),
                    Err(problem) => Outcome::NotMade(problem),
                });
            });
        })
    };

    let onimport = {
        let (wizard, show) = (context.wizard.clone(), show.clone());
        Callback::from(move |file: web_sys::File| {
            let (wizard, show) = (wizard.clone(), show.clone());
            spawn_local(async move {
                let Some(sent) = wizard.draft.consent_request.clone() else {
                    return;
                };
                // A request made before responses named it cannot be checked
                // against: it is made again.
                let Some(reference) = sent.reference.clone() else {
                    return show(Outcome::Problem(
                        ConsentCheck::Unbound.message(),
                        Vec::new(),
                    ));
                };
                let bytes = match files::read_file(&file).await {
                    Ok((buffer, _)) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(e) => return show(Outcome::Problem(e.message().to_owned(), Vec::new())),
                };
                let parsed = match consent::parse_response(&bytes) {
                    Ok(parsed) => parsed,
                    Err(e) => return show(Outcome::Problem(e.to_string(), Vec::new())),
                };
                let signature_ok =
                    es256::verify(parsed.jwk(), parsed.signing_input(), parsed.signature()).await;
                let now_sha = consent::content_sha256(&wizard.draft.referral);
                let check = parsed.conclude(signature_ok, &reference, &now_sha);
                let changes = match &check {
                    ConsentCheck::ContentChanged { .. } => {
                        consent::changes(&sent.referral, &wizard.draft.referral)
                    }
                    _ => Vec::new(),
                };
                if let Some(record) = check.record() {
                    wizard.dispatch(Action::RecordConsent {
                        record: Box::new(record.clone()),
                        now: crate::web::clock::now(),
                    });
                }
                show(if check.record().is_some() {
                    Outcome::Recorded(check.message())
                } else {
                    Outcome::Problem(check.message(), changes)
                });
            });
        })
    };

    let message = match &*outcome {
        None => html! {},
        Some(Outcome::Requested(name)) => html! {
            <NotificationBanner title_id="consent-message-title" success=true heading={html! {
                <>{ "Consent request saved as " }<span class="app-break-words">{ name.clone() }</span></>
            }}>
                <p class="govuk-body">{ "Send it to the parent or carer, for example by email, and ask them to open it at this service's \u{201c}Review a referral as a parent or carer\u{201d} page. When they send back their response file, import it below." }</p>
            </NotificationBanner>
        },
        Some(Outcome::Recorded(text)) => html! {
            <NotificationBanner title_id="consent-message-title" success=true heading={html! { text.clone() }} />
        },
        Some(Outcome::NotMade(text)) => html! {
            <ErrorSummary id="consent-problem" title="The consent request was not made" description={text.clone()} />
        },
        Some(Outcome::Problem(text, changes)) => html! {
            <ErrorSummary id="consent-problem" title="The response was not recorded" description={text.clone()}>
                if !changes.is_empty() {
                    <p class="govuk-body">{ "What changed since they reviewed it:" }</p>
                    <ul class="govuk-list govuk-list--bullet app-changes">{ for changes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                }
            </ErrorSummary>
        },
    };

    if state == ConsentState::CannotStartYet {
        return html! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    { back_link_saying(task_list.clone(), "Back to your referral") }
                    <span class="govuk-caption-l">{ &wizard.draft.name }</span>
                    <h1 class="govuk-heading-l">{ "Ask a parent or carer for consent" }</h1>
                    <p class="govuk-body">{ "You can ask for consent once everything else in the referral is ready, so that the parent or carer reviews the finished referral, once." }</p>
                    <p class="govuk-body"><a class="govuk-link" href={check.href()}>{ "Check your answers to see what is left to do" }</a></p>
                    <p class="govuk-body">
                        { "Or " }<a class="govuk-link" href={paper_href(&id)}>{ "record consent given on paper" }</a>{ "." }
                    </p>
                </div>
            </div>
        };
    }

    let status = status_rows(&state, sent.as_ref());
    let key_href = Route::School(SchoolRoute::Key).href_returning_to(&here);
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link_saying(task_list.clone(), "Back to your referral") }
                <div id="consent-message" tabindex="-1" ref={focus}>{ message }</div>
                <span class="govuk-caption-l">{ &wizard.draft.name }</span>
                <h1 class="govuk-heading-l" id="consent-heading">{ "Ask a parent or carer for consent" }</h1>
                <section class="app-consent" aria-labelledby="consent-heading">
                    <p class="govuk-body">{ "The parent or carer sees exactly what you will share, who receives it and why, and gives or refuses consent on their own device. Their answer is tied to your request and to what they saw, and cannot be changed without it showing. It does not prove who made it: only that it is unchanged since it was made." }</p>
                    { status }
                    if state.is_given() {
                        <a class="govuk-button" draggable="false" href={check.href()}>{ "Continue" }</a>
                    }
                    if sent.is_some() {
                        <h2 class="govuk-heading-m">{ "Import their response" }</h2>
                        <FileUpload id="consent-response" label="Import the parent's or carer's response"
                            label_classes="govuk-label--s" hint="A file ending .esma-consent-response.json"
                            accept=".json,application/json" clear_after_choice=true onchoose={onimport} />
                    }
                    <h2 class="govuk-heading-m" id="consent-service-heading">
                        { if sent.is_some() { "Ask again" } else { "Make a consent request" } }
                    </h2>
                    if *has_key == HasKey::No {
                        <p class="govuk-body">{ "The request is signed with your school's key, so the parent or carer can see it comes from you. This device has no key yet." }</p>
                        <a class={if sent.is_some() { "govuk-button govuk-button--secondary" } else { "govuk-button" }} draggable="false" href={key_href}>{ "Make your school's signing key" }</a>
                    } else {
                        <p class="govuk-body">{ "The request is a file holding the referral and its files, signed by your school." }</p>
                        <button type="button" class={if sent.is_some() { "govuk-button govuk-button--secondary" } else { "govuk-button" }} onclick={onrequest} disabled={*busy || *has_key == HasKey::Looking}>
                            { if sent.is_some() { "Make a new consent request" } else { "Make a consent request file" } }
                        </button>
                    }
                    <h2 class="govuk-heading-m">{ "Or record consent given on paper" }</h2>
                    <p class="govuk-body">
                        { "A scanned, signed consent form also counts, but this service cannot check it. " }
                        <a class="govuk-link" href={paper_href(&id)}>{ "Record consent given on paper" }</a>
                    </p>
                </section>
                <p class="govuk-body"><a class="govuk-link" href={task_list}>{ "Return to your referral" }</a></p>
            </div>
        </div>
    }
}

fn paper_href(draft_id: &str) -> String {
    Route::School(SchoolRoute::Page(
        draft_id.to_owned(),
        crate::form::questions::Section::Consent,
        "paper".into(),
    ))
    .href()
}

/// Where consent stands, in words, with what changed when that matters.
pub fn status_rows(state: &ConsentState, sent: Option<&ConsentRequestSent>) -> Html {
    let said = |d: &crate::form::consent::Decided, what: &str| {
        format!(
            "{} ({}) {what} on {}",
            d.name,
            d.relationship,
            long_date(&d.decided_at)
        )
    };
    match state {
        ConsentState::Given(d) => html! {
            <div class="govuk-inset-text app-consent-given">
                { format!("{} to share the referral as it is now.", said(d, "gave consent")) }
            </div>
        },
        ConsentState::Refused(d) => html! {
            <WarningText>{ format!("{}. The referral cannot be sent.", said(d, "refused consent")) }</WarningText>
        },
        ConsentState::OutOfDate { changed } => html! {
            <WarningText>
                { "The referral has changed since the parent or carer consented. Make a new request and ask them to review it again. What changed:" }
                <ul class="govuk-list govuk-list--bullet app-changes">{ for changed.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            </WarningText>
        },
        ConsentState::Waiting {
            requested_at,
            changed,
        } if !changed.is_empty() => html! {
            <WarningText>
                { format!("You made a consent request on {}, but the referral has changed since. Make a new request so that the parent or carer reviews it as it is now. What changed:", long_date(requested_at)) }
                <ul class="govuk-list govuk-list--bullet app-changes">{ for changed.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            </WarningText>
        },
        ConsentState::Waiting { requested_at, .. } => html! {
            <SummaryList rows={vec![
                SummaryRow::new("Status", "Requested, waiting for the response"),
                SummaryRow::new("Requested on", long_date(requested_at)),
            ]} />
        },
        ConsentState::OnPaper { complete } => html! {
            <p class="govuk-body">{ if *complete { "Consent is recorded from a signed paper form." } else { "You have started recording consent from a signed paper form." } }</p>
        },
        ConsentState::NotRequested | ConsentState::CannotStartYet => {
            let _ = sent;
            html! { <p class="govuk-body">{ "You have not asked a parent or carer yet." }</p> }
        }
    }
}
