//! The referral's JSON value made directly (`referral::ToJson`, which the
//! council's and the parent's pages use) is the value serde's derive writes:
//! for every fixture, and for a referral with every member given.

mod common;

use esma_core::referral::{Referral, ToJson};
use serde_json::{json, Value};

fn serde_value(r: &Referral) -> Value {
    serde_json::to_value(r).unwrap()
}

#[test]
fn every_fixture_is_written_as_serde_writes_it() {
    let mut seen = 0;
    for entry in std::fs::read_dir(common::fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name == "expected.json" {
            continue;
        }
        let r: Referral = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(r.to_json(), serde_value(&r), "{name}");
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} fixtures");
}

/// Fills every `null` and empty list in `v` with the first candidate the
/// model takes, so every member, choice and list item is written.
fn fill(root: &mut Value, path: &str) {
    let here = root.pointer(path).cloned().unwrap();
    match here {
        Value::Object(m) => {
            for key in m.keys() {
                fill(root, &format!("{path}/{key}"));
            }
        }
        Value::Null | Value::Array(_) if here.as_array().is_none_or(Vec::is_empty) => {
            let list = here.is_array();
            let candidates = [
                json!("some text"),
                json!(true),
                json!(7),
                json!("medical-evidence"),
                json!("given"),
                json!("universal"),
                json!("physical"),
                json!("consecutive"),
                json!("mainstream"),
                json!("home"),
                json!("too-unwell"),
                json!({}),
            ];
            for candidate in candidates {
                let mut tried = root.clone();
                *tried.pointer_mut(path).unwrap() = if list {
                    json!([candidate.clone()])
                } else {
                    candidate.clone()
                };
                let Ok(r) = serde_json::from_value::<Referral>(tried.clone()) else {
                    continue;
                };
                // Taken as given, not dropped or defaulted (an object comes
                // back with its members, to be filled in turn).
                let written = serde_value(&r);
                let object = |v: Option<&Value>| {
                    v.and_then(|v| if list { v.get(0) } else { Some(v) })
                        .is_some_and(Value::is_object)
                };
                if written.pointer(path) == tried.pointer(path)
                    || (candidate.is_object() && object(written.pointer(path)))
                {
                    *root = written;
                    if list || candidate.is_object() {
                        fill(
                            root,
                            &if list {
                                format!("{path}/0")
                            } else {
                                path.to_owned()
                            },
                        );
                    }
                    return;
                }
            }
        }
        _ => {}
    }
}

#[test]
fn a_referral_with_every_member_given_is_written_as_serde_writes_it() {
    let mut v = serde_value(&Referral::default());
    fill(&mut v, "");
    let r: Referral = serde_json::from_value(v.clone()).unwrap();
    let nulls = v.to_string().matches("null").count();
    assert_eq!(nulls, 0, "members the filler could not give: {v:#}");
    assert_eq!(r.to_json(), serde_value(&r));
    assert_eq!(r.to_json(), v);
}
