//! Every policy quote a rule cites appears verbatim in the policy text (white
//! space aside), and the copy in this crate equals the shared original.

use esma_core::rules::{catalogue, sources::POLICY};

const POLICY_COPY: &str = include_str!("../policy/esma-policy.txt");

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_policy_quote_is_verbatim() {
    let policy = squash(POLICY_COPY);
    let mut checked = 0;
    for rule in catalogue() {
        assert!(!rule.sources.is_empty(), "{} has no source", rule.id);
        for s in rule.sources {
            if s.document == POLICY {
                assert!(
                    policy.contains(&squash(s.quote)),
                    "{}: quote not in the policy: {:?}",
                    rule.id,
                    s.quote
                );
                assert!(!s.section.is_empty());
                checked += 1;
            } else {
                assert!(
                    s.document.contains("Act") || s.document.contains("Regulations"),
                    "{}: a source outside the policy must name an Act or Regulations: {}",
                    rule.id,
                    s.document
                );
            }
        }
    }
    assert!(checked > 60, "only {checked} quotes checked");
}

#[test]
fn policy_sections_are_headings_in_the_policy() {
    let policy = squash(POLICY_COPY);
    for rule in catalogue() {
        for s in rule.sources.iter().filter(|s| s.document == POLICY) {
            // "A: B" names a heading and a sub-heading; each must appear.
            for part in s.section.split(": ").filter(|p| !p.starts_with("Annex")) {
                assert!(
                    policy.contains(part),
                    "{}: section {:?} not in the policy",
                    rule.id,
                    part
                );
            }
            if s.section.starts_with("Annex") {
                assert!(
                    policy.contains(s.section),
                    "{}: section {:?} not in the policy",
                    rule.id,
                    s.section
                );
            }
        }
    }
}

#[test]
fn policy_copy_matches_shared_original() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/policy/esma-policy.txt");
    match std::fs::read_to_string(&shared) {
        Ok(original) => assert_eq!(
            original,
            POLICY_COPY,
            "crates/esma-core/policy/esma-policy.txt differs from {}",
            shared.display()
        ),
        Err(_) => eprintln!("{} not found; skipping the comparison", shared.display()),
    }
}
