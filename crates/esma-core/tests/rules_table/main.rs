//! Table tests for every rule: each rule fails on at least one change to the
//! complete fixture (`check_fail`) and passes on the complete fixture and on
//! the boundary cases listed (`check_ok`). A last test proves every rule in
//! the catalogue has both. The cases live one file per family of rules.

#[path = "../common/mod.rs"]
mod common;

mod absence_health;
mod consent_attachments;
mod entry_pupil;
mod evidence;
mod safeguarding_exams;
mod school;
mod support_funding;

use std::collections::BTreeSet;

use chrono::NaiveDate;
pub use common::*;
pub use esma_core::referral::*;
use esma_core::rules::catalogue;
use esma_core::settings::Settings;
use esma_core::validate::{validate, Report};

/// A change to the complete referral.
pub type Mutate = fn(&mut Referral);
/// (rule id, field the finding must name, change to the complete referral,
/// today or "" for the fixtures' date)
pub type Fail = (&'static str, &'static str, Mutate, &'static str);
/// (rule id, change to the complete referral that must still pass that rule,
/// today)
pub type Pass = (&'static str, Mutate, &'static str);

fn fail_cases() -> impl Iterator<Item = &'static Fail> {
    [
        entry_pupil::FAIL,
        school::FAIL,
        absence_health::FAIL,
        evidence::FAIL,
        support_funding::FAIL,
        safeguarding_exams::FAIL,
        consent_attachments::FAIL,
    ]
    .into_iter()
    .flatten()
}

fn ok_cases() -> impl Iterator<Item = &'static Pass> {
    [
        entry_pupil::OK,
        school::OK,
        absence_health::OK,
        evidence::OK,
        support_funding::OK,
        safeguarding_exams::OK,
        consent_attachments::OK,
    ]
    .into_iter()
    .flatten()
}

pub fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn day(t: &str) -> NaiveDate {
    if t.is_empty() {
        as_of()
    } else {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap()
    }
}

fn run(m: Mutate, today: &str) -> Report {
    let mut r = complete();
    m(&mut r);
    validate(&r, day(today), &Settings::default())
}

#[test]
fn check_fail() {
    for (i, (rule, field, m, today)) in fail_cases().enumerate() {
        let report = run(*m, today);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == *rule && f.field == *field),
            "case {i}: expected {rule} at {field}, got {:#?}",
            report
                .findings
                .iter()
                .map(|f| (f.rule, f.field.as_str()))
                .collect::<Vec<_>>()
        );
        let r = esma_core::rules::rule(rule).unwrap();
        for f in report.findings.iter().filter(|f| f.rule == *rule) {
            assert_eq!(f.severity, r.severity);
            assert!(!f.message.is_empty(), "{rule}");
        }
    }
}

#[test]
fn check_ok() {
    let base = run(|_| {}, "");
    assert!(
        base.findings
            .iter()
            .all(|f| f.rule == "consent-paper-unverifiable"),
        "the complete fixture passes every rule: {:#?}",
        base.findings
    );
    for (i, (rule, m, today)) in ok_cases().enumerate() {
        let report = run(*m, today);
        assert!(
            !report.findings.iter().any(|f| f.rule == *rule),
            "case {i}: {rule} should pass, got {:#?}",
            report
                .findings
                .iter()
                .filter(|f| f.rule == *rule)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_rule_has_a_failing_case() {
    let failing: BTreeSet<&str> = fail_cases().map(|c| c.0).collect();
    let ids: BTreeSet<&str> = catalogue().iter().map(|r| r.id).collect();
    let untested: Vec<_> = ids.difference(&failing).collect();
    assert!(
        untested.is_empty(),
        "rules without a failing case: {untested:?}"
    );
    for id in failing.iter().chain(ok_cases().map(|c| &c.0)) {
        assert!(ids.contains(id), "{id} is not in the catalogue");
    }
}

#[test]
fn catalogue_is_well_formed() {
    let mut seen = BTreeSet::new();
    for r in catalogue() {
        assert!(seen.insert(r.id), "duplicate id {}", r.id);
        assert!(
            r.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            r.id
        );
        assert!(
            !r.fields.is_empty() && !r.messages.is_empty() && !r.summary.is_empty(),
            "{}",
            r.id
        );
        for m in r.messages {
            assert!(!m.staff.is_empty(), "{}", r.id);
            assert!(
                !m.staff.ends_with('.'),
                "{}: staff messages are error messages, no full stop",
                r.id
            );
        }
        for f in r.fields {
            assert!(f.split('.').all(|seg| !seg.is_empty()), "{}: {f}", r.id);
        }
    }
}

#[test]
fn evidence_currency_threshold_is_a_setting() {
    let mut r = complete();
    r.medical_evidence[0].date = s("2026-07-01");
    let twelve = validate(&r, as_of(), &Settings::default());
    assert!(twelve
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency" && f.message.contains("12 weeks old")));
    let settings = Settings {
        evidence_currency_weeks: 24,
        ..Settings::default()
    };
    let report = validate(&r, as_of(), &settings);
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency"));
    // Annex 2 item 4's "current", not the 12-week continuing-support sentence.
    let rule = esma_core::rules::rule("evidence-currency").unwrap();
    assert!(rule.sources[0]
        .quote
        .starts_with("Included the current treatment plan"));
    assert!(!rule
        .sources
        .iter()
        .any(|s| s.quote.contains("beyond 12 weeks")));
}

#[test]
fn evidence_age_limit_is_a_setting() {
    let mut r = complete();
    r.medical_evidence[0].date = s("2025-10-01");
    let blocked = validate(&r, as_of(), &Settings::default());
    let f = blocked
        .findings
        .iter()
        .find(|f| f.rule == "evidence-too-old")
        .expect("older than 12 months blocks");
    assert!(f.message.contains("12 months"), "{}", f.message);
    assert!(!blocked
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency"));
    let settings = Settings {
        evidence_max_age_months: 18,
        ..Settings::default()
    };
    let report = validate(&r, as_of(), &settings);
    assert!(!report.findings.iter().any(|f| f.rule == "evidence-too-old"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "evidence-currency"));
}

#[test]
fn paper_consent_window_is_a_setting() {
    let mut r = complete();
    r.consent.signed_on = s("2026-03-01");
    let too_old = |settings: &Settings| {
        validate(&r, as_of(), settings)
            .findings
            .iter()
            .any(|f| f.rule == "hsr-parental-consent" && f.field == "consent.signedOn")
    };
    assert!(too_old(&Settings::default()));
    assert!(!too_old(&Settings {
        consent_max_age_months: 12,
        ..Settings::default()
    }));
}

#[test]
fn placeholders_and_minimum_words_are_settings() {
    let mut r = complete();
    r.support.apdr.working_well = s("Nothing yet");
    r.health.condition = s("Glandular fever");
    let defaults = validate(&r, as_of(), &Settings::default());
    let found = |report: &Report, field: &str| report.findings.iter().any(|f| f.field == field);
    assert!(
        found(&defaults, "support.apdr.workingWell"),
        "two words are too few"
    );
    assert!(!found(&defaults, "health.condition"));
    let mut settings = Settings::default();
    settings.answer_checks.description_min_words = 2;
    settings
        .answer_checks
        .placeholders
        .push("glandular fever".into());
    let custom = validate(&r, as_of(), &settings);
    assert!(!found(&custom, "support.apdr.workingWell"));
    assert!(found(&custom, "health.condition"));
    let f = custom
        .findings
        .iter()
        .find(|f| f.field == "health.condition")
        .unwrap();
    assert!(
        f.message.starts_with("Enter the reason for the absence"),
        "{}",
        f.message
    );
    assert!(f.message.contains("‘n/a’"), "says why: {}", f.message);
}

#[test]
fn a_missing_upn_warns_and_never_blocks() {
    let mut r = complete();
    r.pupil.upn = None;
    let report = validate(&r, as_of(), &Settings::default());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "pupil-upn")
        .unwrap();
    assert_eq!(f.severity, esma_core::rules::Severity::Warning);
    assert!(!report.has_blocking());
    assert_eq!(
        report.checklist.item(1).unwrap().status.as_str(),
        "complete"
    );
}

#[test]
fn paper_consent_is_information_for_the_council_only() {
    let rule = esma_core::rules::rule("consent-paper-unverifiable").unwrap();
    assert_eq!(rule.severity, esma_core::rules::Severity::Info);
    assert!(esma_core::rules::is_council_only(rule.id));
    let report = validate(&complete(), as_of(), &Settings::default());
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == esma_core::rules::Severity::Info));
}

#[test]
fn attendance_messages_set_the_law_beside_the_policy() {
    let rule = esma_core::rules::rule("attendance-code").unwrap();
    for key in ["c", "c2", "k", "b", "unknown"] {
        let m = rule.message(key).staff;
        assert!(
            m.contains("code I means absent because of illness"),
            "{key}: {m}"
        );
        assert!(m.contains("policy"), "{key}: {m}");
    }
    assert!(rule.message("c").staff.contains("register code C"));
}

#[test]
fn an_old_draft_upgrades_and_old_answers_still_count() {
    // A referral saved before teachingLocation existed.
    let mut r: Referral =
        serde_json::from_str(r#"{"formatVersion": 1, "safeguarding": {"teachingAtHome": true}}"#)
            .unwrap();
    // The rules read the old answer as it is (a signed pack is never changed).
    let report = validate(&r, as_of(), &Settings::default());
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "teaching-location"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "safeguarding-home-teaching-risk-assessment"));
    assert!(upgrade(&mut r));
    assert_eq!(
        r.safeguarding.teaching_location,
        Some(TeachingLocation::Home)
    );
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["safeguarding"]["teachingAtHome"].is_null());
    // "No" did not say where: the question is asked again.
    let mut r: Referral =
        serde_json::from_str(r#"{"safeguarding": {"teachingAtHome": false}}"#).unwrap();
    assert!(upgrade(&mut r));
    assert_eq!(r.safeguarding.teaching_location, None);
}

#[test]
fn review_threshold_is_a_setting() {
    let mut r = complete();
    r.school.review_interval_weeks = Some(7);
    let settings = Settings {
        review_interval_weeks: 8,
        ..Settings::default()
    };
    assert!(!validate(&r, as_of(), &settings)
        .findings
        .iter()
        .any(|f| f.rule == "review-frequency"));
    assert!(
        esma_core::rules::rule("review-frequency")
            .unwrap()
            .sources
            .len()
            >= 2
    );
}

#[test]
fn messages_never_echo_user_input() {
    let mut r = complete();
    let secret = "ZQXSECRETQZX";
    r.pupil.first_name = None;
    r.pupil.upn = Some(secret.into());
    r.pupil.home_postcode = Some(secret.into());
    r.school.district = Some(secret.into());
    r.school.urn = Some(secret.into());
    r.absence.attendance_code = Some(secret.into());
    r.medical_evidence[0].date = Some(secret.into());
    r.attachments[0].media_type = Some(secret.into());
    r.attachments[0].sha256 = Some(secret.into());
    r.support.apdr.attachment_id = Some(secret.into());
    r.consent.signed_on = Some(secret.into());
    r.consent.signed_by = Some(secret.into());
    r.consent.signer_relationship = Some(secret.into());
    r.school.referrer.email = Some(secret.into());
    r.school.referrer.phone = Some(secret.into());
    r.school.review_chair.role = Some("Teaching assistant ZQXSECRETQZX".into());
    r.medical_evidence[0].phone = Some(secret.into());
    r.absence.start_date = Some(secret.into());
    r.health.ihcp.last_reviewed = Some(secret.into());
    r.pupil.home_district = Some(secret.into());
    r.school.kind = Some(SchoolKind::Independent);
    r.support.adjustments = vec![secret.into()];
    r.support.reasonable_adjustments = Some(format!("{secret} n/a"));
    r.health.condition = Some("n/a".into());
    r.health.likely_duration = Some(format!("{secret} tbc"));
    r.previous_referral.referred_before = Some(true);
    r.previous_referral.referred_on = Some(secret.into());
    r.pupil.date_of_birth = Some(secret.into());
    let report = validate(&r, as_of(), &Settings::default());
    assert!(report.findings.len() > 8);
    for f in &report.findings {
        assert!(!f.message.contains(secret), "{}: {}", f.rule, f.message);
    }
    for i in &report.checklist.items {
        assert!(!i.reason.contains(secret));
    }
}

#[test]
fn checklist_follows_findings() {
    let mut r = complete();
    r.support.apdr.attachment_id = s("att-missing");
    r.funding.pupil_premium_grant.receives = Some(false);
    r.absence.reduced_timetable = Some(false);
    let report = validate(&r, as_of(), &Settings::default());
    let status = |n| report.checklist.item(n).unwrap().status.as_str();
    assert_eq!(
        status(2),
        "missing",
        "a broken APDR attachment link makes item 2 missing"
    );
    assert_eq!(status(3), "not-applicable");
    assert_eq!(status(6), "not-applicable");
    assert_eq!(status(1), "complete");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["checklist"][1]["item"], 2);
    assert_eq!(json["checklist"][1]["status"], "missing");
    let keys: BTreeSet<&str> = json["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["rule", "severity", "field", "message"])
    );
}

#[test]
fn valid_typestate() {
    use esma_core::validate::Valid;
    let ok = Valid::check(complete(), as_of(), &Settings::default()).expect("complete is valid");
    assert_eq!(ok.get(), &complete());
    let err = Valid::check(Referral::default(), as_of(), &Settings::default()).unwrap_err();
    assert!(err.has_blocking());
}

#[test]
fn empty_json_is_an_empty_referral_and_unknown_keys_are_ignored() {
    let r: Referral =
        serde_json::from_str(r#"{"unknownKey": 1, "pupil": {"nickname": "x"}}"#).unwrap();
    assert_eq!(r, Referral::default());
}
