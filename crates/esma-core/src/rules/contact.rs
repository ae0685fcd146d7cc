//! Contact details that can be used: every email address and phone number
//! given for a member of school staff or the adult responsible for the
//! pupil's safety has the form of an email address or a UK phone number.
//! (A health professional's are checked by
//! `annex2-4-named-professional-contact`, under Annex 2 item 4.)

use super::answers::{email_ok, uk_phone_ok};
use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::Person;

pub(crate) const FORMAT: Rule = Rule {
    id: "contact-format",
    severity: Blocking,
    summary: "Each email address given for school staff or the responsible adult has the form of an email address, and each phone number the form of a UK phone number.",
    fields: &[
        "school.referrer.email",
        "school.referrer.phone",
        "school.designatedOfficer.email",
        "school.designatedOfficer.phone",
        "school.reviewChair.email",
        "school.reviewChair.phone",
        "school.pastoralLink.email",
        "school.pastoralLink.phone",
        "safeguarding.responsibleAdult.email",
        "safeguarding.responsibleAdult.phone",
    ],
    checklist_item: Some(1),
    messages: &[
        msg(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        msg(
            "phone",
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        ),
    ],
    sources: &[A2_1, A2_1_DELAY, SG_ADULT],
};

/// Flags an email address or phone number at `path` that is given but not
/// usable.
pub(crate) fn check_person(
    ctx: &mut Ctx<'_>,
    rule: &Rule,
    path: &str,
    p: &Person,
    keys: (&str, &str),
) {
    if let Some(e) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
        if !email_ok(e) {
            ctx.flag_key(rule, format!("{path}.email"), keys.0);
        }
    }
    if let Some(t) = p.phone.as_deref().filter(|t| !t.trim().is_empty()) {
        if !uk_phone_ok(t) {
            ctx.flag_key(rule, format!("{path}.phone"), keys.1);
        }
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    for (path, p) in [
        ("school.referrer", &r.school.referrer),
        ("school.designatedOfficer", &r.school.designated_officer),
        ("school.reviewChair", &r.school.review_chair),
        ("school.pastoralLink", &r.school.pastoral_link),
        (
            "safeguarding.responsibleAdult",
            &r.safeguarding.responsible_adult,
        ),
    ] {
        check_person(ctx, &FORMAT, path, p, ("email", "phone"));
    }
}
