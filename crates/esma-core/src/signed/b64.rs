//! Strict base64 (RFC 4648 §4, padded) and base64url (§5, unpadded, as JOSE
//! uses it), and lower-case hex.
//!
//! Hand-written rather than a crate: it is small, and the decoders are
//! *strict* on purpose. They accept exactly one spelling of any byte string:
//! no white space, no missing or extra padding, and no non-zero bits left
//! over in the last character. Without that last rule, changing the final
//! character of a signature could leave the decoded bytes the same, and a
//! tampered pack would still verify.
//!
//! ```
//! use esma_core::signed::b64;
//! assert_eq!(b64::encode_url(b"hi?"), "aGk_");
//! assert_eq!(b64::decode_url("aGk_").unwrap(), b"hi?");
//! assert_eq!(b64::encode_std(b"hi"), "aGk=");
//! assert!(b64::decode_url("aGl").is_err()); // "aGk" with a stray low bit
//! ```

use std::fmt;

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why text is not strict base64 or hex. Carries no part of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the alphabet (including white space and `=` where
    /// padding is not allowed), at this byte offset.
    Character(usize),
    /// The length is impossible for this encoding.
    Length,
    /// Padding is missing, misplaced or not allowed.
    Padding,
    /// The last character carries non-zero bits beyond the data.
    TrailingBits,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Character(at) => {
                write!(f, "an unexpected character at position {}", at + 1)
            }
            DecodeError::Length => f.write_str("an impossible length"),
            DecodeError::Padding => f.write_str("wrong padding"),
            DecodeError::TrailingBits => f.write_str("stray bits in its last character"),
        }
    }
}

impl std::error::Error for DecodeError {}

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Each byte's value in `alphabet`, or `0xff` for a byte outside it.
const fn table(alphabet: &[u8; 64]) -> [u8; 256] {
    let mut t = [0xff; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
}

const STD_VALUES: [u8; 256] = table(STD);
const URL_VALUES: [u8; 256] = table(URL);

fn decode(text: &str, url: bool) -> Result<Vec<u8>, DecodeError> {
    let mut s = text.as_bytes();
    if !url {
        // Padded: a whole number of quads, with at most two `=` at the end.
        if !s.len().is_multiple_of(4) {
            return Err(DecodeError::Padding);
        }
        let pads = s.iter().rev().take(2).take_while(|&&c| c == b'=').count();
        s = &s[..s.len() - pads];
        if s.len() % 4 == 1 {
            return Err(DecodeError::Padding);
        }
    }
    if s.len() % 4 == 1 {
        return Err(DecodeError::Length);
    }
    let values = if url { &URL_VALUES } else { &STD_VALUES };
    // The first character outside the alphabet, as an error.
    let bad = |from: usize| {
        let i = (from..s.len())
            .find(|&i| values[s[i] as usize] == 0xff)
            .unwrap_or(from);
        if s[i] == b'=' && !url {
            DecodeError::Padding
        } else {
            DecodeError::Character(i)
        }
    };
    let whole = s.len() / 4 * 4;
    // Room for the last one or two bytes too: a push past the capacity
    // would double a 20 MB buffer.
    let mut out = Vec::with_capacity(whole / 4 * 3 + 2);
    out.resize(whole / 4 * 3, 0);
    for (q, (quad, o)) in s[..whole]
        .chunks_exact(4)
        .zip(out.chunks_exact_mut(3))
        .enumerate()
    {
        let a = values[usize::from(quad[0])];
        let b = values[usize::from(quad[1])];
        let c = values[usize::from(quad[2])];
        let d = values[usize::from(quad[3])];
        if (a | b | c | d) & 0x80 != 0 {
            return Err(bad(q * 4));
        }
        o[0] = (a << 2) | (b >> 4);
        o[1] = (b << 4) | (c >> 2);
        o[2] = (c << 6) | d;
    }
    // Two or three characters left: one or two bytes, and bits that must
    // be zero.
    let rest: Vec<u8> = s[whole..].iter().map(|&c| values[c as usize]).collect();
    if rest.contains(&0xff) {
        return Err(bad(whole));
    }
    match rest[..] {
        [] => {}
        [a, b] => {
            out.push((a << 2) | (b >> 4));
            if b & 0x0f != 0 {
                return Err(DecodeError::TrailingBits);
            }
        }
        [a, b, c] => {
            out.push((a << 2) | (b >> 4));
            out.push((b << 4) | (c >> 2));
            if c & 0x03 != 0 {
                return Err(DecodeError::TrailingBits);
            }
        }
        _ => return Err(DecodeError::Length),
    }
    Ok(out)
}

/// Standard base64 with padding (the pack's `files[].data`).
pub fn encode_std(bytes: &[u8]) -> String {
    encode(bytes, STD, true)
}

/// Decode standard padded base64, strictly.
pub fn decode_std(text: &str) -> Result<Vec<u8>, DecodeError> {
    decode(text, false)
}

/// base64url without padding (JOSE).
pub fn encode_url(bytes: &[u8]) -> String {
    encode(bytes, URL, false)
}

/// Decode unpadded base64url, strictly.
pub fn decode_url(text: &str) -> Result<Vec<u8>, DecodeError> {
    decode(text, true)
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(H[usize::from(b >> 4)] as char);
        s.push(H[usize::from(b & 15)] as char);
    }
    s
}

/// Parse exactly 64 lower-case hex digits (a SHA-256 as the manifest writes it).
pub fn parse_sha256_hex(text: &str) -> Result<[u8; 32], DecodeError> {
    let s = text.as_bytes();
    if s.len() != 64 {
        return Err(DecodeError::Length);
    }
    let mut out = [0u8; 32];
    for (i, pair) in s.chunks(2).enumerate() {
        let nib = |j: usize| match pair[j] {
            c @ b'0'..=b'9' => Ok(c - b'0'),
            c @ b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(DecodeError::Character(2 * i + j)),
        };
        out[i] = (nib(0)? << 4) | nib(1)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, enc) in cases {
            assert_eq!(encode_std(plain.as_bytes()), enc);
            assert_eq!(decode_std(enc).unwrap(), plain.as_bytes());
            let url = enc.trim_end_matches('=');
            assert_eq!(encode_url(plain.as_bytes()), url);
            assert_eq!(decode_url(url).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn round_trip_all_lengths_and_bytes() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            let d = &data[..n];
            assert_eq!(decode_std(&encode_std(d)).unwrap(), d);
            assert_eq!(decode_url(&encode_url(d)).unwrap(), d);
        }
    }

    #[test]
    fn strict() {
        assert_eq!(decode_std("Zg="), Err(DecodeError::Padding));
        assert_eq!(decode_std("Zg"), Err(DecodeError::Padding));
        assert_eq!(decode_std("Z==="), Err(DecodeError::Padding));
        assert_eq!(decode_std("Zm=v"), Err(DecodeError::Padding));
        assert_eq!(decode_std("Zh=="), Err(DecodeError::TrailingBits));
        assert_eq!(decode_url("Zg=="), Err(DecodeError::Character(2)));
        assert_eq!(decode_url("Zh"), Err(DecodeError::TrailingBits));
        assert_eq!(decode_url("Z"), Err(DecodeError::Length));
        assert_eq!(decode_url("Zm9v Zg"), Err(DecodeError::Character(4)));
        assert_eq!(decode_url("a+b/"), Err(DecodeError::Character(1)));
        assert_eq!(decode_std("a-b_"), Err(DecodeError::Character(1)));
    }

    #[test]
    fn hex_round_trip() {
        let d: [u8; 32] = core::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(parse_sha256_hex(&hex(&d)).unwrap(), d);
        assert!(parse_sha256_hex(&hex(&d).to_uppercase()).is_err());
        assert!(parse_sha256_hex("00").is_err());
    }
}
