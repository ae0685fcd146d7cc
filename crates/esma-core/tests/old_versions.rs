//! Drafts and packs made by earlier versions still open: a referral saved
//! under rules version 2026-11-28.3 reads, hashes for consent exactly as it
//! did, and a pack signed then still verifies, its differences from today's
//! rules marked as coming from the rules.

mod pack_support;

use esma_core::consent::content_value;
use esma_core::pack::verify::{verify_pack, Limits, Verdict};
use esma_core::pack::Pack;
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;
use esma_core::signed::jws::Signer;
use esma_core::signed::{b64, jcs};
use pack_support::*;
use serde_json::Value;

const OLD_COMPLETE: &str = include_str!("data/old/complete-rules-2026-11-28.3.json");

/// What the consent content hash covered then: the JSON as written, without
/// `consent`, blanks left out.
fn pruned(mut v: Value) -> Value {
    fn prune(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.values_mut().for_each(prune);
                m.retain(|_, x| match x {
                    Value::Null => false,
                    Value::Object(o) => !o.is_empty(),
                    Value::Array(a) => !a.is_empty(),
                    _ => true,
                });
            }
            Value::Array(a) => a.iter_mut().for_each(prune),
            _ => {}
        }
    }
    v.as_object_mut().unwrap().remove("consent");
    prune(&mut v);
    v
}

#[test]
fn an_old_referral_reads_and_its_consent_content_is_unchanged() {
    let raw: Value = serde_json::from_str(OLD_COMPLETE).unwrap();
    let r: Referral = serde_json::from_str(OLD_COMPLETE).unwrap();
    assert_eq!(
        content_value(&r),
        pruned(raw),
        "new optional fields add nothing"
    );
    // The old "teaching at home: no" still reads, and nothing reads it as home.
    assert_eq!(r.safeguarding.teaching_at_home, Some(false));
    assert_eq!(r.safeguarding.location(), None);
}

/// The complete pack, its manifest swapped for one made by rules version
/// 2026-11-28.3 (the old referral, and the one warning recorded then), signed
/// again with the same key.
fn old_pack() -> (Pack, TestKey) {
    let (pack, key) = signed_complete();
    let mut m = jcs::parse_bytes(&b64::decode_url(&pack.signed.payload).unwrap()).unwrap();
    m["referral"] = serde_json::from_str(OLD_COMPLETE).unwrap();
    m["app"]["rulesVersion"] = "2026-11-28.3".into();
    m["findings"] = serde_json::json!([{
        "rule": "consent-paper-unverifiable",
        "severity": "warning",
        "field": "consent.attachmentId",
        "message": "A scanned consent form cannot be checked by this service. To let the council check consent, ask the parent or carer to give consent in the app",
    }]);
    let mut p = pack.clone();
    p.signed.payload = b64::encode_url(jcs::to_string(&m).as_bytes());
    let sig = key.sign(&p.signed.signing_input()).unwrap();
    p.signed.signature = b64::encode_url(&sig);
    (p, key)
}

#[test]
fn an_old_pack_verifies_and_marks_what_the_rules_changed() {
    let (pack, key) = old_pack();
    let trusted: JwkSet = [key.public()].into_iter().collect();
    let bytes = pack.to_json().into_bytes();
    let v = verify_pack(
        &bytes,
        &Limits::default(),
        &P256,
        &trusted,
        today(),
        &Settings::default(),
    );
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    let rules = v.rules_today.as_ref().unwrap();
    assert_eq!(rules.rules_version_recorded, "2026-11-28.3");
    assert!(rules.changed);
    // Every difference comes from a rule that changed since: the referral
    // did not.
    for f in rules.new_findings.iter().chain(&rules.resolved_findings) {
        assert!(
            rules.changed_rules.contains(&f.rule),
            "{} is not marked as a changed rule",
            f.rule
        );
    }
    assert!(rules.changed_rules.iter().any(|r| r == "school-type"));
    assert!(v
        .to_text()
        .contains("a rule added or changed since signing"));
}
