//! The strict JSON reader for everything read from outside: I-JSON (RFC
//! 7493) with caps on how much one document may hold.
//!
//! [`parse`] builds a [`serde_json::Value`]; [`scan`] checks the same
//! rules without building anything, so a file can be refused, or read
//! member by member with typed serde structs, without a generic tree of it
//! ever existing (a 200 MiB `{"files":[0,0,…]}` once cost 3.4 GiB that
//! way). Both refuse duplicate member names, lone surrogates, raw control
//! characters, numbers beyond a double, nesting deeper than [`MAX_DEPTH`],
//! more values than [`Caps::max_values`] and strings longer than
//! [`Caps::max_string_bytes`]. Numbers are read with our own correctly
//! rounded `f64` parser (`json::float`: the same results as `str::parse`,
//! in far less wasm), and integer literals stay integers, so typed
//! deserialisation of `u64` fields still works. Errors carry a kind and a
//! byte offset, never the text.
//!
//! ```
//! use esma_core::json::strict::{scan, parse, Caps, JsonErrorKind};
//! assert!(parse(r#"{"a":1,"a":2}"#).is_err());
//! let caps = Caps { max_values: 3, max_string_bytes: 10 };
//! assert!(scan("[1,2]", caps).is_ok());
//! assert_eq!(scan("[1,2,3]", caps).unwrap_err().kind, JsonErrorKind::TooManyValues);
//! assert_eq!(scan(r#"["abcdefghijk"]"#, caps).unwrap_err().kind, JsonErrorKind::TooLong);
//! ```

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde_json::{Map, Number, Value};

use super::float;

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// Why text is not acceptable JSON. Never carries the input itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What was wrong.
    pub kind: JsonErrorKind,
    /// The byte offset where it was found.
    pub offset: usize,
}

/// The kinds of [`JsonError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The bytes are not UTF-8.
    NotUtf8,
    /// The text ended too early.
    UnexpectedEnd,
    /// A character that cannot appear here.
    UnexpectedCharacter,
    /// Something follows the value.
    TrailingCharacters,
    /// An object names the same member twice.
    DuplicateName,
    /// A backslash escape that JSON does not have, or a lone surrogate.
    BadEscape,
    /// A control character written raw inside a string.
    ControlCharacter,
    /// A malformed number, or one beyond the range of a double.
    BadNumber,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More values than [`Caps::max_values`].
    TooManyValues,
    /// A string longer than [`Caps::max_string_bytes`].
    TooLong,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            JsonErrorKind::NotUtf8 => "text that is not UTF-8",
            JsonErrorKind::UnexpectedEnd => "the text ends too early",
            JsonErrorKind::UnexpectedCharacter => "an unexpected character",
            JsonErrorKind::TrailingCharacters => "more text after the end of the JSON value",
            JsonErrorKind::DuplicateName => "a name that appears twice in the same object",
            JsonErrorKind::BadEscape => "an invalid escape sequence",
            JsonErrorKind::ControlCharacter => "a control character inside a string",
            JsonErrorKind::BadNumber => "an invalid or out-of-range number",
            JsonErrorKind::TooDeep => "nesting that is too deep",
            JsonErrorKind::TooManyValues => "more values than a file of this kind may hold",
            JsonErrorKind::TooLong => "a text longer than a file of this kind may hold",
        };
        write!(f, "{what} (at byte {})", self.offset)
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// The 1-based line and column of [`JsonError::offset`] in `text`.
    pub fn position(&self, text: &str) -> (usize, usize) {
        let before = &text.as_bytes()[..self.offset.min(text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        (line, column)
    }
}

/// How much one document may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// The most values: objects, arrays, strings, numbers, `true`,
    /// `false` and `null` (member names are not counted).
    pub max_values: usize,
    /// The longest string, in bytes as written (escapes included).
    pub max_string_bytes: usize,
}

/// The most values in any one document read from outside (see
/// `crate::limits`, which names it `MAX_JSON_VALUES`). A referral at every
/// limit and the manifest that carries it hold a few thousand.
pub const MAX_VALUES: usize = 20_000;

impl Caps {
    /// [`MAX_VALUES`] values, strings of any length.
    pub const DEFAULT: Caps = Caps {
        max_values: MAX_VALUES,
        max_string_bytes: usize::MAX,
    };
}

/// Parse UTF-8 bytes strictly (see [`parse`]).
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, JsonError> {
    parse_with(as_str(bytes)?, Caps::DEFAULT)
}

/// The bytes as text, or [`JsonErrorKind::NotUtf8`].
pub fn as_str(bytes: &[u8]) -> Result<&str, JsonError> {
    std::str::from_utf8(bytes).map_err(|e| JsonError {
        kind: JsonErrorKind::NotUtf8,
        offset: e.valid_up_to(),
    })
}

/// Parse JSON text strictly, as I-JSON, within [`Caps::DEFAULT`].
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_with(text, Caps::DEFAULT)
}

/// Parse JSON text strictly within `caps`.
pub fn parse_with(text: &str, caps: Caps) -> Result<Value, JsonError> {
    Parser::new(text, caps, true).document()
}

/// Check that `text` is strict JSON within `caps`, building nothing but
/// each object's member names (to find repeated ones).
pub fn scan(text: &str, caps: Caps) -> Result<(), JsonError> {
    Parser::new(text, caps, false).document().map(drop)
}

/// The reader, shared with the typed reader ([`super::de`]), which uses its
/// string and number scanning.
pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) s: &'a [u8],
    pub(super) i: usize,
    caps: Caps,
    values: usize,
    /// Build the value (`parse`), or only check it (`scan`, which returns
    /// `null` for everything).
    build: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str, caps: Caps, build: bool) -> Self {
        Parser {
            text,
            s: text.as_bytes(),
            i: 0,
            caps,
            values: 0,
            build,
        }
    }

    fn document(mut self) -> Result<Value, JsonError> {
        self.ws();
        let v = self.value(0)?;
        self.ws();
        if self.i != self.s.len() {
            return Err(self.err(JsonErrorKind::TrailingCharacters));
        }
        Ok(v)
    }

    pub(super) fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            offset: self.i,
        }
    }

    fn peek(&self) -> Result<u8, JsonError> {
        self.s
            .get(self.i)
            .copied()
            .ok_or(self.err(JsonErrorKind::UnexpectedEnd))
    }

    pub(super) fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), JsonError> {
        if self.peek()? == c {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(JsonErrorKind::UnexpectedCharacter))
        }
    }

    fn literal(&mut self, word: &[u8], v: Value) -> Result<Value, JsonError> {
        for &c in word {
            self.expect(c)?;
        }
        Ok(v)
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.values += 1;
        if self.values > self.caps.max_values {
            return Err(self.err(JsonErrorKind::TooManyValues));
        }
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => {
                let keep = self.build;
                Ok(Value::String(self.string(keep)?.into_owned()))
            }
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err(JsonErrorKind::UnexpectedCharacter)),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonErrorKind::TooDeep));
        }
        self.i += 1;
        let mut map = Map::new();
        let mut names = HashSet::new();
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            if self.peek()? != b'"' {
                return Err(self.err(JsonErrorKind::UnexpectedCharacter));
            }
            let at = self.i;
            let name = self.string(true)?;
            self.ws();
            self.expect(b':')?;
            self.ws();
            let v = self.value(depth)?;
            let repeated = if self.build {
                map.insert(name.into_owned(), v).is_some()
            } else {
                !names.insert(name)
            };
            if repeated {
                return Err(JsonError {
                    kind: JsonErrorKind::DuplicateName,
                    offset: at,
                });
            }
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.err(JsonErrorKind::UnexpectedCharacter)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonErrorKind::TooDeep));
        }
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            let v = self.value(depth)?;
            if self.build {
                items.push(v);
            }
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err(JsonErrorKind::UnexpectedCharacter)),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = (self.peek()? as char)
                .to_digit(16)
                .ok_or(self.err(JsonErrorKind::BadEscape))?;
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    /// A string; its text only if `keep` (a scan checks it and moves on),
    /// borrowed when it has no escapes.
    pub(super) fn string(&mut self, keep: bool) -> Result<Cow<'a, str>, JsonError> {
        let open = self.i;
        self.i += 1; // the opening quote
        let mut out = String::new();
        let push = |out: &mut String, c: char| {
            if keep {
                out.push(c)
            }
        };
        loop {
            // Take a run of ordinary characters in one go. The input is a
            // `str`, and the run stops only at ASCII bytes, so it is UTF-8.
            let start = self.i;
            while let Some(&c) = self.s.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            if self.i - open - 1 > self.caps.max_string_bytes {
                return Err(JsonError {
                    kind: JsonErrorKind::TooLong,
                    offset: open,
                });
            }
            let run = &self.text[start..self.i];
            match self.peek()? {
                b'"' if start == open + 1 => {
                    self.i += 1;
                    return Ok(Cow::Borrowed(run));
                }
                b'"' => {
                    self.i += 1;
                    if keep {
                        out.push_str(run);
                    }
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    if keep {
                        out.push_str(run);
                    }
                    self.i += 1;
                    let c = self.peek()?;
                    self.i += 1;
                    match c {
                        b'"' => push(&mut out, '"'),
                        b'\\' => push(&mut out, '\\'),
                        b'/' => push(&mut out, '/'),
                        b'b' => push(&mut out, '\u{8}'),
                        b'f' => push(&mut out, '\u{c}'),
                        b'n' => push(&mut out, '\n'),
                        b'r' => push(&mut out, '\r'),
                        b't' => push(&mut out, '\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.err(JsonErrorKind::BadEscape));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err(JsonErrorKind::BadEscape));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            push(
                                &mut out,
                                char::from_u32(cp).ok_or(self.err(JsonErrorKind::BadEscape))?,
                            );
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err(JsonErrorKind::BadEscape));
                        }
                    }
                }
                _ => return Err(self.err(JsonErrorKind::ControlCharacter)),
            }
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        let (text, integral) = self.number_text()?;
        if integral {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
        }
        float::parse(text)
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or(JsonError {
                kind: JsonErrorKind::BadNumber,
                offset: start,
            })
    }

    /// A number's text, checked against JSON's grammar, and whether it is
    /// an integer (no fraction or exponent).
    pub(super) fn number_text(&mut self) -> Result<(&'a str, bool), JsonError> {
        let start = self.i;
        let bad = |p: &Self| p.err(JsonErrorKind::BadNumber);
        let digits = |p: &mut Self| {
            let from = p.i;
            while matches!(p.s.get(p.i), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i - from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            return Err(bad(self));
        }
        let mut integral = true;
        if self.s.get(self.i) == Some(&b'.') {
            integral = false;
            self.i += 1;
            if digits(self) == 0 {
                return Err(bad(self));
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            integral = false;
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(bad(self));
            }
        }
        Ok((&self.text[start..self.i], integral))
    }
}
