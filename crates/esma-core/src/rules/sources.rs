//! Every source the rules cite. Policy quotes are verbatim (a test checks each
//! one against `policy/esma-policy.txt`, white space aside); for law the policy
//! leaves out, the document is the Act or Regulations by name and the quote
//! summarises the legal text.

use super::Source;

/// The council's policy, the specification.
pub const POLICY: &str = "Hertfordshire ESMA policy";

const INTRO: &str = "Introduction";
const MAIN: &str = "Main points";
const COUNCIL: &str = "Hertfordshire County Council responsibilities";
const SAFEGUARDING: &str = "Safeguarding";
const EXAMS: &str = "Exams";
const HOSPITAL: &str = "Hospital stays:";
const WORKING: &str = "Working Together";
const ENTRY: &str = "The ESMA Teaching Service Entry Criteria";
const HSR: &str = "The ESMA Teaching Service Entry Criteria: Requirements to submit Hertfordshire Service Request (HSR) for ESMA Support";
const ADDITIONAL: &str = "Additional information for schools";
const ATTENDANCE: &str = "Attendance";
const RECORDING: &str = "Recording school attendance for authorised absence on medical grounds";
const SLA: &str = "Annex 1: Service Level Agreement between the referring school, parents and the ESMA Teaching Service";
const ANNEX2: &str = "Annex 2: ESMA Referral Checklist";

const fn p(section: &'static str, quote: &'static str) -> Source {
    Source {
        document: POLICY,
        section,
        quote,
    }
}

// Entry criteria
pub(crate) const AGE: Source = p(ENTRY, "pupils of statutory school age (5-16).");
pub(crate) const LEGAL_DUTY_AGE: Source = p(MAIN, "The legal duty does not apply to children and young people under and over compulsory school age.");
pub(crate) const EDUCATION_ACT_S8: Source = Source {
    document: "Education Act 1996 s8",
    section: "Compulsory school age",
    quote: "A child begins to be of compulsory school age on the first prescribed day (31 December, 31 March or 31 August) on or after their fifth birthday, and ceases to be of compulsory school age on the school leaving date (the last Friday in June) of the school year in which they reach 16.",
};
pub(crate) const EDUCATION_ACT_S19: Source = Source {
    document: "Education Act 1996 s19",
    section: "Exceptional provision of education",
    quote: "The local authority's duty is to children of compulsory school age; the duty does not extend to a child who will cease to be of compulsory school age within six weeks and has no further public examinations to take.",
};
pub(crate) const EVIDENCE: Source = p(ENTRY, "pupils who have medical evidence that validates their absence from school. The medical advice should be from Targeted or Specialist Health services.");
pub(crate) const EVIDENCE_TIERS: Source = p(ENTRY, "This includes consultant level in the case of physical health, or a Tier 2/ 3 NHS mental health professional such as Step 2, CAMHS or PALMS.");
pub(crate) const GP: Source = p(ENTRY, "Support can be considered when the supporting medical advice is from Universal Services such as a GP, but it would be expected that further medical advice for the pupil is being sought.");
pub(crate) const AUTHORISED: Source = p(
    ENTRY,
    "pupil’s absence is being authorised by the school (prior to the referral to ESMA).",
);
pub(crate) const AUTHORISED_ATTENDANCE: Source = p(ATTENDANCE, "Referrals to the ESMA Teaching Service should be made only when the school has authorised absence on medical grounds.");
pub(crate) const RESIDENT: Source = p(ENTRY, "pupils who are Hertfordshire residents.");
pub(crate) const EHE: Source = p(INTRO, "However, the educational responsibility for electively home educated children rests with the parent / carer in accordance with the DfE guidance so would not meet the criteria for Education Support for Medical Absence (ESMA)Teaching Service support.");
pub(crate) const PHYSICAL_OR_MENTAL: Source = p(INTRO, "This policy is applicable for pupils experiencing either physical or mental health needs impacting on attendance");

// HSR requirements
pub(crate) const HSR_APDR: Source = p(HSR, "a completed Assess, Plan, Do, Review, including the school’s current support plan. This should outlined the strategies in place, clearly indicating what is working well and what is not, to inform next steps.");
pub(crate) const HSR_CONFIRMS: Source = p(
    HSR,
    "medical evidence confirming the pupil is medically unable to attend school.",
);
pub(crate) const HSR_CONSENT: Source = p(
    HSR,
    "signed parental consent (required to share information as part of GDPR).",
);
pub(crate) const HSR_REASON: Source = p(HSR, "the reason for the absence (medical condition).");
pub(crate) const HSR_DURATION: Source = p(
    HSR,
    "likely duration of absence from school as indicated by health professional.",
);
pub(crate) const HSR_SUPPORT_PLAN: Source = p(
    HSR,
    "current support plan on offer from the school based on medical advice.",
);
pub(crate) const HSR_FUNDING: Source = p(HSR, "for pupils receiving additional funding (through an EHCP, LHNF, and/or Pupil Premium Grant), the school should state how this funding is supporting access to education.");
pub(crate) const HSR_BASELINE: Source = p(
    HSR,
    "baseline which includes academic attainment, engagement, and current emotional wellbeing.",
);

// Annex 2
pub(crate) const A2_1: Source = p(ANNEX2, "Completed the Hertfordshire Service Request form in full to be sent via Herts FX to the relevant ISL geographical area?");
pub(crate) const A2_1_DELAY: Source = p(ANNEX2, "(Incomplete referrals will delay a response from ESMA as the appropriate plan of action cannot be identified.)");
pub(crate) const A2_2: Source = p(
    ANNEX2,
    "Attached your current support plan / APDR for the student with the HSR?",
);
pub(crate) const A2_2_15: Source = p(ANNEX2, "(The first 15 working days of a pupil’s absence remains a school’s responsibility including the provision and marking of schoolwork.)");
pub(crate) const A2_3: Source = p(ANNEX2, "Submitted the agreed reintegration plan for any pupils attending school on an agreed reduced timetable?");
pub(crate) const A2_4: Source = p(ANNEX2, "Included the current treatment plan / medical evidence which school has accepted as authorising non-attendance with the contact details of the named health professional?");
pub(crate) const A2_5: Source = p(ANNEX2, "Attached / included the signed parental consent?");
pub(crate) const A2_6_STATED: Source = p(ANNEX2, "Stated in the additional information how any funding for those pupils either with an EHCP or Local High Needs Funding and/or Pupil Premium Grant is being used?");
pub(crate) const A2_6_PLAN: Source = p(
    ANNEX2,
    "Included any agreement / plan for the use of additional funding for the pupil?",
);

// 15 school days
pub(crate) const FIFTEEN: Source = p(COUNCIL, "Provides educational support for pupils with documented medical needs unable to attend school for more than 15 school days or more, whether consecutive or cumulative.");
pub(crate) const FIFTEEN_SLA: Source = p(SLA, "remain solely responsible for the first 15 days of non-attendance (consecutive or cumulative).");
pub(crate) const FIFTEEN_LONG_TERM: Source = p(COUNCIL, "To provide educational support, as far as possible, within the 15 days of absence to pupils with a long term or recurring illness");

// SLA: school's responsibilities
pub(crate) const SLA_BASELINE: Source = p(SLA, "Provide and identify baseline attainment.");
pub(crate) const SLA_REINTEGRATION: Source = p(SLA, "Submit the agreed reintegration plan for pupils on a reduced timetable (see HCC guidance on reduced timetables)");
pub(crate) const SLA_REVIEW_CHAIR: Source = p(SLA, "Identify a senior member of staff, able to make decisions, to host and chair regular review meetings (normally every 6 weeks), recording and sharing the action plans.");
pub(crate) const SLA_PASTORAL: Source = p(SLA, "Identify in-school support and a pastoral link (tutor/ key worker) to have regular contact with pupil to address educational, social, and emotional needs.");
pub(crate) const SLA_ADJUSTMENTS: Source = p(
    SLA,
    "Make reasonable adjustments under equalities legislation.",
);
pub(crate) const SLA_EXAMS: Source = p(
    SLA,
    "Organise exams and invigilation in line with JCQ guidance.",
);
pub(crate) const SLA_EXAM_CENTRE: Source = p(SLA, "To ensure the school has exam arrangements in place for the pupil as ESMA is not a registered exam Centre.");
pub(crate) const SLA_TREATMENT: Source = p(SLA, "For pupils who have long term or recurrent illness submit current treatment plan and named medical contact");
pub(crate) const SLA_FUNDING: Source = p(SLA, "For pupils receiving additional funding through either an EHCP or Local High Needs Funding and/or Pupil Premium Grant, state in reintegration plan how funding is used.");
pub(crate) const SLA_HOME: Source = p(SLA, "Support pupils on the school site; in a suitable venue, or exceptionally, in the pupil’s home if supported by appropriate medical evidence. If support is required in the home, complete a risk assessment to identify steps and support measures e.g., supporting adult present.");
pub(crate) const SLA_VOICE: Source = p(
    SLA,
    "Capture the pupil voice to ensure they are involved in the HRP creation.",
);

// Other sections
pub(crate) const WORKING_VOICE: Source = p(WORKING, "Capturing the child’s voice and ensuring that children are involved in target setting and reviewing their plans for reintegration.");
pub(crate) const EVIDENCE_TERMLY: Source = p(COUNCIL, "Liaises with the school to obtain termly updates of medical evidence to ensure the identified education programme best meets the pupil’s current needs.");
pub(crate) const REVIEW_HALF_TERMLY: Source = p(COUNCIL, "Reviews the education programme and reintegration plan with school, parents, pupil, health, and other professionals, on a half-termly basis.");
pub(crate) const REVIEW_HALF_TERMLY_ENTRY: Source = p(
    ENTRY,
    "Regular Review meetings will be held half-termly to discuss progress and identify next steps.",
);
pub(crate) const REVIEW_6_WEEKS: Source = p(SAFEGUARDING, "identification of a senior member of staff, able to make decisions, to host and chair regular review meetings (normally every 6 weeks), recording and sharing action plans from such review meetings.");
pub(crate) const SG_DESIGNATED_OFFICER: Source = p(SAFEGUARDING, "when making a referral, the school should ensure the home school’s designated officer for students with health needs affecting on attendance is made aware for school monitoring and recording purposes.");
pub(crate) const PASTORAL_PLAN: Source = p(ADDITIONAL, "the school must share with ESMA their pastoral support plan, indicating the reasonable adjustments in place, to help the pupil overcome barriers to school attendance.");
pub(crate) const HOSPITAL_EDUCATION: Source = p(HOSPITAL, "In some cases, the host hospital may provide education within the hospital setting. Where this is the case, Hertfordshire County Council does not need to arrange additional education, provided it is satisfied that the pupil is receiving suitable education.");
pub(crate) const HOW_LONG: Source = p("Complex or long-term health issues", "How long a pupil is likely to be out of school is important in deciding the type and level of support they will need.");
pub(crate) const SG_ON_ROLL: Source = p(SAFEGUARDING, "Schools remain responsible for the safeguarding and welfare of all pupils on roll who are off-site during school hours (Ofsted, July 2023).");
pub(crate) const SG_ADULT: Source = p(
    SAFEGUARDING,
    "identifying the adult responsible for safeguarding, during the time of absence from school.",
);
pub(crate) const SG_CONCERNS: Source = p(SAFEGUARDING, "any safeguarding concerns");
pub(crate) const SG_MITIGATED: Source = p(
    SAFEGUARDING,
    "how any safeguarding concerns have been assessed and mitigated.",
);
pub(crate) const SG_MASH: Source = p(
    SAFEGUARDING,
    "any Multi-agency Safeguarding Hub (MASH) referrals, or missing episodes highlighted.",
);
pub(crate) const EXAMS_ACCESS: Source = p(EXAMS, "The school may need to apply for special access arrangements to awarding bodies, as early as possible.");
pub(crate) const EXAMS_MUST: Source = p(SAFEGUARDING, "Schools must organise exams, secure an invigilator and locate a safe venue, when the pupil is unable to take their exams, within the usual school setting.");
pub(crate) const CODE_C: Source = p(RECORDING, "Record the pupil’s absence from school for sessions when they are not in attendance as authorised absence if there is supporting medical evidence (register code C).");
pub(crate) const CODE_C2: Source = p(RECORDING, "If a referral to the ESMA Teaching Service is successful, then school would be required to amend their register code from ‘C’ to ‘C2’ for the time the pupil is receiving support for their education from the ESMA Teaching Service.");
pub(crate) const ATTENDANCE_REGS_2024: Source = Source {
    document: "School Attendance (Pupil Registration) (England) Regulations 2024",
    section: "Schedule 1: attendance and absence codes",
    quote: "I: absent because of illness (authorised). C: leave of absence granted in exceptional circumstances (authorised). C2: leave of absence for a compulsory school age pupil subject to a part-time timetable. K: attending education provision arranged by the local authority. B: attending any other approved educational activity arranged by the school. O, G, U and N record absence that is not authorised (N: reason not yet provided).",
};
pub(crate) const UPN_GUIDANCE: Source = Source {
    document: "Education (Pupil Information) (England) Regulations 2005 and DfE guidance on unique pupil numbers",
    section: "Unique pupil numbers (UPN)",
    quote: "A UPN has 13 characters: a check letter, a 3-digit local authority number, a 4-digit school number, 2 digits for the year of allocation and a 3-character serial number; the check letter is the weighted sum of characters 2 to 13 modulo 23.",
};

// Consent (issue 6)
pub(crate) const SLA_ASSUMED: Source = p(SLA, "The ESMA Teaching Service assumes the SLA conditions have been accepted, by parents and school, unless we hear otherwise.");
pub(crate) const UK_GDPR_CONSENT: Source = Source {
    document: "UK General Data Protection Regulation and Data Protection Act 2018",
    section: "Article 9(2)(a), Article 7(3) and Recital 32: explicit consent",
    quote: "Health data is special category data; sharing it on the basis of consent needs the data subject's explicit consent, which may be withdrawn at any time. Silence, pre-ticked boxes or inactivity do not constitute consent, and consent covers only the processing the person was told about.",
};

// Second pass (issue 13)
const EXIT: &str = "The ESMA Teaching Service Exit Criteria";
const COMPLEX: &str = "Complex or long-term health issues";
pub(crate) const SCOPE_SCHOOLS: Source = p(INTRO, "This policy applies to all children of compulsory school age children and young people who would normally attend mainstream schools, including academies, free schools, independent schools, and special schools.");
pub(crate) const PLANNED_ADMISSION: Source = p(HOSPITAL, "For planned hospital admissions, the child’s home school should liaise with the hospital school and collect details of the likely admission date, expected length of stay, and the education programme to be followed while the child is in hospital.");
pub(crate) const EXIT_TOO_UNWELL: Source = p(EXIT, "the pupil is too unwell to engage with education, and continuing would be detrimental to their health. However, the pupil can be re-referred to the ESMA Teaching Service once they are in a better position, physically or mentally, to engage with education.");
pub(crate) const SLA_CURRICULUM: Source = p(SLA, "Provide access to the full curriculum (Art, History, etc.) according to the needs of the pupil, working together with ESMA who will provide additional access to the core curriculum (English, Math’s, Science)");
pub(crate) const SLA_COMMUNITY: Source = p(SLA, "Be proactive in supporting the pupil to still feel part of the school community whilst they are not well enough to attend school.");
pub(crate) const SLA_WORKING_AREA: Source = p(SLA, "Be proactive in supporting the reintegration of the pupil back into school as soon as they are well enough e.g., provide a suitable working area within school for pupil to access tuition to enable reintegration.");
pub(crate) const SLA_ANTICIPATORY: Source = p(SLA, "This duty is anticipatory, and adjustments must be put in place beforehand to prevent disadvantage e.g., rest breaks, safe space etc.");
pub(crate) const SLA_PARENT_ADULT: Source = p(SLA, "Be responsible for arranging for an identified adult to supervise pupil when accessing education not on school site or at an ESMA venue.");
pub(crate) const SLA_PARENT_EMERGENCY: Source = p(SLA, "Inform both school and ESMA of the medical steps to take should there be a health emergency (risk assessment information)");
pub(crate) const IHCP_ANNUAL: Source = p(
    SAFEGUARDING,
    "All schools must review IHCPs (Individual Healthcare Plans) at least annually.",
);
pub(crate) const IHCP_USE: Source = p(SAFEGUARDING, "An IHCP is important to ensure that the school knows how to properly manage the medical needs of the young person whilst on site at school.");
pub(crate) const IHP_REVIEWED: Source = p(COMPLEX, "For children with continuing health needs an Individual Health Plan (IHP) is useful in identifying suitable support. This document must be reviewed regularly by the school.");
pub(crate) const CHILDREN_ACT_PR: Source = Source {
    document: "Children Act 1989 s2 and s3",
    section: "Parental responsibility",
    quote: "Parental responsibility is all the rights, duties, powers, responsibilities and authority which by law a parent has in relation to the child. A child's mother has it, and the father in the cases the Act sets out; others (a guardian, a special guardian, a local authority under a care order) may acquire it.",
};
