//! The referring school and the people it names: referrer, designated
//! officer, review chair and pastoral link; the ISL area the request goes to;
//! how often reviews are held.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::{blank, Person};

pub(crate) const NAME: Rule = Rule {
    id: "school-name",
    severity: Blocking,
    summary: "The school's name is given.",
    fields: &["school.name"],
    checklist_item: Some(1),
    messages: &[msg(
        "",
        "Enter the school’s name",
        "The school needs to give its name.",
    )],
    sources: &[A2_1],
};

pub(crate) const URN: Rule = Rule {
    id: "school-urn",
    severity: Blocking,
    summary: "The school's URN (6 digits) is given.",
    fields: &["school.urn"],
    checklist_item: Some(1),
    messages: &[
        msg(
            "missing",
            "Enter the school’s URN (unique reference number)",
            "The school needs to give its reference number.",
        ),
        msg(
            "format",
            "The school’s URN must be 6 numbers",
            "The school’s reference number does not look right. The school will correct it.",
        ),
    ],
    sources: &[A2_1],
};

pub(crate) const REFERRER: Rule = Rule {
    id: "school-referrer",
    severity: Blocking,
    summary: "The person referring is named, with a role and a way to contact them.",
    fields: &[
        "school.referrer.name",
        "school.referrer.role",
        "school.referrer.email",
    ],
    checklist_item: Some(1),
    messages: &[
        msg(
            "name",
            "Enter the name of the person making the referral",
            "The school needs to say who is making the referral.",
        ),
        msg(
            "role",
            "Enter the job title of the person making the referral",
            "The school needs to give the job title of the person making the referral.",
        ),
        msg(
            "contact",
            "Enter an email address or phone number for the person making the referral",
            "The school needs to say how ESMA can contact the person making the referral.",
        ),
    ],
    sources: &[A2_1, A2_1_DELAY],
};

pub(crate) const ISL_AREA: Rule = Rule {
    id: "annex2-1-isl-area",
    severity: Blocking,
    summary: "The school's district places the request in an ISL geographical area.",
    fields: &["school.district"],
    checklist_item: Some(1),
    messages: &[
        msg("missing", "Select the school’s district, so the request goes to the right ISL area", "The school needs to say which district it is in, so the request reaches the right local team."),
        msg("unknown", "Select a district from the list. The district given is not in any ISL area", "The district the school gave is not one the council lists. The school will correct it."),
    ],
    sources: &[A2_1],
};

pub(crate) const DESIGNATED_OFFICER: Rule = Rule {
    id: "school-designated-officer",
    severity: Warning,
    summary: "The school's designated officer for pupils with health needs is named and aware.",
    fields: &["school.designatedOfficer.name"],
    checklist_item: None,
    messages: &[msg("",
        "Enter the name of the school’s designated officer for pupils with health needs. They must be made aware of the referral",
        "The school should name the member of staff responsible for pupils with health needs, who keeps track of referrals like this one.")],
    sources: &[SG_DESIGNATED_OFFICER],
};

pub(crate) const REVIEW_CHAIR: Rule = Rule {
    id: "school-review-chair",
    severity: Blocking,
    summary: "A senior member of staff, able to make decisions, will chair the reviews.",
    fields: &["school.reviewChair.name", "school.reviewChair.role"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the senior member of staff who will chair review meetings", "The school needs to name the senior member of staff who will run the regular review meetings about your child."),
        msg("role", "Enter the job title of the senior member of staff who will chair review meetings", "The school needs to give the job title of the senior member of staff who will run the review meetings."),
    ],
    sources: &[SLA_REVIEW_CHAIR, REVIEW_6_WEEKS],
};

pub(crate) const REVIEW_FREQUENCY: Rule = Rule {
    id: "review-frequency",
    severity: Warning,
    summary: "Review meetings are planned at least as often as the council's setting (the policy says half-termly and every 6 weeks).",
    fields: &["school.reviewIntervalWeeks"],
    checklist_item: None,
    messages: &[
        msg("missing",
            "Say how often review meetings will be held. The council expects them at least every {weeks} weeks",
            "The school should say how often it will hold review meetings about your child."),
        msg("too-long",
            "Review meetings should be held at least every {weeks} weeks. The policy says both half-termly and every 6 weeks",
            "Review meetings about your child should be held at least every {weeks} weeks."),
    ],
    sources: &[SLA_REVIEW_CHAIR, REVIEW_6_WEEKS, REVIEW_HALF_TERMLY, REVIEW_HALF_TERMLY_ENTRY],
};

pub(crate) const PASTORAL_LINK: Rule = Rule {
    id: "school-pastoral-link",
    severity: Blocking,
    summary: "A pastoral link (tutor or key worker) is named for regular contact with the pupil.",
    fields: &["school.pastoralLink.name", "school.pastoralLink.role"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the pupil’s pastoral link (tutor or key worker)", "The school needs to name the tutor or key worker who will keep in regular touch with your child."),
        msg("role", "Say whether the pastoral link is a tutor or key worker", "The school needs to say whether your child’s contact at school is a tutor or key worker."),
    ],
    sources: &[SLA_PASTORAL],
};

fn person(ctx: &mut Ctx<'_>, rule: &Rule, path: &str, p: &Person) {
    if blank(&p.name) {
        ctx.flag_key(rule, format!("{path}.name"), "name");
    }
    if blank(&p.role) {
        ctx.flag_key(rule, format!("{path}.role"), "role");
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.school;
    if blank(&s.name) {
        ctx.flag(&NAME, "school.name");
    }
    match s.urn.as_deref().map(str::trim) {
        None | Some("") => ctx.flag_key(&URN, "school.urn", "missing"),
        Some(u) if u.len() != 6 || !u.bytes().all(|b| b.is_ascii_digit()) => {
            ctx.flag_key(&URN, "school.urn", "format")
        }
        Some(_) => {}
    }
    person(ctx, &REFERRER, "school.referrer", &s.referrer);
    if !s.referrer.has_contact() {
        ctx.flag_key(&REFERRER, "school.referrer.email", "contact");
    }
    match s.district.as_deref().map(str::trim) {
        None | Some("") => ctx.flag_key(&ISL_AREA, "school.district", "missing"),
        Some(d) if ctx.settings.area_for_district(d).is_none() => {
            ctx.flag_key(&ISL_AREA, "school.district", "unknown")
        }
        Some(_) => {}
    }
    if !s.designated_officer.is_named() {
        ctx.flag(&DESIGNATED_OFFICER, "school.designatedOfficer.name");
    }
    person(ctx, &REVIEW_CHAIR, "school.reviewChair", &s.review_chair);
    let weeks = ctx.settings.review_interval_weeks.to_string();
    match s.review_interval_weeks {
        None => ctx.flag_args(
            &REVIEW_FREQUENCY,
            "school.reviewIntervalWeeks",
            "missing",
            &[("weeks", &weeks)],
        ),
        Some(w) if w == 0 || w > ctx.settings.review_interval_weeks => ctx.flag_args(
            &REVIEW_FREQUENCY,
            "school.reviewIntervalWeeks",
            "too-long",
            &[("weeks", &weeks)],
        ),
        Some(_) => {}
    }
    person(ctx, &PASTORAL_LINK, "school.pastoralLink", &s.pastoral_link);
}
