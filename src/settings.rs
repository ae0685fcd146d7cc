//! The council's settings as the app holds them: read once from
//! `settings.json` beside the page, with a plain message when they cannot be
//! used (the built-in defaults then apply), and a check of the device's clock
//! against the web host's. Pages read them with [`use_app_settings`].

use std::rc::Rc;

use esma_core::clock::HostTime;
use esma_core::settings::Settings;
use yew::prelude::*;

use crate::web::{clock, fetch};

/// The council's settings, and why the built-in defaults are in use if they are.
#[derive(Clone, Debug)]
pub struct AppSettings {
    pub settings: Rc<Settings>,
    pub problem: Option<String>,
    /// Why this device's clock looks wrong, if it does.
    pub clock_problem: Option<String>,
}

/// The settings are read once and then shared, never changed: the same
/// `Rc` means the same settings. Comparing them field by field, as Yew's
/// context does on every render of the app, compiled a comparison of every
/// settings type into each page (1 KB of wasm).
impl PartialEq for AppSettings {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.settings, &other.settings)
            && self.problem == other.problem
            && self.clock_problem == other.clock_problem
    }
}

impl AppSettings {
    /// The built-in settings, with nothing to report (the start page reads no file).
    pub fn built_in() -> AppSettings {
        AppSettings {
            settings: Rc::new(Settings::default()),
            problem: None,
            clock_problem: None,
        }
    }

    /// Reads `settings.json`; on any problem, says so and uses the safe defaults.
    pub async fn load() -> AppSettings {
        let (text, host_time) = read_settings_file().await;
        let (settings, problem) = match text {
            None => (
                Settings::default(),
                Some("The council's settings file could not be read.".to_owned()),
            ),
            Some(text) => match Settings::from_json(&text) {
                Ok(settings) => (settings, None),
                Err(e) => (
                    Settings::default(),
                    Some(format!("The council's settings file has a problem: {e}")),
                ),
            },
        };
        AppSettings {
            settings: Rc::new(settings),
            problem,
            clock_problem: check_clock(host_time.as_ref()),
        }
    }
}

/// Where the council's settings live: beside `index.html`.
const SETTINGS_URL: &str = "settings.json";

/// The global in which the journey pages start reading the settings before
/// the wasm has loaded: a one-line script beside the page's preload
/// (`xtask/src/build.rs`), so the file is read while the wasm compiles.
/// school.html was ready in 108–114 ms with it against 118–139 without
/// (medians of 15 cold loads, three runs each way in turn, same build).
pub const EARLY_SETTINGS: &str = "esmaSettings";

/// The settings file's text (when it was found) and the web host's clock
/// (from the response's `Date` header, found or not): as the page's script
/// read it, or read now if that found nothing.
async fn read_settings_file() -> (Option<String>, Option<HostTime>) {
    if let Some((response, text)) = fetch::started_early(EARLY_SETTINGS).await {
        let host_time = host_time(&response);
        return (response.ok().then_some(text), host_time);
    }
    let Ok(response) = fetch::get(SETTINGS_URL).await else {
        return (None, None);
    };
    let host_time = host_time(&response);
    if !response.ok() {
        return (None, host_time);
    }
    (response.text().await.ok(), host_time)
}

fn host_time(response: &fetch::Fetched) -> Option<HostTime> {
    response.header("date").map(|date_header| HostTime {
        date_header,
        from_offline_copy: response.is_offline_copy(),
    })
}

/// The device's clock against this version's date and the web host's clock.
fn check_clock(host: Option<&HostTime>) -> Option<String> {
    esma_core::clock::check(clock::now_utc()?, host).map(|p| p.message())
}

/// The council's settings, as the app provides them to every page.
#[hook]
pub fn use_app_settings() -> AppSettings {
    use_context::<AppSettings>()
        .expect("every page sits inside the app, which provides the settings")
}
