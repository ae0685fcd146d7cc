//! Support in school: the completed APDR with the current support plan, what
//! is working well and what is not, and reasonable adjustments.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;

pub(crate) const APDR: Rule = Rule {
    id: "hsr-apdr",
    severity: Blocking,
    summary: "A completed APDR with the current support plan, what is working well and what is not.",
    fields: &[
        "support.apdr.completed",
        "support.apdr.currentSupportPlan",
        "support.apdr.workingWell",
        "support.apdr.notWorkingWell",
    ],
    checklist_item: Some(2),
    messages: &[
        msg("completed",
            "Confirm the school has completed an Assess, Plan, Do, Review (APDR) cycle",
            "The school needs to show it has tried to support your child itself first, using a plan it has reviewed (called Assess, Plan, Do, Review)."),
        msg("plan",
            "Describe the school’s current support plan",
            "The school needs to describe how it is supporting your child now."),
        msg("working",
            "Describe what is working well in the current support plan",
            "The school needs to say what is working well in how it supports your child."),
        msg("not-working",
            "Describe what is not working well in the current support plan",
            "The school needs to say what is not working well in how it supports your child."),
    ],
    sources: &[HSR_APDR],
};

pub(crate) const APDR_ATTACHED: Rule = Rule {
    id: "annex2-2-apdr-attached",
    severity: Blocking,
    summary: "The current support plan / APDR is attached.",
    fields: &["support.apdr.attachmentId"],
    checklist_item: Some(2),
    messages: &[msg(
        "",
        "Attach the current support plan or APDR",
        "The school needs to attach its current support plan for your child.",
    )],
    sources: &[A2_2],
};

pub(crate) const MEDICAL_ADVICE: Rule = Rule {
    id: "hsr-support-plan-medical-advice",
    severity: Blocking,
    summary: "The school's current support plan is based on medical advice.",
    fields: &["support.apdr.basedOnMedicalAdvice"],
    checklist_item: Some(2),
    messages: &[
        msg("unanswered",
            "Say whether the current support plan is based on medical advice",
            "The school needs to say whether its support plan follows the advice of your child’s health professionals."),
        msg("no",
            "The current support plan must be based on medical advice. Review it with the health professional’s advice before referring",
            "The school’s support plan needs to follow the advice of your child’s health professionals before it asks ESMA for help."),
    ],
    sources: &[HSR_SUPPORT_PLAN],
};

pub(crate) const REASONABLE_ADJUSTMENTS: Rule = Rule {
    id: "support-reasonable-adjustments",
    severity: Warning,
    summary: "The reasonable adjustments in place are described.",
    fields: &["support.reasonableAdjustments"],
    checklist_item: None,
    messages: &[msg("",
        "Describe the reasonable adjustments in place, for example rest breaks or a safe space",
        "The school should describe the changes it has made to help your child, for example rest breaks or a quiet place to go.")],
    sources: &[PASTORAL_PLAN, SLA_ADJUSTMENTS],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.support;
    if s.apdr.completed != Some(true) {
        ctx.flag_key(&APDR, "support.apdr.completed", "completed");
    }
    if blank(&s.apdr.current_support_plan) {
        ctx.flag_key(&APDR, "support.apdr.currentSupportPlan", "plan");
    }
    if blank(&s.apdr.working_well) {
        ctx.flag_key(&APDR, "support.apdr.workingWell", "working");
    }
    if blank(&s.apdr.not_working_well) {
        ctx.flag_key(&APDR, "support.apdr.notWorkingWell", "not-working");
    }
    if blank(&s.apdr.attachment_id) {
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
    if blank(&s.reasonable_adjustments) {
        ctx.flag(&REASONABLE_ADJUSTMENTS, "support.reasonableAdjustments");
    }
}
