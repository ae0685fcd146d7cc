//! The consent request and response: round trip school → parent → school,
//! a changed referral invalidates consent, a tampered request or response is
//! refused, a refusal is recorded and blocks, and pack verification checks
//! the consent record's binding.

#[path = "pack_support/mod.rs"]
mod support;

use esma_core::consent::request::{RequestInfo, REQUEST_FORMAT};
use esma_core::consent::response::{Answer, ConsentCheck, ResponseFile};
use esma_core::consent::{self, *};
use esma_core::pack::sign_pack;
use esma_core::pack::verify::{verify_pack, CheckKind, Limits, Verdict};
use esma_core::referral::{ConsentDecision, Referral};
use esma_core::settings::Settings;
use esma_core::signed::jws::{Signer, Verifier};
use esma_core::signed::{b64, jwk::JwkSet, PackFile};
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
    let unsigned =
        prepare_response(&request.manifest, &answer(decision), &one_off.public()).unwrap();
    let sig = one_off.sign(&unsigned.signing_input()).unwrap();
    unsigned.finish(sig).to_json()
}

fn check(response: &str, now: &Referral) -> ConsentCheck {
    let parsed = parse_response(response.as_bytes()).unwrap();
    let ok = P256.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    parsed.conclude(ok, REQUEST_ID, &content_sha256(now))
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
    let parsed = parse_response(resp.as_bytes()).unwrap();
    assert_eq!(
        parsed.conclude(
            true,
            "00000000-0000-4000-8000-000000000000",
            &content_sha256(&r)
        ),
        ConsentCheck::OtherRequest
    );
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
    assert!(prepare_response(&request.manifest, &a, &key).is_ok());
    a.drawn_signature = Some("data:image/svg+xml;base64,PHN2Zz4=".into());
    assert!(prepare_response(&request.manifest, &a, &key).is_err());
    a.drawn_signature = Some(format!(
        "data:image/png;base64,{}",
        b64::encode_std(&[0x89; 160_000])
    ));
    assert!(prepare_response(&request.manifest, &a, &key).is_err());
    a.drawn_signature = None;
    a.name = "  ".into();
    assert!(prepare_response(&request.manifest, &a, &key).is_err());
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
