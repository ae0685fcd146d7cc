//! Entry criteria: compulsory school age, medical evidence, authorised
//! absence, Hertfordshire residence, and not electively home educated.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::EvidenceTier;
use crate::rules::answers::Need;
use crate::school_age;

pub(crate) const SCHOOL_AGE: Rule = Rule {
    id: "entry-school-age",
    severity: Blocking,
    summary: "The pupil is of compulsory school age today (Education Act 1996 s8).",
    fields: &["pupil.dateOfBirth"],
    checklist_item: None,
    messages: &[
        msg("too-young",
            "The pupil has not reached compulsory school age. ESMA can only accept pupils of compulsory school age (5 to 16)"),
        msg("too-old",
            "The pupil is over compulsory school age: it ended on the last Friday in June of the school year they turned 16. ESMA can only accept pupils of compulsory school age"),
    ],
    sources: &[AGE, LEGAL_DUTY_AGE, EDUCATION_ACT_S8],
};

pub(crate) const SCHOOL_AGE_ENDING_SOON: Rule = Rule {
    id: "entry-school-age-ending-soon",
    severity: Warning,
    summary: "Compulsory school age ends within 6 weeks: the duty may not apply unless exams remain.",
    fields: &["pupil.dateOfBirth", "exams.arrangements"],
    checklist_item: None,
    messages: &[msg("",
        "The pupil leaves compulsory school age within 6 weeks. The council’s duty may not apply unless the pupil still has public exams to take. Say which exams remain in the exam arrangements")],
    sources: &[LEGAL_DUTY_AGE, EDUCATION_ACT_S19],
};

pub(crate) const MEDICAL_EVIDENCE: Rule = Rule {
    id: "entry-medical-evidence",
    severity: Blocking,
    summary: "At least one item of medical evidence is given (what each item must say is checked by the evidence rules).",
    fields: &["medicalEvidence"],
    checklist_item: Some(4),
    messages: &[msg("",
        "Add at least one item of medical evidence from a health professional")],
    sources: &[EVIDENCE, EVIDENCE_TIERS, HSR_CONFIRMS],
};

pub(crate) const GP_ONLY_EVIDENCE: Rule = Rule {
    id: "entry-gp-only-evidence",
    severity: Warning,
    summary: "Evidence only from universal services (a GP) needs further medical advice being sought, saying from whom and when.",
    fields: &["medicalEvidence[].tier", "furtherAdvice.sought", "furtherAdvice.details"],
    checklist_item: None,
    messages: &[
        msg("",
            "The only medical evidence is from universal services such as a GP. ESMA expects further medical advice to be sought, for example from a consultant or CAMHS. Say whether it is being sought"),
        msg("details",
            "Say what further medical advice is being sought, from whom, and when it is expected"),
    ],
    sources: &[GP, EVIDENCE_TIERS],
};

pub(crate) const ABSENCE_AUTHORISED: Rule = Rule {
    id: "entry-absence-authorised",
    severity: Blocking,
    summary: "The school says it has authorised the absence on medical grounds.",
    fields: &["absence.authorisedOnMedicalGrounds"],
    checklist_item: Some(1),
    messages: &[
        msg(
            "unanswered",
            "Say whether the school has authorised the absence on medical grounds",
        ),
        msg(
            "no",
            "The school must authorise the absence on medical grounds before referring to ESMA",
        ),
    ],
    sources: &[AUTHORISED, AUTHORISED_ATTENDANCE],
};

pub(crate) const HERTFORDSHIRE_RESIDENT: Rule = Rule {
    id: "entry-hertfordshire-resident",
    severity: Blocking,
    summary: "The school says the pupil lives in Hertfordshire (the postcode is checked by pupil-home-postcode-hertfordshire).",
    fields: &["pupil.hertfordshireResident"],
    checklist_item: Some(1),
    messages: &[
        msg("unanswered",
            "Say whether the pupil lives in Hertfordshire"),
        msg("no",
            "ESMA can only accept pupils who live in Hertfordshire. Contact the council for the area where the pupil lives"),
    ],
    sources: &[RESIDENT],
};

pub(crate) const ELECTIVE_HOME_EDUCATION: Rule = Rule {
    id: "entry-elective-home-education",
    severity: Blocking,
    summary: "The school says the pupil is not electively home educated.",
    fields: &["pupil.electivelyHomeEducated"],
    checklist_item: Some(1),
    messages: &[
        msg("unanswered",
            "Say whether the pupil is electively home educated"),
        msg("yes",
            "Electively home educated pupils do not meet the ESMA entry criteria: their education is the parent’s or carer’s responsibility"),
    ],
    sources: &[EHE],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    if let Ok(dob) = crate::date::parse_opt(r.pupil.date_of_birth.as_deref()) {
        if dob <= ctx.today {
            if ctx.today < school_age::start(dob) {
                ctx.flag_key(&SCHOOL_AGE, "pupil.dateOfBirth", "too-young");
            } else if ctx.today > school_age::end(dob) {
                ctx.flag_key(&SCHOOL_AGE, "pupil.dateOfBirth", "too-old");
            } else if (school_age::end(dob) - ctx.today).num_days() < 42 {
                ctx.flag(&SCHOOL_AGE_ENDING_SOON, "pupil.dateOfBirth");
            }
        }
    }

    if r.medical_evidence.is_empty() {
        ctx.flag(&MEDICAL_EVIDENCE, "medicalEvidence");
    } else {
        let tiers = r.medical_evidence.iter().filter_map(|e| e.tier);
        let mut any = false;
        let mut all_universal = true;
        for t in tiers {
            any = true;
            all_universal &= t == EvidenceTier::Universal;
        }
        if any && all_universal {
            if r.further_advice.sought != Some(true) {
                ctx.flag(&GP_ONLY_EVIDENCE, "furtherAdvice.sought");
            } else {
                ctx.need_text(
                    &GP_ONLY_EVIDENCE,
                    "furtherAdvice.details",
                    "details",
                    &r.further_advice.details,
                    Need::Description,
                );
            }
        }
    }

    match r.absence.authorised_on_medical_grounds {
        Some(true) => {}
        Some(false) => ctx.flag_ineligible(
            &ABSENCE_AUTHORISED,
            "absence.authorisedOnMedicalGrounds",
            "no",
        ),
        None => ctx.flag_key(
            &ABSENCE_AUTHORISED,
            "absence.authorisedOnMedicalGrounds",
            "unanswered",
        ),
    }
    match r.pupil.hertfordshire_resident {
        Some(true) => {}
        Some(false) => {
            ctx.flag_ineligible(&HERTFORDSHIRE_RESIDENT, "pupil.hertfordshireResident", "no")
        }
        None => ctx.flag_key(
            &HERTFORDSHIRE_RESIDENT,
            "pupil.hertfordshireResident",
            "unanswered",
        ),
    }
    match r.pupil.electively_home_educated {
        Some(false) => {}
        Some(true) => ctx.flag_ineligible(
            &ELECTIVE_HOME_EDUCATION,
            "pupil.electivelyHomeEducated",
            "yes",
        ),
        None => ctx.flag_key(
            &ELECTIVE_HOME_EDUCATION,
            "pupil.electivelyHomeEducated",
            "unanswered",
        ),
    }
}
