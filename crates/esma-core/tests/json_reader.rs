//! Core's typed JSON reader (`esma_core::json::from_str`, `json::de`) reads
//! as serde_json's did: over every fixture and stored JSON document, and
//! thousands of damaged forms of them (cut short, a byte left out, changed
//! or put in), both accept the same texts with the same values, and refuse
//! the same texts with the same problem, placed alike (line and column)
//! unless the JSON itself is broken, where only the kind must agree.

mod common;

use esma_core::json::{from_str, ParseError, Problem, Raw};
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use serde_json::Value;
use std::path::Path;

/// Every JSON document the repository keeps for tests (the large
/// Wycheproof file only in part: its first objects).
fn corpus() -> Vec<String> {
    let root = common::repo_root();
    let mut out = Vec::new();
    let mut add_dir = |dir: &Path| {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    };
    add_dir(&root.join("fixtures/referrals"));
    add_dir(&root.join("crates/esma-core/tests/data/old"));
    add_dir(&root.join("assets"));
    out.push(Value::Object(Default::default()).to_string());
    out.push(r#"[1, -1, 0, -0, 1.5e3, 18446744073709551615, -9223372036854775808, 18446744073709551616, -9223372036854775809, 1e-400, "\u00e9\ud83d\ude00\n", true, false, null, {"a": [[]]}]"#.into());
    out
}

/// Damaged forms of `text`: a few hundred, spread over it.
fn damaged(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let step = (bytes.len() / 60).max(1);
    let mut out = Vec::new();
    let mut push = |b: Vec<u8>| {
        if let Ok(s) = String::from_utf8(b) {
            out.push(s);
        }
    };
    for at in (0..bytes.len()).step_by(step) {
        push(bytes[..at].to_vec());
        let mut b = bytes.to_vec();
        b.remove(at);
        push(b);
        for put in [
            &b","[..],
            b"]",
            b"}",
            b"\"",
            b"x",
            b"\x01",
            b"\\",
            b"0",
            b"-",
            b"1e999",
            b"[",
            b"{",
            b" ",
        ] {
            let mut b = bytes.to_vec();
            b.splice(at..at, put.iter().copied());
            push(b);
            let mut b = bytes.to_vec();
            b.splice(at..at + 1, put.iter().copied());
            push(b);
        }
    }
    out
}

/// Ours and serde_json's read `text` as `T` alike.
fn alike<T: for<'a> serde::Deserialize<'a> + PartialEq + std::fmt::Debug>(text: &str) {
    let ours = from_str::<T>(text);
    let theirs = common::serde_json_from_str::<T>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
        (Err(a), Err(b)) if a.problem == Problem::Syntax || a.problem == Problem::TooDeep => {
            assert_eq!(b.problem, Problem::Syntax, "{text}")
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{text}"),
        _ => panic!("{text}\nours: {ours:?}\nserde_json's: {theirs:?}"),
    }
}

#[test]
fn reads_the_corpus_and_its_damaged_forms_as_serde_json() {
    let mut n = 0;
    for text in corpus() {
        for t in std::iter::once(text.clone()).chain(damaged(&text)) {
            alike::<Value>(&t);
            alike::<Referral>(&t);
            alike::<Settings>(&t);
            n += 1;
        }
    }
    assert!(n > 2_000, "{n}");
}

#[test]
fn numbers_are_read_as_serde_json_reads_them() {
    for text in [
        "0",
        "-0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e400",
        "-1e400",
        "1e-400",
        "1.7976931348623157e308",
        "4.9e-324",
        "0.1",
        "1E2",
        "1e+2",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "0x10",
        "2.2250738585072011e-308",
    ] {
        alike::<Value>(text);
        alike::<f64>(text);
        alike::<u64>(text);
        alike::<i64>(text);
        alike::<u8>(text);
        alike::<Option<i32>>(text);
    }
    assert_eq!(from_str::<u64>("18446744073709551615").unwrap(), u64::MAX);
    assert_eq!(from_str::<i64>("-9223372036854775808").unwrap(), i64::MIN);
    assert!(from_str::<f64>("-0").unwrap().is_sign_negative());
    assert_eq!(
        from_str::<f64>("1e400").unwrap_err().problem,
        Problem::Syntax
    );
}

#[test]
fn strings_and_grammar_as_serde_json() {
    for text in [
        r#""a\"b\\c\/d\b\f\n\r\t\u0041""#,
        r#""\ud800""#,
        r#""\udc00\ud800""#,
        r#""\x""#,
        "\"\u{1}\"",
        "\"\u{7f}\"",
        r#""\u12""#,
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "{\"a\":1",
        "[",
        "",
        " ",
        "nul",
        "truex",
        "[] []",
        "{} x",
        " [ ] ",
        "[\"a\",\n\"b\"]\n\n",
        "{\"a\":{\"b\":[null,true]}}",
    ] {
        alike::<Value>(text);
        alike::<String>(text);
        alike::<Vec<String>>(text);
        alike::<std::collections::BTreeMap<String, Value>>(text);
    }
}

#[test]
fn text_without_escapes_is_borrowed() {
    use std::borrow::Cow;
    #[derive(serde::Deserialize)]
    struct T<'a> {
        #[serde(borrow)]
        a: Cow<'a, str>,
        #[serde(borrow)]
        b: Cow<'a, str>,
        c: &'a str,
    }
    let t: T = from_str(r#"{"a":"plain","b":"esc\n","c":"also"}"#).unwrap();
    assert!(matches!(t.a, Cow::Borrowed("plain")));
    assert!(matches!(t.b, Cow::Owned(ref s) if s == "esc\n"));
    assert_eq!(t.c, "also");
    assert_eq!(
        from_str::<&str>(r#""a\n""#).unwrap_err().problem,
        Problem::WrongType
    );
}

#[test]
fn raw_members_are_their_text() {
    use std::collections::BTreeMap;
    let text = r#"{"a": [1, {"b": "c"}] , "d":"e\n", "f": -1.5e3}"#;
    let m: BTreeMap<String, Raw> = from_str(text).unwrap();
    assert_eq!(m["a"], Raw(r#"[1, {"b": "c"}]"#));
    assert_eq!(m["d"], Raw(r#""e\n""#));
    assert_eq!(m["f"], Raw("-1.5e3"));
    // Raw text is still checked as JSON.
    assert!(from_str::<Vec<Raw>>("[[1,]]").is_err());
    // Only our reader gives raw text.
    assert!(serde_json::from_str::<Raw>("1").is_err());
}

#[test]
fn nesting_is_refused_beyond_the_strict_readers_depth() {
    use esma_core::json::strict::MAX_DEPTH;
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(from_str::<Value>(&nested(MAX_DEPTH)).is_ok());
    let e = from_str::<Value>(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!((e.problem, e.column), (Problem::TooDeep, MAX_DEPTH + 1));
    // Skipped values too (an unknown member of the referral).
    let deep = format!("{{\"later\":{}}}", nested(MAX_DEPTH + 1));
    assert_eq!(
        from_str::<Referral>(&deep).unwrap_err().problem,
        Problem::TooDeep
    );
    assert!(from_str::<Referral>(&format!("{{\"later\":{}}}", nested(MAX_DEPTH - 1))).is_ok());
}

#[test]
fn trailing_characters_are_placed_as_serde_json_places_them() {
    for text in ["{} x", "{}\n\n  ]", "1 2", "null,", "\"a\"\"b\""] {
        let e = from_str::<Value>(text).unwrap_err();
        assert_eq!(e.problem, Problem::TrailingCharacters, "{text}");
        let theirs = common::serde_json_from_str::<Value>(text).unwrap_err();
        assert_eq!((e.line, e.column), (theirs.line, theirs.column), "{text}");
    }
}

#[test]
fn errors_say_where_without_quoting() {
    let text = "{\n  \"pupil\": {\"yearGroup\": \"secret\"}}";
    let e: ParseError = from_str::<Referral>(text).unwrap_err();
    assert_eq!((e.line, e.problem), (2, Problem::WrongType));
    assert_eq!(
        Err(e.clone()),
        common::serde_json_from_str::<Referral>(text)
    );
    assert!(!e.to_string().contains("secret"));
}
