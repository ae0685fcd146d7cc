//! Words a parent may not know (APDR, EHCP, CAMHS, ISL…), explained the
//! first time each appears on a page, in a GOV.UK "details" element right
//! after the text that uses it.

use std::cell::RefCell;
use std::collections::BTreeSet;

use yew::prelude::*;

use crate::components::details::Details;

/// (term, what it stands for, what it means), plain English.
pub const TERMS: &[(&str, &str, &str)] = &[
    ("APDR", "Assess, Plan, Do, Review", "The cycle the school uses to work out what support your child needs, put it in place and check how it is going."),
    ("EHCP", "Education, Health and Care Plan", "A legal document for a child who needs more support than a school can usually give. The council writes it with you."),
    ("CAMHS", "Child and Adolescent Mental Health Services", "The NHS services that help children and young people with their mental health."),
    ("ISL", "Integrated Services for Learning", "The council's team for your area. It receives the school's request and passes it to the ESMA Teaching Service."),
    ("ESMA", "Education Support for Medical Absence", "The council's teaching service for children who cannot go to school because of their health."),
    ("PALMS", "Positive behaviour, Autism, Learning disability and Mental health Service", "An NHS service in Hertfordshire for children and young people."),
    ("UPN", "Unique Pupil Number", "The number schools in England give each pupil. It stays the same if your child changes school."),
    ("URN", "Unique Reference Number", "The number the government gives each school."),
    ("LHNF", "Local High Needs Funding", "Extra money from the council for a pupil who needs a lot of support."),
    ("PPG", "Pupil Premium Grant", "Extra money schools get to support some pupils, for example those who get free school meals."),
    ("MASH", "Multi-Agency Safeguarding Hub", "The team where the council, police and health services share worries about a child's safety."),
    ("JCQ", "Joint Council for Qualifications", "The body that sets the rules for exams, including extra help in exams."),
    ("SLA", "Service Level Agreement", "The agreement about how the school, your family and the ESMA Teaching Service will work together."),
    ("GP", "General Practitioner", "Your family doctor."),
];

/// The terms used in `text`, each once, in the order of [`TERMS`]. A term
/// counts only as a whole word: "ISL" is in "the ISL team", not in "ISLAND".
pub fn terms_in(text: &str) -> Vec<&'static str> {
    let words: BTreeSet<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    TERMS
        .iter()
        .map(|(t, ..)| *t)
        .filter(|t| words.contains(t))
        .collect()
}

/// Tracks which terms a page has explained, so each is explained once, the
/// first time it appears.
#[derive(Default)]
pub struct Explainer {
    seen: RefCell<BTreeSet<&'static str>>,
}

impl Explainer {
    /// The explanations for terms in `text` not yet explained on this page.
    pub fn explain(&self, text: &str) -> Html {
        html! { <>{ for self.first_seen(text).into_iter().map(details) }</> }
    }

    /// The terms in `text` this page has not met before; marks them met.
    fn first_seen(&self, text: &str) -> Vec<&'static str> {
        terms_in(text)
            .into_iter()
            .filter(|t| self.seen.borrow_mut().insert(t))
            .collect()
    }
}

fn details(term: &'static str) -> Html {
    let Some((_, long, meaning)) = TERMS.iter().find(|(t, ..)| *t == term) else {
        return html! {};
    };
    // `data-term` says which term it explains (the browser tests read it).
    html! {
        <div data-term={term}>
            <Details summary={format!("What {term} means")} classes="app-term govuk-!-margin-bottom-2">
                <strong>{ format!("{term}: {long}.") }</strong>{ " " }{ meaning }
            </Details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_as_whole_words_only() {
        assert_eq!(
            terms_in("An APDR and a CAMHS report; the ISL team"),
            ["APDR", "CAMHS", "ISL"]
        );
        assert_eq!(terms_in("ISLAND, gpx, Apdr"), Vec::<&str>::new());
        assert_eq!(terms_in("Unique Pupil Number (UPN)"), ["UPN"]);
    }

    #[test]
    fn each_term_is_explained_once_per_page() {
        let e = Explainer::default();
        assert_eq!(e.first_seen("an EHCP"), ["EHCP"]);
        assert_eq!(e.first_seen("the EHCP and PPG"), ["PPG"]);
        assert!(e.first_seen("EHCP, PPG").is_empty());
    }

    #[test]
    fn the_issue_terms_are_all_explained() {
        for t in [
            "APDR", "EHCP", "CAMHS", "ISL", "PALMS", "UPN", "URN", "LHNF", "PPG",
        ] {
            assert!(TERMS.iter().any(|(x, ..)| *x == t), "{t}");
        }
    }
}
