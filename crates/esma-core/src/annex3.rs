//! The policy's Annex 3, "Examples of successful support strategies
//! exercised by schools", as a list the school can tick
//! (`support.adjustments` holds the ids).
//!
//! Only the strategies for one pupil are offered: the "Reasonable
//! Adjustments" and "Building Confidence" groups. The "Leadership" group
//! describes the whole school (a mental health team, awareness days), not an
//! adjustment for the pupil. The text is the policy's, verbatim (a test checks
//! it), so what the school ticks says exactly what the policy says.
//!
//! ```
//! let s = esma_core::annex3::strategy("soft-start").unwrap();
//! assert_eq!(s.group, "Reasonable Adjustments");
//! assert!(esma_core::annex3::strategy("no-such-id").is_none());
//! ```

/// One strategy from Annex 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strategy {
    /// The stable id stored in `support.adjustments`.
    pub id: &'static str,
    /// The policy's words.
    pub text: &'static str,
    /// The Annex 3 group it is listed under.
    pub group: &'static str,
}

const RA: &str = "Reasonable Adjustments";
const BC: &str = "Building Confidence";

const fn s(id: &'static str, group: &'static str, text: &'static str) -> Strategy {
    Strategy { id, text, group }
}

/// Every strategy offered, in the policy's order.
pub const STRATEGIES: &[Strategy] = &[
    s("key-adults", RA, "Allocation of key adults at school so pupil(s) know who to contact / who can help."),
    s("soft-start", RA, "Soft start to the day – meet and greet."),
    s("clear-routines", RA, "Clear and consistent routines ensuring pupil(s) know what will happen during breaks etc."),
    s("lunch-clubs", RA, "Lunch time clubs available aiming to reduce sensory overload."),
    s("anxiety-mapping", RA, "Anxiety mapping and regulatory training via SEN."),
    s("teaching-adaptations", RA, "Teaching and learning adaptations e.g., scaffolding."),
    s("classroom-seating", RA, "Classroom seating arrangements."),
    s("bespoke-learning", RA, "Access to identified bespoke learning to reduce demand."),
    s("digital-resources", RA, "Use of digital resources."),
    s("pre-ordered-lunch", RA, "Pupils can pre-order lunch to be collected by staff and distributed to them to eat in solace."),
    s("canteen-support", RA, "Supported by staff to integrate into canteen to build confidence with eating in assigned area."),
    s("break-seating", RA, "Seating at breaks and lunches can be provided to manage anxiety."),
    s("emotional-regulation", RA, "Withdrawn from lessons on a short-term basis to work on emotional regulation, to build resilience."),
    s("early-leave", RA, "Provided with “Early Leave” cards, to avoid main transition times in corridors between classes."),
    s("phased-timetable", RA, "A short period of phased timetabling where the child is in school but does not attend all lessons."),
    s("small-exam-venue", RA, "Sit exams in smaller exam venues e.g., smaller rooms of 10 or 12 pupils."),
    s("ear-defenders", RA, "Ear defenders."),
    s("uniform-sensory", RA, "Sensory difficulties are considered as part of the school uniform policy."),
    s("therapy-groups", BC, "Pupils can attend therapy/ group social skills lessons."),
    s("meet-and-greet", BC, "Meet and greet."),
    s("trusted-adults", BC, "Made aware they can speak with anyone they have confidence in, and staff know they should contact a member of the trained mental health team."),
    s("buddies-mentors", BC, "Paired up with buddies/ mentors from Y11/13 who have received specific training to support, e.g., meet 6th form progress mentor during registration."),
    s("after-school-clubs", BC, "Encouraged to take part in after-school clubs, to help to build confidence about attending."),
    s("catch-up-coaching", BC, "Offered 1-1 coach support to “catch-up” on core content for English/Maths. Often a barrier to returning as pupils overwhelmed with content they have missed."),
    s("pastoral-sessions", BC, "Offered 1-1 or group sessions via pastoral support e.g., drama / art/ music/ sport as an escape from school pressures and support with anxiety."),
];

/// The strategy with this id.
pub fn strategy(id: &str) -> Option<&'static Strategy> {
    STRATEGIES.iter().find(|s| s.id == id)
}

/// How many of `ids` are strategies this version knows.
pub fn known(ids: &[String]) -> usize {
    ids.iter().filter(|id| strategy(id).is_some()).count()
}
