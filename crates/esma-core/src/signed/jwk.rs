//! JSON Web Keys (RFC 7517) for ECDSA P-256, their RFC 7638 thumbprints, the
//! fingerprint people read aloud, and the council's trusted JWK Set.
//!
//! A school's key is identified by its **thumbprint**: the SHA-256 of the
//! canonical JSON `{"crv":"P-256","kty":"EC","x":…,"y":…}`. In packs and JWK
//! Sets it is written base64url (the JWS `kid`). For people it is written as
//! the **fingerprint**: the same 32 bytes in upper-case hex, in 16 groups of
//! four, because base64url mixes upper and lower case and is hard to read
//! over the phone ("capital K, small k…"); hex uses only 0–9 and A–F.
//!
//! ```
//! use esma_core::signed::jwk::PublicJwk;
//! // The example key of RFC 7515 appendix A.3.
//! let jwk = PublicJwk::new(
//!     "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
//!     "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
//! ).unwrap();
//! let kid = jwk.thumbprint();
//! assert_eq!(kid.len(), 43);
//! assert_eq!(jwk.fingerprint().split(' ').count(), 16);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::b64;

/// Why a JWK or JWK Set is not acceptable. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwkError {
    /// Not a JSON object, or a member has the wrong type.
    NotAnObject,
    /// `kty` is not `EC` or `crv` is not `P-256`.
    NotP256,
    /// `x` or `y` is missing or not base64url of 32 bytes.
    BadCoordinate(&'static str),
    /// A public key carries the private part `d`.
    HasPrivatePart,
    /// A member other than `kty`, `crv`, `x`, `y` where only those are allowed.
    UnexpectedMember,
    /// A private key has no `d`, or `d` is not base64url of 32 bytes.
    BadPrivatePart,
    /// The JWK Set's `keys` is missing or not an array.
    NotAKeySet,
    /// A key in the JWK Set has a `kid` that is not its RFC 7638 thumbprint.
    WrongKid(usize),
    /// A key in the JWK Set is unusable; the inner error says why.
    InSet(usize, Box<JwkError>),
    /// The text is not JSON.
    NotJson,
}

impl fmt::Display for JwkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwkError::NotAnObject => f.write_str("the key is not a JSON object with text members"),
            JwkError::NotP256 => f.write_str(
                "the key is not an elliptic-curve P-256 key (kty \"EC\", crv \"P-256\")",
            ),
            JwkError::BadCoordinate(c) => write!(
                f,
                "the key's \"{c}\" is missing or is not 32 bytes in base64url"
            ),
            JwkError::HasPrivatePart => {
                f.write_str("the key contains a private part (\"d\"), which must never be shared")
            }
            JwkError::UnexpectedMember => {
                f.write_str("the key has members other than kty, crv, x and y")
            }
            JwkError::BadPrivatePart => {
                f.write_str("the private key's \"d\" is missing or is not 32 bytes in base64url")
            }
            JwkError::NotAKeySet => {
                f.write_str("the file is not a JWK Set: it needs a \"keys\" list")
            }
            JwkError::WrongKid(i) => {
                write!(
                    f,
                    "key {} in the trusted list has a \"kid\" that is not its RFC 7638 thumbprint",
                    i + 1
                )
            }
            JwkError::InSet(i, e) => write!(f, "key {} in the trusted list: {e}", i + 1),
            JwkError::NotJson => f.write_str("the file is not JSON"),
        }
    }
}

impl std::error::Error for JwkError {}

/// A P-256 public key as a JWK: exactly `kty`, `crv`, `x`, `y`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicJwk {
    /// Always `EC`.
    pub kty: String,
    /// Always `P-256`.
    pub crv: String,
    /// The x coordinate, base64url of 32 bytes.
    pub x: String,
    /// The y coordinate, base64url of 32 bytes.
    pub y: String,
}

fn coordinate(v: Option<&Value>, name: &'static str) -> Result<String, JwkError> {
    let s = v
        .and_then(Value::as_str)
        .ok_or(JwkError::BadCoordinate(name))?;
    match b64::decode_url(s) {
        Ok(b) if b.len() == 32 => Ok(s.to_owned()),
        _ => Err(JwkError::BadCoordinate(name)),
    }
}

impl PublicJwk {
    /// A P-256 key from its base64url coordinates, checked for shape (the
    /// signature primitive checks that the point is on the curve).
    pub fn new(x: &str, y: &str) -> Result<Self, JwkError> {
        let mut m = Map::new();
        m.insert("kty".into(), "EC".into());
        m.insert("crv".into(), "P-256".into());
        m.insert("x".into(), x.into());
        m.insert("y".into(), y.into());
        Self::from_members(&m, true)
    }

    /// A key from the two 32-byte coordinates.
    pub fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Self {
        PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: b64::encode_url(x),
            y: b64::encode_url(y),
        }
    }

    /// Read a public key from a JWK object. With `strict`, only `kty`, `crv`,
    /// `x`, `y` are allowed (the pack header); otherwise other members such as
    /// `kid`, `alg`, `use` are ignored (JWK files and Sets). `d` is refused
    /// either way.
    pub fn from_members(m: &Map<String, Value>, strict: bool) -> Result<Self, JwkError> {
        if m.contains_key("d") {
            return Err(JwkError::HasPrivatePart);
        }
        if m.get("kty").and_then(Value::as_str) != Some("EC")
            || m.get("crv").and_then(Value::as_str) != Some("P-256")
        {
            return Err(JwkError::NotP256);
        }
        let x = coordinate(m.get("x"), "x")?;
        let y = coordinate(m.get("y"), "y")?;
        if strict && m.len() != 4 {
            return Err(JwkError::UnexpectedMember);
        }
        Ok(PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x,
            y,
        })
    }

    /// Read a public JWK file (other members ignored, `d` refused).
    pub fn from_json(text: &str) -> Result<Self, JwkError> {
        match super::jcs::parse(text).map_err(|_| JwkError::NotJson)? {
            Value::Object(m) => Self::from_members(&m, false),
            _ => Err(JwkError::NotAnObject),
        }
    }

    /// The raw x and y coordinates.
    pub fn coordinates(&self) -> ([u8; 32], [u8; 32]) {
        let get = |s: &str| {
            let v = b64::decode_url(s).unwrap_or_default();
            <[u8; 32]>::try_from(v.as_slice()).unwrap_or([0; 32])
        };
        (get(&self.x), get(&self.y))
    }

    /// The RFC 7638 thumbprint as raw bytes.
    pub fn thumbprint_bytes(&self) -> [u8; 32] {
        // RFC 7638 §3.2: the required members, sorted, no white space. The
        // coordinates are base64url, so they need no escaping.
        let json = format!(
            r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#,
            self.crv, self.kty, self.x, self.y
        );
        Sha256::digest(json.as_bytes()).into()
    }

    /// The RFC 7638 thumbprint, base64url: the `kid` of packs and key sets.
    pub fn thumbprint(&self) -> String {
        b64::encode_url(&self.thumbprint_bytes())
    }

    /// The fingerprint for reading aloud (see [`fingerprint`]).
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.thumbprint_bytes())
    }

    /// The public JWK with its `kid`, as a school exports it for the council.
    pub fn to_json_with_kid(&self) -> Value {
        serde_json::json!({ "kty": self.kty, "crv": self.crv, "x": self.x, "y": self.y, "kid": self.thumbprint(), "alg": "ES256", "use": "sig" })
    }
}

/// Group a thumbprint for reading aloud: upper-case hex, groups of four.
///
/// ```
/// let f = esma_core::signed::jwk::fingerprint(&[0xAB; 32]);
/// assert!(f.starts_with("ABAB ABAB "));
/// assert_eq!(f.len(), 16 * 4 + 15);
/// ```
pub fn fingerprint(thumbprint: &[u8; 32]) -> String {
    // Hex is ASCII: the ASCII form leaves Unicode's case tables out of the wasm.
    let hex = b64::hex(thumbprint).to_ascii_uppercase();
    let groups: Vec<&str> = (0..16).map(|i| &hex[4 * i..4 * i + 4]).collect();
    groups.join(" ")
}

/// The fingerprint's groups a person reads over the phone to check a key:
/// the first [`CHECK_CODE_GROUPS`] (64 bits: nobody can make a key to match
/// a given code). Pages show it large, with the whole fingerprint to hand.
pub const CHECK_CODE_GROUPS: usize = 4;

/// The short check code of a fingerprint (see [`fingerprint`]): its first
/// [`CHECK_CODE_GROUPS`] groups, the same on the school's key page and the
/// parent's page.
///
/// ```
/// use esma_core::signed::jwk::check_code;
/// let f = "E370 FD5D D159 ADAF 88BD 09EB 287A 47D9 83F7 81B5 D27D 989B AAD8 7736 F19F 5FAD";
/// assert_eq!(check_code(f), "E370 FD5D D159 ADAF");
/// ```
pub fn check_code(fingerprint: &str) -> String {
    fingerprint
        .split_whitespace()
        .take(CHECK_CODE_GROUPS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Turn a fingerprint someone typed or read back (any case, any spacing) or a
/// base64url thumbprint into the thumbprint bytes, to compare keys.
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .collect();
    if compact.len() == 64 {
        // ASCII lower case is enough: no other character lowers to a hex
        // digit (`no_other_character_lowers_to_a_hex_digit`), so what parses
        // is the same, without Unicode's case tables in the wasm.
        return b64::parse_sha256_hex(&compact.to_ascii_lowercase()).ok();
    }
    let b = b64::decode_url(text.trim()).ok()?;
    b.try_into().ok()
}

/// A P-256 private key as a JWK file: the public part plus `d`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateJwk {
    /// The public part.
    #[serde(flatten)]
    pub public: PublicJwk,
    /// The private scalar, base64url of 32 bytes.
    pub d: String,
}

impl fmt::Debug for PrivateJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateJwk")
            .field("public", &self.public)
            .field("d", &"(hidden)")
            .finish()
    }
}

impl PrivateJwk {
    /// Read a private JWK file (`kid`, `alg`, `use` and other members ignored).
    pub fn from_json(text: &str) -> Result<Self, JwkError> {
        let Value::Object(mut m) = super::jcs::parse(text).map_err(|_| JwkError::NotJson)? else {
            return Err(JwkError::NotAnObject);
        };
        let d = m.remove("d").ok_or(JwkError::BadPrivatePart)?;
        let d = d.as_str().ok_or(JwkError::BadPrivatePart)?;
        if b64::decode_url(d).map(|b| b.len()) != Ok(32) {
            return Err(JwkError::BadPrivatePart);
        }
        Ok(PrivateJwk {
            public: PublicJwk::from_members(&m, false)?,
            d: d.to_owned(),
        })
    }

    /// The private scalar's 32 bytes.
    pub fn d_bytes(&self) -> [u8; 32] {
        let v = b64::decode_url(&self.d).unwrap_or_default();
        <[u8; 32]>::try_from(v.as_slice()).unwrap_or([0; 32])
    }

    /// The JWK file: `kty`, `crv`, `x`, `y`, `d`, with `kid`, `alg` and `use`.
    pub fn to_json(&self) -> Value {
        let mut v = self.public.to_json_with_kid();
        v["d"] = Value::String(self.d.clone());
        v
    }
}

/// One key the council trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The key.
    pub jwk: PublicJwk,
    /// Its `kid`: its thumbprint (checked when the file gives one, computed
    /// when it does not).
    pub kid: String,
    /// Whose key it is, from the key's `name` member (the school's name, as
    /// the council wrote it), without control or bidirectional characters
    /// and at most [`crate::limits::MAX_LABEL_CHARS`] long.
    pub name: Option<String>,
}

/// The council's list of trusted school keys: an RFC 7517 JWK Set,
/// `{"keys":[…]}`, each a P-256 public key. A key's `kid` is optional (RFC
/// 7517 §4.5); when given it must be the key's RFC 7638 thumbprint, and when
/// not, the thumbprint is used. A key's `name` (the school) labels it; other
/// members (`alg`, `use`, …) are allowed and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JwkSet {
    /// The keys, in file order.
    pub keys: Vec<TrustedKey>,
}

impl JwkSet {
    /// An empty set: every signer is unknown.
    pub fn empty() -> Self {
        JwkSet::default()
    }

    /// Read a JWK Set, refusing the whole file if any key is unusable, so a
    /// mistake in the council's list is noticed rather than skipped.
    pub fn from_json(text: &str) -> Result<Self, JwkError> {
        let v = super::jcs::parse(text).map_err(|_| JwkError::NotJson)?;
        let keys = v
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(JwkError::NotAKeySet)?;
        let mut out = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            let m = k
                .as_object()
                .ok_or(JwkError::InSet(i, Box::new(JwkError::NotAnObject)))?;
            let jwk =
                PublicJwk::from_members(m, false).map_err(|e| JwkError::InSet(i, Box::new(e)))?;
            let kid = jwk.thumbprint();
            match m.get("kid") {
                None => {}
                Some(Value::String(given)) if *given == kid => {}
                Some(_) => return Err(JwkError::WrongKid(i)),
            }
            let name = m.get("name").and_then(Value::as_str).map(|n| {
                crate::safe_text::sanitise(n.trim())
                    .chars()
                    .take(crate::limits::MAX_LABEL_CHARS)
                    .collect::<String>()
            });
            out.push(TrustedKey {
                jwk,
                kid,
                name: name.filter(|n| !n.is_empty()),
            });
        }
        Ok(JwkSet { keys: out })
    }

    /// The trusted key with this thumbprint, if any.
    pub fn find(&self, kid: &str) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    /// The set as JSON, each key with `kid`, `alg`, `use` and its `name`.
    pub fn to_json(&self) -> Value {
        let keys = self.keys.iter().map(|k| {
            let mut v = k.jwk.to_json_with_kid();
            if let Some(n) = &k.name {
                v["name"] = Value::String(n.clone());
            }
            v
        });
        serde_json::json!({ "keys": keys.collect::<Vec<_>>() })
    }
}

impl FromIterator<PublicJwk> for JwkSet {
    fn from_iter<I: IntoIterator<Item = PublicJwk>>(iter: I) -> Self {
        JwkSet {
            keys: iter
                .into_iter()
                .map(|jwk| TrustedKey {
                    kid: jwk.thumbprint(),
                    jwk,
                    name: None,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    const Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    #[test]
    fn thumbprint_matches_the_rfc_7638_construction() {
        let jwk = PublicJwk::new(X, Y).unwrap();
        let canonical =
            super::super::jcs::canonicalize(&serde_json::to_string(&jwk).unwrap()).unwrap();
        let want: [u8; 32] = Sha256::digest(canonical.as_bytes()).into();
        assert_eq!(jwk.thumbprint_bytes(), want);
        assert_eq!(parse_fingerprint(&jwk.fingerprint()), Some(want));
        assert_eq!(
            parse_fingerprint(&jwk.fingerprint().to_lowercase().replace(' ', "")),
            Some(want)
        );
        assert_eq!(parse_fingerprint(&jwk.thumbprint()), Some(want));
    }

    /// `parse_fingerprint` lowers only ASCII: that reads the same as Unicode
    /// lower case only while no other character lowers to a hex digit.
    #[test]
    fn no_other_character_lowers_to_a_hex_digit() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if !c.is_ascii() {
                assert!(
                    !c.to_lowercase().any(|l| l.is_ascii_hexdigit()),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        // A look-alike of a hex digit is not one.
        let typed = format!("\u{FF21}{}", "0".repeat(61));
        assert_eq!(typed.len(), 64);
        assert_eq!(parse_fingerprint(&typed), None);
    }

    #[test]
    fn refuses_bad_keys() {
        let obj = |t: &str| -> Map<String, Value> { serde_json::from_str(t).unwrap() };
        let base = format!(r#""kty":"EC","crv":"P-256","x":"{X}","y":"{Y}""#);
        assert_eq!(
            PublicJwk::from_members(&obj(&format!(r#"{{{base},"d":"{X}"}}"#)), false),
            Err(JwkError::HasPrivatePart)
        );
        assert_eq!(
            PublicJwk::from_members(&obj(&format!(r#"{{{base},"kid":"k"}}"#)), true),
            Err(JwkError::UnexpectedMember)
        );
        assert!(PublicJwk::from_members(&obj(&format!(r#"{{{base},"kid":"k"}}"#)), false).is_ok());
        assert_eq!(PublicJwk::new("AAAA", Y), Err(JwkError::BadCoordinate("x")));
        assert_eq!(
            PublicJwk::from_members(
                &obj(&format!(
                    r#"{{"kty":"RSA","crv":"P-256","x":"{X}","y":"{Y}"}}"#
                )),
                false
            ),
            Err(JwkError::NotP256)
        );
    }

    #[test]
    fn key_set() {
        let jwk = PublicJwk::new(X, Y).unwrap();
        let set: JwkSet = [jwk.clone()].into_iter().collect();
        let text = set.to_json().to_string();
        let back = JwkSet::from_json(&text).unwrap();
        assert_eq!(back, set);
        assert!(back.find(&jwk.thumbprint()).is_some());
        let wrong = text.replace(&jwk.thumbprint(), "AAAA");
        assert_eq!(JwkSet::from_json(&wrong), Err(JwkError::WrongKid(0)));
        // RFC 7517: kid is optional; without one the thumbprint is used.
        let bare = format!(
            r#"{{"keys":[{{"kty":"EC","crv":"P-256","x":"{X}","y":"{Y}","name":"Example \u202eSchool\u0007"}}]}}"#
        );
        let set = JwkSet::from_json(&bare).unwrap();
        assert_eq!(set.keys[0].kid, jwk.thumbprint());
        assert_eq!(set.keys[0].name.as_deref(), Some("Example School"));
        assert!(set.find(&jwk.thumbprint()).is_some());
        let not_text = bare.replace(r#""name""#, r#""kid":7,"name""#);
        assert_eq!(JwkSet::from_json(&not_text), Err(JwkError::WrongKid(0)));
        assert_eq!(JwkSet::from_json("{}"), Err(JwkError::NotAKeySet));
        assert_eq!(JwkSet::from_json("[").unwrap_err(), JwkError::NotJson);
    }

    #[test]
    fn private_key_debug_hides_d() {
        let d = b64::encode_url(&[7; 32]);
        let k = PrivateJwk {
            public: PublicJwk::new(X, Y).unwrap(),
            d: d.clone(),
        };
        assert!(!format!("{k:?}").contains(&d));
        let back = PrivateJwk::from_json(&k.to_json().to_string()).unwrap();
        assert_eq!(back, k);
    }
}
