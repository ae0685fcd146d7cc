//! `docs/pack.schema.json` is valid JSON, names every key the code emits, and
//! a real pack, its protected header and its manifest validate structurally
//! against it (a small checker for the keywords the schema uses: type,
//! required, properties, additionalProperties, items, const, enum,
//! min/maxItems, minimum/maximum and local `$ref`s; patterns are checked by
//! the Rust code, not here).

mod pack_support;

use esma_core::signed::{b64, jcs};
use pack_support::*;
use serde_json::Value;

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/pack.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("pack.schema.json is JSON")
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> Option<&'a Value> {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => root.pointer(&r[1..]),
        Some(_) => None, // another file (referral.schema.json): checked by its own tests
        None => Some(s),
    }
}

fn check(root: &Value, s: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = resolve(root, s) else { return };
    let type_ok = |t: &str| match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        _ => true,
    };
    match s.get("type") {
        Some(Value::String(t)) if !type_ok(t) => errors.push(format!("{at}: not {t}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_ok(t.as_str().unwrap())) => {
            errors.push(format!("{at}: wrong type"))
        }
        _ => {}
    }
    if let Some(c) = s.get("const") {
        if c != v {
            errors.push(format!("{at}: not {c}"));
        }
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        if !e.contains(v) {
            errors.push(format!("{at}: not one of {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_u64), v.as_u64()) {
        if n < min {
            errors.push(format!("{at}: below minimum"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_u64), v.as_u64()) {
        if n > max {
            errors.push(format!("{at}: above maximum"));
        }
    }
    if let Value::Object(m) = v {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !m.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{at}: missing {r}"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, child) in m {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(root, ps, child, &format!("{at}.{k}"), errors),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: {k} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let Value::Array(items) = v {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                errors.push(format!("{at}: too few items"));
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            if items.len() as u64 > max {
                errors.push(format!("{at}: too many items"));
            }
        }
        if let Some(is) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, is, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

fn validate(root: &Value, def: Option<&str>, v: &Value) -> Vec<String> {
    let s = match def {
        None => root,
        Some(d) => &root["$defs"][d],
    };
    let mut errors = Vec::new();
    check(root, s, v, "$", &mut errors);
    errors
}

#[test]
fn a_real_pack_validates_and_every_emitted_key_is_named() {
    let root = schema();
    let (pack, _) = signed_complete();
    let outer: Value = serde_json::from_str(&pack.to_json()).unwrap();
    let header = jcs::parse_bytes(&b64::decode_url(&pack.signed.protected).unwrap()).unwrap();
    let manifest = jcs::parse_bytes(&b64::decode_url(&pack.signed.payload).unwrap()).unwrap();
    assert_eq!(validate(&root, None, &outer), Vec::<String>::new());
    assert_eq!(
        validate(&root, Some("protectedHeader"), &header),
        Vec::<String>::new()
    );
    assert_eq!(
        validate(&root, Some("manifest"), &manifest),
        Vec::<String>::new()
    );
    // With additionalProperties false everywhere we emit objects (but the
    // referral, which has its own schema), "validates" also means every key
    // the code writes is named in the schema. Check that the checker bites.
    let mut extra = manifest.clone();
    extra["attachments"][0]["colour"] = "red".into();
    extra["app"]["build"] = 1.into();
    assert_eq!(validate(&root, Some("manifest"), &extra).len(), 2);
    let mut wrong = outer.clone();
    wrong["signed"]["header"] = serde_json::json!({});
    wrong["formatVersion"] = 2.into();
    assert_eq!(validate(&root, None, &wrong).len(), 2);
}

#[test]
fn the_schema_names_every_manifest_key_the_docs_promise() {
    let root = schema();
    let m = &root["$defs"]["manifest"]["properties"];
    for k in [
        "formatVersion",
        "packId",
        "createdAt",
        "app",
        "referral",
        "findings",
        "checklist",
        "attachments",
    ] {
        assert!(m.get(k).is_some(), "{k}");
    }
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/pack-format.md"
    ))
    .unwrap();
    for k in [
        "packId",
        "createdAt",
        "rulesVersion",
        "mediaType",
        "esma-referral-pack+jws",
        "ES256",
    ] {
        assert!(doc.contains(k), "{k}");
    }
}
