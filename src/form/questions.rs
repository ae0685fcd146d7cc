//! The referral's questions: how each is asked, the options it offers, and
//! each section's questions in groups as summaries read them. The pages that
//! ask them, in order, are [`super::pages`]: one table that the question
//! pages, the task list and the check-answers page all read.
//!
//! Each question is bound to the field path the rules use, so a finding about
//! `pupil.upn` shows under the UPN question without any mapping in between.
//! Follow-up questions appear only when their answer makes them apply
//! (reduced timetable → reintegration plan, long-term illness → treatment
//! plan, GP evidence → further advice, Years 10–11 → exams, inpatient →
//! hospital school, planned admission → its details, teaching at home → the
//! adult present and emergency steps, an earlier referral → when and why it
//! closed, a school outside the county or independent → the pupil's home
//! district, no file attached → "sent separately").

use esma_core::referral::{AttachmentPurpose, Document, Referral, SchoolKind};

use super::pages::pages;

/// The referral's sections are the domain's: their order, slugs, titles for
/// staff and parents, which fields each holds, and when one applies.
pub use esma_core::section::Section;

/// Rules that decide whether a referral can be accepted at all.
pub fn is_eligibility_rule(rule: &str) -> bool {
    rule.starts_with("entry-") && rule != "entry-school-age-ending-soon"
}

/// How a question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// One line of text; `input_type` is `text`, `email` or `tel`.
    Text {
        input_type: &'static str,
        autocomplete: Option<&'static str>,
        width: Option<&'static str>,
    },
    /// Several lines of text.
    TextArea,
    /// A whole number.
    Number,
    /// Yes or no.
    YesNo,
    /// One of several options (value, label, hint), stored as text.
    Choice(&'static [(&'static str, &'static str, &'static str)]),
    /// The national curriculum year group, stored as a number.
    YearGroup,
    /// A district, from the council's settings, stored as text.
    District,
    /// The reasonable adjustments of the policy's Annex 3, ticked, stored as
    /// a list of ids (`esma_core::annex3`).
    Adjustments,
    /// A GOV.UK date input: day, month, year.
    Date,
    /// A file, stored on this device and linked by attachment id.
    Attachment(AttachmentPurpose),
}

/// One question: the field it answers, what it asks, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub path: String,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub kind: Kind,
}

/// Questions shown together under one heading; `item` is set for one of a
/// repeated list ("Medical evidence 2") so it can be removed.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub heading: Option<String>,
    pub questions: Vec<Question>,
    pub item: Option<Repeated>,
}

/// A repeated list a group belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Repeated {
    MedicalEvidence(usize),
}

pub(super) const TEXT: Kind = Kind::Text {
    input_type: "text",
    autocomplete: None,
    width: None,
};
pub(super) const EMAIL: Kind = Kind::Text {
    input_type: "email",
    autocomplete: Some("email"),
    width: None,
};
pub(super) const PHONE: Kind = Kind::Text {
    input_type: "tel",
    autocomplete: Some("tel"),
    width: Some("govuk-input--width-20"),
};
pub(super) const NAME: Kind = Kind::Text {
    input_type: "text",
    autocomplete: Some("name"),
    width: None,
};

pub(super) fn q(
    path: impl Into<String>,
    label: &'static str,
    hint: Option<&'static str>,
    kind: Kind,
) -> Question {
    Question {
        path: path.into(),
        label,
        hint,
        kind,
    }
}

/// Questions about a named person at `base` (`school.referrer`, …).
pub(super) fn person(base: &str, with_role: bool, role_label: &'static str) -> Vec<Question> {
    let mut out = vec![q(format!("{base}.name"), "Full name", None, NAME)];
    if with_role {
        out.push(q(format!("{base}.role"), role_label, None, TEXT));
    }
    out.push(q(format!("{base}.email"), "Email address", None, EMAIL));
    out.push(q(format!("{base}.phone"), "Phone number", None, PHONE));
    out
}

pub(super) const HEALTH_KINDS: &[(&str, &str, &str)] = &[
    ("physical", "Physical health", ""),
    ("mental-health", "Mental health", ""),
    ("both", "Both physical and mental health", ""),
];

pub(super) const PATTERNS: &[(&str, &str, &str)] = &[
    (
        "consecutive",
        "Consecutive",
        "One unbroken run of school days",
    ),
    (
        "cumulative",
        "Cumulative",
        "Added up over separate absences",
    ),
];

/// The official meanings from the School Attendance (Pupil Registration)
/// (England) Regulations 2024.
pub const ATTENDANCE_CODES: &[(&str, &str, &str)] = &[
    ("I", "I: illness", "Authorised absence: the pupil is ill"),
    (
        "C",
        "C: leave of absence in exceptional circumstances",
        "Authorised absence",
    ),
    (
        "C2",
        "C2: part-time timetable",
        "Leave of absence for a pupil of compulsory school age on a part-time timetable",
    ),
    (
        "K",
        "K: education arranged by the local authority",
        "Counts as attendance",
    ),
    (
        "B",
        "B: off-site education arranged by the school",
        "Counts as attendance",
    ),
    (
        "O",
        "O: unauthorised absence",
        "The school has not authorised the absence",
    ),
];

pub(super) const SCHOOL_KINDS: &[(&str, &str, &str)] = &[
    (
        "mainstream",
        "Mainstream",
        "A maintained school, academy or free school",
    ),
    ("special", "Special school", ""),
    ("independent", "Independent school", ""),
    (
        "alternative-provision",
        "Alternative provision",
        "For example, a pupil referral unit",
    ),
];

pub(super) const TEACHING_LOCATIONS: &[(&str, &str, &str)] = &[
    ("school-site", "At school", "On the school site"),
    (
        "venue",
        "At another suitable venue",
        "For example, an ESMA teaching base in Hemel Hempstead or Stevenage",
    ),
    ("online", "Online", ""),
    (
        "home",
        "At home",
        "Only in exceptional cases, supported by medical evidence",
    ),
];

pub(super) const CLOSURE_REASONS: &[(&str, &str, &str)] = &[
    (
        "reintegrated",
        "The pupil went back to school, or moved school",
        "",
    ),
    (
        "too-unwell",
        "The pupil was too unwell to engage with education",
        "",
    ),
    (
        "did-not-attend",
        "The pupil did not attend ESMA lessons",
        "",
    ),
    (
        "refused-health-services",
        "The pupil refused health services",
        "",
    ),
    ("moved-away", "The pupil moved out of Hertfordshire", ""),
    ("unsafe-behaviour", "Persistent unsafe behaviour", ""),
    ("not-accepted", "The referral was not accepted", ""),
    ("other", "Another reason", ""),
];

/// "Sent separately" for a document with no file attached: the school may
/// send it through the secure file exchange instead.
pub(super) fn sent_separately(base: &str, attached: bool) -> Option<Question> {
    (!attached).then(|| {
        q(
            format!("{base}.sentSeparately"),
            "Are you sending it separately, through the council's secure file exchange?",
            Some("Say yes only if you will send the document itself that way. The council is told to look for it."),
            Kind::YesNo,
        )
    })
}

pub(super) fn attached(id: &Option<String>) -> bool {
    id.as_deref().is_some_and(|id| !id.trim().is_empty())
}

pub(super) fn document_sent(base: &str, d: &Document) -> Option<Question> {
    sent_separately(base, attached(&d.attachment_id))
}

pub(super) const TIERS: &[(&str, &str, &str)] = &[
    (
        "specialist",
        "Specialist",
        "For example, a consultant (physical health)",
    ),
    (
        "targeted",
        "Targeted",
        "A Tier 2 or 3 NHS mental health professional, for example Step 2, CAMHS or PALMS",
    ),
    (
        "universal",
        "Universal",
        "For example, a GP or school nurse",
    ),
];

/// The raw-input key for the screener's medical evidence question, which has
/// no place in the referral itself.
pub const SCREENER_EVIDENCE: &str = "screener.hasMedicalEvidence";

/// The school's own questions: which district decides the ISL area depends
/// on the type of school and where it is.
pub(super) fn school_questions(r: &Referral) -> Vec<Question> {
    let mut qs = vec![
        q("school.name", "School name", None, TEXT),
        q(
            "school.urn",
            "School URN",
            Some("The 6-digit Unique Reference Number"),
            Kind::Text {
                input_type: "text",
                autocomplete: Some("off"),
                width: Some("govuk-input--width-10"),
            },
        ),
        q(
            "school.kind",
            "What type of school is it?",
            None,
            Kind::Choice(SCHOOL_KINDS),
        ),
    ];
    if r.school.kind != Some(SchoolKind::Independent) {
        qs.push(q(
            "school.inHertfordshire",
            "Is the school in Hertfordshire?",
            None,
            Kind::YesNo,
        ));
    }
    if r.school.area_follows_home() {
        qs.push(q("pupil.homeDistrict", "Which district does the pupil live in?", Some("For a school outside Hertfordshire or an independent school, this decides which ISL area team receives the referral."), Kind::District));
    } else {
        qs.push(q(
            "school.district",
            "Which district is the school in?",
            Some("This decides which ISL area team receives the referral."),
            Kind::District,
        ));
    }
    qs
}

/// The pupil's own details (the screener's answers are asked again here,
/// filled in already, so the section reads whole).
pub(super) fn pupil_questions() -> Vec<Question> {
    let private = |width| Kind::Text {
        input_type: "text",
        autocomplete: Some("off"),
        width,
    };
    vec![
        q("pupil.firstName", "First name", None, private(None)),
        q("pupil.lastName", "Last name", None, private(None)),
        q(
            "pupil.dateOfBirth",
            "Date of birth",
            Some("For example, 27 3 2013"),
            Kind::Date,
        ),
        q(
            "pupil.upn",
            "Unique Pupil Number (UPN)",
            Some("13 characters, for example A123456789012"),
            private(Some("govuk-input--width-20")),
        ),
        q("pupil.yearGroup", "Year group", None, Kind::YearGroup),
        q(
            "pupil.homePostcode",
            "Home postcode",
            None,
            private(Some("govuk-input--width-10")),
        ),
        q(
            "pupil.hertfordshireResident",
            "Does the pupil live in Hertfordshire?",
            None,
            Kind::YesNo,
        ),
        q(
            "pupil.electivelyHomeEducated",
            "Is the pupil electively home educated?",
            None,
            Kind::YesNo,
        ),
    ]
}

/// The groups of questions a section asks, as summaries show them: every
/// page's groups in order, a group with no heading joined to the one
/// before it.
pub fn groups(section: Section, r: &Referral) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for group in pages(section, r).into_iter().flat_map(|p| p.groups) {
        match out.last_mut() {
            Some(last) if group.heading.is_none() => last.questions.extend(group.questions),
            _ => out.push(group),
        }
    }
    out
}

/// Every question the section shows, in order.
pub fn questions(section: Section, r: &Referral) -> Vec<Question> {
    groups(section, r)
        .into_iter()
        .flat_map(|g| g.questions)
        .collect()
}

/// The year groups, as stored (0 = Reception).
pub fn year_group_label(year: u64) -> String {
    if year == 0 {
        "Reception".to_owned()
    } else {
        format!("Year {year}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::fields::{set, Answers};
    use esma_core::referral::{ClosureReason, EvidenceTier, MedicalEvidence, TeachingLocation};
    use serde_json::Value;

    #[test]
    fn every_section_has_a_unique_slug_that_round_trips() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(s));
        }
    }

    #[test]
    fn every_question_path_exists_in_the_referral() {
        let mut r = Referral::default();
        // Open every conditional question (the hospital ones take two passes).
        r.absence.reduced_timetable = Some(true);
        r.health.hospital.inpatient = Some(true);
        r.health.long_term_or_recurring = Some(true);
        r.medical_evidence.push(MedicalEvidence {
            tier: Some(EvidenceTier::Universal),
            ..Default::default()
        });
        r.medical_evidence.push(MedicalEvidence {
            tier: Some(EvidenceTier::Targeted),
            ..Default::default()
        });
        r.further_advice.sought = Some(true);
        r.funding.ehcp.receives = Some(true);
        r.safeguarding.concerns = Some(true);
        r.safeguarding.teaching_location = Some(TeachingLocation::Home);
        r.health.ihcp.in_place = Some(true);
        r.previous_referral.referred_before = Some(true);
        r.previous_referral.closure_reason = Some(ClosureReason::TooUnwell);
        r.school.in_hertfordshire = Some(false);
        let mut planned = r.clone();
        planned.health.hospital.inpatient = Some(false);
        planned.health.hospital.planned_admission = Some(true);
        for r in [r, planned] {
            let answers = Answers::of(&r);
            for section in Section::ALL {
                for question in questions(section, &r) {
                    if question.path.starts_with("screener.") {
                        continue;
                    }
                    let mut copy = r.clone();
                    let value = answers.get(&question.path).clone();
                    assert!(set(&mut copy, &question.path, value), "{}", question.path);
                }
            }
        }
    }

    #[test]
    fn follow_up_questions_appear_only_when_they_apply() {
        let mut r = Referral::default();
        let has = |r: &Referral, s: Section, p: &str| questions(s, r).iter().any(|q| q.path == p);
        assert!(!has(
            &r,
            Section::Absence,
            "absence.reintegrationPlan.summary"
        ));
        r.absence.reduced_timetable = Some(true);
        assert!(has(
            &r,
            Section::Absence,
            "absence.reintegrationPlan.summary"
        ));
        assert!(!has(&r, Section::Health, "treatmentPlan.summary"));
        r.health.long_term_or_recurring = Some(true);
        assert!(has(&r, Section::Health, "treatmentPlan.summary"));
        assert!(!has(&r, Section::Health, "furtherAdvice.sought"));
        r.medical_evidence.push(MedicalEvidence {
            tier: Some(EvidenceTier::Universal),
            ..Default::default()
        });
        assert!(has(&r, Section::Health, "furtherAdvice.sought"));
        assert!(!Section::Exams.applies(&r));
        set(&mut r, "pupil.yearGroup", Value::from(11));
        assert!(Section::Exams.applies(&r));
    }

    #[test]
    fn findings_fields_map_to_their_sections() {
        assert_eq!(
            Section::of_field("medicalEvidence[0].date"),
            Section::Health
        );
        assert_eq!(Section::of_field("medicalEvidence"), Section::Health);
        assert_eq!(Section::of_field("school.reviewChair.name"), Section::Pupil);
        assert_eq!(
            Section::of_field("attachments[1].size"),
            Section::Attachments
        );
    }

    #[test]
    fn next_skips_sections_that_do_not_apply() {
        let r = Referral::default();
        assert_eq!(Section::Safeguarding.next(&r), Some(Section::Attachments));
        assert_eq!(Section::Consent.next(&r), None);
    }
}
