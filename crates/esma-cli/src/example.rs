//! `esma-referral example`: a complete referral for a fictional pupil, built
//! relative to "today" so it passes with no blocking findings on any date.

use chrono::{Datelike, Days, NaiveDate};
use esma_core::referral::*;
use esma_core::settings::Settings;
use sha2::{Digest, Sha256};

/// An attachment file the example names: (id, file name, purpose, contents).
pub struct File {
    pub name: &'static str,
    pub bytes: &'static [u8],
}

const FILES: &[(&str, &str, AttachmentPurpose, &str)] = &[
    ("att-evidence", "medical-evidence-letter.txt", AttachmentPurpose::MedicalEvidence,
     "FICTIONAL EXAMPLE - NOT A REAL MEDICAL RECORD\n\nLetter from Dr Priya Example, consultant paediatrician.\nIn my opinion the pupil is medically unable to attend school at present.\nI expect this to last at least 3 months.\n"),
    ("att-treatment", "treatment-plan.txt", AttachmentPurpose::TreatmentPlan,
     "FICTIONAL EXAMPLE\n\nTreatment plan: graded activity programme; clinic review every 6 weeks.\n"),
    ("att-apdr", "apdr.txt", AttachmentPurpose::Apdr,
     "FICTIONAL EXAMPLE\n\nAssess, Plan, Do, Review.\nWorking well: rest breaks, morning lessons.\nNot working: afternoon lessons, catching up.\n"),
    ("att-reintegration", "reintegration-plan.txt", AttachmentPurpose::ReintegrationPlan,
     "FICTIONAL EXAMPLE\n\nReintegration plan agreed with the parent: mornings only for 4 weeks,\nthen one more afternoon each fortnight. Reviewed every 6 weeks.\n"),
    ("att-funding", "pupil-premium-plan.txt", AttachmentPurpose::FundingPlan,
     "FICTIONAL EXAMPLE\n\nPupil Premium Grant plan: key worker 2 hours a week; laptop for online lessons.\n"),
    ("att-consent", "parental-consent.txt", AttachmentPurpose::ParentalConsent,
     "FICTIONAL EXAMPLE\n\nI consent to the school sharing information about my child with the\nESMA Teaching Service to arrange education while my child is unwell.\nSigned: Chris Taylor (parent)\n"),
];

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn iso(d: NaiveDate) -> Option<String> {
    Some(d.format("%Y-%m-%d").to_string())
}

fn years_before(today: NaiveDate, years: i32) -> NaiveDate {
    let y = today.year() - years;
    NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, today.month(), 28))
        .unwrap_or(today)
}

fn person(name: &str, role: &str, email: &str) -> Person {
    Person {
        name: s(name),
        role: s(role),
        email: s(email),
        phone: None,
    }
}

/// Build the example referral and the files it names.
pub fn build(today: NaiveDate, settings: &Settings) -> (Referral, Vec<File>) {
    let dob = years_before(today, 13);
    let year_group = esma_core::school_age::expected_year_group(dob, today).clamp(0, 13) as u8;
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let district = settings
        .isl_areas
        .first()
        .and_then(|a| a.districts.first())
        .map(|d| d.name.clone());
    let attachments = FILES
        .iter()
        .map(|(id, name, purpose, text)| Attachment {
            id: s(id),
            name: s(name),
            media_type: s("text/plain"),
            size: Some(text.len() as u64),
            sha256: Some(hex(&Sha256::digest(text.as_bytes()))),
            purpose: Some(*purpose),
        })
        .collect();
    let referral = Referral {
        format_version: Some(1),
        pupil: Pupil {
            first_name: s("Robin"),
            last_name: s("Taylor"),
            date_of_birth: iso(dob),
            upn: s("C919300026001"),
            year_group: Some(year_group),
            home_postcode: s("SG13 8DQ"),
            hertfordshire_resident: Some(true),
            electively_home_educated: Some(false),
            ..Default::default()
        },
        school: School {
            name: s("Example Park School"),
            urn: s("123456"),
            kind: Some(SchoolKind::Mainstream),
            in_hertfordshire: Some(true),
            district,
            referrer: Person {
                phone: s("01438 000001"),
                ..person("Alex Smith", "SENCo", "senco@example-park.example")
            },
            designated_officer: person(
                "Jo Brown",
                "Designated officer for pupils with health needs",
                "health@example-park.example",
            ),
            designated_officer_aware: Some(true),
            review_chair: person(
                "Sam Green",
                "Deputy Headteacher",
                "deputy@example-park.example",
            ),
            review_chair_senior: Some(true),
            review_interval_weeks: Some(settings.review_interval_weeks),
            pastoral_link: person("Lee White", "Form tutor", "tutor@example-park.example"),
        },
        absence: Absence {
            school_days_missed: Some(22),
            pattern: Some(AbsencePattern::Cumulative),
            start_date: iso(ago(70)),
            authorised_on_medical_grounds: Some(true),
            attendance_code: s("I"),
            reduced_timetable: Some(true),
            reintegration_plan: Document {
                summary: s("Mornings only for 4 weeks, then one more afternoon each fortnight."),
                attachment_id: s("att-reintegration"),
                sent_separately: None,
            },
        },
        health: Health {
            condition: s("A long-term condition causing severe fatigue (fictional example)."),
            kind: Some(HealthKind::Physical),
            long_term_or_recurring: Some(true),
            likely_duration: s("At least 3 months, as the consultant indicates."),
            hospital: Hospital {
                inpatient: Some(false),
                planned_admission: Some(false),
                ..Default::default()
            },
            ihcp: Ihcp {
                in_place: Some(true),
                last_reviewed: iso(ago(80)),
            },
        },
        medical_evidence: vec![MedicalEvidence {
            professional_name: s("Dr Priya Example"),
            role: s("Consultant paediatrician"),
            service: s("Example Hospital children's services"),
            tier: Some(EvidenceTier::Specialist),
            email: s("paediatrics@example-hospital.example"),
            phone: s("01438 000002"),
            date: iso(ago(14)),
            confirms_unable_to_attend: Some(true),
            nhs: Some(true),
            attachment_id: s("att-evidence"),
            ..Default::default()
        }],
        further_advice: FurtherAdvice {
            sought: Some(false),
            details: None,
        },
        treatment_plan: Document {
            summary: s("Graded activity programme; clinic review every 6 weeks."),
            attachment_id: s("att-treatment"),
            sent_separately: None,
        },
        support: Support {
            apdr: Apdr {
                completed: Some(true),
                current_support_plan: s(
                    "Reduced timetable (mornings), rest breaks, work sent home.",
                ),
                based_on_medical_advice: Some(true),
                working_well: s("Rest breaks and morning lessons."),
                not_working_well: s("Afternoon lessons and catching up on missed work."),
                attachment_id: s("att-apdr"),
                sent_separately: None,
            },
            adjustments: ["key-adults", "soft-start", "digital-resources"]
                .map(String::from)
                .to_vec(),
            reasonable_adjustments: s("Rest breaks, a quiet room, lift pass, work set online."),
            curriculum_access: s(
                "Subject teachers set art and history work each week on the learning platform.",
            ),
            school_community: s("Weekly newsletter and a video call with the form group."),
            working_area: s("A quiet room in the learning support base each morning."),
        },
        funding: Funding {
            ehcp: FundingStream {
                receives: Some(false),
                ..Default::default()
            },
            local_high_needs_funding: FundingStream {
                receives: Some(false),
                ..Default::default()
            },
            pupil_premium_grant: FundingStream {
                receives: Some(true),
                statement: s(
                    "Funds a key worker for 2 hours a week and a laptop for online lessons.",
                ),
                plan_attachment_id: s("att-funding"),
            },
        },
        baseline: Baseline {
            english: s("Working at the expected standard."),
            maths: s("Working towards the expected standard."),
            science: s("Working at the expected standard."),
            engagement: s("Engages well in short morning sessions."),
            emotional_wellbeing: s("Low mood linked to missing friends."),
            pupil_voice: s("I want to keep up with my friends."),
        },
        safeguarding: Safeguarding {
            responsible_adult: Person {
                name: s("Chris Taylor"),
                role: s("Parent"),
                email: None,
                phone: s("07700 900000"),
            },
            concerns: Some(false),
            mash_referrals: Some(false),
            missing_episodes: Some(false),
            teaching_location: Some(TeachingLocation::SchoolSite),
            ..Default::default()
        },
        exams: Exams {
            arrangements: s("Exams in a small room at school with a school invigilator."),
            access_arrangements: s("Rest breaks applied for with the awarding bodies."),
        },
        consent: Consent {
            signed: Some(true),
            signed_by: s("Chris Taylor"),
            signer_relationship: s("Parent"),
            signer_has_parental_responsibility: Some(true),
            signed_on: iso(ago(7)),
            attachment_id: s("att-consent"),
            record: None,
        },
        previous_referral: PreviousReferral {
            referred_before: Some(false),
            ..Default::default()
        },
        additional_information: s("Fictional example referral made by esma-referral example."),
        attachments,
    };
    let files = FILES
        .iter()
        .map(|(_, name, _, text)| File {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    (referral, files)
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
