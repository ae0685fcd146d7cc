//! The school's pages: drafts, the wizard for one draft, and deleting
//! everything on a shared computer.
//!
//! [`SchoolPages`] opens the device's store once and shares it
//! ([`use_store`]). Two pages use it, each with its own set of pages and
//! wasm: `school.html` ([`ReferralPages`]: the drafts and the referral) and
//! `school-device.html` ([`DevicePages`]: passphrase protection, the signing
//! key and deleting everything, which most days nobody opens). [`DraftHost`] loads one draft, owns its [`Wizard`]
//! state, keeps it saved and does the file work for the pages inside it,
//! which read it with [`use_draft`].

mod actions;
mod attach;
pub mod check;
pub mod consent;
pub mod delete_all;
pub mod drafts;
mod evidence;
mod files;
mod host;
pub mod key;
pub mod protect;
pub mod section;
pub mod send;
mod summary;
pub mod task_list;

pub use actions::DraftActions;
pub use host::{DraftHost, LAST_PAGE};

use esma_core::referral::AttachmentPurpose;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::form::state::Wizard;
use crate::route::{Route, SchoolRoute};
use crate::storage::Store;

/// The label a draft's files carry ([`esma_core::file_name`]): the name the
/// user gave the draft, else the pupil's initials.
pub fn file_label(draft: &crate::draft::Draft) -> String {
    let pupil = &draft.referral.pupil;
    let named = (draft.name != crate::draft::UNTITLED).then_some(draft.name.as_str());
    esma_core::file_name::label(
        named,
        pupil.first_name.as_deref(),
        pupil.last_name.as_deref(),
    )
}

/// The device's store, once opened (or why it could not be).
#[derive(Clone, PartialEq)]
pub enum StoreState {
    Opening,
    /// The drafts are protected with a passphrase not yet given in this tab.
    Locked(Store),
    /// Drafts are sealed but their protection is gone: nothing is saved
    /// until it is turned on again.
    ProtectionMissing(Store),
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
            StoreState::Ready(store)
            | StoreState::Locked(store)
            | StoreState::ProtectionMissing(store) => Some(store.clone()),
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

/// The school pages' store: every school page sits inside [`SchoolPages`].
#[hook]
pub fn use_store() -> StoreContext {
    use_context::<StoreContext>().expect("every school page sits inside SchoolPages")
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
#[derive(Clone)]
pub struct DraftContext {
    /// Reading it gives the newest state, whichever context it is read from.
    pub wizard: UseReducerHandle<Wizard>,
    /// The state this context was made from, by address, to tell contexts
    /// apart: `wizard` keeps that state alive, so contexts made from
    /// different states never share one.
    state: *const Wizard,
    pub store: Option<Store>,
    pub files: Callback<FileOp>,
    /// The field whose file is being checked and stored.
    pub busy: Option<String>,
    /// A problem with the last file chosen: (field, message).
    pub file_problem: Option<(String, String)>,
    /// Go to a page and say there what was just done (a success banner
    /// that takes focus): after removing something, say.
    pub notice: Callback<HostNotice>,
}

/// What was just done, to say on the page the person goes to.
#[derive(Clone, Debug, PartialEq)]
pub struct HostNotice {
    pub on: Route,
    pub text: String,
}

impl HostNotice {
    pub fn new(on: Route, text: impl Into<String>) -> HostNotice {
        HostNotice {
            on,
            text: text.into(),
        }
    }
}

/// The wizard's state compares by identity: each change makes a new state.
/// (Yew's own comparison of the handles went through the whole draft, field
/// by field, on every render: time, and 3.5 KB of code.)
impl PartialEq for DraftContext {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.state, other.state)
            && self.store == other.store
            && self.files == other.files
            && self.busy == other.busy
            && self.file_problem == other.file_problem
            && self.notice == other.notice
    }
}

impl DraftContext {
    /// What the pages share, made from the wizard's state now.
    pub fn new(
        wizard: UseReducerHandle<Wizard>,
        store: Option<Store>,
        files: Callback<FileOp>,
        busy: Option<String>,
        file_problem: Option<(String, String)>,
        notice: Callback<HostNotice>,
    ) -> DraftContext {
        let state: *const Wizard = &*wizard;
        DraftContext {
            wizard,
            state,
            store,
            files,
            busy,
            file_problem,
            notice,
        }
    }

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

/// The draft the page is about: every draft page sits inside [`DraftHost`].
#[hook]
pub fn use_draft() -> DraftContext {
    use_context::<DraftContext>().expect("every draft page sits inside DraftHost")
}

/// Which of the school's pages a page shows ([`SchoolPages`]).
pub trait SchoolPageSet: 'static {
    /// A page shown whatever state the store is in, even locked.
    fn any_state(_route: &SchoolRoute) -> Option<Html> {
        None
    }
    /// A page that follows the store's state itself ([`use_store`]), shown
    /// unless the drafts are locked.
    fn unlocked(_route: &SchoolRoute) -> Option<Html> {
        None
    }
    /// A page shown once the store is opened and unlocked.
    fn ready(_route: &SchoolRoute, _store: &Store) -> Html {
        Html::default()
    }
}

/// `school.html`: the drafts and each draft's referral.
pub struct ReferralPages;
impl SchoolPageSet for ReferralPages {
    fn unlocked(route: &SchoolRoute) -> Option<Html> {
        matches!(route, SchoolRoute::Drafts).then(|| html! { <drafts::DraftsPage /> })
    }
    fn ready(route: &SchoolRoute, store: &Store) -> Html {
        let id = route.draft_id().unwrap_or_default().to_owned();
        html! { <DraftHost key={id.clone()} id={id.clone()} route={route.clone()} store={store.clone()} /> }
    }
}

/// `school-device.html`: protecting the drafts, the signing key, deleting everything.
pub struct DevicePages;
impl SchoolPageSet for DevicePages {
    fn any_state(route: &SchoolRoute) -> Option<Html> {
        matches!(route, SchoolRoute::DeleteAll).then(|| html! { <delete_all::DeleteAllPage /> })
    }
    fn unlocked(route: &SchoolRoute) -> Option<Html> {
        match route {
            SchoolRoute::Protect => Some(html! { <protect::ProtectPage /> }),
            SchoolRoute::Key => Some(html! { <key::KeyPage /> }),
            _ => None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SchoolPagesProps {
    pub route: SchoolRoute,
}

#[function_component(SchoolPages)]
pub fn school_pages<S: SchoolPageSet>(props: &SchoolPagesProps) -> Html {
    let state = use_state(|| StoreState::Opening);
    let generation = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(*generation, move |_| {
            spawn_local(async move {
                state.set(match Store::open().await {
                    Ok(store) => match store.protection().await {
                        Ok(Some(_)) if !store.is_unlocked() => StoreState::Locked(store),
                        Ok(Some(_)) => StoreState::Ready(store),
                        Ok(None) => match store.protection_missing().await {
                            Ok(true) => StoreState::ProtectionMissing(store),
                            Ok(false) => StoreState::Ready(store),
                            Err(e) => StoreState::Unavailable(e.message()),
                        },
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
    let route = &props.route;
    let page = S::any_state(route).unwrap_or_else(|| match &*state {
        StoreState::Locked(store) => {
            let unlocked = {
                let (state, store) = (state.clone(), store.clone());
                Callback::from(move |()| state.set(StoreState::Ready(store.clone())))
            };
            html! { <protect::UnlockPage store={store.clone()} unlocked={unlocked} /> }
        }
        StoreState::ProtectionMissing(store) => {
            let protected = {
                let (state, store) = (state.clone(), store.clone());
                Callback::from(move |()| state.set(StoreState::Ready(store.clone())))
            };
            html! { <protect::ProtectionMissingPage store={store.clone()} protected={protected} /> }
        }
        other => S::unlocked(route).unwrap_or_else(|| match other {
            StoreState::Ready(store) => S::ready(route, store),
            StoreState::Unavailable(message) => html! {
                <>
                    <h1 class="govuk-heading-l">{ "Your drafts cannot be opened" }</h1>
                    <p class="govuk-body">{ *message }</p>
                    <p class="govuk-body"><a class="govuk-link" href={Route::School(SchoolRoute::Drafts).href()}>{ "Go to your drafts" }</a></p>
                </>
            },
            _ => html! { <p class="govuk-body" role="status">{ "Opening your saved drafts…" }</p> },
        }),
    });
    html! { <ContextProvider<StoreContext> context={context}>{ page }</ContextProvider<StoreContext>> }
}
