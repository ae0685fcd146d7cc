//! Table tests for every rule: each rule fails on at least one change to the
//! complete fixture (`check_fail`) and passes on the complete fixture and on
//! the boundary cases listed (`check_ok`). A last test proves every rule in
//! the catalogue has both.

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::*;
use esma_core::referral::*;
use esma_core::rules::catalogue;
use esma_core::settings::Settings;
use esma_core::validate::{validate, Report};

type Mutate = fn(&mut Referral);

/// (rule id, field the finding must name, change to the complete referral, today or "" for the fixtures' date)
const FAIL: &[(&str, &str, Mutate, &str)] = &[
    (
        "entry-school-age",
        "pupil.dateOfBirth",
        |r| {
            r.pupil.date_of_birth = s("2009-05-01");
            r.pupil.year_group = Some(12)
        },
        "",
    ),
    (
        "entry-school-age",
        "pupil.dateOfBirth",
        |r| {
            r.pupil.date_of_birth = s("2022-06-01");
            r.pupil.year_group = Some(0)
        },
        "",
    ),
    (
        "entry-school-age",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = s("2010-10-01"),
        "2027-06-26",
    ),
    (
        "entry-school-age-ending-soon",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = s("2010-10-01"),
        "2027-06-01",
    ),
    (
        "entry-medical-evidence",
        "medicalEvidence",
        |r| r.medical_evidence.clear(),
        "",
    ),
    (
        "entry-gp-only-evidence",
        "furtherAdvice.sought",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Universal);
            r.further_advice.sought = None
        },
        "",
    ),
    (
        "entry-absence-authorised",
        "absence.authorisedOnMedicalGrounds",
        |r| r.absence.authorised_on_medical_grounds = Some(false),
        "",
    ),
    (
        "entry-absence-authorised",
        "absence.authorisedOnMedicalGrounds",
        |r| r.absence.authorised_on_medical_grounds = None,
        "",
    ),
    (
        "entry-hertfordshire-resident",
        "pupil.hertfordshireResident",
        |r| r.pupil.hertfordshire_resident = Some(false),
        "",
    ),
    (
        "entry-hertfordshire-resident",
        "pupil.hertfordshireResident",
        |r| r.pupil.hertfordshire_resident = None,
        "",
    ),
    (
        "entry-elective-home-education",
        "pupil.electivelyHomeEducated",
        |r| r.pupil.electively_home_educated = Some(true),
        "",
    ),
    (
        "entry-elective-home-education",
        "pupil.electivelyHomeEducated",
        |r| r.pupil.electively_home_educated = None,
        "",
    ),
    (
        "pupil-date-of-birth",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = None,
        "",
    ),
    (
        "pupil-date-of-birth",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = s("2013--05"),
        "",
    ),
    (
        "pupil-date-of-birth",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = s("2013-02-29"),
        "",
    ),
    (
        "pupil-date-of-birth",
        "pupil.dateOfBirth",
        |r| r.pupil.date_of_birth = s("2026-11-29"),
        "",
    ),
    (
        "pupil-name",
        "pupil.firstName",
        |r| r.pupil.first_name = None,
        "",
    ),
    (
        "pupil-name",
        "pupil.lastName",
        |r| r.pupil.last_name = s("   "),
        "",
    ),
    ("pupil-upn", "pupil.upn", |r| r.pupil.upn = None, ""),
    (
        "pupil-upn-format",
        "pupil.upn",
        |r| r.pupil.upn = s("A919300026001"),
        "",
    ),
    (
        "pupil-upn-format",
        "pupil.upn",
        |r| r.pupil.upn = s("C91930002600"),
        "",
    ),
    (
        "pupil-year-group",
        "pupil.yearGroup",
        |r| r.pupil.year_group = None,
        "",
    ),
    (
        "pupil-year-group",
        "pupil.yearGroup",
        |r| r.pupil.year_group = Some(14),
        "",
    ),
    (
        "pupil-year-group-age",
        "pupil.yearGroup",
        |r| r.pupil.year_group = Some(8),
        "",
    ),
    (
        "pupil-home-postcode",
        "pupil.homePostcode",
        |r| r.pupil.home_postcode = None,
        "",
    ),
    (
        "pupil-home-postcode-format",
        "pupil.homePostcode",
        |r| r.pupil.home_postcode = s("NOT A POSTCODE"),
        "",
    ),
    (
        "pupil-home-postcode-format",
        "pupil.homePostcode",
        |r| r.pupil.home_postcode = s("SG13 8D"),
        "",
    ),
    ("school-name", "school.name", |r| r.school.name = None, ""),
    ("school-urn", "school.urn", |r| r.school.urn = None, ""),
    (
        "school-urn",
        "school.urn",
        |r| r.school.urn = s("12345"),
        "",
    ),
    (
        "school-referrer",
        "school.referrer.name",
        |r| r.school.referrer.name = None,
        "",
    ),
    (
        "school-referrer",
        "school.referrer.role",
        |r| r.school.referrer.role = None,
        "",
    ),
    (
        "school-referrer",
        "school.referrer.email",
        |r| {
            r.school.referrer.email = None;
            r.school.referrer.phone = None
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        "school.district",
        |r| r.school.district = None,
        "",
    ),
    (
        "annex2-1-isl-area",
        "school.district",
        |r| r.school.district = s("Luton"),
        "",
    ),
    (
        "school-designated-officer",
        "school.designatedOfficer.name",
        |r| r.school.designated_officer.name = None,
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.name",
        |r| r.school.review_chair.name = None,
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.role",
        |r| r.school.review_chair.role = None,
        "",
    ),
    (
        "review-frequency",
        "school.reviewIntervalWeeks",
        |r| r.school.review_interval_weeks = None,
        "",
    ),
    (
        "review-frequency",
        "school.reviewIntervalWeeks",
        |r| r.school.review_interval_weeks = Some(7),
        "",
    ),
    (
        "school-pastoral-link",
        "school.pastoralLink.name",
        |r| r.school.pastoral_link.name = None,
        "",
    ),
    (
        "school-pastoral-link",
        "school.pastoralLink.role",
        |r| r.school.pastoral_link.role = None,
        "",
    ),
    (
        "absence-school-days",
        "absence.schoolDaysMissed",
        |r| r.absence.school_days_missed = None,
        "",
    ),
    (
        "absence-15-school-days",
        "absence.schoolDaysMissed",
        |r| {
            r.absence.school_days_missed = Some(14);
            r.health.long_term_or_recurring = Some(false)
        },
        "",
    ),
    (
        "absence-15-school-days-long-term",
        "absence.schoolDaysMissed",
        |r| r.absence.school_days_missed = Some(14),
        "",
    ),
    (
        "absence-pattern",
        "absence.pattern",
        |r| r.absence.pattern = None,
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = None,
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("C"),
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| {
            r.absence.attendance_code = s("C2");
            r.absence.reduced_timetable = Some(false)
        },
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("K"),
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("B"),
        "",
    ),
    (
        "attendance-code",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("ZZ"),
        "",
    ),
    (
        "attendance-code-unauthorised",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("o"),
        "",
    ),
    (
        "attendance-code-unauthorised",
        "absence.attendanceCode",
        |r| r.absence.attendance_code = s("N"),
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        "absence.reintegrationPlan.summary",
        |r| r.absence.reintegration_plan = Document::default(),
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        "absence.reducedTimetable",
        |r| r.absence.reduced_timetable = None,
        "",
    ),
    (
        "hsr-medical-condition",
        "health.condition",
        |r| r.health.condition = None,
        "",
    ),
    ("health-kind", "health.kind", |r| r.health.kind = None, ""),
    (
        "health-long-term",
        "health.longTermOrRecurring",
        |r| r.health.long_term_or_recurring = None,
        "",
    ),
    (
        "hsr-likely-duration",
        "health.likelyDuration",
        |r| r.health.likely_duration = s(""),
        "",
    ),
    (
        "health-long-term-treatment-plan",
        "treatmentPlan.summary",
        |r| r.treatment_plan = Document::default(),
        "",
    ),
    (
        "health-hospital-school",
        "health.hospital.hospitalSchoolProvidesEducation",
        |r| {
            r.health.hospital.inpatient = Some(true);
            r.health.hospital.hospital_school_provides_education = Some(true)
        },
        "",
    ),
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
        "hsr-apdr",
        "support.apdr.completed",
        |r| r.support.apdr.completed = Some(false),
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.currentSupportPlan",
        |r| r.support.apdr.current_support_plan = None,
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.workingWell",
        |r| r.support.apdr.working_well = None,
        "",
    ),
    (
        "hsr-apdr",
        "support.apdr.notWorkingWell",
        |r| r.support.apdr.not_working_well = None,
        "",
    ),
    (
        "annex2-2-apdr-attached",
        "support.apdr.attachmentId",
        |r| r.support.apdr.attachment_id = None,
        "",
    ),
    (
        "hsr-support-plan-medical-advice",
        "support.apdr.basedOnMedicalAdvice",
        |r| r.support.apdr.based_on_medical_advice = None,
        "",
    ),
    (
        "hsr-support-plan-medical-advice",
        "support.apdr.basedOnMedicalAdvice",
        |r| r.support.apdr.based_on_medical_advice = Some(false),
        "",
    ),
    (
        "support-reasonable-adjustments",
        "support.reasonableAdjustments",
        |r| r.support.reasonable_adjustments = None,
        "",
    ),
    (
        "hsr-funding-answered",
        "funding.ehcp.receives",
        |r| r.funding.ehcp.receives = None,
        "",
    ),
    (
        "hsr-funding-answered",
        "funding.localHighNeedsFunding.receives",
        |r| r.funding.local_high_needs_funding.receives = None,
        "",
    ),
    (
        "hsr-funding-statement",
        "funding.ehcp.statement",
        |r| r.funding.ehcp.receives = Some(true),
        "",
    ),
    (
        "hsr-funding-statement",
        "funding.pupilPremiumGrant.statement",
        |r| r.funding.pupil_premium_grant.statement = None,
        "",
    ),
    (
        "annex2-6-funding-plan",
        "funding.pupilPremiumGrant.planAttachmentId",
        |r| r.funding.pupil_premium_grant.plan_attachment_id = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.maths",
        |r| r.baseline.maths = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.english",
        |r| r.baseline.english = None,
        "",
    ),
    (
        "hsr-baseline-attainment",
        "baseline.science",
        |r| r.baseline.science = None,
        "",
    ),
    (
        "hsr-baseline-engagement",
        "baseline.engagement",
        |r| r.baseline.engagement = None,
        "",
    ),
    (
        "hsr-baseline-wellbeing",
        "baseline.emotionalWellbeing",
        |r| r.baseline.emotional_wellbeing = None,
        "",
    ),
    (
        "baseline-pupil-voice",
        "baseline.pupilVoice",
        |r| r.baseline.pupil_voice = None,
        "",
    ),
    (
        "safeguarding-responsible-adult",
        "safeguarding.responsibleAdult.name",
        |r| r.safeguarding.responsible_adult.name = None,
        "",
    ),
    (
        "safeguarding-responsible-adult",
        "safeguarding.responsibleAdult.role",
        |r| r.safeguarding.responsible_adult.role = None,
        "",
    ),
    (
        "safeguarding-responsible-adult",
        "safeguarding.responsibleAdult.phone",
        |r| r.safeguarding.responsible_adult.phone = None,
        "",
    ),
    (
        "safeguarding-concerns-answered",
        "safeguarding.mashReferrals",
        |r| r.safeguarding.mash_referrals = None,
        "",
    ),
    (
        "safeguarding-assessed-mitigated",
        "safeguarding.assessmentAndMitigation",
        |r| r.safeguarding.missing_episodes = Some(true),
        "",
    ),
    (
        "safeguarding-home-teaching-risk-assessment",
        "safeguarding.homeRiskAssessment.summary",
        |r| r.safeguarding.teaching_at_home = Some(true),
        "",
    ),
    (
        "exams-years-10-11",
        "exams.arrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11)
        },
        "",
    ),
    (
        "exams-years-10-11",
        "exams.arrangements",
        |r| {
            r.pupil.date_of_birth = s("2012-01-15");
            r.pupil.year_group = Some(10)
        },
        "",
    ),
    (
        "exams-years-10-11",
        "exams.arrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = None
        },
        "",
    ),
    (
        "exams-access-arrangements",
        "exams.accessArrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11)
        },
        "",
    ),
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
    // The complete fixture uses the paper route, which warns.
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
];

/// (rule id, change to the complete referral that must still pass that rule, today)
const OK: &[(&str, Mutate, &str)] = &[
    (
        "entry-school-age",
        |r| {
            r.pupil.date_of_birth = s("2010-09-01");
            r.pupil.year_group = Some(11)
        },
        "",
    ),
    (
        "entry-school-age",
        |r| r.pupil.date_of_birth = s("2010-10-01"),
        "2027-06-25",
    ),
    (
        "entry-school-age",
        |r| {
            r.pupil.date_of_birth = s("2021-08-31");
            r.pupil.year_group = Some(1)
        },
        "2026-08-31",
    ),
    (
        "entry-school-age-ending-soon",
        |r| r.pupil.date_of_birth = s("2010-10-01"),
        "2027-05-13",
    ),
    (
        "entry-gp-only-evidence",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Universal);
            r.further_advice.sought = Some(true)
        },
        "",
    ),
    (
        "entry-gp-only-evidence",
        |r| {
            let mut gp = r.medical_evidence[0].clone();
            gp.tier = Some(EvidenceTier::Universal);
            r.medical_evidence.push(gp)
        },
        "",
    ),
    (
        "pupil-date-of-birth",
        |r| r.pupil.date_of_birth = s(" 2013-3-5 "),
        "",
    ),
    ("pupil-upn-format", |r| r.pupil.upn = s("c919300026001"), ""),
    (
        "pupil-home-postcode-format",
        |r| r.pupil.home_postcode = s("al13jx"),
        "",
    ),
    (
        "pupil-home-postcode-format",
        |r| r.pupil.home_postcode = s("EC1A 1BB"),
        "",
    ),
    (
        "annex2-1-isl-area",
        |r| r.school.district = s(" st albans "),
        "",
    ),
    ("school-referrer", |r| r.school.referrer.email = None, ""),
    (
        "review-frequency",
        |r| r.school.review_interval_weeks = Some(4),
        "",
    ),
    (
        "absence-15-school-days",
        |r| {
            r.absence.school_days_missed = Some(15);
            r.health.long_term_or_recurring = Some(false)
        },
        "",
    ),
    (
        "absence-15-school-days-long-term",
        |r| r.absence.school_days_missed = Some(15),
        "",
    ),
    (
        "attendance-code",
        |r| r.absence.attendance_code = s(" c2 "),
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        |r| {
            r.absence.reduced_timetable = Some(false);
            r.absence.reintegration_plan = Document::default()
        },
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        |r| r.absence.reintegration_plan.summary = None,
        "",
    ),
    (
        "health-long-term-treatment-plan",
        |r| {
            r.health.long_term_or_recurring = Some(false);
            r.treatment_plan = Document::default()
        },
        "",
    ),
    (
        "health-hospital-school",
        |r| {
            r.health.hospital.inpatient = Some(true);
            r.health.hospital.hospital_school_provides_education = Some(false)
        },
        "",
    ),
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
        "hsr-funding-statement",
        |r| {
            r.funding.ehcp.receives = Some(true);
            r.funding.ehcp.statement = s("Funds a teaching assistant.")
        },
        "",
    ),
    (
        "annex2-6-funding-plan",
        |r| {
            r.funding.pupil_premium_grant.receives = Some(false);
            r.funding.pupil_premium_grant.plan_attachment_id = None
        },
        "",
    ),
    (
        "safeguarding-assessed-mitigated",
        |r| {
            r.safeguarding.missing_episodes = Some(true);
            r.safeguarding.assessment_and_mitigation =
                s("Assessed with the DSL; safety plan in place.")
        },
        "",
    ),
    (
        "safeguarding-home-teaching-risk-assessment",
        |r| {
            r.safeguarding.teaching_at_home = Some(true);
            r.safeguarding.home_risk_assessment.summary = s("Parent present for every lesson.")
        },
        "",
    ),
    (
        "exams-years-10-11",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11);
            r.exams.arrangements = s("Small room, school invigilator.")
        },
        "",
    ),
    (
        "exams-years-10-11",
        |r| {
            r.pupil.date_of_birth = s("2010-01-15");
            r.pupil.year_group = Some(12)
        },
        "",
    ),
    (
        "exams-access-arrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11);
            r.exams.access_arrangements = s("25% extra time approved.")
        },
        "",
    ),
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
];

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn day(t: &str) -> NaiveDate {
    if t.is_empty() {
        as_of()
    } else {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap()
    }
}

fn run(m: Mutate, today: &str) -> Report {
    let mut r = complete();
    m(&mut r);
    validate(&r, day(today), &Settings::default())
}

#[test]
fn check_fail() {
    for (i, (rule, field, m, today)) in FAIL.iter().enumerate() {
        let report = run(*m, today);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == *rule && f.field == *field),
            "case {i}: expected {rule} at {field}, got {:#?}",
            report
                .findings
                .iter()
                .map(|f| (f.rule, f.field.as_str()))
                .collect::<Vec<_>>()
        );
        let r = esma_core::rules::rule(rule).unwrap();
        for f in report.findings.iter().filter(|f| f.rule == *rule) {
            assert_eq!(f.severity, r.severity);
            assert!(
                !f.message.is_empty() && !f.parent_message.is_empty(),
                "{rule}"
            );
        }
    }
}

#[test]
fn check_ok() {
    let base = run(|_| {}, "");
    assert!(
        base.findings
            .iter()
            .all(|f| f.rule == "consent-paper-unverifiable"),
        "the complete fixture passes every rule: {:#?}",
        base.findings
    );
    for (i, (rule, m, today)) in OK.iter().enumerate() {
        let report = run(*m, today);
        assert!(
            !report.findings.iter().any(|f| f.rule == *rule),
            "case {i}: {rule} should pass, got {:#?}",
            report
                .findings
                .iter()
                .filter(|f| f.rule == *rule)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_rule_has_a_failing_case() {
    let failing: BTreeSet<&str> = FAIL.iter().map(|c| c.0).collect();
    let ids: BTreeSet<&str> = catalogue().iter().map(|r| r.id).collect();
    let untested: Vec<_> = ids.difference(&failing).collect();
    assert!(
        untested.is_empty(),
        "rules without a failing case: {untested:?}"
    );
    for id in failing.iter().chain(OK.iter().map(|c| &c.0)) {
        assert!(ids.contains(id), "{id} is not in the catalogue");
    }
}

#[test]
fn catalogue_is_well_formed() {
    let mut seen = BTreeSet::new();
    for r in catalogue() {
        assert!(seen.insert(r.id), "duplicate id {}", r.id);
        assert!(
            r.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            r.id
        );
        assert!(
            !r.fields.is_empty() && !r.messages.is_empty() && !r.summary.is_empty(),
            "{}",
            r.id
        );
        for m in r.messages {
            assert!(!m.staff.is_empty() && !m.parent.is_empty(), "{}", r.id);
            assert!(
                !m.staff.ends_with('.'),
                "{}: staff messages are error messages, no full stop",
                r.id
            );
            assert!(
                m.parent.ends_with('.'),
                "{}: parent messages are sentences",
                r.id
            );
        }
        for f in r.fields {
            assert!(f.split('.').all(|seg| !seg.is_empty()), "{}: {f}", r.id);
        }
    }
}

#[test]
fn evidence_currency_threshold_is_a_setting() {
    let mut r = complete();
    r.medical_evidence[0].date = s("2026-07-01");
    let twelve = validate(&r, as_of(), &Settings::default());
    assert!(twelve
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency" && f.message.contains("12 weeks old")));
    let settings = Settings {
        evidence_currency_weeks: 24,
        ..Settings::default()
    };
    let report = validate(&r, as_of(), &settings);
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency"));
    let rule = esma_core::rules::rule("evidence-currency").unwrap();
    assert_eq!(rule.sources.len(), 3, "cites termly, 12 weeks and 24 weeks");
}

#[test]
fn review_threshold_is_a_setting() {
    let mut r = complete();
    r.school.review_interval_weeks = Some(7);
    let settings = Settings {
        review_interval_weeks: 8,
        ..Settings::default()
    };
    assert!(!validate(&r, as_of(), &settings)
        .findings
        .iter()
        .any(|f| f.rule == "review-frequency"));
    assert!(
        esma_core::rules::rule("review-frequency")
            .unwrap()
            .sources
            .len()
            >= 2
    );
}

#[test]
fn messages_never_echo_user_input() {
    let mut r = complete();
    let secret = "ZQXSECRETQZX";
    r.pupil.first_name = None;
    r.pupil.upn = Some(secret.into());
    r.pupil.home_postcode = Some(secret.into());
    r.school.district = Some(secret.into());
    r.school.urn = Some(secret.into());
    r.absence.attendance_code = Some(secret.into());
    r.medical_evidence[0].date = Some(secret.into());
    r.attachments[0].media_type = Some(secret.into());
    r.attachments[0].sha256 = Some(secret.into());
    r.support.apdr.attachment_id = Some(secret.into());
    r.consent.signed_on = Some(secret.into());
    r.pupil.date_of_birth = Some(secret.into());
    let report = validate(&r, as_of(), &Settings::default());
    assert!(report.findings.len() > 8);
    for f in &report.findings {
        assert!(
            !f.message.contains(secret) && !f.parent_message.contains(secret),
            "{}: {}",
            f.rule,
            f.message
        );
    }
    for i in &report.checklist.items {
        assert!(!i.reason.contains(secret));
    }
}

#[test]
fn checklist_follows_findings() {
    let mut r = complete();
    r.support.apdr.attachment_id = s("att-missing");
    r.funding.pupil_premium_grant.receives = Some(false);
    r.absence.reduced_timetable = Some(false);
    let report = validate(&r, as_of(), &Settings::default());
    let status = |n| report.checklist.item(n).unwrap().status.as_str();
    assert_eq!(
        status(2),
        "missing",
        "a broken APDR attachment link makes item 2 missing"
    );
    assert_eq!(status(3), "not-applicable");
    assert_eq!(status(6), "not-applicable");
    assert_eq!(status(1), "complete");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["checklist"][1]["item"], 2);
    assert_eq!(json["checklist"][1]["status"], "missing");
    let keys: BTreeSet<&str> = json["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["rule", "severity", "field", "message"])
    );
}

#[test]
fn valid_typestate() {
    use esma_core::validate::Valid;
    let ok = Valid::check(complete(), as_of(), &Settings::default()).expect("complete is valid");
    assert_eq!(ok.get(), &complete());
    let err = Valid::check(Referral::default(), as_of(), &Settings::default()).unwrap_err();
    assert!(err.has_blocking());
}

#[test]
fn empty_json_is_an_empty_referral_and_unknown_keys_are_ignored() {
    let r: Referral =
        serde_json::from_str(r#"{"unknownKey": 1, "pupil": {"nickname": "x"}}"#).unwrap();
    assert_eq!(r, Referral::default());
}
