//! Table cases: Support in school, reasonable adjustments, the school's duties, funding and the baseline.

use super::*;

pub const FAIL: &[Fail] = &[
    (
        "hsr-apdr",
        "support.apdr.completed",
        |r| r.support.apdr.completed = Some(false),
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.currentSupportPlan",
        |r| r.support.apdr.current_support_plan = None,
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.workingWell",
        |r| r.support.apdr.working_well = None,
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.notWorkingWell",
        |r| r.support.apdr.not_working_well = None,
        "",
    ),
    (
        "annex2-2-apdr-attached",
        "support.apdr.attachmentId",
        |r| r.support.apdr.attachment_id = None,
        "",
    ),
    (
        "hsr-support-plan-medical-advice",
        "support.apdr.basedOnMedicalAdvice",
        |r| r.support.apdr.based_on_medical_advice = None,
        "",
    ),
    (
        "hsr-support-plan-medical-advice",
        "support.apdr.basedOnMedicalAdvice",
        |r| r.support.apdr.based_on_medical_advice = Some(false),
        "",
    ),
    (
        "support-reasonable-adjustments",
        "support.adjustments",
        |r| {
            r.support.reasonable_adjustments = None;
            r.support.adjustments.clear()
        },
        "",
    ),
    (
        "hsr-funding-answered",
        "funding.ehcp.receives",
        |r| r.funding.ehcp.receives = None,
        "",
    ),
    (
        "hsr-funding-answered",
        "funding.localHighNeedsFunding.receives",
        |r| r.funding.local_high_needs_funding.receives = None,
        "",
    ),
    (
        "hsr-funding-statement",
        "funding.ehcp.statement",
        |r| r.funding.ehcp.receives = Some(true),
        "",
    ),
    (
        "hsr-funding-statement",
        "funding.pupilPremiumGrant.statement",
        |r| r.funding.pupil_premium_grant.statement = None,
        "",
    ),
    (
        "annex2-6-funding-plan",
        "funding.pupilPremiumGrant.planAttachmentId",
        |r| r.funding.pupil_premium_grant.plan_attachment_id = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.maths",
        |r| r.baseline.maths = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.english",
        |r| r.baseline.english = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.science",
        |r| r.baseline.science = None,
        "",
    ),
    (
        "hsr-baseline-engagement",
        "baseline.engagement",
        |r| r.baseline.engagement = None,
        "",
    ),
    (
        "hsr-baseline-wellbeing",
        "baseline.emotionalWellbeing",
        |r| r.baseline.emotional_wellbeing = None,
        "",
    ),
    (
        "baseline-pupil-voice",
        "baseline.pupilVoice",
        |r| r.baseline.pupil_voice = None,
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.currentSupportPlan",
        |r| r.support.apdr.current_support_plan = s("n/a"),
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.workingWell",
        |r| r.support.apdr.working_well = s("Rest breaks"),
        "",
    ),
    (
        "annex2-2-apdr-attached",
        "support.apdr.attachmentId",
        |r| {
            r.support.apdr.attachment_id = None;
            r.support.apdr.sent_separately = Some(false)
        },
        "",
    ),
    (
        "support-reasonable-adjustments",
        "support.reasonableAdjustments",
        |r| {
            r.support.adjustments.clear();
            r.support.reasonable_adjustments = s("none")
        },
        "",
    ),
    (
        "support-reasonable-adjustments",
        "support.adjustments",
        |r| {
            r.support.adjustments = vec!["no-such-strategy".into()];
            r.support.reasonable_adjustments = None
        },
        "",
    ),
    (
        "support-curriculum-access",
        "support.curriculumAccess",
        |r| r.support.curriculum_access = None,
        "",
    ),
    (
        "support-curriculum-access",
        "support.curriculumAccess",
        |r| r.support.curriculum_access = s("N/A."),
        "",
    ),
    (
        "support-school-community",
        "support.schoolCommunity",
        |r| r.support.school_community = None,
        "",
    ),
    (
        "support-working-area",
        "support.workingArea",
        |r| r.support.working_area = s("tbc"),
        "",
    ),
    (
        "hsr-funding-statement",
        "funding.pupilPremiumGrant.statement",
        |r| r.funding.pupil_premium_grant.statement = s("see attached"),
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.english",
        |r| r.baseline.english = s("-"),
        "",
    ),
    (
        "hsr-baseline-engagement",
        "baseline.engagement",
        |r| r.baseline.engagement = s("ok"),
        "",
    ),
    (
        "hsr-baseline-wellbeing",
        "baseline.emotionalWellbeing",
        |r| r.baseline.emotional_wellbeing = s("fine"),
        "",
    ),
    (
        "baseline-pupil-voice",
        "baseline.pupilVoice",
        |r| r.baseline.pupil_voice = s("n/a"),
        "",
    ),
];

pub const OK: &[Pass] = &[
    (
        "hsr-funding-statement",
        |r| {
            r.funding.ehcp.receives = Some(true);
            r.funding.ehcp.statement = s("Funds a teaching assistant.")
        },
        "",
    ),
    (
        "annex2-6-funding-plan",
        |r| {
            r.funding.pupil_premium_grant.receives = Some(false);
            r.funding.pupil_premium_grant.plan_attachment_id = None
        },
        "",
    ),
    (
        "support-reasonable-adjustments",
        |r| r.support.reasonable_adjustments = None,
        "",
    ),
    (
        "support-reasonable-adjustments",
        |r| r.support.adjustments.clear(),
        "",
    ),
    (
        "annex2-2-apdr-attached",
        |r| {
            r.support.apdr.attachment_id = None;
            r.support.apdr.sent_separately = Some(true);
            r.attachments
                .retain(|a| a.id.as_deref() != Some("att-apdr"))
        },
        "",
    ),
    (
        "hsr-apdr",
        |r| r.support.apdr.working_well = s("Rest breaks daily."),
        "",
    ),
    (
        "hsr-baseline-attainment",
        |r| r.baseline.english = s("Grade 5"),
        "",
    ),
];
