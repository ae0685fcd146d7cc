//! The school's pages: drafts, the wizard for one draft, and deleting
//! everything on a shared computer.
//!
//! [`SchoolPages`] opens the device's store once. [`DraftHost`] loads one
//! draft, owns its [`Wizard`] state, saves every revision as it is made, and
//! does the file work (hash, store, view, remove) for the pages inside it.

pub mod check;
pub mod consent;
pub mod delete_all;
pub mod drafts;
pub mod key;
pub mod protect;
pub mod section;
pub mod send;
pub mod task_list;

use esma_core::referral::{Attachment, AttachmentPurpose};
use esma_core::settings::Settings;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::AppSettings;
use crate::dom;
use crate::draft::Draft;
use crate::route::{focus_target, Route, SchoolRoute};
use crate::storage::{crypto, files, StorageError, Store};
use crate::wizard::questions::{questions, Kind, Section};
use crate::wizard::state::{Action, Wizard};

/// The meta key for the last draft page open, for "continue where you left off".
pub const LAST_PAGE: &str = "lastPage";

/// The device's store, once opened (or why it could not be).
#[derive(Clone, PartialEq)]
pub enum StoreState {
    Opening,
    /// The drafts are protected with a passphrase not yet given in this tab.
    Locked(Store),
    Ready(Store),
    Unavailable(&'static str),
}

impl StoreState {
    /// The store, once it can be used (opened, and unlocked if protected).
    pub fn store(&self) -> Option<Store> {
        match self {
            StoreState::Ready(store) => Some(store.clone()),
            _ => None,
        }
    }

    /// The open connection, locked or not: to close before deleting everything.
    pub fn connection(&self) -> Option<Store> {
        match self {
            StoreState::Ready(store) | StoreState::Locked(store) => Some(store.clone()),
            _ => None,
        }
    }
}

/// The school pages' shared handle on the store; `reopen` after deleting.
#[derive(Clone, PartialEq)]
pub struct StoreContext {
    pub state: StoreState,
    pub reopen: Callback<()>,
}

/// File work the draft pages ask of their host.
#[derive(Clone, Debug, PartialEq)]
pub enum FileOp {
    /// A chosen file: check, hash, store, then link to `path` (if any).
    Add {
        path: Option<String>,
        purpose: Option<AttachmentPurpose>,
        file: web_sys::File,
    },
    View(String),
    Remove(String),
}

/// What the pages of one draft share.
#[derive(Clone, PartialEq)]
pub struct DraftContext {
    pub wizard: UseReducerHandle<Wizard>,
    pub store: Option<Store>,
    pub files: Callback<FileOp>,
    /// The field whose file is being checked and stored.
    pub busy: Option<String>,
    /// A problem with the last file chosen: (field, message).
    pub file_problem: Option<(String, String)>,
}

impl DraftContext {
    /// The districts to choose from, (value, label): each label names its
    /// ISL area and says when the council has not confirmed the mapping.
    pub fn districts(&self) -> Vec<(String, String)> {
        self.wizard
            .settings
            .isl_areas
            .iter()
            .flat_map(|area| {
                area.districts.iter().map(move |d| {
                    let label = if d.confirmed && area.confirmed {
                        format!("{} ({} area)", d.name, area.name)
                    } else {
                        format!(
                            "{} ({} area, not yet confirmed by the council)",
                            d.name, area.name
                        )
                    };
                    (d.name.clone(), label)
                })
            })
            .collect()
    }

    /// File types the council accepts, for the file picker.
    pub fn accept(&self) -> String {
        self.wizard
            .settings
            .attachments
            .allowed_media_types
            .join(",")
    }
}

#[derive(Properties, PartialEq)]
pub struct SchoolPagesProps {
    pub route: SchoolRoute,
}

#[function_component(SchoolPages)]
pub fn school_pages(props: &SchoolPagesProps) -> Html {
    let state = use_state(|| StoreState::Opening);
    let generation = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(*generation, move |_| {
            spawn_local(async move {
                state.set(match Store::open().await {
                    Ok(store) => match store.protection().await {
                        Ok(Some(_)) if !store.is_unlocked() => StoreState::Locked(store),
                        Ok(_) => StoreState::Ready(store),
                        Err(e) => StoreState::Unavailable(e.message()),
                    },
                    Err(e) => StoreState::Unavailable(e.message()),
                });
            });
        });
    }
    let reopen = {
        let generation = generation.clone();
        let state = state.clone();
        Callback::from(move |_| {
            state.set(StoreState::Opening);
            generation.set(*generation + 1);
        })
    };
    protect::use_idle_lock(state.store());
    let context = StoreContext {
        state: (*state).clone(),
        reopen,
    };
    let page = match (&props.route, &*state) {
        (SchoolRoute::DeleteAll, _) => html! { <delete_all::DeleteAllPage /> },
        (_, StoreState::Locked(store)) => {
            let unlocked = {
                let (state, store) = (state.clone(), store.clone());
                Callback::from(move |()| state.set(StoreState::Ready(store.clone())))
            };
            html! { <protect::UnlockPage store={store.clone()} unlocked={unlocked} /> }
        }
        (SchoolRoute::Drafts, _) => html! { <drafts::DraftsPage /> },
        (SchoolRoute::Protect, _) => html! { <protect::ProtectPage /> },
        (SchoolRoute::Key, _) => html! { <key::KeyPage /> },
        (_, StoreState::Opening) => {
            html! { <p class="govuk-body" role="status">{ "Opening your saved drafts…" }</p> }
        }
        (_, StoreState::Unavailable(message)) => html! {
            <>
                <h1 class="govuk-heading-l">{ "Your drafts cannot be opened" }</h1>
                <p class="govuk-body">{ *message }</p>
                <p class="govuk-body"><a class="govuk-link" href={Route::School(SchoolRoute::Drafts).href()}>{ "Go to your drafts" }</a></p>
            </>
        },
        (route, StoreState::Ready(store)) => {
            let id = route.draft_id().unwrap_or_default().to_owned();
            html! { <DraftHost key={id.clone()} id={id.clone()} route={route.clone()} store={store.clone()} /> }
        }
    };
    html! { <ContextProvider<StoreContext> context={context}>{ page }</ContextProvider<StoreContext>> }
}

#[derive(Properties, PartialEq)]
pub struct DraftHostProps {
    pub id: String,
    pub route: SchoolRoute,
    pub store: Store,
}

#[derive(Clone, PartialEq)]
enum Loading {
    Pending,
    Loaded,
    Missing,
    Failed(&'static str),
}

/// Loads one draft, keeps it saved, and shows the page the route asks for.
#[function_component(DraftHost)]
pub fn draft_host(props: &DraftHostProps) -> Html {
    let app = use_context::<AppSettings>().expect("settings are provided by the app");
    let wizard = {
        let settings = app.settings.clone();
        let id = props.id.clone();
        use_reducer(move || {
            Wizard::new(
                Draft::with_id(id, String::new(), ""),
                dom::today(),
                settings,
            )
        })
    };
    let loading = use_state(|| Loading::Pending);
    let saved_revision = use_mut_ref(|| 0u64);
    // The newest revision known to be on the device, for the "Saved" line.
    let saved_shown = use_state(|| 0u64);
    let save_problem = use_state(|| None::<&'static str>);
    // Another tab saved a newer revision of this draft: ours must not
    // overwrite it, and must not be lost either.
    let conflict = use_state(|| false);
    let busy = use_state(|| None::<String>);
    let file_problem = use_state(|| None::<(String, String)>);

    // Load the draft once.
    {
        let (store, id, wizard, loading, saved) = (
            props.store.clone(),
            props.id.clone(),
            wizard.clone(),
            loading.clone(),
            saved_revision.clone(),
        );
        let saved_shown = saved_shown.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                match store.load_draft(&id).await {
                    Ok(Some(draft)) => {
                        *saved.borrow_mut() = draft.revision;
                        saved_shown.set(draft.revision);
                        wizard.dispatch(Action::Load(Box::new(draft)));
                        loading.set(Loading::Loaded);
                    }
                    Ok(None) => loading.set(Loading::Missing),
                    Err(e) => loading.set(Loading::Failed(e.message())),
                }
            });
        });
    }

    // Save every new revision as soon as it is made.
    {
        let (store, saved, save_problem) = (
            props.store.clone(),
            saved_revision.clone(),
            save_problem.clone(),
        );
        let conflict = conflict.clone();
        let saved_shown = saved_shown.clone();
        let draft = wizard.draft.clone();
        let loaded = *loading == Loading::Loaded;
        use_effect_with(draft.revision, move |_| {
            if loaded && draft.revision > *saved.borrow() {
                spawn_local(async move {
                    match store.save_draft(&draft).await {
                        Ok(()) => {
                            let newest = (*saved.borrow()).max(draft.revision);
                            *saved.borrow_mut() = newest;
                            saved_shown.set(newest);
                            save_problem.set(None);
                        }
                        Err(e) => {
                            conflict.set(matches!(e, StorageError::Outdated { .. }));
                            save_problem.set(Some(e.message()));
                        }
                    }
                });
            }
        });
    }

    // Remember the page, so a closed tab can take the user back to it.
    {
        let (store, loaded) = (props.store.clone(), *loading == Loading::Loaded);
        use_effect_with((props.route.clone(), loaded), move |(route, loaded)| {
            if *loaded {
                let href = Route::School(route.clone()).href();
                spawn_local(async move {
                    let _ = store.set_meta(LAST_PAGE, &href).await;
                });
            }
        });
    }

    // Arriving from a "Change" or problem link: focus the field.
    {
        let loaded = *loading == Loading::Loaded;
        use_effect_with((props.route.clone(), loaded), move |(_, loaded)| {
            if *loaded {
                if let Some(id) = focus_target(&dom::current_hash()) {
                    dom::focus_field(&id);
                }
            }
        });
    }

    let on_file = {
        let (store, wizard, busy, file_problem) = (
            props.store.clone(),
            wizard.clone(),
            busy.clone(),
            file_problem.clone(),
        );
        Callback::from(move |op: FileOp| {
            let (store, wizard, busy, file_problem) = (
                store.clone(),
                wizard.clone(),
                busy.clone(),
                file_problem.clone(),
            );
            match op {
                FileOp::Add {
                    path,
                    purpose,
                    file,
                } => {
                    let key = path.clone().unwrap_or_else(|| "attachments".to_owned());
                    let purpose =
                        purpose.or_else(|| path.as_deref().and_then(|p| purpose_for(p, &wizard)));
                    file_problem.set(None);
                    busy.set(Some(key.clone()));
                    spawn_local(async move {
                        let result = add_file(&store, &wizard, path, purpose, &file).await;
                        busy.set(None);
                        if let Err(message) = result {
                            file_problem.set(Some((key, message)));
                        }
                    });
                }
                FileOp::View(id) => spawn_local(async move {
                    let shown = match store.attachment_blob(&id).await {
                        Ok(Some(blob)) => {
                            files::open_blob_in_new_tab(&blob).map_err(|e| e.message())
                        }
                        Ok(None) => Err(StorageError::AttachmentMissing.message()),
                        Err(e) => Err(e.message()),
                    };
                    if let Err(message) = shown {
                        file_problem.set(Some(("attachments".into(), message.to_owned())));
                    }
                }),
                FileOp::Remove(id) => {
                    wizard.dispatch(Action::Detach {
                        id: id.clone(),
                        now: crate::draft::now(),
                    });
                    // The draft no longer links to it; the bytes can go.
                    spawn_local(async move {
                        let _ = store.delete_attachment(&id).await;
                    });
                }
            }
        })
    };

    match &*loading {
        Loading::Pending => {
            return html! { <p class="govuk-body" role="status">{ "Opening the draft…" }</p> }
        }
        Loading::Missing => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ "This draft is not on this device" }</h1>
                    <p class="govuk-body">{ "It may have been deleted, or saved in another browser or on another computer." }</p>
                    <p class="govuk-body"><a class="govuk-link" href={Route::School(SchoolRoute::Drafts).href()}>{ "Go to your drafts" }</a></p>
                </>
            }
        }
        Loading::Failed(message) => {
            return html! {
                <>
                    <h1 class="govuk-heading-l">{ "This draft cannot be opened" }</h1>
                    <p class="govuk-body">{ *message }</p>
                    <p class="govuk-body"><a class="govuk-link" href={Route::School(SchoolRoute::Drafts).href()}>{ "Go to your drafts" }</a></p>
                </>
            }
        }
        Loading::Loaded => {}
    }

    let context = DraftContext {
        wizard: wizard.clone(),
        store: Some(props.store.clone()),
        files: on_file,
        busy: (*busy).clone(),
        file_problem: (*file_problem).clone(),
    };
    let unsaved = wizard.draft.revision > *saved_shown;
    let page = match &props.route {
        SchoolRoute::TaskList(_) => html! { <task_list::TaskListPage /> },
        SchoolRoute::Section(_, section) => html! { <section::SectionPage section={*section} /> },
        SchoolRoute::Check(_) => html! { <check::CheckAnswersPage /> },
        SchoolRoute::Drafts | SchoolRoute::DeleteAll | SchoolRoute::Protect | SchoolRoute::Key => {
            html! {}
        }
    };
    html! {
        <ContextProvider<DraftContext> context={context}>
            if let Some(message) = *save_problem {
                <div class="govuk-error-summary" role="alert">
                    <h2 class="govuk-error-summary__title">{ "Your latest changes are not saved on this device" }</h2>
                    <div class="govuk-error-summary__body">
                        <p class="govuk-body">{ message }</p>
                        if *conflict {
                            { conflict_choices(&props.store, &wizard) }
                        } else {
                            <p class="govuk-body">{ "Keep this page open. Export the draft to a file so nothing is lost." }</p>
                        }
                    </div>
                </div>
            }
            { page }
            // Reassurance that nothing typed is lost; `data-state` lets the
            // browser tests wait for the save instead of sleeping.
            <p class="govuk-body-s app-save-state app-no-print" data-state={if unsaved { "saving" } else { "saved" }}>
                { if unsaved { "Saving on this device…" } else { "All changes saved on this device." } }
            </p>
        </ContextProvider<DraftContext>>
    }
}

/// When another tab has saved this draft: keep this tab's version as a new
/// draft, or reload to see the other one. Nothing is overwritten either way.
fn conflict_choices(store: &Store, wizard: &UseReducerHandle<Wizard>) -> Html {
    let onkeep = {
        let (store, wizard) = (store.clone(), wizard.clone());
        Callback::from(move |_: MouseEvent| {
            let (store, current) = (store.clone(), wizard.draft.clone());
            spawn_local(async move {
                let now = crate::draft::now();
                let Ok(mut copy) = Draft::new(&format!("{} (copy)", current.name), &now) else {
                    return;
                };
                copy.referral = current.referral;
                copy.raw_inputs = current.raw_inputs;
                // The copy gets its own copies of the stored files.
                let mut ids = std::collections::BTreeMap::new();
                for attachment in copy.referral.attachments.clone() {
                    let Some(old) = attachment.id.clone() else {
                        continue;
                    };
                    let Ok(Some(blob)) = store.attachment_blob(&old).await else {
                        continue;
                    };
                    let Ok(new_id) = crypto::random_uuid_v4() else {
                        continue;
                    };
                    let moved = Attachment {
                        id: Some(new_id.clone()),
                        ..attachment
                    };
                    if store.put_attachment(&copy.id, &moved, &blob).await.is_ok() {
                        ids.insert(old, new_id);
                    }
                }
                esma_core::draft_file::remap_attachment_ids(&mut copy.referral, &ids);
                if store.save_draft(&copy).await.is_ok() {
                    dom::navigate(&Route::School(SchoolRoute::TaskList(copy.id)).href());
                }
            });
        })
    };
    let onreload = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! {
        <div class="govuk-button-group">
            <button type="button" class="govuk-button" onclick={onkeep}>{ "Save my version as a new draft" }</button>
            <button type="button" class="govuk-button govuk-button--secondary" onclick={onreload}>{ "Reload to see the other version" }</button>
        </div>
    }
}

/// The purpose a file question stores, from the question table.
fn purpose_for(path: &str, wizard: &Wizard) -> Option<AttachmentPurpose> {
    questions(Section::of_field(path), &wizard.draft.referral)
        .into_iter()
        .find(|q| q.path == path)
        .and_then(|q| match q.kind {
            Kind::Attachment(purpose) => Some(purpose),
            _ => None,
        })
}

/// Checks a chosen file against the council's limits, hashes it with
/// WebCrypto, stores it on the device, then links it to the draft. Returns
/// the message to show when it cannot.
async fn add_file(
    store: &Store,
    wizard: &UseReducerHandle<Wizard>,
    path: Option<String>,
    purpose: Option<AttachmentPurpose>,
    file: &web_sys::File,
) -> Result<(), String> {
    let settings: &Settings = &wizard.settings;
    let name = dom::nfc(&file.name());
    let media_type = files::media_type_for(&name, &file.type_());
    let existing: u64 = wizard
        .draft
        .referral
        .attachments
        .iter()
        .filter_map(|a| a.size)
        .sum();
    files::check_attachment_limits(file.size() as u64, &media_type, existing, settings)
        .map_err(|problem| problem.message(settings))?;
    let (buffer, _) = files::read_file(file)
        .await
        .map_err(|e| e.message().to_owned())?;
    let started = dom::now_ms();
    let sha256 = crypto::sha256_hex_buffer(&buffer)
        .await
        .map_err(|e| e.message().to_owned())?;
    // `cargo xtask bench` reads this as the hashing speed.
    dom::measure_since("esma-sha256", started);
    let id = crypto::random_uuid_v4().map_err(|e| e.message().to_owned())?;
    let attachment = Attachment {
        id: Some(id),
        name: Some(name),
        media_type: Some(media_type.clone()),
        size: Some(buffer.byte_length() as u64),
        sha256: Some(sha256),
        purpose,
    };
    let blob = files::blob_from_buffer(&buffer, &media_type).map_err(|e| e.message().to_owned())?;
    store
        .put_attachment(&wizard.draft.id, &attachment, &blob)
        .await
        .map_err(|e| e.message().to_owned())?;
    wizard.dispatch(Action::Attach {
        path,
        attachment,
        now: crate::draft::now(),
    });
    Ok(())
}

/// Rename, export and delete, for the task list and check-answers pages.
#[function_component(DraftActions)]
pub fn draft_actions() -> Html {
    let context = use_context::<DraftContext>().expect("draft actions sit inside a draft");
    let problem = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let name = use_state(|| context.wizard.draft.name.clone());
    let onrename = {
        let (wizard, name) = (context.wizard.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wizard.dispatch(Action::Rename {
                name: dom::nfc(&name),
                now: crate::draft::now(),
            });
        })
    };
    let onname = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let onexport = {
        let (store, wizard, problem) = (
            context.store.clone(),
            context.wizard.clone(),
            problem.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (store, draft, problem) = (store.clone(), wizard.draft.clone(), problem.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                let result = match store.export_draft(&draft).await {
                    Ok(json) => {
                        let file_name =
                            esma_core::draft_file::suggested_file_name(&crate::draft::now());
                        files::download(&file_name, "application/json", json.as_bytes())
                            .map_err(|e| e.message())
                    }
                    Err(e) => Err(e.message()),
                };
                problem.set(result.err().map(str::to_owned));
            });
        })
    };
    let ondelete = {
        let (store, id, confirming, problem) = (
            context.store.clone(),
            context.wizard.draft.id.clone(),
            confirming.clone(),
            problem.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !*confirming {
                confirming.set(true);
                return;
            }
            let (store, id, problem) = (store.clone(), id.clone(), problem.clone());
            spawn_local(async move {
                let Some(store) = store else { return };
                match store.delete_draft(&id).await {
                    Ok(()) => dom::navigate(&Route::School(SchoolRoute::Drafts).href()),
                    Err(e) => problem.set(Some(e.message().to_owned())),
                }
            });
        })
    };
    html! {
        <div class="app-draft-actions">
            <h2 class="govuk-heading-m">{ "This draft" }</h2>
            if let Some(message) = &*problem {
                <p class="govuk-error-message" role="alert"><span class="govuk-visually-hidden">{ "Error: " }</span>{ message }</p>
            }
            <form novalidate=true onsubmit={onrename}>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="draft-name">{ "Draft name" }</label>
                    <div class="govuk-hint" id="draft-name-hint">{ "Only you see this name. Do not use the pupil's full name on a shared computer." }</div>
                    <input class="govuk-input govuk-input--width-20" id="draft-name" name="draft-name" type="text"
                        value={(*name).clone()} aria-describedby="draft-name-hint" oninput={onname} />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary">{ "Rename draft" }</button>
            </form>
            <p class="govuk-body">
                { "Export the draft to move it to another computer or give it to a colleague. The file is an unsigned draft, not a referral." }
            </p>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={onexport}>{ "Export draft" }</button>
                <button type="button" class="govuk-button govuk-button--warning" onclick={ondelete}>
                    { if *confirming { "Yes, delete this draft" } else { "Delete draft" } }
                </button>
            </div>
            if *confirming {
                <div class="govuk-warning-text" role="alert">
                    <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">{ "Warning" }</span>
                        { "Deleting removes the draft and its files from this device. You cannot undo this." }
                    </strong>
                </div>
            }
        </div>
    }
}

/// Starts a new draft and opens its first section.
pub async fn start_draft(store: &Store, name: &str) -> Result<(), &'static str> {
    let draft = Draft::new(name, &crate::draft::now()).map_err(|e| e.message())?;
    store.save_draft(&draft).await.map_err(|e| e.message())?;
    dom::navigate(
        &Route::School(SchoolRoute::Section(draft.id.clone(), Section::Eligibility)).href(),
    );
    Ok(())
}
