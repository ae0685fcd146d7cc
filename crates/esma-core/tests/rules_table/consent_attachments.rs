//! Table cases: Parental consent and attachments.

use super::*;

pub const FAIL: &[Fail] = &[
    (
        "hsr-parental-consent",
        "consent.signed",
        |r| r.consent.signed = Some(false),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signed",
        |r| r.consent.signed = None,
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedBy",
        |r| r.consent.signed_by = None,
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedOn",
        |r| r.consent.signed_on = s("2027-01-01"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedOn",
        |r| r.consent.signed_on = s("20-11-2026"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.attachmentId",
        |r| r.consent.attachment_id = None,
        "",
    ),
    (
        "consent-paper-unverifiable",
        "consent.attachmentId",
        |_| {},
        "",
    ),
    (
        "consent-refused",
        "consent.record.decision",
        |r| {
            r.consent.record = Some(ConsentRecord {
                decision: Some(ConsentDecision::Refused),
                ..Default::default()
            })
        },
        "",
    ),
    (
        "consent-changed-since-review",
        "consent.record.reviewedContentSha256",
        |r| {
            r.consent.record = Some(ConsentRecord {
                decision: Some(ConsentDecision::Given),
                name: s("Chris Taylor"),
                relationship: s("Parent"),
                response: s("{}"),
                reviewed_content_sha256: s(
                    "0000000000000000000000000000000000000000000000000000000000000000",
                ),
                ..Default::default()
            })
        },
        "",
    ),
    (
        "attachment-reference",
        "support.apdr.attachmentId",
        |r| r.support.apdr.attachment_id = s("att-missing"),
        "",
    ),
    (
        "attachment-reference",
        "medicalEvidence[0].attachmentId",
        |r| {
            r.attachments
                .retain(|a| a.id.as_deref() != Some("att-evidence"))
        },
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].sha256",
        |r| r.attachments[0].sha256 = r.attachments[0].sha256.as_ref().map(|h| h.to_uppercase()),
        "",
    ),
    (
        "attachment-metadata",
        "attachments[1].id",
        |r| r.attachments[1].id = s("att-evidence"),
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].id",
        |r| r.attachments[0].id = None,
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].size",
        |r| r.attachments[0].size = None,
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].size",
        |r| r.attachments[0].size = Some(1 << 60),
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].name",
        |r| r.attachments[0].name = None,
        "",
    ),
    (
        "attachment-metadata",
        "attachments[0].mediaType",
        |r| r.attachments[0].media_type = None,
        "",
    ),
    (
        "attachment-size",
        "attachments[0].size",
        |r| r.attachments[0].size = Some(20 * 1024 * 1024 + 1),
        "",
    ),
    (
        "attachment-size",
        "attachments",
        |r| {
            for a in &mut r.attachments {
                a.size = Some(19 * 1024 * 1024)
            }
        },
        "",
    ),
    (
        // More files than the council's attachments.maxFiles (30): the
        // same small file, attached again under new ids.
        "attachment-size",
        "attachments",
        |r| {
            let first = r.attachments[0].clone();
            for i in 0..25 {
                let mut a = first.clone();
                a.id = Some(format!("att-more-{i}"));
                r.attachments.push(a);
            }
        },
        "",
    ),
    (
        "attachment-media-type",
        "attachments[0].mediaType",
        |r| r.attachments[0].media_type = s("application/x-msdownload"),
        "",
    ),
    (
        "attachment-purpose",
        "attachments[0].purpose",
        |r| r.attachments[0].purpose = None,
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedBy",
        |r| r.consent.signed_by = s("n/a"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedBy",
        |r| r.consent.signed_by = s("alex  SMITH"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signerRelationship",
        |r| r.consent.signer_relationship = s("Form tutor"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signerRelationship",
        |r| r.consent.signer_relationship = None,
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signerHasParentalResponsibility",
        |r| r.consent.signer_has_parental_responsibility = None,
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signerHasParentalResponsibility",
        |r| r.consent.signer_has_parental_responsibility = Some(false),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedOn",
        |r| r.consent.signed_on = s("2026-05-27"),
        "",
    ),
    (
        "hsr-parental-consent",
        "consent.signedOn",
        |r| r.consent.signed_on = s("2012-01-01"),
        "",
    ),
    (
        "document-sent-separately",
        "medicalEvidence[0].sentSeparately",
        |r| {
            r.medical_evidence[0].attachment_id = None;
            r.medical_evidence[0].sent_separately = Some(true)
        },
        "",
    ),
    (
        "document-sent-separately",
        "support.apdr.sentSeparately",
        |r| {
            r.support.apdr.attachment_id = None;
            r.support.apdr.sent_separately = Some(true)
        },
        "",
    ),
    (
        "document-sent-separately",
        "absence.reintegrationPlan.sentSeparately",
        |r| {
            r.absence.reintegration_plan.attachment_id = None;
            r.absence.reintegration_plan.sent_separately = Some(true)
        },
        "",
    ),
];

pub const OK: &[Pass] = &[
    (
        "hsr-parental-consent",
        |r| r.consent.signed_on = s("2026-11-28"),
        "",
    ),
    (
        "attachment-size",
        |r| r.attachments[0].size = Some(20 * 1024 * 1024),
        "",
    ),
    (
        "attachment-reference",
        |r| r.support.apdr.attachment_id = s(" att-apdr "),
        "",
    ),
    (
        "hsr-parental-consent",
        |r| {
            r.consent.signed_on = s("2026-05-28");
            r.consent.signer_relationship = s("Mother")
        },
        "",
    ),
    (
        "document-sent-separately",
        |r| r.medical_evidence[0].sent_separately = Some(true),
        "",
    ),
    (
        "document-sent-separately",
        |r| {
            r.absence.reduced_timetable = Some(false);
            r.absence.reintegration_plan = Document {
                sent_separately: Some(true),
                ..Default::default()
            };
            r.attachments
                .retain(|a| a.id.as_deref() != Some("att-reintegration"))
        },
        "",
    ),
];
