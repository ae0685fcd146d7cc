//! The pupil's details on the Hertfordshire Service Request: name, date of
//! birth, UPN, year group and home postcode.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::rules::answers::Need;
use crate::school_age;
use crate::settings::CountyPostcode;

const FORM: &[super::Source] = &[A2_1, A2_1_DELAY];

pub(crate) const DATE_OF_BIRTH: Rule = Rule {
    id: "pupil-date-of-birth",
    severity: Blocking,
    summary: "The pupil's date of birth is a real date in the past.",
    fields: &["pupil.dateOfBirth"],
    checklist_item: Some(1),
    messages: &[msg("", "Enter the pupil’s date of birth")],
    sources: &[A2_1, AGE],
};

pub(crate) const NAME: Rule = Rule {
    id: "pupil-name",
    severity: Blocking,
    summary: "The pupil's first and last names are given.",
    fields: &["pupil.firstName", "pupil.lastName"],
    checklist_item: Some(1),
    messages: &[
        msg("first", "Enter the pupil’s first name"),
        msg("last", "Enter the pupil’s last name"),
    ],
    sources: FORM,
};

pub(crate) const UPN: Rule = Rule {
    id: "pupil-upn",
    severity: Warning,
    summary: "The pupil's Unique Pupil Number (UPN) is given (a warning only: the policy does not ask for it, and an independent school may have none).",
    fields: &["pupil.upn"],
    checklist_item: None,
    messages: &[msg("",
        "Enter the pupil’s UPN (unique pupil number) if they have one. An independent school may not have one")],
    sources: &[A2_1, UPN_GUIDANCE],
};

pub(crate) const UPN_FORMAT: Rule = Rule {
    id: "pupil-upn-format",
    severity: Warning,
    summary: "The UPN has 13 characters and a correct check letter.",
    fields: &["pupil.upn"],
    checklist_item: None,
    messages: &[msg("",
        "The UPN does not look right. A UPN has 13 characters: a check letter, then 12 numbers (the last may be a letter). Check it against the school’s records")],
    sources: &[A2_1, UPN_GUIDANCE],
};

pub(crate) const YEAR_GROUP: Rule = Rule {
    id: "pupil-year-group",
    severity: Blocking,
    summary: "The pupil's year group is given (Reception to Year 13).",
    fields: &["pupil.yearGroup"],
    checklist_item: Some(1),
    messages: &[
        msg("missing", "Select the pupil’s year group"),
        msg("range", "Year group must be Reception or Year 1 to Year 13"),
    ],
    sources: FORM,
};

pub(crate) const YEAR_GROUP_AGE: Rule = Rule {
    id: "pupil-year-group-age",
    severity: Warning,
    summary: "The year group matches the date of birth (pupils outside their age group are allowed).",
    fields: &["pupil.yearGroup", "pupil.dateOfBirth"],
    checklist_item: None,
    messages: &[msg("",
        "The year group is not the usual one for the pupil’s date of birth. Check both. If the pupil is taught outside their age group, say so in the additional information")],
    sources: FORM,
};

pub(crate) const POSTCODE: Rule = Rule {
    id: "pupil-home-postcode",
    severity: Blocking,
    summary: "The pupil's home postcode is given.",
    fields: &["pupil.homePostcode"],
    checklist_item: Some(1),
    messages: &[msg("", "Enter the pupil’s home postcode")],
    sources: &[A2_1, RESIDENT],
};

pub(crate) const POSTCODE_COUNTY: Rule = Rule {
    id: "pupil-home-postcode-hertfordshire",
    severity: Blocking,
    summary: "A pupil said to live in Hertfordshire has a home postcode in a Hertfordshire postcode district (the council's list).",
    fields: &["pupil.homePostcode", "pupil.hertfordshireResident"],
    checklist_item: Some(1),
    messages: &[msg("",
        "The home postcode is not in a Hertfordshire postcode district, but the pupil is said to live in Hertfordshire. Check the postcode and where the pupil lives")],
    sources: &[RESIDENT, A2_1],
};

pub(crate) const POSTCODE_BORDER: Rule = Rule {
    id: "pupil-home-postcode-border",
    severity: Warning,
    summary: "A pupil said to live in Hertfordshire has a home postcode in a district that crosses the county boundary: check the address is in Hertfordshire.",
    fields: &["pupil.homePostcode", "pupil.hertfordshireResident"],
    checklist_item: None,
    messages: &[msg("",
        "The home postcode is in a district that crosses the Hertfordshire border. Check the pupil’s address is in Hertfordshire, not a neighbouring county")],
    sources: &[RESIDENT],
};

pub(crate) const POSTCODE_FORMAT: Rule = Rule {
    id: "pupil-home-postcode-format",
    severity: Warning,
    summary: "The home postcode looks like a UK postcode.",
    fields: &["pupil.homePostcode"],
    checklist_item: None,
    messages: &[msg("", "Enter a real postcode, like SG13 8DQ")],
    sources: &[A2_1, RESIDENT],
};

/// The 23 check letters of a UPN, in order of their value.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// Whether `upn` is a well-formed UPN with the right check letter.
///
/// ```
/// assert!(esma_core::rules::upn_is_valid("H801200001001"));
/// assert!(!esma_core::rules::upn_is_valid("A801200001001"));
/// ```
pub fn upn_is_valid(upn: &str) -> bool {
    let b = upn.trim().as_bytes();
    if b.len() != 13 || !b[1..12].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let last = match b[12] {
        d @ b'0'..=b'9' => (d - b'0') as u32,
        l => match UPN_LETTERS
            .iter()
            .position(|x| *x == l.to_ascii_uppercase())
        {
            Some(p) => p as u32,
            None => return false,
        },
    };
    let mut sum = last * 13;
    for (i, d) in b[1..12].iter().enumerate() {
        sum += (d - b'0') as u32 * (i as u32 + 2);
    }
    UPN_LETTERS[(sum % 23) as usize] == b[0].to_ascii_uppercase()
}

/// The outward code (postcode district) of a postcode with the shape
/// [`postcode_is_valid`] checks, in capitals: `sg13 8dq` → `SG13`.
fn outward_code(postcode: &str) -> String {
    let c: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    c[..c.len().saturating_sub(3)].to_string()
}

/// Whether `pc` has the shape of a UK postcode (e.g. `SG13 8DQ`, `AL1 3JX`,
/// `WD18 0AB`, `EC1A 1BB`).
pub fn postcode_is_valid(pc: &str) -> bool {
    let c: Vec<u8> = pc
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if pc.trim().len() > 10
        || !(5..=7).contains(&c.len())
        || !c.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let (out, inw) = c.split_at(c.len() - 3);
    inw[0].is_ascii_digit()
        && inw[1].is_ascii_alphabetic()
        && inw[2].is_ascii_alphabetic()
        && out[0].is_ascii_alphabetic()
        && out.iter().any(u8::is_ascii_digit)
        && out
            .iter()
            .position(u8::is_ascii_digit)
            .is_some_and(|p| p == 1 || p == 2)
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let p = &ctx.r.pupil;
    let dob = ctx.past_date(
        &DATE_OF_BIRTH,
        "pupil.dateOfBirth",
        "Date of birth",
        p.date_of_birth.as_deref(),
    );
    ctx.need_text(
        &NAME,
        "pupil.firstName",
        "first",
        &p.first_name,
        Need::Answer,
    );
    ctx.need_text(&NAME, "pupil.lastName", "last", &p.last_name, Need::Answer);
    match p.upn.as_deref() {
        None => ctx.flag(&UPN, "pupil.upn"),
        Some(u) if u.trim().is_empty() => ctx.flag(&UPN, "pupil.upn"),
        Some(u) if !upn_is_valid(u) => ctx.flag(&UPN_FORMAT, "pupil.upn"),
        Some(_) => {}
    }
    match p.year_group {
        None => ctx.flag_key(&YEAR_GROUP, "pupil.yearGroup", "missing"),
        Some(y) if y > 13 => ctx.flag_key(&YEAR_GROUP, "pupil.yearGroup", "range"),
        Some(y) => {
            if let Some(dob) = dob {
                if school_age::expected_year_group(dob, ctx.today) != y as i32 {
                    ctx.flag(&YEAR_GROUP_AGE, "pupil.yearGroup");
                }
            }
        }
    }
    match p.home_postcode.as_deref() {
        Some(pc) if !pc.trim().is_empty() => {
            if !postcode_is_valid(pc) {
                ctx.flag(&POSTCODE_FORMAT, "pupil.homePostcode");
            } else if p.hertfordshire_resident == Some(true) {
                match ctx
                    .settings
                    .hertfordshire_postcodes
                    .place(&outward_code(pc))
                {
                    CountyPostcode::Outside => ctx.flag(&POSTCODE_COUNTY, "pupil.homePostcode"),
                    CountyPostcode::Border => ctx.flag(&POSTCODE_BORDER, "pupil.homePostcode"),
                    CountyPostcode::Inside => {}
                }
            }
        }
        _ => ctx.flag(&POSTCODE, "pupil.homePostcode"),
    }
}
