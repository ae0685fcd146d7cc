//! A parent or carer reviews what a school will share, and gives or refuses
//! consent (`parent.html`).
//!
//! The journey: open the school's consent request file (its signature and
//! every attached file checked in the browser), read what will be shared
//! page by page in plain English, read who will see it and why and the
//! consent notice, then decide. The page makes a consent response file,
//! signed with a key made for that one occasion, for the parent to send back
//! to the school.
//!
//! Nothing is stored on the device: the request lives in this page's memory
//! only, so a reload starts again from "open the file". Nothing is sent
//! anywhere.

mod decide;
mod glossary;
mod open;
mod request;
mod review;
mod signature;

use std::rc::Rc;

use yew::prelude::*;

use crate::form::questions::Section;
use crate::pages::not_found::NotFoundPage;
use crate::route::{ParentStep, Route};
use crate::web::dom;

pub use request::Opened;
pub use review::parent_label;

/// What the parent decided, once the response file is made.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub given: bool,
    pub file_name: String,
    /// The response file, to save it again.
    pub bytes: Rc<Vec<u8>>,
}

/// The parent pages' shared state: the request opened on this visit, and
/// the decision once made.
#[derive(Clone, PartialEq)]
pub struct ParentContext {
    pub opened: Option<Rc<Opened>>,
    pub set_opened: Callback<Option<Rc<Opened>>>,
    pub finished: Option<Finished>,
    pub set_finished: Callback<Option<Finished>>,
}

/// The request and decision: every parent page sits inside [`ParentPages`].
#[hook]
pub fn use_parent() -> ParentContext {
    use_context::<ParentContext>().expect("every parent page sits inside ParentPages")
}

/// The sections a parent reviews, in order: the referral's own, less the
/// screener (the school's check, not shared) and the consent section (what
/// this journey is for).
pub fn shared_sections(opened: &Opened) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|s| !matches!(s, Section::Eligibility | Section::Consent))
        .filter(|s| s.applies(&opened.referral))
        .collect()
}

/// Every review page in order, then the decision.
pub fn steps(opened: &Opened) -> Vec<ParentStep> {
    let mut steps: Vec<ParentStep> = shared_sections(opened)
        .into_iter()
        .map(ParentStep::Shared)
        .collect();
    steps.extend([
        ParentStep::Documents,
        ParentStep::Who,
        ParentStep::Notice,
        ParentStep::Decide,
    ]);
    steps
}

/// The route before and after `step` (before the first is the open page).
pub fn neighbours(opened: &Opened, step: ParentStep) -> (Route, Option<Route>) {
    let all = steps(opened);
    let at = all.iter().position(|s| *s == step);
    let back = match at {
        Some(i) if i > 0 => Route::ParentStep(all[i - 1]),
        _ => Route::Parent,
    };
    let next = at
        .and_then(|i| all.get(i + 1))
        .map(|s| Route::ParentStep(*s));
    (back, next)
}

#[derive(Properties, PartialEq)]
pub struct ParentPagesProps {
    /// `Route::Parent`, a `Route::ParentStep` or `Route::NotFound`.
    pub route: Route,
}

#[function_component(ParentPages)]
pub fn parent_pages(props: &ParentPagesProps) -> Html {
    let opened = use_state(|| None::<Rc<Opened>>);
    let finished = use_state(|| None::<Finished>);
    let context = ParentContext {
        opened: (*opened).clone(),
        set_opened: {
            let opened = opened.clone();
            let finished = finished.clone();
            Callback::from(move |o| {
                finished.set(None);
                opened.set(o);
            })
        },
        finished: (*finished).clone(),
        set_finished: {
            let finished = finished.clone();
            Callback::from(move |f| finished.set(f))
        },
    };
    let step = match &props.route {
        Route::Parent => None,
        Route::ParentStep(step) => Some(*step),
        _ => return html! { <NotFoundPage /> },
    };
    let page = match (step, &*opened) {
        (None, _) => html! { <open::OpenPage /> },
        (Some(ParentStep::Done), Some(o)) => match &*finished {
            Some(f) => decide::done(o, f),
            None => not_yet(),
        },
        // A section this referral does not have (exams for a Year 8 pupil),
        // or one a parent does not review (the screener, consent itself).
        (Some(step), Some(o)) if !steps(o).contains(&step) => {
            html! { <NotFoundPage /> }
        }
        (Some(ParentStep::Decide), Some(_)) => html! { <decide::DecidePage /> },
        (Some(step), Some(o)) => html! { <review::ReviewPage opened={o.clone()} {step} /> },
        (Some(_), None) => not_yet(),
    };
    html! {
        <ContextProvider<ParentContext> {context}>
            { page }
        </ContextProvider<ParentContext>>
    }
}

/// A later page reached with no request open (a reload, or a bookmark):
/// nothing was kept, so start again.
fn not_yet() -> Html {
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{ "Open the school's consent request first" }</h1>
                <p class="govuk-body">{ "This service keeps nothing on your device, so after the page is reloaded you need to open the file again." }</p>
                <p class="govuk-body">
                    <a class="govuk-link" href={Route::Parent.href()} id="start-again">{ "Open the consent request" }</a>
                </p>
            </div>
        </div>
    }
}

/// Goes to a route (a change of the address's `#` part only).
pub fn go(route: &Route) {
    dom::navigate(&route.href());
}
