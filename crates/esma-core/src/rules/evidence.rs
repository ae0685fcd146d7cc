//! Medical evidence: what each item must say, its contact details, its date
//! and how current it is.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;

pub(crate) const CONFIRMS_UNABLE: Rule = Rule {
    id: "hsr-evidence-confirms-unable",
    severity: Blocking,
    summary: "At least one item of medical evidence confirms the pupil is medically unable to attend school.",
    fields: &["medicalEvidence[].confirmsUnableToAttend"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Include medical evidence that confirms the pupil is medically unable to attend school",
        "The school needs medical evidence saying your child is not well enough to go to school.")],
    sources: &[HSR_CONFIRMS, A2_4],
};

pub(crate) const DETAILS: Rule = Rule {
    id: "evidence-details",
    severity: Blocking,
    summary: "Each item of medical evidence names the professional, their role, their service and its tier.",
    fields: &["medicalEvidence[].professionalName", "medicalEvidence[].role", "medicalEvidence[].service", "medicalEvidence[].tier"],
    checklist_item: Some(4),
    messages: &[
        msg("name", "Enter the name of the health professional", "The school needs to give the name of the health professional."),
        msg("role", "Enter the health professional’s role, for example consultant paediatrician", "The school needs to give the health professional’s job, for example consultant."),
        msg("service", "Enter the health service, for example CAMHS", "The school needs to say which health service the professional works for."),
        msg("tier", "Select the kind of service: specialist, targeted mental health, or universal such as a GP", "The school needs to say what kind of health service this is: a specialist, a mental health service, or a GP."),
    ],
    sources: &[EVIDENCE, EVIDENCE_TIERS, GP],
};

pub(crate) const NAMED_CONTACT: Rule = Rule {
    id: "annex2-4-named-professional-contact",
    severity: Blocking,
    summary: "Each named health professional has contact details (email or phone); this is also the named medical contact for long-term illness.",
    fields: &["medicalEvidence[].email", "medicalEvidence[].phone"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Enter an email address or phone number for the named health professional",
        "The school needs to give contact details for your child’s health professional, so ESMA can talk to them.")],
    sources: &[A2_4, SLA_TREATMENT],
};

pub(crate) const DATE: Rule = Rule {
    id: "evidence-date",
    severity: Blocking,
    summary: "Each item of medical evidence has a real date, not in the future.",
    fields: &["medicalEvidence[].date"],
    checklist_item: Some(4),
    messages: &[msg(
        "",
        "Enter the date of the medical evidence",
        "The school needs to give the date of the medical evidence.",
    )],
    sources: &[A2_4],
};

pub(crate) const CURRENCY: Rule = Rule {
    id: "evidence-currency",
    severity: Warning,
    summary: "The newest medical evidence is no older than the council's setting (the policy says termly, 12 weeks and 24 weeks).",
    fields: &["medicalEvidence[].date"],
    checklist_item: None,
    messages: &[msg("",
        "The newest medical evidence is more than {weeks} weeks old. Ask the health professional for updated evidence. The policy asks for termly updates, and updated evidence beyond 12 weeks and beyond 24 weeks",
        "The newest medical evidence is more than {weeks} weeks old. ESMA needs up-to-date evidence, so the school may ask you or your child’s health professional for a new letter.")],
    sources: &[EVIDENCE_TERMLY, SLA_EVIDENCE_12, EVIDENCE_24],
};

pub(crate) const ATTACHED: Rule = Rule {
    id: "evidence-attachment",
    severity: Warning,
    summary: "Each item of medical evidence has its document attached.",
    fields: &["medicalEvidence[].attachmentId"],
    checklist_item: None,
    messages: &[msg(
        "",
        "Attach the medical evidence document",
        "The school should attach the letter or report from the health professional.",
    )],
    sources: &[A2_4],
};

pub(crate) const TIER_KIND: Rule = Rule {
    id: "evidence-tier-kind",
    severity: Warning,
    summary: "A physical health need has consultant-level (specialist) evidence.",
    fields: &["medicalEvidence[].tier", "health.kind"],
    checklist_item: None,
    messages: &[msg("",
        "For a physical health need, the medical advice should be at consultant level (specialist services). Add evidence from the consultant if there is any",
        "For a physical illness, ESMA expects advice from a hospital consultant or other specialist. The school may ask for a letter from them.")],
    sources: &[EVIDENCE, EVIDENCE_TIERS],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let ev = &ctx.r.medical_evidence;
    if ctx.r.health.kind == Some(crate::referral::HealthKind::Physical) {
        use crate::referral::EvidenceTier::*;
        let tiers = || ev.iter().filter_map(|e| e.tier);
        // All-universal evidence is entry-gp-only-evidence's concern.
        if tiers().any(|t| t == Targeted) && !tiers().any(|t| t == Specialist) {
            ctx.flag(&TIER_KIND, "medicalEvidence[0].tier");
        }
    }
    if !ev.is_empty() && !ev.iter().any(|e| e.confirms_unable_to_attend == Some(true)) {
        ctx.flag(
            &CONFIRMS_UNABLE,
            "medicalEvidence[0].confirmsUnableToAttend",
        );
    }
    let mut newest: Option<(usize, chrono::NaiveDate)> = None;
    for (i, e) in ev.iter().enumerate() {
        let at = |f: &str| format!("medicalEvidence[{i}].{f}");
        if blank(&e.professional_name) {
            ctx.flag_key(&DETAILS, at("professionalName"), "name");
        }
        if blank(&e.role) {
            ctx.flag_key(&DETAILS, at("role"), "role");
        }
        if blank(&e.service) {
            ctx.flag_key(&DETAILS, at("service"), "service");
        }
        if e.tier.is_none() {
            ctx.flag_key(&DETAILS, at("tier"), "tier");
        }
        if !e.has_contact() {
            ctx.flag(&NAMED_CONTACT, at("email"));
        }
        if let Some(d) = ctx.past_date(
            &DATE,
            &at("date"),
            "Date of the medical evidence",
            e.date.as_deref(),
        ) {
            if newest.is_none_or(|(_, n)| d > n) {
                newest = Some((i, d));
            }
        }
        if blank(&e.attachment_id) {
            ctx.flag(&ATTACHED, at("attachmentId"));
        }
    }
    if let Some((i, d)) = newest {
        let weeks = ctx.settings.evidence_currency_weeks;
        if (ctx.today - d).num_days() > i64::from(weeks) * 7 {
            let w = weeks.to_string();
            ctx.flag_args(
                &CURRENCY,
                format!("medicalEvidence[{i}].date"),
                "",
                &[("weeks", &w)],
            );
        }
    }
}
