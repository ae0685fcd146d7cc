//! The app's routes. They live in the URL's hash (`#/school`) so that the
//! council can host the app as static files, with no server rewrites.

use crate::wizard::questions::Section;

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page with the three ways in.
    Start,
    /// A school refers a pupil.
    School(SchoolRoute),
    /// A parent or carer reviews a referral.
    Parent,
    /// The council's team checks a referral pack.
    Council,
    /// A hash route we do not know.
    NotFound,
}

/// The school's pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchoolRoute {
    /// Before you start, and the drafts kept on this device.
    Drafts,
    /// "Delete all data on this device", after confirmation.
    DeleteAll,
    /// One draft's task list.
    TaskList(String),
    /// One section of a draft.
    Section(String, Section),
    /// Check your answers.
    Check(String),
}

impl SchoolRoute {
    /// The draft the page belongs to, if any.
    pub fn draft_id(&self) -> Option<&str> {
        match self {
            SchoolRoute::TaskList(id) | SchoolRoute::Section(id, _) | SchoolRoute::Check(id) => {
                Some(id)
            }
            SchoolRoute::Drafts | SchoolRoute::DeleteAll => None,
        }
    }
}

impl Route {
    /// The route for a URL hash such as `#/school`.
    ///
    /// Returns `None` for a hash that is not a route at all (`#main-content`,
    /// the skip link's target), so the app stays on the page it shows.
    ///
    /// ```
    /// # use esma_app::route::{Route, SchoolRoute};
    /// assert_eq!(Route::from_hash("#/council"), Some(Route::Council));
    /// assert_eq!(Route::from_hash("#/school/d/42"), Some(Route::School(SchoolRoute::TaskList("42".into()))));
    /// assert_eq!(Route::from_hash(""), Some(Route::Start));
    /// assert_eq!(Route::from_hash("#main-content"), None);
    /// ```
    pub fn from_hash(hash: &str) -> Option<Route> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if hash.is_empty() {
            return Some(Route::Start);
        }
        let path = hash.strip_prefix('/')?;
        // Ignore a query or trailing slash: `#/school/` is `#/school`.
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        Some(match parts.as_slice() {
            [""] => Route::Start,
            ["school"] => Route::School(SchoolRoute::Drafts),
            ["school", "delete-all"] => Route::School(SchoolRoute::DeleteAll),
            ["school", "d", id] if valid_id(id) => {
                Route::School(SchoolRoute::TaskList(id.to_string()))
            }
            ["school", "d", id, "check"] if valid_id(id) => {
                Route::School(SchoolRoute::Check(id.to_string()))
            }
            ["school", "d", id, slug] if valid_id(id) => match Section::from_slug(slug) {
                Some(section) => Route::School(SchoolRoute::Section(id.to_string(), section)),
                None => Route::NotFound,
            },
            ["parent"] => Route::Parent,
            ["council"] => Route::Council,
            _ => Route::NotFound,
        })
    }

    /// The `href` that links to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Start | Route::NotFound => "#/".into(),
            Route::School(SchoolRoute::Drafts) => "#/school".into(),
            Route::School(SchoolRoute::DeleteAll) => "#/school/delete-all".into(),
            Route::School(SchoolRoute::TaskList(id)) => format!("#/school/d/{id}"),
            Route::School(SchoolRoute::Section(id, section)) => {
                format!("#/school/d/{id}/{}", section.slug())
            }
            Route::School(SchoolRoute::Check(id)) => format!("#/school/d/{id}/check"),
            Route::Parent => "#/parent".into(),
            Route::Council => "#/council".into(),
        }
    }

    /// The page's title, shown in the browser tab and read first by screen readers.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Start => "Refer a pupil to the ESMA Teaching Service",
            Route::School(SchoolRoute::Drafts) => "Refer a pupil",
            Route::School(SchoolRoute::DeleteAll) => "Delete all data on this device",
            Route::School(SchoolRoute::TaskList(_)) => "Your referral",
            Route::School(SchoolRoute::Section(_, section)) => section.title(),
            Route::School(SchoolRoute::Check(_)) => "Check your answers",
            Route::Parent => "Review a referral as a parent or carer",
            Route::Council => "Check a referral pack",
            Route::NotFound => "Page not found",
        }
    }
}

/// The field to focus after arriving, from `?focus=<input id>` in the hash.
pub fn focus_target(hash: &str) -> Option<String> {
    let query = hash.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("focus="))
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
}

/// Draft ids are UUIDs: anything else in the address is not ours.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Route> {
        let id = "0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c".to_string();
        let mut routes = vec![
            Route::Start,
            Route::School(SchoolRoute::Drafts),
            Route::School(SchoolRoute::DeleteAll),
            Route::School(SchoolRoute::TaskList(id.clone())),
            Route::School(SchoolRoute::Check(id.clone())),
            Route::Parent,
            Route::Council,
        ];
        for section in Section::ALL {
            routes.push(Route::School(SchoolRoute::Section(id.clone(), section)));
        }
        routes
    }

    #[test]
    fn every_route_round_trips_through_its_href() {
        for route in all() {
            assert_eq!(
                Route::from_hash(&route.href()),
                Some(route.clone()),
                "{route:?}"
            );
        }
    }

    #[test]
    fn empty_and_root_hashes_are_the_start_page() {
        for hash in ["", "#", "#/", "/"] {
            assert_eq!(Route::from_hash(hash), Some(Route::Start), "{hash:?}");
        }
    }

    #[test]
    fn trailing_slash_and_query_are_ignored() {
        assert_eq!(
            Route::from_hash("#/school/"),
            Some(Route::School(SchoolRoute::Drafts))
        );
        assert_eq!(Route::from_hash("#/parent?x=1"), Some(Route::Parent));
    }

    #[test]
    fn unknown_paths_are_not_found_but_fragments_are_not_routes() {
        assert_eq!(Route::from_hash("#/nowhere"), Some(Route::NotFound));
        assert_eq!(
            Route::from_hash("#/school/d/abc/nonsense"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::from_hash("#/school/d/<script>"),
            Some(Route::NotFound)
        );
        assert_eq!(Route::from_hash("#main-content"), None);
    }

    #[test]
    fn the_focus_target_is_read_from_the_query() {
        assert_eq!(
            focus_target("#/school/d/1/pupil?focus=f-pupil-upn"),
            Some("f-pupil-upn".into())
        );
        assert_eq!(focus_target("#/school/d/1/pupil?focus=\"x\""), None);
        assert_eq!(focus_target("#/school/d/1/pupil"), None);
    }
}
