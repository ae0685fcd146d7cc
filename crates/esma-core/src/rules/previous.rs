//! An earlier referral to ESMA: whether there was one, when, and why it
//! closed. The policy speaks of re-referral once, for a pupil whose support
//! closed because they were too unwell to engage: they "can be re-referred …
//! once they are in a better position … to engage with education", so that
//! case asks whether they now are.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::ClosureReason;

pub(crate) const PREVIOUS_REFERRAL: Rule = Rule {
    id: "previous-referral",
    severity: Blocking,
    summary: "Whether the pupil was referred to ESMA before is answered; an earlier referral gives its date and why it closed, and one closed because the pupil was too unwell says they are now well enough to engage with education.",
    fields: &[
        "previousReferral.referredBefore",
        "previousReferral.referredOn",
        "previousReferral.closureReason",
        "previousReferral.nowAbleToEngage",
    ],
    checklist_item: Some(1),
    messages: &[
        msg("unanswered",
            "Say whether the pupil has been referred to ESMA before"),
        msg("date",
            "Enter the date of the earlier referral"),
        msg("reason",
            "Select why ESMA’s support after the earlier referral ended"),
        msg("engage",
            "Say whether the pupil is now well enough to engage with education. ESMA closed the earlier referral because the pupil was too unwell"),
        msg("not-yet",
            "The pupil can be re-referred once they are in a better position, physically or mentally, to engage with education"),
    ],
    sources: &[EXIT_TOO_UNWELL, A2_1],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let p = &ctx.r.previous_referral;
    match p.referred_before {
        None => ctx.flag_key(
            &PREVIOUS_REFERRAL,
            "previousReferral.referredBefore",
            "unanswered",
        ),
        Some(false) => {}
        Some(true) => {
            const DATE: &str = "previousReferral.referredOn";
            if crate::date::parse_opt(p.referred_on.as_deref())
                == Err(crate::date::DateError::Missing)
            {
                ctx.flag_key(&PREVIOUS_REFERRAL, DATE, "date");
            } else {
                ctx.life_date(
                    &PREVIOUS_REFERRAL,
                    DATE,
                    "Date of the earlier referral",
                    p.referred_on.as_deref(),
                );
            }
            match p.closure_reason {
                None => ctx.flag_key(
                    &PREVIOUS_REFERRAL,
                    "previousReferral.closureReason",
                    "reason",
                ),
                Some(ClosureReason::TooUnwell) => match p.now_able_to_engage {
                    Some(true) => {}
                    None => ctx.flag_key(
                        &PREVIOUS_REFERRAL,
                        "previousReferral.nowAbleToEngage",
                        "engage",
                    ),
                    Some(false) => ctx.flag_ineligible(
                        &PREVIOUS_REFERRAL,
                        "previousReferral.nowAbleToEngage",
                        "not-yet",
                    ),
                },
                Some(_) => {}
            }
        }
    }
}
