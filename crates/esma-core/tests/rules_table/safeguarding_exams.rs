//! Table cases: Safeguarding, where teaching happens, and exams.

use super::*;

pub const FAIL: &[Fail] = &[
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
        "safeguarding.homeSupervisingAdult",
        |r| r.safeguarding.teaching_location = Some(TeachingLocation::Home),
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
        "teaching-location",
        "safeguarding.teachingLocation",
        |r| r.safeguarding.teaching_location = None,
        "",
    ),
    (
        "teaching-home-evidence",
        "medicalEvidence[0].supportsHomeTeaching",
        |r| {
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
            r.safeguarding.home_supervising_adult = s("Chris Taylor");
            r.safeguarding.emergency_steps =
                s("Call 999, then the parent; inhaler in the kitchen drawer.");
        },
        "",
    ),
    (
        "teaching-home-evidence",
        "safeguarding.teachingLocation",
        |r| {
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
            r.safeguarding.home_supervising_adult = s("Chris Taylor");
            r.safeguarding.emergency_steps =
                s("Call 999, then the parent; inhaler in the kitchen drawer.");
            r.medical_evidence.clear()
        },
        "",
    ),
    (
        "safeguarding-home-teaching-risk-assessment",
        "safeguarding.homeSupervisingAdult",
        |r| {
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
        },
        "",
    ),
    (
        "safeguarding-home-teaching-risk-assessment",
        "safeguarding.emergencySteps",
        |r| {
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
            r.safeguarding.home_supervising_adult = s("Chris Taylor");
            r.safeguarding.emergency_steps = s("n/a")
        },
        "",
    ),
    (
        "safeguarding-home-teaching-risk-assessment",
        "safeguarding.homeSupervisingAdult",
        |r| {
            r.safeguarding.teaching_location = None;
            r.safeguarding.teaching_at_home = Some(true)
        },
        "",
    ),
    (
        "safeguarding-assessed-mitigated",
        "safeguarding.assessmentAndMitigation",
        |r| {
            r.safeguarding.missing_episodes = Some(true);
            r.safeguarding.assessment_and_mitigation = s("n/a")
        },
        "",
    ),
    (
        "safeguarding-responsible-adult",
        "safeguarding.responsibleAdult.role",
        |r| r.safeguarding.responsible_adult.role = s("n/a"),
        "",
    ),
    (
        "exams-years-10-11",
        "exams.arrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11);
            r.exams.arrangements = s("tbc")
        },
        "",
    ),
    (
        "exams-access-arrangements",
        "exams.accessArrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11);
            r.exams.access_arrangements = s("n/a")
        },
        "",
    ),
];

pub const OK: &[Pass] = &[
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
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
            r.safeguarding.home_supervising_adult = s("Chris Taylor");
            r.safeguarding.emergency_steps =
                s("Call 999, then the parent; inhaler in the kitchen drawer.")
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
        "teaching-location",
        |r| {
            r.safeguarding.teaching_location = None;
            r.safeguarding.teaching_at_home = Some(true)
        },
        "",
    ),
    (
        "teaching-location",
        |r| r.safeguarding.teaching_location = Some(TeachingLocation::Online),
        "",
    ),
    (
        "teaching-home-evidence",
        |r| {
            r.safeguarding.teaching_location = Some(TeachingLocation::Home);
            r.safeguarding.home_supervising_adult = s("Chris Taylor");
            r.safeguarding.emergency_steps =
                s("Call 999, then the parent; inhaler in the kitchen drawer.");
            r.medical_evidence[0].supports_home_teaching = Some(true)
        },
        "",
    ),
    (
        "exams-access-arrangements",
        |r| {
            r.pupil.date_of_birth = s("2011-01-15");
            r.pupil.year_group = Some(11);
            r.exams.access_arrangements = s("None")
        },
        "",
    ),
];
