//! The referral's sections, as the school's form, the task list and the
//! parent's pages name them, and which parts of the referral (by JSON key)
//! each section asks about. One table, so a finding's field, a page and a
//! line in "what changed since the parent reviewed it" always agree.
//!
//! ```
//! use esma_core::section::{part_name, Section};
//! assert_eq!(Section::of_field("medicalEvidence[0].date"), Section::Health);
//! assert_eq!(Section::Health.title(), "Health and medical evidence");
//! assert_eq!(part_name("medicalEvidence"), Some("Medical evidence"));
//! ```

use crate::referral::Referral;

/// A section of the referral, in the order of the task list. Parental
/// consent comes last: the parent or carer reviews the referral once it is
/// finished, so that nothing changes after they decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Eligibility,
    Pupil,
    Absence,
    Health,
    Support,
    Funding,
    Baseline,
    Safeguarding,
    Exams,
    Attachments,
    Consent,
}

/// The referral's parts by JSON key, in the form's order: what each is
/// called on its own (as in "Medical evidence, item 2: date was added") and
/// the section that asks about it. A key not listed belongs to
/// [`Section::Attachments`] ("Attachments and other information").
const PARTS: &[(&str, &str, Section)] = &[
    ("formatVersion", "Format", Section::Attachments),
    ("pupil", "Pupil", Section::Pupil),
    ("school", "School", Section::Pupil),
    ("absence", "Absence", Section::Absence),
    ("previousReferral", "Earlier referral", Section::Absence),
    ("health", "Health", Section::Health),
    ("medicalEvidence", "Medical evidence", Section::Health),
    ("furtherAdvice", "Further medical advice", Section::Health),
    ("treatmentPlan", "Treatment plan", Section::Health),
    ("support", "Support in school", Section::Support),
    ("funding", "Additional funding", Section::Funding),
    ("baseline", "Baseline", Section::Baseline),
    ("safeguarding", "Safeguarding", Section::Safeguarding),
    ("exams", "Exams", Section::Exams),
    ("consent", "Consent", Section::Consent),
    (
        "additionalInformation",
        "Other information",
        Section::Attachments,
    ),
    ("attachments", "Attachments", Section::Attachments),
];

/// What the referral's part under this JSON key is called, if it is one.
pub fn part_name(key: &str) -> Option<&'static str> {
    PARTS.iter().find(|(k, ..)| *k == key).map(|(_, n, _)| *n)
}

/// Where the part under this JSON key comes in the form, if it is one.
pub fn part_position(key: &str) -> Option<usize> {
    PARTS.iter().position(|(k, ..)| *k == key)
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Eligibility,
        Section::Pupil,
        Section::Absence,
        Section::Health,
        Section::Support,
        Section::Funding,
        Section::Baseline,
        Section::Safeguarding,
        Section::Exams,
        Section::Attachments,
        Section::Consent,
    ];

    /// The section's part of the address, e.g. `#/school/<draft>/health`.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Eligibility => "eligibility",
            Section::Pupil => "pupil",
            Section::Absence => "absence",
            Section::Health => "health",
            Section::Support => "support",
            Section::Funding => "funding",
            Section::Baseline => "baseline",
            Section::Safeguarding => "safeguarding",
            Section::Exams => "exams",
            Section::Attachments => "attachments",
            Section::Consent => "consent",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The section's title for school staff (the form and the task list).
    pub fn title(self) -> &'static str {
        match self {
            Section::Eligibility => "Check the pupil can be referred",
            Section::Pupil => "Pupil and school",
            Section::Absence => "Absence and attendance",
            Section::Health => "Health and medical evidence",
            Section::Support => "Support in school",
            Section::Funding => "Funding",
            Section::Baseline => "Baseline and the pupil's voice",
            Section::Safeguarding => "Safeguarding",
            Section::Exams => "Exams",
            Section::Consent => "Parental consent",
            Section::Attachments => "Attachments and other information",
        }
    }

    /// The section's title as the parent's or carer's pages word it.
    pub fn parent_title(self) -> &'static str {
        match self {
            Section::Eligibility => "Whether your child can be referred",
            Section::Pupil => "About your child and their school",
            Section::Absence => "Your child's absence from school",
            Section::Health => "Your child's health and medical evidence",
            Section::Support => "Support from the school",
            Section::Funding => "Extra funding for your child",
            Section::Baseline => "How your child is getting on with learning",
            Section::Safeguarding => "Keeping your child safe",
            Section::Exams => "Exams",
            Section::Consent => "Consent",
            Section::Attachments => "Anything else the school will say",
        }
    }

    /// Whether the section applies: exams only for pupils in Years 10 and 11.
    pub fn applies(self, referral: &Referral) -> bool {
        match self {
            Section::Exams => matches!(referral.pupil.year_group, Some(10 | 11)),
            _ => true,
        }
    }

    /// The section a finding's field belongs to (eligibility findings also
    /// show on the eligibility page, by rule).
    pub fn of_field(field: &str) -> Section {
        let head = field.split(['.', '[']).next().unwrap_or("");
        PARTS
            .iter()
            .find(|(k, ..)| *k == head)
            .map_or(Section::Attachments, |(.., s)| *s)
    }

    /// The next section that applies, for "Save and continue".
    pub fn next(self, referral: &Referral) -> Option<Section> {
        Section::ALL
            .into_iter()
            .skip_while(|s| *s != self)
            .skip(1)
            .find(|s| s.applies(referral))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_in_the_section_that_asks_about_it() {
        let cases = [
            ("pupil.upn", Section::Pupil),
            ("school.referrer.name", Section::Pupil),
            ("absence.days", Section::Absence),
            ("health.condition", Section::Health),
            ("medicalEvidence[1].date", Section::Health),
            ("furtherAdvice.sought", Section::Health),
            ("treatmentPlan.attachmentId", Section::Health),
            ("support.apdr.inPlace", Section::Support),
            ("funding.ehcp.inPlace", Section::Funding),
            ("baseline.pupilVoice", Section::Baseline),
            ("safeguarding.concerns", Section::Safeguarding),
            ("exams.accessArrangements", Section::Exams),
            ("consent.signed", Section::Consent),
            ("attachments[0].purpose", Section::Attachments),
            ("additionalInformation", Section::Attachments),
            ("somethingNew", Section::Attachments),
        ];
        for (field, section) in cases {
            assert_eq!(Section::of_field(field), section, "{field}");
        }
    }

    #[test]
    fn slugs_round_trip_and_exams_apply_only_in_years_10_and_11() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(s));
        }
        let mut r = Referral::default();
        assert!(!Section::Exams.applies(&r));
        assert_eq!(
            Section::Safeguarding.next(&r),
            Some(Section::Attachments),
            "exams skipped"
        );
        r.pupil.year_group = Some(10);
        assert_eq!(Section::Safeguarding.next(&r), Some(Section::Exams));
        assert_eq!(Section::Attachments.next(&r), Some(Section::Consent));
        assert_eq!(Section::Consent.next(&r), None, "consent is last");
    }
}
