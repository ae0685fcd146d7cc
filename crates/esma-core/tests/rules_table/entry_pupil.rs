//! Table cases: Entry criteria, the pupil, and an earlier referral.

use super::*;

pub const FAIL: &[Fail] = &[
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
    (
        "entry-gp-only-evidence",
        "furtherAdvice.details",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Universal);
            r.further_advice.sought = Some(true);
            r.further_advice.details = None
        },
        "",
    ),
    (
        "entry-gp-only-evidence",
        "furtherAdvice.details",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Universal);
            r.further_advice.sought = Some(true);
            r.further_advice.details = s("tbc")
        },
        "",
    ),
    (
        "pupil-name",
        "pupil.firstName",
        |r| r.pupil.first_name = s("n/a"),
        "",
    ),
    (
        "pupil-home-postcode-hertfordshire",
        "pupil.homePostcode",
        |r| r.pupil.home_postcode = s("M1 1AE"),
        "",
    ),
    (
        "pupil-home-postcode-border",
        "pupil.homePostcode",
        |r| r.pupil.home_postcode = s("SG5 1AA"),
        "",
    ),
    (
        "previous-referral",
        "previousReferral.referredBefore",
        |r| r.previous_referral.referred_before = None,
        "",
    ),
    (
        "previous-referral",
        "previousReferral.referredOn",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                closure_reason: Some(ClosureReason::Reintegrated),
                ..Default::default()
            }
        },
        "",
    ),
    (
        "previous-referral",
        "previousReferral.referredOn",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2012-01-01"),
                closure_reason: Some(ClosureReason::Reintegrated),
                ..Default::default()
            }
        },
        "",
    ),
    (
        "previous-referral",
        "previousReferral.closureReason",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2025-10-06"),
                ..Default::default()
            }
        },
        "",
    ),
    (
        "previous-referral",
        "previousReferral.nowAbleToEngage",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2025-10-06"),
                closure_reason: Some(ClosureReason::TooUnwell),
                now_able_to_engage: None,
            }
        },
        "",
    ),
    (
        "previous-referral",
        "previousReferral.nowAbleToEngage",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2025-10-06"),
                closure_reason: Some(ClosureReason::TooUnwell),
                now_able_to_engage: Some(false),
            }
        },
        "",
    ),
];

pub const OK: &[Pass] = &[
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
            r.further_advice.sought = Some(true);
            r.further_advice.details = s("Referred to the paediatric clinic in January.")
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
        "entry-gp-only-evidence",
        |r| {
            r.medical_evidence[0].tier = Some(EvidenceTier::Universal);
            r.further_advice.sought = Some(true);
            r.further_advice.details =
                s("Referred to the paediatric clinic; appointment in January.")
        },
        "",
    ),
    (
        "pupil-home-postcode-hertfordshire",
        |r| {
            r.pupil.hertfordshire_resident = Some(false);
            r.pupil.home_postcode = s("M1 1AE")
        },
        "",
    ),
    (
        "pupil-home-postcode-hertfordshire",
        |r| r.pupil.home_postcode = s("SG5 1AA"),
        "",
    ),
    (
        "pupil-home-postcode-border",
        |r| r.pupil.home_postcode = s("al5 2aa"),
        "",
    ),
    (
        "previous-referral",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2025-10-06"),
                closure_reason: Some(ClosureReason::Reintegrated),
                ..Default::default()
            }
        },
        "",
    ),
    (
        "previous-referral",
        |r| {
            r.previous_referral = PreviousReferral {
                referred_before: Some(true),
                referred_on: s("2025-10-06"),
                closure_reason: Some(ClosureReason::TooUnwell),
                now_able_to_engage: Some(true),
            }
        },
        "",
    ),
    ("pupil-name", |r| r.pupil.first_name = s("Jo"), ""),
];
