//! The referral model's JSON form as a `serde_json::Value`, made directly:
//! the `model!` and `choice!` macros in [`crate::referral`] implement
//! [`ToJson`] from the same field lists they read with.
//!
//! The pages that only read a referral (the council's and the parent's)
//! need its JSON value for the format's limits, the consent content's hash
//! and the signed manifest's unknown members. By way of serde's `Serialize`
//! and text (`crate::json::to_value`), that carried the derive's writer and
//! serde_json's serialiser; made here, those pages' wasm is 1.6 KB (council)
//! and 2.3 KB (parent) gzip smaller. The value is the same: every member in camelCase, `null` for an answer not
//! given, choices in kebab-case (held equal to serde's by a test over
//! referrals with every member set, and over the fixtures).

use serde_json::{Map, Number, Value};

/// A model type's JSON form.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                Value::Number(Number::from(*self))
            }
        }
    )*};
}
whole_numbers!(u8, u32, u64);

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// Serde's `serialize_with` for a referral inside a serialised struct (the
/// pack's and the consent request's manifests, the draft file, the app's
/// saved draft): by [`ToJson`], so no page carries the derive's writer too.
pub fn serialize<S: serde::Serializer>(
    referral: &super::Referral,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&referral.to_json(), serializer)
}

/// An object made member by member: each name is a Rust field's, in snake
/// case, and is written in camelCase (serde's `rename_all = "camelCase"`).
/// Each value goes by `&dyn ToJson`, so a struct's writer is a short call per
/// member, not every member's writer inlined (a third of the wasm).
#[derive(Default)]
pub struct Object(Map<String, Value>);

impl Object {
    #[inline(never)]
    pub fn member(&mut self, snake: &str, value: &dyn ToJson) {
        self.0.insert(camel_case(snake), value.to_json());
    }

    pub fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// `signed_on` → `signedOn`.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `TooUnwell` → `too-unwell` (serde's `rename_all = "kebab-case"`).
pub fn kebab_case(pascal: &str) -> String {
    let mut out = String::with_capacity(pascal.len() + 4);
    for (i, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_written_as_serde_renames_them() {
        assert_eq!(
            camel_case("signer_has_parental_responsibility"),
            "signerHasParentalResponsibility"
        );
        assert_eq!(camel_case("upn"), "upn");
        assert_eq!(kebab_case("TooUnwell"), "too-unwell");
        assert_eq!(kebab_case("Apdr"), "apdr");
    }

    /// The reader's matching (`super::read`) and this writer's renaming are
    /// the same rule, written once each way.
    #[test]
    fn what_is_written_is_what_is_read() {
        use super::super::read::{is_camel_case_of, is_kebab_case_of};
        for snake in [
            "signer_has_parental_responsibility",
            "upn",
            "year_10",
            "date_of_birth",
        ] {
            assert!(is_camel_case_of(&camel_case(snake), snake), "{snake}");
        }
        for pascal in ["TooUnwell", "Apdr", "MedicalEvidence", "C2"] {
            assert!(is_kebab_case_of(&kebab_case(pascal), pascal), "{pascal}");
        }
    }
}
