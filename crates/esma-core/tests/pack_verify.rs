//! Sign/verify round trips, every tamper case, and hostile packs: each is
//! refused cleanly with a message that says what failed and never quotes the
//! referral.

mod pack_support;

use chrono::NaiveDate;
use esma_core::pack::manifest::PackInfo;
use esma_core::pack::verify::{
    parse_and_check, verify_pack, CheckKind, Evidence, Limits, Verdict, Verification,
};
use esma_core::pack::{prepare_pack, Pack, PackError};
use esma_core::settings::Settings;
use esma_core::signed::jwk::{JwkSet, PublicJwk};
use esma_core::signed::jws::{Header, Signer, Verifier};
use esma_core::signed::{b64, jcs, PackFile};
use pack_support::*;
use serde_json::{json, Value};

fn check(bytes: &[u8], trusted: &JwkSet) -> Verification {
    check_on(bytes, trusted, today())
}

fn check_on(bytes: &[u8], trusted: &JwkSet, day: NaiveDate) -> Verification {
    let v = verify_pack(
        bytes,
        &Limits::default(),
        &P256,
        trusted,
        day,
        &Settings::default(),
    );
    // Nothing the school wrote ever appears in what the checker says.
    let said = serde_json::to_string(&v).unwrap() + &v.to_text();
    for secret in [
        "Robin",
        "Taylor",
        "Example Park",
        "fatigue",
        "C919300026001",
        "SG13",
    ] {
        assert!(
            !said.contains(secret),
            "the result quotes the referral ({secret})"
        );
    }
    v
}

fn trusting(key: &TestKey) -> JwkSet {
    [key.public()].into_iter().collect()
}

fn bytes(pack: &Pack) -> Vec<u8> {
    pack.to_json().into_bytes()
}

fn failed(v: &Verification) -> Vec<CheckKind> {
    v.checks.iter().filter(|c| !c.ok).map(|c| c.what).collect()
}

fn assert_invalid(v: &Verification, what: CheckKind) {
    assert_eq!(v.verdict.exit_code(), 1, "{}", v.to_text());
    assert!(
        failed(v).contains(&what),
        "expected a failed {what:?} check:\n{}",
        v.to_text()
    );
    let Verdict::Invalid { reasons } = &v.verdict else {
        unreachable!()
    };
    assert!(!reasons.is_empty());
}

fn assert_unreadable(v: &Verification) {
    assert_eq!(v.verdict.exit_code(), 2, "{}", v.to_text());
}

/// Re-sign a pack after editing its header and payload (to build hostile
/// packs that are validly signed).
fn resign(pack: &Pack, key: &TestKey, header: Option<Value>, payload: Option<Vec<u8>>) -> Pack {
    let mut p = pack.clone();
    if let Some(h) = header {
        p.signed.protected = b64::encode_url(h.to_string().as_bytes());
    }
    if let Some(m) = payload {
        p.signed.payload = b64::encode_url(&m);
    }
    let sig = key.sign(&p.signed.signing_input()).unwrap();
    p.signed.signature = b64::encode_url(&sig);
    p
}

fn manifest_value(pack: &Pack) -> Value {
    jcs::parse_bytes(&b64::decode_url(&pack.signed.payload).unwrap()).unwrap()
}

fn header_value(pack: &Pack) -> Value {
    jcs::parse_bytes(&b64::decode_url(&pack.signed.protected).unwrap()).unwrap()
}

#[test]
fn round_trip_trusted_and_unknown() {
    let (pack, key) = signed_complete();
    let v = check(&bytes(&pack), &trusting(&key));
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    assert_eq!(v.verdict.exit_code(), 0);
    assert!(v.checks.iter().all(|c| c.ok));
    let kinds: Vec<CheckKind> = v.checks.iter().map(|c| c.what).collect();
    use CheckKind::*;
    assert_eq!(
        kinds,
        [Format, Structure, Header, Signature, Manifest, Files, Signer]
    );
    let signer = v.signer.as_ref().unwrap();
    assert_eq!(signer.kid, key.public().thumbprint());
    assert!(signer.trusted);
    let p = v.pack.as_ref().unwrap();
    assert_eq!(p.pack_id, info().pack_id);
    assert_eq!(p.attachments, 6);
    let rules = v.rules_today.as_ref().unwrap();
    assert!(!rules.changed, "{rules:?}");
    assert_eq!(rules.blocking_now, 0);
    assert!(v.reply.contains("meets the entry criteria"), "{}", v.reply);
    assert_eq!(
        v.manifest.as_ref().unwrap().referral,
        valid_complete().into_inner()
    );

    // No trusted list, or a list without this key: valid, unknown signer.
    let v = check(&bytes(&pack), &JwkSet::empty());
    assert_eq!(v.verdict, Verdict::ValidUnknownSigner);
    assert_eq!(v.verdict.exit_code(), 3);
    assert_eq!(failed(&v), [CheckKind::Signer]);
    assert!(v.reply.contains("not registered"));
    let v = check(&bytes(&pack), &trusting(&TestKey::new(9)));
    assert_eq!(v.verdict, Verdict::ValidUnknownSigner);
}

#[test]
fn two_halves_match_the_one_call_and_signing_is_deterministic() {
    let valid = valid_complete();
    let key = TestKey::new(7);
    let unsigned = prepare_pack(&valid, files_for(valid.get()), &info(), &key.public()).unwrap();
    assert_eq!(unsigned.manifest().attachments.len(), 6);
    let canonical = unsigned.payload_bytes();
    assert_eq!(
        jcs::canonicalize(std::str::from_utf8(&canonical).unwrap())
            .unwrap()
            .as_bytes(),
        canonical.as_slice()
    );
    let sig = key.sign(&unsigned.signing_input()).unwrap();
    let pack = unsigned.finish(sig);
    assert_eq!(
        pack,
        signed_complete().0,
        "RFC 6979 signing: same inputs, same pack"
    );

    let parsed = parse_and_check(&bytes(&pack), &Limits::default()).unwrap();
    assert_eq!(parsed.kid(), key.public().thumbprint());
    assert!(parsed.manifest().is_some());
    let evidence = Evidence {
        signature_ok: P256.verify(parsed.jwk(), parsed.signing_input(), parsed.signature()),
        file_sha256: parsed.hash_files(),
    };
    let v = parsed.conclude(&evidence, &trusting(&key), today(), &Settings::default());
    assert_eq!(v.verdict, Verdict::Trusted);
    // The header is the JCS form with exactly the four members.
    let h = header_value(&pack);
    assert_eq!(h.as_object().unwrap().len(), 4);
    assert_eq!(h["alg"], "ES256");
    assert_eq!(h["typ"], "esma-referral-pack+jws");
    assert_eq!(
        b64::decode_url(&pack.signed.protected).unwrap(),
        jcs::to_vec(&Header::for_key(&key.public())).unwrap()
    );
}

#[test]
fn todays_rules_are_rerun_and_the_reply_lists_what_is_not_met() {
    let (pack, key) = signed_complete();
    // Years later the pupil is past compulsory school age and the evidence is stale.
    let later = NaiveDate::from_ymd_opt(2030, 1, 10).unwrap();
    let v = check_on(&bytes(&pack), &trusting(&key), later);
    assert_eq!(v.verdict, Verdict::Trusted, "the signature is still good");
    let rules = v.rules_today.as_ref().unwrap();
    assert!(rules.changed);
    assert!(rules.blocking_now > 0);
    assert!(!rules.new_findings.is_empty());
    println!("{}", v.to_text());
    assert!(v.reply.contains("cannot accept it yet"), "{}", v.reply);
    assert!(v.reply.contains("as they stand on 10 January 2030"));
    assert!(v.reply.contains("Entry criteria not met"), "{}", v.reply);
    // The referral by the pupil's initials and the day it was made, in words.
    assert!(v
        .reply
        .contains("the referral you made on 28 November 2026"));
    assert!(v.reply.contains("the pupil with the initials RT"));
}

#[test]
fn every_byte_of_the_signature_and_header_matters() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let sig = b64::decode_url(&pack.signed.signature).unwrap();
    for i in 0..sig.len() {
        let mut s = sig.clone();
        s[i] ^= 0x01;
        let mut p = pack.clone();
        p.signed.signature = b64::encode_url(&s);
        let v = check(&bytes(&p), &trusted);
        assert_invalid(&v, CheckKind::Signature);
    }
    // Every character of the signature's text, too (no stray-bit slack).
    for i in 0..pack.signed.signature.len() {
        let mut t = pack.signed.signature.clone().into_bytes();
        t[i] = if t[i] == b'A' { b'B' } else { b'A' };
        let mut p = pack.clone();
        p.signed.signature = String::from_utf8(t).unwrap();
        assert_eq!(
            check(&bytes(&p), &trusted).verdict.exit_code(),
            1,
            "signature char {i}"
        );
    }
    let header = b64::decode_url(&pack.signed.protected).unwrap();
    for i in 0..header.len() {
        let mut h = header.clone();
        h[i] ^= 0x01;
        let mut p = pack.clone();
        p.signed.protected = b64::encode_url(&h);
        let v = check(&bytes(&p), &trusted);
        assert_eq!(v.verdict.exit_code(), 1, "header byte {i}: {}", v.to_text());
        assert!(
            failed(&v)
                .iter()
                .any(|k| matches!(k, CheckKind::Header | CheckKind::Signature)),
            "header byte {i}: {}",
            v.to_text()
        );
    }
}

#[test]
fn bytes_of_the_payload_matter() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let payload = b64::decode_url(&pack.signed.payload).unwrap();
    let mut positions: Vec<usize> = (0..payload.len()).step_by(53).collect();
    positions.push(payload.len() - 1);
    for i in positions {
        let mut m = payload.clone();
        m[i] ^= 0x01;
        let mut p = pack.clone();
        p.signed.payload = b64::encode_url(&m);
        let v = check(&bytes(&p), &trusted);
        assert_invalid(&v, CheckKind::Signature);
    }
    // A meaningful edit: the school's name changed after signing.
    let mut m = manifest_value(&pack);
    m["referral"]["school"]["name"] = json!("Another School");
    let mut p = pack.clone();
    p.signed.payload = b64::encode_url(jcs::to_string(&m).as_bytes());
    let v = check(&bytes(&p), &trusted);
    assert_invalid(&v, CheckKind::Signature);
    assert!(
        v.checks
            .iter()
            .any(|c| c.what == CheckKind::Manifest && c.ok),
        "the manifest itself still reads"
    );
}

#[test]
fn bytes_of_every_file_matter() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    for f in 0..pack.files.len() {
        let data = b64::decode_std(&pack.files[f].data).unwrap();
        for i in [0, data.len() / 2, data.len() - 1] {
            let mut d = data.clone();
            d[i] ^= 0x20;
            let mut p = pack.clone();
            p.files[f].data = b64::encode_std(&d);
            let v = check(&bytes(&p), &trusted);
            assert_invalid(&v, CheckKind::Files);
            assert!(v
                .to_text()
                .contains(&format!("File {} in the pack has been changed", f + 1)));
            // Updating the unsigned sha256 to match does not help.
            p.files[f].sha256 = b64::hex(&PackFile::hash(d.clone()).sha256);
            let v = check(&bytes(&p), &trusted);
            assert_invalid(&v, CheckKind::Files);
            assert!(
                v.to_text().contains("does not carry its file"),
                "{}",
                v.to_text()
            );
        }
    }
}

#[test]
fn missing_repeated_and_extra_files() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let mut p = pack.clone();
    p.files.remove(2);
    let v = check(&bytes(&p), &trusted);
    assert_invalid(&v, CheckKind::Files);
    assert!(v.to_text().contains(
        "Attachment 3 of 6 is listed in the signed manifest, but the pack does not carry its file"
    ));

    let mut p = pack.clone();
    p.files.push(p.files[0].clone());
    let v = check(&bytes(&p), &trusted);
    assert_invalid(&v, CheckKind::Files);
    assert!(v.to_text().contains("File 7 appears more than once"));

    let mut p = pack.clone();
    let extra = PackFile::hash(b"an extra file".to_vec());
    p.files.push(esma_core::signed::FileEntry {
        sha256: b64::hex(&extra.sha256),
        data: b64::encode_std(&extra.data),
    });
    let v = check(&bytes(&p), &trusted);
    assert_invalid(&v, CheckKind::Files);
    assert!(v
        .to_text()
        .contains("File 7 in the pack is not listed in the signed manifest"));

    let mut p = pack.clone();
    p.files.clear();
    assert_invalid(&check(&bytes(&p), &trusted), CheckKind::Files);
}

#[test]
fn unreadable_files() {
    let trusted = JwkSet::empty();
    assert_unreadable(&check(b"", &trusted));
    assert_unreadable(&check(b"PK\x03\x04 a zip file", &trusted));
    assert_unreadable(&check(b"{\"format\": \"esma-referral-pack\"", &trusted));
    assert_unreadable(&check(b"[]", &trusted));
    assert_unreadable(&check(b"\"esma-referral-pack\"", &trusted));
    assert_unreadable(&check(
        br#"{"format":"something-else","formatVersion":1}"#,
        &trusted,
    ));
    assert_unreadable(&check(br#"{"formatVersion":1}"#, &trusted));
    assert_unreadable(&check(
        br#"{"format":"esma-referral-pack","formatVersion":2}"#,
        &trusted,
    ));
    assert_unreadable(&check(&[0xff, 0xfe, 0x00], &trusted));
    // Deeply nested JSON is refused without exhausting the stack.
    let deep = format!(
        "{{\"format\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_unreadable(&check(deep.as_bytes(), &trusted));
}

#[test]
fn huge_packs_are_refused_before_parsing() {
    let (pack, key) = signed_complete();
    let b = bytes(&pack);
    let limits = Limits {
        max_pack_bytes: b.len() as u64 - 1,
    };
    let v = verify_pack(
        &b,
        &limits,
        &P256,
        &trusting(&key),
        today(),
        &Settings::default(),
    );
    assert_unreadable(&v);
    assert!(v.to_text().contains("bytes a pack may be"));
    let limits = Limits {
        max_pack_bytes: b.len() as u64,
    };
    let v = verify_pack(
        &b,
        &limits,
        &P256,
        &trusting(&key),
        today(),
        &Settings::default(),
    );
    assert_eq!(v.verdict, Verdict::Trusted);
}

type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn wrong_types_and_shapes() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let base: Value = serde_json::from_slice(&bytes(&pack)).unwrap();
    let cases: Vec<(&str, Edit)> = vec![
        (
            "formatVersion as text",
            Box::new(|v| v["formatVersion"] = json!("1")),
        ),
        ("signed as text", Box::new(|v| v["signed"] = json!("x"))),
        (
            "signed missing",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("signed"))),
        ),
        (
            "payload as number",
            Box::new(|v| v["signed"]["payload"] = json!(1)),
        ),
        (
            "unprotected header",
            Box::new(|v| v["signed"]["header"] = json!({"kid": "x"})),
        ),
        (
            "general JWS",
            Box::new(|v| v["signed"]["signatures"] = json!([])),
        ),
        ("files as object", Box::new(|v| v["files"] = json!({}))),
        (
            "files missing",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("files"))),
        ),
        (
            "file without data",
            Box::new(|v| drop(v["files"][0].as_object_mut().unwrap().remove("data"))),
        ),
        (
            "file with extra member",
            Box::new(|v| v["files"][0]["name"] = json!("x.txt")),
        ),
        (
            "file data not base64",
            Box::new(|v| v["files"][0]["data"] = json!("not base64!")),
        ),
        (
            "file data url-safe",
            Box::new(|v| v["files"][0]["data"] = json!("-_-_")),
        ),
        (
            "file sha256 upper case",
            Box::new(|v| {
                let s = v["files"][0]["sha256"].as_str().unwrap().to_uppercase();
                v["files"][0]["sha256"] = json!(s)
            }),
        ),
        (
            "extra top-level member",
            Box::new(|v| v["note"] = json!("trust me")),
        ),
        (
            "signature not 64 bytes",
            Box::new(|v| v["signed"]["signature"] = json!(b64::encode_url(&[0; 72]))),
        ),
        (
            "signature not base64url",
            Box::new(|v| v["signed"]["signature"] = json!("!!!!")),
        ),
    ];
    for (name, edit) in cases {
        let mut v = base.clone();
        edit(&mut v);
        let r = check(v.to_string().as_bytes(), &trusted);
        assert_eq!(r.verdict.exit_code(), 1, "{name}: {}", r.to_text());
        assert!(failed(&r).len() == 1, "{name}: one clear failure");
    }
    // Duplicate member names in the outer JSON.
    let text = String::from_utf8(bytes(&pack)).unwrap().replacen(
        "\"files\"",
        "\"files\": [], \"files\"",
        1,
    );
    assert_unreadable(&check(text.as_bytes(), &trusted));
}

#[test]
fn hostile_headers() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let h = header_value(&pack);
    let run = |edit: &dyn Fn(&mut Value)| {
        let mut h = h.clone();
        edit(&mut h);
        check(&bytes(&resign(&pack, &key, Some(h), None)), &trusted)
    };
    let v = run(&|h| h["alg"] = json!("none"));
    assert_invalid(&v, CheckKind::Header);
    assert!(v.to_text().contains("\"none\""));
    // `alg: none` with an empty signature, as such packs usually come.
    let mut p = resign(&pack, &key, Some(json!({"alg": "none"})), None);
    p.signed.signature = String::new();
    assert_invalid(&check(&bytes(&p), &trusted), CheckKind::Header);
    for alg in ["HS256", "RS256", "ES384", "ES256K", "PS256", "EdDSA"] {
        let v = run(&|h| h["alg"] = json!(alg));
        assert_invalid(&v, CheckKind::Header);
        assert!(v.to_text().contains("Only ES256 is accepted"));
    }
    let v = run(&|h| h["jwk"]["d"] = json!(b64::encode_url(&key.0.to_bytes())));
    assert_invalid(&v, CheckKind::Header);
    assert!(v.to_text().contains("private key"));
    assert!(!v.to_text().contains(&b64::encode_url(&key.0.to_bytes())));
    assert_invalid(&run(&|h| h["typ"] = json!("JWT")), CheckKind::Header);
    assert_invalid(
        &run(&|h| h["kid"] = json!(TestKey::new(9).public().thumbprint())),
        CheckKind::Header,
    );
    assert_invalid(&run(&|h| h["crit"] = json!(["exp"])), CheckKind::Header);
    assert_invalid(&run(&|h| h["b64"] = json!(false)), CheckKind::Header);
    assert_invalid(
        &run(&|h| h["jwk"]["crv"] = json!("P-384")),
        CheckKind::Header,
    );
    // Another key in the header (kid consistent) but signed by ours.
    let other = TestKey::new(9).public();
    let v = run(&|h| {
        h["jwk"] = serde_json::to_value(&other).unwrap();
        h["kid"] = json!(other.thumbprint())
    });
    assert_invalid(&v, CheckKind::Signature);
    // A point that is not on the curve.
    let bad = PublicJwk::from_coordinates(&[1; 32], &[2; 32]);
    let v = run(&|h| {
        h["jwk"] = serde_json::to_value(&bad).unwrap();
        h["kid"] = json!(bad.thumbprint())
    });
    assert_invalid(&v, CheckKind::Signature);
}

#[test]
fn hostile_manifests_even_when_validly_signed() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let m = manifest_value(&pack);
    let run = |payload: Vec<u8>| check(&bytes(&resign(&pack, &key, None, Some(payload))), &trusted);
    // Not canonical: pretty-printed, or members out of order.
    let v = run(serde_json::to_vec_pretty(&m).unwrap());
    assert_invalid(&v, CheckKind::Manifest);
    assert!(v.to_text().contains("canonical"));
    // Repeated member.
    let text = jcs::to_string(&m).replacen("{\"app\":", "{\"app\":{},\"app\":", 1);
    let v = run(text.into_bytes());
    assert_invalid(&v, CheckKind::Manifest);
    assert!(v.to_text().contains("twice"));
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut m = m.clone();
        f(&mut m);
        run(jcs::to_string(&m).into_bytes())
    };
    assert_invalid(
        &edit(&|m| m["formatVersion"] = json!(2)),
        CheckKind::Manifest,
    );
    assert_invalid(
        &edit(&|m| drop(m.as_object_mut().unwrap().remove("checklist"))),
        CheckKind::Manifest,
    );
    assert_invalid(
        &edit(&|m| m["attachments"][0]["size"] = json!("432")),
        CheckKind::Manifest,
    );
    assert_invalid(&edit(&|m| m["extra"] = json!(1)), CheckKind::Manifest);
    let v = edit(&|m| m["referral"]["pupil"]["yearGroup"] = json!("Robin Taylor"));
    assert_invalid(&v, CheckKind::Manifest);
    // The field's path with the CLI's `error-paths`; where in the text without.
    let place = if cfg!(feature = "error-paths") {
        "referral.pupil.yearGroup"
    } else {
        "a value of the wrong type at character "
    };
    assert!(v.to_text().contains(place), "{}", v.to_text());
    assert!(!v.to_text().contains("Robin Taylor"));
    // A manifest (and its referral) whose size disagrees with the file.
    let v = edit(&|m| {
        m["attachments"][1]["size"] = json!(299);
        m["referral"]["attachments"][1]["size"] = json!(299);
    });
    assert_invalid(&v, CheckKind::Files);
    assert!(v
        .to_text()
        .contains("Attachment 2 of 6's file is not the size"));
    // Not JSON at all, and not UTF-8.
    assert_invalid(&run(b"hello".to_vec()), CheckKind::Manifest);
    assert_invalid(&run(vec![0xff, 0xfe]), CheckKind::Manifest);
}

#[test]
fn signing_needs_every_file_and_only_those() {
    let valid = valid_complete();
    let key = TestKey::new(7);
    let mut files = files_for(valid.get());
    let p = |files: Vec<PackFile>, info: &PackInfo| {
        prepare_pack(&valid, files, info, &key.public()).map(|_| ())
    };
    assert_eq!(p(files.clone(), &info()), Ok(()));
    // Duplicates are fine (dropped).
    let mut twice = files.clone();
    twice.push(files[0].clone());
    assert_eq!(p(twice, &info()), Ok(()));
    files.push(PackFile::hash(b"stray".to_vec()));
    assert_eq!(p(files.clone(), &info()), Err(PackError::FileNotListed(6)));
    files.pop();
    let removed = files.remove(3);
    assert_eq!(p(files.clone(), &info()), Err(PackError::FileMissing(3)));
    // Right digest, wrong length (the caller's digest is trusted as given).
    files.insert(3, PackFile::with_digest(removed.sha256, b"short".to_vec()));
    assert_eq!(p(files.clone(), &info()), Err(PackError::FileSize(3)));
    files[3] = removed;
    let bad_id = PackInfo {
        pack_id: "not-a-uuid".into(),
        ..info()
    };
    assert!(matches!(
        p(files.clone(), &bad_id),
        Err(PackError::Manifest(_))
    ));
    let bad_time = PackInfo {
        created_at: "2026-11-28T10:15:00+01:00".into(),
        ..info()
    };
    assert!(matches!(p(files, &bad_time), Err(PackError::Manifest(_))));
}

#[test]
fn a_referral_with_blocking_findings_cannot_become_valid() {
    // The typestate is the guard: there is no `Valid<Referral>` to sign.
    let r = referral("missing-medical-evidence-and-funding-statement.json");
    assert!(esma_core::validate::Valid::check(r, today(), &Settings::default()).is_err());
}

#[test]
fn verification_json_names_the_verdict_and_checks() {
    let (pack, key) = signed_complete();
    let v = check(&bytes(&pack), &trusting(&key));
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(j["verdict"]["status"], "trusted");
    assert_eq!(j["checks"][0]["what"], "format");
    assert_eq!(j["checks"][0]["ok"], true);
    assert!(j["signer"]["fingerprint"].as_str().unwrap().contains(' '));
    assert_eq!(j["pack"]["packId"], info().pack_id);
    assert!(j["rulesToday"]["blockingNow"].is_u64());
    assert!(j.get("manifest").is_none());
    let mut p = pack.clone();
    p.files.clear();
    let j = serde_json::to_value(check(&bytes(&p), &trusting(&key))).unwrap();
    assert_eq!(j["verdict"]["status"], "invalid");
    assert!(!j["verdict"]["reasons"].as_array().unwrap().is_empty());
}
