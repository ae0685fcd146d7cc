//! A parent or carer reviews what a school will share, and gives or refuses
//! consent (`parent.html`).
//!
//! The journey: open the school's consent request file (its signature and
//! every attached file checked in the browser), read what will be shared in
//! six pages in plain English (the referral's answers, the documents, then
//! how the information is used: the consent notice), decide, check the
//! answer, and save it. The page makes a consent response file, signed with
//! a key made for that one occasion, for the parent to send back to the
//! school.
//!
//! Nothing is stored on the device: the request and the answer live in this
//! page's memory only, so a reload starts again from "open the file".
//! Nothing is sent anywhere.

mod check;
mod decide;
mod glossary;
mod notice;
mod open;
mod request;
mod review;
mod signature;

use std::rc::Rc;

use esma_core::referral::Referral;
use yew::prelude::*;

use crate::form::questions::Section;
use crate::pages::not_found::NotFoundPage;
use crate::route::{focus_target, ParentStep, ReviewPage, Route};
use crate::web::dom;

pub use decide::{Answers, Change};
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

/// The parent pages' shared state: the request opened on this visit, the
/// answer as typed so far, and the decision once saved.
#[derive(Clone, PartialEq)]
pub struct ParentContext {
    pub opened: Option<Rc<Opened>>,
    pub set_opened: Callback<Option<Rc<Opened>>>,
    pub answers: Answers,
    pub change: Callback<Change>,
    pub finished: Option<Finished>,
    pub set_finished: Callback<Option<Finished>>,
}

/// The request and decision: every parent page sits inside [`ParentPages`].
#[hook]
pub fn use_parent() -> ParentContext {
    use_context::<ParentContext>().expect("every parent page sits inside ParentPages")
}

/// The referral's sections a review page shows, in order, for this
/// referral (exams only for Years 10 and 11). The screener (the school's
/// own check) and consent (what this journey is for) are on none.
pub fn sections(page: ReviewPage, referral: &Referral) -> Vec<Section> {
    let all: &[Section] = match page {
        ReviewPage::Child => &[Section::Pupil, Section::Absence],
        ReviewPage::Health => &[Section::Health],
        ReviewPage::Support => &[
            Section::Support,
            Section::Funding,
            Section::Baseline,
            Section::Exams,
        ],
        ReviewPage::Safety => &[Section::Safeguarding],
        ReviewPage::Documents => &[Section::Attachments],
        ReviewPage::Notice => &[],
    };
    all.iter()
        .copied()
        .filter(|s| s.applies(referral))
        .collect()
}

/// Every review page in order, then the decision.
pub fn steps() -> Vec<ParentStep> {
    ReviewPage::ALL
        .into_iter()
        .map(ParentStep::Review)
        .chain([ParentStep::Decide])
        .collect()
}

/// The route before and after `step` (before the first is the open page;
/// after the decision, checking it).
pub fn neighbours(step: ParentStep) -> (Route, Route) {
    let all = steps();
    let at = all.iter().position(|s| *s == step);
    let back = match at {
        Some(i) if i > 0 => Route::ParentStep(all[i - 1]),
        _ => Route::Parent,
    };
    let next = at
        .and_then(|i| all.get(i + 1))
        .copied()
        .unwrap_or(ParentStep::Check);
    (back, Route::ParentStep(next))
}

#[derive(Properties, PartialEq)]
pub struct ParentPagesProps {
    /// `Route::Parent`, a `Route::ParentStep` or `Route::NotFound`.
    pub route: Route,
}

#[function_component(ParentPages)]
pub fn parent_pages(props: &ParentPagesProps) -> Html {
    let opened = use_state(|| None::<Rc<Opened>>);
    let answers = use_reducer(Answers::default);
    let finished = use_state(|| None::<Finished>);
    let context = ParentContext {
        opened: (*opened).clone(),
        set_opened: {
            let (opened, answers, finished) = (opened.clone(), answers.clone(), finished.clone());
            Callback::from(move |o| {
                finished.set(None);
                answers.dispatch(Change::Clear);
                opened.set(o);
            })
        },
        answers: (*answers).clone(),
        change: {
            let answers = answers.clone();
            Callback::from(move |c| answers.dispatch(c))
        },
        finished: (*finished).clone(),
        set_finished: {
            let finished = finished.clone();
            Callback::from(move |f| finished.set(f))
        },
    };
    // A "Change" link names the field to go to (`#/decide?focus=full-name`):
    // the app leaves focus alone for it, so put it there.
    use_effect_with(props.route.clone(), |_| {
        if let Some(id) = focus_target(&dom::current_hash()) {
            dom::focus_field(&id);
        }
    });
    let step = match &props.route {
        Route::Parent => None,
        Route::ParentStep(step) => Some(*step),
        _ => return html! { <NotFoundPage /> },
    };
    let page = match (step, &*opened) {
        (None, _) => html! { <open::OpenPage /> },
        (Some(ParentStep::Done), Some(o)) => match &*finished {
            Some(f) => check::done(o, f),
            None => not_yet(),
        },
        (Some(ParentStep::Decide), Some(_)) => html! { <decide::DecidePage /> },
        (Some(ParentStep::Check), Some(_)) => html! { <check::CheckPage /> },
        (Some(ParentStep::Review(ReviewPage::Notice)), Some(o)) => {
            html! { <notice::NoticePage opened={o.clone()} /> }
        }
        (Some(ParentStep::Review(page)), Some(o)) => {
            html! { <review::ReviewPage opened={o.clone()} {page} /> }
        }
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

/// The caption over a page before the decision: where the parent is.
pub fn progress(step: ParentStep) -> Html {
    let all = steps();
    let number = all.iter().position(|s| *s == step).unwrap_or(0) + 1;
    html! {
        <span class="govuk-caption-l" id="review-progress">
            { format!("Before you decide: page {number} of {}", all.len() - 1) }
        </span>
    }
}

/// Goes to a route (a change of the address's `#` part only).
pub fn go(route: &Route) {
    dom::navigate(&route.href());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_six_pages_come_before_the_decision() {
        let all = steps();
        assert_eq!(all.last(), Some(&ParentStep::Decide));
        assert!(all.len() - 1 <= 6, "{all:?}");
        assert_eq!(
            neighbours(ParentStep::Decide).1.href(),
            "parent.html#/check"
        );
        assert_eq!(
            neighbours(ParentStep::Review(ReviewPage::Child)).0,
            Route::Parent
        );
    }

    #[test]
    fn every_shared_section_is_on_exactly_one_page() {
        let mut referral = Referral::default();
        referral.pupil.year_group = Some(10);
        let shown: Vec<Section> = ReviewPage::ALL
            .into_iter()
            .flat_map(|p| sections(p, &referral))
            .collect();
        let expected: Vec<Section> = Section::ALL
            .into_iter()
            .filter(|s| !matches!(s, Section::Eligibility | Section::Consent))
            .collect();
        let mut sorted = shown.clone();
        sorted.sort_by_key(|s| Section::ALL.iter().position(|x| x == s));
        assert_eq!(sorted, expected, "each section once");
        assert_eq!(shown.len(), expected.len());
    }
}
