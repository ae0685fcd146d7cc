//! The app's routes. They live in the URL's hash (`#/school`) so that the
//! council can host the app as static files, with no server rewrites.

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page with the three ways in.
    Start,
    /// A school refers a pupil.
    School,
    /// A parent or carer reviews a referral.
    Parent,
    /// The council's team checks a referral pack.
    Council,
    /// A hash route we do not know.
    NotFound,
}

impl Route {
    /// Every route that has a page of its own, for tests and navigation.
    pub const ALL: [Route; 4] = [Route::Start, Route::School, Route::Parent, Route::Council];

    /// The route for a URL hash such as `#/school`.
    ///
    /// Returns `None` for a hash that is not a route at all (`#main-content`,
    /// the skip link's target), so the app stays on the page it shows.
    ///
    /// ```
    /// # use esma_app::route::Route;
    /// assert_eq!(Route::from_hash("#/council"), Some(Route::Council));
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
        let path = path.split(['?', '#']).next().unwrap_or("");
        Some(match path.trim_end_matches('/') {
            "" => Route::Start,
            "school" => Route::School,
            "parent" => Route::Parent,
            "council" => Route::Council,
            _ => Route::NotFound,
        })
    }

    /// The `href` that links to this route.
    pub fn href(self) -> &'static str {
        match self {
            Route::Start | Route::NotFound => "#/",
            Route::School => "#/school",
            Route::Parent => "#/parent",
            Route::Council => "#/council",
        }
    }

    /// The page's title, shown in the browser tab and read first by screen readers.
    pub fn title(self) -> &'static str {
        match self {
            Route::Start => "Refer a pupil to the ESMA Teaching Service",
            Route::School => "Refer a pupil",
            Route::Parent => "Review a referral as a parent or carer",
            Route::Council => "Check a referral pack",
            Route::NotFound => "Page not found",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn every_route_round_trips_through_its_href() {
        for route in Route::ALL {
            assert_eq!(Route::from_hash(route.href()), Some(route), "{route:?}");
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
        assert_eq!(Route::from_hash("#/school/"), Some(Route::School));
        assert_eq!(Route::from_hash("#/parent?x=1"), Some(Route::Parent));
    }

    #[test]
    fn unknown_paths_are_not_found_but_fragments_are_not_routes() {
        assert_eq!(Route::from_hash("#/nowhere"), Some(Route::NotFound));
        assert_eq!(Route::from_hash("#main-content"), None);
    }
}
