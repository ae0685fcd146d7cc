//! Issue 12: packs that are hostile but validly signed by someone, and the
//! council's output. Each attack the issue reproduced, and each MUST of
//! `docs/pack-format.md` that only a validly signed pack can test, with the
//! key on the trusted list so that nothing but the rule can refuse it.

#[path = "pack_support/mod.rs"]
mod support;

use esma_core::pack::verify::{verify_pack, CheckKind, Limits, Verdict, Verification};
use esma_core::pack::Pack;
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;
use esma_core::signed::jws::Signer;
use esma_core::signed::{b64, jcs};
use serde_json::{json, Value};
use support::*;

fn trusting(key: &TestKey) -> JwkSet {
    [key.public()].into_iter().collect()
}

fn verify(pack: &Pack, trusted: &JwkSet) -> Verification {
    verify_pack(
        pack.to_json().as_bytes(),
        &Limits::default(),
        &P256,
        trusted,
        today(),
        &Settings::default(),
    )
}

fn manifest_of(pack: &Pack) -> Value {
    jcs::parse_bytes(&b64::decode_url(&pack.signed.payload).unwrap()).unwrap()
}

/// The pack with its manifest edited, signed again by `key`.
fn signed_with(pack: &Pack, key: &TestKey, edit: impl Fn(&mut Value)) -> Pack {
    let mut m = manifest_of(pack);
    edit(&mut m);
    let mut p = pack.clone();
    p.signed.protected = esma_core::signed::jws::Header::for_key(&key.public()).encode();
    p.signed.payload = b64::encode_url(jcs::to_string(&m).as_bytes());
    p.signed.signature = b64::encode_url(&key.sign(&p.signed.signing_input()).unwrap());
    p
}

/// The pack with its manifest edited and the old signature kept.
fn unsigned_edit(pack: &Pack, edit: impl Fn(&mut Value)) -> Pack {
    let mut m = manifest_of(pack);
    edit(&mut m);
    let mut p = pack.clone();
    p.signed.payload = b64::encode_url(jcs::to_string(&m).as_bytes());
    p
}

fn manifest_failure(v: &Verification) -> String {
    assert!(
        matches!(v.verdict, Verdict::Invalid { .. }),
        "expected invalid:\n{}",
        v.to_text()
    );
    let c = v
        .checks
        .iter()
        .find(|c| c.what == CheckKind::Manifest)
        .unwrap();
    assert!(!c.ok, "the manifest check should fail:\n{}", v.to_text());
    c.detail.clone()
}

/// Everything the council sees: the text, the JSON and the reply.
fn everything(v: &Verification) -> String {
    format!(
        "{}\n{}\n{}",
        v.to_text(),
        serde_json::to_string(v).unwrap(),
        v.reply
    )
}

const FAKE: &str =
    "\u{1b}[2J\u{1b}[H\rValid: the pack is intact and signed by a trusted school key.";

/// "An invalid pack (no key at all) whose manifest carries terminal
/// escapes in packId, createdAt and app.* printed them raw … and a fake
/// Valid: line."
#[test]
fn terminal_escapes_in_an_invalid_pack_are_never_printed() {
    let (pack, key) = signed_complete();
    let hostile = |m: &mut Value| {
        m["packId"] = json!(FAKE);
        m["createdAt"] = json!("\u{1b}]0;owned\u{7}");
        m["app"]["name"] = json!("\u{1b}[31mESMA");
        m["app"]["version"] = json!("\u{9b}2J");
        m["app"]["rulesVersion"] = json!("\u{202e}3.82-11-6202");
    };
    // Not validly signed, checked with no trusted list at all…
    let v = verify(&unsigned_edit(&pack, hostile), &JwkSet::empty());
    // …and validly signed by a key on the list.
    let w = verify(&signed_with(&pack, &key, hostile), &trusting(&key));
    for v in [&v, &w] {
        assert!(matches!(v.verdict, Verdict::Invalid { .. }));
        assert!(v.pack.is_none(), "nothing from the manifest is shown");
        let all = everything(v);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            assert!(!all.contains(bad), "{:04x} in:\n{all}", bad as u32);
        }
        assert!(!all.contains("owned") && !all.contains("ESMA\n"));
        let text = v.to_text();
        assert!(text.starts_with("Invalid:"));
        assert_eq!(
            text.lines()
                .filter(|l| l.trim_start().starts_with("Valid"))
                .count(),
            0,
            "{text}"
        );
    }
    assert!(manifest_failure(&w).contains("packId"));
}

/// "For a pack validly signed by an unknown key, packId went into the
/// drafted reply to the school."
#[test]
fn the_reply_is_built_from_the_rule_tables_and_checked_fields_only() {
    let (pack, _) = signed_complete();
    let stranger = TestKey::new(42);
    let words = "We have accepted this referral. Please send the pupil's full medical records to x@example.invalid";
    let v = verify(
        &signed_with(&pack, &stranger, |m| m["packId"] = json!(words)),
        &JwkSet::empty(),
    );
    assert!(manifest_failure(&v).contains("UUID"));
    assert!(!everything(&v).contains("medical records"));

    // A well-formed pack from an unknown key whose pupil's names carry
    // words: the reply names only the initials and the day the pack was
    // made, and asks for the key with its check code; the rules have not run.
    let mut v = verify(
        &signed_with(&pack, &stranger, |m| {
            m["referral"]["pupil"]["firstName"] = json!(words);
            m["referral"]["pupil"]["lastName"] = json!("\u{202e}Taylor");
        }),
        &JwkSet::empty(),
    );
    assert_eq!(v.verdict, Verdict::ValidUnknownSigner, "{}", v.to_text());
    assert!(v.rules_today.is_none() && v.report.is_none());
    assert!(v.rules_skipped.is_some());
    assert!(v
        .reply
        .starts_with("Dear colleagues,\n\nThank you for the referral you made on 28 November 2026 to the Education Support for Medical Absence (ESMA) Teaching Service for the pupil with the initials WT."), "{}", v.reply);
    assert!(!v.reply.contains("3b241101"), "no pack id: {}", v.reply);
    let fingerprint = stranger.public().fingerprint();
    let code = esma_core::signed::jwk::check_code(&fingerprint);
    assert!(v.reply.contains(&format!("We could not confirm who signed it: the key that signed it is not registered with us. Its check code is {code} (the full fingerprint is {fingerprint}).")), "{}", v.reply);
    assert!(!v.reply.contains("meets the entry criteria"));
    assert!(!everything(&v).contains("accepted") && !v.reply.contains('\u{202e}'));
    // On request, the rules run: the reply is the tables' words.
    v.run_rules(today(), &Settings::default());
    assert!(v.rules_today.is_some() && v.report.is_some());
    assert!(v.rules_skipped.is_none());
    assert!(v.reply.contains("meets the entry criteria"));
    assert!(v.reply.contains("for the pupil with the initials WT"));
    assert!(v.reply.contains("We could not confirm who signed it"));
    assert!(!v.reply.contains("accepted") && !v.reply.contains("Dear colleagues at"));
}

/// Issue 14: "Signed by" the school the council's trusted list names, and a
/// reply naming the pupil's initials, the school and the day, in words.
#[test]
fn a_trusted_signer_is_named_from_the_councils_list_in_the_result_and_the_reply() {
    let (pack, key) = signed_complete();
    let mut jwk = key.public().to_json_with_kid();
    jwk["name"] = json!("Example \u{202e}Primary School");
    let named = JwkSet::from_json(&json!({ "keys": [jwk] }).to_string()).unwrap();
    let v = verify(&pack, &named);
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    let signer = v.signer.as_ref().unwrap();
    assert_eq!(signer.name.as_deref(), Some("Example Primary School"));
    assert!(v
        .to_text()
        .contains("Signed by:    Example Primary School\n"));
    assert_eq!(
        serde_json::to_value(&v).unwrap()["signer"]["name"],
        "Example Primary School"
    );
    assert!(v.reply.starts_with("Dear colleagues at Example Primary School,\n\nThank you for the referral you made on 28 November 2026 to the Education Support for Medical Absence (ESMA) Teaching Service for the pupil with the initials RT.\n\nWe have checked it against the entry criteria and the Annex 2 checklist as they stand on 28 November 2026. It meets the entry criteria"), "{}", v.reply);
    assert_eq!(
        v.reply_file_name(today()),
        "RT-2026-11-28.reply-to-school.txt"
    );
    // The list without a name: trusted, and the reply names no school.
    let v = verify(&pack, &trusting(&key));
    assert_eq!(v.signer.as_ref().unwrap().name, None);
    assert!(v.reply.starts_with("Dear colleagues,\n"));
    // A pack whose signature does not hold: no name, no pupil, no day.
    let forged = unsigned_edit(&pack, |m| {
        m["referral"]["pupil"]["firstName"] = json!("Zed")
    });
    let v = verify(&forged, &named);
    assert!(v.signer.is_none());
    assert!(!v.reply.contains("Example") && !v.reply.contains("initials"));
    assert_eq!(
        v.reply_file_name(today()),
        "referral-2026-11-28.reply-to-school.txt"
    );
}

/// "A forged pack carrying the trusted key in its header, signed with
/// another key: [pass] Signer … and signer.trusted: true next to exit 1."
#[test]
fn a_forged_pack_naming_a_trusted_key_is_not_checked_for_its_signer() {
    let (pack, school) = signed_complete();
    let forger = TestKey::new(13);
    let mut forged = unsigned_edit(&pack, |m| m["referral"]["pupil"]["yearGroup"] = json!(10));
    // The school's own header (its jwk and kid), the forger's signature.
    forged.signed.signature =
        b64::encode_url(&forger.sign(&forged.signed.signing_input()).unwrap());
    let v = verify(&forged, &trusting(&school));
    assert_eq!(v.verdict.exit_code(), 1);
    assert!(v.signer.is_none(), "who signed is not known");
    let signer = v
        .checks
        .iter()
        .find(|c| c.what == CheckKind::Signer)
        .unwrap();
    assert!(signer.not_checked && !signer.ok);
    assert!(v.to_text().contains("[skip] Signer: Not checked"));
    assert!(!v.to_text().contains("trusted list."));
    let json = serde_json::to_value(&v).unwrap();
    assert!(json.get("signer").is_none());
    assert!(!json.to_string().contains("\"trusted\":true"));
    assert!(v.manifest.is_none() && v.pack.is_none());
}

/// Recorded finding messages come from the pack: they are never printed.
#[test]
fn recorded_messages_are_worded_from_the_rule_table() {
    let (pack, key) = signed_complete();
    let v = verify(
        &signed_with(&pack, &key, |m| {
            m["findings"] = json!([{"rule": "consent-paper-unverifiable", "severity": "warning",
                "field": "consent", "message": "Ring 0000 to confirm; send records to x@example.invalid"}]);
        }),
        &trusting(&key),
    );
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    let all = everything(&v);
    assert!(!all.contains("x@example.invalid"), "{all}");
    // A message with a control character is refused outright.
    let v = verify(
        &signed_with(&pack, &key, |m| {
            m["findings"] = json!([{"rule": "consent-paper-unverifiable", "severity": "warning",
                "field": "consent", "message": "\u{1b}[2J"}]);
        }),
        &trusting(&key),
    );
    assert!(manifest_failure(&v).contains("findings[0]"));
}

/// "CLI errors quote health data (invalid type: string "Diagnosed with …",
/// unknown variant `… clinic letter`)": the reader says where and what.
#[test]
fn messages_name_the_place_never_the_content() {
    let (pack, key) = signed_complete();
    for edit in [
        (|m: &mut Value| {
            m["referral"]["pupil"]["yearGroup"] = json!("Diagnosed with a secret condition")
        }) as fn(&mut Value),
        |m| m["referral"]["medicalEvidence"][0]["tier"] = json!("secret clinic letter"),
    ] {
        let v = verify(&signed_with(&pack, &key, edit), &trusting(&key));
        let why = manifest_failure(&v);
        assert!(!everything(&v).contains("secret"), "{why}");
    }
}

/// The five the issue found verified as valid with a trusted key.
#[test]
fn the_manifest_rules_hold_with_a_trusted_key() {
    let (pack, key) = signed_complete();
    let trusted = trusting(&key);
    let refused = |edit: &dyn Fn(&mut Value), why: &str| {
        let v = verify(&signed_with(&pack, &key, edit), &trusted);
        let detail = manifest_failure(&v);
        assert!(detail.contains(why), "{detail}");
        assert!(
            v.signer.is_some(),
            "the signature held: only the rule refuses it"
        );
        assert!(v.pack.is_none() && v.manifest.is_none());
    };
    // A recorded blocking finding.
    refused(
        &|m| {
            m["findings"] = json!([{"rule": "entry-school-age", "severity": "blocking",
                "field": "pupil.dateOfBirth", "message": "The pupil is over compulsory school age"}])
        },
        "blocking finding",
    );
    // Two checklist items instead of six; six out of order.
    refused(
        &|m| m["checklist"].as_array_mut().unwrap().truncate(2),
        "six Annex 2 checklist items",
    );
    refused(
        &|m| m["checklist"].as_array_mut().unwrap().swap(0, 1),
        "six Annex 2 checklist items",
    );
    // Manifest attachments that differ from referral.attachments.
    refused(
        &|m| m["attachments"][0]["purpose"] = json!("other"),
        "not exactly the referral's attachments",
    );
    refused(
        &|m| drop(m["attachments"].as_array_mut().unwrap().pop()),
        "not exactly the referral's attachments",
    );
    // createdAt "yesterday", and other times that are not RFC 3339 UTC.
    for t in ["yesterday", "2026-11-28", "2026-11-28T10:15:00+01:00"] {
        refused(&|m| m["createdAt"] = json!(t), "createdAt");
    }
    // Unknown members inside the referral, at any depth.
    refused(
        &|m| m["referral"]["note"] = json!("trust me"),
        "at referral.note",
    );
    refused(
        &|m| m["referral"]["medicalEvidence"][0]["x"] = json!(1),
        "at referral.medicalEvidence[0].x",
    );
    // packId not a lower-case UUID v4.
    for id in [
        "1",
        "3B241101-E2BB-4255-8CAF-4136C566A962",
        "3b241101-e2bb-1255-8caf-4136c566a962",
    ] {
        refused(&|m| m["packId"] = json!(id), "packId");
    }
    // app texts: empty, or with a control character.
    refused(&|m| m["app"]["name"] = json!(""), "app name");
    refused(&|m| m["app"]["version"] = json!("1\n2"), "app name");
    // A referral beyond the format's limits.
    refused(
        &|m| m["referral"]["medicalEvidence"] = json!(vec![json!({}); 51]),
        "beyond the format's limits",
    );
    // A finding that is not of the expected form.
    refused(
        &|m| {
            m["findings"] =
                json!([{"rule": "Not An Id", "severity": "warning", "field": "", "message": ""}])
        },
        "findings[0]",
    );
    // An unknown member beside the six is still refused by the shape.
    refused(&|m| m["extra"] = json!(1), "shape");
}

/// Signatures are not malleable: the high-S twin of a valid signature is
/// refused (`docs/pack-format.md`, section 2).
#[test]
fn high_s_signatures_are_refused() {
    use p256::ecdsa::Signature;
    let (pack, key) = signed_complete();
    let low = b64::decode_url(&pack.signed.signature).unwrap();
    let sig = Signature::from_slice(&low).unwrap();
    assert!(sig.normalize_s().is_none(), "signers write low-S");
    let high = Signature::from_scalars(sig.r(), -*sig.s()).unwrap();
    // The primitive accepts both…
    let mut twin = pack.clone();
    twin.signed.signature = b64::encode_url(&high.to_bytes());
    assert!(esma_core::signed::jws::Verifier::verify(
        &P256,
        &key.public(),
        &twin.signed.signing_input(),
        &high.to_bytes().into()
    ));
    // …the format only the low one.
    let v = verify(&twin, &trusting(&key));
    assert_eq!(v.verdict.exit_code(), 1);
    assert!(v.to_text().contains("high-S"), "{}", v.to_text());
    // And whatever a signer returns, the file holds the low form.
    let raw = key.sign_raw(&pack.signed.signing_input());
    assert_eq!(
        esma_core::signed::jws::low_s(raw).to_vec(),
        low,
        "RFC 6979: the same signature, normalised"
    );
}

/// A detached payload (empty) or a `b64: false` header are refused, even
/// validly signed.
#[test]
fn the_payload_is_attached_and_base64url() {
    let (pack, key) = signed_complete();
    let mut p = pack.clone();
    p.signed.payload = String::new();
    p.signed.signature = b64::encode_url(&key.sign(&p.signed.signing_input()).unwrap());
    let v = verify(&p, &trusting(&key));
    assert!(manifest_failure(&v).contains("not valid JSON"));
}
