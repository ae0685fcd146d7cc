//! Health needs: the condition, its kind, whether it is long-term or
//! recurring, the likely duration, the treatment plan, hospital stays
//! (now and planned), and the Individual Healthcare Plan.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::rules::answers::Need;

pub(crate) const CONDITION: Rule = Rule {
    id: "hsr-medical-condition",
    severity: Blocking,
    summary: "The reason for the absence (the medical condition) is given.",
    fields: &["health.condition"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter the reason for the absence (the medical condition)",
    )],
    sources: &[HSR_REASON],
};

pub(crate) const KIND: Rule = Rule {
    id: "health-kind",
    severity: Blocking,
    summary: "Whether the health need is physical, mental health or both is given.",
    fields: &["health.kind"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Select whether the health need is physical, mental health or both",
    )],
    sources: &[PHYSICAL_OR_MENTAL, EVIDENCE_TIERS],
};

pub(crate) const LONG_TERM: Rule = Rule {
    id: "health-long-term",
    severity: Blocking,
    summary: "Whether the illness is long-term or recurring is answered.",
    fields: &["health.longTermOrRecurring"],
    checklist_item: Some(1),
    messages: &[msg("", "Say whether the illness is long-term or recurring")],
    sources: &[SLA_TREATMENT, FIFTEEN_LONG_TERM],
};

pub(crate) const LIKELY_DURATION: Rule = Rule {
    id: "hsr-likely-duration",
    severity: Blocking,
    summary:
        "The likely duration of the absence, as indicated by the health professional, is given.",
    fields: &["health.likelyDuration"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter how long the absence is likely to last, as indicated by the health professional",
    )],
    sources: &[HSR_DURATION, HOW_LONG],
};

pub(crate) const TREATMENT_PLAN: Rule = Rule {
    id: "health-long-term-treatment-plan",
    severity: Blocking,
    summary: "A long-term or recurring illness has the current treatment plan: attached, sent separately, or described (the named medical contact is checked by annex2-4-named-professional-contact).",
    fields: &["treatmentPlan.summary", "treatmentPlan.attachmentId", "treatmentPlan.sentSeparately"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Attach or describe the current treatment plan. It is needed for a long-term or recurring illness")],
    sources: &[SLA_TREATMENT, A2_4],
};

pub(crate) const HOSPITAL_SCHOOL: Rule = Rule {
    id: "health-hospital-school",
    severity: Info,
    summary: "An inpatient whose hospital school provides education may not need ESMA teaching.",
    fields: &["health.hospital.inpatient", "health.hospital.hospitalSchoolProvidesEducation"],
    checklist_item: None,
    messages: &[msg("",
        "The pupil is a hospital inpatient and the hospital school provides education. The council need not arrange more while that education is suitable. The hospital school should contact ESMA before discharge")],
    sources: &[HOSPITAL_EDUCATION],
};

pub(crate) const HOSPITAL_ANSWERED: Rule = Rule {
    id: "health-hospital-answered",
    severity: Blocking,
    summary: "Whether the pupil is a hospital inpatient is answered, and for an inpatient, whether the hospital school provides their education.",
    fields: &["health.hospital.inpatient", "health.hospital.hospitalSchoolProvidesEducation"],
    checklist_item: Some(1),
    messages: &[
        msg("inpatient",
            "Say whether the pupil is in hospital as an inpatient"),
        msg("hospital-school",
            "Say whether the hospital school is providing the pupil’s education"),
    ],
    sources: &[HOSPITAL_EDUCATION],
};

pub(crate) const PLANNED_ADMISSION: Rule = Rule {
    id: "health-planned-admission",
    severity: Blocking,
    summary: "For a pupil not in hospital now, whether a hospital admission is planned is answered; a planned admission gives the likely admission date, expected length of stay and the education programme in hospital.",
    fields: &[
        "health.hospital.plannedAdmission",
        "health.hospital.admissionDate",
        "health.hospital.expectedLengthOfStay",
        "health.hospital.educationProgramme",
    ],
    checklist_item: Some(1),
    messages: &[
        msg("unanswered",
            "Say whether a stay in hospital is planned"),
        msg("date",
            "Enter the likely admission date"),
        msg("length",
            "Enter how long the pupil is expected to stay in hospital"),
        msg("programme",
            "Describe the education programme the pupil will follow in hospital, from the hospital school"),
    ],
    sources: &[super::sources::PLANNED_ADMISSION],
};

pub(crate) const IHCP: Rule = Rule {
    id: "health-ihcp",
    severity: Blocking,
    summary: "Whether the pupil has an Individual Healthcare Plan (IHCP) is answered, and an IHCP has the date it was last reviewed (a real date, not in the future, not before the pupil's birth).",
    fields: &["health.ihcp.inPlace", "health.ihcp.lastReviewed"],
    checklist_item: Some(1),
    messages: &[
        msg("unanswered",
            "Say whether the pupil has an Individual Healthcare Plan (IHCP)"),
        msg("date",
            "Enter the date the Individual Healthcare Plan was last reviewed"),
    ],
    sources: &[IHCP_USE, IHCP_ANNUAL, IHP_REVIEWED],
};

pub(crate) const IHCP_REVIEW: Rule = Rule {
    id: "health-ihcp-review",
    severity: Warning,
    summary: "The Individual Healthcare Plan was reviewed within the last 12 months (the policy: at least annually).",
    fields: &["health.ihcp.lastReviewed"],
    checklist_item: None,
    messages: &[msg("",
        "The Individual Healthcare Plan was last reviewed more than 12 months ago. Schools must review IHCPs at least annually")],
    sources: &[IHCP_ANNUAL],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    let h = &r.health;
    ctx.need_text(
        &CONDITION,
        "health.condition",
        "",
        &h.condition,
        Need::Answer,
    );
    if h.kind.is_none() {
        ctx.flag(&KIND, "health.kind");
    }
    match h.long_term_or_recurring {
        None => ctx.flag(&LONG_TERM, "health.longTermOrRecurring"),
        Some(true) if !r.treatment_plan.is_sent() => {
            ctx.need_text(
                &TREATMENT_PLAN,
                "treatmentPlan.summary",
                "",
                &r.treatment_plan.summary,
                Need::Description,
            );
        }
        _ => {}
    }
    ctx.need_text(
        &LIKELY_DURATION,
        "health.likelyDuration",
        "",
        &h.likely_duration,
        Need::Answer,
    );
    let hosp = &h.hospital;
    match hosp.inpatient {
        None => ctx.flag_key(&HOSPITAL_ANSWERED, "health.hospital.inpatient", "inpatient"),
        Some(true) => match hosp.hospital_school_provides_education {
            None => ctx.flag_key(
                &HOSPITAL_ANSWERED,
                "health.hospital.hospitalSchoolProvidesEducation",
                "hospital-school",
            ),
            Some(true) => ctx.flag(
                &HOSPITAL_SCHOOL,
                "health.hospital.hospitalSchoolProvidesEducation",
            ),
            Some(false) => {}
        },
        Some(false) => planned_admission(ctx),
    }
    ihcp(ctx);
}

fn planned_admission(ctx: &mut Ctx<'_>) {
    let hosp = &ctx.r.health.hospital;
    match hosp.planned_admission {
        None => ctx.flag_key(
            &PLANNED_ADMISSION,
            "health.hospital.plannedAdmission",
            "unanswered",
        ),
        Some(false) => {}
        Some(true) => {
            const DATE: &str = "health.hospital.admissionDate";
            match crate::date::parse_opt(hosp.admission_date.as_deref()) {
                Err(crate::date::DateError::Missing) => {
                    ctx.flag_key(&PLANNED_ADMISSION, DATE, "date")
                }
                Err(e) => ctx.flag_date(&PLANNED_ADMISSION, DATE, "Likely admission date", e),
                Ok(d) => {
                    ctx.after_birth(&PLANNED_ADMISSION, DATE, "Likely admission date", d);
                }
            }
            ctx.need_text(
                &PLANNED_ADMISSION,
                "health.hospital.expectedLengthOfStay",
                "length",
                &hosp.expected_length_of_stay,
                Need::Answer,
            );
            ctx.need_text(
                &PLANNED_ADMISSION,
                "health.hospital.educationProgramme",
                "programme",
                &hosp.education_programme,
                Need::Description,
            );
        }
    }
}

fn ihcp(ctx: &mut Ctx<'_>) {
    let p = &ctx.r.health.ihcp;
    match p.in_place {
        None => ctx.flag_key(&IHCP, "health.ihcp.inPlace", "unanswered"),
        Some(false) => {}
        Some(true) => {
            const F: &str = "health.ihcp.lastReviewed";
            if crate::date::parse_opt(p.last_reviewed.as_deref())
                == Err(crate::date::DateError::Missing)
            {
                ctx.flag_key(&IHCP, F, "date");
            } else if let Some(d) = ctx.life_date(
                &IHCP,
                F,
                "Date the plan was last reviewed",
                p.last_reviewed.as_deref(),
            ) {
                let due = d.checked_add_months(chrono::Months::new(12));
                if due.is_some_and(|due| due < ctx.today) {
                    ctx.flag(&IHCP_REVIEW, F);
                }
            }
        }
    }
}
