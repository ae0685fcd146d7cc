//! The app's root: follows the URL hash and shows the page for it.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::components::layout::{Layout, MAIN_ID};
use crate::dom;
use crate::pages::{
    council::CouncilPage, not_found::NotFoundPage, parent::ParentPage, school::SchoolPage,
    start::StartPage,
};
use crate::route::Route;

/// The route for the page's current hash, or the start page.
fn current_route() -> Route {
    Route::from_hash(&dom::current_hash()).unwrap_or(Route::Start)
}

#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(current_route);

    // Follow back/forward and links. A hash that is not a route (the skip
    // link's `#main-content`) leaves the page as it is.
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    if let Some(next) = Route::from_hash(&dom::current_hash()) {
                        route.set(next);
                    }
                })
            });
            dom::mark_app_ready();
            move || drop(listener)
        });
    }

    // After a page change: the tab's title, and focus at the top of the new
    // page so keyboard and screen reader users start there.
    {
        let first_render = use_mut_ref(|| true);
        use_effect_with(*route, move |route| {
            dom::set_title(route.title());
            if !std::mem::replace(&mut *first_render.borrow_mut(), false) {
                dom::focus(MAIN_ID);
            }
        });
    }

    let page = match *route {
        Route::Start => html! { <StartPage /> },
        Route::School => html! { <SchoolPage /> },
        Route::Parent => html! { <ParentPage /> },
        Route::Council => html! { <CouncilPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    };
    html! { <Layout>{ page }</Layout> }
}
