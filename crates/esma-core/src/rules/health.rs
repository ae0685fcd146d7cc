//! Health needs: the condition, its kind, whether it is long-term or
//! recurring, the likely duration, the treatment plan, and hospital stays.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;

pub(crate) const CONDITION: Rule = Rule {
    id: "hsr-medical-condition",
    severity: Blocking,
    summary: "The reason for the absence (the medical condition) is given.",
    fields: &["health.condition"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter the reason for the absence (the medical condition)",
        "The school needs to give the reason for your child’s absence: their medical condition.",
    )],
    sources: &[HSR_REASON],
};

pub(crate) const KIND: Rule = Rule {
    id: "health-kind",
    severity: Blocking,
    summary: "Whether the health need is physical, mental health or both is given.",
    fields: &["health.kind"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Select whether the health need is physical, mental health or both",
        "The school needs to say whether your child’s health need is physical, mental health, or both.")],
    sources: &[PHYSICAL_OR_MENTAL, EVIDENCE_TIERS],
};

pub(crate) const LONG_TERM: Rule = Rule {
    id: "health-long-term",
    severity: Blocking,
    summary: "Whether the illness is long-term or recurring is answered.",
    fields: &["health.longTermOrRecurring"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Say whether the illness is long-term or recurring",
        "The school needs to say whether your child’s illness is long-term or keeps coming back.",
    )],
    sources: &[SLA_TREATMENT, FIFTEEN_LONG_TERM],
};

pub(crate) const LIKELY_DURATION: Rule = Rule {
    id: "hsr-likely-duration",
    severity: Blocking,
    summary: "The likely duration of the absence, as indicated by the health professional, is given.",
    fields: &["health.likelyDuration"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Enter how long the absence is likely to last, as indicated by the health professional",
        "The school needs to say how long your child is likely to be away from school, as the doctor or health worker has said.")],
    sources: &[HSR_DURATION, HOW_LONG],
};

pub(crate) const TREATMENT_PLAN: Rule = Rule {
    id: "health-long-term-treatment-plan",
    severity: Blocking,
    summary: "A long-term or recurring illness has the current treatment plan (the named medical contact is checked by annex2-4-named-professional-contact).",
    fields: &["treatmentPlan.summary", "treatmentPlan.attachmentId"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Attach or describe the current treatment plan. It is needed for a long-term or recurring illness",
        "Because your child’s illness is long-term or keeps coming back, the school needs to include the current treatment plan from the health team.")],
    sources: &[SLA_TREATMENT, A2_4],
};

pub(crate) const HOSPITAL_SCHOOL: Rule = Rule {
    id: "health-hospital-school",
    severity: Info,
    summary: "An inpatient whose hospital school provides education may not need ESMA teaching.",
    fields: &["health.hospital.inpatient", "health.hospital.hospitalSchoolProvidesEducation"],
    checklist_item: None,
    messages: &[msg("",
        "The pupil is a hospital inpatient and the hospital school provides education. The council need not arrange more while that education is suitable. The hospital school should contact ESMA before discharge",
        "Your child is in hospital and the hospital school is teaching them. ESMA may not need to add teaching while your child is there, and will plan with the hospital school before your child goes home.")],
    sources: &[HOSPITAL_EDUCATION],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let h = &ctx.r.health;
    if blank(&h.condition) {
        ctx.flag(&CONDITION, "health.condition");
    }
    if h.kind.is_none() {
        ctx.flag(&KIND, "health.kind");
    }
    match h.long_term_or_recurring {
        None => ctx.flag(&LONG_TERM, "health.longTermOrRecurring"),
        Some(true) if !ctx.r.treatment_plan.is_provided() => {
            ctx.flag(&TREATMENT_PLAN, "treatmentPlan.summary")
        }
        _ => {}
    }
    if blank(&h.likely_duration) {
        ctx.flag(&LIKELY_DURATION, "health.likelyDuration");
    }
    if h.hospital.inpatient == Some(true)
        && h.hospital.hospital_school_provides_education == Some(true)
    {
        ctx.flag(
            &HOSPITAL_SCHOOL,
            "health.hospital.hospitalSchoolProvidesEducation",
        );
    }
}
