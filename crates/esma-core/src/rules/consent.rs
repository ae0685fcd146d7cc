//! Parental consent to share information (UK GDPR), by either route:
//!
//! - **In the app** (`consent.record`): the parent or carer reviewed a signed
//!   consent request and answered with a signed consent response, which the
//!   school imported. It counts when the record says `given`, its
//!   `reviewedContentSha256` is the content hash of the referral as it is now
//!   ([`crate::consent::content_sha256`]) and its `noticeSha256` is the
//!   current notice's ([`crate::consent::NOTICE_SHA256`]). The rules do not
//!   check the response's ES256 signature (they have no elliptic-curve
//!   primitive, and run on every keystroke): the browser checks it with
//!   WebCrypto when the school imports the response, `esma-referral
//!   consent-apply` with `p256`, and pack verification checks it again
//!   (`pack::verify`, check "consent") together with its binding to the
//!   signed referral.
//! - **On paper**: `consent.signed`, who signed (a person with parental
//!   responsibility, named with their relationship, not school staff), when
//!   (a real date within the council's window, not before the pupil's
//!   birth), and the scanned signed form attached. It counts; the council
//!   sees, as information only, that this service cannot check it.
//!
//! A record decides when there is one: a refusal blocks even if a paper form
//! is attached (the parent's latest word), and consent given to an earlier
//! version of the referral blocks until the parent reviews it again.
//! Consent is never assumed from silence, unlike the Service Level Agreement.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::consent::{content_sha256, NOTICE_SHA256};
use crate::referral::{blank, ConsentDecision, Referral};
use crate::rules::answers::{names_role, Need};
use crate::settings::words;

/// Relationships that are roles at school, not to the child.
const STAFF_ROLES: [&str; 9] = [
    "teacher",
    "headteacher",
    "head teacher",
    "senco",
    "tutor",
    "teaching assistant",
    "school",
    "staff",
    "designated safeguarding lead",
];

/// Whether `name` is the name of a member of staff the referral names.
fn is_school_staff(r: &Referral, name: &str) -> bool {
    let name = words(name);
    let s = &r.school;
    !name.is_empty()
        && [
            &s.referrer,
            &s.designated_officer,
            &s.review_chair,
            &s.pastoral_link,
        ]
        .iter()
        .any(|p| p.name.as_deref().is_some_and(|n| words(n) == name))
}

pub(crate) const PARENTAL_CONSENT: Rule = Rule {
    id: "hsr-parental-consent",
    severity: Blocking,
    summary: "A parent or carer has given consent to share information: in the app, or on a signed form attached, signed by a named person with parental responsibility (not school staff) who gives their relationship, dated within the council's window (consentMaxAgeMonths).",
    fields: &[
        "consent.signed",
        "consent.signedBy",
        "consent.signerRelationship",
        "consent.signerHasParentalResponsibility",
        "consent.signedOn",
        "consent.attachmentId",
        "consent.record",
    ],
    checklist_item: Some(5),
    messages: &[
        msg("unsigned",
            "A parent or carer must sign consent to share information before the referral is sent"),
        msg("by",
            "Enter the name of the parent or carer who signed consent"),
        msg("relationship",
            "Enter the relationship to the pupil of the person who signed consent, for example mother"),
        msg("parental-responsibility",
            "Say whether the person who signed consent has parental responsibility for the pupil"),
        msg("no-parental-responsibility",
            "Consent must be signed by a person with parental responsibility for the pupil. Ask a parent or carer who has it to sign"),
        msg("school-staff",
            "Consent must be signed by a parent or carer, not a member of school staff"),
        msg("too-old",
            "The consent form was signed more than {months} months ago. Ask the parent or carer to sign consent again"),
        msg("attachment",
            "Attach the signed consent form, or ask the parent or carer to give consent in the app"),
        msg("record",
            "The parent's or carer's consent response is incomplete. Import their response file again"),
    ],
    sources: &[HSR_CONSENT, A2_5, UK_GDPR_CONSENT, SLA_ASSUMED, CHILDREN_ACT_PR],
};

pub(crate) const REFUSED: Rule = Rule {
    id: "consent-refused",
    severity: Blocking,
    summary: "The parent or carer refused consent in the app: the referral cannot be sent.",
    fields: &["consent.record.decision"],
    checklist_item: Some(5),
    messages: &[msg(
        "",
        "The parent or carer refused consent, so the referral cannot be sent. Talk to them about other help, or ask them to review it again",
    )],
    sources: &[HSR_CONSENT, UK_GDPR_CONSENT],
};

pub(crate) const CHANGED: Rule = Rule {
    id: "consent-changed-since-review",
    severity: Blocking,
    summary: "The referral, or the consent notice, has changed since the parent or carer consented.",
    fields: &[
        "consent.record.reviewedContentSha256",
        "consent.record.noticeSha256",
    ],
    checklist_item: Some(5),
    messages: &[
        msg("content",
            "The referral has changed since the parent or carer consented. Ask them to review it again"),
        msg("notice",
            "The consent notice has changed since the parent or carer consented. Ask them to review it again"),
    ],
    sources: &[HSR_CONSENT, UK_GDPR_CONSENT],
};

pub(crate) const PAPER_UNVERIFIABLE: Rule = Rule {
    id: "consent-paper-unverifiable",
    severity: Info,
    summary: "Consent is a scanned paper form, which this service cannot check (information for the council; the school's pages do not show it).",
    fields: &["consent.attachmentId"],
    checklist_item: None,
    messages: &[msg(
        "",
        "Consent is a scanned paper form, which this service cannot check. Check the attached form: who signed it, their relationship to the pupil and the date",
    )],
    sources: &[A2_5, HSR_CONSENT],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let c = &ctx.r.consent;
    if let Some(rec) = &c.record {
        match rec.decision {
            Some(ConsentDecision::Refused) => {
                ctx.flag(&REFUSED, "consent.record.decision");
            }
            None => ctx.flag_key(&PARENTAL_CONSENT, "consent.record.decision", "record"),
            Some(ConsentDecision::Given) => {
                if blank(&rec.name) || blank(&rec.relationship) || blank(&rec.response) {
                    ctx.flag_key(&PARENTAL_CONSENT, "consent.record", "record");
                } else if rec.reviewed_content_sha256.as_deref() != Some(&content_sha256(ctx.r)) {
                    ctx.flag_key(&CHANGED, "consent.record.reviewedContentSha256", "content");
                } else if rec.notice_sha256.as_deref() != Some(NOTICE_SHA256) {
                    ctx.flag_key(&CHANGED, "consent.record.noticeSha256", "notice");
                }
            }
        }
        return;
    }
    if c.signed != Some(true) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.signed", "unsigned");
        return;
    }
    let mut ok = ctx.need_text(
        &PARENTAL_CONSENT,
        "consent.signedBy",
        "by",
        &c.signed_by,
        Need::Answer,
    );
    if ok && is_school_staff(ctx.r, c.signed_by.as_deref().unwrap_or("")) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.signedBy", "school-staff");
        ok = false;
    }
    if ctx.need_text(
        &PARENTAL_CONSENT,
        "consent.signerRelationship",
        "relationship",
        &c.signer_relationship,
        Need::Answer,
    ) {
        let rel = c.signer_relationship.as_deref().unwrap_or("");
        if names_role(rel, &STAFF_ROLES.map(String::from)) {
            ctx.flag_key(
                &PARENTAL_CONSENT,
                "consent.signerRelationship",
                "school-staff",
            );
            ok = false;
        }
    } else {
        ok = false;
    }
    match c.signer_has_parental_responsibility {
        Some(true) => {}
        Some(false) => {
            ctx.flag_key(
                &PARENTAL_CONSENT,
                "consent.signerHasParentalResponsibility",
                "no-parental-responsibility",
            );
            ok = false;
        }
        None => {
            ctx.flag_key(
                &PARENTAL_CONSENT,
                "consent.signerHasParentalResponsibility",
                "parental-responsibility",
            );
            ok = false;
        }
    }
    match ctx.life_date(
        &PARENTAL_CONSENT,
        "consent.signedOn",
        "Date consent was signed",
        c.signed_on.as_deref(),
    ) {
        None => ok = false,
        Some(d) => {
            let months = ctx.settings.consent_max_age_months;
            let limit = d.checked_add_months(chrono::Months::new(months));
            if limit.is_some_and(|limit| limit < ctx.today) {
                let m = months.to_string();
                ctx.flag_args(
                    &PARENTAL_CONSENT,
                    "consent.signedOn",
                    "too-old",
                    &[("months", &m)],
                );
                ok = false;
            }
        }
    }
    if blank(&c.attachment_id) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.attachmentId", "attachment");
        ok = false;
    }
    if ok {
        ctx.flag(&PAPER_UNVERIFIABLE, "consent.attachmentId");
    }
}
