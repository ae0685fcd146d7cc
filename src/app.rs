//! The app's root, shared by the four pages: reads the council's settings
//! (see [`crate::settings`]), follows the URL hash and shows the page for it.
//!
//! Each page's binary mounts `App<ItsPages>`; only that journey's pages are
//! reachable from it, so each wasm carries only its own journey's code.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::components::layout::layout;
use crate::components::notification_banner::NotificationBanner;
use crate::offline::UpdateBanner;
use crate::pages::{
    council::CouncilPage,
    not_found::NotFoundPage,
    parent::ParentPages,
    school::{DevicePages, ReferralPages, SchoolPages},
    start::StartPage,
};
use crate::route::{Journey, Route};
use crate::settings::AppSettings;
use crate::web::dom;

/// One journey's pages: what its binary renders for each route.
pub trait Pages: 'static {
    const JOURNEY: Journey;
    /// Whether the journey reads the council's settings before it starts
    /// (else it uses the built-in ones).
    const NEEDS_SETTINGS: bool = true;
    fn render(route: &Route) -> Html;
}

/// The start page (`index.html`).
pub struct StartPages;
impl Pages for StartPages {
    const JOURNEY: Journey = Journey::Start;
    const NEEDS_SETTINGS: bool = false;
    fn render(route: &Route) -> Html {
        match route {
            Route::Start => html! { <StartPage /> },
            _ => html! { <NotFoundPage /> },
        }
    }
}

/// Schools (`school.html`).
pub struct SchoolJourney;
impl Pages for SchoolJourney {
    const JOURNEY: Journey = Journey::School;
    fn render(route: &Route) -> Html {
        match route {
            Route::School(school) => {
                html! { <SchoolPages<ReferralPages> route={school.clone()} /> }
            }
            _ => html! { <NotFoundPage /> },
        }
    }
}

/// Schools' rarely used pages about this device (`school-device.html`).
pub struct SchoolDeviceJourney;
impl Pages for SchoolDeviceJourney {
    const JOURNEY: Journey = Journey::SchoolDevice;
    fn render(route: &Route) -> Html {
        match route {
            Route::School(school) => html! { <SchoolPages<DevicePages> route={school.clone()} /> },
            _ => html! { <NotFoundPage /> },
        }
    }
}

/// Parents and carers (`parent.html`).
pub struct ParentJourney;
impl Pages for ParentJourney {
    const JOURNEY: Journey = Journey::Parent;
    fn render(route: &Route) -> Html {
        match route {
            // One component for every page, "not found" too, so the request
            // opened on the first page stays in memory as the parent moves
            // through (or mistypes an address).
            Route::Parent | Route::ParentStep(_) | Route::NotFound => {
                html! { <ParentPages route={route.clone()} /> }
            }
            _ => html! { <NotFoundPage /> },
        }
    }
}

/// The council's team (`council.html`).
pub struct CouncilJourney;
impl Pages for CouncilJourney {
    const JOURNEY: Journey = Journey::Council;
    fn render(route: &Route) -> Html {
        match route {
            Route::Council => html! { <CouncilPage /> },
            _ => html! { <NotFoundPage /> },
        }
    }
}

/// The route for the page's current hash, or the journey's first page.
fn current_route(journey: Journey) -> Route {
    Route::parse(journey, &dom::current_hash())
        .or_else(|| Route::parse(journey, ""))
        .unwrap_or(Route::NotFound)
}

/// What a page starts with: the council's settings, read before the first
/// render ([`crate::run`]).
#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub settings: AppSettings,
}

#[function_component(App)]
pub fn app<P: Pages>(props: &AppProps) -> Html {
    let route = use_state(|| current_route(P::JOURNEY));

    // Follow back/forward and links. A hash that is not a route (the skip
    // link's `#main-content`) leaves the page as it is.
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    if let Some(next) = Route::parse(P::JOURNEY, &dom::current_hash()) {
                        route.set(next);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Ready from the first render: the settings are in, so every page can
    // take input. Then, when the browser is idle, the service worker starts.
    use_effect_with((), |_| {
        dom::mark_app_ready();
        crate::offline::start_when_idle(P::JOURNEY);
    });

    // After a page change: the tab's title, and focus at the top of the new
    // page so keyboard and screen reader users start there.
    {
        let first_render = use_mut_ref(|| true);
        use_effect_with((*route).clone(), move |route| {
            dom::set_title(route.title());
            if !std::mem::replace(&mut *first_render.borrow_mut(), false)
                && crate::route::focus_target(&dom::current_hash()).is_none()
            {
                dom::focus(dom::MAIN_ID);
            }
        });
    }

    let app_settings = props.settings.clone();
    // Only the two school pages read each other's routes; the test on the
    // constant first leaves this out of the other pages' wasm.
    let two_pages = matches!(P::JOURNEY, Journey::School | Journey::SchoolDevice);
    let page = if two_pages && *route != Route::NotFound && route.journey() != P::JOURNEY {
        // A school route the other school page shows (an old bookmark, or
        // an address typed by hand): go there.
        html! { <OnAnotherPage href={route.href()} /> }
    } else {
        P::render(&route)
    };
    let problem = app_settings.problem.clone();
    let clock_problem = app_settings.clock_problem.clone();
    html! {
        <ContextProvider<AppSettings> context={app_settings}>
            { layout(html! {
                <>
                    <UpdateBanner journey={P::JOURNEY} />
                    if let Some(problem) = problem {
                        <NotificationBanner title_id="settings-problem-title" heading={html! { problem }}>
                            <p class="govuk-body">{ "The service is using its built-in settings. Contact the ESMA Teaching Service if this message stays." }</p>
                        </NotificationBanner>
                    }
                    if let Some(message) = clock_problem {
                        <NotificationBanner title_id="clock-problem-title" title="Check the date on this device">
                            <p class="govuk-body">{ message }</p>
                        </NotificationBanner>
                    }
                    { page }
                </>
            }) }
        </ContextProvider<AppSettings>>
    }
}

#[derive(Properties, PartialEq)]
struct OnAnotherPageProps {
    href: String,
}

/// Sends the browser to the page that shows the route, with a link in case
/// it does not go.
#[function_component(OnAnotherPage)]
fn on_another_page(props: &OnAnotherPageProps) -> Html {
    use_effect_with(props.href.clone(), |href| dom::replace_location(href));
    html! {
        <p class="govuk-body" role="status">
            <a class="govuk-link" href={props.href.clone()}>{ "Go to this page" }</a>
        </p>
    }
}
