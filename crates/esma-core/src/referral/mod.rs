//! The referral: everything the Hertfordshire Service Request (HSR), the
//! Annex 2 checklist, the entry criteria and the school's duties in the
//! Service Level Agreement ask for.
//!
//! The model holds a **partial draft**. The browser validates it on every
//! keystroke while most answers are blank, so nearly every field is optional:
//! text is `Option<String>`, a yes/no question is `Option<bool>` (`null` = not
//! answered yet), repeated items are vectors that may be empty, and every
//! struct is `#[serde(default)]`, so `{}` parses as an empty referral. Whether
//! the draft is complete is the rules' business ([`crate::validate`]), never
//! the parser's.
//!
//! JSON form: camelCase keys; dates are `YYYY-MM-DD` strings; identifiers
//! (UPN, URN, attachment ids) and phone numbers are strings; the only numbers
//! are whole numbers (year group, school days, sizes). Unknown keys are
//! accepted and ignored. See `docs/referral-format.md`.
//!
//! ```
//! let r: esma_core::referral::Referral = serde_json::from_str("{}").unwrap();
//! assert_eq!(r, esma_core::referral::Referral::default());
//! ```

use serde::{Deserialize, Deserializer, Serialize};

pub mod read;
pub mod write;

use read::{is_camel_case_of, is_kebab_case_of, read_choice, read_struct, read_struct_into, Place};
pub use write::ToJson;

// Each type is read by a small if-chain of its names rather than serde's
// derive, which costs several times the wasm (see [`read`]), and its JSON
// value is made member by member ([`write`]); the JSON form is the same.
// Serde's `Serialize` derive stays for whatever serialises a model type
// directly (the command line, the tests).
macro_rules! model {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(default, rename_all = "camelCase")]
        pub struct $name { $($(#[$fm])* pub $field : $ty),* }

        impl read::Fields for $name {
            fn read_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                $(if is_camel_case_of(key, stringify!($field)) {
                    return Place::read_place(map, &mut self.$field);
                })*
                Ok(false)
            }
        }

        impl read::Place for $name {
            fn read_place<'de, A: serde::de::MapAccess<'de>>(
                map: &mut A,
                place: &mut Self,
            ) -> Result<bool, A::Error> {
                read_struct_into(map, place)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                read_struct(d)
            }
        }

        impl ToJson for $name {
            fn to_json(&self) -> serde_json::Value {
                let mut object = write::Object::default();
                $(object.member(stringify!($field), &self.$field);)*
                object.done()
            }
        }
    };
}

macro_rules! choice {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vm])* $variant),* }

        impl read::Choice for $name {
            fn from_name(name: &str) -> Option<Self> {
                $(if is_kebab_case_of(name, stringify!($variant)) {
                    return Some($name::$variant);
                })*
                None
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                read_choice(d)
            }
        }

        impl ToJson for $name {
            fn to_json(&self) -> serde_json::Value {
                serde_json::Value::String(write::kebab_case(match self {
                    $($name::$variant => stringify!($variant)),*
                }))
            }
        }
    };
}

model! {
    /// A referral to the ESMA Teaching Service, as the school enters it.
    pub struct Referral {
        /// The version of this JSON form; `1` today. Optional in a draft.
        pub format_version: Option<u32>,
        /// The pupil.
        pub pupil: Pupil,
        /// The referring school and its named staff.
        pub school: School,
        /// The pupil's absence so far.
        pub absence: Absence,
        /// The pupil's health needs.
        pub health: Health,
        /// Medical evidence, any number of items.
        pub medical_evidence: Vec<MedicalEvidence>,
        /// Whether further medical advice is being sought (expected when the
        /// only evidence is from universal services such as a GP).
        pub further_advice: FurtherAdvice,
        /// The current treatment plan (needed for long-term or recurring illness).
        pub treatment_plan: Document,
        /// Support in school: the APDR and reasonable adjustments.
        pub support: Support,
        /// Additional funding: EHCP, Local High Needs Funding, Pupil Premium Grant.
        pub funding: Funding,
        /// Baseline: attainment, engagement, wellbeing, the pupil's voice.
        pub baseline: Baseline,
        /// Safeguarding during the absence.
        pub safeguarding: Safeguarding,
        /// Exams (Years 10 and 11).
        pub exams: Exams,
        /// Signed parental consent to share information.
        pub consent: Consent,
        /// Whether the pupil was referred to ESMA before, and why that closed.
        pub previous_referral: PreviousReferral,
        /// Any other information the school wants ESMA to know.
        pub additional_information: Option<String>,
        /// Files sent with the referral. Other parts point at these by `id`.
        pub attachments: Vec<Attachment>,
    }
}

model! {
    /// The pupil.
    pub struct Pupil {
        /// First name.
        pub first_name: Option<String>,
        /// Last name.
        pub last_name: Option<String>,
        /// Date of birth, `YYYY-MM-DD`.
        pub date_of_birth: Option<String>,
        /// Unique Pupil Number: 13 characters, a check letter then 12 characters.
        pub upn: Option<String>,
        /// National curriculum year group: 0 = Reception, 1–13 = Year 1 to Year 13.
        pub year_group: Option<u8>,
        /// Home postcode.
        pub home_postcode: Option<String>,
        /// Whether the pupil lives in Hertfordshire.
        pub hertfordshire_resident: Option<bool>,
        /// Whether the pupil is electively home educated.
        pub electively_home_educated: Option<bool>,
        /// The district the pupil lives in (one listed in the council
        /// settings). It decides the ISL area when the school has none: a
        /// school outside Hertfordshire, or an independent school.
        pub home_district: Option<String>,
    }
}

model! {
    /// A named person and how to reach them.
    pub struct Person {
        /// Full name.
        pub name: Option<String>,
        /// Job title or relationship to the pupil.
        pub role: Option<String>,
        /// Email address.
        pub email: Option<String>,
        /// Phone number, as text.
        pub phone: Option<String>,
    }
}

model! {
    /// The referring school and the people it names.
    pub struct School {
        /// School name.
        pub name: Option<String>,
        /// Unique Reference Number: 6 digits, as text.
        pub urn: Option<String>,
        /// The type of school.
        pub kind: Option<SchoolKind>,
        /// Whether the school is in Hertfordshire. Blank with a listed
        /// `district` reads as yes (drafts made before this question).
        pub in_hertfordshire: Option<bool>,
        /// The district the school is in; for a state-funded school in
        /// Hertfordshire it decides the ISL area the referral goes to (see the
        /// council settings).
        pub district: Option<String>,
        /// The member of staff making the referral.
        pub referrer: Person,
        /// The school's designated officer for pupils with health needs.
        pub designated_officer: Person,
        /// Whether the designated officer has been made aware of the referral.
        pub designated_officer_aware: Option<bool>,
        /// The senior member of staff, able to make decisions, who chairs reviews.
        pub review_chair: Person,
        /// Whether the review chair is a senior member of staff, able to make
        /// decisions.
        pub review_chair_senior: Option<bool>,
        /// How often the school plans review meetings, in weeks.
        pub review_interval_weeks: Option<u32>,
        /// The pastoral link (tutor or key worker) in regular contact with the pupil.
        pub pastoral_link: Person,
    }
}

choice! {
    /// The type of school the pupil is on roll at.
    pub enum SchoolKind {
        /// A state-funded mainstream school: maintained, academy or free school.
        Mainstream,
        /// A special school.
        Special,
        /// An independent school.
        Independent,
        /// Alternative provision, such as a pupil referral unit.
        AlternativeProvision,
    }
}

choice! {
    /// How the school days were missed.
    pub enum AbsencePattern {
        /// In one unbroken run.
        Consecutive,
        /// Added up over separate absences.
        Cumulative,
    }
}

model! {
    /// The absence so far.
    pub struct Absence {
        /// School days missed so far because of the health need.
        pub school_days_missed: Option<u32>,
        /// Whether those days were consecutive or cumulative.
        pub pattern: Option<AbsencePattern>,
        /// Whether the school has authorised the absence on medical grounds.
        pub authorised_on_medical_grounds: Option<bool>,
        /// The first day of this absence, `YYYY-MM-DD` (optional).
        pub start_date: Option<String>,
        /// The attendance (register) code the school is using, e.g. `I`.
        pub attendance_code: Option<String>,
        /// Whether the pupil is attending on a reduced (part-time) timetable.
        pub reduced_timetable: Option<bool>,
        /// The agreed reintegration plan (needed for a reduced timetable).
        pub reintegration_plan: Document,
    }
}

choice! {
    /// The kind of health need.
    pub enum HealthKind {
        /// Physical health.
        Physical,
        /// Mental health.
        MentalHealth,
        /// Both physical and mental health.
        Both,
    }
}

model! {
    /// Hospital stays.
    pub struct Hospital {
        /// Whether the pupil is a hospital inpatient.
        pub inpatient: Option<bool>,
        /// Whether the hospital school provides the pupil's education.
        pub hospital_school_provides_education: Option<bool>,
        /// Whether a hospital admission is planned (asked when the pupil is
        /// not an inpatient now).
        pub planned_admission: Option<bool>,
        /// The likely admission date, `YYYY-MM-DD`.
        pub admission_date: Option<String>,
        /// The expected length of stay, as text (e.g. "about 2 weeks").
        pub expected_length_of_stay: Option<String>,
        /// The education programme to be followed while in hospital.
        pub education_programme: Option<String>,
    }
}

model! {
    /// The pupil's Individual Healthcare Plan (IHCP), which schools must
    /// review at least annually.
    pub struct Ihcp {
        /// Whether the pupil has an IHCP.
        pub in_place: Option<bool>,
        /// When it was last reviewed, `YYYY-MM-DD`.
        pub last_reviewed: Option<String>,
    }
}

model! {
    /// The pupil's health needs.
    pub struct Health {
        /// The medical condition: the reason for the absence.
        pub condition: Option<String>,
        /// Physical, mental health, or both.
        pub kind: Option<HealthKind>,
        /// Whether the illness is long-term or recurring.
        pub long_term_or_recurring: Option<bool>,
        /// Likely duration of the absence, as indicated by the health professional.
        pub likely_duration: Option<String>,
        /// Hospital stays.
        pub hospital: Hospital,
        /// The Individual Healthcare Plan.
        pub ihcp: Ihcp,
    }
}

choice! {
    /// The tier of the service a medical professional works in.
    pub enum EvidenceTier {
        /// Specialist health services, e.g. a consultant (physical health).
        Specialist,
        /// Targeted Tier 2/3 NHS mental health services, e.g. Step 2, CAMHS, PALMS.
        Targeted,
        /// Universal services, e.g. a GP.
        Universal,
    }
}

model! {
    /// One item of medical evidence.
    pub struct MedicalEvidence {
        /// The named health professional.
        pub professional_name: Option<String>,
        /// Their role, e.g. consultant paediatrician.
        pub role: Option<String>,
        /// The service they work for, e.g. CAMHS.
        pub service: Option<String>,
        /// The tier of that service.
        pub tier: Option<EvidenceTier>,
        /// Contact email.
        pub email: Option<String>,
        /// Contact phone number.
        pub phone: Option<String>,
        /// The date of the evidence, `YYYY-MM-DD`.
        pub date: Option<String>,
        /// Whether it confirms the pupil is medically unable to attend school.
        pub confirms_unable_to_attend: Option<bool>,
        /// Whether the professional works for the NHS (the policy asks for
        /// an NHS professional for mental health).
        pub nhs: Option<bool>,
        /// Whether this evidence supports teaching at home.
        pub supports_home_teaching: Option<bool>,
        /// The attachment holding the document.
        pub attachment_id: Option<String>,
        /// Whether the document is sent separately through the council's
        /// secure file exchange instead of being attached.
        pub sent_separately: Option<bool>,
    }
}

model! {
    /// Whether further medical advice is being sought.
    pub struct FurtherAdvice {
        /// Yes / no.
        pub sought: Option<bool>,
        /// From whom, and when it is expected.
        pub details: Option<String>,
    }
}

model! {
    /// A plan or statement that may be written in, attached, or both.
    pub struct Document {
        /// A short description written into the referral.
        pub summary: Option<String>,
        /// The attachment holding the document.
        pub attachment_id: Option<String>,
        /// Whether the document is sent separately through the council's
        /// secure file exchange instead of being attached.
        pub sent_separately: Option<bool>,
    }
}

model! {
    /// The Assess, Plan, Do, Review record with the current support plan.
    pub struct Apdr {
        /// Whether the APDR cycle has been completed.
        pub completed: Option<bool>,
        /// The school's current support plan.
        pub current_support_plan: Option<String>,
        /// Whether the current support plan is based on medical advice.
        pub based_on_medical_advice: Option<bool>,
        /// What is working well.
        pub working_well: Option<String>,
        /// What is not working well.
        pub not_working_well: Option<String>,
        /// The attachment holding the APDR.
        pub attachment_id: Option<String>,
        /// Whether the APDR is sent separately through the council's secure
        /// file exchange instead of being attached.
        pub sent_separately: Option<bool>,
    }
}

model! {
    /// Support in school.
    pub struct Support {
        /// The APDR with the current support plan.
        pub apdr: Apdr,
        /// Reasonable adjustments in place from the policy's Annex 3, by id
        /// ([`crate::annex3`]). Ids this version does not know are kept and
        /// ignored by the rules.
        pub adjustments: Vec<String>,
        /// Reasonable adjustments in place, in the school's words (any not
        /// in the Annex 3 list, or all of them).
        pub reasonable_adjustments: Option<String>,
        /// How the school gives access to the full curriculum beyond the
        /// core subjects ESMA teaches.
        pub curriculum_access: Option<String>,
        /// How the school keeps the pupil part of the school community.
        pub school_community: Option<String>,
        /// The working area in school where the pupil can be taught, to
        /// help them return.
        pub working_area: Option<String>,
    }
}

model! {
    /// One kind of additional funding.
    pub struct FundingStream {
        /// Whether the pupil receives it.
        pub receives: Option<bool>,
        /// How it supports the pupil's access to education.
        pub statement: Option<String>,
        /// Any agreement or plan for its use, attached.
        pub plan_attachment_id: Option<String>,
    }
}

model! {
    /// Additional funding.
    pub struct Funding {
        /// Education, Health and Care Plan (EHCP) funding.
        pub ehcp: FundingStream,
        /// Local High Needs Funding (LHNF).
        pub local_high_needs_funding: FundingStream,
        /// Pupil Premium Grant (PPG).
        pub pupil_premium_grant: FundingStream,
    }
}

model! {
    /// Baseline attainment, engagement and wellbeing.
    pub struct Baseline {
        /// Current attainment in English.
        pub english: Option<String>,
        /// Current attainment in Maths.
        pub maths: Option<String>,
        /// Current attainment in Science.
        pub science: Option<String>,
        /// Engagement with learning.
        pub engagement: Option<String>,
        /// Current emotional wellbeing.
        pub emotional_wellbeing: Option<String>,
        /// The pupil's voice: their views in their own words.
        pub pupil_voice: Option<String>,
    }
}

model! {
    /// Safeguarding during the absence.
    pub struct Safeguarding {
        /// The adult responsible for safeguarding during the absence.
        pub responsible_adult: Person,
        /// Whether there are any safeguarding concerns.
        pub concerns: Option<bool>,
        /// Whether there have been any MASH referrals.
        pub mash_referrals: Option<bool>,
        /// Whether there have been any missing episodes.
        pub missing_episodes: Option<bool>,
        /// How the concerns, referrals or episodes were assessed and mitigated.
        pub assessment_and_mitigation: Option<String>,
        /// Replaced by `teaching_location` (a draft's answer moves there,
        /// see [`upgrade`]); read only when `teaching_location` is blank.
        pub teaching_at_home: Option<bool>,
        /// Where teaching is asked for.
        pub teaching_location: Option<TeachingLocation>,
        /// For teaching at home: the adult who will be present.
        pub home_supervising_adult: Option<String>,
        /// For teaching at home: the medical steps to take in a health
        /// emergency (risk assessment information).
        pub emergency_steps: Option<String>,
        /// Any risk assessment for teaching at home the school has.
        pub home_risk_assessment: Document,
    }
}

choice! {
    /// Where teaching is asked for.
    pub enum TeachingLocation {
        /// On the school site.
        SchoolSite,
        /// At an ESMA teaching base or another suitable venue.
        Venue,
        /// Online.
        Online,
        /// In the pupil's home (exceptional, with medical evidence).
        Home,
    }
}

model! {
    /// Exams (Years 10 and 11).
    pub struct Exams {
        /// The school's exam arrangements (venue, invigilation, timetable).
        pub arrangements: Option<String>,
        /// Access arrangements applied for with the awarding bodies (JCQ).
        pub access_arrangements: Option<String>,
    }
}

model! {
    /// Parental consent to share information.
    pub struct Consent {
        /// Whether a parent or carer has signed consent.
        pub signed: Option<bool>,
        /// Who signed.
        pub signed_by: Option<String>,
        /// Their relationship to the pupil.
        pub signer_relationship: Option<String>,
        /// Whether they have parental responsibility for the pupil.
        pub signer_has_parental_responsibility: Option<bool>,
        /// When, `YYYY-MM-DD`.
        pub signed_on: Option<String>,
        /// The attachment holding the signed form.
        pub attachment_id: Option<String>,
        /// Consent given or refused in the app: the parent's or carer's
        /// signed consent response, imported by the school. See
        /// `docs/consent-format.md`.
        pub record: Option<ConsentRecord>,
    }
}

choice! {
    /// Why ESMA closed an earlier referral (the policy's exit criteria).
    pub enum ClosureReason {
        /// The pupil reintegrated into school, or moved school.
        Reintegrated,
        /// The pupil was too unwell to engage with education.
        TooUnwell,
        /// The pupil did not attend ESMA lessons.
        DidNotAttend,
        /// The pupil refused to access health services.
        RefusedHealthServices,
        /// The pupil moved out of Hertfordshire.
        MovedAway,
        /// Persistent unsafe behaviour.
        UnsafeBehaviour,
        /// The referral was not accepted.
        NotAccepted,
        /// Another reason.
        Other,
    }
}

model! {
    /// An earlier referral to ESMA.
    pub struct PreviousReferral {
        /// Whether the pupil has been referred to ESMA before.
        pub referred_before: Option<bool>,
        /// When, `YYYY-MM-DD` (the day may be approximate).
        pub referred_on: Option<String>,
        /// Why ESMA's support closed.
        pub closure_reason: Option<ClosureReason>,
        /// For a closure because the pupil was too unwell: whether they are
        /// now well enough to engage with education.
        pub now_able_to_engage: Option<bool>,
    }
}

choice! {
    /// What the parent or carer decided.
    pub enum ConsentDecision {
        /// Consent given.
        Given,
        /// Consent refused.
        Refused,
    }
}

model! {
    /// A parent's or carer's decision, from their signed consent response.
    /// Every field but `response` repeats what the response's signed content
    /// says, for display; `response` is the whole response file, so anyone can
    /// check its signature again.
    pub struct ConsentRecord {
        /// The consent request this answers (a UUID v4).
        pub request_id: Option<String>,
        /// Given or refused.
        pub decision: Option<ConsentDecision>,
        /// The full name the parent or carer typed.
        pub name: Option<String>,
        /// Their relationship to the child.
        pub relationship: Option<String>,
        /// When they decided, RFC 3339 in UTC.
        pub decided_at: Option<String>,
        /// The version of the consent notice they read.
        pub notice_version: Option<String>,
        /// SHA-256 (hex) of that notice's text.
        pub notice_sha256: Option<String>,
        /// SHA-256 (hex) of the referral content they reviewed
        /// (`esma_core::consent::content_sha256`).
        pub reviewed_content_sha256: Option<String>,
        /// Whether they also acknowledged the Service Level Agreement
        /// (separate from consent).
        pub sla_acknowledged: Option<bool>,
        /// The whole consent response file, as text.
        pub response: Option<String>,
    }
}

choice! {
    /// What an attachment is for.
    pub enum AttachmentPurpose {
        /// Medical evidence.
        MedicalEvidence,
        /// A treatment plan.
        TreatmentPlan,
        /// The APDR and support plan.
        Apdr,
        /// A reintegration plan.
        ReintegrationPlan,
        /// An agreement or plan for the use of funding.
        FundingPlan,
        /// Signed parental consent.
        ParentalConsent,
        /// A risk assessment.
        RiskAssessment,
        /// Anything else.
        Other,
    }
}

model! {
    /// A file sent with the referral. The bytes travel separately (in the pack);
    /// this records what they are and binds them by size and SHA-256.
    pub struct Attachment {
        /// Identifier other parts refer to, e.g. `att-1`.
        pub id: Option<String>,
        /// File name.
        pub name: Option<String>,
        /// Media type, e.g. `application/pdf`.
        pub media_type: Option<String>,
        /// Size in bytes.
        pub size: Option<u64>,
        /// SHA-256 of the bytes, 64 lowercase hex digits.
        pub sha256: Option<String>,
        /// What the file is for.
        pub purpose: Option<AttachmentPurpose>,
    }
}

/// `true` when the text is absent or only white space.
pub fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

impl Document {
    /// Whether anything was written or attached.
    pub fn is_provided(&self) -> bool {
        !blank(&self.summary) || !blank(&self.attachment_id)
    }

    /// Whether the document itself is here: attached, or marked as sent
    /// separately through the secure file exchange.
    pub fn is_sent(&self) -> bool {
        !blank(&self.attachment_id) || self.sent_separately == Some(true)
    }
}

impl School {
    /// Whether the ISL area follows the pupil's home district: the school
    /// is outside Hertfordshire, or independent (not in the council's areas).
    pub fn area_follows_home(&self) -> bool {
        self.in_hertfordshire == Some(false) || self.kind == Some(SchoolKind::Independent)
    }
}

impl Pupil {
    /// The pupil's initials, e.g. `JS`: the first letter of each name, in
    /// capitals. Letters only, so nothing else from the names (words, marks,
    /// control characters) can reach a reply or a register through them.
    ///
    /// ```
    /// use esma_core::referral::Pupil;
    /// let p = Pupil { first_name: Some("zoë".into()), last_name: Some("\u{202e}O'Neil".into()), ..Default::default() };
    /// assert_eq!(p.initials(), "ZO");
    /// assert_eq!(Pupil::default().initials(), "");
    /// ```
    pub fn initials(&self) -> String {
        [&self.first_name, &self.last_name]
            .into_iter()
            .filter_map(|n| n.as_deref()?.chars().find(|c| c.is_alphabetic()))
            .map(crate::case::upper)
            .collect()
    }
}

impl Referral {
    /// The district that decides the ISL area: the school's, or the pupil's
    /// home district when the area follows the home
    /// ([`School::area_follows_home`]).
    pub fn area_district(&self) -> Option<&str> {
        let d = if self.school.area_follows_home() {
            &self.pupil.home_district
        } else {
            &self.school.district
        };
        d.as_deref().map(str::trim).filter(|d| !d.is_empty())
    }
}

impl Safeguarding {
    /// Where teaching is asked for: `teaching_location`, or for a referral
    /// made before that question, "home" when `teaching_at_home` is yes.
    pub fn location(&self) -> Option<TeachingLocation> {
        self.teaching_location.or(match self.teaching_at_home {
            Some(true) => Some(TeachingLocation::Home),
            _ => None,
        })
    }
}

/// Brings a draft made by an earlier version up to this one's questions,
/// in place; returns whether anything changed. Drafts only (the app's saved
/// drafts and imported draft files): a signed pack or consent request is
/// read as it is, and the rules read the old answers too.
///
/// - `safeguarding.teachingAtHome` became `safeguarding.teachingLocation`:
///   yes moves to "home"; no is dropped, because it does not say where
///   (the question is asked again).
///
/// ```
/// use esma_core::referral::{upgrade, Referral, TeachingLocation};
/// let mut r = Referral::default();
/// r.safeguarding.teaching_at_home = Some(true);
/// assert!(upgrade(&mut r));
/// assert_eq!(r.safeguarding.teaching_location, Some(TeachingLocation::Home));
/// assert_eq!(r.safeguarding.teaching_at_home, None);
/// assert!(!upgrade(&mut r));
/// ```
pub fn upgrade(r: &mut Referral) -> bool {
    let s = &mut r.safeguarding;
    match s.teaching_at_home.take() {
        None => false,
        Some(home) => {
            if home && s.teaching_location.is_none() {
                s.teaching_location = Some(TeachingLocation::Home);
            }
            true
        }
    }
}

impl Person {
    /// Whether the person is named.
    pub fn is_named(&self) -> bool {
        !blank(&self.name)
    }

    /// Whether there is a way to contact them.
    pub fn has_contact(&self) -> bool {
        !blank(&self.email) || !blank(&self.phone)
    }
}

impl MedicalEvidence {
    /// Whether the named professional can be contacted.
    pub fn has_contact(&self) -> bool {
        !blank(&self.email) || !blank(&self.phone)
    }
}

impl Funding {
    /// The three funding streams with their JSON key and a short name.
    pub fn streams(&self) -> [(&'static str, &'static str, &FundingStream); 3] {
        [
            ("ehcp", "EHCP", &self.ehcp),
            (
                "localHighNeedsFunding",
                "Local High Needs Funding",
                &self.local_high_needs_funding,
            ),
            (
                "pupilPremiumGrant",
                "Pupil Premium Grant",
                &self.pupil_premium_grant,
            ),
        ]
    }
}
