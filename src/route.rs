//! The app's routes.
//!
//! The service is small single-page apps, one per way in, so that each
//! person downloads only the code for their own journey: the start page
//! (`index.html`), schools (`school.html`), parents and carers
//! (`parent.html`) and the council's team (`council.html`). The school's
//! rarely used pages about the device (protecting drafts with a passphrase,
//! the signing key, deleting everything) are a page of their own
//! (`school-device.html`), so `school.html`, opened every day, does not carry
//! their code. Within a page,
//! routes live in the URL's hash (`school.html#/d/<draft>/health`), so the
//! council can host the app as plain static files with no server rewrites.

use crate::form::questions::Section;

/// A way in: one HTML page and its own wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Journey {
    Start,
    School,
    /// The school's pages about this device ([`SchoolRoute::on_device_page`]).
    SchoolDevice,
    Parent,
    Council,
}

impl Journey {
    /// The page's file, relative to the site's folder.
    pub fn page(self) -> &'static str {
        match self {
            Journey::Start => "index.html",
            Journey::School => "school.html",
            Journey::SchoolDevice => "school-device.html",
            Journey::Parent => "parent.html",
            Journey::Council => "council.html",
        }
    }
}

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page with the three ways in.
    Start,
    /// A school refers a pupil.
    School(SchoolRoute),
    /// A parent or carer opens a consent request (the parent journey's first page).
    Parent,
    /// A later page of the parent journey.
    ParentStep(ParentStep),
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
    /// Passphrase protection of the drafts on this device.
    Protect,
    /// The school's signing key on this device.
    Key,
    /// One draft's task list.
    TaskList(String),
    /// One section of a draft: its first page.
    Section(String, Section),
    /// One question page of a section, by its slug.
    Page(String, Section, String),
    /// A section's answers, with a way to change each.
    Summary(String, Section),
    /// Check your answers.
    Check(String),
    /// "Are you sure?" before removing an item of medical evidence (1, 2…).
    RemoveEvidence(String, usize),
    /// "Are you sure?" before removing a file, by its attachment id.
    RemoveFile(String, String),
}

/// The parent journey's pages after opening a consent request. The request
/// is held in memory only, so each needs it opened first on this visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentStep {
    /// A page of the review, before the decision.
    Review(ReviewPage),
    /// Give or refuse consent, and who is answering.
    Decide,
    /// Check the answer before the signed file is made.
    Check,
    /// The consent response is saved: what happens next.
    Done,
}

/// The review's pages, in order: what will be shared (a few of the
/// referral's sections on each; the parent journey says which), the
/// documents, then how the information is used (the consent notice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewPage {
    Child,
    Health,
    Support,
    Safety,
    Documents,
    Notice,
}

impl ReviewPage {
    pub const ALL: [ReviewPage; 6] = [
        ReviewPage::Child,
        ReviewPage::Health,
        ReviewPage::Support,
        ReviewPage::Safety,
        ReviewPage::Documents,
        ReviewPage::Notice,
    ];

    /// The page's part of the address (`#/health`).
    pub fn slug(self) -> &'static str {
        match self {
            ReviewPage::Child => "child",
            ReviewPage::Health => "health",
            ReviewPage::Support => "support",
            ReviewPage::Safety => "safety",
            ReviewPage::Documents => "documents",
            ReviewPage::Notice => "notice",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ReviewPage::Child => "Your child, their school and their absence",
            ReviewPage::Health => "Your child's health and medical evidence",
            ReviewPage::Support => "Support, funding and learning",
            ReviewPage::Safety => "Keeping your child safe",
            ReviewPage::Documents => "Documents the school will send",
            ReviewPage::Notice => "How your information is used",
        }
    }
}

impl ParentStep {
    /// The step's part of the address (`#/health`).
    pub fn path(self) -> &'static str {
        match self {
            ParentStep::Review(page) => page.slug(),
            ParentStep::Decide => "decide",
            ParentStep::Check => "check",
            ParentStep::Done => "done",
        }
    }

    fn parse(parts: &[&str]) -> Option<ParentStep> {
        let [slug] = parts else { return None };
        [ParentStep::Decide, ParentStep::Check, ParentStep::Done]
            .into_iter()
            .chain(ReviewPage::ALL.map(ParentStep::Review))
            .find(|step| step.path() == *slug)
    }

    /// The page's title.
    pub fn title(self) -> &'static str {
        match self {
            ParentStep::Review(page) => page.title(),
            ParentStep::Decide => "Give or refuse consent",
            ParentStep::Check => "Check your answer before you save it",
            ParentStep::Done => "Your answer is ready to send to the school",
        }
    }
}

impl SchoolRoute {
    /// Whether `school-device.html` shows the page, not `school.html`.
    pub fn on_device_page(&self) -> bool {
        matches!(
            self,
            SchoolRoute::DeleteAll | SchoolRoute::Protect | SchoolRoute::Key
        )
    }

    /// The draft the page belongs to, if any.
    pub fn draft_id(&self) -> Option<&str> {
        match self {
            SchoolRoute::TaskList(id)
            | SchoolRoute::Section(id, _)
            | SchoolRoute::Page(id, ..)
            | SchoolRoute::Summary(id, _)
            | SchoolRoute::Check(id)
            | SchoolRoute::RemoveEvidence(id, _)
            | SchoolRoute::RemoveFile(id, _) => Some(id),
            SchoolRoute::Drafts
            | SchoolRoute::DeleteAll
            | SchoolRoute::Protect
            | SchoolRoute::Key => None,
        }
    }
}

impl Route {
    /// The route for a URL hash on one journey's page, such as `#/d/42` on
    /// `school.html`.
    ///
    /// Returns `None` for a hash that is not a route at all (`#main-content`,
    /// the skip link's target), so the app stays on the page it shows.
    ///
    /// ```
    /// # use esma_app::route::{Journey, Route, SchoolRoute};
    /// assert_eq!(Route::parse(Journey::Council, "#/"), Some(Route::Council));
    /// assert_eq!(Route::parse(Journey::School, "#/d/42"), Some(Route::School(SchoolRoute::TaskList("42".into()))));
    /// assert_eq!(Route::parse(Journey::Start, ""), Some(Route::Start));
    /// assert_eq!(Route::parse(Journey::Start, "#main-content"), None);
    /// ```
    pub fn parse(journey: Journey, hash: &str) -> Option<Route> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let path = if hash.is_empty() { "/" } else { hash };
        let path = path.strip_prefix('/')?;
        // Ignore a query or trailing slash: `#/d/42/` is `#/d/42`.
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        // Both school pages know every school route: links and `?return=`
        // go from one to the other.
        let journey = match journey {
            Journey::SchoolDevice => Journey::School,
            journey => journey,
        };
        Some(match (journey, parts.as_slice()) {
            (Journey::Start, [""]) => Route::Start,
            (Journey::Parent, [""]) => Route::Parent,
            (Journey::Parent, parts) => match ParentStep::parse(parts) {
                Some(step) => Route::ParentStep(step),
                None => Route::NotFound,
            },
            (Journey::Council, [""]) => Route::Council,
            (Journey::School, [""]) => Route::School(SchoolRoute::Drafts),
            (Journey::School, ["delete-all"]) => Route::School(SchoolRoute::DeleteAll),
            (Journey::School, ["key"]) => Route::School(SchoolRoute::Key),
            (Journey::School, ["protect"]) => Route::School(SchoolRoute::Protect),
            (Journey::School, ["d", id]) if valid_id(id) => {
                Route::School(SchoolRoute::TaskList(id.to_string()))
            }
            (Journey::School, ["d", id, "check"]) if valid_id(id) => {
                Route::School(SchoolRoute::Check(id.to_string()))
            }
            (Journey::School, ["d", id, "remove-evidence", n]) if valid_id(id) => {
                match n.parse::<usize>() {
                    Ok(n) if n > 0 => Route::School(SchoolRoute::RemoveEvidence(id.to_string(), n)),
                    _ => Route::NotFound,
                }
            }
            (Journey::School, ["d", id, "remove-file", file]) if valid_id(id) && valid_id(file) => {
                Route::School(SchoolRoute::RemoveFile(id.to_string(), file.to_string()))
            }
            (Journey::School, ["d", id, slug]) if valid_id(id) => match Section::from_slug(slug) {
                Some(section) => Route::School(SchoolRoute::Section(id.to_string(), section)),
                None => Route::NotFound,
            },
            (Journey::School, ["d", id, slug, "summary"]) if valid_id(id) => {
                match Section::from_slug(slug) {
                    Some(section) => Route::School(SchoolRoute::Summary(id.to_string(), section)),
                    None => Route::NotFound,
                }
            }
            (Journey::School, ["d", id, slug, page]) if valid_id(id) && valid_id(page) => {
                match Section::from_slug(slug) {
                    Some(section) => {
                        Route::School(SchoolRoute::Page(id.to_string(), section, page.to_string()))
                    }
                    None => Route::NotFound,
                }
            }
            _ => Route::NotFound,
        })
    }

    /// The journey whose page shows this route.
    pub fn journey(&self) -> Journey {
        match self {
            Route::Start | Route::NotFound => Journey::Start,
            Route::School(school) if school.on_device_page() => Journey::SchoolDevice,
            Route::School(_) => Journey::School,
            Route::Parent | Route::ParentStep(_) => Journey::Parent,
            Route::Council => Journey::Council,
        }
    }

    /// The `href` that links to this route: the journey's page and the hash.
    pub fn href(&self) -> String {
        let hash = match self {
            Route::School(SchoolRoute::DeleteAll) => "#/delete-all".to_owned(),
            Route::School(SchoolRoute::Key) => "#/key".to_owned(),
            Route::School(SchoolRoute::Protect) => "#/protect".to_owned(),
            Route::School(SchoolRoute::TaskList(id)) => format!("#/d/{id}"),
            Route::School(SchoolRoute::Section(id, section)) => {
                format!("#/d/{id}/{}", section.slug())
            }
            Route::School(SchoolRoute::Page(id, section, page)) => {
                format!("#/d/{id}/{}/{page}", section.slug())
            }
            Route::School(SchoolRoute::Summary(id, section)) => {
                format!("#/d/{id}/{}/summary", section.slug())
            }
            Route::School(SchoolRoute::Check(id)) => format!("#/d/{id}/check"),
            Route::School(SchoolRoute::RemoveEvidence(id, n)) => {
                format!("#/d/{id}/remove-evidence/{n}")
            }
            Route::School(SchoolRoute::RemoveFile(id, file)) => {
                format!("#/d/{id}/remove-file/{file}")
            }
            Route::ParentStep(step) => format!("#/{}", step.path()),
            _ => "#/".to_owned(),
        };
        match self {
            // The start page is the site's folder itself: `./` works on any host.
            Route::Start | Route::NotFound => "./".to_owned(),
            _ => format!("{}{hash}", self.journey().page()),
        }
    }

    /// The page's title, shown in the browser tab and read first by screen readers.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Start => "Refer a pupil to the ESMA Teaching Service",
            Route::School(SchoolRoute::Drafts) => "Refer a pupil",
            Route::School(SchoolRoute::DeleteAll) => "Delete all data on this device",
            Route::School(SchoolRoute::Protect) => "Protect your drafts with a passphrase",
            Route::School(SchoolRoute::Key) => "Your school's signing key",
            Route::School(SchoolRoute::TaskList(_)) => "Your referral",
            Route::School(SchoolRoute::Section(_, section))
            | Route::School(SchoolRoute::Page(_, section, _))
            | Route::School(SchoolRoute::Summary(_, section)) => section.title(),
            Route::School(SchoolRoute::Check(_)) => "Check your answers",
            Route::School(SchoolRoute::RemoveEvidence(..)) => "Remove medical evidence",
            Route::School(SchoolRoute::RemoveFile(..)) => "Remove a file",
            Route::Parent => "Review a referral as a parent or carer",
            Route::ParentStep(step) => step.title(),
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

/// Where to go back to after the page, from `?return=<route>` in the hash
/// (`#/d/1/health/condition?focus=f-health-condition&return=/d/1/check`):
/// only a route of the same journey's page, so the address cannot send the
/// person anywhere else.
pub fn return_target(journey: Journey, hash: &str) -> Option<Route> {
    let query = hash.split_once('?')?.1;
    let target = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("return="))?;
    if !target
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
    {
        return None;
    }
    match Route::parse(journey, &format!("#{target}"))? {
        Route::NotFound => None,
        route => Some(route),
    }
}

impl Route {
    /// The route's address with `?return=` this route's own hash path added,
    /// for a link that leads away and should come back here.
    pub fn href_returning_to(&self, back: &Route) -> String {
        let back_href = back.href();
        let back_path = back_href.split_once('#').map(|(_, h)| h).unwrap_or("/");
        let href = self.href();
        let sep = if href.contains('?') { '&' } else { '?' };
        format!("{href}{sep}return={back_path}")
    }
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
            Route::School(SchoolRoute::Key),
            Route::School(SchoolRoute::Protect),
            Route::School(SchoolRoute::TaskList(id.clone())),
            Route::School(SchoolRoute::Check(id.clone())),
            Route::Parent,
            Route::Council,
        ];
        for section in Section::ALL {
            routes.push(Route::School(SchoolRoute::Section(id.clone(), section)));
            routes.push(Route::School(SchoolRoute::Summary(id.clone(), section)));
            routes.push(Route::School(SchoolRoute::Page(
                id.clone(),
                section,
                "evidence-2-who".into(),
            )));
        }
        routes.push(Route::School(SchoolRoute::RemoveEvidence(id.clone(), 2)));
        routes.push(Route::School(SchoolRoute::RemoveFile(
            id.clone(),
            id.clone(),
        )));
        for page in ReviewPage::ALL {
            routes.push(Route::ParentStep(ParentStep::Review(page)));
        }
        for step in [ParentStep::Decide, ParentStep::Check, ParentStep::Done] {
            routes.push(Route::ParentStep(step));
        }
        routes
    }

    #[test]
    fn every_route_round_trips_through_its_href() {
        for route in all() {
            let href = route.href();
            let hash = href.split_once('#').map(|(_, h)| h).unwrap_or("");
            assert_eq!(
                Route::parse(route.journey(), hash),
                Some(route.clone()),
                "{route:?}"
            );
            if route != Route::Start {
                assert!(href.starts_with(route.journey().page()), "{href}");
            }
        }
    }

    #[test]
    fn the_device_pages_are_on_their_own_page_and_link_back() {
        for route in [
            SchoolRoute::DeleteAll,
            SchoolRoute::Protect,
            SchoolRoute::Key,
        ] {
            let href = Route::School(route.clone()).href();
            assert!(href.starts_with("school-device.html#/"), "{href}");
            assert_eq!(
                Route::parse(Journey::SchoolDevice, &href["school-device.html".len()..]),
                Some(Route::School(route))
            );
        }
        let check = Route::School(SchoolRoute::Check("42".into()));
        assert_eq!(check.href(), "school.html#/d/42/check");
        // The key page, reached from Check your answers, goes back there.
        let key = Route::School(SchoolRoute::Key).href_returning_to(&check);
        assert_eq!(key, "school-device.html#/key?return=/d/42/check");
        let hash = &key["school-device.html".len()..];
        assert_eq!(return_target(Journey::SchoolDevice, hash), Some(check));
    }

    #[test]
    fn empty_and_root_hashes_are_each_journeys_first_page() {
        for hash in ["", "#", "#/", "/"] {
            assert_eq!(
                Route::parse(Journey::Start, hash),
                Some(Route::Start),
                "{hash:?}"
            );
            assert_eq!(
                Route::parse(Journey::School, hash),
                Some(Route::School(SchoolRoute::Drafts))
            );
        }
    }

    #[test]
    fn trailing_slash_and_query_are_ignored() {
        let task_list = Route::School(SchoolRoute::TaskList("1".into()));
        assert_eq!(Route::parse(Journey::School, "#/d/1/"), Some(task_list));
        assert_eq!(Route::parse(Journey::Parent, "#/?x=1"), Some(Route::Parent));
    }

    #[test]
    fn unknown_paths_are_not_found_but_fragments_are_not_routes() {
        assert_eq!(
            Route::parse(Journey::Start, "#/nowhere"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::parse(Journey::School, "#/d/abc/nonsense"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::parse(Journey::School, "#/d/<script>"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::parse(Journey::Council, "#/d/1"),
            Some(Route::NotFound)
        );
        assert_eq!(Route::parse(Journey::Start, "#main-content"), None);
    }

    #[test]
    fn parent_steps_parse_only_on_the_parent_page() {
        assert_eq!(
            Route::parse(Journey::Parent, "#/health"),
            Some(Route::ParentStep(ParentStep::Review(ReviewPage::Health)))
        );
        assert_eq!(
            Route::parse(Journey::Parent, "#/decide/"),
            Some(Route::ParentStep(ParentStep::Decide))
        );
        assert_eq!(
            Route::parse(Journey::Parent, "#/shared/health"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::parse(Journey::Parent, "#/d/1"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::parse(Journey::School, "#/decide"),
            Some(Route::NotFound)
        );
        assert_eq!(
            Route::ParentStep(ParentStep::Done).href(),
            "parent.html#/done"
        );
    }

    #[test]
    fn the_return_target_is_a_route_of_the_same_page_only() {
        let check = Route::School(SchoolRoute::Check("1".into()));
        let page = Route::School(SchoolRoute::Page(
            "1".into(),
            Section::Health,
            "condition".into(),
        ));
        let href = page.href_returning_to(&check);
        assert_eq!(href, "school.html#/d/1/health/condition?return=/d/1/check");
        let hash = href.split_once('#').unwrap().1;
        assert_eq!(return_target(Journey::School, hash), Some(check));
        assert_eq!(
            return_target(Journey::School, "#/key?return=//evil.example"),
            None
        );
        assert_eq!(
            return_target(Journey::School, "#/key?return=https://x"),
            None
        );
        assert_eq!(
            return_target(Journey::School, "#/key?return=/nowhere"),
            None
        );
        assert_eq!(return_target(Journey::School, "#/key"), None);
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
