//! Absence: school days missed (the 15-school-day rule), the pattern, the
//! attendance code, and a reduced timetable with its reintegration plan.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};

pub(crate) const SCHOOL_DAYS: Rule = Rule {
    id: "absence-school-days",
    severity: Blocking,
    summary: "The number of school days missed so far is given.",
    fields: &["absence.schoolDaysMissed"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter the number of school days the pupil has missed because of their health needs",
    )],
    sources: &[FIFTEEN, A2_1],
};

pub(crate) const FIFTEEN_DAYS: Rule = Rule {
    id: "absence-15-school-days",
    severity: Blocking,
    summary: "The pupil has missed 15 or more school days, consecutive or cumulative (unless the illness is long-term or recurring).",
    fields: &["absence.schoolDaysMissed", "health.longTermOrRecurring"],
    checklist_item: None,
    messages: &[msg("",
        "The pupil has missed fewer than 15 school days. The first 15 days, consecutive or cumulative, are the school’s responsibility. The policy says both ‘more than 15’ and ‘15 or more’: 15 days is enough")],
    sources: &[FIFTEEN, FIFTEEN_SLA, A2_2_15],
};

pub(crate) const FIFTEEN_DAYS_LONG_TERM: Rule = Rule {
    id: "absence-15-school-days-long-term",
    severity: Info,
    summary: "A long-term or recurring illness can be referred before 15 school days are missed.",
    fields: &["absence.schoolDaysMissed", "health.longTermOrRecurring"],
    checklist_item: None,
    messages: &[msg("",
        "The pupil has missed fewer than 15 school days, but has a long-term or recurring illness, so ESMA aims to support them within the first 15 days")],
    sources: &[FIFTEEN_LONG_TERM, FIFTEEN],
};

pub(crate) const START_DATE: Rule = Rule {
    id: "absence-start-date",
    severity: Blocking,
    summary: "The date the absence started, when given, is a real date, not in the future and not before the pupil's birth.",
    fields: &["absence.startDate"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter the date the absence started",
    )],
    sources: &[FIFTEEN, A2_1],
};

pub(crate) const PATTERN: Rule = Rule {
    id: "absence-pattern",
    severity: Warning,
    summary: "Whether the days missed were consecutive or cumulative is given.",
    fields: &["absence.pattern"],
    checklist_item: None,
    messages: &[msg(
        "",
        "Say whether the school days missed were consecutive or cumulative",
    )],
    sources: &[FIFTEEN],
};

pub(crate) const ATTENDANCE_CODE: Rule = Rule {
    id: "attendance-code",
    severity: Warning,
    summary: "The attendance code fits the absence, using the official 2024 meanings, with the policy's own instruction (code C, then C2) beside them.",
    fields: &["absence.attendanceCode"],
    checklist_item: None,
    messages: &[
        msg("missing",
            "Enter the attendance code the school is using for the absence. Under the 2024 regulations, code I means absent because of illness (authorised)"),
        msg("c",
            "Under the 2024 regulations, code C means leave of absence in exceptional circumstances, and code I means absent because of illness (authorised). The policy says to record absence with supporting medical evidence as register code C, then C2 once ESMA support starts. Check the council’s attendance code table"),
        msg("c2",
            "Under the 2024 regulations, code C2 means leave of absence for a pupil on a part-time timetable, and code I means absent because of illness (authorised). The policy says to change code C to C2 once ESMA support starts. Check the code matches the pupil’s timetable"),
        msg("k",
            "Under the 2024 regulations, code K means attending education arranged by the local authority, and code I means absent because of illness (authorised). Use K once ESMA teaching starts, not before. The policy says to use code C, then C2"),
        msg("b",
            "Under the 2024 regulations, code B means an off-site educational activity arranged by the school, not absence, and code I means absent because of illness (authorised). The policy says to use code C. Check the code"),
        msg("unknown",
            "Enter an attendance code from the 2024 regulations. Under them, code I means absent because of illness (authorised); the policy says to use code C"),
    ],
    sources: &[CODE_C, CODE_C2, ATTENDANCE_REGS_2024],
};

pub(crate) const ATTENDANCE_CODE_UNAUTHORISED: Rule = Rule {
    id: "attendance-code-unauthorised",
    severity: Blocking,
    summary: "The attendance code does not record the absence as unauthorised (O, G, U or N).",
    fields: &["absence.attendanceCode"],
    checklist_item: None,
    messages: &[msg("",
        "Code {code} records absence that is not authorised (2024 regulations). The school must authorise the absence on medical grounds before referring")],
    sources: &[AUTHORISED_ATTENDANCE, ATTENDANCE_REGS_2024],
};

pub(crate) const REINTEGRATION_PLAN: Rule = Rule {
    id: "annex2-3-reintegration-plan",
    severity: Blocking,
    summary: "Whether the pupil is on a reduced timetable is answered, and if so the agreed reintegration plan itself is attached or sent separately (a summary is not the plan).",
    fields: &["absence.reducedTimetable", "absence.reintegrationPlan.attachmentId", "absence.reintegrationPlan.sentSeparately"],
    checklist_item: Some(3),
    messages: &[
        msg("unanswered",
            "Say whether the pupil is attending school on a reduced timetable"),
        msg("missing",
            "Attach the agreed reintegration plan for the pupil’s reduced timetable, or say it is sent separately through the secure file exchange. A summary is not the plan itself"),
    ],
    sources: &[A2_3, SLA_REINTEGRATION],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let a = &ctx.r.absence;
    let long_term = ctx.r.health.long_term_or_recurring == Some(true);
    match a.school_days_missed {
        None => ctx.flag(&SCHOOL_DAYS, "absence.schoolDaysMissed"),
        Some(d) if d < 15 && long_term => {
            ctx.flag(&FIFTEEN_DAYS_LONG_TERM, "absence.schoolDaysMissed")
        }
        Some(d) if d < 15 => ctx.flag(&FIFTEEN_DAYS, "absence.schoolDaysMissed"),
        Some(_) => {}
    }
    if a.start_date
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
    {
        ctx.life_date(
            &START_DATE,
            "absence.startDate",
            "Date the absence started",
            a.start_date.as_deref(),
        );
    }
    if a.pattern.is_none() {
        ctx.flag(&PATTERN, "absence.pattern");
    }
    let code = a
        .attendance_code
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase());
    const F: &str = "absence.attendanceCode";
    match code.as_deref() {
        None | Some("") => ctx.flag_key(&ATTENDANCE_CODE, F, "missing"),
        Some("I") => {}
        Some("C") => ctx.flag_key(&ATTENDANCE_CODE, F, "c"),
        Some("C2") if a.reduced_timetable != Some(true) => ctx.flag_key(&ATTENDANCE_CODE, F, "c2"),
        Some("C2") => {}
        Some("K") => ctx.flag_key(&ATTENDANCE_CODE, F, "k"),
        Some("B") => ctx.flag_key(&ATTENDANCE_CODE, F, "b"),
        Some(c @ ("O" | "G" | "U" | "N")) => {
            let c = c.to_string();
            ctx.flag_args(&ATTENDANCE_CODE_UNAUTHORISED, F, "", &[("code", &c)])
        }
        Some(_) => ctx.flag_key(&ATTENDANCE_CODE, F, "unknown"),
    }
    match a.reduced_timetable {
        None => ctx.flag_key(
            &REINTEGRATION_PLAN,
            "absence.reducedTimetable",
            "unanswered",
        ),
        Some(true) if !a.reintegration_plan.is_sent() => ctx.flag_key(
            &REINTEGRATION_PLAN,
            "absence.reintegrationPlan.attachmentId",
            "missing",
        ),
        _ => {}
    }
}
