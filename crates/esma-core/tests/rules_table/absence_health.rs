//! Table cases: Absence, attendance codes, the reduced timetable, health needs, hospital and the IHCP.

use super::*;

pub const FAIL: &[Fail] = &[
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
        "absence.reintegrationPlan.attachmentId",
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
        "absence-start-date",
        "absence.startDate",
        |r| r.absence.start_date = s("2026-12-01"),
        "",
    ),
    (
        "absence-start-date",
        "absence.startDate",
        |r| r.absence.start_date = s("2013-03-04"),
        "",
    ),
    (
        "absence-start-date",
        "absence.startDate",
        |r| r.absence.start_date = s("2026-13-01"),
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        "absence.reintegrationPlan.attachmentId",
        |r| r.absence.reintegration_plan.attachment_id = None,
        "",
    ),
    (
        "hsr-medical-condition",
        "health.condition",
        |r| r.health.condition = s("n/a"),
        "",
    ),
    (
        "hsr-likely-duration",
        "health.likelyDuration",
        |r| r.health.likely_duration = s("TBC."),
        "",
    ),
    (
        "health-long-term-treatment-plan",
        "treatmentPlan.summary",
        |r| {
            r.treatment_plan.attachment_id = None;
            r.treatment_plan.summary = s("see attached")
        },
        "",
    ),
    (
        "health-hospital-answered",
        "health.hospital.inpatient",
        |r| r.health.hospital.inpatient = None,
        "",
    ),
    (
        "health-hospital-answered",
        "health.hospital.hospitalSchoolProvidesEducation",
        |r| r.health.hospital.inpatient = Some(true),
        "",
    ),
    (
        "health-planned-admission",
        "health.hospital.plannedAdmission",
        |r| r.health.hospital.planned_admission = None,
        "",
    ),
    (
        "health-planned-admission",
        "health.hospital.admissionDate",
        |r| r.health.hospital.planned_admission = Some(true),
        "",
    ),
    (
        "health-planned-admission",
        "health.hospital.expectedLengthOfStay",
        |r| r.health.hospital.planned_admission = Some(true),
        "",
    ),
    (
        "health-planned-admission",
        "health.hospital.educationProgramme",
        |r| {
            r.health.hospital.planned_admission = Some(true);
            r.health.hospital.admission_date = s("2027-01-11");
            r.health.hospital.expected_length_of_stay = s("About 2 weeks")
        },
        "",
    ),
    (
        "health-planned-admission",
        "health.hospital.admissionDate",
        |r| {
            r.health.hospital.planned_admission = Some(true);
            r.health.hospital.admission_date = s("2012-01-01")
        },
        "",
    ),
    (
        "health-ihcp",
        "health.ihcp.inPlace",
        |r| r.health.ihcp.in_place = None,
        "",
    ),
    (
        "health-ihcp",
        "health.ihcp.lastReviewed",
        |r| r.health.ihcp.last_reviewed = None,
        "",
    ),
    (
        "health-ihcp",
        "health.ihcp.lastReviewed",
        |r| r.health.ihcp.last_reviewed = s("2027-01-01"),
        "",
    ),
    (
        "health-ihcp-review",
        "health.ihcp.lastReviewed",
        |r| r.health.ihcp.last_reviewed = s("2025-11-27"),
        "",
    ),
];

pub const OK: &[Pass] = &[
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
    ("absence-start-date", |r| r.absence.start_date = None, ""),
    (
        "absence-start-date",
        |r| r.absence.start_date = s("2026-11-28"),
        "",
    ),
    (
        "annex2-3-reintegration-plan",
        |r| {
            r.absence.reintegration_plan.attachment_id = None;
            r.absence.reintegration_plan.sent_separately = Some(true)
        },
        "",
    ),
    (
        "health-long-term-treatment-plan",
        |r| {
            r.treatment_plan.attachment_id = None;
            r.treatment_plan.summary = s("Graded activity programme, reviewed in clinic.")
        },
        "",
    ),
    (
        "health-long-term-treatment-plan",
        |r| {
            r.treatment_plan = Document {
                sent_separately: Some(true),
                ..Default::default()
            }
        },
        "",
    ),
    (
        "health-planned-admission",
        |r| {
            r.health.hospital.planned_admission = Some(true);
            r.health.hospital.admission_date = s("2027-01-11");
            r.health.hospital.expected_length_of_stay = s("About 2 weeks");
            r.health.hospital.education_programme =
                s("Hospital school lessons each morning in English and Maths.")
        },
        "",
    ),
    (
        "health-planned-admission",
        |r| {
            r.health.hospital.inpatient = Some(true);
            r.health.hospital.hospital_school_provides_education = Some(false)
        },
        "",
    ),
    (
        "health-hospital-answered",
        |r| {
            r.health.hospital.inpatient = Some(true);
            r.health.hospital.hospital_school_provides_education = Some(false)
        },
        "",
    ),
    (
        "health-ihcp",
        |r| {
            r.health.ihcp = Ihcp {
                in_place: Some(false),
                last_reviewed: None,
            }
        },
        "",
    ),
    (
        "health-ihcp-review",
        |r| r.health.ihcp.last_reviewed = s("2025-11-28"),
        "",
    ),
    (
        "hsr-likely-duration",
        |r| r.health.likely_duration = s("8 weeks"),
        "",
    ),
];
