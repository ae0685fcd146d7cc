//! The school's way in: what you need before you start, the drafts kept on
//! this device, starting and importing a draft, and deleting everything.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{use_store, StoreState};
use crate::components::back_link::back_link;
use crate::components::error_summary::ErrorSummary;
use crate::components::file_upload::FileUpload;
use crate::components::notification_banner::{self, NotificationBanner};
use crate::components::warning_text::WarningText;
use crate::draft::Draft;
use crate::form::questions::Section;
use crate::route::{Route, SchoolRoute};
use crate::settings::use_app_settings;
use crate::storage::{DraftList, Store};
use crate::web::{clock, crypto, dom, files};

/// "5 March 2026" from an RFC 3339 time.
pub fn long_date(rfc3339: &str) -> String {
    rfc3339
        .get(..10)
        .and_then(|d| esma_core::date::parse(d).ok())
        .map(esma_core::date::long)
        .unwrap_or_default()
}

#[function_component(DraftsPage)]
pub fn drafts_page() -> Html {
    let store_context = use_store();
    let app = use_app_settings();
    let list = use_state(|| None::<Result<DraftList, &'static str>>);
    let last_page = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let name = use_state(String::new);
    let store = store_context.state.store();
    {
        let (list, store, last_page) = (list.clone(), store.clone(), last_page.clone());
        use_effect_with(store.clone(), move |_| {
            if let Some(store) = store {
                spawn_local(async move {
                    last_page.set(store.get_meta(super::LAST_PAGE).await.ok().flatten());
                    list.set(Some(store.list_drafts().await.map_err(|e| e.message())));
                    // Best effort: ask the browser not to clear our data under pressure.
                    crate::storage::request_persistence().await;
                });
            }
        });
    }
    let onstart = {
        let (store, name, problem) = (store.clone(), name.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (store, name, problem) = (store.clone(), (*name).clone(), problem.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                if let Err(message) = start_draft(&store, &dom::nfc(&name)).await {
                    problem.set(Some(message.to_owned()));
                }
            });
        })
    };
    let onname = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let onimport = {
        let (store, problem, settings) = (store.clone(), problem.clone(), app.settings.clone());
        Callback::from(move |file: web_sys::File| {
            let (store, problem, settings) = (store.clone(), problem.clone(), settings.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                let bytes = match files::read_file(&file).await {
                    Ok((buffer, _)) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(e) => return problem.set(Some(e.message().to_owned())),
                };
                match store.import_draft(&bytes, &settings).await {
                    Ok(draft) => {
                        dom::navigate(&Route::School(SchoolRoute::TaskList(draft.id)).href())
                    }
                    Err(e) => problem.set(Some(e.message())),
                }
            });
        })
    };

    let drafts = match (&store_context.state, &*list) {
        (StoreState::Unavailable(message), _) => html! {
            <ErrorSummary id="store-unavailable" title="This browser cannot save your referral">
                <p class="govuk-body">{ *message }</p>
                <p class="govuk-body">{ "The referral form saves every answer on this device as you type, so nothing is lost. It cannot start until saving works: use a normal (not private) window, or another browser." }</p>
            </ErrorSummary>
        },
        (_, None) | (StoreState::Opening, _) => {
            html! { <p class="govuk-body" role="status">{ "Opening your saved drafts…" }</p> }
        }
        (_, Some(Err(message))) => html! { <p class="govuk-body">{ *message }</p> },
        (_, Some(Ok(list))) => drafts_table(list),
    };
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(Route::Start.href()) }
                if let Some(banner) = continue_banner(&list, &last_page) {
                    { banner }
                }
                <h1 class="govuk-heading-l">{ "Refer a pupil" }</h1>
                <h2 class="govuk-heading-m">{ "Before you start" }</h2>
                <p class="govuk-body">{ "You will need:" }</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>{ "medical evidence that the pupil cannot attend school, with the named health professional's contact details" }</li>
                    <li>{ "the pupil's Assess, Plan, Do, Review (APDR) and your current support plan" }</li>
                    <li>{ "signed consent from a parent or carer" }</li>
                    <li>{ "the agreed reintegration plan, if the pupil is on a reduced timetable" }</li>
                    <li>{ "how any extra funding (EHCP, Local High Needs Funding or Pupil Premium) supports the pupil's education" }</li>
                    <li>{ "the pupil's baseline: attainment, engagement and emotional wellbeing" }</li>
                </ul>
                <p class="govuk-body">{ "Everything you enter is saved on this device as you type. Nothing is sent to the council until you send the finished referral yourself." }</p>
                if let Some(message) = &*problem {
                    <ErrorSummary description={message.clone()} />
                }
                if store.is_some() {
                    <form novalidate=true onsubmit={onstart}>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="new-draft-name">{ "Name this draft (optional)" }</label>
                            <div class="govuk-hint" id="new-draft-name-hint">{ "For example, initials and year group. Do not use the pupil's full name on a shared computer." }</div>
                            <input class="govuk-input govuk-input--width-20" id="new-draft-name" name="new-draft-name" type="text"
                                autocomplete="off" aria-describedby="new-draft-name-hint" value={(*name).clone()} oninput={onname} />
                        </div>
                        <button type="submit" class="govuk-button">{ "Start a new referral" }</button>
                    </form>
                }
                { drafts }
                if store.is_some() {
                    <h2 class="govuk-heading-m">{ "Import a draft" }</h2>
                    <FileUpload id="import-draft" label="Open a draft file exported from this service"
                        hint="A file ending .esma-draft.json. It becomes a new draft on this device."
                        accept=".json,application/json" clear_after_choice=true onchoose={onimport} />
                }
                <h2 class="govuk-heading-m">{ "Signing referrals" }</h2>
                <p class="govuk-body">
                    { "A finished referral is signed with your school's key, so the council knows it comes from you. " }
                    <a class="govuk-link" href={Route::School(SchoolRoute::Key).href()}>{ "Your school's signing key" }</a>
                </p>
                <h2 class="govuk-heading-m">{ "Using a shared computer?" }</h2>
                <p class="govuk-body">
                    { "Keep other people out of your drafts: " }
                    <a class="govuk-link" href={Route::School(SchoolRoute::Protect).href()}>{ "protect your drafts with a passphrase" }</a>
                    { "." }
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href={Route::School(SchoolRoute::DeleteAll).href()}>{ "Delete all data on this device" }</a>
                </p>
            </div>
        </div>
    }
}

/// "Continue where you left off", when the last page open belongs to a draft
/// still on this device (a closed tab or a crash lands here).
fn continue_banner(
    list: &Option<Result<DraftList, &'static str>>,
    last_page: &Option<String>,
) -> Option<Html> {
    let href = last_page.as_deref()?;
    let hash = href.split_once('#').map(|(_, h)| h)?;
    let route = Route::parse(crate::route::Journey::School, hash)?;
    let Route::School(school) = &route else {
        return None;
    };
    let id = school.draft_id()?;
    let draft = list
        .as_ref()?
        .as_ref()
        .ok()?
        .drafts
        .iter()
        .find(|d| d.id == id)?;
    Some(html! {
        <NotificationBanner title_id="continue-title" heading={html! {
            <>
                { "Continue where you left off: " }
                { notification_banner::link(route.href(), format!("{}, {}", draft.name, esma_core::case::lowercase(route.title()))) }
            </>
        }} />
    })
}

fn drafts_table(list: &DraftList) -> Html {
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Your drafts on this device" }</h2>
            if !list.damaged.is_empty() {
                <WarningText>
                    { format!(
                        "{} saved {} could not be read. {} been kept aside, not deleted, so your IT team can try to recover {}.",
                        list.damaged.len(),
                        if list.damaged.len() == 1 { "record" } else { "records" },
                        if list.damaged.len() == 1 { "It has" } else { "They have" },
                        if list.damaged.len() == 1 { "it" } else { "them" },
                    ) }
                </WarningText>
            }
            if list.drafts.is_empty() {
                <p class="govuk-body">{ "You have no drafts on this device." }</p>
            } else {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">{ "Your drafts on this device" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "Draft" }</th>
                            <th scope="col" class="govuk-table__header">{ "Last saved" }</th>
                            <th scope="col" class="govuk-table__header">{ "Files" }</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for list.drafts.iter().map(|d| html! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href={Route::School(SchoolRoute::TaskList(d.id.clone())).href()}>{ &d.name }</a>
                                </td>
                                <td class="govuk-table__cell">{ long_date(&d.updated_at) }</td>
                                <td class="govuk-table__cell">{ d.attachment_count }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

/// Starts a new draft and opens its first section.
pub async fn start_draft(store: &Store, name: &str) -> Result<(), &'static str> {
    let id = crypto::random_uuid_v4().map_err(|e| e.message())?;
    let draft = Draft::new(id, name, &clock::now());
    store.save_draft(&draft).await.map_err(|e| e.message())?;
    dom::navigate(
        &Route::School(SchoolRoute::Section(draft.id.clone(), Section::Eligibility)).href(),
    );
    Ok(())
}
