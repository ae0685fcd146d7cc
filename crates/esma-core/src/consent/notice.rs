//! The consent notice: what a parent or carer reads before giving or
//! refusing consent. Fixed, versioned text: a response records the version
//! and the SHA-256 of the exact words, so the council can tell which notice
//! was agreed to. Change the words only with a new [`NOTICE_VERSION`]; a test
//! pins the hash so a silent edit fails.

/// The notice's version. Consent given against another version's text does
/// not count (the rules ask for fresh consent).
pub const NOTICE_VERSION: &str = "2026-11-28.1";

/// The notice, plain English, in short sections separated by blank lines;
/// a line without a full stop is a heading, a line starting "- " is a list
/// item. UK GDPR consent for special category (health) data: who the
/// controllers are, why, what, who receives it, how long it is kept, the right
/// to withdraw, whom to contact. Separate from the Service Level Agreement.
pub const NOTICE_TEXT: &str = "\
Consent to share information about your child

Your child's school wants to ask Hertfordshire County Council's ESMA Teaching Service (Education Support for Medical Absence) to help with your child's education while they cannot go to school because of their health. To do that, the school needs to share information about your child. It will only share it if you say yes.

Who is responsible for the information
Your child's school and Hertfordshire County Council, through its ESMA Teaching Service, are each responsible for looking after this information. In data protection law they are the \"data controllers\".

Why it is shared
To arrange education for your child while they cannot attend school because of their health needs. The council has a legal duty to do this (section 19 of the Education Act 1996). Information about your child's health is sensitive, so the school needs your clear consent to share it.

What is shared
Everything you can see in this review, and nothing else:
- your child's name, date of birth, unique pupil number, year group and home postcode;
- their medical condition, and how long they are likely to be off school;
- medical evidence and the treatment plan, with the names and contact details of the health professionals involved;
- the school's support plan (the Assess, Plan, Do, Review record) and the adjustments made for your child;
- your child's attainment, engagement and wellbeing, and their own views;
- any extra funding your child receives (an Education, Health and Care Plan, Local High Needs Funding or the Pupil Premium Grant) and how it is used;
- safeguarding information and the school's named staff;
- the documents attached to the referral.

Who receives it
- the ESMA Teaching Service at Hertfordshire County Council;
- the council's Integrated Services for Learning (ISL) team for your area;
- the health professionals named in the referral;
- a hospital school, if your child is in hospital and taught there.

How long it is kept
The school and the council keep the information only for as long as they need it to arrange, provide and review your child's education, and then under their own records policies. The exact period is to be confirmed by the council: ask the school if you want to know it.

Your choice
It is your choice. If you say no, nothing is shared and the school cannot send this referral; talk to the school about other help. Saying nothing is not saying yes: the school must have your answer.
Agreeing to the Service Level Agreement (how the school, your family and the ESMA Teaching Service will work together) is separate from this consent.

Changing your mind
You can withdraw your consent at any time by telling the school, in writing or in person. Withdrawing stops any further sharing; it does not undo sharing that has already happened.

If the school changes anything
If the school changes anything after you have reviewed it, you will be asked to review it and decide again.

Questions or complaints
Contact the school's data protection officer: the school office can give you their details. You can also complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113).
";

/// SHA-256 (lower-case hex) of [`NOTICE_TEXT`]'s UTF-8 bytes, written out
/// (a test holds it to the text) so that a page that checks only the hash,
/// such as the council's, does not carry the text.
pub const NOTICE_SHA256: &str = "d21d67097a50e04d3a2ce9bd6ea9414c46b020fb9edd4359fe1c798ee66a622d";

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// Editing the notice changes its hash; change [`NOTICE_VERSION`] with it
    /// (and [`NOTICE_SHA256`], and this pin), so a parent's recorded version
    /// always names one text.
    #[test]
    fn the_notice_text_is_pinned_to_its_version() {
        let hashed = crate::consent::hex(&Sha256::digest(NOTICE_TEXT.as_bytes()));
        assert_eq!(hashed, NOTICE_SHA256, "the hash is the text's");
        assert_eq!((NOTICE_VERSION, NOTICE_SHA256), ("2026-11-28.1", PINNED));
    }

    const PINNED: &str = "d21d67097a50e04d3a2ce9bd6ea9414c46b020fb9edd4359fe1c798ee66a622d";

    #[test]
    fn the_notice_says_what_the_law_asks() {
        for needed in [
            "data controllers",
            "section 19 of the Education Act 1996",
            "ESMA Teaching Service",
            "Integrated Services for Learning",
            "health professionals named",
            "hospital school",
            "How long it is kept",
            "to be confirmed by the council",
            "withdraw",
            "data protection officer",
            "Saying nothing is not saying yes",
            "Service Level Agreement",
            "separate",
        ] {
            assert!(NOTICE_TEXT.contains(needed), "{needed}");
        }
        assert!(
            NOTICE_TEXT.is_ascii(),
            "plain ASCII: one spelling everywhere"
        );
    }
}
