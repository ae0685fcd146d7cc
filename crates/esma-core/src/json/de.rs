//! The typed reader: a serde `Deserializer` over JSON text, in place of
//! serde_json's, which cost every page 10-15 KB of wasm (its own parser,
//! error messages and number parsing for each type). The strings and
//! numbers are scanned by the strict reader's code ([`strict`]), so each
//! rule of JSON's grammar is written once.
//!
//! It accepts and refuses what serde_json does, and places each refusal
//! where serde_json did (line and column of the last byte read for a value
//! of the wrong kind, of the offending byte for a syntax error), so recorded
//! errors keep their places; `tests/json_reader.rs` holds the two equal.
//! Its errors carry only a [`Problem`] and that place, never a message.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Expected, Unexpected, Visitor};
use serde::forward_to_deserialize_any;

use super::strict::{Caps, JsonError, Parser, MAX_DEPTH};
use super::{float, Problem};

/// The name by which [`super::Raw`] asks for a value's raw text.
pub(super) const RAW: &str = "$esma::json::Raw";

/// Not yet placed: the place is set by the innermost read that sees it.
const UNPLACED: usize = usize::MAX;

/// Why the typed reader refused, and where.
#[derive(Debug)]
pub struct Error {
    pub(super) problem: Problem,
    /// serde_json's index: the line and column are those of the byte before
    /// it (column 0 at a line's start).
    pub(super) at: usize,
}

impl Error {
    fn new(problem: Problem) -> Self {
        Error {
            problem,
            at: UNPLACED,
        }
    }

    /// The 1-based line and column in `text` (both 0 if never placed, as
    /// serde_json left an error raised after the last read).
    pub(super) fn position(&self, text: &str) -> (usize, usize) {
        if self.at == UNPLACED {
            return (0, 0);
        }
        let before = &text.as_bytes()[..self.at.min(text.len())];
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before[..start].iter().filter(|&&b| b == b'\n').count();
        (line, before.len() - start)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.describe())
    }
}

impl std::error::Error for Error {}

// Each kind as serde_json's messages classed it (a repeated member, like
// any other refused value, as not allowed); the message is never built.
impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error::new(Problem::NotAllowed)
    }
    fn invalid_type(_: Unexpected, _: &dyn Expected) -> Self {
        Error::new(Problem::WrongType)
    }
    fn invalid_value(_: Unexpected, _: &dyn Expected) -> Self {
        Error::new(Problem::NotAllowed)
    }
    fn invalid_length(_: usize, _: &dyn Expected) -> Self {
        Error::new(Problem::NotAllowed)
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Error::new(Problem::NotAllowed)
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Error::new(Problem::Unknown)
    }
    fn missing_field(_: &'static str) -> Self {
        Error::new(Problem::Missing)
    }
    fn duplicate_field(_: &'static str) -> Self {
        Error::new(Problem::NotAllowed)
    }
}

type Result<T> = std::result::Result<T, Error>;

/// A JSON number, read.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// Reads typed values from JSON text.
pub struct Deserializer<'de> {
    p: Parser<'de>,
    depth: usize,
}

impl<'de> Deserializer<'de> {
    pub fn new(text: &'de str) -> Self {
        Deserializer {
            p: Parser::new(text, Caps::DEFAULT, false),
            depth: 0,
        }
    }

    /// Only whitespace may follow the value.
    pub fn end(&mut self) -> Result<()> {
        self.p.ws();
        match self.p.s.get(self.p.i) {
            None => Ok(()),
            Some(_) => Err(self.at_next(Problem::TrailingCharacters)),
        }
    }

    /// A problem at the next byte.
    fn at_next(&self, problem: Problem) -> Error {
        Error {
            problem,
            at: (self.p.i + 1).min(self.p.s.len()),
        }
    }

    /// A syntax error from the strict reader's scanning, at its byte.
    fn syntax(&self, e: JsonError) -> Error {
        Error {
            problem: Problem::Syntax,
            at: (e.offset + 1).min(self.p.s.len()),
        }
    }

    /// Places an error raised by a visitor after the last byte read.
    fn place(&self, mut e: Error) -> Error {
        if e.at == UNPLACED {
            e.at = self.p.i;
        }
        e
    }

    /// The first byte of the next value, after whitespace.
    fn peek(&mut self) -> Result<u8> {
        self.p.ws();
        match self.p.s.get(self.p.i) {
            Some(&c) => Ok(c),
            None => Err(self.at_next(Problem::Syntax)),
        }
    }

    /// The next byte after whitespace, if any.
    fn peek_or_end(&mut self) -> Option<u8> {
        self.p.ws();
        self.p.s.get(self.p.i).copied()
    }

    fn eat(&mut self, word: &[u8]) -> Result<()> {
        for &c in word {
            if self.p.s.get(self.p.i) != Some(&c) {
                return Err(self.at_next(Problem::Syntax));
            }
            self.p.i += 1;
        }
        Ok(())
    }

    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.p.string(true).map_err(|e| self.syntax(e))
    }

    fn number(&mut self) -> Result<Number> {
        let start = self.p.i;
        let (text, integral) = self.p.number_text().map_err(|e| self.syntax(e))?;
        // As serde_json: integers as such, `-0` and integers beyond 64 bits
        // as doubles.
        Ok(match (text.parse(), text.parse()) {
            (Ok(u), _) if integral => Number::U64(u),
            (_, Ok(i)) if integral && i != 0 => Number::I64(i),
            _ => Number::F64(float::parse(text).map_err(|()| Error {
                problem: Problem::Syntax,
                at: start + 1,
            })?),
        })
    }

    /// Reads the next value if it is not an array or object.
    fn scalar(&mut self) -> Result<()> {
        match self.peek()? {
            b'n' => self.eat(b"null"),
            b't' => self.eat(b"true"),
            b'f' => self.eat(b"false"),
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => Err(self.at_next(Problem::Syntax)),
        }
    }

    fn visit_str<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
        .map_err(|e| self.place(e))
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.number()? {
            Number::U64(n) => visitor.visit_u64(n),
            Number::I64(n) => visitor.visit_i64(n),
            Number::F64(n) => visitor.visit_f64(n),
        }
        .map_err(|e| self.place(e))
    }

    /// An array (`close` is `]`) or object, at its opening bracket.
    fn visit_items<V: Visitor<'de>>(&mut self, close: u8, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let items = Items {
            de: &mut *self,
            first: true,
        };
        let value = if close == b']' {
            visitor.visit_seq(items)
        } else {
            visitor.visit_map(items)
        };
        let end = self.leave(close);
        value
            .and_then(|v| end.map(|()| v))
            .map_err(|e| self.place(e))
    }

    /// The next value, when it is not of the kinds starting with one of
    /// `first`: read (if a scalar) and refused as the wrong type after it.
    fn expect(&mut self, first: &[u8]) -> Result<u8> {
        let c = self.peek()?;
        if first.contains(&c) {
            return Ok(c);
        }
        if c != b'[' && c != b'{' {
            self.scalar()?;
        }
        Err(self.place(Error::new(Problem::WrongType)))
    }

    /// Steps into an array or object, within [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<()> {
        if self.depth == MAX_DEPTH {
            return Err(self.at_next(Problem::TooDeep));
        }
        self.depth += 1;
        self.p.i += 1;
        Ok(())
    }

    /// Steps out of an array or object, as serde_json does, also after a
    /// visitor's error (which then moves that error's place past any
    /// whitespace and the closing bracket).
    fn leave(&mut self, close: u8) -> Result<()> {
        self.depth -= 1;
        match self.peek_or_end() {
            Some(c) if c == close => {
                self.p.i += 1;
                Ok(())
            }
            Some(b',') if close == b']' => {
                self.p.i += 1;
                self.p.ws();
                Err(self.at_next(Problem::Syntax))
            }
            _ => Err(self.at_next(Problem::Syntax)),
        }
    }

    /// Whether another item or member follows (`first` for the first), the
    /// comma eaten; a member must then start with its name.
    fn more(&mut self, first: &mut bool, close: u8) -> Result<bool> {
        let c = self.peek()?;
        if c == close {
            return Ok(false);
        }
        if !std::mem::take(first) {
            if c != b',' {
                return Err(self.at_next(Problem::Syntax));
            }
            self.p.i += 1;
            if self.peek()? == close {
                return Err(self.at_next(Problem::Syntax));
            }
        }
        if close == b'}' && self.peek()? != b'"' {
            return Err(self.at_next(Problem::Syntax));
        }
        Ok(true)
    }

    fn colon(&mut self) -> Result<()> {
        if self.peek()? != b':' {
            return Err(self.at_next(Problem::Syntax));
        }
        self.p.i += 1;
        Ok(())
    }

    /// Skips the next value, checking its grammar (a number's range is not
    /// checked, as serde_json does not).
    fn skip(&mut self) -> Result<()> {
        let close = match self.peek()? {
            b'[' => b']',
            b'{' => b'}',
            b'-' | b'0'..=b'9' => {
                return self.p.number_text().map(drop).map_err(|e| self.syntax(e))
            }
            _ => return self.scalar(),
        };
        self.enter()?;
        let mut first = true;
        while self.more(&mut first, close)? {
            if close == b'}' {
                self.p.string(false).map_err(|e| self.syntax(e))?;
                self.colon()?;
            }
            self.skip()?;
        }
        self.leave(close)
    }
}

/// `Deserializer` methods that read as another of its methods does.
macro_rules! forward_to {
    ($target:ident: $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.$target(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek()? {
            b'[' => return self.visit_items(b']', visitor),
            b'{' => return self.visit_items(b'}', visitor),
            b'"' => return self.visit_str(visitor),
            b'-' | b'0'..=b'9' => return self.visit_number(visitor),
            b'n' => self.eat(b"null").and_then(|()| visitor.visit_unit()),
            b't' => self.eat(b"true").and_then(|()| visitor.visit_bool(true)),
            b'f' => self.eat(b"false").and_then(|()| visitor.visit_bool(false)),
            _ => return Err(self.at_next(Problem::Syntax)),
        };
        value.map_err(|e| self.place(e))
    }

    // As serde_json: a value of another kind is refused before a visitor
    // sees it, and only the reading of this kind is compiled for it.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.expect(b"tf")? {
            b't' => self.eat(b"true").and_then(|()| visitor.visit_bool(true)),
            _ => self.eat(b"false").and_then(|()| visitor.visit_bool(false)),
        };
        value.map_err(|e| self.place(e))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b"-0123456789")?;
        self.visit_number(visitor)
    }

    // Every number is read alike: the visitor takes what fits its type.
    forward_to! { deserialize_u64:
        deserialize_u32 deserialize_u16 deserialize_u8
        deserialize_i64 deserialize_i32 deserialize_i16 deserialize_i8
        deserialize_f64 deserialize_f32
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b"\"")?;
        self.visit_str(visitor)
    }

    forward_to! { deserialize_str: deserialize_string deserialize_char deserialize_identifier }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b"n")?;
        let value = self.eat(b"null").and_then(|()| visitor.visit_unit());
        value.map_err(|e| self.place(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b"[")?;
        self.visit_items(b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b"{")?;
        self.visit_items(b'}', visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let close = if self.expect(b"[{")? == b'[' {
            b']'
        } else {
            b'}'
        };
        self.visit_items(close, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_or_end() == Some(b'n') {
            self.eat(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name != RAW {
            return visitor.visit_newtype_struct(self);
        }
        self.peek()?;
        let start = self.p.i;
        self.skip()?;
        visitor.visit_borrowed_str(&self.p.text[start..self.p.i])
    }

    /// A unit variant as its name, or any variant as an object of one
    /// member, its name, as serde_json reads them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek()? {
            b'"' => visitor.visit_enum(Variant {
                de: self,
                unit: true,
            }),
            b'{' => {
                self.enter()?;
                let value = visitor.visit_enum(Variant {
                    de: self,
                    unit: false,
                })?;
                self.depth -= 1;
                if self.peek_or_end() != Some(b'}') {
                    return Err(Error {
                        problem: Problem::Syntax,
                        at: self.p.i,
                    });
                }
                self.p.i += 1;
                Ok(value)
            }
            _ => Err(self.at_next(Problem::Syntax)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// An array's items or an object's members.
struct Items<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.de.more(&mut self.first, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.de.more(&mut self.first, b'}')? {
            return Ok(None);
        }
        seed.deserialize(Name(&mut *self.de)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.colon()?;
        seed.deserialize(&mut *self.de)
    }
}

/// A member's name (always a string): a visitor's error is placed by the
/// object, after it, as serde_json does.
struct Name<'a, 'de>(&'a mut Deserializer<'de>);

impl<'de> de::Deserializer<'de> for Name<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum's variant: its name alone (`unit`), or an object's one member.
struct Variant<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    unit: bool,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        if self.unit {
            return Ok((seed.deserialize(&mut *self.de)?, self));
        }
        if self.de.peek()? != b'"' {
            return Err(self.de.at_next(Problem::Syntax));
        }
        let name = seed
            .deserialize(Name(&mut *self.de))
            .map_err(|e| self.de.place(e))?;
        self.de.colon()?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        if self.unit {
            return Ok(());
        }
        de::Deserialize::deserialize(self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        if self.unit {
            return Err(Error::new(Problem::WrongType));
        }
        seed.deserialize(self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        if self.unit {
            return Err(Error::new(Problem::WrongType));
        }
        de::Deserializer::deserialize_seq(self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.unit {
            return Err(Error::new(Problem::WrongType));
        }
        de::Deserializer::deserialize_struct(self.de, "", &[], visitor)
    }
}
