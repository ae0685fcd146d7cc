//! [`DraftHost`]: loads one draft, owns its [`Wizard`] state, saves every
//! revision as it is made, does the file work (hash, store, view, remove)
//! for the pages inside it, and shows the page the route asks for.
//!
//! Beside the wizard's reducer, the host's own state ([`Host`]: loading,
//! saving, file work) changes through one pure [`Host::apply`], tested
//! natively.

use std::rc::Rc;

use esma_core::referral::Attachment;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::attach::{add_file, purpose_for};
use super::{check, evidence, files as file_pages, section, summary, task_list};
use super::{DraftContext, FileOp, HostNotice};
use crate::components::error_summary::ErrorSummary;
use crate::components::notification_banner::NotificationBanner;
use crate::draft::Draft;
use crate::form::fields::input_id;
use crate::form::state::{Action, Wizard};
use crate::route::{focus_target, Route, SchoolRoute};
use crate::settings::use_app_settings;
use crate::storage::{StorageError, Store};
use crate::web::{clock, crypto, dom, files};

/// The meta key for the last draft page open, for "continue where you left off".
pub const LAST_PAGE: &str = "lastPage";

/// The id of the banner that says what was just done.
const NOTICE_ID: &str = "app-notice";

/// Whether the draft has been read from the device.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Loading {
    #[default]
    Pending,
    Loaded,
    Missing,
    Failed(&'static str),
}

/// The host's state, beside the wizard's.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Host {
    pub loading: Loading,
    /// The newest revision known to be on the device.
    pub saved: u64,
    /// Why the latest change is not saved.
    pub save_problem: Option<&'static str>,
    /// Another tab saved a newer revision of this draft: ours must not
    /// overwrite it, and must not be lost either.
    pub conflict: bool,
    /// The field whose file is being checked and stored.
    pub busy: Option<String>,
    /// A problem with the last file chosen or opened: (field, message).
    pub file_problem: Option<(String, String)>,
    /// What was just done, said on the page it names.
    pub notice: Option<HostNotice>,
    /// Where focus goes, and what screen readers hear, once the page shows
    /// the outcome of what the person did on it (a file stored, say).
    pub after: Option<After>,
}

/// Focus and an announcement for after the next render; `turn` tells one
/// from the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct After {
    pub turn: u32,
    pub focus: String,
    pub say: String,
}

/// Everything that happens to the host.
#[derive(Clone, Debug, PartialEq)]
pub enum HostAction {
    /// The draft was read, at this revision.
    Loaded { revision: u64 },
    /// There is no draft with this id on the device.
    Missing,
    /// It could not be read: why.
    Failed(&'static str),
    /// A revision is on the device.
    Saved { revision: u64 },
    /// A save failed; `conflict` when another tab's revision is newer.
    SaveFailed {
        message: &'static str,
        conflict: bool,
    },
    /// A chosen file is being checked and stored for `field`.
    FileStarted { field: String },
    /// The file work ended; with the message to show against `field` if it failed.
    FileDone { problem: Option<(String, String)> },
    /// A stored file could not be opened.
    FileProblem { field: String, message: String },
    /// Once drawn, focus this element and say this.
    Then { focus: String, say: String },
    /// Say what was done on the page it names; `None` once it is left.
    Notice(Option<HostNotice>),
}

impl Host {
    /// The state after `action`.
    pub fn apply(mut self, action: HostAction) -> Host {
        match action {
            HostAction::Loaded { revision } => {
                self.loading = Loading::Loaded;
                self.saved = revision;
            }
            HostAction::Missing => self.loading = Loading::Missing,
            HostAction::Failed(message) => self.loading = Loading::Failed(message),
            HostAction::Saved { revision } => {
                // Saves finish in order, but a later one may report first.
                self.saved = self.saved.max(revision);
                self.save_problem = None;
            }
            HostAction::SaveFailed { message, conflict } => {
                self.conflict = conflict;
                self.save_problem = Some(message);
            }
            HostAction::FileStarted { field } => {
                self.file_problem = None;
                self.busy = Some(field);
            }
            HostAction::FileDone { problem } => {
                self.busy = None;
                if problem.is_some() {
                    self.file_problem = problem;
                }
            }
            HostAction::FileProblem { field, message } => {
                self.file_problem = Some((field, message));
            }
            HostAction::Then { focus, say } => {
                let turn = self.after.as_ref().map_or(1, |a| a.turn + 1);
                self.after = Some(After { turn, focus, say });
            }
            HostAction::Notice(notice) => self.notice = notice,
        }
        self
    }

    /// Whether `revision` still has to be saved.
    pub fn needs_saving(&self, revision: u64) -> bool {
        self.loading == Loading::Loaded && revision > self.saved
    }
}

impl Reducible for Host {
    type Action = HostAction;
    fn reduce(self: Rc<Self>, action: HostAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[derive(Properties, PartialEq)]
pub struct DraftHostProps {
    pub id: String,
    pub route: SchoolRoute,
    pub store: Store,
}

/// Loads one draft, keeps it saved, and shows the page the route asks for.
#[function_component(DraftHost)]
pub fn draft_host(props: &DraftHostProps) -> Html {
    let app = use_app_settings();
    let wizard = {
        let settings = app.settings.clone();
        let id = props.id.clone();
        use_reducer(move || Wizard::new(Draft::new(id, "", ""), clock::today(), settings))
    };
    let host = use_reducer(Host::default);
    let loaded = host.loading == Loading::Loaded;

    // Load the draft once.
    {
        let (store, id, wizard, host) = (
            props.store.clone(),
            props.id.clone(),
            wizard.clone(),
            host.clone(),
        );
        use_effect_with((), move |_| {
            spawn_local(async move {
                // Saves this tab made on another page (before the signing
                // key page, say) may still be writing: read after them.
                crate::storage::saves_finished().await;
                match store.load_draft(&id).await {
                    Ok(Some(draft)) => {
                        host.dispatch(HostAction::Loaded {
                            revision: draft.revision,
                        });
                        wizard.dispatch(Action::Load(Box::new(draft)));
                    }
                    Ok(None) => host.dispatch(HostAction::Missing),
                    Err(e) => host.dispatch(HostAction::Failed(e.message())),
                }
            });
        });
    }

    // Save every new revision as soon as it is made.
    {
        let (store, host) = (props.store.clone(), host.clone());
        let draft = wizard.draft.clone();
        use_effect_with(draft.revision, move |_| {
            if host.needs_saving(draft.revision) {
                spawn_local(async move {
                    host.dispatch(match store.save_draft(&draft).await {
                        Ok(()) => HostAction::Saved {
                            revision: draft.revision,
                        },
                        Err(e) => HostAction::SaveFailed {
                            message: e.message(),
                            conflict: matches!(e, StorageError::Outdated { .. }),
                        },
                    });
                });
            }
        });
    }

    // Remember the page, so a closed tab can take the user back to it.
    {
        let store = props.store.clone();
        use_effect_with((props.route.clone(), loaded), move |(route, loaded)| {
            if *loaded {
                let href = Route::School(route.clone()).href();
                spawn_local(async move {
                    let _ = store.set_meta(LAST_PAGE, &href).await;
                });
            }
        });
    }

    // Arriving from a "Change" or problem link: focus the field. Leaving
    // the page a notice was for: it has been said.
    {
        let host = host.clone();
        use_effect_with((props.route.clone(), loaded), move |(route, loaded)| {
            if *loaded {
                if let Some(id) = focus_target(&dom::current_hash()) {
                    dom::focus_field(&id);
                }
            }
            let here = Route::School(route.clone());
            if host.notice.as_ref().is_some_and(|n| n.on != here) {
                host.dispatch(HostAction::Notice(None));
            }
        });
    }

    // The outcome of what the person did, once it is drawn.
    use_effect_with(host.after.clone(), |after| {
        if let Some(after) = after {
            dom::focus_field(&after.focus);
            dom::announce(&after.say);
        }
    });

    let on_file = {
        let (store, wizard, host) = (props.store.clone(), wizard.clone(), host.clone());
        Callback::from(move |op: FileOp| {
            let (store, wizard, host) = (store.clone(), wizard.clone(), host.clone());
            match op {
                FileOp::Add {
                    path,
                    purpose,
                    file,
                } => {
                    let field = path.clone().unwrap_or_else(|| "attachments".to_owned());
                    let purpose =
                        purpose.or_else(|| path.as_deref().and_then(|p| purpose_for(p, &wizard)));
                    // Where the stored file shows: its question, or the new
                    // last row of the files table.
                    let shown_at = match &path {
                        Some(path) => input_id(path),
                        None => {
                            format!("f-attachments-{}", wizard.draft.referral.attachments.len())
                        }
                    };
                    host.dispatch(HostAction::FileStarted {
                        field: field.clone(),
                    });
                    spawn_local(async move {
                        let result = add_file(&store, &wizard, path, purpose, &file).await;
                        let then = match &result {
                            Ok(name) => HostAction::Then {
                                focus: shown_at,
                                say: format!("{name} added"),
                            },
                            Err(message) => HostAction::Then {
                                focus: input_id(&field),
                                say: message.clone(),
                            },
                        };
                        host.dispatch(HostAction::FileDone {
                            problem: result.err().map(|message| (field, message)),
                        });
                        host.dispatch(then);
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
                        host.dispatch(HostAction::FileProblem {
                            field: "attachments".into(),
                            message: message.to_owned(),
                        });
                    }
                }),
                FileOp::Remove(id) => {
                    wizard.dispatch(Action::Detach {
                        id: id.clone(),
                        now: clock::now(),
                    });
                    // The draft no longer links to it; the bytes can go.
                    spawn_local(async move {
                        let _ = store.delete_attachment(&id).await;
                    });
                }
            }
        })
    };

    match &host.loading {
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

    let notice = {
        let host = host.clone();
        Callback::from(move |notice: HostNotice| {
            let href = format!("{}?focus={NOTICE_ID}", notice.on.href());
            host.dispatch(HostAction::Notice(Some(notice)));
            dom::navigate(&href);
        })
    };
    let context = DraftContext::new(
        wizard.clone(),
        Some(props.store.clone()),
        on_file,
        host.busy.clone(),
        host.file_problem.clone(),
        notice,
    );
    let unsaved = wizard.draft.revision > host.saved;
    let page = match &props.route {
        SchoolRoute::TaskList(_) => html! { <task_list::TaskListPage /> },
        SchoolRoute::Section(_, section) => html! { <section::SectionPage section={*section} /> },
        SchoolRoute::Page(_, section, slug) => {
            html! { <section::SectionPage section={*section} slug={Some(slug.clone())} /> }
        }
        SchoolRoute::Summary(_, section) => html! { <summary::SummaryPage section={*section} /> },
        SchoolRoute::Check(_) => html! { <check::CheckAnswersPage /> },
        SchoolRoute::RemoveEvidence(_, number) => {
            html! { <evidence::RemoveEvidencePage number={*number} /> }
        }
        SchoolRoute::RemoveFile(_, file) => {
            html! { <file_pages::RemoveFilePage file={file.clone()} /> }
        }
        SchoolRoute::Drafts | SchoolRoute::DeleteAll | SchoolRoute::Protect | SchoolRoute::Key => {
            html! {}
        }
    };
    let here = Route::School(props.route.clone());
    let said = host
        .notice
        .as_ref()
        .filter(|n| n.on == here)
        .map(|n| n.text.clone());
    html! {
        <ContextProvider<DraftContext> context={context}>
            if let Some(message) = host.save_problem {
                <ErrorSummary id="save-problem" title="Your latest changes are not saved on this device">
                    <p class="govuk-body">{ message }</p>
                    if host.conflict {
                        { conflict_choices(&props.store, &wizard) }
                    } else {
                        <p class="govuk-body">{ "Keep this page open. Export the draft to a file so nothing is lost." }</p>
                    }
                </ErrorSummary>
            }
            if let Some(text) = said {
                // Focused on arrival (`?focus=`), so it is read first.
                <div id={NOTICE_ID} tabindex="-1" class="app-notice">
                    <NotificationBanner title_id="notice-title" success=true heading={html! { text }} />
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
                let Ok(id) = crypto::random_uuid_v4() else {
                    return;
                };
                let name = format!("{} (copy)", current.name);
                let mut copy = Draft::new(id, &name, &clock::now());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(revision: u64) -> Host {
        Host::default().apply(HostAction::Loaded { revision })
    }

    #[test]
    fn only_revisions_newer_than_the_saved_one_are_saved_once_loaded() {
        assert!(
            !Host::default().needs_saving(5),
            "not before the draft is read"
        );
        let host = loaded(3);
        assert!(!host.needs_saving(3), "the revision just read");
        assert!(host.needs_saving(4));
    }

    #[test]
    fn saves_reported_out_of_order_keep_the_newest() {
        let host = loaded(3)
            .apply(HostAction::Saved { revision: 5 })
            .apply(HostAction::Saved { revision: 4 });
        assert_eq!(host.saved, 5);
        assert!(!host.needs_saving(5));
    }

    #[test]
    fn a_failed_save_says_why_until_a_save_succeeds() {
        let host = loaded(1).apply(HostAction::SaveFailed {
            message: "outdated",
            conflict: true,
        });
        assert_eq!(host.save_problem, Some("outdated"));
        assert!(host.conflict);
        let host = host.apply(HostAction::Saved { revision: 2 });
        assert_eq!(host.save_problem, None);
    }

    #[test]
    fn file_work_shows_busy_then_its_problem() {
        let host = loaded(1).apply(HostAction::FileStarted { field: "f".into() });
        assert_eq!(host.busy.as_deref(), Some("f"));
        let host = host.apply(HostAction::FileDone {
            problem: Some(("f".into(), "too large".into())),
        });
        assert_eq!(host.busy, None);
        assert_eq!(host.file_problem, Some(("f".into(), "too large".into())));
        let host = host.apply(HostAction::FileStarted { field: "g".into() });
        assert_eq!(
            host.file_problem, None,
            "a new file clears the last problem"
        );
    }
}
