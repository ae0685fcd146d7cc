//! The signed files' payload types are read by core's strict reader
//! (`read_by_members!`) rather than serde's derive. Here each is read side by
//! side with a twin that keeps the derive and the `#[serde(...)]` attributes
//! it had, over a valid payload and hundreds of damaged ones (each member left
//! out, given twice, renamed, of every JSON type; unknown members; other
//! values in its place), at every level: both must accept the same texts with
//! the same values, and refuse the same texts with the same problem, place and
//! (with `error-paths`) path. The one difference allowed, and shown: an array
//! is not read as a struct's members in order. The twins are read by
//! serde_json's reader, so the comparison holds core's reader to it too.

mod common;

use esma_core::json::{from_str, ParseError, Problem};
use esma_core::referral::Referral;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The twins: the types as they were, with serde's derive.
mod derived {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum RecordedSeverity {
        Blocking,
        Warning,
        Info,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum RecordedStatus {
        Complete,
        Missing,
        NotApplicable,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct AttachmentEntry {
        pub id: String,
        pub name: String,
        pub media_type: String,
        pub size: u64,
        pub sha256: String,
        pub purpose: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct Manifest {
        pub format_version: u32,
        pub pack_id: String,
        pub created_at: String,
        pub app: AppInfo,
        pub referral: Referral,
        pub findings: Vec<RecordedFinding>,
        pub checklist: Vec<RecordedItem>,
        pub attachments: Vec<AttachmentEntry>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct AppInfo {
        pub name: String,
        pub version: String,
        pub rules_version: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RecordedFinding {
        pub rule: String,
        pub severity: RecordedSeverity,
        pub field: String,
        pub message: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RecordedItem {
        pub item: u8,
        pub title: String,
        pub status: RecordedStatus,
        pub reason: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct RequestManifest {
        pub format_version: u32,
        pub request_id: String,
        pub created_at: String,
        pub school: RequestSchool,
        pub notice: NoticeEntry,
        pub referral: Referral,
        pub content_sha256: String,
        pub attachments: Vec<AttachmentEntry>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct RequestSchool {
        pub name: Option<String>,
        pub referrer: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct NoticeEntry {
        pub version: String,
        pub sha256: String,
        pub text: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct ResponsePayload {
        pub format_version: u32,
        pub request_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub request_sha256: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub school_kid: Option<String>,
        pub decision: esma_core::referral::ConsentDecision,
        pub name: String,
        pub relationship: String,
        pub decided_at: String,
        pub notice_version: String,
        pub notice_sha256: String,
        pub reviewed_content_sha256: String,
        pub sla_acknowledged: bool,
        pub drawn_signature: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct RequestRef {
        pub request_id: String,
        pub request_sha256: String,
        pub school_kid: String,
    }
}

fn attachment() -> Value {
    json!({"id": "a1", "name": "Letter.pdf", "mediaType": "application/pdf", "size": 12,
           "sha256": "ab".repeat(32), "purpose": "medical-evidence"})
}

fn manifest() -> Value {
    json!({
        "formatVersion": 1,
        "packId": "0b7c0d5e-1111-4222-8333-444455556666",
        "createdAt": "2026-11-28T09:30:00Z",
        "app": {"name": "esma", "version": "1.0.0", "rulesVersion": "2"},
        "referral": {"pupil": {"firstName": "Sam"}, "attachments": [{"id": "a1"}]},
        "findings": [{"rule": "R1", "severity": "warning", "field": "pupil", "message": "m"}],
        "checklist": [{"item": 1, "title": "t", "status": "not-applicable", "reason": "r"}],
        "attachments": [attachment()],
    })
}

fn request() -> Value {
    json!({
        "formatVersion": 1,
        "requestId": "0b7c0d5e-1111-4222-8333-444455556666",
        "createdAt": "2026-11-28T09:30:00Z",
        "school": {"name": "Oak Primary", "referrer": "A Teacher"},
        "notice": {"version": "1", "sha256": "cd".repeat(32), "text": "We share..."},
        "referral": {"pupil": {"firstName": "Sam"}},
        "contentSha256": "ef".repeat(32),
        "attachments": [attachment()],
    })
}

fn response() -> Value {
    json!({
        "formatVersion": 2,
        "requestId": "0b7c0d5e-1111-4222-8333-444455556666",
        "requestSha256": "ab".repeat(32),
        "schoolKid": "kid",
        "decision": "given",
        "name": "A Parent",
        "relationship": "Mother",
        "decidedAt": "2026-11-28T09:30:00Z",
        "noticeVersion": "1",
        "noticeSha256": "cd".repeat(32),
        "reviewedContentSha256": "ef".repeat(32),
        "slaAcknowledged": true,
        "drawnSignature": "data:image/png;base64,AAAA",
    })
}

/// Values put in a member's place (apart by spaces): every JSON type,
/// numbers beyond the integers' ranges, the choices' names and forms.
const OTHER_VALUES: &str = r#"null true 0 -1 1.5 300 18446744073709551616 "x" "warning" "complete" "given" [] [1] {} {"warning":null} {"complete":null} {"info":1} {"x":null} {"info":null,"x":null} {"a":1}"#;

const PLACE: &str = "\"\\u0000here\"";

/// The text of `root` with the object at `at` (a JSON pointer) written as
/// `object` (JSON text).
fn with_object_text(root: &Value, at: &str, object: &str) -> String {
    let mut root = root.clone();
    *root.pointer_mut(at).unwrap() = Value::String("\u{0}here".into());
    serde_json::to_string(&root).unwrap().replace(PLACE, object)
}

fn members_text(m: &Map<String, Value>, extra: &[(String, String)]) -> String {
    let mut parts: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{}:{}", json!(k), v))
        .collect();
    parts.extend(extra.iter().map(|(k, v)| format!("{}:{v}", json!(k))));
    format!("{{{}}}", parts.join(","))
}

fn snake_case(camel: &str) -> String {
    camel
        .chars()
        .flat_map(|c| {
            if c.is_ascii_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Every damaged form of `root` this test reads: at each object (but the
/// referral's, read by the model's own reader), each member left out,
/// repeated, renamed, or holding each of [`OTHER_VALUES`], and unknown
/// members added; and other values in the object's own place.
/// Each with whether it puts an array in a struct's place (which serde's
/// derive read as the members in order).
fn variants(root: &Value) -> Vec<(String, bool)> {
    let mut out = vec![(serde_json::to_string(root).unwrap(), false)];
    let mut objects = vec![String::new()];
    let mut i = 0;
    while i < objects.len() {
        let at = objects[i].clone();
        i += 1;
        let Some(Value::Object(m)) = root.pointer(&at) else {
            continue;
        };
        for (k, v) in m {
            if k == "referral" {
                continue;
            }
            let child = format!("{at}/{k}");
            match v {
                Value::Object(_) => objects.push(child),
                Value::Array(a) if !a.is_empty() => objects.push(format!("{child}/0")),
                _ => {}
            }
            let mut without = m.clone();
            without.remove(k);
            out.push((
                with_object_text(root, &at, &members_text(&without, &[])),
                false,
            ));
            let again = [(k.clone(), v.to_string())];
            out.push((with_object_text(root, &at, &members_text(m, &again)), false));
            let renamed = [(snake_case(k), v.to_string())];
            out.push((
                with_object_text(root, &at, &members_text(&without, &renamed)),
                false,
            ));
            let upper = [(k.to_uppercase(), v.to_string())];
            out.push((
                with_object_text(root, &at, &members_text(&without, &upper)),
                false,
            ));
            for other in OTHER_VALUES.split(' ') {
                let put = [(k.clone(), other.to_string())];
                let array_as_struct = v.is_object() && other.starts_with('[');
                let text = with_object_text(root, &at, &members_text(&without, &put));
                out.push((text, array_as_struct));
            }
        }
        for unknown in [("later", "1"), ("", "null"), ("format", "\"x\"")] {
            let extra = [(unknown.0.to_string(), unknown.1.to_string())];
            out.push((with_object_text(root, &at, &members_text(m, &extra)), false));
        }
        out.push((with_object_text(root, &at, "{}"), false));
        if !at.is_empty() {
            for other in OTHER_VALUES.split(' ') {
                out.push((with_object_text(root, &at, other), other.starts_with('[')));
            }
        }
    }
    out.push(("{} x".into(), false));
    out.push(("{\"formatVersion\":1,".into(), false));
    out
}

fn outcome<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, ParseError> {
    from_str::<T>(text).map(|v| serde_json::to_value(v).unwrap())
}

/// The twin's outcome, read by serde_json's reader as it always was.
fn serde_outcome<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, ParseError> {
    common::serde_json_from_str::<T>(text).map(|v| serde_json::to_value(v).unwrap())
}

/// `Ours` and `Derived` read every variant of `root` alike (and `root`
/// itself is read).
fn read_alike<Ours, Derived>(root: &Value)
where
    Ours: DeserializeOwned + Serialize,
    Derived: DeserializeOwned + Serialize,
{
    let all = variants(root);
    assert!(all.len() > 50, "{}", all.len());
    assert!(from_str::<Ours>(&all[0].0).is_ok());
    for (text, array_as_struct) in &all {
        let ours = outcome::<Ours>(text);
        if *array_as_struct {
            assert_eq!(ours.unwrap_err().problem, Problem::WrongType, "{text}");
            continue;
        }
        assert_eq!(ours, serde_outcome::<Derived>(text), "{text}");
    }
}

/// The one difference: serde's derive read an array as the members in
/// order (`order`, as declared); the strict reader refuses it as the wrong
/// type.
fn array_refused<Ours: DeserializeOwned, Derived: DeserializeOwned>(root: &Value, order: &[&str]) {
    let array = Value::Array(order.iter().map(|k| root[k].clone()).collect());
    let text = array.to_string();
    assert!(
        common::serde_json_from_str::<Derived>(&text).is_ok(),
        "{text}"
    );
    let e = from_str::<Ours>(&text).err().unwrap();
    assert_eq!(e.problem, Problem::WrongType);
}

#[test]
fn the_manifest_is_read_as_serde_read_it() {
    use esma_core::pack::manifest::{Manifest, RecordedSeverity, RecordedStatus};
    read_alike::<Manifest, derived::Manifest>(&manifest());
    // serde's derive reads a unit variant from an object of its name and
    // null, too, and so do the recorded choices' readers.
    let mut m = manifest();
    m["findings"][0]["severity"] = json!({"warning": null});
    m["checklist"][0]["status"] = json!({"complete": null});
    let read = from_str::<Manifest>(&m.to_string()).unwrap();
    assert_eq!(read.findings[0].severity, RecordedSeverity::Warning);
    assert_eq!(read.checklist[0].status, RecordedStatus::Complete);
    let order = [
        "formatVersion",
        "packId",
        "createdAt",
        "app",
        "referral",
        "findings",
        "checklist",
        "attachments",
    ];
    array_refused::<Manifest, derived::Manifest>(&manifest(), &order);
}

#[test]
fn an_attachment_entry_is_read_as_serde_read_it() {
    use esma_core::signed::AttachmentEntry;
    let a = attachment();
    read_alike::<AttachmentEntry, derived::AttachmentEntry>(&a);
    let order = ["id", "name", "mediaType", "size", "sha256", "purpose"];
    array_refused::<AttachmentEntry, derived::AttachmentEntry>(&a, &order);
}

#[test]
fn a_consent_request_is_read_as_serde_read_it() {
    use esma_core::consent::request::RequestManifest;
    read_alike::<RequestManifest, derived::RequestManifest>(&request());
    let order = [
        "formatVersion",
        "requestId",
        "createdAt",
        "school",
        "notice",
        "referral",
        "contentSha256",
        "attachments",
    ];
    array_refused::<RequestManifest, derived::RequestManifest>(&request(), &order);
}

#[test]
fn a_consent_response_is_read_as_serde_read_it() {
    use esma_core::consent::response::ResponsePayload;
    read_alike::<ResponsePayload, derived::ResponsePayload>(&response());
    let order = [
        "formatVersion",
        "requestId",
        "requestSha256",
        "schoolKid",
        "decision",
        "name",
        "relationship",
        "decidedAt",
        "noticeVersion",
        "noticeSha256",
        "reviewedContentSha256",
        "slaAcknowledged",
        "drawnSignature",
    ];
    array_refused::<ResponsePayload, derived::ResponsePayload>(&response(), &order);
}

#[test]
fn a_request_reference_is_read_as_serde_read_it() {
    use esma_core::consent::RequestRef;
    let reference = json!({"requestId": "r", "requestSha256": "ab".repeat(32), "schoolKid": "k"});
    read_alike::<RequestRef, derived::RequestRef>(&reference);
    let order = ["requestId", "requestSha256", "schoolKid"];
    array_refused::<RequestRef, derived::RequestRef>(&reference, &order);
}
