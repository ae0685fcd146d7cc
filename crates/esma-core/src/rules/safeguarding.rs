//! Safeguarding during the absence: the responsible adult; concerns, MASH
//! referrals and missing episodes and how they were assessed and mitigated;
//! where teaching is asked for, and for teaching at home the supporting
//! medical evidence and the facts ESMA's risk assessment needs.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::TeachingLocation;
use crate::rules::answers::Need;

pub(crate) const RESPONSIBLE_ADULT: Rule = Rule {
    id: "safeguarding-responsible-adult",
    severity: Blocking,
    summary: "The adult responsible for safeguarding during the absence is named, with their relationship to the pupil and a phone number or email address.",
    fields: &["safeguarding.responsibleAdult.name", "safeguarding.responsibleAdult.role", "safeguarding.responsibleAdult.phone"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the adult responsible for the pupil’s safety during the absence"),
        msg("role", "Enter the responsible adult’s relationship to the pupil"),
        msg("contact", "Enter a phone number or email address for the responsible adult"),
    ],
    sources: &[SG_ADULT, SG_ON_ROLL],
};

pub(crate) const CONCERNS_ANSWERED: Rule = Rule {
    id: "safeguarding-concerns-answered",
    severity: Blocking,
    summary: "Safeguarding concerns, MASH referrals and missing episodes are each answered.",
    fields: &[
        "safeguarding.concerns",
        "safeguarding.mashReferrals",
        "safeguarding.missingEpisodes",
    ],
    checklist_item: Some(1),
    messages: &[
        msg(
            "concerns",
            "Say whether there are any safeguarding concerns",
        ),
        msg(
            "mashReferrals",
            "Say whether there have been any Multi-agency Safeguarding Hub (MASH) referrals",
        ),
        msg(
            "missingEpisodes",
            "Say whether there have been any missing episodes",
        ),
    ],
    sources: &[SG_CONCERNS, SG_MASH],
};

pub(crate) const ASSESSED_MITIGATED: Rule = Rule {
    id: "safeguarding-assessed-mitigated",
    severity: Blocking,
    summary: "Any concerns, MASH referrals or missing episodes say how they were assessed and mitigated.",
    fields: &["safeguarding.assessmentAndMitigation"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Describe how the safeguarding concerns, MASH referrals or missing episodes were assessed and mitigated")],
    sources: &[SG_MITIGATED, SG_MASH],
};

pub(crate) const TEACHING_LOCATION: Rule = Rule {
    id: "teaching-location",
    severity: Blocking,
    summary: "Where teaching is asked for is given: the school site, a suitable venue, online, or the pupil's home.",
    fields: &["safeguarding.teachingLocation"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Select where teaching is asked for")],
    sources: &[SLA_HOME],
};

pub(crate) const HOME_EVIDENCE: Rule = Rule {
    id: "teaching-home-evidence",
    severity: Blocking,
    summary: "Teaching at home is supported by an item of medical evidence the school marks as supporting it.",
    fields: &["medicalEvidence[].supportsHomeTeaching", "safeguarding.teachingLocation"],
    checklist_item: Some(1),
    messages: &[msg("",
        "Teaching at home needs supporting medical evidence. Say which medical evidence supports teaching at home, or ask for teaching somewhere else")],
    sources: &[SLA_HOME],
};

pub(crate) const HOME_RISK_ASSESSMENT: Rule = Rule {
    id: "safeguarding-home-teaching-risk-assessment",
    severity: Blocking,
    summary: "Teaching at home names the adult who will be present and the medical steps to take in a health emergency: the facts ESMA's risk assessment needs.",
    fields: &["safeguarding.homeSupervisingAdult", "safeguarding.emergencySteps"],
    checklist_item: Some(1),
    messages: &[
        msg("adult",
            "Enter the name of the adult who will be present during teaching at home"),
        msg("emergency",
            "Describe the medical steps to take if the pupil has a health emergency during teaching at home"),
    ],
    sources: &[SLA_HOME, SLA_PARENT_ADULT, SLA_PARENT_EMERGENCY],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.safeguarding;
    let a = &s.responsible_adult;
    super::school::person(ctx, &RESPONSIBLE_ADULT, "safeguarding.responsibleAdult", a);
    if !a.has_contact() {
        ctx.flag_key(
            &RESPONSIBLE_ADULT,
            "safeguarding.responsibleAdult.phone",
            "contact",
        );
    }
    let mut any = false;
    for (key, v) in [
        ("concerns", s.concerns),
        ("mashReferrals", s.mash_referrals),
        ("missingEpisodes", s.missing_episodes),
    ] {
        match v {
            None => ctx.flag_key(&CONCERNS_ANSWERED, format!("safeguarding.{key}"), key),
            Some(b) => any |= b,
        }
    }
    if any {
        ctx.need_text(
            &ASSESSED_MITIGATED,
            "safeguarding.assessmentAndMitigation",
            "",
            &s.assessment_and_mitigation,
            Need::Description,
        );
    }
    match s.location() {
        None => ctx.flag(&TEACHING_LOCATION, "safeguarding.teachingLocation"),
        Some(TeachingLocation::Home) => home(ctx),
        Some(_) => {}
    }
}

fn home(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    let ev = &r.medical_evidence;
    if !ev.iter().any(|e| e.supports_home_teaching == Some(true)) {
        let field = if ev.is_empty() {
            "safeguarding.teachingLocation".to_owned()
        } else {
            "medicalEvidence[0].supportsHomeTeaching".to_owned()
        };
        ctx.flag(&HOME_EVIDENCE, field);
    }
    let s = &r.safeguarding;
    ctx.need_text(
        &HOME_RISK_ASSESSMENT,
        "safeguarding.homeSupervisingAdult",
        "adult",
        &s.home_supervising_adult,
        Need::Answer,
    );
    ctx.need_text(
        &HOME_RISK_ASSESSMENT,
        "safeguarding.emergencySteps",
        "emergency",
        &s.emergency_steps,
        Need::Description,
    );
}
