//! Safeguarding during the absence: the responsible adult; concerns, MASH
//! referrals and missing episodes and how they were assessed and mitigated;
//! teaching at home and its risk assessment.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;

pub(crate) const RESPONSIBLE_ADULT: Rule = Rule {
    id: "safeguarding-responsible-adult",
    severity: Blocking,
    summary: "The adult responsible for safeguarding during the absence is identified, with a way to contact them.",
    fields: &["safeguarding.responsibleAdult.name", "safeguarding.responsibleAdult.role", "safeguarding.responsibleAdult.phone"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the adult responsible for the pupil’s safety during the absence", "The school needs to name the adult who looks after your child’s safety while they are not at school."),
        msg("role", "Enter the responsible adult’s relationship to the pupil", "The school needs to say how the adult responsible for your child’s safety is related to them, for example parent."),
        msg("contact", "Enter a phone number or email address for the responsible adult", "The school needs contact details for the adult responsible for your child’s safety."),
    ],
    sources: &[SG_ADULT, SG_ON_ROLL],
};

pub(crate) const CONCERNS_ANSWERED: Rule = Rule {
    id: "safeguarding-concerns-answered",
    severity: Blocking,
    summary: "Safeguarding concerns, MASH referrals and missing episodes are each answered.",
    fields: &["safeguarding.concerns", "safeguarding.mashReferrals", "safeguarding.missingEpisodes"],
    checklist_item: Some(1),
    messages: &[
        msg("concerns", "Say whether there are any safeguarding concerns", "The school needs to say whether it has any worries about your child’s safety."),
        msg("mashReferrals", "Say whether there have been any Multi-agency Safeguarding Hub (MASH) referrals", "The school needs to say whether your child has been referred to the council’s safeguarding team (the Multi-agency Safeguarding Hub)."),
        msg("missingEpisodes", "Say whether there have been any missing episodes", "The school needs to say whether your child has ever gone missing."),
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
        "Describe how the safeguarding concerns, MASH referrals or missing episodes were assessed and mitigated",
        "The school needs to explain how it has looked into and reduced the risks to your child’s safety.")],
    sources: &[SG_MITIGATED, SG_MASH],
};

pub(crate) const HOME_RISK_ASSESSMENT: Rule = Rule {
    id: "safeguarding-home-teaching-risk-assessment",
    severity: Warning,
    summary: "Teaching at home has a risk assessment (and needs medical evidence supporting it).",
    fields: &["safeguarding.teachingAtHome", "safeguarding.homeRiskAssessment.summary", "safeguarding.homeRiskAssessment.attachmentId"],
    checklist_item: None,
    messages: &[msg("",
        "Attach or describe the risk assessment for teaching at home, including the supporting adult present. Teaching at home is exceptional and needs supporting medical evidence",
        "Teaching at home only happens in exceptional cases. The school should include a risk assessment, including which adult will be at home during lessons.")],
    sources: &[SLA_HOME],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.safeguarding;
    let a = &s.responsible_adult;
    if blank(&a.name) {
        ctx.flag_key(
            &RESPONSIBLE_ADULT,
            "safeguarding.responsibleAdult.name",
            "name",
        );
    }
    if blank(&a.role) {
        ctx.flag_key(
            &RESPONSIBLE_ADULT,
            "safeguarding.responsibleAdult.role",
            "role",
        );
    }
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
    if any && blank(&s.assessment_and_mitigation) {
        ctx.flag(&ASSESSED_MITIGATED, "safeguarding.assessmentAndMitigation");
    }
    if s.teaching_at_home == Some(true) && !s.home_risk_assessment.is_provided() {
        ctx.flag(
            &HOME_RISK_ASSESSMENT,
            "safeguarding.homeRiskAssessment.summary",
        );
    }
}
