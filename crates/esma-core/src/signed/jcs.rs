//! RFC 8785 JSON Canonicalization Scheme (JCS), with the strict JSON reader
//! ([`crate::json::strict`]) the pack uses for everything that is signed.
//!
//! [`to_string`] writes a [`serde_json::Value`] canonically: no white space,
//! object members sorted by their names as UTF-16 code units, strings with the
//! minimal escapes of ECMAScript `JSON.stringify`, and numbers as ECMAScript
//! `Number.prototype.toString` writes the IEEE double (so `56.0` is `56` and
//! `1E30` is `1e+30`).
//!
//! [`parse`] reads I-JSON (RFC 7493) strictly: duplicate member names, lone
//! surrogates, numbers too big for a double, nesting deeper than
//! [`MAX_DEPTH`] and more than [`crate::json::strict::MAX_VALUES`] values
//! are refused. Numbers are read with Rust's correctly rounded
//! `f64` parser, so `333333333.33333329` canonicalises exactly as the
//! reference files say (serde_json's fast float reader is not always
//! correctly rounded). Integer literals stay integers, so typed
//! deserialisation of `u64` fields still works.
//!
//! Hand-written rather than `serde_json_canonicalizer`: it is a few hundred
//! lines, adds nothing to the wasm bundle beyond what serde_json already
//! brings, and passes every RFC 8785 reference file (`tests/jcs_reference.rs`).
//!
//! ```
//! use esma_core::signed::jcs;
//! let text = r#"{ "b": [1.50, 2e0], "a": "\u00e9\n" }"#;
//! assert_eq!(jcs::canonicalize(text).unwrap(), "{\"a\":\"é\\n\",\"b\":[1.5,2]}");
//! assert!(jcs::parse(r#"{"a":1,"a":2}"#).is_err());
//! ```

use serde_json::Value;

pub use crate::json::strict::{parse, parse_bytes, JsonError, JsonErrorKind, MAX_DEPTH};

/// Canonicalise JSON text: [`parse`] then [`to_string`].
pub fn canonicalize(text: &str) -> Result<String, JsonError> {
    Ok(to_string(&parse(text)?))
}

/// Write a value in RFC 8785 canonical form.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, &mut out);
    out
}

/// Canonical UTF-8 bytes of any serialisable value.
///
/// # Errors
/// When serde cannot represent the value as JSON (e.g. a map with non-string keys).
pub fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    // By way of text, not `serde_json::to_value`: see `crate::json`. Read
    // back with [`parse`], not serde_json, whose float reader is not always
    // correctly rounded: `-2.179468989142066e-39` came back one unit in the
    // last place off, so the canonical bytes named another double
    // (`tests/jcs_properties.rs`).
    // Our own values: no cap on how many.
    let caps = crate::json::strict::Caps {
        max_values: usize::MAX,
        max_string_bytes: usize::MAX,
    };
    let value = crate::json::strict::parse_with(&serde_json::to_string(value)?, caps)
        .map_err(serde::ser::Error::custom)?;
    Ok(to_string(&value).into_bytes())
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n.as_f64().unwrap_or(f64::NAN), out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            // A map that iterates in code point order is in UTF-16 order
            // too, unless a name has a character at or above U+E000 (where
            // surrogate pairs sort below): sort only otherwise.
            let mut first = true;
            let mut member = |k: &String, v: &Value, out: &mut String| {
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(v, out);
            };
            let in_order = map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b);
            if in_order && map.keys().all(|k| k.chars().all(|c| c < '\u{e000}')) {
                for (k, v) in map {
                    member(k, v, out);
                }
            } else {
                let mut members: Vec<(&String, &Value)> = map.iter().collect();
                members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
                for (k, v) in members {
                    member(k, v, out);
                }
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    // Copy runs that need no escape in one go.
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        run = i + 1;
        if escape.is_empty() {
            const H: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(H[usize::from(b >> 4)] as char);
            out.push(H[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Write a double as ECMAScript `Number.prototype.toString` does
/// (ECMA-262 `Number::toString`, radix 10), which is what RFC 8785 requires.
///
/// The shortest digit string that reads back as the same double (the digits
/// ECMAScript picks) comes from serde_json's own float writer (Ryū), which
/// every page links already; only the layout is ECMAScript's. (Rust's `{:e}`
/// gives the same digits, but brings its own float formatting: 5 KB gzip on
/// every page.)
pub fn write_number(x: f64, out: &mut String) {
    if x.is_nan() {
        // Unreachable for values from serde_json, which has no NaN.
        out.push_str("null");
        return;
    }
    if x == 0.0 {
        out.push('0'); // also for -0
        return;
    }
    if x.is_infinite() {
        out.push_str("null");
        return;
    }
    let x = if x < 0.0 {
        out.push('-');
        -x
    } else {
        x
    };
    // Ryū writes `100.0`, `0.001`, `1.5e-7` or `1e21`: read its digits and
    // where the decimal point falls, as x = 0.d1d2… × 10^n.
    let shortest = serde_json::Number::from_f64(x).expect("finite").to_string();
    let (mantissa, exp) = match shortest.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().expect("Ryū's exponent")),
        None => (shortest.as_str(), 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int_part.chars().chain(frac_part.chars()).collect();
    let significant = all.trim_start_matches('0');
    let leading_zeros = (all.len() - significant.len()) as i32;
    let digits = significant.trim_end_matches('0');
    let k = digits.len() as i32;
    let n = int_part.len() as i32 - leading_zeros + exp;
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(x: f64) -> String {
        let mut s = String::new();
        write_number(x, &mut s);
        s
    }

    #[test]
    fn ecmascript_numbers() {
        // Expected values from node's Number.prototype.toString.
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (56.0, "56"),
            (4.5, "4.5"),
            (0.002, "0.002"),
            (1e-27, "1e-27"),
            (1e30, "1e+30"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (333333333.3333333, "333333333.3333333"),
            (9007199254740991.0, "9007199254740991"),
            (9007199254740992.0, "9007199254740992"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-1.25e-10, "-1.25e-10"),
        ];
        for &(x, want) in cases {
            assert_eq!(num(x), want, "{x:e}");
        }
    }

    #[test]
    fn strings_escape_minimally() {
        let v = Value::String("\u{0}\u{1f}\u{7f}\u{2028}/\"\\é😂".into());
        assert_eq!(
            to_string(&v),
            "\"\\u0000\\u001f\u{7f}\u{2028}/\\\"\\\\é😂\""
        );
    }

    #[test]
    fn sorts_by_utf16_code_units() {
        // U+FB33 sorts after U+1F602 in UTF-16 (0xFB33 > 0xD83D) though not in UTF-8.
        let v = parse(r#"{"\ufb33":1,"\ud83d\ude02":2,"a":3}"#).unwrap();
        assert_eq!(to_string(&v), "{\"a\":3,\"\u{1f602}\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn strict_reader() {
        use JsonErrorKind::*;
        let kind = |t: &str| parse(t).unwrap_err().kind;
        assert_eq!(kind(r#"{"a":1,"a":1}"#), DuplicateName);
        assert_eq!(kind(r#""\ud800""#), BadEscape);
        assert_eq!(kind(r#""\udc00\ud800""#), BadEscape);
        assert_eq!(kind("\"a\u{1}\""), ControlCharacter);
        assert_eq!(kind(r#""\x""#), BadEscape);
        assert_eq!(kind("01"), BadNumber);
        assert_eq!(kind("1."), BadNumber);
        assert_eq!(kind("1e"), BadNumber);
        assert_eq!(kind("1e400"), BadNumber);
        assert_eq!(kind("-"), BadNumber);
        assert_eq!(kind("[1,]"), UnexpectedCharacter);
        assert_eq!(kind("{\"a\" 1}"), UnexpectedCharacter);
        assert_eq!(kind("[1"), UnexpectedEnd);
        assert_eq!(kind("1 2"), TrailingCharacters);
        assert_eq!(kind("nul"), UnexpectedEnd);
        assert_eq!(kind(&"[".repeat(MAX_DEPTH + 1)), TooDeep);
        assert!(parse(&format!(
            "{}{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        ))
        .is_ok());
        assert_eq!(parse_bytes(b"\"\xff\"").unwrap_err().kind, NotUtf8);
    }

    #[test]
    fn integers_stay_integers() {
        assert!(parse("18446744073709551615").unwrap().is_u64());
        assert!(parse("-5").unwrap().is_i64());
        assert!(parse("5.0").unwrap().is_f64());
        // Beyond 2^53, JCS writes the nearest double, as JavaScript would.
        assert_eq!(
            canonicalize("9007199254740993").unwrap(),
            "9007199254740992"
        );
        assert_eq!(canonicalize("-0").unwrap(), "0");
    }
}
