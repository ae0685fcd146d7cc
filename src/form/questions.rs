//! The referral's sections and their questions: one table that the question
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

use esma_core::referral::{
    AttachmentPurpose, ClosureReason, Document, EvidenceTier, Referral, SchoolKind,
    TeachingLocation,
};

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

const TEXT: Kind = Kind::Text {
    input_type: "text",
    autocomplete: None,
    width: None,
};
const EMAIL: Kind = Kind::Text {
    input_type: "email",
    autocomplete: Some("email"),
    width: None,
};
const PHONE: Kind = Kind::Text {
    input_type: "tel",
    autocomplete: Some("tel"),
    width: Some("govuk-input--width-20"),
};
const NAME: Kind = Kind::Text {
    input_type: "text",
    autocomplete: Some("name"),
    width: None,
};

fn q(
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

fn group(heading: &str, questions: Vec<Question>) -> Group {
    Group {
        heading: Some(heading.to_owned()),
        questions,
        item: None,
    }
}

/// Questions about a named person at `base` (`school.referrer`, …).
fn person(base: &str, with_role: bool, role_label: &'static str) -> Vec<Question> {
    let mut out = vec![q(format!("{base}.name"), "Full name", None, NAME)];
    if with_role {
        out.push(q(format!("{base}.role"), role_label, None, TEXT));
    }
    out.push(q(format!("{base}.email"), "Email address", None, EMAIL));
    out.push(q(format!("{base}.phone"), "Phone number", None, PHONE));
    out
}

const HEALTH_KINDS: &[(&str, &str, &str)] = &[
    ("physical", "Physical health", ""),
    ("mental-health", "Mental health", ""),
    ("both", "Both physical and mental health", ""),
];

const PATTERNS: &[(&str, &str, &str)] = &[
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

const SCHOOL_KINDS: &[(&str, &str, &str)] = &[
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

const TEACHING_LOCATIONS: &[(&str, &str, &str)] = &[
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

const CLOSURE_REASONS: &[(&str, &str, &str)] = &[
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
fn sent_separately(base: &str, attached: bool) -> Option<Question> {
    (!attached).then(|| {
        q(
            format!("{base}.sentSeparately"),
            "Are you sending it separately, through the council's secure file exchange?",
            Some("Say yes only if you will send the document itself that way. The council is told to look for it."),
            Kind::YesNo,
        )
    })
}

fn attached(id: &Option<String>) -> bool {
    id.as_deref().is_some_and(|id| !id.trim().is_empty())
}

fn document_sent(base: &str, d: &Document) -> Option<Question> {
    sent_separately(base, attached(&d.attachment_id))
}

const TIERS: &[(&str, &str, &str)] = &[
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

/// The groups of questions a section shows for this referral as it stands.
pub fn groups(section: Section, r: &Referral) -> Vec<Group> {
    match section {
        Section::Eligibility => vec![Group {
            heading: None,
            questions: vec![
                q("pupil.dateOfBirth", "What is the pupil's date of birth?", Some("For example, 27 3 2013"), Kind::Date),
                q("pupil.hertfordshireResident", "Does the pupil live in Hertfordshire?", None, Kind::YesNo),
                q("pupil.electivelyHomeEducated", "Is the pupil electively home educated?", Some("Their parents or carers have chosen to educate them at home instead of at school."), Kind::YesNo),
                q("absence.authorisedOnMedicalGrounds", "Has the school authorised the pupil's absence on medical grounds?", None, Kind::YesNo),
                q(SCREENER_EVIDENCE, "Do you have medical evidence that the pupil cannot attend school?", Some("From a health professional, for example a consultant, CAMHS or a GP."), Kind::YesNo),
            ],
            item: None,
        }],
        Section::Pupil => vec![
            group("Pupil", vec![
                q("pupil.firstName", "First name", None, Kind::Text { input_type: "text", autocomplete: Some("off"), width: None }),
                q("pupil.lastName", "Last name", None, Kind::Text { input_type: "text", autocomplete: Some("off"), width: None }),
                q("pupil.dateOfBirth", "Date of birth", Some("For example, 27 3 2013"), Kind::Date),
                q("pupil.upn", "Unique Pupil Number (UPN)", Some("13 characters, for example A123456789012"), Kind::Text { input_type: "text", autocomplete: Some("off"), width: Some("govuk-input--width-20") }),
                q("pupil.yearGroup", "Year group", None, Kind::YearGroup),
                q("pupil.homePostcode", "Home postcode", None, Kind::Text { input_type: "text", autocomplete: Some("off"), width: Some("govuk-input--width-10") }),
                q("pupil.hertfordshireResident", "Does the pupil live in Hertfordshire?", None, Kind::YesNo),
                q("pupil.electivelyHomeEducated", "Is the pupil electively home educated?", None, Kind::YesNo),
            ]),
            group("School", school_questions(r)),
            group("Who is making the referral", person("school.referrer", true, "Job title")),
            group("Designated officer for pupils with health needs", {
                let mut qs = person("school.designatedOfficer", false, "");
                qs.push(q("school.designatedOfficerAware", "Has the designated officer been made aware of this referral?", Some("The school's designated officer for pupils with health needs keeps track of referrals for monitoring and recording."), Kind::YesNo));
                qs
            }),
            group("Senior member of staff who will chair reviews", {
                let mut qs = person("school.reviewChair", true, "Job title");
                qs.push(q("school.reviewChairSenior", "Is this person a senior member of staff, able to make decisions?", Some("For example, a headteacher, deputy or assistant headteacher."), Kind::YesNo));
                qs.push(q("school.reviewIntervalWeeks", "How often will reviews be held, in weeks?", Some("Reviews are normally every 6 weeks."), Kind::Number));
                qs
            }),
            group("Pastoral link (tutor or key worker)", person("school.pastoralLink", true, "Role")),
        ],
        Section::Absence => {
            let mut qs = vec![
                q("absence.schoolDaysMissed", "How many school days has the pupil missed because of their health?", Some("Count days in a row or added up over separate absences."), Kind::Number),
                q("absence.startDate", "When did this absence start? (optional)", Some("The first day missed. For example, 14 9 2026"), Kind::Date),
                q("absence.pattern", "Were the days missed in a row, or added up?", None, Kind::Choice(PATTERNS)),
                q("absence.authorisedOnMedicalGrounds", "Has the school authorised the absence on medical grounds?", None, Kind::YesNo),
                q("absence.attendanceCode", "Which attendance code is the school using?", Some("The meanings are those of the School Attendance (Pupil Registration) (England) Regulations 2024."), Kind::Choice(ATTENDANCE_CODES)),
                q("absence.reducedTimetable", "Is the pupil on a reduced timetable?", Some("Attending school for only part of the school day or week."), Kind::YesNo),
            ];
            if r.absence.reduced_timetable == Some(true) {
                qs.push(q("absence.reintegrationPlan.summary", "Summarise the agreed reintegration plan (optional)", Some("Include the end date and when it will be reviewed. The plan itself must be attached or sent."), Kind::TextArea));
                qs.push(q("absence.reintegrationPlan.attachmentId", "Upload the agreed reintegration plan", None, Kind::Attachment(AttachmentPurpose::ReintegrationPlan)));
                qs.extend(document_sent("absence.reintegrationPlan", &r.absence.reintegration_plan));
            }
            let p = &r.previous_referral;
            let mut earlier = vec![q("previousReferral.referredBefore", "Has the pupil been referred to ESMA before?", None, Kind::YesNo)];
            if p.referred_before == Some(true) {
                earlier.push(q("previousReferral.referredOn", "When was the earlier referral?", Some("An approximate day is fine. For example, 6 10 2025"), Kind::Date));
                earlier.push(q("previousReferral.closureReason", "Why did ESMA's support end?", None, Kind::Choice(CLOSURE_REASONS)));
                if p.closure_reason == Some(ClosureReason::TooUnwell) {
                    earlier.push(q("previousReferral.nowAbleToEngage", "Is the pupil now well enough to engage with education?", Some("A pupil can be re-referred once they are in a better position, physically or mentally, to engage with education."), Kind::YesNo));
                }
            }
            vec![
                Group { heading: None, questions: qs, item: None },
                group("Earlier referrals to ESMA", earlier),
            ]
        }
        Section::Health => health_groups(r),
        Section::Support => {
            let mut apdr = vec![
                q("support.apdr.completed", "Has the school completed an Assess, Plan, Do, Review (APDR) cycle?", None, Kind::YesNo),
                q("support.apdr.currentSupportPlan", "What is the school's current support plan?", Some("The strategies in place now."), Kind::TextArea),
                q("support.apdr.basedOnMedicalAdvice", "Is the support plan based on medical advice?", None, Kind::YesNo),
                q("support.apdr.workingWell", "What is working well?", None, Kind::TextArea),
                q("support.apdr.notWorkingWell", "What is not working well?", None, Kind::TextArea),
                q("support.apdr.attachmentId", "Upload the APDR with the current support plan", None, Kind::Attachment(AttachmentPurpose::Apdr)),
            ];
            apdr.extend(sent_separately("support.apdr", attached(&r.support.apdr.attachment_id)));
            vec![
                Group { heading: None, questions: apdr, item: None },
                group("Reasonable adjustments", vec![
                    q("support.adjustments", "Which reasonable adjustments are in place?", Some("Select all that apply. These are the examples in Annex 3 of the council's policy."), Kind::Adjustments),
                    q("support.reasonableAdjustments", "Describe any other reasonable adjustments in place", Some("Needed if none of the list applies. For example, rest breaks, a safe space, a lift pass."), Kind::TextArea),
                ]),
                group("The school's part while the pupil is away", vec![
                    q("support.curriculumAccess", "How will the school give the pupil access to the rest of the curriculum?", Some("ESMA teaches English, Maths and Science. Say how the school will cover other subjects, such as art and history."), Kind::TextArea),
                    q("support.schoolCommunity", "How will the school keep the pupil part of the school community?", Some("For example, newsletters, invitations to school, a digital learning platform or a telepresence robot."), Kind::TextArea),
                    q("support.workingArea", "Where in school can the pupil be taught, to help them return?", Some("A suitable working area in school where the pupil can have lessons with ESMA."), Kind::TextArea),
                ]),
            ]
        }
        Section::Funding => {
            let streams = [
                ("ehcp", "Education, Health and Care Plan (EHCP)", "Does the pupil have an EHCP?"),
                ("localHighNeedsFunding", "Local High Needs Funding", "Does the pupil receive Local High Needs Funding?"),
                ("pupilPremiumGrant", "Pupil Premium Grant", "Does the pupil receive the Pupil Premium Grant?"),
            ];
            let answers = [&r.funding.ehcp, &r.funding.local_high_needs_funding, &r.funding.pupil_premium_grant];
            streams
                .into_iter()
                .zip(answers)
                .map(|((key, heading, ask), stream)| {
                    let mut qs = vec![q(format!("funding.{key}.receives"), ask, None, Kind::YesNo)];
                    if stream.receives == Some(true) {
                        qs.push(q(format!("funding.{key}.statement"), "How does this funding support the pupil's access to education?", Some("Say how it is used and monitored."), Kind::TextArea));
                        qs.push(q(format!("funding.{key}.planAttachmentId"), "Upload any agreement or plan for its use", None, Kind::Attachment(AttachmentPurpose::FundingPlan)));
                    }
                    group(heading, qs)
                })
                .collect()
        }
        Section::Baseline => vec![Group {
            heading: None,
            questions: vec![
                q("baseline.english", "Current attainment in English", None, Kind::TextArea),
                q("baseline.maths", "Current attainment in Maths", None, Kind::TextArea),
                q("baseline.science", "Current attainment in Science", None, Kind::TextArea),
                q("baseline.engagement", "How does the pupil engage with learning?", None, Kind::TextArea),
                q("baseline.emotionalWellbeing", "What is the pupil's current emotional wellbeing?", None, Kind::TextArea),
                q("baseline.pupilVoice", "What does the pupil say, in their own words?", Some("The pupil's views help set their targets."), Kind::TextArea),
            ],
            item: None,
        }],
        Section::Safeguarding => {
            let mut adult = person("safeguarding.responsibleAdult", true, "Relationship to the pupil or job title");
            adult.retain(|q| !q.path.ends_with(".email"));
            let mut qs = vec![
                q("safeguarding.concerns", "Are there any safeguarding concerns?", None, Kind::YesNo),
                q("safeguarding.mashReferrals", "Have there been any Multi-Agency Safeguarding Hub (MASH) referrals?", None, Kind::YesNo),
                q("safeguarding.missingEpisodes", "Have there been any missing episodes?", None, Kind::YesNo),
            ];
            let s = &r.safeguarding;
            if [s.concerns, s.mash_referrals, s.missing_episodes].contains(&Some(true)) {
                qs.push(q("safeguarding.assessmentAndMitigation", "How were they assessed and mitigated?", None, Kind::TextArea));
            }
            let mut teaching = vec![q("safeguarding.teachingLocation", "Where is teaching asked for?", None, Kind::Choice(TEACHING_LOCATIONS))];
            if s.location() == Some(TeachingLocation::Home) {
                teaching.push(q("safeguarding.homeSupervisingAdult", "Which adult will be at home during lessons?", Some("Their full name. A parent or carer arranges for an adult to be present."), NAME));
                teaching.push(q("safeguarding.emergencySteps", "What medical steps should be taken if the pupil has a health emergency?", Some("ESMA uses this in its risk assessment for teaching at home."), Kind::TextArea));
                teaching.push(q("safeguarding.homeRiskAssessment.summary", "Summarise any risk assessment the school has for teaching at home (optional)", None, Kind::TextArea));
                teaching.push(q("safeguarding.homeRiskAssessment.attachmentId", "Upload the risk assessment (optional)", None, Kind::Attachment(AttachmentPurpose::RiskAssessment)));
            }
            vec![
                group("Adult responsible for the pupil's safeguarding during the absence", adult),
                group("Concerns", qs),
                group("Where teaching happens", teaching),
            ]
        }
        Section::Exams => vec![Group {
            heading: None,
            questions: vec![
                q("exams.arrangements", "What exam arrangements has the school made?", Some("ESMA is not an exam centre. Include the venue, invigilation and timetable."), Kind::TextArea),
                q("exams.accessArrangements", "What access arrangements have been applied for?", Some("Special arrangements from the awarding bodies, in line with JCQ guidance."), Kind::TextArea),
            ],
            item: None,
        }],
        Section::Consent => vec![Group {
            heading: None,
            questions: vec![
                q("consent.signed", "Has a parent or carer signed consent to share information?", Some("Consent is needed to share the pupil's information with the ESMA Teaching Service."), Kind::YesNo),
                q("consent.signedBy", "Who signed it?", None, NAME),
                q("consent.signerRelationship", "What is their relationship to the pupil?", Some("For example, mother, father or legal guardian. Consent must come from a parent or carer, not school staff."), TEXT),
                q("consent.signerHasParentalResponsibility", "Do they have parental responsibility for the pupil?", None, Kind::YesNo),
                q("consent.signedOn", "When was it signed?", Some("For example, 5 3 2026"), Kind::Date),
                q("consent.attachmentId", "Upload the signed consent form", None, Kind::Attachment(AttachmentPurpose::ParentalConsent)),
            ],
            item: None,
        }],
        Section::Attachments => vec![Group {
            heading: None,
            questions: vec![q("additionalInformation", "Is there anything else the ESMA Teaching Service should know?", None, Kind::TextArea)],
            item: None,
        }],
    }
}

/// The raw-input key for the screener's medical evidence question, which has
/// no place in the referral itself.
pub const SCREENER_EVIDENCE: &str = "screener.hasMedicalEvidence";

/// The school's own questions: which district decides the ISL area depends
/// on the type of school and where it is.
fn school_questions(r: &Referral) -> Vec<Question> {
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

fn health_groups(r: &Referral) -> Vec<Group> {
    let mut about = vec![
        q(
            "health.condition",
            "What is the medical condition?",
            Some("The reason for the absence."),
            Kind::TextArea,
        ),
        q(
            "health.kind",
            "Is it a physical or mental health need?",
            None,
            Kind::Choice(HEALTH_KINDS),
        ),
        q(
            "health.longTermOrRecurring",
            "Is the illness long-term or recurring?",
            None,
            Kind::YesNo,
        ),
        q(
            "health.likelyDuration",
            "How long is the absence likely to last?",
            Some("As the health professional says, for example 8 weeks."),
            TEXT,
        ),
        q(
            "health.hospital.inpatient",
            "Is the pupil in hospital as an inpatient?",
            None,
            Kind::YesNo,
        ),
    ];
    let hospital = &r.health.hospital;
    match hospital.inpatient {
        Some(true) => about.push(q(
            "health.hospital.hospitalSchoolProvidesEducation",
            "Is the hospital school providing the pupil's education?",
            None,
            Kind::YesNo,
        )),
        Some(false) => {
            about.push(q(
                "health.hospital.plannedAdmission",
                "Is a stay in hospital planned?",
                None,
                Kind::YesNo,
            ));
            if hospital.planned_admission == Some(true) {
                about.push(q(
                    "health.hospital.admissionDate",
                    "What is the likely admission date?",
                    Some("Ask the hospital school. For example, 11 1 2027"),
                    Kind::Date,
                ));
                about.push(q(
                    "health.hospital.expectedLengthOfStay",
                    "How long is the pupil expected to stay?",
                    Some("For example, about 2 weeks."),
                    TEXT,
                ));
                about.push(q(
                    "health.hospital.educationProgramme",
                    "What education programme will the pupil follow in hospital?",
                    Some("From the hospital school."),
                    Kind::TextArea,
                ));
            }
        }
        None => {}
    }
    if r.health.long_term_or_recurring == Some(true) {
        about.push(q("treatmentPlan.summary", "Summarise the current treatment plan", Some("For long-term or recurring illness the policy asks for the treatment plan and a named medical contact."), Kind::TextArea));
        about.push(q(
            "treatmentPlan.attachmentId",
            "Upload the treatment plan",
            None,
            Kind::Attachment(AttachmentPurpose::TreatmentPlan),
        ));
        about.extend(document_sent("treatmentPlan", &r.treatment_plan));
    }
    about.push(q(
        "health.ihcp.inPlace",
        "Does the pupil have an Individual Healthcare Plan (IHCP)?",
        Some("The school's plan for managing the pupil's medical needs in school. Schools must review it at least once a year."),
        Kind::YesNo,
    ));
    if r.health.ihcp.in_place == Some(true) {
        about.push(q(
            "health.ihcp.lastReviewed",
            "When was it last reviewed?",
            Some("For example, 7 9 2026"),
            Kind::Date,
        ));
    }
    let mut groups = vec![group("The health need", about)];
    let home = r.safeguarding.location() == Some(TeachingLocation::Home);
    for (i, e) in r.medical_evidence.iter().enumerate() {
        let base = format!("medicalEvidence[{i}]");
        let mut qs = vec![
            q(
                format!("{base}.professionalName"),
                "Name of the health professional",
                None,
                TEXT,
            ),
            q(
                format!("{base}.role"),
                "Their role",
                Some("For example, consultant paediatrician"),
                TEXT,
            ),
            q(
                format!("{base}.service"),
                "Their service",
                Some("For example, CAMHS"),
                TEXT,
            ),
            q(
                format!("{base}.tier"),
                "Which kind of service is it?",
                None,
                Kind::Choice(TIERS),
            ),
        ];
        if e.tier == Some(EvidenceTier::Targeted) {
            qs.push(q(
                format!("{base}.nhs"),
                "Does the mental health professional work for the NHS?",
                Some("The policy asks for a Tier 2 or 3 NHS mental health professional, such as Step 2, CAMHS or PALMS. Say no for a private service."),
                Kind::YesNo,
            ));
        }
        qs.extend([
            q(format!("{base}.email"), "Their email address", None, EMAIL),
            q(format!("{base}.phone"), "Their phone number", None, PHONE),
            q(
                format!("{base}.date"),
                "Date of the evidence",
                Some("For example, 5 11 2026"),
                Kind::Date,
            ),
            q(
                format!("{base}.confirmsUnableToAttend"),
                "Does it confirm the pupil cannot attend school?",
                None,
                Kind::YesNo,
            ),
        ]);
        if home {
            qs.push(q(
                format!("{base}.supportsHomeTeaching"),
                "Does this evidence support teaching at home?",
                None,
                Kind::YesNo,
            ));
        }
        qs.push(q(
            format!("{base}.attachmentId"),
            "Upload the letter or report",
            None,
            Kind::Attachment(AttachmentPurpose::MedicalEvidence),
        ));
        qs.extend(sent_separately(&base, attached(&e.attachment_id)));
        groups.push(Group {
            heading: Some(format!("Medical evidence {}", i + 1)),
            questions: qs,
            item: Some(Repeated::MedicalEvidence(i)),
        });
    }
    if r.medical_evidence
        .iter()
        .any(|e| e.tier == Some(EvidenceTier::Universal))
    {
        let mut qs = vec![q(
            "furtherAdvice.sought",
            "Is further medical advice being sought?",
            Some("Evidence from a GP alone can be considered if further advice is being sought."),
            Kind::YesNo,
        )];
        if r.further_advice.sought == Some(true) {
            qs.push(q(
                "furtherAdvice.details",
                "From whom, and when is it expected?",
                None,
                Kind::TextArea,
            ));
        }
        groups.push(group("Further medical advice", qs));
    }
    groups
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
    use esma_core::referral::MedicalEvidence;
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
        assert_eq!(Section::Safeguarding.next(&r), Some(Section::Consent));
        assert_eq!(Section::Attachments.next(&r), None);
    }
}
