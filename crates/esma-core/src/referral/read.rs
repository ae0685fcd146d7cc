//! How the referral model's types, and the council's settings, are read
//! from JSON: the `model!` and `choice!` macros in [`crate::referral`] and
//! the `settings!` macro in [`crate::settings`] use these instead of serde's
//! derive.
//!
//! Serde's derive writes, for every struct, a field-name enum with three
//! visitors, a map visitor and a sequence visitor, and every page's wasm
//! carries all of them for the model's 30 types. Here each type gets only an
//! if-chain of its names ([`Fields::read_field`]), and one visitor does the
//! rest for all of them. The JSON form is the derive's: camelCase member
//! names for structs, every member optional, unknown members ignored, and
//! kebab-case names for choices. Stricter in one way: an array is no longer
//! read as a struct's members in order, which serde allowed and no file
//! of ours ever held.
//!
//! The settings are strict ([`Members`], [`read_members`], made by
//! [`read_by_members!`](crate::read_by_members)): an unknown member is
//! refused as it is read, so the error's place and path name it, a member
//! named twice is refused, and a struct may require members; the errors are
//! serde's (`unknown field`, `missing field`, `duplicate field`) at the same
//! places. The draft file ([`crate::draft_file`]) and the app's saved draft
//! are read by the same reader with unknown members skipped, as serde's
//! derive without `deny_unknown_fields` does (but an array is not read as
//! their members either). The signed payloads (the pack's manifest, the
//! consent request's and response's) and their parts are strict the same
//! way, and a consent request's reference skips unknown members; the
//! manifest's two recorded choices are read by [`read_unit_variant`], which
//! takes serde's object form of a unit variant too. Each is tested beside a
//! twin keeping serde's derive (`tests/readers_match_serde.rs`).
//!
//! A nested model struct is filled in its parent's place
//! ([`read_struct_into`]) rather than built and moved there.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};

/// A model struct's members, read one at a time.
pub trait Fields: Default {
    /// Reads the value of the member named `key` (camelCase) from `map`;
    /// `false` when the type has no such member.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
}

/// A model choice: a unit enum written as a kebab-case name.
pub trait Choice: Sized {
    /// What the name means, or `None` for a name the choice does not have.
    fn from_name(name: &str) -> Option<Self>;
}

/// How a model member's value is read into its place: a model struct is
/// filled where it lies ([`read_struct_into`]); anything else is read whole
/// and put there ([`read_into`]).
pub trait Place {
    /// Reads the member's value from `map` into `place`.
    fn read_place<'de, A: MapAccess<'de>>(map: &mut A, place: &mut Self) -> Result<bool, A::Error>;
}

impl<T: for<'de> de::Deserialize<'de>> Place for Option<T> {
    fn read_place<'de, A: MapAccess<'de>>(map: &mut A, place: &mut Self) -> Result<bool, A::Error> {
        read_into(map, place)
    }
}

impl<T: for<'de> de::Deserialize<'de>> Place for Vec<T> {
    fn read_place<'de, A: MapAccess<'de>>(map: &mut A, place: &mut Self) -> Result<bool, A::Error> {
        read_into(map, place)
    }
}

/// Reads one member's value into its place. Never inlined: the compiler
/// would otherwise copy a type's whole reader, and the dropping of the old
/// value, into every member of that type, which made the referral's reader
/// several times larger.
#[inline(never)]
pub fn read_into<'de, T: de::Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    place: &mut T,
) -> Result<bool, A::Error> {
    *place = map.next_value()?;
    Ok(true)
}

/// Reads a nested model struct's members straight into its place, without
/// building the struct elsewhere and moving it in. A member named twice
/// keeps only its last object, as when it was read whole: the place is
/// emptied first, so two objects are never merged.
#[inline(never)]
pub fn read_struct_into<'de, T: Fields, A: MapAccess<'de>>(
    map: &mut A,
    place: &mut T,
) -> Result<bool, A::Error> {
    *place = T::default();
    map.next_value_seed(InPlace(place))?;
    Ok(true)
}

/// Reads a model struct from a JSON object.
pub fn read_struct<'de, T: Fields, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut value = T::default();
    InPlace(&mut value).deserialize(d)?;
    Ok(value)
}

/// Reads a model choice from a JSON string.
pub fn read_choice<'de, T: Choice, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_str(ChoiceVisitor(PhantomData))
}

/// Reads a unit enum as serde's derive did, through `deserialize_enum`:
/// its name as a string, or an object of one member, its name, whose value
/// is `null` (which the model's choices, [`read_choice`], do not read).
pub fn read_unit_variant<'de, T: Choice, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_enum("", &[], UnitVariant(PhantomData))
}

/// Reads a JSON object's members into a model struct's place.
struct InPlace<'a, T>(&'a mut T);

impl<'de, T: Fields> DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Fields> Visitor<'de> for InPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key()? {
            if !self.0.read_field(&key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct ChoiceVisitor<T>(PhantomData<T>);

impl<'de, T: Choice> Visitor<'de> for ChoiceVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name the format allows")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        // The value is not quoted in the error: it may be health data.
        T::from_name(name).ok_or_else(|| E::invalid_value(Unexpected::Other("a name"), &self))
    }
}

/// [`read_unit_variant`]'s visitor: the name, read by [`ChoiceVisitor`],
/// then `null` when in an object.
struct UnitVariant<T>(PhantomData<T>);

impl<'de, T: Choice> Visitor<'de> for UnitVariant<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name the format allows")
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (value, variant) = data.variant_seed(self)?;
        de::VariantAccess::unit_variant(variant)?;
        Ok(value)
    }
}

impl<'de, T: Choice> DeserializeSeed<'de> for UnitVariant<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(ChoiceVisitor(PhantomData))
    }
}

/// A strict struct: every member name is known ([`Members::NAMES`]), any
/// other is refused (or skipped, [`Members::OTHERS_SKIPPED`]), a member named
/// twice is refused, and the members in [`Members::REQUIRED`] must be
/// present (one left out otherwise keeps its value in [`Members::blank`]).
pub trait Members<'de>: Sized {
    /// The Rust (snake_case) names of the members, in order; at most 64.
    const NAMES: &'static [&'static str];
    /// The members that must be present: bit `i` for `NAMES[i]`
    /// ([`bits_of`] makes it from names).
    const REQUIRED: u64;
    /// Whether a member with another name is skipped rather than refused.
    const OTHERS_SKIPPED: bool = false;
    /// The value before any member is read.
    fn blank() -> Self;
    /// Reads the value of member `index` (of [`Members::NAMES`]) from `map`.
    fn read_member<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A)
        -> Result<(), A::Error>;
}

/// Reads a strict struct from a JSON object.
pub fn read_members<'de, T: Members<'de>, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(MembersVisitor(PhantomData))
}

struct MembersVisitor<T>(PhantomData<T>);

impl<'de, T: Members<'de>> Visitor<'de> for MembersVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::blank();
        let mut seen = 0u64;
        while let Some(index) = map.next_key_seed(MemberOf(T::NAMES, T::OTHERS_SKIPPED))? {
            if T::OTHERS_SKIPPED && index == T::NAMES.len() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let bit = 1u64 << index;
            if seen & bit != 0 {
                return Err(de::Error::duplicate_field(T::NAMES[index]));
            }
            seen |= bit;
            value.read_member(index, &mut map)?;
        }
        let missing = (0..T::NAMES.len()).find(|i| !seen & T::REQUIRED & (1u64 << i) != 0);
        if let Some(index) = missing {
            return Err(de::Error::missing_field(T::NAMES[index]));
        }
        Ok(value)
    }
}

/// The bits (for [`Members::REQUIRED`]) of the members named `required`
/// among `names`; a name not among them stops the build.
pub const fn bits_of(names: &[&str], required: &[&str]) -> u64 {
    let mut bits = 0;
    let mut r = 0;
    while r < required.len() {
        let mut i = 0;
        while !same(names[i].as_bytes(), required[r].as_bytes()) {
            i += 1;
        }
        bits |= 1 << i;
        r += 1;
    }
    bits
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() && a[i] == b[i] {
        i += 1;
    }
    i == a.len()
}

/// Implements [`Members`] and serde's `Deserialize` for a struct, so that
/// [`read_members`] reads it: each member with the function that reads it
/// into its place ([`read_into`], [`read_struct_into`], [`read_borrowed_str`]),
/// the members that must be present, whether other names are skipped, and
/// the value before any member is read.
#[macro_export]
macro_rules! read_by_members {
    (impl<$lt:lifetime> for $ty:ty {
        required: [$($req:ident),* $(,)?],
        others_skipped: $skip:expr,
        blank: $blank:expr,
        members: { $($field:ident: $read:path),* $(,)? } $(,)?
    }) => {
        impl<$lt> $crate::referral::read::Members<$lt> for $ty {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
            const REQUIRED: u64 =
                $crate::referral::read::bits_of(Self::NAMES, &[$(stringify!($req)),*]);
            const OTHERS_SKIPPED: bool = $skip;

            fn blank() -> Self {
                $blank
            }

            #[allow(unused_assignments)]
            fn read_member<A: serde::de::MapAccess<$lt>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<(), A::Error> {
                let mut i = 0;
                $(if index == i {
                    return $read(map, &mut self.$field).map(drop);
                }
                i += 1;)*
                Ok(())
            }
        }

        impl<$lt> serde::Deserialize<$lt> for $ty {
            fn deserialize<D: serde::Deserializer<$lt>>(d: D) -> Result<Self, D::Error> {
                $crate::referral::read::read_members(d)
            }
        }
    };
}

/// Reads a text member into its place, borrowed from the JSON when it has
/// no escapes (so a long text is not copied).
pub fn read_borrowed_str<'de, A: MapAccess<'de>>(
    map: &mut A,
    place: &mut Cow<'de, str>,
) -> Result<bool, A::Error> {
    let Key(text) = map.next_value()?;
    *place = text;
    Ok(true)
}

/// Reads a member name as its index in the names given; any other name is
/// the index past them when skipped, or else refused while the name is read
/// (so an error path ends with it).
struct MemberOf(&'static [&'static str], bool);

impl<'de> DeserializeSeed<'de> for MemberOf {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberOf {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        match self.0.iter().position(|name| is_camel_case_of(key, name)) {
            Some(index) => Ok(index),
            None if self.1 => Ok(self.0.len()),
            // The name is not given to the error: it may be a typo of content.
            None => Err(E::unknown_field("", &[])),
        }
    }
}

/// A member name, or other text, borrowed from the JSON when it has no
/// escapes.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Whether `key` is the camelCase form of the Rust field name `snake`, as
/// serde's `rename_all = "camelCase"` writes it (`date_of_birth` is
/// `dateOfBirth`, `year_10` is `year10`).
pub fn is_camel_case_of(key: &str, snake: &str) -> bool {
    let mut key = key.bytes();
    let mut snake = snake.bytes();
    while let Some(s) = snake.next() {
        let expected = if s == b'_' {
            match snake.next() {
                Some(next) => next.to_ascii_uppercase(),
                None => return false,
            }
        } else {
            s
        };
        if key.next() != Some(expected) {
            return false;
        }
    }
    key.next().is_none()
}

/// Whether `name` is the kebab-case form of the Rust variant `pascal`, as
/// serde's `rename_all = "kebab-case"` writes it (`MentalHealth` is
/// `mental-health`).
pub fn is_kebab_case_of(name: &str, pascal: &str) -> bool {
    let mut name = name.bytes();
    for (i, p) in pascal.bytes().enumerate() {
        if p.is_ascii_uppercase() && i > 0 && name.next() != Some(b'-') {
            return false;
        }
        if name.next() != Some(p.to_ascii_lowercase()) {
            return false;
        }
    }
    name.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_match_serde_rename_all() {
        assert!(is_camel_case_of("dateOfBirth", "date_of_birth"));
        assert!(is_camel_case_of("upn", "upn"));
        assert!(is_camel_case_of("year10", "year_10"));
        assert!(!is_camel_case_of("date_of_birth", "date_of_birth"));
        assert!(!is_camel_case_of("dateofbirth", "date_of_birth"));
        assert!(!is_camel_case_of("dateOfBirthX", "date_of_birth"));
        assert!(!is_camel_case_of("dateOf", "date_of_birth"));
        assert!(!is_camel_case_of("", "upn"));
    }

    #[test]
    fn kebab_case_names_match_serde_rename_all() {
        assert!(is_kebab_case_of("mental-health", "MentalHealth"));
        assert!(is_kebab_case_of("both", "Both"));
        assert!(is_kebab_case_of("tier2", "Tier2"));
        assert!(!is_kebab_case_of("mentalhealth", "MentalHealth"));
        assert!(!is_kebab_case_of("Mental-Health", "MentalHealth"));
        assert!(!is_kebab_case_of("mental-health-", "MentalHealth"));
        assert!(!is_kebab_case_of("mental", "MentalHealth"));
    }

    #[test]
    fn a_nested_member_named_twice_keeps_only_its_last_object() {
        use crate::referral::Referral;
        let r: Referral = serde_json::from_str(
            r#"{"pupil":{"firstName":"A","upn":"X"},"pupil":{"lastName":"B"},
                "medicalEvidence":[{"name":"C"}],"medicalEvidence":[]}"#,
        )
        .unwrap();
        assert_eq!(r.pupil.first_name, None);
        assert_eq!(r.pupil.upn, None);
        assert_eq!(r.pupil.last_name.as_deref(), Some("B"));
        assert!(r.medical_evidence.is_empty());
    }
}
