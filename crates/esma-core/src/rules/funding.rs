//! Additional funding: EHCP, Local High Needs Funding and the Pupil Premium
//! Grant — whether each applies, how it supports access to education, and any
//! agreement or plan for its use.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::blank;
use crate::rules::answers::Need;

pub(crate) const ANSWERED: Rule = Rule {
    id: "hsr-funding-answered",
    severity: Blocking,
    summary: "Whether the pupil receives each kind of additional funding is answered.",
    fields: &[
        "funding.ehcp.receives",
        "funding.localHighNeedsFunding.receives",
        "funding.pupilPremiumGrant.receives",
    ],
    checklist_item: Some(6),
    messages: &[
        msg("ehcp", "Say whether the pupil has an EHCP"),
        msg(
            "localHighNeedsFunding",
            "Say whether the pupil receives Local High Needs Funding",
        ),
        msg(
            "pupilPremiumGrant",
            "Say whether the pupil receives the Pupil Premium Grant",
        ),
    ],
    sources: &[HSR_FUNDING, A2_6_STATED],
};

pub(crate) const STATEMENT: Rule = Rule {
    id: "hsr-funding-statement",
    severity: Blocking,
    summary: "For each kind of funding the pupil receives, the school states how it supports access to education.",
    fields: &["funding.ehcp.statement", "funding.localHighNeedsFunding.statement", "funding.pupilPremiumGrant.statement"],
    checklist_item: Some(6),
    messages: &[
        msg("ehcp", "Describe how the EHCP funding is being used to support the pupil’s access to education"),
        msg("localHighNeedsFunding", "Describe how the Local High Needs Funding is being used to support the pupil’s access to education"),
        msg("pupilPremiumGrant", "Describe how the Pupil Premium Grant is being used to support the pupil’s access to education"),
    ],
    sources: &[HSR_FUNDING, A2_6_STATED, SLA_FUNDING],
};

pub(crate) const PLAN: Rule = Rule {
    id: "annex2-6-funding-plan",
    severity: Warning,
    summary:
        "For each kind of funding the pupil receives, an agreement or plan for its use is attached.",
    fields: &[
        "funding.ehcp.planAttachmentId",
        "funding.localHighNeedsFunding.planAttachmentId",
        "funding.pupilPremiumGrant.planAttachmentId",
    ],
    checklist_item: None,
    messages: &[
        msg(
            "ehcp",
            "Attach any agreement or plan for the use of the EHCP funding",
        ),
        msg(
            "localHighNeedsFunding",
            "Attach any agreement or plan for the use of the Local High Needs Funding",
        ),
        msg(
            "pupilPremiumGrant",
            "Attach any agreement or plan for the use of the Pupil Premium Grant",
        ),
    ],
    sources: &[A2_6_PLAN],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for (key, _, s) in ctx.r.funding.streams() {
        match s.receives {
            None => ctx.flag_key(&ANSWERED, format!("funding.{key}.receives"), key),
            Some(true) => {
                ctx.need_text(
                    &STATEMENT,
                    format!("funding.{key}.statement"),
                    key,
                    &s.statement,
                    Need::Description,
                );
                if blank(&s.plan_attachment_id) {
                    ctx.flag_key(&PLAN, format!("funding.{key}.planAttachmentId"), key);
                }
            }
            Some(false) => {}
        }
    }
}
