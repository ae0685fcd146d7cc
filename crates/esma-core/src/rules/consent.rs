//! Parental consent to share information (UK GDPR), by either route:
//!
//! - **In the app** (`consent.record`): the parent or carer reviewed a signed
//!   consent request and answered with a signed consent response, which the
//!   school imported. It counts when the record says `given`, its
//!   `reviewedContentSha256` is the content hash of the referral as it is now
//!   ([`crate::consent::content_sha256`]) and its `noticeSha256` is the
//!   current notice's ([`crate::consent::notice_sha256`]). The rules do not
//!   check the response's ES256 signature (they have no elliptic-curve
//!   primitive, and run on every keystroke): the browser checks it with
//!   WebCrypto when the school imports the response, `esma-referral
//!   consent-apply` with `p256`, and pack verification checks it again
//!   (`pack::verify`, check "consent") together with its binding to the
//!   signed referral.
//! - **On paper**: `consent.signed`, who signed, when, and the scanned signed
//!   form attached. It counts, with a warning that this service cannot check
//!   it.
//!
//! A record decides when there is one: a refusal blocks even if a paper form
//! is attached (the parent's latest word), and consent given to an earlier
//! version of the referral blocks until the parent reviews it again.
//! Consent is never assumed from silence, unlike the Service Level Agreement.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::consent::{content_sha256, notice_sha256};
use crate::referral::{blank, ConsentDecision};

pub(crate) const PARENTAL_CONSENT: Rule = Rule {
    id: "hsr-parental-consent",
    severity: Blocking,
    summary: "A parent or carer has given consent to share information: in the app, or on a signed form with who signed and when, attached.",
    fields: &[
        "consent.signed",
        "consent.signedBy",
        "consent.signedOn",
        "consent.attachmentId",
        "consent.record",
    ],
    checklist_item: Some(5),
    messages: &[
        msg("unsigned",
            "A parent or carer must sign consent to share information before the referral is sent",
            "You need to sign consent for the school to share information about your child with ESMA. Nothing is shared without it."),
        msg("by",
            "Enter the name of the parent or carer who signed consent",
            "The school needs to record the name of the parent or carer who signed consent."),
        msg("attachment",
            "Attach the signed consent form, or ask the parent or carer to give consent in the app",
            "The school needs to attach the consent form you signed, or ask you to give consent in the app."),
        msg("record",
            "The parent's or carer's consent response is incomplete. Import their response file again",
            "The school needs to import your consent response again."),
    ],
    sources: &[HSR_CONSENT, A2_5, UK_GDPR_CONSENT, SLA_ASSUMED],
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
        "You refused consent, so the school cannot send this referral and nothing has been shared. Talk to the school if you change your mind.",
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
            "The referral has changed since the parent or carer consented. Ask them to review it again",
            "The school has changed the referral since you reviewed it, so it will ask you to review it and decide again."),
        msg("notice",
            "The consent notice has changed since the parent or carer consented. Ask them to review it again",
            "The consent notice has been updated since you read it, so the school will ask you to read it and decide again."),
    ],
    sources: &[HSR_CONSENT, UK_GDPR_CONSENT],
};

pub(crate) const PAPER_UNVERIFIABLE: Rule = Rule {
    id: "consent-paper-unverifiable",
    severity: Warning,
    summary: "Consent is a scanned paper form, which this service cannot check.",
    fields: &["consent.attachmentId"],
    checklist_item: None,
    messages: &[msg(
        "",
        "A scanned consent form cannot be checked by this service. To let the council check consent, ask the parent or carer to give consent in the app",
        "The school has your signed consent form. A scanned form cannot be checked by this service, so the council may ask the school about it.",
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
                } else if rec.notice_sha256.as_deref() != Some(&notice_sha256()) {
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
    let mut ok = true;
    if blank(&c.signed_by) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.signedBy", "by");
        ok = false;
    }
    ok &= ctx
        .past_date(
            &PARENTAL_CONSENT,
            "consent.signedOn",
            "Date consent was signed",
            c.signed_on.as_deref(),
        )
        .is_some();
    if blank(&c.attachment_id) {
        ctx.flag_key(&PARENTAL_CONSENT, "consent.attachmentId", "attachment");
        ok = false;
    }
    if ok {
        ctx.flag(&PAPER_UNVERIFIABLE, "consent.attachmentId");
    }
}
