//! Table cases: The school, its people and their contact details, and the ISL area.

use super::*;

pub const FAIL: &[Fail] = &[
    ("school-name", "school.name", |r| r.school.name = None, ""),
    ("school-urn", "school.urn", |r| r.school.urn = None, ""),
    (
        "school-urn",
        "school.urn",
        |r| r.school.urn = s("12345"),
        "",
    ),
    (
        "school-referrer",
        "school.referrer.name",
        |r| r.school.referrer.name = None,
        "",
    ),
    (
        "school-referrer",
        "school.referrer.role",
        |r| r.school.referrer.role = None,
        "",
    ),
    (
        "school-referrer",
        "school.referrer.email",
        |r| {
            r.school.referrer.email = None;
            r.school.referrer.phone = None
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        "school.district",
        |r| r.school.district = None,
        "",
    ),
    (
        "annex2-1-isl-area",
        "school.district",
        |r| r.school.district = s("Luton"),
        "",
    ),
    (
        "school-designated-officer",
        "school.designatedOfficer.name",
        |r| r.school.designated_officer.name = None,
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.name",
        |r| r.school.review_chair.name = None,
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.role",
        |r| r.school.review_chair.role = None,
        "",
    ),
    (
        "review-frequency",
        "school.reviewIntervalWeeks",
        |r| r.school.review_interval_weeks = None,
        "",
    ),
    (
        "review-frequency",
        "school.reviewIntervalWeeks",
        |r| r.school.review_interval_weeks = Some(7),
        "",
    ),
    (
        "school-pastoral-link",
        "school.pastoralLink.name",
        |r| r.school.pastoral_link.name = None,
        "",
    ),
    (
        "school-pastoral-link",
        "school.pastoralLink.role",
        |r| r.school.pastoral_link.role = None,
        "",
    ),
    (
        "school-name",
        "school.name",
        |r| r.school.name = s("tbc"),
        "",
    ),
    ("school-type", "school.kind", |r| r.school.kind = None, ""),
    (
        "contact-format",
        "school.referrer.email",
        |r| r.school.referrer.email = s("alex morgan"),
        "",
    ),
    (
        "contact-format",
        "school.referrer.phone",
        |r| r.school.referrer.phone = s("123"),
        "",
    ),
    (
        "contact-format",
        "safeguarding.responsibleAdult.phone",
        |r| r.safeguarding.responsible_adult.phone = s("07700"),
        "",
    ),
    (
        "contact-format",
        "school.designatedOfficer.email",
        |r| r.school.designated_officer.email = s("jo@school"),
        "",
    ),
    (
        "annex2-1-isl-area",
        "school.inHertfordshire",
        |r| {
            r.school.district = None;
            r.school.in_hertfordshire = None
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        "pupil.homeDistrict",
        |r| {
            r.school.in_hertfordshire = Some(false);
            r.school.district = None
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        "pupil.homeDistrict",
        |r| {
            r.school.kind = Some(SchoolKind::Independent);
            r.pupil.home_district = s("Luton")
        },
        "",
    ),
    (
        "school-designated-officer",
        "school.designatedOfficerAware",
        |r| r.school.designated_officer_aware = None,
        "",
    ),
    (
        "school-designated-officer",
        "school.designatedOfficerAware",
        |r| r.school.designated_officer_aware = Some(false),
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.role",
        |r| r.school.review_chair.role = s("Teaching assistant"),
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChairSenior",
        |r| r.school.review_chair_senior = None,
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChairSenior",
        |r| r.school.review_chair_senior = Some(false),
        "",
    ),
    (
        "school-review-chair",
        "school.reviewChair.name",
        |r| r.school.review_chair.name = s("N/A"),
        "",
    ),
    (
        "school-pastoral-link",
        "school.pastoralLink.role",
        |r| r.school.pastoral_link.role = s("-"),
        "",
    ),
];

pub const OK: &[Pass] = &[
    (
        "annex2-1-isl-area",
        |r| r.school.district = s(" st albans "),
        "",
    ),
    ("school-referrer", |r| r.school.referrer.email = None, ""),
    (
        "review-frequency",
        |r| r.school.review_interval_weeks = Some(4),
        "",
    ),
    (
        "annex2-1-isl-area",
        |r| {
            r.school.kind = Some(SchoolKind::Independent);
            r.school.district = None;
            r.pupil.home_district = s("Watford")
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        |r| {
            r.school.in_hertfordshire = Some(false);
            r.school.district = None;
            r.pupil.hertfordshire_resident = Some(false)
        },
        "",
    ),
    (
        "annex2-1-isl-area",
        |r| r.school.in_hertfordshire = None,
        "",
    ),
    (
        "contact-format",
        |r| {
            r.school.referrer.phone = s("+44 (0)1438 000001");
            r.safeguarding.responsible_adult.email = s("chris@example.example")
        },
        "",
    ),
    (
        "school-review-chair",
        |r| r.school.review_chair.role = s("Assistant Headteacher"),
        "",
    ),
    (
        "school-type",
        |r| r.school.kind = Some(SchoolKind::AlternativeProvision),
        "",
    ),
];
