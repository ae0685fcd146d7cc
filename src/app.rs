//! The app's root: reads the council's settings, follows the URL hash and
//! shows the page for it.

use std::rc::Rc;

use esma_core::settings::Settings;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use crate::components::layout::{Layout, MAIN_ID};
use crate::dom;
use crate::pages::{
    council::CouncilPage, not_found::NotFoundPage, parent::ParentPage, school::SchoolPages,
    start::StartPage,
};
use crate::route::Route;

/// The council's settings, and why the built-in defaults are in use if they are.
#[derive(Clone, Debug, PartialEq)]
pub struct AppSettings {
    pub settings: Rc<Settings>,
    pub problem: Option<String>,
}

/// Where the council's settings live: beside `index.html`.
const SETTINGS_URL: &str = "settings.json";

/// Reads `settings.json`; on any problem, says so and uses the safe defaults.
async fn load_settings() -> AppSettings {
    let fallback = |problem: String| AppSettings {
        settings: Rc::new(Settings::default()),
        problem: Some(problem),
    };
    let text = async {
        let window = web_sys::window()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(SETTINGS_URL))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    };
    match text.await {
        None => fallback("The council's settings file could not be read.".into()),
        Some(text) => match Settings::from_json(&text) {
            Ok(settings) => AppSettings {
                settings: Rc::new(settings),
                problem: None,
            },
            Err(e) => fallback(format!("The council's settings file has a problem: {e}")),
        },
    }
}

/// The route for the page's current hash, or the start page.
fn current_route() -> Route {
    Route::from_hash(&dom::current_hash()).unwrap_or(Route::Start)
}

#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(current_route);
    let settings = use_state(|| None::<AppSettings>);

    // Follow back/forward and links. A hash that is not a route (the skip
    // link's `#main-content`) leaves the page as it is.
    {
        let route = route.clone();
        let settings = settings.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    if let Some(next) = Route::from_hash(&dom::current_hash()) {
                        route.set(next);
                    }
                })
            });
            spawn_local(async move { settings.set(Some(load_settings().await)) });
            move || drop(listener)
        });
    }

    // Ready once the settings are in: every page can take input from then on.
    let ready = settings.is_some();
    use_effect_with(ready, |ready| {
        if *ready {
            dom::mark_app_ready();
        }
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
                dom::focus(MAIN_ID);
            }
        });
    }

    let Some(app_settings) = (*settings).clone() else {
        return html! { <Layout>{ html! {} }</Layout> };
    };
    let page = match &*route {
        Route::Start => html! { <StartPage /> },
        Route::School(school) => html! { <SchoolPages route={school.clone()} /> },
        Route::Parent => html! { <ParentPage /> },
        Route::Council => html! { <CouncilPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    };
    let problem = app_settings.problem.clone();
    html! {
        <ContextProvider<AppSettings> context={app_settings}>
            <Layout>
                if let Some(problem) = problem {
                    <div class="govuk-notification-banner" role="region" aria-labelledby="settings-problem-title">
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="settings-problem-title">{ "Important" }</h2>
                        </div>
                        <div class="govuk-notification-banner__content">
                            <p class="govuk-notification-banner__heading">{ problem }</p>
                            <p class="govuk-body">{ "The service is using its built-in settings. Contact the ESMA Teaching Service if this message stays." }</p>
                        </div>
                    </div>
                }
                { page }
            </Layout>
        </ContextProvider<AppSettings>>
    }
}
