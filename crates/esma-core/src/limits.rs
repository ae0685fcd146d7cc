//! How much a file from outside may hold: every limit that bounds the cost
//! of reading, checking and showing a referral, a pack or a consent file,
//! in one place.
//!
//! Anyone can sign a file, so a validly signed file can still be built to
//! exhaust the checker: a pack with a million empty evidence items once
//! took 20 seconds and 5 GiB. Every reader of a file from outside therefore
//! checks it against these limits *before* the rules see it: first the JSON
//! itself ([`crate::json::strict::scan`]: at most [`MAX_JSON_VALUES`]
//! values, no string over [`MAX_STRING_BYTES`]), then the referral's lists,
//! texts and numbers ([`check_referral_value`]). The rules then only ever run
//! on a referral of bounded size.
//!
//! The limits come from what a real referral needs, with room to spare: a
//! pupil rarely has more than a handful of medical letters (50 allowed: the
//! project's scale test has 25, each with its own file), a referral rarely
//! more than 15 documents (100 allowed; the council's own smaller limit, 30,
//! is a setting), and no answer runs to 10,000 characters (about 1,500
//! words). They are documented in `docs/referral-format.md`
//! ("Limits") and `docs/pack-format.md`.
//!
//! ```
//! use esma_core::limits::{read_referral, MAX_MEDICAL_EVIDENCE};
//! assert!(read_referral(r#"{"pupil": {"firstName": "Sam"}}"#).is_ok());
//! let many = format!(r#"{{"medicalEvidence": [{}]}}"#, vec!["{}"; MAX_MEDICAL_EVIDENCE + 1].join(","));
//! let err = read_referral(&many).unwrap_err();
//! assert_eq!(err.path, "medicalEvidence");
//! assert_eq!(err.to_string(), "at medicalEvidence there is a list of more than 50 items");
//! ```

use crate::referral::ToJson;
use serde_json::Value;

use crate::json::strict::Caps;
use crate::json::{ParseError, Problem};
use crate::referral::Referral;

/// The most JSON values (objects, arrays, strings, numbers, literals) in
/// any one document read from outside. A referral at every limit below
/// and the manifest that carries it hold a few thousand.
pub const MAX_JSON_VALUES: usize = crate::json::strict::MAX_VALUES;
/// The longest single string in a referral or any signed content, in bytes
/// as written: room for a consent response (at most
/// [`MAX_CONSENT_RESPONSE_BYTES`]) written inside a referral, with escapes.
pub const MAX_STRING_BYTES: usize = 2 * 1024 * 1024;
/// The largest referral file, and the largest signed content (a pack's
/// manifest, a consent request's or response's payload), in bytes.
pub const MAX_REFERRAL_BYTES: usize = 8 * 1024 * 1024;
/// The longest answer in a referral, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The longest short label in signed content: an app name or version, a
/// rule id, a field path, a key's name in the trusted list.
pub const MAX_LABEL_CHARS: usize = 200;
/// The most items of medical evidence.
pub const MAX_MEDICAL_EVIDENCE: usize = 50;
/// The most attachments (the format's limit; the council's own limit,
/// `attachments.maxFiles` in its settings, is lower).
pub const MAX_ATTACHMENTS: usize = 100;
/// The most items in any other list in a referral (a list a later version
/// adds included).
pub const MAX_LIST_ITEMS: usize = 50;
/// The most findings a manifest records.
pub const MAX_FINDINGS: usize = 1_000;
/// The largest consent response file, in bytes.
pub const MAX_CONSENT_RESPONSE_BYTES: usize = 1024 * 1024;
/// The largest whole number in any file (2^53 - 1: JCS and JavaScript
/// read numbers as doubles).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Lists with their own limit, by path (`[]` for "any item").
const LISTS: &[(&str, usize)] = &[
    ("medicalEvidence", MAX_MEDICAL_EVIDENCE),
    ("attachments", MAX_ATTACHMENTS),
];

/// Texts with their own limit, in characters.
const TEXTS: &[(&str, usize)] = &[("consent.record.response", MAX_CONSENT_RESPONSE_BYTES)];

/// The caps for the JSON of a referral or of signed content.
pub const CAPS: Caps = Caps {
    max_values: MAX_JSON_VALUES,
    max_string_bytes: MAX_STRING_BYTES,
};

/// Read a referral from a file from outside (the CLI, a draft file): at
/// most [`MAX_REFERRAL_BYTES`], strict JSON within [`CAPS`], the model's
/// shape, then [`check_referral`]. Errors say where and what, never the
/// content.
pub fn read_referral(text: &str) -> Result<Referral, ParseError> {
    if text.len() > MAX_REFERRAL_BYTES {
        return Err(ParseError::at("", Problem::TooLarge));
    }
    let referral: Referral = crate::json::from_str_within(text, CAPS)?;
    check_referral(&referral)?;
    Ok(referral)
}

/// Check a referral against the limits (see [`check_referral_value`]).
pub fn check_referral(referral: &Referral) -> Result<(), ParseError> {
    check_referral_value(&referral.to_json())
}

/// Check a referral's JSON form: every list within its limit
/// ([`MAX_MEDICAL_EVIDENCE`], [`MAX_ATTACHMENTS`], otherwise
/// [`MAX_LIST_ITEMS`]), every text within [`MAX_TEXT_CHARS`] (the consent
/// response within [`MAX_CONSENT_RESPONSE_BYTES`]), every number whole and
/// at most [`MAX_SAFE_INTEGER`]. The first problem is returned with its path.
pub fn check_referral_value(value: &Value) -> Result<(), ParseError> {
    let mut path = Vec::new();
    walk(value, &mut path)
}

/// One step of a path: a member name or a list index.
enum Step<'a> {
    Name(&'a str),
    Index(usize),
}

/// The path as written in messages, `medicalEvidence[3].role`. Names come
/// from the model (the referral was read as one), so none is content.
fn path_text(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Name(n) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(n);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Whether `path` is `pattern` (`[]` for any index), compared step by
/// step: this runs for every list and text in a referral.
fn is_at(path: &[Step], pattern: &str) -> bool {
    let wanted = pattern.split('.').flat_map(|segment| {
        let name = segment.trim_end_matches("[]");
        let indexes = (segment.len() - name.len()) / 2;
        std::iter::once(Some(name)).chain(std::iter::repeat_n(None, indexes))
    });
    let steps = path.iter().map(|s| match s {
        Step::Name(n) => Some(*n),
        Step::Index(_) => None,
    });
    wanted.eq(steps)
}

/// The limit for the list or text at `path`: its own, or `default`.
fn limit(table: &[(&str, usize)], path: &[Step], default: usize) -> usize {
    table
        .iter()
        .find(|(p, _)| is_at(path, p))
        .map_or(default, |&(_, n)| n)
}

fn walk<'a>(value: &'a Value, path: &mut Vec<Step<'a>>) -> Result<(), ParseError> {
    let fail = |path: &[Step], problem| Err(ParseError::at(&path_text(path), problem));
    match value {
        Value::Object(members) => {
            for (name, v) in members {
                path.push(Step::Name(name));
                walk(v, path)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            let max = limit(LISTS, path, MAX_LIST_ITEMS);
            if items.len() > max {
                return fail(path, Problem::TooManyItems(max));
            }
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(v, path)?;
                path.pop();
            }
        }
        Value::String(text) => {
            let max = limit(TEXTS, path, MAX_TEXT_CHARS);
            // Bytes first: a text within the limit in bytes is within it in
            // characters, and counting characters costs a pass.
            if text.len() > max && text.chars().count() > max {
                return fail(path, Problem::TooLong(max));
            }
        }
        Value::Number(n) => {
            if n.as_u64().is_none_or(|n| n > MAX_SAFE_INTEGER) {
                return fail(path, Problem::NotAllowed);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(json: &str) -> (String, Problem) {
        let e = read_referral(json).unwrap_err();
        (e.path, e.problem)
    }

    #[test]
    fn paths_match_patterns() {
        let path = [
            Step::Name("consent"),
            Step::Name("record"),
            Step::Name("response"),
        ];
        assert!(is_at(&path, "consent.record.response"));
        assert!(!is_at(&path[..2], "consent.record.response"));
        let path = [
            Step::Name("medicalEvidence"),
            Step::Index(3),
            Step::Name("role"),
        ];
        assert!(is_at(&path, "medicalEvidence[].role"));
        assert!(!is_at(&path, "medicalEvidence.role"));
        assert!(is_at(&path[..1], "medicalEvidence"));
    }

    #[test]
    fn lists_have_limits() {
        let n = |k: usize| vec!["{}"; k].join(",");
        assert!(read_referral(&format!(r#"{{"medicalEvidence":[{}]}}"#, n(50))).is_ok());
        assert_eq!(
            problem(&format!(r#"{{"medicalEvidence":[{}]}}"#, n(51))),
            ("medicalEvidence".into(), Problem::TooManyItems(50))
        );
        assert!(read_referral(&format!(r#"{{"attachments":[{}]}}"#, n(100))).is_ok());
        assert_eq!(
            problem(&format!(r#"{{"attachments":[{}]}}"#, n(101))),
            ("attachments".into(), Problem::TooManyItems(100))
        );
    }

    #[test]
    fn texts_and_numbers_have_limits() {
        let long = "é".repeat(MAX_TEXT_CHARS);
        assert!(read_referral(&format!(r#"{{"pupil":{{"firstName":"{long}"}}}}"#)).is_ok());
        assert_eq!(
            problem(&format!(
                r#"{{"medicalEvidence":[{{}},{{"role":"{long}x"}}]}}"#
            )),
            (
                "medicalEvidence[1].role".into(),
                Problem::TooLong(MAX_TEXT_CHARS)
            )
        );
        assert_eq!(
            problem(r#"{"attachments":[{"size":9007199254740992}]}"#),
            ("attachments[0].size".into(), Problem::NotAllowed)
        );
        assert!(read_referral(r#"{"attachments":[{"size":9007199254740991}]}"#).is_ok());
    }

    #[test]
    fn the_json_itself_is_bounded_before_it_is_read() {
        // Unknown members are ignored by the model, but still counted.
        let many = format!(r#"{{"x":[{}]}}"#, vec!["0"; MAX_JSON_VALUES].join(","));
        assert_eq!(
            read_referral(&many).unwrap_err().problem,
            Problem::TooManyValues
        );
        let huge = format!(r#"{{"x":"{}"}}"#, "a".repeat(MAX_STRING_BYTES + 1));
        assert_eq!(read_referral(&huge).unwrap_err().problem, Problem::TooLarge);
        let big = " ".repeat(MAX_REFERRAL_BYTES + 1);
        assert_eq!(read_referral(&big).unwrap_err().problem, Problem::TooLarge);
        assert_eq!(
            read_referral(r#"{"a":1,"a":2}"#).unwrap_err().problem,
            Problem::Repeated
        );
    }
}
