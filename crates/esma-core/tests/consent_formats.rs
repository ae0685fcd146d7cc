//! The consent request and response: round trip school → parent → school,
//! a changed referral invalidates consent, a tampered request or response is
//! refused, a refusal is recorded and blocks, a response is bound to its
//! request (id, hash, school key), version 1 responses are read but not
//! imported, and pack verification checks the consent record's binding.

#[path = "pack_support/mod.rs"]
mod support;

use esma_core::consent::request::{RequestInfo, REQUEST_FORMAT};
use esma_core::consent::response::{
    Answer, ConsentCheck, RequestRef, ResponseFile, ResponsePayload, RESPONSE_FORMAT, RESPONSE_TYP,
};
use esma_core::consent::{self, *};
use esma_core::pack::sign_pack;
use esma_core::pack::verify::{verify_pack, CheckKind, Limits, Verdict};
use esma_core::referral::{ConsentDecision, Referral};
use esma_core::settings::Settings;
use esma_core::signed::jws::{Header, Signer, Verifier};
use esma_core::signed::{b64, jcs, jwk::JwkSet, PackFile};
use esma_core::validate::{validate, Valid};
use serde_json::Value;
use support::*;

const REQUEST_ID: &str = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

fn paper_off(r: &mut Referral) {
    r.consent = Default::default();
    r.attachments
        .retain(|a| a.id.as_deref() != Some("att-consent"));
}

fn draft() -> Referral {
    let mut r = referral("complete.json");
    paper_off(&mut r);
    r
}

fn request_text(r: &Referral, school: &TestKey) -> String {
    let info = RequestInfo {
        request_id: REQUEST_ID.into(),
        created_at: "2026-11-27T09:00:00Z".into(),
    };
    let unsigned = prepare_request(r, files_for(r), &info, &school.public()).unwrap();
    let sig = school.sign(&unsigned.signing_input()).unwrap();
    unsigned.finish(sig).to_json()
}

fn open_request(text: &str) -> Result<consent::request::ConsentRequest, String> {
    let parsed = parse_request(text.as_bytes()).map_err(|e| e.reason)?;
    let ok = P256.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    let hashes = parsed.hash_files();
    parsed.conclude(ok, &hashes).map_err(|e| e.reason)
}

fn answer(decision: ConsentDecision) -> Answer {
    Answer {
        decision,
        name: "Chris Taylor".into(),
        relationship: "Mother".into(),
        decided_at: "2026-11-27T18:30:00Z".into(),
        sla_acknowledged: true,
        drawn_signature: None,
    }
}

fn respond(text: &str, decision: ConsentDecision) -> String {
    let request = open_request(text).unwrap();
    let one_off = TestKey::new(99);
    let unsigned = prepare_response(
        &request.manifest,
        &request.reference(),
        &answer(decision),
        &one_off.public(),
    )
    .unwrap();
    let sig = one_off.sign(&unsigned.signing_input()).unwrap();
    unsigned.finish(sig).to_json()
}

/// The request the school sent: the draft's, signed by school key 7.
fn sent() -> RequestRef {
    open_request(&request_text(&draft(), &TestKey::new(7)))
        .unwrap()
        .reference()
}

fn check_against(response: &str, sent: &RequestRef, now: &Referral) -> ConsentCheck {
    let parsed = parse_response(response.as_bytes()).unwrap();
    let ok = P256.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    parsed.conclude(ok, sent, &content_sha256(now))
}

fn check(response: &str, now: &Referral) -> ConsentCheck {
    check_against(response, &sent(), now)
}

#[test]
fn round_trip_records_consent_that_the_rules_accept() {
    let school = TestKey::new(7);
    let r = draft();
    let req = request_text(&r, &school);
    let v: Value = serde_json::from_str(&req).unwrap();
    assert_eq!(v["format"], REQUEST_FORMAT);
    let request = open_request(&req).unwrap();
    assert_eq!(request.manifest.content_sha256, content_sha256(&r));
    assert_eq!(request.manifest.notice.text, NOTICE_TEXT);
    assert_eq!(request.fingerprint, school.public().fingerprint());
    assert_eq!(request.files.len(), r.attachments.len());
    assert!(request.file_for("att-evidence").is_some());

    let resp = respond(&req, ConsentDecision::Given);
    let outcome = check(&resp, &r);
    assert!(outcome.counts(), "{outcome:?}");
    let mut now = r.clone();
    assert!(consent::apply(&mut now, &outcome));
    let rec = now.consent.record.as_ref().unwrap();
    assert_eq!(rec.name.as_deref(), Some("Chris Taylor"));
    assert_eq!(rec.response.as_deref(), Some(resp.as_str()));
    let report = validate(&now, today(), &Settings::default());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn a_changed_referral_invalidates_consent() {
    let school = TestKey::new(7);
    let r = draft();
    let req = request_text(&r, &school);
    let resp = respond(&req, ConsentDecision::Given);
    let mut changed = r.clone();
    changed.health.likely_duration = Some("Until Easter".into());
    match check(&resp, &changed) {
        ConsentCheck::ContentChanged { reviewed, current } => {
            assert_eq!(reviewed, content_sha256(&r));
            assert_eq!(current, content_sha256(&changed));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        changes(&r, &changed),
        vec!["Health: likely duration changed"]
    );
    // Recorded anyway (e.g. applied before the change): the rules block.
    let mut applied = r.clone();
    consent::apply(&mut applied, &check(&resp, &r));
    applied.health.likely_duration = Some("Until Easter".into());
    let report = validate(&applied, today(), &Settings::default());
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "consent-changed-since-review"));
}

#[test]
fn a_refusal_is_recorded_and_blocks() {
    let school = TestKey::new(7);
    let r = draft();
    let resp = respond(&request_text(&r, &school), ConsentDecision::Refused);
    let outcome = check(&resp, &r);
    assert!(matches!(outcome, ConsentCheck::Refused { .. }));
    let mut now = r.clone();
    assert!(consent::apply(&mut now, &outcome));
    assert!(Valid::check(now, today(), &Settings::default())
        .unwrap_err()
        .findings
        .iter()
        .any(|f| f.rule == "consent-refused"));
}

#[test]
fn a_tampered_response_is_refused() {
    let school = TestKey::new(7);
    let r = draft();
    let resp = respond(&request_text(&r, &school), ConsentDecision::Refused);
    let file: ResponseFile = serde_json::from_str(&resp).unwrap();
    // Turn the refusal into consent, keeping the JCS form: the signature fails.
    let payload = String::from_utf8(b64::decode_url(&file.signed.payload).unwrap()).unwrap();
    let forged = payload.replace("\"refused\"", "\"given\"");
    let mut f2 = file.clone();
    f2.signed.payload = b64::encode_url(forged.as_bytes());
    assert_eq!(check(&f2.to_json(), &r), ConsentCheck::SignatureInvalid);
    // A flipped signature character.
    let mut f3 = file.clone();
    let mut sig = f3.signed.signature.into_bytes();
    sig[5] = if sig[5] == b'A' { b'B' } else { b'A' };
    f3.signed.signature = String::from_utf8(sig).unwrap();
    assert_eq!(check(&f3.to_json(), &r), ConsentCheck::SignatureInvalid);
    // Another request.
    let other = RequestRef {
        request_id: "00000000-0000-4000-8000-000000000000".into(),
        ..sent()
    };
    assert_eq!(check_against(&resp, &other, &r), ConsentCheck::OtherRequest);
    // Not a response at all, or a pack's header type.
    assert!(parse_response(b"{}").unwrap_err().unreadable);
    let mut v: Value = serde_json::from_str(&resp).unwrap();
    v["files"] = Value::Array(vec![]);
    assert!(parse_response(v.to_string().as_bytes()).is_err());
}

#[test]
fn a_tampered_request_is_refused() {
    let school = TestKey::new(7);
    let r = draft();
    let req = request_text(&r, &school);
    let mut v: Value = serde_json::from_str(&req).unwrap();
    // Change a file's bytes (and its claimed hash).
    let data = PackFile::hash(b"something else".to_vec());
    v["files"][0]["data"] = b64::encode_std(&data.data).into();
    v["files"][0]["sha256"] = b64::hex(&data.sha256).into();
    assert!(open_request(&v.to_string()).is_err());
    // Change the payload.
    let mut v: Value = serde_json::from_str(&req).unwrap();
    let p = v["signed"]["payload"].as_str().unwrap().to_owned();
    v["signed"]["payload"] = format!("{}A", &p[..p.len() - 1]).into();
    assert!(open_request(&v.to_string()).is_err());
    // A pack is not a request.
    let (pack, _) = signed_complete();
    assert!(
        parse_request(pack.to_json().as_bytes())
            .unwrap_err()
            .unreadable
    );
}

#[test]
fn drawn_signatures_are_png_data_urls_within_the_cap() {
    let school = TestKey::new(7);
    let r = draft();
    let request = open_request(&request_text(&r, &school)).unwrap();
    let key = TestKey::new(3).public();
    let mut a = answer(ConsentDecision::Given);
    a.drawn_signature = Some(format!(
        "data:image/png;base64,{}",
        b64::encode_std(b"\x89PNG\r\n\x1a\nrest")
    ));
    let reference = request.reference();
    let prepare = |a: &Answer| prepare_response(&request.manifest, &reference, a, &key);
    assert!(prepare(&a).is_ok());
    a.drawn_signature = Some("data:image/svg+xml;base64,PHN2Zz4=".into());
    assert!(prepare(&a).is_err());
    a.drawn_signature = Some(format!(
        "data:image/png;base64,{}",
        b64::encode_std(&[0x89; 160_000])
    ));
    assert!(prepare(&a).is_err());
    a.drawn_signature = None;
    a.name = "  ".into();
    assert!(prepare(&a).is_err());
    // A name or relationship with a control or bidirectional character.
    a.name = "Chris\u{202e}Taylor".into();
    assert!(prepare(&a).is_err());
}

/// A pack whose referral carries consent given in the app.
fn pack_with(record_from: impl Fn(&Referral) -> Referral) -> Vec<u8> {
    let school = TestKey::new(7);
    let r = draft();
    let resp = respond(&request_text(&r, &school), ConsentDecision::Given);
    let mut now = r.clone();
    consent::apply(&mut now, &check(&resp, &r));
    let now = record_from(&now);
    let valid = Valid::check(now, today(), &Settings::default()).unwrap();
    sign_pack(
        &valid,
        files_for(valid.get()),
        &info(),
        &school.public(),
        &school,
    )
    .unwrap()
    .to_json()
    .into_bytes()
}

fn verify(bytes: &[u8]) -> esma_core::pack::verify::Verification {
    let trusted = JwkSet::from_json(&format!(
        "{{\"keys\":[{}]}}",
        TestKey::new(7).public().to_json_with_kid()
    ))
    .unwrap();
    verify_pack(
        bytes,
        &Limits::default(),
        &P256,
        &trusted,
        today(),
        &Settings::default(),
    )
}

#[test]
fn pack_verification_checks_the_consent_record() {
    let v = verify(&pack_with(|r| r.clone()));
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    let c = v
        .checks
        .iter()
        .find(|c| c.what == CheckKind::Consent)
        .unwrap();
    assert!(c.ok, "{}", c.detail);
    let summary = v.consent.as_ref().unwrap();
    assert_eq!(summary.name.as_deref(), Some("Chris Taylor"));
    assert_eq!(summary.decision, Some(ConsentDecision::Given));
    assert!(v.to_text().contains("Consent:      given in the app"));
    // The checker's own output never repeats what the pack says.
    let said = serde_json::to_string(&v).unwrap() + &v.to_text();
    assert!(!said.contains("Chris Taylor") && !said.contains("Mother"));

    // The school edits the record's copy of the name: caught.
    let v = verify(&pack_with(|r| {
        let mut r = r.clone();
        r.consent.record.as_mut().unwrap().name = Some("Someone Else".into());
        r
    }));
    assert!(
        matches!(v.verdict, Verdict::Invalid { .. }),
        "{}",
        v.to_text()
    );

    // The school swaps in a forged response: the signature fails.
    let v = verify(&pack_with(|r| {
        let mut r = r.clone();
        let rec = r.consent.record.as_mut().unwrap();
        let text = rec.response.clone().unwrap();
        let mut f: ResponseFile = serde_json::from_str(&text).unwrap();
        let mut sig = f.signed.signature.into_bytes();
        sig[3] = if sig[3] == b'A' { b'B' } else { b'A' };
        f.signed.signature = String::from_utf8(sig).unwrap();
        rec.response = Some(f.to_json());
        r
    }));
    assert!(
        matches!(v.verdict, Verdict::Invalid { .. }),
        "{}",
        v.to_text()
    );
    assert!(
        !v.checks
            .iter()
            .find(|c| c.what == CheckKind::Consent)
            .unwrap()
            .ok
    );

    // A paper-route pack: no consent check (its seven checks are as before);
    // the summary says paper.
    let (pack, _) = signed_complete();
    let v = verify(pack.to_json().as_bytes());
    assert!(v.checks.iter().all(|c| c.what != CheckKind::Consent));
    assert_eq!(v.consent.as_ref().unwrap().route, "paper");
    assert!(v.to_text().contains("cannot check"));
}

/// Issue 12: a response binds its request (id, hash, school key), so one
/// made for another request with the same content is refused.
#[test]
fn a_response_to_another_request_with_the_same_content_is_refused() {
    let school = TestKey::new(7);
    let r = draft();
    let resp = respond(&request_text(&r, &school), ConsentDecision::Given);
    assert!(check(&resp, &r).counts());
    // The same content asked for again: another request id.
    let info = RequestInfo {
        request_id: "7a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
        created_at: "2026-11-27T09:05:00Z".into(),
    };
    let again = prepare_request(&r, files_for(&r), &info, &school.public()).unwrap();
    assert_eq!(
        check_against(&resp, &again.reference(&school.public()), &r),
        ConsentCheck::OtherRequest
    );
    // The same id, but another request (its hash differs).
    let forged = RequestRef {
        request_sha256: "0".repeat(64),
        ..sent()
    };
    assert_eq!(
        check_against(&resp, &forged, &r),
        ConsentCheck::OtherRequest
    );
    // The same request id and hash named by another school's key.
    let other_school = RequestRef {
        school_kid: TestKey::new(8).public().thumbprint(),
        ..sent()
    };
    assert_eq!(
        check_against(&resp, &other_school, &r),
        ConsentCheck::OtherRequest
    );
    // The response says which request and school, in its signed content.
    let p = parse_response(resp.as_bytes()).unwrap();
    let p = p.payload().unwrap();
    assert_eq!(p.format_version, 2);
    assert_eq!(
        p.request_sha256.as_deref(),
        Some(sent().request_sha256.as_str())
    );
    assert_eq!(
        p.school_kid.as_deref(),
        Some(school.public().thumbprint().as_str())
    );
}

/// A version 1 response (made before the binding), signed as the app did.
fn response_v1(decision: ConsentDecision, r: &Referral) -> String {
    let one_off = TestKey::new(99);
    let payload = ResponsePayload {
        format_version: 1,
        request_id: REQUEST_ID.into(),
        request_sha256: None,
        school_kid: None,
        decision,
        name: "Chris Taylor".into(),
        relationship: "Mother".into(),
        decided_at: "2026-11-27T18:30:00Z".into(),
        notice_version: consent::NOTICE_VERSION.into(),
        notice_sha256: consent::NOTICE_SHA256.into(),
        reviewed_content_sha256: content_sha256(r),
        sla_acknowledged: true,
        drawn_signature: None,
    };
    let protected = Header::for_key_typ(&one_off.public(), RESPONSE_TYP).encode();
    let payload = b64::encode_url(&jcs::to_vec(&payload).unwrap());
    let sig = one_off
        .sign(format!("{protected}.{payload}").as_bytes())
        .unwrap();
    let file = ResponseFile {
        format: RESPONSE_FORMAT.into(),
        format_version: 1,
        signed: esma_core::signed::jws::FlattenedJws {
            protected,
            payload,
            signature: b64::encode_url(&sig),
        },
    };
    file.to_json()
}

/// Old responses are read: refused for import (they name no request
/// exactly), still checked inside a pack made before the change.
#[test]
fn version_1_responses_are_read_but_not_imported() {
    let r = draft();
    let old = response_v1(ConsentDecision::Given, &r);
    assert_eq!(check(&old, &r), ConsentCheck::Unbound);
    assert!(ConsentCheck::Unbound
        .message()
        .contains("make a new consent request"));

    // In a pack signed before the change: the record as it was applied.
    let parsed = parse_response(old.as_bytes()).unwrap();
    let p = parsed.payload().unwrap();
    let mut now = r.clone();
    now.consent.record = Some(esma_core::referral::ConsentRecord {
        request_id: Some(p.request_id.clone()),
        decision: Some(p.decision),
        name: Some(p.name.clone()),
        relationship: Some(p.relationship.clone()),
        decided_at: Some(p.decided_at.clone()),
        notice_version: Some(p.notice_version.clone()),
        notice_sha256: Some(p.notice_sha256.clone()),
        reviewed_content_sha256: Some(p.reviewed_content_sha256.clone()),
        sla_acknowledged: Some(p.sla_acknowledged),
        response: Some(old.clone()),
    });
    let school = TestKey::new(7);
    let valid = Valid::check(now, today(), &Settings::default()).unwrap();
    let pack = sign_pack(
        &valid,
        files_for(valid.get()),
        &info(),
        &school.public(),
        &school,
    )
    .unwrap();
    let v = verify(pack.to_json().as_bytes());
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    let c = v
        .checks
        .iter()
        .find(|c| c.what == CheckKind::Consent)
        .unwrap();
    assert!(
        c.detail.contains("only its request id was checked"),
        "{}",
        c.detail
    );
}

/// In a pack, the response must answer a request from the school whose key
/// signed the pack.
#[test]
fn a_pack_signed_by_another_school_cannot_carry_the_response() {
    let r = draft();
    let resp = respond(&request_text(&r, &TestKey::new(7)), ConsentDecision::Given);
    let mut now = r.clone();
    consent::apply(&mut now, &check(&resp, &r));
    let valid = Valid::check(now, today(), &Settings::default()).unwrap();
    let other = TestKey::new(8);
    let pack = sign_pack(
        &valid,
        files_for(valid.get()),
        &info(),
        &other.public(),
        &other,
    )
    .unwrap();
    let trusted = JwkSet::from_iter([other.public()]);
    let v = verify_pack(
        pack.to_json().as_bytes(),
        &Limits::default(),
        &P256,
        &trusted,
        today(),
        &Settings::default(),
    );
    assert!(
        matches!(v.verdict, Verdict::Invalid { .. }),
        "{}",
        v.to_text()
    );
    let c = v
        .checks
        .iter()
        .find(|c| c.what == CheckKind::Consent)
        .unwrap();
    assert!(c.detail.contains("another school's key"), "{}", c.detail);
}
