//! The referral's JSON Schema, generated from the types (feature `schema`,
//! which only the CLI turns on, so the browser bundle never carries it).

/// The JSON Schema (draft 2020-12) of [`crate::referral::Referral`].
pub fn referral_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::referral::Referral);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            "https://example.invalid/esma-referral/referral.schema.json".into(),
        );
        obj.insert("title".into(), "ESMA referral".into());
    }
    serde_json::to_value(&schema).unwrap_or(serde_json::Value::Null)
}
