//! Reading and writing the model's JSON, one way only.
//!
//! Every model type is read from JSON *text* through [`from_str`], by our
//! own reader ([`de`], not serde_json's, which cost every page 10-15 KB of
//! wasm), and turned into a `serde_json::Value` through [`to_value`] (by way
//! of text, by the same reader). Each extra way in (from bytes, from a
//! `Value`, another reader) compiles another copy of every type's
//! deserialiser into the browser's wasm, and the first load has a size
//! budget; one way in also gives every caller the same careful errors: where
//! (line, column, field path) and what kind of problem, never the content.
//! A member's raw text can be kept, unread, as a [`Raw`].
//!
//! Text from outside goes through [`from_str_within`], which first checks
//! the text with the strict reader ([`strict`]) within caps on how much it
//! may hold, so no typed reader ever sees an unbounded document.
//!
//! ```
//! use esma_core::json::{from_str, Problem};
//! let err = from_str::<esma_core::referral::Referral>(r#"{"pupil": {"yearGroup": "ten"}}"#).unwrap_err();
//! assert_eq!((err.line, err.problem), (1, Problem::WrongType));
//! ```

pub mod de;
mod float;
pub mod strict;

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use strict::{Caps, JsonError, JsonErrorKind};

/// Why some JSON could not be read, without quoting it (it may be health data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    /// Where in the document, e.g. `medicalEvidence[0].date`; empty at the top.
    pub path: String,
    pub problem: Problem,
}

/// The kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON at all, or cut short.
    Syntax,
    /// A required part is missing.
    Missing,
    /// A part the format does not have.
    Unknown,
    /// A value of the wrong type (text where a number belongs, …).
    WrongType,
    /// A value the format does not allow (an unknown choice, a number out of range, …).
    NotAllowed,
    /// Something after the end of the JSON.
    TrailingCharacters,
    /// An object names the same member twice.
    Repeated,
    /// Arrays and objects nested too deep.
    TooDeep,
    /// More JSON values than a file of this kind may hold.
    TooManyValues,
    /// A file, or one text in it, larger than allowed.
    TooLarge,
    /// A list with more items than allowed (the most).
    TooManyItems(usize),
    /// A text with more characters than allowed (the most).
    TooLong(usize),
}

impl Problem {
    /// The problem in words, for a sentence such as "at pupil.yearGroup there is …".
    pub fn describe(self) -> Cow<'static, str> {
        match self {
            Problem::Syntax => "text that is not valid JSON".into(),
            Problem::Missing => "a required part missing".into(),
            Problem::Unknown => "a part that the format does not have".into(),
            Problem::WrongType => "a value of the wrong type".into(),
            Problem::NotAllowed => "a value that is not allowed".into(),
            Problem::TrailingCharacters => "more text after the end of the JSON".into(),
            Problem::Repeated => "a name that appears twice in the same object".into(),
            Problem::TooDeep => "nesting that is too deep".into(),
            Problem::TooManyValues => "more values than a file of this kind may hold".into(),
            Problem::TooLarge => "more text than a file of this kind may hold".into(),
            Problem::TooManyItems(n) => format!("a list of more than {n} items").into(),
            Problem::TooLong(n) => format!("a text of more than {n} characters").into(),
        }
    }
}

impl ParseError {
    /// A problem found in a value already read (no line or column).
    pub fn at(path: &str, problem: Problem) -> Self {
        ParseError {
            line: 0,
            column: 0,
            path: path.to_owned(),
            problem,
        }
    }

    /// The strict reader's error, placed in `text`.
    pub fn from_strict(e: &JsonError, text: &str) -> Self {
        let (line, column) = e.position(text);
        let problem = match e.kind {
            JsonErrorKind::DuplicateName => Problem::Repeated,
            JsonErrorKind::TooDeep => Problem::TooDeep,
            JsonErrorKind::TooManyValues => Problem::TooManyValues,
            JsonErrorKind::TooLong => Problem::TooLarge,
            JsonErrorKind::TrailingCharacters => Problem::TrailingCharacters,
            _ => Problem::Syntax,
        };
        ParseError {
            line,
            column,
            path: String::new(),
            problem,
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            // Found in a value already read: only the path says where.
            if self.path.is_empty() {
                write!(f, "there is {}", self.problem.describe())
            } else {
                write!(f, "at {} there is {}", self.path, self.problem.describe())
            }
        } else if self.path.is_empty() {
            write!(
                f,
                "line {}, column {}: {}",
                self.line,
                self.column,
                self.problem.describe()
            )
        } else {
            write!(
                f,
                "line {}, column {}, at {}: {}",
                self.line,
                self.column,
                self.path,
                self.problem.describe()
            )
        }
    }
}

/// A value's JSON text as written (without the whitespace around it),
/// borrowed and not read: e.g. a signed file's members, each read later as
/// its own type. Only [`from_str`]'s reader gives it; any other refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a>(pub &'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = &'de str;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value's text")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<&'de str, E> {
                Ok(text)
            }
        }
        d.deserialize_newtype_struct(de::RAW, Text).map(Raw)
    }
}

/// Reads a whole document: one value, then only whitespace.
fn read<'a, T: Deserialize<'a>>(de: &mut de::Deserializer<'a>) -> Result<T, de::Error> {
    let value = T::deserialize(&mut *de)?;
    de.end()?;
    Ok(value)
}

fn parse_error(e: &de::Error, text: &str, path: String) -> ParseError {
    let (line, column) = e.position(text);
    ParseError {
        line,
        column,
        path,
        problem: e.problem,
    }
}

/// Reads a value of type `T` from JSON text (borrowing from it where `T`
/// does, e.g. a `Cow<str>` marked `#[serde(borrow)]`).
#[cfg(feature = "error-paths")]
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, ParseError> {
    // Read once without tracking the path (about twice as fast); only a
    // file that fails is read again to say where.
    if let Ok(value) = read(&mut de::Deserializer::new(text)) {
        return Ok(value);
    }
    let mut de = de::Deserializer::new(text);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| parse_error(e.inner(), text, safe_path(e.path())))?;
    de.end().map_err(|e| parse_error(&e, text, String::new()))?;
    Ok(value)
}

/// Reads a value of type `T` from JSON text (without the `error-paths`
/// feature the path is left empty; line and column still say where).
#[cfg(not(feature = "error-paths"))]
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, ParseError> {
    read(&mut de::Deserializer::new(text)).map_err(|e| parse_error(&e, text, String::new()))
}

/// Reads a value of type `T` from JSON text from outside: strict JSON
/// within `caps` ([`strict::scan`]) first, then typed.
pub fn from_str_within<'a, T: Deserialize<'a>>(text: &'a str, caps: Caps) -> Result<T, ParseError> {
    strict::scan(text, caps).map_err(|e| ParseError::from_strict(&e, text))?;
    from_str(text)
}

/// Reads a value of type `T` from JSON bytes (which must be UTF-8).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError {
        line: 0,
        column: 0,
        path: String::new(),
        problem: Problem::Syntax,
    })?;
    from_str(text)
}

/// A value's JSON form as a `serde_json::Value`, by way of text.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| from_str(&text).ok())
        .unwrap_or(Value::Null)
}

/// A `Value` read back as a model type, by way of text.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, ParseError> {
    from_str(&value.to_string())
}

/// Leave out every `null`, empty object and empty array inside objects,
/// recursively (array items keep their places): what was said, not how
/// blanks are spelled.
pub fn prune_blanks(v: &mut Value) {
    fn blank(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::Object(m) => m.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        }
    }
    match v {
        Value::Object(m) => {
            for x in m.values_mut() {
                prune_blanks(x);
            }
            m.retain(|_, x| !blank(x));
        }
        Value::Array(a) => a.iter_mut().for_each(prune_blanks),
        _ => {}
    }
}

/// A path for messages: indexes and field names, but map keys that could be
/// content (not short identifiers) become `…`.
#[cfg(feature = "error-paths")]
pub fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                let safe = key.len() <= 64
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-[]".contains(c));
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if safe { key } else { "…" });
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::Referral;

    #[test]
    fn reports_where_and_what_without_quoting() {
        let err =
            from_str::<Referral>(r#"{"medicalEvidence":[{"tier":"secret-tier"}]}"#).unwrap_err();
        if cfg!(feature = "error-paths") {
            assert_eq!(err.path, "medicalEvidence[0].tier");
        }
        assert_eq!(err.problem, Problem::NotAllowed);
        assert!(!err.to_string().contains("secret"));
    }

    #[test]
    fn refuses_trailing_text_and_bad_utf8() {
        assert_eq!(
            from_str::<Referral>("{} x").unwrap_err().problem,
            Problem::TrailingCharacters
        );
        assert_eq!(
            from_slice::<Referral>(b"{\xff}").unwrap_err().problem,
            Problem::Syntax
        );
    }

    #[test]
    fn values_round_trip_through_text() {
        let mut r = Referral::default();
        r.pupil.year_group = Some(9);
        let v = to_value(&r);
        assert_eq!(v["pupil"]["yearGroup"], 9);
        assert_eq!(from_value::<Referral>(&v).unwrap(), r);
    }
}
