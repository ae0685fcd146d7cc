//! Exams for pupils in Years 10 and 11: ESMA is not an exam centre, so the
//! school arranges exams, invigilation and access arrangements.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::rules::answers::Need;

pub(crate) const YEARS_10_11: Rule = Rule {
    id: "exams-years-10-11",
    severity: Warning,
    summary: "A pupil in Year 10 or 11 has the school's exam arrangements described.",
    fields: &["exams.arrangements", "pupil.yearGroup"],
    checklist_item: None,
    messages: &[msg("",
        "Describe the school’s exam arrangements for the pupil: venue, invigilation and timetable. ESMA is not an exam centre")],
    sources: &[SLA_EXAM_CENTRE, SLA_EXAMS, EXAMS_MUST],
};

pub(crate) const ACCESS_ARRANGEMENTS: Rule = Rule {
    id: "exams-access-arrangements",
    severity: Info,
    summary: "For Years 10 and 11, the access arrangements applied for with the awarding bodies are recorded (\"none\" is an answer): they should be considered early.",
    fields: &["exams.accessArrangements"],
    checklist_item: None,
    messages: &[msg("",
        "Consider applying early to the awarding bodies for access arrangements (JCQ), and record them here, or say none are needed")],
    sources: &[EXAMS_ACCESS],
};

/// The year group the exam rules use: the one given, else the usual one for
/// the date of birth.
fn year_group(ctx: &Ctx<'_>) -> Option<i32> {
    ctx.r.pupil.year_group.map(i32::from).or_else(|| {
        crate::date::parse_opt(ctx.r.pupil.date_of_birth.as_deref())
            .ok()
            .map(|dob| crate::school_age::expected_year_group(dob, ctx.today))
    })
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    if matches!(year_group(ctx), Some(10 | 11)) {
        let e = &ctx.r.exams;
        ctx.need_text(
            &YEARS_10_11,
            "exams.arrangements",
            "",
            &e.arrangements,
            Need::Description,
        );
        ctx.need_text(
            &ACCESS_ARRANGEMENTS,
            "exams.accessArrangements",
            "",
            &e.access_arrangements,
            Need::AnswerOrNone,
        );
    }
}
