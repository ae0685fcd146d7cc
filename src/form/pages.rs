//! The school's question pages: each section as a short sequence of pages,
//! as GOV.UK builds forms. A page asks one thing when the thing is one
//! decision, or a small group of answers that belong together (a person's
//! name, role, email and phone); none asks more than about 8.
//!
//! This is the one table of questions: the pages, the check-answers page
//! and the parent's and council's summaries ([`super::questions::groups`])
//! all read it. A page's questions keep the field paths the rules use, so a
//! finding lands on its page and its input ([`PageIndex`]).
//!
//! Medical evidence is a list (GOV.UK's "add another"): a page listing the
//! items, and for each item two pages (who it is from; the letter itself)
//! that lead back to the list.

use std::collections::HashMap;

use esma_core::referral::{
    AttachmentPurpose, ClosureReason, EvidenceTier, Referral, TeachingLocation,
};

use super::questions::*;

/// What a page is, beyond its questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// Questions only.
    Questions,
    /// The list of medical evidence, with a way to add an item.
    EvidenceList,
    /// One page of an item of medical evidence (its index): leads back to
    /// the list, not on through the section.
    EvidenceItem(usize),
    /// Every file on the referral, with a way to add others.
    Files,
    /// Parental consent in this service: the request and the response.
    ConsentHub,
}

/// One question page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub section: Section,
    /// The page's part of the address (`#/d/<draft>/<section>/<slug>`).
    pub slug: String,
    /// The page's heading.
    pub title: String,
    /// Its questions, in groups. A group with no heading continues the
    /// group before it in summaries (a section's answers read as one list
    /// even when asked over several pages).
    pub groups: Vec<Group>,
    pub kind: PageKind,
}

impl Page {
    fn new(section: Section, slug: impl Into<String>, title: impl Into<String>) -> Page {
        Page {
            section,
            slug: slug.into(),
            title: title.into(),
            groups: Vec::new(),
            kind: PageKind::Questions,
        }
    }

    /// One group under the page's own title (no heading of its own).
    fn asking(mut self, questions: Vec<Question>) -> Page {
        self.groups.push(Group {
            heading: None,
            questions,
            item: None,
        });
        self
    }

    /// A group with a heading (shown on the page when it has several, and
    /// in summaries).
    fn group(mut self, heading: impl Into<String>, questions: Vec<Question>) -> Page {
        self.groups.push(Group {
            heading: Some(heading.into()),
            questions,
            item: None,
        });
        self
    }

    fn kind(mut self, kind: PageKind) -> Page {
        self.kind = kind;
        self
    }

    /// "health/condition": the page's key in the draft's saved pages.
    pub fn key(&self) -> String {
        page_key(self.section, &self.slug)
    }

    /// Every question on the page, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.groups.iter().flat_map(|g| g.questions.iter())
    }

    /// Whether the page asks about `path`.
    pub fn asks(&self, path: &str) -> bool {
        self.questions().any(|q| q.path == path)
    }
}

/// A page's key: its section's slug and its own.
pub fn page_key(section: Section, slug: &str) -> String {
    format!("{}/{slug}", section.slug())
}

/// The sections in the order the school goes through them.
pub fn journey(r: &Referral) -> impl Iterator<Item = Section> + '_ {
    Section::ALL.into_iter().filter(|s| s.applies(r))
}

/// The pages of a section for this referral as it stands.
pub fn pages(section: Section, r: &Referral) -> Vec<Page> {
    let page = |slug: &str, title: &str| Page::new(section, slug, title);
    match section {
        Section::Eligibility => vec![page("eligibility", "Check the pupil can be referred").asking(vec![
            q("pupil.dateOfBirth", "What is the pupil's date of birth?", Some("For example, 27 3 2013"), Kind::Date),
            q("pupil.hertfordshireResident", "Does the pupil live in Hertfordshire?", None, Kind::YesNo),
            q("pupil.electivelyHomeEducated", "Is the pupil electively home educated?", Some("Their parents or carers have chosen to educate them at home instead of at school."), Kind::YesNo),
            q("absence.authorisedOnMedicalGrounds", "Has the school authorised the pupil's absence on medical grounds?", None, Kind::YesNo),
            q(SCREENER_EVIDENCE, "Do you have medical evidence that the pupil cannot attend school?", Some("From a health professional, for example a consultant, CAMHS or a GP."), Kind::YesNo),
        ])],
        Section::Pupil => vec![
            page("pupil", "The pupil").group("Pupil", pupil_questions()),
            page("school", "The school").group("School", school_questions(r)),
            page("referrer", "Who is making the referral")
                .group("Who is making the referral", person("school.referrer", true, "Job title")),
            page("designated-officer", "Designated officer for pupils with health needs").group(
                "Designated officer for pupils with health needs",
                {
                    let mut qs = person("school.designatedOfficer", false, "");
                    qs.push(q("school.designatedOfficerAware", "Has the designated officer been made aware of this referral?", Some("The school's designated officer for pupils with health needs keeps track of referrals for monitoring and recording."), Kind::YesNo));
                    qs
                },
            ),
            page("review-chair", "Senior member of staff who will chair reviews").group(
                "Senior member of staff who will chair reviews",
                {
                    let mut qs = person("school.reviewChair", true, "Job title");
                    qs.push(q("school.reviewChairSenior", "Is this person a senior member of staff, able to make decisions?", Some("For example, a headteacher, deputy or assistant headteacher."), Kind::YesNo));
                    qs.push(q("school.reviewIntervalWeeks", "How often will reviews be held, in weeks?", Some("Reviews are normally every 6 weeks."), Kind::Number));
                    qs
                },
            ),
            page("pastoral-link", "Pastoral link (tutor or key worker)")
                .group("Pastoral link (tutor or key worker)", person("school.pastoralLink", true, "Role")),
        ],
        Section::Absence => {
            let mut out = vec![page("absence", "The absence").asking(vec![
                q("absence.schoolDaysMissed", "How many school days has the pupil missed because of their health?", Some("Count days in a row or added up over separate absences."), Kind::Number),
                q("absence.startDate", "When did this absence start? (optional)", Some("The first day missed. For example, 14 9 2026"), Kind::Date),
                q("absence.pattern", "Were the days missed in a row, or added up?", None, Kind::Choice(PATTERNS)),
                q("absence.authorisedOnMedicalGrounds", "Has the school authorised the absence on medical grounds?", None, Kind::YesNo),
                q("absence.attendanceCode", "Which attendance code is the school using?", Some("The meanings are those of the School Attendance (Pupil Registration) (England) Regulations 2024."), Kind::Choice(ATTENDANCE_CODES)),
                q("absence.reducedTimetable", "Is the pupil on a reduced timetable?", Some("Attending school for only part of the school day or week."), Kind::YesNo),
            ])];
            if r.absence.reduced_timetable == Some(true) {
                let mut qs = vec![
                    q("absence.reintegrationPlan.summary", "Summarise the agreed reintegration plan (optional)", Some("Include the end date and when it will be reviewed. The plan itself must be attached or sent."), Kind::TextArea),
                    q("absence.reintegrationPlan.attachmentId", "Upload the agreed reintegration plan", None, Kind::Attachment(AttachmentPurpose::ReintegrationPlan)),
                ];
                qs.extend(document_sent("absence.reintegrationPlan", &r.absence.reintegration_plan));
                out.push(page("reintegration-plan", "The agreed reintegration plan").asking(qs));
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
            out.push(page("earlier-referral", "Earlier referrals to ESMA").group("Earlier referrals to ESMA", earlier));
            out
        }
        Section::Health => health_pages(r),
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
                page("apdr", "Assess, Plan, Do, Review (APDR)").asking(apdr),
                page("adjustments", "Reasonable adjustments").group("Reasonable adjustments", vec![
                    q("support.adjustments", "Which reasonable adjustments are in place?", Some("Select all that apply. These are the examples in Annex 3 of the council's policy."), Kind::Adjustments),
                    q("support.reasonableAdjustments", "Describe any other reasonable adjustments in place", Some("Needed if none of the list applies. For example, rest breaks, a safe space, a lift pass."), Kind::TextArea),
                ]),
                page("school-part", "The school's part while the pupil is away").group("The school's part while the pupil is away", vec![
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
            let mut funding = page("funding", "Funding");
            for ((key, heading, ask), stream) in streams.into_iter().zip(answers) {
                let mut qs = vec![q(format!("funding.{key}.receives"), ask, None, Kind::YesNo)];
                if stream.receives == Some(true) {
                    qs.push(q(format!("funding.{key}.statement"), "How does this funding support the pupil's access to education?", Some("Say how it is used and monitored."), Kind::TextArea));
                    qs.push(q(format!("funding.{key}.planAttachmentId"), "Upload any agreement or plan for its use", None, Kind::Attachment(AttachmentPurpose::FundingPlan)));
                }
                funding = funding.group(heading, qs);
            }
            vec![funding]
        }
        Section::Baseline => vec![page("baseline", "Baseline and the pupil's voice").asking(vec![
            q("baseline.english", "Current attainment in English", None, Kind::TextArea),
            q("baseline.maths", "Current attainment in Maths", None, Kind::TextArea),
            q("baseline.science", "Current attainment in Science", None, Kind::TextArea),
            q("baseline.engagement", "How does the pupil engage with learning?", None, Kind::TextArea),
            q("baseline.emotionalWellbeing", "What is the pupil's current emotional wellbeing?", None, Kind::TextArea),
            q("baseline.pupilVoice", "What does the pupil say, in their own words?", Some("The pupil's views help set their targets."), Kind::TextArea),
        ])],
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
                page("safeguarding", "Safeguarding")
                    .group("Adult responsible for the pupil's safeguarding during the absence", adult)
                    .group("Concerns", qs),
                page("teaching-location", "Where teaching happens").group("Where teaching happens", teaching),
            ]
        }
        Section::Exams => vec![page("exams", "Exams").asking(vec![
            q("exams.arrangements", "What exam arrangements has the school made?", Some("ESMA is not an exam centre. Include the venue, invigilation and timetable."), Kind::TextArea),
            q("exams.accessArrangements", "What access arrangements have been applied for?", Some("Special arrangements from the awarding bodies, in line with JCQ guidance."), Kind::TextArea),
        ])],
        Section::Attachments => vec![page("attachments", "Attachments and other information")
            .asking(vec![q("additionalInformation", "Is there anything else the ESMA Teaching Service should know?", None, Kind::TextArea)])
            .kind(PageKind::Files)],
        Section::Consent => vec![
            page("consent", "Ask a parent or carer for consent").kind(PageKind::ConsentHub),
            page("paper", "Consent given on paper").asking(vec![
                q("consent.signed", "Has a parent or carer signed consent to share information?", Some("Consent is needed to share the pupil's information with the ESMA Teaching Service."), Kind::YesNo),
                q("consent.signedBy", "Who signed it?", None, NAME),
                q("consent.signerRelationship", "What is their relationship to the pupil?", Some("For example, mother, father or legal guardian. Consent must come from a parent or carer, not school staff."), TEXT),
                q("consent.signerHasParentalResponsibility", "Do they have parental responsibility for the pupil?", None, Kind::YesNo),
                q("consent.signedOn", "When was it signed?", Some("For example, 5 3 2026"), Kind::Date),
                q("consent.attachmentId", "Upload the signed consent form", None, Kind::Attachment(AttachmentPurpose::ParentalConsent)),
            ]),
        ],
    }
}

fn health_pages(r: &Referral) -> Vec<Page> {
    let page = |slug: &str, title: &str| Page::new(Section::Health, slug, title);
    let mut condition = vec![
        q("health.condition", "What is the medical condition?", Some("The reason for the absence."), Kind::TextArea),
        q("health.kind", "Is it a physical or mental health need?", None, Kind::Choice(HEALTH_KINDS)),
        q("health.longTermOrRecurring", "Is the illness long-term or recurring?", None, Kind::YesNo),
        q("health.likelyDuration", "How long is the absence likely to last?", Some("As the health professional says, for example 8 weeks."), TEXT),
        q("health.ihcp.inPlace", "Does the pupil have an Individual Healthcare Plan (IHCP)?", Some("The school's plan for managing the pupil's medical needs in school. Schools must review it at least once a year."), Kind::YesNo),
    ];
    if r.health.ihcp.in_place == Some(true) {
        condition.push(q(
            "health.ihcp.lastReviewed",
            "When was it last reviewed?",
            Some("For example, 7 9 2026"),
            Kind::Date,
        ));
    }
    let mut hospital = vec![q(
        "health.hospital.inpatient",
        "Is the pupil in hospital as an inpatient?",
        None,
        Kind::YesNo,
    )];
    match r.health.hospital.inpatient {
        Some(true) => hospital.push(q(
            "health.hospital.hospitalSchoolProvidesEducation",
            "Is the hospital school providing the pupil's education?",
            None,
            Kind::YesNo,
        )),
        Some(false) => {
            hospital.push(q(
                "health.hospital.plannedAdmission",
                "Is a stay in hospital planned?",
                None,
                Kind::YesNo,
            ));
            if r.health.hospital.planned_admission == Some(true) {
                hospital.push(q(
                    "health.hospital.admissionDate",
                    "What is the likely admission date?",
                    Some("Ask the hospital school. For example, 11 1 2027"),
                    Kind::Date,
                ));
                hospital.push(q(
                    "health.hospital.expectedLengthOfStay",
                    "How long is the pupil expected to stay?",
                    Some("For example, about 2 weeks."),
                    TEXT,
                ));
                hospital.push(q(
                    "health.hospital.educationProgramme",
                    "What education programme will the pupil follow in hospital?",
                    Some("From the hospital school."),
                    Kind::TextArea,
                ));
            }
        }
        None => {}
    }
    let mut out = vec![
        page("condition", "The health need").group("The health need", condition),
        page("hospital", "Hospital").asking(hospital),
    ];
    if r.health.long_term_or_recurring == Some(true) {
        let mut qs = vec![
            q("treatmentPlan.summary", "Summarise the current treatment plan", Some("For long-term or recurring illness the policy asks for the treatment plan and a named medical contact."), Kind::TextArea),
            q("treatmentPlan.attachmentId", "Upload the treatment plan", None, Kind::Attachment(AttachmentPurpose::TreatmentPlan)),
        ];
        qs.extend(document_sent("treatmentPlan", &r.treatment_plan));
        out.push(page("treatment-plan", "The treatment plan").asking(qs));
    }
    out.push(page("evidence", "Medical evidence").kind(PageKind::EvidenceList));
    let home = r.safeguarding.location() == Some(TeachingLocation::Home);
    for (i, e) in r.medical_evidence.iter().enumerate() {
        let base = format!("medicalEvidence[{i}]");
        let n = i + 1;
        let mut who = vec![
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
            who.push(q(format!("{base}.nhs"), "Does the mental health professional work for the NHS?", Some("The policy asks for a Tier 2 or 3 NHS mental health professional, such as Step 2, CAMHS or PALMS. Say no for a private service."), Kind::YesNo));
        }
        who.push(q(
            format!("{base}.email"),
            "Their email address",
            None,
            EMAIL,
        ));
        who.push(q(
            format!("{base}.phone"),
            "Their phone number",
            None,
            PHONE,
        ));
        let mut letter = vec![
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
        ];
        if home {
            letter.push(q(
                format!("{base}.supportsHomeTeaching"),
                "Does this evidence support teaching at home?",
                None,
                Kind::YesNo,
            ));
        }
        letter.push(q(
            format!("{base}.attachmentId"),
            "Upload the letter or report",
            None,
            Kind::Attachment(AttachmentPurpose::MedicalEvidence),
        ));
        letter.extend(sent_separately(&base, attached(&e.attachment_id)));
        let item = Some(Repeated::MedicalEvidence(i));
        let mut who_page = page(
            &format!("evidence-{n}-who"),
            &format!("Medical evidence {n}: who it is from"),
        )
        .kind(PageKind::EvidenceItem(i));
        who_page.groups.push(Group {
            heading: Some(format!("Medical evidence {n}")),
            questions: who,
            item,
        });
        let mut letter_page = page(
            &format!("evidence-{n}-letter"),
            &format!("Medical evidence {n}: the letter or report"),
        )
        .kind(PageKind::EvidenceItem(i));
        letter_page.groups.push(Group {
            heading: None,
            questions: letter,
            item,
        });
        out.push(who_page);
        out.push(letter_page);
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
        out.push(
            page("further-advice", "Further medical advice").group("Further medical advice", qs),
        );
    }
    out
}

/// The page a section starts on.
pub fn first_page(section: Section, r: &Referral) -> Page {
    pages(section, r)
        .into_iter()
        .next()
        .expect("every section has a page")
}

/// The page with this slug in a section, if the referral has it now.
pub fn find(section: Section, slug: &str, r: &Referral) -> Option<Page> {
    pages(section, r).into_iter().find(|p| p.slug == slug)
}

/// Where "Save and continue" leads from a page: the section's next page
/// (an item of evidence leads back to the list, which skips the items),
/// else the next section's first page, or `None` after the last section
/// before consent (the referral is ready to check).
pub fn next(page: &Page, r: &Referral) -> Option<Page> {
    let in_section = pages(page.section, r);
    let at = in_section.iter().position(|p| p.slug == page.slug)?;
    let later = in_section.into_iter().skip(at + 1);
    let following = match page.kind {
        PageKind::EvidenceItem(i) => later
            .take_while(|p| p.kind == PageKind::EvidenceItem(i))
            .next()
            .or_else(|| find(Section::Health, "evidence", r)),
        _ => later
            .into_iter()
            .find(|p| !matches!(p.kind, PageKind::EvidenceItem(_))),
    };
    if following.is_some() || page.section == Section::Consent {
        return following;
    }
    page.section
        .next(r)
        .filter(|s| *s != Section::Consent)
        .map(|s| first_page(s, r))
}

/// Which page asks about each field, for a referral as it stands: so that a
/// finding links to the page and input that can put it right. Made once per
/// render.
pub struct PageIndex {
    by_path: HashMap<String, (Section, String)>,
    firsts: HashMap<Section, String>,
}

impl PageIndex {
    pub fn new(r: &Referral) -> PageIndex {
        let mut by_path = HashMap::new();
        let mut firsts = HashMap::new();
        for section in Section::ALL {
            for (n, page) in pages(section, r).into_iter().enumerate() {
                if n == 0 {
                    firsts.insert(section, page.slug.clone());
                }
                for q in page.questions() {
                    by_path
                        .entry(q.path.clone())
                        .or_insert_with(|| (section, page.slug.clone()));
                }
            }
        }
        PageIndex { by_path, firsts }
    }

    /// The page for a finding's field: the page asking it (its own section's
    /// first, as `pupil.dateOfBirth` is asked again there after the
    /// screener), else the list a part of belongs to (an item of evidence,
    /// an attachment), else its section's first page.
    pub fn page_of(&self, field: &str, r: &Referral) -> (Section, String) {
        let section = Section::of_field(field);
        let own = pages(section, r)
            .into_iter()
            .find(|p| p.asks(field))
            .map(|p| (section, p.slug));
        if let Some(found) = own.or_else(|| self.by_path.get(field).cloned()) {
            return found;
        }
        if let Some(rest) = field.strip_prefix("medicalEvidence[") {
            let index: Option<usize> = rest.split(']').next().and_then(|i| i.parse().ok());
            if let Some(i) = index.filter(|i| *i < r.medical_evidence.len()) {
                return (Section::Health, format!("evidence-{}-who", i + 1));
            }
            return (Section::Health, "evidence".into());
        }
        if field == "medicalEvidence" {
            return (Section::Health, "evidence".into());
        }
        (
            section,
            self.firsts.get(&section).cloned().unwrap_or_default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use esma_core::referral::MedicalEvidence;

    fn full() -> Referral {
        let mut r = Referral::default();
        r.absence.reduced_timetable = Some(true);
        r.health.hospital.inpatient = Some(false);
        r.health.hospital.planned_admission = Some(true);
        r.health.long_term_or_recurring = Some(true);
        r.health.ihcp.in_place = Some(true);
        r.medical_evidence.push(MedicalEvidence {
            tier: Some(EvidenceTier::Targeted),
            ..Default::default()
        });
        r.medical_evidence.push(MedicalEvidence {
            tier: Some(EvidenceTier::Universal),
            ..Default::default()
        });
        r.further_advice.sought = Some(true);
        r.safeguarding.concerns = Some(true);
        r.safeguarding.teaching_location = Some(TeachingLocation::Home);
        r.previous_referral.referred_before = Some(true);
        r.previous_referral.closure_reason = Some(ClosureReason::TooUnwell);
        r.pupil.year_group = Some(10);
        r
    }

    #[test]
    fn no_page_asks_more_than_about_8_things() {
        let mut r = full();
        for stream in [
            &mut r.funding.ehcp,
            &mut r.funding.local_high_needs_funding,
            &mut r.funding.pupil_premium_grant,
        ] {
            stream.receives = Some(true);
        }
        for section in Section::ALL {
            for page in pages(section, &r) {
                let count = page.questions().count();
                assert!(count <= 9, "{} asks {count}", page.key());
                if page.slug != "funding" {
                    assert!(count <= 8, "{} asks {count}", page.key());
                }
            }
        }
    }

    #[test]
    fn slugs_are_unique_within_a_section_and_keys_name_the_section() {
        let r = full();
        for section in Section::ALL {
            let pages = pages(section, &r);
            let mut slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
            slugs.sort();
            slugs.dedup();
            assert_eq!(slugs.len(), pages.len(), "{section:?}");
            assert!(pages[0].key().starts_with(section.slug()));
        }
    }

    #[test]
    fn save_and_continue_goes_page_by_page_then_section_by_section_and_stops_before_consent() {
        let r = full();
        let mut seen = vec![];
        let mut at = Some(first_page(Section::Eligibility, &r));
        while let Some(page) = at {
            seen.push(page.key());
            at = next(&page, &r);
        }
        assert_eq!(
            seen.first().map(String::as_str),
            Some("eligibility/eligibility")
        );
        assert_eq!(
            seen.last().map(String::as_str),
            Some("attachments/attachments")
        );
        assert!(seen.iter().all(|k| !k.starts_with("consent/")));
        assert!(
            seen.iter().all(|k| !k.contains("evidence-")),
            "items are reached from the list"
        );
        let item = find(Section::Health, "evidence-2-who", &r).unwrap();
        let letter = next(&item, &r).unwrap();
        assert_eq!(letter.slug, "evidence-2-letter");
        assert_eq!(next(&letter, &r).unwrap().slug, "evidence");
        assert_eq!(
            next(&find(Section::Health, "evidence", &r).unwrap(), &r)
                .unwrap()
                .slug,
            "further-advice"
        );
    }

    #[test]
    fn findings_land_on_the_page_that_asks_about_their_field() {
        let r = full();
        let index = PageIndex::new(&r);
        let at = |f: &str| {
            let (s, slug) = index.page_of(f, &r);
            page_key(s, &slug)
        };
        assert_eq!(at("pupil.upn"), "pupil/pupil");
        assert_eq!(
            at("pupil.dateOfBirth"),
            "pupil/pupil",
            "its own section first"
        );
        assert_eq!(at("school.reviewChair.phone"), "pupil/review-chair");
        assert_eq!(at("medicalEvidence[1].date"), "health/evidence-2-letter");
        assert_eq!(at("medicalEvidence[1]"), "health/evidence-2-who");
        assert_eq!(at("medicalEvidence[7].date"), "health/evidence");
        assert_eq!(at("medicalEvidence"), "health/evidence");
        assert_eq!(at("attachments[0].size"), "attachments/attachments");
        assert_eq!(at("consent.record.decision"), "consent/consent");
        assert_eq!(at("consent.signedBy"), "consent/paper");
        assert_eq!(at("school.somethingElse"), "pupil/pupil");
    }
}
