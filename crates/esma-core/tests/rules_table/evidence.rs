//! Table cases: Medical evidence: details, contacts, dates, age, the document, and tier by need.

use super::*;

pub const FAIL: &[Fail] = &[
    (
        "hsr-evidence-confirms-unable",
        "medicalEvidence[0].confirmsUnableToAttend",
        |r| r.medical_evidence[0].confirms_unable_to_attend = Some(false),
        "",
    ),
    (
        "hsr-evidence-confirms-unable",
        "medicalEvidence[0].confirmsUnableToAttend",
        |r| r.medical_evidence[0].confirms_unable_to_attend = None,
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[0].professionalName",
        |r| r.medical_evidence[0].professional_name = None,
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[1].tier",
        |r| {
            let mut e = r.medical_evidence[0].clone();
            e.tier = None;
            r.medical_evidence.push(e)
        },
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[0].role",
        |r| r.medical_evidence[0].role = None,
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[0].service",
        |r| r.medical_evidence[0].service = None,
        "",
    ),
    (
        "annex2-4-named-professional-contact",
        "medicalEvidence[0].email",
        |r| {
            r.medical_evidence[0].email = None;
            r.medical_evidence[0].phone = s(" ")
        },
        "",
    ),
    (
        "evidence-date",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = None,
        "",
    ),
    (
        "evidence-date",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = s("2026-02-30"),
        "",
    ),
    (
        "evidence-date",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = s("2026-11-29"),
        "",
    ),
    (
        "evidence-currency",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = s("2026-09-04"),
        "",
    ),
    (
        "evidence-tier-kind",
        "medicalEvidence[0].tier",
        |r| r.medical_evidence[0].tier = Some(EvidenceTier::Targeted),
        "",
    ),
    (
        "evidence-attachment",
        "medicalEvidence[0].attachmentId",
        |r| r.medical_evidence[0].attachment_id = None,
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[0].nhs",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Targeted);
            r.medical_evidence[0].nhs = None
        },
        "",
    ),
    (
        "evidence-details",
        "medicalEvidence[0].service",
        |r| r.medical_evidence[0].service = s("n/a"),
        "",
    ),
    (
        "annex2-4-named-professional-contact",
        "medicalEvidence[0].email",
        |r| r.medical_evidence[0].email = s("alex morgan"),
        "",
    ),
    (
        "annex2-4-named-professional-contact",
        "medicalEvidence[0].phone",
        |r| r.medical_evidence[0].phone = s("123"),
        "",
    ),
    (
        "evidence-date",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = s("2012-01-01"),
        "",
    ),
    (
        "evidence-too-old",
        "medicalEvidence[0].date",
        |r| r.medical_evidence[0].date = s("2025-11-27"),
        "",
    ),
    (
        "evidence-attachment",
        "medicalEvidence[0].attachmentId",
        |r| {
            r.medical_evidence[0].attachment_id = None;
            r.medical_evidence[0].sent_separately = Some(false)
        },
        "",
    ),
    (
        "evidence-tier-kind",
        "medicalEvidence[0].tier",
        |r| r.health.kind = Some(HealthKind::Both),
        "",
    ),
    (
        "evidence-tier-kind",
        "medicalEvidence[0].tier",
        |r| {
            r.health.kind = Some(HealthKind::Both);
            let mut e = r.medical_evidence[0].clone();
            e.tier = Some(EvidenceTier::Targeted);
            e.nhs = Some(false);
            r.medical_evidence.push(e)
        },
        "",
    ),
    (
        "evidence-tier-kind",
        "medicalEvidence[0].tier",
        |r| {
            r.health.kind = Some(HealthKind::MentalHealth);
            r.medical_evidence[0].tier = Some(EvidenceTier::Targeted);
            r.medical_evidence[0].nhs = Some(false)
        },
        "",
    ),
];

pub const OK: &[Pass] = &[
    (
        "hsr-evidence-confirms-unable",
        |r| {
            let mut e = r.medical_evidence[0].clone();
            e.confirms_unable_to_attend = Some(false);
            r.medical_evidence.insert(0, e)
        },
        "",
    ),
    (
        "annex2-4-named-professional-contact",
        |r| r.medical_evidence[0].email = None,
        "",
    ),
    (
        "evidence-currency",
        |r| r.medical_evidence[0].date = s("2026-09-05"),
        "",
    ),
    (
        "evidence-currency",
        |r| {
            let mut old = r.medical_evidence[0].clone();
            old.date = s("2025-01-01");
            r.medical_evidence.push(old)
        },
        "",
    ),
    (
        "evidence-tier-kind",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Targeted);
            r.health.kind = Some(HealthKind::MentalHealth)
        },
        "",
    ),
    (
        "evidence-tier-kind",
        |r| {
            let mut e = r.medical_evidence[0].clone();
            e.tier = Some(EvidenceTier::Targeted);
            r.medical_evidence.push(e)
        },
        "",
    ),
    (
        "evidence-tier-kind",
        |r| {
            r.health.kind = Some(HealthKind::Both);
            let mut e = r.medical_evidence[0].clone();
            e.tier = Some(EvidenceTier::Targeted);
            e.nhs = Some(true);
            r.medical_evidence.push(e)
        },
        "",
    ),
    (
        "evidence-attachment",
        |r| {
            r.medical_evidence[0].attachment_id = None;
            r.medical_evidence[0].sent_separately = Some(true);
            r.attachments
                .retain(|a| a.id.as_deref() != Some("att-evidence"))
        },
        "",
    ),
    (
        "evidence-too-old",
        |r| r.medical_evidence[0].date = s("2025-11-28"),
        "",
    ),
    (
        "annex2-4-named-professional-contact",
        |r| r.medical_evidence[0].phone = s("+44 1438 000002"),
        "",
    ),
    (
        "evidence-date",
        |r| r.medical_evidence[0].date = s("2013-03-05"),
        "",
    ),
    (
        "evidence-details",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Targeted);
            r.medical_evidence[0].nhs = Some(false)
        },
        "",
    ),
];
