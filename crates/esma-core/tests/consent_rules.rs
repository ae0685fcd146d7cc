//! The consent rules, case by case: the paper route, consent given in the
//! app (valid, changed since, older notice, incomplete), refused, and none.

mod common;

use common::*;
use esma_core::checklist::ItemStatus;
use esma_core::consent::{content_sha256, NOTICE_SHA256, NOTICE_VERSION};
use esma_core::referral::*;
use esma_core::rules::Severity;
use esma_core::settings::Settings;
use esma_core::validate::validate;

fn given(r: &Referral) -> ConsentRecord {
    ConsentRecord {
        request_id: Some("0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c".into()),
        decision: Some(ConsentDecision::Given),
        name: Some("Chris Taylor".into()),
        relationship: Some("Mother".into()),
        decided_at: Some("2026-11-27T18:00:00Z".into()),
        notice_version: Some(NOTICE_VERSION.into()),
        notice_sha256: Some(NOTICE_SHA256.into()),
        reviewed_content_sha256: Some(content_sha256(r)),
        sla_acknowledged: Some(false),
        response: Some("{\"format\":\"esma-consent-response\"}".into()),
    }
}

fn paper_off(r: &mut Referral) {
    r.consent.signed = None;
    r.consent.signed_by = None;
    r.consent.signed_on = None;
    r.consent.attachment_id = None;
    r.attachments
        .retain(|a| a.purpose != Some(AttachmentPurpose::ParentalConsent));
}

/// (what, change to the complete fixture, expected consent findings as (rule, field, severity))
type Case = (
    &'static str,
    fn(&mut Referral),
    &'static [(&'static str, &'static str, Severity)],
);

const CASES: &[Case] = &[
    (
        "paper route: counts; the council is told it cannot be checked",
        |_| {},
        &[(
            "consent-paper-unverifiable",
            "consent.attachmentId",
            Severity::Info,
        )],
    ),
    (
        "paper route without the form attached",
        |r| r.consent.attachment_id = None,
        &[(
            "hsr-parental-consent",
            "consent.attachmentId",
            Severity::Blocking,
        )],
    ),
    (
        "paper route without who signed: no information until complete",
        |r| r.consent.signed_by = None,
        &[(
            "hsr-parental-consent",
            "consent.signedBy",
            Severity::Blocking,
        )],
    ),
    (
        "no consent at all",
        paper_off,
        &[("hsr-parental-consent", "consent.signed", Severity::Blocking)],
    ),
    (
        "given in the app, matching: counts, no warning",
        |r| {
            paper_off(r);
            r.consent.record = Some(given(r));
        },
        &[],
    ),
    (
        "given in the app, beside a paper form: the record decides",
        |r| r.consent.record = Some(given(r)),
        &[],
    ),
    (
        "given, then the school changed an answer",
        |r| {
            paper_off(r);
            r.consent.record = Some(given(r));
            r.health.likely_duration = Some("Until the summer".into());
        },
        &[(
            "consent-changed-since-review",
            "consent.record.reviewedContentSha256",
            Severity::Blocking,
        )],
    ),
    (
        "given, then the school added a file",
        |r| {
            paper_off(r);
            r.consent.record = Some(given(r));
            r.attachments.push(Attachment {
                id: Some("att-new".into()),
                name: Some("new.txt".into()),
                media_type: Some("text/plain".into()),
                size: Some(1),
                sha256: Some(
                    "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb".into(),
                ),
                purpose: Some(AttachmentPurpose::Other),
            });
        },
        &[(
            "consent-changed-since-review",
            "consent.record.reviewedContentSha256",
            Severity::Blocking,
        )],
    ),
    (
        "given against an older notice",
        |r| {
            paper_off(r);
            let mut rec = given(r);
            rec.notice_sha256 = Some("1".repeat(64));
            r.consent.record = Some(rec);
        },
        &[(
            "consent-changed-since-review",
            "consent.record.noticeSha256",
            Severity::Blocking,
        )],
    ),
    (
        "refused, even with a paper form",
        |r| {
            let mut rec = given(r);
            rec.decision = Some(ConsentDecision::Refused);
            r.consent.record = Some(rec);
        },
        &[(
            "consent-refused",
            "consent.record.decision",
            Severity::Blocking,
        )],
    ),
    (
        "a record with no decision",
        |r| {
            paper_off(r);
            let mut rec = given(r);
            rec.decision = None;
            r.consent.record = Some(rec);
        },
        &[(
            "hsr-parental-consent",
            "consent.record.decision",
            Severity::Blocking,
        )],
    ),
    (
        "a given record without the response file",
        |r| {
            paper_off(r);
            let mut rec = given(r);
            rec.response = None;
            r.consent.record = Some(rec);
        },
        &[("hsr-parental-consent", "consent.record", Severity::Blocking)],
    ),
];

#[test]
fn each_case_gives_exactly_its_consent_findings() {
    for (what, change, want) in CASES {
        let mut r = complete();
        change(&mut r);
        let report = validate(&r, as_of(), &Settings::default());
        let got: Vec<(&str, &str, Severity)> = report
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("consent-") || f.rule == "hsr-parental-consent")
            .map(|f| (f.rule, f.field.as_str(), f.severity))
            .collect();
        assert_eq!(got, *want, "{what}");
        // Nothing else in the complete fixture is affected.
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.rule.starts_with("consent-") || f.rule == "hsr-parental-consent"),
            "{what}: {:#?}",
            report.findings
        );
        let item5 = report.checklist.item(5).unwrap().status;
        let blocks = want.iter().any(|w| w.2 == Severity::Blocking);
        assert_eq!(
            item5,
            if blocks {
                ItemStatus::Missing
            } else {
                ItemStatus::Complete
            },
            "{what}"
        );
        for f in &report.findings {
            for secret in ["Chris Taylor", "Mother"] {
                assert!(
                    !f.message.contains(secret),
                    "{what}: a message repeats what was typed"
                );
            }
        }
    }
}

#[test]
fn recording_consent_does_not_change_the_content() {
    let mut r = complete();
    let before = content_sha256(&r);
    r.consent.record = Some(given(&r));
    r.consent.signed = Some(false);
    assert_eq!(content_sha256(&r), before);
}
