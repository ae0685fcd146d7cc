//! Which problems belong to which page, and which of them stop "Save and
//! continue". A problem shows on the page that asks about its field (and
//! on every page that asks it again); a problem with no question of its
//! own shows at the top of the page its field belongs to
//! ([`PageIndex::page_of`]).

use esma_core::referral::Referral;
use esma_core::rules::Severity;
use serde_json::Value;

use super::fields::Answers;
use super::pages::{find, Page, PageIndex};
use super::questions::{is_eligibility_rule, Section};
use super::state::{Issue, Wizard};

/// The page with key `section/slug`, if the referral has it now.
pub fn page_by_key(r: &Referral, key: &str) -> Option<Page> {
    let (section, slug) = key.split_once('/')?;
    find(Section::from_slug(section)?, slug, r)
}

/// The page's problems: those of its questions, in the page's order, then
/// those with no question here that belong to it (on the screener, the
/// entry criteria, which its verdict shows).
pub fn page_issues(wizard: &Wizard, page: &Page, index: &PageIndex) -> Vec<Issue> {
    let issues = wizard.issues();
    let r = &wizard.draft.referral;
    let mut out: Vec<Issue> = Vec::new();
    for q in page.questions() {
        out.extend(issues.iter().filter(|i| i.field == q.path).cloned());
    }
    out.extend(issues.into_iter().filter(|i| !page.asks(&i.field)).filter(
        |i| match page.section {
            Section::Eligibility => i.rule.is_some_and(is_eligibility_rule),
            _ => index.page_of(&i.field, r) == (page.section, page.slug.clone()),
        },
    ));
    out
}

/// What stops "Save and continue" on a page: its blocking problems. On the
/// screener, an answer that makes the pupil ineligible is the verdict, not
/// a mistake in the form: the school may still go on (the verdict says so).
pub fn page_blocking(wizard: &Wizard, page: &Page) -> Vec<Issue> {
    let index = PageIndex::new(&wizard.draft.referral);
    page_issues(wizard, page, &index)
        .into_iter()
        .filter(|i| i.severity == Severity::Blocking)
        .filter(|i| page.section != Section::Eligibility || !is_verdict(wizard, i))
        .collect()
}

/// Whether an issue is one of the screener's verdicts: an entry criterion
/// not met by an answer given (or the evidence the screener asks about).
pub fn is_verdict(wizard: &Wizard, i: &Issue) -> bool {
    i.rule.is_some_and(is_eligibility_rule)
        && (i.rule == Some("entry-medical-evidence") || answered(wizard, &i.field))
}

/// Whether the field has an answer in the referral.
pub fn answered(wizard: &Wizard, field: &str) -> bool {
    !matches!(Answers::of(&wizard.draft.referral).get(field), Value::Null)
}
