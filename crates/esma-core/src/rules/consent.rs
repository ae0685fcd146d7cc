//! Signed parental consent to share information (UK GDPR).

use super::sources::*;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;
use crate::validate::Ctx;

pub(crate) const PARENTAL_CONSENT: Rule = Rule {
    id: "hsr-parental-consent",
    severity: Blocking,
    summary: "A parent or carer has signed consent to share information: who signed and when.",
    fields: &["consent.signed", "consent.signedBy", "consent.signedOn"],
    checklist_item: Some(5),
    messages: &[
        msg("unsigned",
            "A parent or carer must sign consent to share information before the referral is sent",
            "You need to sign consent for the school to share information about your child with ESMA. Nothing is shared without it."),
        msg("by",
            "Enter the name of the parent or carer who signed consent",
            "The school needs to record the name of the parent or carer who signed consent."),
    ],
    sources: &[HSR_CONSENT, A2_5],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let c = &ctx.r.consent;
    if c.signed != Some(true) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.signed", "unsigned");
        return;
    }
    if blank(&c.signed_by) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.signedBy", "by");
    }
    ctx.past_date(
        &PARENTAL_CONSENT,
        "consent.signedOn",
        "Date consent was signed",
        c.signed_on.as_deref(),
    );
}
