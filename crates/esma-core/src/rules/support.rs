//! Support in school: the completed APDR with the current support plan, what
//! is working well and what is not, reasonable adjustments (Annex 3), and the
//! school's duties a referral can show: access to the full curriculum,
//! keeping the pupil part of the school community, a working area for their
//! return.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;
use crate::rules::answers::Need;

pub(crate) const APDR: Rule = Rule {
    id: "hsr-apdr",
    severity: Blocking,
    summary: "The school says it has completed an APDR cycle, and describes the current support plan, what is working well and what is not.",
    fields: &[
        "support.apdr.completed",
        "support.apdr.currentSupportPlan",
        "support.apdr.workingWell",
        "support.apdr.notWorkingWell",
    ],
    checklist_item: Some(2),
    messages: &[
        msg("completed",
            "Confirm the school has completed an Assess, Plan, Do, Review (APDR) cycle"),
        msg("plan",
            "Describe the school’s current support plan"),
        msg("working",
            "Describe what is working well in the current support plan"),
        msg("not-working",
            "Describe what is not working well in the current support plan"),
    ],
    sources: &[HSR_APDR],
};

pub(crate) const APDR_ATTACHED: Rule = Rule {
    id: "annex2-2-apdr-attached",
    severity: Blocking,
    summary: "The current support plan / APDR is attached, or the school says it is sent separately through the secure file exchange.",
    fields: &["support.apdr.attachmentId", "support.apdr.sentSeparately"],
    checklist_item: Some(2),
    messages: &[msg(
        "",
        "Attach the current support plan or APDR, or say it is sent separately through the secure file exchange",
    )],
    sources: &[A2_2],
};

pub(crate) const MEDICAL_ADVICE: Rule = Rule {
    id: "hsr-support-plan-medical-advice",
    severity: Blocking,
    summary: "The school says its current support plan is based on medical advice.",
    fields: &["support.apdr.basedOnMedicalAdvice"],
    checklist_item: Some(2),
    messages: &[
        msg("unanswered",
            "Say whether the current support plan is based on medical advice"),
        msg("no",
            "The current support plan must be based on medical advice. Review it with the health professional’s advice before referring"),
    ],
    sources: &[HSR_SUPPORT_PLAN],
};

pub(crate) const REASONABLE_ADJUSTMENTS: Rule = Rule {
    id: "support-reasonable-adjustments",
    severity: Blocking,
    summary: "The reasonable adjustments in place are given: at least one ticked from Annex 3, or described.",
    fields: &["support.adjustments", "support.reasonableAdjustments"],
    checklist_item: Some(2),
    messages: &[msg("",
        "Select the reasonable adjustments in place, or describe them, for example rest breaks or a safe space")],
    sources: &[PASTORAL_PLAN, SLA_ADJUSTMENTS, SLA_ANTICIPATORY],
};

pub(crate) const CURRICULUM_ACCESS: Rule = Rule {
    id: "support-curriculum-access",
    severity: Blocking,
    summary: "The school describes how it gives access to the full curriculum beyond the core subjects ESMA teaches.",
    fields: &["support.curriculumAccess"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Describe how the school will give the pupil access to the full curriculum beyond English, Maths and Science, for example art and history")],
    sources: &[SLA_CURRICULUM],
};

pub(crate) const SCHOOL_COMMUNITY: Rule = Rule {
    id: "support-school-community",
    severity: Warning,
    summary: "The school describes how it keeps the pupil part of the school community while they cannot attend.",
    fields: &["support.schoolCommunity"],
    checklist_item: None,
    messages: &[msg("",
        "Describe how the school will keep the pupil part of the school community, for example newsletters, invitations to school or a digital learning platform")],
    sources: &[SLA_COMMUNITY],
};

pub(crate) const WORKING_AREA: Rule = Rule {
    id: "support-working-area",
    severity: Warning,
    summary: "The school describes the working area in school where the pupil can be taught, to help them return.",
    fields: &["support.workingArea"],
    checklist_item: None,
    messages: &[msg("",
        "Describe the working area in school where the pupil can be taught, to help them return")],
    sources: &[SLA_WORKING_AREA],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.support;
    if s.apdr.completed != Some(true) {
        ctx.flag_key(&APDR, "support.apdr.completed", "completed");
    }
    for (key, field, value) in [
        (
            "plan",
            "support.apdr.currentSupportPlan",
            &s.apdr.current_support_plan,
        ),
        ("working", "support.apdr.workingWell", &s.apdr.working_well),
        (
            "not-working",
            "support.apdr.notWorkingWell",
            &s.apdr.not_working_well,
        ),
    ] {
        ctx.need_text(&APDR, field, key, value, Need::Description);
    }
    if blank(&s.apdr.attachment_id) && s.apdr.sent_separately != Some(true) {
        ctx.flag(&APDR_ATTACHED, "support.apdr.attachmentId");
    }
    match s.apdr.based_on_medical_advice {
        None => ctx.flag_key(
            &MEDICAL_ADVICE,
            "support.apdr.basedOnMedicalAdvice",
            "unanswered",
        ),
        Some(false) => ctx.flag_key(&MEDICAL_ADVICE, "support.apdr.basedOnMedicalAdvice", "no"),
        Some(true) => {}
    }
    // Ticked Annex 3 strategies are specific already; without any, the
    // school's own words must describe the adjustments. Nothing at all points
    // at the list, the quicker answer.
    if crate::annex3::known(&s.adjustments) == 0 {
        if blank(&s.reasonable_adjustments) {
            ctx.flag(&REASONABLE_ADJUSTMENTS, "support.adjustments");
        } else {
            ctx.need_text(
                &REASONABLE_ADJUSTMENTS,
                "support.reasonableAdjustments",
                "",
                &s.reasonable_adjustments,
                Need::Description,
            );
        }
    }
    ctx.need_text(
        &CURRICULUM_ACCESS,
        "support.curriculumAccess",
        "",
        &s.curriculum_access,
        Need::Description,
    );
    ctx.need_text(
        &SCHOOL_COMMUNITY,
        "support.schoolCommunity",
        "",
        &s.school_community,
        Need::Description,
    );
    ctx.need_text(
        &WORKING_AREA,
        "support.workingArea",
        "",
        &s.working_area,
        Need::Description,
    );
}
