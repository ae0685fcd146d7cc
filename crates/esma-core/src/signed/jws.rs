//! The JWS (RFC 7515) part of the pack: the protected header, the flattened
//! JSON serialization, the signing input, and the two abstract signature
//! primitives.
//!
//! The pack is signed with ES256 (RFC 7518 §3.4): ECDSA P-256 over SHA-256 of
//! the signing input `BASE64URL(header) '.' BASE64URL(payload)`, the signature
//! being the 64-byte `r || s` that WebCrypto returns. This crate never does
//! the elliptic-curve arithmetic itself: the browser uses WebCrypto (async),
//! the CLI and the tests use the `p256` crate, each behind [`Signer`] or
//! [`Verifier`] or by calling the two-step functions in [`super`] directly.
//!
//! The header is written in JCS form, so the same key always yields the same
//! header bytes; readers accept any member order.
//!
//! ```
//! use esma_core::signed::{jwk::PublicJwk, jws};
//! let jwk = PublicJwk::new(
//!     "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
//!     "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
//! ).unwrap();
//! let header = jws::Header::for_key(&jwk);
//! let checked = jws::check_header(&header.encode()).unwrap();
//! assert_eq!(checked.kid, jwk.thumbprint());
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::b64;
use super::jcs::{self, JsonError};
use super::jwk::{JwkError, PublicJwk};

/// The only algorithm a pack may use.
pub const ALG: &str = "ES256";
/// The media type of a pack's JWS, in the header's `typ`.
pub const TYP: &str = "esma-referral-pack+jws";

/// The protected header: exactly `alg`, `kid`, `typ`, `jwk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Always `ES256`.
    pub alg: String,
    /// The RFC 7638 thumbprint of `jwk`.
    pub kid: String,
    /// Always [`TYP`].
    pub typ: String,
    /// The signer's public key.
    pub jwk: PublicJwk,
}

impl Header {
    /// The header for a signer's key.
    pub fn for_key(jwk: &PublicJwk) -> Self {
        Self::for_key_typ(jwk, TYP)
    }

    /// The header for a signer's key and another type of signed file (the
    /// consent request and response use the same header with their own `typ`).
    pub fn for_key_typ(jwk: &PublicJwk, typ: &str) -> Self {
        Header {
            alg: ALG.into(),
            kid: jwk.thumbprint(),
            typ: typ.into(),
            jwk: jwk.clone(),
        }
    }

    /// The header as it goes in the pack: base64url of its JCS form.
    pub fn encode(&self) -> String {
        b64::encode_url(&jcs::to_vec(self).expect("a header always serialises"))
    }
}

/// A flattened JWS JSON serialization (RFC 7515 §7.2.2) with an attached
/// payload. Unprotected `header` members are not allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenedJws {
    /// base64url of the protected header.
    pub protected: String,
    /// base64url of the payload (the manifest's JCS bytes).
    pub payload: String,
    /// base64url of the 64-byte signature.
    pub signature: String,
}

impl FlattenedJws {
    /// The bytes that are signed: `protected '.' payload`, as written.
    pub fn signing_input(&self) -> Vec<u8> {
        signing_input(&self.protected, &self.payload)
    }

    /// The compact serialization, `header.payload.signature`, for tools that
    /// only read that form.
    pub fn to_compact(&self) -> String {
        format!("{}.{}.{}", self.protected, self.payload, self.signature)
    }
}

/// `ASCII(protected '.' payload)` (RFC 7515 §5.1 step 8).
pub fn signing_input(protected_b64: &str, payload_b64: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(protected_b64.len() + 1 + payload_b64.len());
    v.extend_from_slice(protected_b64.as_bytes());
    v.push(b'.');
    v.extend_from_slice(payload_b64.as_bytes());
    v
}

/// Signing failed in the primitive (e.g. WebCrypto refused, or the key file
/// is unusable). The text is for the person signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError(pub String);

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SignError {}

/// An ES256 signer: ECDSA P-256 with SHA-256 over `signing_input`, returning
/// `r || s`. The hashing is the primitive's job (WebCrypto and `p256` both
/// hash internally).
pub trait Signer {
    /// Sign.
    fn sign(&self, signing_input: &[u8]) -> Result<[u8; 64], SignError>;
}

/// An ES256 verifier: `true` only if `sig` is a valid signature of
/// `signing_input` by `jwk`. An unusable key (not on the curve) is `false`.
pub trait Verifier {
    /// Verify.
    fn verify(&self, jwk: &PublicJwk, signing_input: &[u8], sig: &[u8; 64]) -> bool;
}

/// Why a protected header is refused. Never carries header content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// Not base64url.
    NotBase64(b64::DecodeError),
    /// Not JSON, or not strict JSON (e.g. a repeated member).
    NotJson(JsonError),
    /// Not a JSON object.
    NotObject,
    /// No `alg`.
    AlgMissing,
    /// `alg` is `none`: an unsigned JWS.
    AlgNone,
    /// `alg` is something other than `ES256`.
    AlgOther,
    /// `typ` is missing or not [`TYP`].
    Typ,
    /// `typ` is missing or not the one named (for files other than packs).
    TypNot(&'static str),
    /// No `jwk`, or it is not an object.
    JwkMissing,
    /// The `jwk` is unusable (including a private `d`).
    Jwk(JwkError),
    /// No `kid`, or it is not text.
    KidMissing,
    /// `kid` is not the thumbprint of `jwk`.
    KidMismatch,
    /// `crit` lists extensions this verifier does not implement.
    Crit,
    /// A member other than `alg`, `kid`, `typ`, `jwk`.
    UnexpectedMember,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::NotBase64(e) => write!(f, "The signature header is not base64url: it has {e}."),
            HeaderError::NotJson(e) => write!(f, "The signature header is not valid JSON: it has {e}."),
            HeaderError::NotObject => f.write_str("The signature header is not a JSON object."),
            HeaderError::AlgMissing => f.write_str("The signature header does not name an algorithm."),
            HeaderError::AlgNone => {
                f.write_str("The file says it is unsigned (algorithm \"none\"). Unsigned files are refused.")
            }
            HeaderError::AlgOther => {
                f.write_str("The file is signed with an algorithm other than ES256. Only ES256 is accepted.")
            }
            HeaderError::Typ => write!(f, "The signature header's type (typ) is not \"{TYP}\"."),
            HeaderError::TypNot(t) => write!(f, "The signature header's type (typ) is not \"{t}\"."),
            HeaderError::JwkMissing => f.write_str("The signature header does not include the signer's public key (jwk)."),
            HeaderError::Jwk(JwkError::HasPrivatePart) => f.write_str(
                "The signature header contains the signer's private key (\"d\"). The file is refused; whoever signed it must make a new key, because this one is no longer secret.",
            ),
            HeaderError::Jwk(e) => write!(f, "The signer's public key in the signature header is unusable: {e}."),
            HeaderError::KidMissing => f.write_str("The signature header has no key id (kid)."),
            HeaderError::KidMismatch => f.write_str(
                "The key id (kid) in the signature header is not the thumbprint of the public key beside it.",
            ),
            HeaderError::Crit => f.write_str("The signature header requires extensions (crit) that this checker does not support."),
            HeaderError::UnexpectedMember => {
                f.write_str("The signature header has members other than alg, kid, typ and jwk.")
            }
        }
    }
}

impl std::error::Error for HeaderError {}

/// Decode and check a protected header: strict JSON, `alg` exactly `ES256`
/// (and `none` named as such), `typ` [`TYP`] (RFC 7515 §4.1.9 also allows
/// the `application/` prefix), a public P-256 `jwk` without `d`, `kid` its
/// thumbprint, and no other members.
pub fn check_header(protected_b64: &str) -> Result<Header, HeaderError> {
    check_header_typ(protected_b64, TYP)
}

/// [`check_header`] for a file whose `typ` is `typ` (a consent request or
/// response); a wrong `typ` is [`HeaderError::TypNot`].
pub fn check_header_typ(protected_b64: &str, typ: &'static str) -> Result<Header, HeaderError> {
    let typ_error = || {
        if typ == TYP {
            HeaderError::Typ
        } else {
            HeaderError::TypNot(typ)
        }
    };
    let bytes = b64::decode_url(protected_b64).map_err(HeaderError::NotBase64)?;
    let Value::Object(m) = jcs::parse_bytes(&bytes).map_err(HeaderError::NotJson)? else {
        return Err(HeaderError::NotObject);
    };
    match m.get("alg") {
        None => return Err(HeaderError::AlgMissing),
        Some(Value::String(a)) if a == ALG => {}
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => {
            return Err(HeaderError::AlgNone)
        }
        Some(_) => return Err(HeaderError::AlgOther),
    }
    if m.contains_key("crit") {
        return Err(HeaderError::Crit);
    }
    match m.get("typ").and_then(Value::as_str) {
        Some(t)
            if t.eq_ignore_ascii_case(typ)
                || t.eq_ignore_ascii_case(&format!("application/{typ}")) => {}
        _ => return Err(typ_error()),
    }
    let jwk = m
        .get("jwk")
        .and_then(Value::as_object)
        .ok_or(HeaderError::JwkMissing)?;
    let jwk = PublicJwk::from_members(jwk, true).map_err(HeaderError::Jwk)?;
    let kid = m
        .get("kid")
        .and_then(Value::as_str)
        .ok_or(HeaderError::KidMissing)?;
    if kid != jwk.thumbprint() {
        return Err(HeaderError::KidMismatch);
    }
    if m.len() != 4 {
        return Err(HeaderError::UnexpectedMember);
    }
    let typ = m["typ"].as_str().unwrap_or(typ).to_owned();
    Ok(Header {
        alg: ALG.into(),
        kid: kid.to_owned(),
        typ,
        jwk,
    })
}

/// The order of the P-256 group, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// Half the order, rounded down: the largest low `s`.
const HALF_N: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8,
];

/// Whether an ES256 signature `r || s` has `s` at most half the group
/// order. For every valid `(r, s)`, `(r, n - s)` is valid too, so without
/// this rule anyone could make a second, different signature for a signed
/// file; signers write the low one and verifiers refuse the high one
/// (`docs/pack-format.md`, section 2).
///
/// ```
/// use esma_core::signed::jws::{is_low_s, low_s};
/// let mut sig = [0u8; 64];
/// sig[32] = 0x80; // s = 2^255: above n / 2, below n
/// assert!(!is_low_s(&sig));
/// assert!(is_low_s(&low_s(sig)));
/// ```
pub fn is_low_s(sig: &[u8; 64]) -> bool {
    sig[32..] <= HALF_N[..]
}

/// The signature with `s` replaced by `n - s` when it is high, so it is
/// the low form of the same signature (WebCrypto returns either).
pub fn low_s(mut sig: [u8; 64]) -> [u8; 64] {
    if !is_low_s(&sig) {
        // n - s, big-endian, with borrow. A valid s is below n; an invalid
        // one stays invalid.
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let d = i16::from(N[i]) - i16::from(sig[32 + i]) - borrow;
            borrow = i16::from(d < 0);
            sig[32 + i] = (d + (borrow << 8)) as u8;
        }
    }
    sig
}

/// Decode a signature: base64url of exactly 64 bytes.
pub fn decode_signature(sig_b64: &str) -> Option<[u8; 64]> {
    b64::decode_url(sig_b64).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwk() -> PublicJwk {
        PublicJwk::new(
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        )
        .unwrap()
    }

    fn with(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Result<Header, HeaderError> {
        let mut v = serde_json::to_value(Header::for_key(&jwk())).unwrap();
        edit(v.as_object_mut().unwrap());
        check_header(&b64::encode_url(v.to_string().as_bytes()))
    }

    #[test]
    fn good_header_round_trips() {
        let h = Header::for_key(&jwk());
        assert_eq!(check_header(&h.encode()), Ok(h));
    }

    #[test]
    fn refuses_bad_headers() {
        assert_eq!(
            with(|m| drop(m.remove("alg"))),
            Err(HeaderError::AlgMissing)
        );
        assert_eq!(
            with(|m| drop(m.insert("alg".into(), "none".into()))),
            Err(HeaderError::AlgNone)
        );
        assert_eq!(
            with(|m| drop(m.insert("alg".into(), "NONE".into()))),
            Err(HeaderError::AlgNone)
        );
        for alg in ["HS256", "ES384", "RS256", "EdDSA", "es256"] {
            assert_eq!(
                with(|m| drop(m.insert("alg".into(), alg.into()))),
                Err(HeaderError::AlgOther)
            );
        }
        assert_eq!(
            with(|m| drop(m.insert("alg".into(), 1.into()))),
            Err(HeaderError::AlgOther)
        );
        assert_eq!(
            with(|m| drop(m.insert("typ".into(), "JWT".into()))),
            Err(HeaderError::Typ)
        );
        assert_eq!(with(|m| drop(m.remove("typ"))), Err(HeaderError::Typ));
        assert!(
            with(|m| drop(m.insert("typ".into(), format!("application/{TYP}").into()))).is_ok()
        );
        assert_eq!(
            with(|m| drop(m.insert("crit".into(), serde_json::json!(["b64"])))),
            Err(HeaderError::Crit)
        );
        assert_eq!(
            with(|m| drop(m.insert("x5u".into(), "https://x.invalid".into()))),
            Err(HeaderError::UnexpectedMember)
        );
        assert_eq!(
            with(|m| drop(m.remove("jwk"))),
            Err(HeaderError::JwkMissing)
        );
        assert_eq!(
            with(|m| drop(m.remove("kid"))),
            Err(HeaderError::KidMissing)
        );
        assert_eq!(
            with(|m| drop(m.insert("kid".into(), "abc".into()))),
            Err(HeaderError::KidMismatch)
        );
        assert_eq!(
            with(|m| drop(
                m["jwk"]
                    .as_object_mut()
                    .unwrap()
                    .insert("d".into(), "AAAA".into())
            )),
            Err(HeaderError::Jwk(JwkError::HasPrivatePart))
        );
        assert!(matches!(check_header("e30"), Err(HeaderError::AlgMissing)));
        assert!(matches!(check_header("W10"), Err(HeaderError::NotObject)));
        assert!(matches!(check_header("!!"), Err(HeaderError::NotBase64(_))));
        assert!(matches!(
            check_header(&b64::encode_url(br#"{"alg":"ES256","alg":"ES256"}"#)),
            Err(HeaderError::NotJson(_))
        ));
    }

    #[test]
    fn low_s_is_n_minus_s() {
        let mut sig = [0u8; 64];
        sig[32..].copy_from_slice(&HALF_N);
        assert!(is_low_s(&sig));
        assert_eq!(low_s(sig), sig);
        // HALF_N + 1 is high; n - (HALF_N + 1) = HALF_N, as n is odd.
        sig[63] += 1;
        assert!(!is_low_s(&sig));
        let low = low_s(sig);
        assert_eq!(low[32..], HALF_N[..]);
        assert_eq!(low[..32], sig[..32]);
        // n - 1 becomes 1.
        sig[32..].copy_from_slice(&N);
        sig[63] -= 1;
        let mut one = [0u8; 32];
        one[31] = 1;
        assert_eq!(low_s(sig)[32..], one[..]);
    }

    #[test]
    fn signatures_are_64_bytes() {
        assert!(decode_signature(&b64::encode_url(&[1; 64])).is_some());
        assert!(decode_signature(&b64::encode_url(&[1; 63])).is_none());
        assert!(decode_signature(&b64::encode_url(&[1; 72])).is_none());
    }
}
