//! The referring school and the people it names: referrer, designated
//! officer, review chair and pastoral link; the type of school and the ISL
//! area the request goes to; how often reviews are held.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::referral::{Person, SchoolKind};
use crate::rules::answers::Need;

pub(crate) const NAME: Rule = Rule {
    id: "school-name",
    severity: Blocking,
    summary: "The school's name is given.",
    fields: &["school.name"],
    checklist_item: Some(1),
    messages: &[msg("", "Enter the school’s name")],
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
        ),
        msg("format", "The school’s URN must be 6 numbers"),
    ],
    sources: &[A2_1],
};

pub(crate) const KIND: Rule = Rule {
    id: "school-type",
    severity: Blocking,
    summary:
        "The type of school is given (mainstream, special, independent or alternative provision).",
    fields: &["school.kind"],
    checklist_item: Some(1),
    messages: &[msg("", "Select the type of school")],
    sources: &[SCOPE_SCHOOLS, A2_1],
};

pub(crate) const REFERRER: Rule = Rule {
    id: "school-referrer",
    severity: Blocking,
    summary:
        "The person referring is named, with a job title and an email address or phone number.",
    fields: &[
        "school.referrer.name",
        "school.referrer.role",
        "school.referrer.email",
    ],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the person making the referral"),
        msg(
            "role",
            "Enter the job title of the person making the referral",
        ),
        msg(
            "contact",
            "Enter an email address or phone number for the person making the referral",
        ),
    ],
    sources: &[A2_1, A2_1_DELAY],
};

pub(crate) const ISL_AREA: Rule = Rule {
    id: "annex2-1-isl-area",
    severity: Blocking,
    summary: "The request has an ISL geographical area: the school's district for a state-funded school in Hertfordshire, otherwise the pupil's home district.",
    fields: &["school.inHertfordshire", "school.district", "pupil.homeDistrict"],
    checklist_item: Some(1),
    messages: &[
        msg("location", "Say whether the school is in Hertfordshire"),
        msg("missing", "Select the school’s district, so the request goes to the right ISL area"),
        msg("unknown", "Select a district from the list. The district given is not in any ISL area"),
        msg("home-missing", "Select the district the pupil lives in. For a school outside Hertfordshire or an independent school, the ISL area follows the pupil’s home"),
        msg("home-unknown", "Select the pupil’s home district from the list. The district given is not in any ISL area"),
    ],
    sources: &[A2_1],
};

pub(crate) const DESIGNATED_OFFICER: Rule = Rule {
    id: "school-designated-officer",
    severity: Warning,
    summary: "The school's designated officer for pupils with health needs is named, and the school says they have been made aware of the referral.",
    fields: &["school.designatedOfficer.name", "school.designatedOfficerAware"],
    checklist_item: None,
    messages: &[
        msg("name",
            "Enter the name of the school’s designated officer for pupils with health needs"),
        msg("aware",
            "Make the designated officer for pupils with health needs aware of the referral, and say so"),
    ],
    sources: &[SG_DESIGNATED_OFFICER],
};

pub(crate) const REVIEW_CHAIR: Rule = Rule {
    id: "school-review-chair",
    severity: Blocking,
    summary: "The review chair is named with a job title that is not on the council's list of roles that are not senior, and the school confirms they are a senior member of staff, able to make decisions.",
    fields: &["school.reviewChair.name", "school.reviewChair.role", "school.reviewChairSenior"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the senior member of staff who will chair review meetings"),
        msg("role", "Enter the job title of the senior member of staff who will chair review meetings"),
        msg("not-senior-role", "Review meetings must be chaired by a senior member of staff, able to make decisions, such as a deputy headteacher. The job title given is not a senior role"),
        msg("senior", "Say whether the review chair is a senior member of staff, able to make decisions"),
        msg("not-senior", "Name a senior member of staff, able to make decisions, to chair review meetings"),
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
            "Say how often review meetings will be held. The council expects them at least every {weeks} weeks"),
        msg("too-long",
            "Review meetings should be held at least every {weeks} weeks. The policy says both half-termly and every 6 weeks"),
    ],
    sources: &[SLA_REVIEW_CHAIR, REVIEW_6_WEEKS, REVIEW_HALF_TERMLY, REVIEW_HALF_TERMLY_ENTRY],
};

pub(crate) const PASTORAL_LINK: Rule = Rule {
    id: "school-pastoral-link",
    severity: Blocking,
    summary: "A pastoral link (tutor or key worker) for regular contact with the pupil is named, with their role.",
    fields: &["school.pastoralLink.name", "school.pastoralLink.role"],
    checklist_item: Some(1),
    messages: &[
        msg("name", "Enter the name of the pupil’s pastoral link (tutor or key worker)"),
        msg("role", "Say whether the pastoral link is a tutor or key worker"),
    ],
    sources: &[SLA_PASTORAL],
};

/// A named person's name and role; returns whether the role is given.
pub(crate) fn person(ctx: &mut Ctx<'_>, rule: &Rule, path: &str, p: &Person) -> bool {
    ctx.need_text(rule, format!("{path}.name"), "name", &p.name, Need::Answer);
    ctx.need_text(rule, format!("{path}.role"), "role", &p.role, Need::Answer)
}

fn isl_area(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    let s = &r.school;
    let listed = |ctx: &Ctx<'_>, d: &Option<String>| {
        d.as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| ctx.settings.area_for_district(d).is_some())
    };
    if s.area_follows_home() {
        // The school has no ISL district: the pupil's home decides, for a
        // pupil who lives in Hertfordshire (eligibility is another rule's).
        if r.pupil.hertfordshire_resident == Some(false) {
            return;
        }
        match listed(ctx, &r.pupil.home_district) {
            None => ctx.flag_key(&ISL_AREA, "pupil.homeDistrict", "home-missing"),
            Some(false) => ctx.flag_key(&ISL_AREA, "pupil.homeDistrict", "home-unknown"),
            Some(true) => {}
        }
        return;
    }
    match listed(ctx, &s.district) {
        // A listed district says the school is in Hertfordshire (drafts
        // made before the question was asked).
        Some(true) => {}
        Some(false) => ctx.flag_key(&ISL_AREA, "school.district", "unknown"),
        None if s.in_hertfordshire.is_none() && s.kind != Some(SchoolKind::Independent) => {
            ctx.flag_key(&ISL_AREA, "school.inHertfordshire", "location")
        }
        None => ctx.flag_key(&ISL_AREA, "school.district", "missing"),
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let s = &ctx.r.school;
    ctx.need_text(&NAME, "school.name", "", &s.name, Need::Answer);
    if s.kind.is_none() {
        ctx.flag(&KIND, "school.kind");
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
    isl_area(ctx);
    ctx.need_text(
        &DESIGNATED_OFFICER,
        "school.designatedOfficer.name",
        "name",
        &s.designated_officer.name,
        Need::Answer,
    );
    if s.designated_officer_aware != Some(true) {
        ctx.flag_key(
            &DESIGNATED_OFFICER,
            "school.designatedOfficerAware",
            "aware",
        );
    }
    if person(ctx, &REVIEW_CHAIR, "school.reviewChair", &s.review_chair)
        && s.review_chair
            .role
            .as_deref()
            .is_some_and(|role| super::answers::names_role(role, &ctx.settings.not_senior_roles))
    {
        ctx.flag_key(&REVIEW_CHAIR, "school.reviewChair.role", "not-senior-role");
    }
    match s.review_chair_senior {
        None => ctx.flag_key(&REVIEW_CHAIR, "school.reviewChairSenior", "senior"),
        Some(false) => ctx.flag_key(&REVIEW_CHAIR, "school.reviewChairSenior", "not-senior"),
        Some(true) => {}
    }
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
