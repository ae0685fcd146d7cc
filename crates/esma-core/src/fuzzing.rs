//! Entry points for the fuzz targets in `fuzz/` and for the regression test
//! `tests/fuzz_regressions.rs`, which feeds the kept corpus and every
//! minimised crash through these same functions on stable Rust.
//!
//! One function per target. Each reads untrusted bytes the way the app or
//! the CLI does, then carries on as far as the result allows (validate,
//! conclude, write back), and asserts the properties that must hold for any
//! input. A panic, an endless loop or a huge allocation is a bug.
//!
//! Not part of the crate's API: hidden from the documentation, and only
//! linked into a program that calls it.

use chrono::NaiveDate;

use crate::consent::request::{parse_request, REQUEST_FORMAT, REQUEST_TYP};
use crate::consent::response::{parse_response, RequestRef, RESPONSE_FORMAT, RESPONSE_TYP};
use crate::consent::{changes, content_sha256};
use crate::draft_file::{DraftFile, DraftFileLimits};
use crate::pack::verify::{verify_pack, Limits};
use crate::referral::Referral;
use crate::settings::Settings;
use crate::signed::jwk::{parse_fingerprint, JwkSet, PrivateJwk, PublicJwk};
use crate::signed::jws::{self, Header, Verifier};
use crate::signed::{b64, jcs};
use crate::validate::{validate, Valid};

/// The dates validation runs on: an ordinary day and both ends of a school year.
fn days() -> [NaiveDate; 3] {
    [(2026, 11, 28), (2027, 8, 31), (2027, 9, 1)]
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
}

/// A signature "verifies" when its first byte is even: no real signature is
/// needed to reach the code behind the check, and both outcomes are reached.
/// (The ES256 primitive itself is `p256`'s, tested with Wycheproof.)
struct EvenFirstByte;

impl Verifier for EvenFirstByte {
    fn verify(&self, _: &PublicJwk, _: &[u8], sig: &[u8; 64]) -> bool {
        sig[0].is_multiple_of(2)
    }
}

/// The signer of the files [`signed_payload`] wraps: a fixed key whose
/// coordinates need not be on the curve (no real signature is checked).
fn fixed_key() -> PublicJwk {
    PublicJwk::from_coordinates(&[7; 32], &[9; 32])
}

/// A referral as JSON, as the CLI and the app read it (within the limits),
/// then validated.
pub fn referral_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(referral) = crate::limits::read_referral(text) else {
        return;
    };
    // What is read writes back and reads again as the same referral.
    let value = crate::json::to_value(&referral);
    let again = crate::json::from_value::<Referral>(&value);
    assert_eq!(again.as_ref(), Ok(&referral), "referral JSON round trip");
    // The value the pages make directly is serde's.
    assert_eq!(crate::referral::ToJson::to_json(&referral), value, "ToJson");
    let settings = Settings::default();
    for today in days() {
        let report = validate(&referral, today, &settings);
        let _ = serde_json::to_string(&report);
    }
    let _ = Valid::check(referral.clone(), days()[0], &settings);
    // A draft from an earlier version upgrades once, then stays as it is.
    let mut upgraded = referral.clone();
    crate::referral::upgrade(&mut upgraded);
    assert!(
        !crate::referral::upgrade(&mut upgraded),
        "upgrade is idempotent"
    );
    let _ = validate(&upgraded, days()[0], &settings);
    let _ = content_sha256(&referral);
    let _ = changes(&Referral::default(), &referral);
}

/// A draft file, read with the default limits and its hashes checked; a file
/// that reads writes back to one that reads the same.
pub fn draft_file(data: &[u8]) {
    let limits = DraftFileLimits::default();
    let Ok(draft) = DraftFile::parse(data, &limits) else {
        return;
    };
    let _ = draft.verify_sha256();
    let again = DraftFile::parse(draft.to_json().as_bytes(), &limits);
    assert_eq!(again.as_ref(), Ok(&draft), "draft file round trip");
    let _ = validate(&draft.referral, days()[0], &Settings::default());
}

/// A consent request, concluded as if its signature were good or not.
pub fn consent_request(data: &[u8]) {
    let Ok(parsed) = parse_request(data) else {
        return;
    };
    let hashes = parsed.hash_files();
    let ok = EvenFirstByte.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    if let Ok(request) = parsed.conclude(ok, &hashes) {
        for a in &request.manifest.attachments {
            let _ = request.file_for(&a.id);
        }
        let _ = validate(&request.manifest.referral, days()[0], &Settings::default());
    }
}

/// A consent response, concluded against its own and another request and content.
pub fn consent_response(data: &[u8]) {
    let Ok(parsed) = parse_response(data) else {
        return;
    };
    let ok = EvenFirstByte.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    let (own, sha) = parsed
        .payload()
        .map(|p| {
            let own = RequestRef {
                request_id: p.request_id.clone(),
                request_sha256: p.request_sha256.clone().unwrap_or_default(),
                school_kid: p.school_kid.clone().unwrap_or_default(),
            };
            (own, p.reviewed_content_sha256.clone())
        })
        .unwrap_or_default();
    let other = RequestRef::default();
    for (expected, sha) in [(&own, sha.as_str()), (&other, "")] {
        let check = parsed.conclude(ok, expected, sha);
        let _ = check.message();
        let _ = serde_json::to_string(&check);
        let mut referral = Referral::default();
        let _ = crate::consent::apply(&mut referral, &check);
    }
}

/// A referral pack, checked as the council's page and `verify` do, with
/// today's rules run on request for an unknown signer.
pub fn pack(data: &[u8]) {
    let trusted = JwkSet::from_iter([fixed_key()]);
    let mut v = verify_pack(
        data,
        &Limits::default(),
        &EvenFirstByte,
        &trusted,
        days()[0],
        &Settings::default(),
    );
    let _ = v.to_text();
    v.run_rules(days()[0], &Settings::default());
    let _ = v.to_text();
    let _ = serde_json::to_string(&v);
}

/// Signed content as JSON (a pack's manifest, a consent request's manifest
/// or a consent response's payload, chosen by the first byte), wrapped in a
/// well-formed signed file and read as [`pack`], [`consent_request`] or
/// [`consent_response`] would. Mutating the JSON inside base64 rarely gives
/// base64 of canonical JSON, so without this the checks behind the envelope
/// are seldom reached.
pub fn signed_payload(data: &[u8]) {
    let Some((&which, json)) = data.split_first() else {
        return;
    };
    let Ok(value) = jcs::parse_bytes(json) else {
        return;
    };
    let payload = b64::encode_url(jcs::to_string(&value).as_bytes());
    let (format, typ, files) = match which % 3 {
        0 => (crate::pack::FORMAT, jws::TYP, true),
        1 => (REQUEST_FORMAT, REQUEST_TYP, true),
        _ => (RESPONSE_FORMAT, RESPONSE_TYP, false),
    };
    let mut file = serde_json::json!({
        "format": format,
        "formatVersion": 1,
        "signed": {
            "protected": Header::for_key_typ(&fixed_key(), typ).encode(),
            "payload": payload,
            "signature": b64::encode_url(&[which & !1; 64]),
        },
    });
    if files {
        file["files"] = serde_json::json!([]);
    }
    let bytes = file.to_string().into_bytes();
    match which % 3 {
        0 => pack(&bytes),
        1 => consent_request(&bytes),
        _ => consent_response(&bytes),
    }
}

/// A trusted-key list, a public key file and a private key file, and a
/// fingerprint typed by a person.
pub fn jwk(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(set) = JwkSet::from_json(text) {
        let again = JwkSet::from_json(&set.to_json().to_string());
        assert_eq!(again.as_ref(), Ok(&set), "key set round trip");
        for k in &set.keys {
            assert!(set.find(&k.kid).is_some());
        }
    }
    if let Ok(key) = PublicJwk::from_json(text) {
        let _ = key.coordinates();
        let f = key.fingerprint();
        assert_eq!(parse_fingerprint(&f), Some(key.thumbprint_bytes()));
    }
    if let Ok(key) = PrivateJwk::from_json(text) {
        let _ = key.d_bytes();
        let again = PrivateJwk::from_json(&key.to_json().to_string());
        assert_eq!(again.as_ref(), Ok(&key), "private key round trip");
    }
    let _ = parse_fingerprint(text);
}

/// A council settings file; settings that read are used to validate.
pub fn settings(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(settings) = Settings::from_json(text) else {
        return;
    };
    for a in &settings.isl_areas {
        for d in &a.districts {
            let _ = settings.area_for_district(&d.name);
        }
    }
    let _ = DraftFileLimits::from_settings(&settings.attachments);
    let referral: Referral = crate::json::from_str(SAMPLE_REFERRAL).unwrap_or_default();
    for r in [&Referral::default(), &referral] {
        let _ = validate(r, days()[0], &settings);
    }
}

/// A referral that reaches most rules, for [`settings`].
const SAMPLE_REFERRAL: &str = r#"{
  "pupil": {"firstName": "Sam", "lastName": "Jones", "dateOfBirth": "2013-03-05", "yearGroup": 9,
            "homePostcode": "SG5 1AA", "hertfordshireResident": true},
  "school": {"name": "Hill School", "district": "Mid Devon", "reviewChair": {"role": "Teaching assistant"}},
  "medicalEvidence": [{"date": "2025-01-01", "tier": "targeted"}],
  "consent": {"signed": true, "signedOn": "2025-01-01"},
  "support": {"apdr": {"currentSupportPlan": "n/a"}}
}"#;

/// JSON canonicalisation (RFC 8785): canonical output reads back and
/// canonicalises to the same bytes.
pub fn jcs(data: &[u8]) {
    let Ok(value) = jcs::parse_bytes(data) else {
        return;
    };
    let canonical = jcs::to_string(&value);
    let again = jcs::parse(&canonical).expect("canonical output reads back");
    assert_eq!(
        jcs::to_string(&again),
        canonical,
        "canonical form is stable"
    );
    // Another reader takes it too.
    assert!(
        serde_json::from_str::<serde_json::Value>(&canonical).is_ok(),
        "serde_json reads canonical output"
    );
}
