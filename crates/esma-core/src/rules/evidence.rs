//! Medical evidence: what each item must say, its contact details, its date
//! and how current it is, the document itself, and whether it meets the
//! policy's tier for each health need.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::{blank, EvidenceTier};
use crate::rules::answers::{email_ok, uk_phone_ok, Need};

pub(crate) const CONFIRMS_UNABLE: Rule = Rule {
    id: "hsr-evidence-confirms-unable",
    severity: Blocking,
    summary: "At least one item of medical evidence is said to confirm the pupil is medically unable to attend school.",
    fields: &["medicalEvidence[].confirmsUnableToAttend"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Include medical evidence that confirms the pupil is medically unable to attend school")],
    sources: &[HSR_CONFIRMS, A2_4],
};

pub(crate) const DETAILS: Rule = Rule {
    id: "evidence-details",
    severity: Blocking,
    summary: "Each item of medical evidence names the professional, their role, their service and its tier, and for a targeted (Tier 2/3 mental health) service whether it is NHS.",
    fields: &["medicalEvidence[].professionalName", "medicalEvidence[].role", "medicalEvidence[].service", "medicalEvidence[].tier", "medicalEvidence[].nhs"],
    checklist_item: Some(4),
    messages: &[
        msg("name", "Enter the name of the health professional"),
        msg("role", "Enter the health professional’s role, for example consultant paediatrician"),
        msg("service", "Enter the health service, for example CAMHS"),
        msg("tier", "Select the kind of service: specialist, targeted mental health, or universal such as a GP"),
        msg("nhs", "Say whether the mental health professional works for the NHS or privately"),
    ],
    sources: &[EVIDENCE, EVIDENCE_TIERS, GP],
};

pub(crate) const NAMED_CONTACT: Rule = Rule {
    id: "annex2-4-named-professional-contact",
    severity: Blocking,
    summary: "Each named health professional has an email address or a UK phone number, and each one given has a valid form; this is also the named medical contact for long-term illness.",
    fields: &["medicalEvidence[].email", "medicalEvidence[].phone"],
    checklist_item: Some(4),
    messages: &[
        msg("",
            "Enter an email address or phone number for the named health professional"),
        msg("email",
            "Enter the health professional’s email address in the correct format, like name@example.com"),
        msg("phone",
            "Enter the health professional’s phone number as a UK phone number, like 01632 960 001"),
    ],
    sources: &[A2_4, SLA_TREATMENT],
};

pub(crate) const DATE: Rule = Rule {
    id: "evidence-date",
    severity: Blocking,
    summary: "Each item of medical evidence has a real date, not in the future and not before the pupil's birth.",
    fields: &["medicalEvidence[].date"],
    checklist_item: Some(4),
    messages: &[msg(
        "",
        "Enter the date of the medical evidence",
    )],
    sources: &[A2_4],
};

pub(crate) const TOO_OLD: Rule = Rule {
    id: "evidence-too-old",
    severity: Blocking,
    summary: "The newest medical evidence is no older than the council's limit for a referral (evidenceMaxAgeMonths, default 12): Annex 2 asks for the current evidence.",
    fields: &["medicalEvidence[].date"],
    checklist_item: Some(4),
    messages: &[msg("",
        "The newest medical evidence is more than {months} months old. Annex 2 asks for the current medical evidence: add an up-to-date letter or report from the health professional")],
    sources: &[A2_4, HSR_CONFIRMS],
};

pub(crate) const CURRENCY: Rule = Rule {
    id: "evidence-currency",
    severity: Warning,
    summary: "The newest medical evidence is no older than the council's currency window (evidenceCurrencyWeeks, default 12): Annex 2 asks for the current evidence.",
    fields: &["medicalEvidence[].date"],
    checklist_item: None,
    messages: &[msg("",
        "The newest medical evidence is more than {weeks} weeks old. Annex 2 asks for the current medical evidence: check with the health professional that it still applies, or add newer evidence")],
    sources: &[A2_4, EVIDENCE_TERMLY],
};

pub(crate) const ATTACHED: Rule = Rule {
    id: "evidence-attachment",
    severity: Blocking,
    summary: "Each item of medical evidence has its document attached, or the school says it is sent separately through the secure file exchange.",
    fields: &["medicalEvidence[].attachmentId", "medicalEvidence[].sentSeparately"],
    checklist_item: Some(4),
    messages: &[msg(
        "",
        "Attach the medical evidence document, or say it is sent separately through the secure file exchange",
    )],
    sources: &[A2_4, HSR_CONFIRMS],
};

pub(crate) const TIER_KIND: Rule = Rule {
    id: "evidence-tier-kind",
    severity: Warning,
    summary: "The evidence meets the policy's tier for each need: consultant level (specialist) for a physical need, a Tier 2/3 (targeted) professional who works for the NHS for a mental health need; both when the needs are both. Evidence only from universal services is entry-gp-only-evidence's.",
    fields: &["medicalEvidence[].tier", "medicalEvidence[].nhs", "health.kind"],
    checklist_item: None,
    messages: &[
        msg("physical",
            "For a physical health need, the medical advice should be at consultant level (specialist services). Add evidence from the consultant if there is any"),
        msg("mental-health",
            "For a mental health need, the medical advice should be from a Tier 2 or 3 NHS mental health professional, such as Step 2, CAMHS or PALMS. Add evidence from an NHS mental health professional if there is any"),
    ],
    sources: &[EVIDENCE, EVIDENCE_TIERS],
};

fn tier_for_need(ctx: &mut Ctx<'_>) {
    use crate::referral::{EvidenceTier::*, HealthKind};
    let ev = &ctx.r.medical_evidence;
    let tiers = || ev.iter().filter_map(|e| e.tier);
    // All-universal evidence is entry-gp-only-evidence's concern.
    if !tiers().any(|t| t != Universal) {
        return;
    }
    let kind = ctx.r.health.kind;
    let physical = matches!(kind, Some(HealthKind::Physical | HealthKind::Both));
    let mental = matches!(kind, Some(HealthKind::MentalHealth | HealthKind::Both));
    if physical && !tiers().any(|t| t == Specialist) {
        ctx.flag_key(&TIER_KIND, "medicalEvidence[0].tier", "physical");
    }
    // "a Tier 2/ 3 NHS mental health professional": targeted, and NHS.
    let nhs_mental = ev
        .iter()
        .any(|e| e.tier == Some(Targeted) && e.nhs == Some(true));
    if mental && !nhs_mental {
        ctx.flag_key(&TIER_KIND, "medicalEvidence[0].tier", "mental-health");
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let ev = &ctx.r.medical_evidence;
    tier_for_need(ctx);
    if !ev.is_empty() && !ev.iter().any(|e| e.confirms_unable_to_attend == Some(true)) {
        ctx.flag(
            &CONFIRMS_UNABLE,
            "medicalEvidence[0].confirmsUnableToAttend",
        );
    }
    let mut newest: Option<(usize, chrono::NaiveDate)> = None;
    for (i, e) in ev.iter().enumerate() {
        let at = |f: &str| format!("medicalEvidence[{i}].{f}");
        ctx.need_text(
            &DETAILS,
            at("professionalName"),
            "name",
            &e.professional_name,
            Need::Answer,
        );
        ctx.need_text(&DETAILS, at("role"), "role", &e.role, Need::Answer);
        ctx.need_text(&DETAILS, at("service"), "service", &e.service, Need::Answer);
        match e.tier {
            None => ctx.flag_key(&DETAILS, at("tier"), "tier"),
            Some(EvidenceTier::Targeted) if e.nhs.is_none() => {
                ctx.flag_key(&DETAILS, at("nhs"), "nhs")
            }
            Some(_) => {}
        }
        if !e.has_contact() {
            ctx.flag(&NAMED_CONTACT, at("email"));
        }
        if e.email
            .as_deref()
            .is_some_and(|m| !m.trim().is_empty() && !email_ok(m))
        {
            ctx.flag_key(&NAMED_CONTACT, at("email"), "email");
        }
        if e.phone
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty() && !uk_phone_ok(t))
        {
            ctx.flag_key(&NAMED_CONTACT, at("phone"), "phone");
        }
        if let Some(d) = ctx.life_date(
            &DATE,
            &at("date"),
            "Date of the medical evidence",
            e.date.as_deref(),
        ) {
            if newest.is_none_or(|(_, n)| d > n) {
                newest = Some((i, d));
            }
        }
        if blank(&e.attachment_id) && e.sent_separately != Some(true) {
            ctx.flag(&ATTACHED, at("attachmentId"));
        }
    }
    if let Some((i, d)) = newest {
        let field = format!("medicalEvidence[{i}].date");
        let months = ctx.settings.evidence_max_age_months;
        let weeks = ctx.settings.evidence_currency_weeks;
        let limit = d.checked_add_months(chrono::Months::new(months));
        if limit.is_some_and(|limit| limit < ctx.today) {
            let m = months.to_string();
            ctx.flag_args(&TOO_OLD, field, "", &[("months", &m)]);
        } else if (ctx.today - d).num_days() > i64::from(weeks) * 7 {
            let w = weeks.to_string();
            ctx.flag_args(&CURRENCY, field, "", &[("weeks", &w)]);
        }
    }
}
