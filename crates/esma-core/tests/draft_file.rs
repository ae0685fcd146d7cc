//! The draft file format: round trips, and every way a hostile or damaged
//! file is refused, each with a message that never repeats the file's content.

use esma_core::draft_file::*;
use esma_core::referral::{Attachment, AttachmentPurpose, Referral};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const SECRET: &str = "Sam Smith has leukaemia";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_attachment(id: &str, data: &[u8]) -> DraftFileAttachment {
    DraftFileAttachment {
        id: id.into(),
        name: format!("{SECRET}.pdf"),
        media_type: "application/pdf".into(),
        size: data.len() as u64,
        sha256: sha(data),
        purpose: Some(AttachmentPurpose::MedicalEvidence),
        data: data.to_vec(),
    }
}

fn sample() -> DraftFile {
    let a = file_attachment("att-1", b"%PDF-1.7 letter");
    let b = file_attachment("att-2", &(0..=255).collect::<Vec<u8>>());
    let mut referral = Referral::default();
    referral.pupil.first_name = Some(SECRET.into());
    for f in [&a, &b] {
        referral.attachments.push(Attachment {
            id: Some(f.id.clone()),
            name: Some(f.name.clone()),
            media_type: Some(f.media_type.clone()),
            size: Some(f.size),
            sha256: Some(f.sha256.clone()),
            purpose: f.purpose,
        });
    }
    referral.consent.attachment_id = Some("att-2".into());
    let mut raw_inputs = BTreeMap::new();
    raw_inputs.insert("pupil.dateOfBirth.month".into(), SECRET.into());
    DraftFile {
        exported_at: "2026-11-28T09:00:00.000Z".into(),
        name: SECRET.into(),
        referral,
        raw_inputs,
        attachments: vec![a, b],
    }
}

fn sample_value() -> Value {
    serde_json::from_str(&sample().to_json()).unwrap()
}

fn parse_value(v: &Value) -> Result<DraftFile, DraftFileError> {
    DraftFile::parse(v.to_string().as_bytes(), &DraftFileLimits::default())
}

/// Parses an edited sample and checks the error and that its message does
/// not repeat the content.
fn refused(edit: impl FnOnce(&mut Value)) -> DraftFileError {
    let mut v = sample_value();
    edit(&mut v);
    let e = parse_value(&v).unwrap_err();
    let m = e.message();
    assert!(!m.contains("Sam"), "{m}");
    assert!(!m.contains("leukaemia"), "{m}");
    assert!(!m.is_empty());
    e
}

#[test]
fn round_trip_keeps_everything() {
    let f = sample();
    let json = f.to_json();
    let back = DraftFile::parse(json.as_bytes(), &DraftFileLimits::default()).unwrap();
    assert_eq!(back, f);
    back.verify_sha256().unwrap();
}

#[test]
fn the_file_says_what_it_is() {
    let v = sample_value();
    assert_eq!(v["format"], "esma-referral-draft");
    assert_eq!(v["formatVersion"], 1);
    assert_eq!(v["notice"], NOTICE);
    assert!(NOTICE.contains("not a referral"));
    let a = &v["attachments"][0];
    for key in [
        "id",
        "name",
        "mediaType",
        "size",
        "sha256",
        "purpose",
        "data",
    ] {
        assert!(a.get(key).is_some(), "{key}");
    }
    assert_eq!(a["data"], "JVBERi0xLjcgbGV0dGVy");
    assert!(v["rawInputs"].is_object());
}

#[test]
fn an_empty_draft_needs_only_the_envelope_and_referral() {
    let f = DraftFile::parse(
        br#"{"format":"esma-referral-draft","formatVersion":1,"referral":{}}"#,
        &DraftFileLimits::default(),
    )
    .unwrap();
    assert_eq!(f.referral, Referral::default());
    assert!(f.attachments.is_empty() && f.raw_inputs.is_empty());
}

#[test]
fn too_large_is_refused_before_reading() {
    let limits = DraftFileLimits {
        max_file_bytes: 10,
        ..Default::default()
    };
    assert_eq!(
        DraftFile::parse(&[b' '; 11], &limits),
        Err(DraftFileError::TooLarge)
    );
}

#[test]
fn not_json_gives_line_and_column() {
    let e = DraftFile::parse(b"{\n  \"format\": Sam", &DraftFileLimits::default()).unwrap_err();
    assert_eq!(
        e,
        DraftFileError::NotJson {
            line: 2,
            column: 13
        }
    );
    assert!(e.message().contains("line 2, column 13"));
    assert!(!e.message().contains("Sam"));
    // Deep nesting is stopped by serde_json's recursion limit, not a crash.
    let deep = "[".repeat(100_000);
    assert!(matches!(
        DraftFile::parse(deep.as_bytes(), &DraftFileLimits::default()),
        Err(DraftFileError::NotJson { .. })
    ));
    // Not UTF-8.
    assert!(matches!(
        DraftFile::parse(&[0xff, 0xfe], &DraftFileLimits::default()),
        Err(DraftFileError::NotJson { .. })
    ));
}

#[test]
fn other_files_are_named() {
    let cases = [
        (json!([]), DraftFileError::NotADraft),
        // Only an object: serde's derive also read an array as the members
        // in order, which no draft file ever held.
        (
            json!(["esma-referral-draft", 1, "", "", {}]),
            DraftFileError::NotADraft,
        ),
        (json!({"referral": {}}), DraftFileError::NotADraft),
        (json!({"format": SECRET}), DraftFileError::NotADraft),
        (json!({"format": 1}), DraftFileError::NotADraft),
        (
            json!({"format": "esma-referral-pack", "formatVersion": 1, "signed": {}}),
            DraftFileError::SignedPack,
        ),
        (
            json!({"format": "esma-parental-consent", "formatVersion": 1}),
            DraftFileError::ConsentFile,
        ),
    ];
    for (v, want) in cases {
        let e = parse_value(&v).unwrap_err();
        assert_eq!(e, want, "{v}");
        assert!(!e.message().contains("Sam"));
    }
    assert!(DraftFileError::SignedPack
        .message()
        .contains("signed referral, not a draft"));
}

#[test]
fn versions() {
    assert_eq!(
        refused(|v| v["formatVersion"] = json!(2)),
        DraftFileError::UnsupportedVersion { version: 2 }
    );
    assert!(DraftFileError::UnsupportedVersion { version: 2 }
        .message()
        .contains("newer version"));
    assert_eq!(
        refused(|v| v["formatVersion"] = json!(0)),
        DraftFileError::UnsupportedVersion { version: 0 }
    );
    for bad in [json!("1"), json!(1.5), json!(-1), json!(null)] {
        assert_eq!(
            refused(|v| v["formatVersion"] = bad.clone()),
            DraftFileError::WrongType {
                path: "formatVersion".into()
            }
        );
    }
    assert_eq!(
        refused(|v| {
            v.as_object_mut().unwrap().remove("formatVersion");
        }),
        DraftFileError::WrongType {
            path: "formatVersion".into()
        }
    );
}

/// Without field paths (the browser's build) the error gives a place in the
/// text instead; never the value either way.
#[cfg(not(feature = "error-paths"))]
#[test]
fn wrong_types_never_quote_the_value() {
    let e = refused(|v| v["attachments"][0]["size"] = json!(SECRET));
    assert!(matches!(e, DraftFileError::WrongType { .. }), "{e:?}");
    assert!(!e.message().contains(SECRET));
}

// Field paths come with the `error-paths` feature (the CLI's build).
#[cfg(feature = "error-paths")]
#[test]
fn wrong_types_give_a_path_not_the_value() {
    let e = refused(|v| v["attachments"][0]["size"] = json!(SECRET));
    assert_eq!(
        e,
        DraftFileError::WrongType {
            path: "attachments[0].size".into()
        }
    );
    assert!(e.message().contains("attachments[0].size"));
    assert_eq!(
        refused(|v| v["referral"]["pupil"]["yearGroup"] = json!(SECRET)),
        DraftFileError::WrongType {
            path: "referral.pupil.yearGroup".into()
        }
    );
    assert_eq!(
        refused(|v| {
            v.as_object_mut().unwrap().remove("referral");
        }),
        DraftFileError::WrongType {
            path: "the top level".into()
        }
    );
    // A map key that could be content is not repeated.
    let e = refused(|v| v["rawInputs"][SECRET] = json!(3));
    assert_eq!(
        e,
        DraftFileError::WrongType {
            path: "rawInputs.…".into()
        }
    );
    assert_eq!(
        refused(|v| v["attachments"] = json!({})),
        DraftFileError::WrongType {
            path: "attachments".into()
        }
    );
    assert_eq!(
        refused(|v| v["attachments"][1]["size"] = json!(-1)),
        DraftFileError::WrongType {
            path: "attachments[1].size".into()
        }
    );
}

#[test]
fn members_are_required_or_optional_as_the_format_says() {
    for key in ["id", "mediaType", "size", "sha256", "data"] {
        let e = refused(|v| {
            v["attachments"][0].as_object_mut().unwrap().remove(key);
        });
        assert!(
            matches!(e, DraftFileError::WrongType { .. }),
            "{key}: {e:?}"
        );
    }
    // The others may be left out, and unknown names are skipped.
    let mut v = sample_value();
    let top = v.as_object_mut().unwrap();
    for key in ["exportedAt", "name", "notice", "rawInputs"] {
        top.remove(key);
    }
    top.insert("later".into(), json!({"x": [1]}));
    let a = v["attachments"][0].as_object_mut().unwrap();
    a.remove("name");
    a.remove("purpose");
    a.insert("later".into(), json!([SECRET]));
    let f = parse_value(&v).unwrap();
    assert_eq!((f.name.as_str(), f.exported_at.as_str()), ("", ""));
    assert!(f.raw_inputs.is_empty());
    assert_eq!(f.attachments[0].name, "");
    assert_eq!(f.attachments[0].purpose, None);
    assert_eq!(f.attachments[0].data, b"%PDF-1.7 letter");
}

#[test]
fn attachment_limits() {
    let limits = DraftFileLimits {
        max_attachments: 1,
        ..Default::default()
    };
    assert_eq!(
        DraftFile::parse(sample().to_json().as_bytes(), &limits),
        Err(DraftFileError::TooManyAttachments)
    );
    let limits = DraftFileLimits {
        max_attachment_bytes: 100,
        ..Default::default()
    };
    assert_eq!(
        DraftFile::parse(sample().to_json().as_bytes(), &limits),
        Err(DraftFileError::AttachmentTooLarge { index: 1 })
    );
    let limits = DraftFileLimits {
        max_total_attachment_bytes: 200,
        ..Default::default()
    };
    assert_eq!(
        DraftFile::parse(sample().to_json().as_bytes(), &limits),
        Err(DraftFileError::AttachmentsTooLarge)
    );
    // A size claimed beyond the limit is refused before decoding anything.
    assert_eq!(
        refused(|v| v["attachments"][0]["size"] = json!(u64::MAX)),
        DraftFileError::AttachmentTooLarge { index: 0 }
    );
    assert_eq!(
        refused(|v| v["attachments"][0]["mediaType"] = json!("application/x-msdownload")),
        DraftFileError::MediaTypeNotAllowed { index: 0 }
    );
}

#[test]
fn attachment_ids() {
    assert_eq!(
        refused(|v| v["attachments"][1]["id"] = json!(" ")),
        DraftFileError::MissingAttachmentId { index: 1 }
    );
    assert_eq!(
        refused(|v| v["attachments"][1]["id"] = json!("att-1")),
        DraftFileError::DuplicateAttachmentId { index: 1 }
    );
}

#[test]
fn attachment_data_must_be_strict_base64() {
    for bad in [
        "JVBERi0xLjcgbGV0dGVy\n",
        "JVBERi0xLjcgbGV0dGVy=",
        "JVBERi0xLjcgb_V0dGVy",
        "JVBERi0x LjcgbGV0dGVy",
    ] {
        assert_eq!(
            refused(|v| v["attachments"][0]["data"] = json!(bad)),
            DraftFileError::NotBase64 { index: 0 },
            "{bad:?}"
        );
    }
}

#[test]
fn attachment_sha256_must_be_lower_case_hex() {
    assert_eq!(
        refused(|v| {
            let s = v["attachments"][0]["sha256"]
                .as_str()
                .unwrap()
                .to_uppercase();
            v["attachments"][0]["sha256"] = json!(s);
        }),
        DraftFileError::BadSha256 { index: 0 }
    );
    assert_eq!(
        refused(|v| v["attachments"][0]["sha256"] = json!("abc")),
        DraftFileError::BadSha256 { index: 0 }
    );
}

#[test]
fn size_must_match_the_bytes() {
    assert_eq!(
        refused(|v| {
            v["attachments"][0]["size"] = json!(14);
            v["referral"]["attachments"][0]["size"] = json!(14);
        }),
        DraftFileError::SizeMismatch { index: 0 }
    );
}

#[test]
fn sha256_mismatch_is_found_by_verify() {
    let mut v = sample_value();
    // Same length, valid base64, different bytes.
    v["attachments"][0]["data"] = json!("KVBERi0xLjcgbGV0dGVy");
    let f = parse_value(&v).unwrap();
    assert_eq!(
        f.verify_sha256(),
        Err(DraftFileError::Sha256Mismatch { index: 0 })
    );
    assert!(DraftFileError::Sha256Mismatch { index: 0 }
        .message()
        .contains("damaged or has been changed"));
}

#[test]
fn files_the_referral_lists_must_be_carried_and_match() {
    assert_eq!(
        refused(|v| {
            v["attachments"].as_array_mut().unwrap().remove(0);
        }),
        DraftFileError::MissingAttachment { index: 0 }
    );
    assert_eq!(
        refused(|v| v["referral"]["attachments"][1]["sha256"] = json!("0".repeat(64))),
        DraftFileError::AttachmentMismatch { index: 1 }
    );
    assert_eq!(
        refused(|v| v["referral"]["attachments"][1]["size"] = json!(3)),
        DraftFileError::AttachmentMismatch { index: 1 }
    );
    // A file carried but not (yet) listed is kept.
    let mut v = sample_value();
    v["referral"]["attachments"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    assert_eq!(parse_value(&v).unwrap().attachments.len(), 2);
}

#[test]
fn every_message_is_plain_and_free_of_content() {
    use DraftFileError::*;
    let all = [
        TooLarge,
        NotJson { line: 1, column: 2 },
        NotADraft,
        SignedPack,
        ConsentFile,
        UnsupportedVersion { version: 9 },
        UnsupportedVersion { version: 0 },
        WrongType { path: "x".into() },
        TooManyAttachments,
        AttachmentTooLarge { index: 0 },
        AttachmentsTooLarge,
        MediaTypeNotAllowed { index: 0 },
        MissingAttachmentId { index: 0 },
        DuplicateAttachmentId { index: 0 },
        NotBase64 { index: 0 },
        BadSha256 { index: 0 },
        SizeMismatch { index: 0 },
        Sha256Mismatch { index: 0 },
        MissingAttachment { index: 0 },
        AttachmentMismatch { index: 0 },
    ];
    for e in all {
        let m = e.message();
        assert!(m.starts_with(|c: char| c.is_uppercase()), "{m}");
        assert!(
            !m.ends_with('.'),
            "GOV.UK error messages have no full stop: {m}"
        );
        assert_eq!(e.to_string(), m);
    }
    assert!(MediaTypeNotAllowed { index: 2 }
        .message()
        .contains("File 3"));
}

#[test]
fn remapping_ids_reaches_every_reference() {
    let mut r = sample().referral;
    r.medical_evidence.push(Default::default());
    r.medical_evidence[0].attachment_id = Some("att-1".into());
    r.funding.ehcp.plan_attachment_id = Some("att-1".into());
    r.support.apdr.attachment_id = Some("dangling".into());
    let map: BTreeMap<String, String> = [("att-1", "n1"), ("att-2", "n2")]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .into();
    remap_attachment_ids(&mut r, &map);
    assert_eq!(r.attachments[0].id.as_deref(), Some("n1"));
    assert_eq!(r.attachments[1].id.as_deref(), Some("n2"));
    assert_eq!(r.medical_evidence[0].attachment_id.as_deref(), Some("n1"));
    assert_eq!(r.funding.ehcp.plan_attachment_id.as_deref(), Some("n1"));
    assert_eq!(r.consent.attachment_id.as_deref(), Some("n2"));
    assert_eq!(r.support.apdr.attachment_id.as_deref(), Some("dangling"));
    // Text that happens to equal an id is not an id.
    assert_eq!(r.pupil.first_name.as_deref(), Some(SECRET));
}

#[test]
fn limits_follow_the_settings() {
    let l = DraftFileLimits::default();
    assert_eq!(l.max_attachment_bytes, 20 * 1024 * 1024);
    assert_eq!(l.max_total_attachment_bytes, 100 * 1024 * 1024);
    assert!(l.max_file_bytes > l.max_total_attachment_bytes * 4 / 3);
}
