//! Upper and lower case for the rules' case-blind comparisons and a
//! pupil's initials, from a small table of runs instead of the standard
//! library's.
//!
//! `char::to_lowercase` and `str::to_lowercase` carry Unicode's whole case
//! tables, one pair of code points per letter (about 6 KB gzip on the school's
//! and the council's pages). Letters that change case mostly come in runs (A–Z,
//! À–Þ, Ā ā Ă ă … alternating), so the same mapping fits in a few hundred
//! runs. The tables were made from this toolchain's own `char` methods, and a
//! test holds them equal for every character. What differs, on purpose: a
//! letter whose case is more than one character (`İ` lower, `ß` upper) stays as
//! it is, and a final `Σ` lowers to `σ`, not `ς`; nothing here needs either.

/// Lower case, one character for one.
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    mapped(LOWER, c)
}

/// Upper case, one character for one.
pub fn upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    mapped(UPPER, c)
}

/// `text` in lower case ([`lower`] for each character).
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower).collect()
}

/// `text` with its first character in lower case ("Date of birth" reads
/// "date of birth" inside a sentence).
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(lower(first)).chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `a` and `b` are the same text in lower case, compared character
/// by character with nothing allocated.
pub fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars().map(lower).eq(b.chars().map(lower))
}

/// A run of letters whose case is `delta` code points away: `len` letters
/// from `start`, every `stride`th (1, or 2 where upper and lower alternate).
#[derive(Clone, Copy)]
struct Run {
    start: u32,
    len: u16,
    stride: u16,
    delta: i32,
}

const fn run(start: u32, len: u16, stride: u16, delta: i32) -> Run {
    Run {
        start,
        len,
        stride,
        delta,
    }
}

fn mapped(runs: &[Run], c: char) -> char {
    let u = c as u32;
    let at = runs.partition_point(|r| r.start <= u);
    let Some(r) = at.checked_sub(1).map(|i| runs[i]) else {
        return c;
    };
    let offset = u - r.start;
    let stride = u32::from(r.stride);
    if !offset.is_multiple_of(stride) || offset / stride >= u32::from(r.len) {
        return c;
    }
    char::from_u32(u.wrapping_add_signed(r.delta)).unwrap_or(c)
}

const LOWER: &[Run] = &[
    run(0x0041, 26, 1, 32),
    run(0x00C0, 23, 1, 32),
    run(0x00D8, 7, 1, 32),
    run(0x0100, 24, 2, 1),
    run(0x0132, 3, 2, 1),
    run(0x0139, 8, 2, 1),
    run(0x014A, 23, 2, 1),
    run(0x0178, 1, 1, -121),
    run(0x0179, 3, 2, 1),
    run(0x0181, 1, 1, 210),
    run(0x0182, 2, 2, 1),
    run(0x0186, 1, 1, 206),
    run(0x0187, 1, 1, 1),
    run(0x0189, 2, 1, 205),
    run(0x018B, 1, 1, 1),
    run(0x018E, 1, 1, 79),
    run(0x018F, 1, 1, 202),
    run(0x0190, 1, 1, 203),
    run(0x0191, 1, 1, 1),
    run(0x0193, 1, 1, 205),
    run(0x0194, 1, 1, 207),
    run(0x0196, 1, 1, 211),
    run(0x0197, 1, 1, 209),
    run(0x0198, 1, 1, 1),
    run(0x019C, 1, 1, 211),
    run(0x019D, 1, 1, 213),
    run(0x019F, 1, 1, 214),
    run(0x01A0, 3, 2, 1),
    run(0x01A6, 1, 1, 218),
    run(0x01A7, 1, 1, 1),
    run(0x01A9, 1, 1, 218),
    run(0x01AC, 1, 1, 1),
    run(0x01AE, 1, 1, 218),
    run(0x01AF, 1, 1, 1),
    run(0x01B1, 2, 1, 217),
    run(0x01B3, 2, 2, 1),
    run(0x01B7, 1, 1, 219),
    run(0x01B8, 1, 1, 1),
    run(0x01BC, 1, 1, 1),
    run(0x01C4, 1, 1, 2),
    run(0x01C5, 1, 1, 1),
    run(0x01C7, 1, 1, 2),
    run(0x01C8, 1, 1, 1),
    run(0x01CA, 1, 1, 2),
    run(0x01CB, 9, 2, 1),
    run(0x01DE, 9, 2, 1),
    run(0x01F1, 1, 1, 2),
    run(0x01F2, 2, 2, 1),
    run(0x01F6, 1, 1, -97),
    run(0x01F7, 1, 1, -56),
    run(0x01F8, 20, 2, 1),
    run(0x0220, 1, 1, -130),
    run(0x0222, 9, 2, 1),
    run(0x023A, 1, 1, 10795),
    run(0x023B, 1, 1, 1),
    run(0x023D, 1, 1, -163),
    run(0x023E, 1, 1, 10792),
    run(0x0241, 1, 1, 1),
    run(0x0243, 1, 1, -195),
    run(0x0244, 1, 1, 69),
    run(0x0245, 1, 1, 71),
    run(0x0246, 5, 2, 1),
    run(0x0370, 2, 2, 1),
    run(0x0376, 1, 1, 1),
    run(0x037F, 1, 1, 116),
    run(0x0386, 1, 1, 38),
    run(0x0388, 3, 1, 37),
    run(0x038C, 1, 1, 64),
    run(0x038E, 2, 1, 63),
    run(0x0391, 17, 1, 32),
    run(0x03A3, 9, 1, 32),
    run(0x03CF, 1, 1, 8),
    run(0x03D8, 12, 2, 1),
    run(0x03F4, 1, 1, -60),
    run(0x03F7, 1, 1, 1),
    run(0x03F9, 1, 1, -7),
    run(0x03FA, 1, 1, 1),
    run(0x03FD, 3, 1, -130),
    run(0x0400, 16, 1, 80),
    run(0x0410, 32, 1, 32),
    run(0x0460, 17, 2, 1),
    run(0x048A, 27, 2, 1),
    run(0x04C0, 1, 1, 15),
    run(0x04C1, 7, 2, 1),
    run(0x04D0, 48, 2, 1),
    run(0x0531, 38, 1, 48),
    run(0x10A0, 38, 1, 7264),
    run(0x10C7, 1, 1, 7264),
    run(0x10CD, 1, 1, 7264),
    run(0x13A0, 80, 1, 38864),
    run(0x13F0, 6, 1, 8),
    run(0x1C89, 1, 1, 1),
    run(0x1C90, 43, 1, -3008),
    run(0x1CBD, 3, 1, -3008),
    run(0x1E00, 75, 2, 1),
    run(0x1E9E, 1, 1, -7615),
    run(0x1EA0, 48, 2, 1),
    run(0x1F08, 8, 1, -8),
    run(0x1F18, 6, 1, -8),
    run(0x1F28, 8, 1, -8),
    run(0x1F38, 8, 1, -8),
    run(0x1F48, 6, 1, -8),
    run(0x1F59, 4, 2, -8),
    run(0x1F68, 8, 1, -8),
    run(0x1F88, 8, 1, -8),
    run(0x1F98, 8, 1, -8),
    run(0x1FA8, 8, 1, -8),
    run(0x1FB8, 2, 1, -8),
    run(0x1FBA, 2, 1, -74),
    run(0x1FBC, 1, 1, -9),
    run(0x1FC8, 4, 1, -86),
    run(0x1FCC, 1, 1, -9),
    run(0x1FD8, 2, 1, -8),
    run(0x1FDA, 2, 1, -100),
    run(0x1FE8, 2, 1, -8),
    run(0x1FEA, 2, 1, -112),
    run(0x1FEC, 1, 1, -7),
    run(0x1FF8, 2, 1, -128),
    run(0x1FFA, 2, 1, -126),
    run(0x1FFC, 1, 1, -9),
    run(0x2126, 1, 1, -7517),
    run(0x212A, 1, 1, -8383),
    run(0x212B, 1, 1, -8262),
    run(0x2132, 1, 1, 28),
    run(0x2160, 16, 1, 16),
    run(0x2183, 1, 1, 1),
    run(0x24B6, 26, 1, 26),
    run(0x2C00, 48, 1, 48),
    run(0x2C60, 1, 1, 1),
    run(0x2C62, 1, 1, -10743),
    run(0x2C63, 1, 1, -3814),
    run(0x2C64, 1, 1, -10727),
    run(0x2C67, 3, 2, 1),
    run(0x2C6D, 1, 1, -10780),
    run(0x2C6E, 1, 1, -10749),
    run(0x2C6F, 1, 1, -10783),
    run(0x2C70, 1, 1, -10782),
    run(0x2C72, 1, 1, 1),
    run(0x2C75, 1, 1, 1),
    run(0x2C7E, 2, 1, -10815),
    run(0x2C80, 50, 2, 1),
    run(0x2CEB, 2, 2, 1),
    run(0x2CF2, 1, 1, 1),
    run(0xA640, 23, 2, 1),
    run(0xA680, 14, 2, 1),
    run(0xA722, 7, 2, 1),
    run(0xA732, 31, 2, 1),
    run(0xA779, 2, 2, 1),
    run(0xA77D, 1, 1, -35332),
    run(0xA77E, 5, 2, 1),
    run(0xA78B, 1, 1, 1),
    run(0xA78D, 1, 1, -42280),
    run(0xA790, 2, 2, 1),
    run(0xA796, 10, 2, 1),
    run(0xA7AA, 1, 1, -42308),
    run(0xA7AB, 1, 1, -42319),
    run(0xA7AC, 1, 1, -42315),
    run(0xA7AD, 1, 1, -42305),
    run(0xA7AE, 1, 1, -42308),
    run(0xA7B0, 1, 1, -42258),
    run(0xA7B1, 1, 1, -42282),
    run(0xA7B2, 1, 1, -42261),
    run(0xA7B3, 1, 1, 928),
    run(0xA7B4, 8, 2, 1),
    run(0xA7C4, 1, 1, -48),
    run(0xA7C5, 1, 1, -42307),
    run(0xA7C6, 1, 1, -35384),
    run(0xA7C7, 2, 2, 1),
    run(0xA7CB, 1, 1, -42343),
    run(0xA7CC, 8, 2, 1),
    run(0xA7DC, 1, 1, -42561),
    run(0xA7F5, 1, 1, 1),
    run(0xFF21, 26, 1, 32),
    run(0x10400, 40, 1, 40),
    run(0x104B0, 36, 1, 40),
    run(0x10570, 11, 1, 39),
    run(0x1057C, 15, 1, 39),
    run(0x1058C, 7, 1, 39),
    run(0x10594, 2, 1, 39),
    run(0x10C80, 51, 1, 64),
    run(0x10D50, 22, 1, 32),
    run(0x118A0, 32, 1, 32),
    run(0x16E40, 32, 1, 32),
    run(0x16EA0, 25, 1, 27),
    run(0x1E900, 34, 1, 34),
];
const UPPER: &[Run] = &[
    run(0x0061, 26, 1, -32),
    run(0x00B5, 1, 1, 743),
    run(0x00E0, 23, 1, -32),
    run(0x00F8, 7, 1, -32),
    run(0x00FF, 1, 1, 121),
    run(0x0101, 24, 2, -1),
    run(0x0131, 1, 1, -232),
    run(0x0133, 3, 2, -1),
    run(0x013A, 8, 2, -1),
    run(0x014B, 23, 2, -1),
    run(0x017A, 3, 2, -1),
    run(0x017F, 1, 1, -300),
    run(0x0180, 1, 1, 195),
    run(0x0183, 2, 2, -1),
    run(0x0188, 1, 1, -1),
    run(0x018C, 1, 1, -1),
    run(0x0192, 1, 1, -1),
    run(0x0195, 1, 1, 97),
    run(0x0199, 1, 1, -1),
    run(0x019A, 1, 1, 163),
    run(0x019B, 1, 1, 42561),
    run(0x019E, 1, 1, 130),
    run(0x01A1, 3, 2, -1),
    run(0x01A8, 1, 1, -1),
    run(0x01AD, 1, 1, -1),
    run(0x01B0, 1, 1, -1),
    run(0x01B4, 2, 2, -1),
    run(0x01B9, 1, 1, -1),
    run(0x01BD, 1, 1, -1),
    run(0x01BF, 1, 1, 56),
    run(0x01C5, 1, 1, -1),
    run(0x01C6, 1, 1, -2),
    run(0x01C8, 1, 1, -1),
    run(0x01C9, 1, 1, -2),
    run(0x01CB, 1, 1, -1),
    run(0x01CC, 1, 1, -2),
    run(0x01CE, 8, 2, -1),
    run(0x01DD, 1, 1, -79),
    run(0x01DF, 9, 2, -1),
    run(0x01F2, 1, 1, -1),
    run(0x01F3, 1, 1, -2),
    run(0x01F5, 1, 1, -1),
    run(0x01F9, 20, 2, -1),
    run(0x0223, 9, 2, -1),
    run(0x023C, 1, 1, -1),
    run(0x023F, 2, 1, 10815),
    run(0x0242, 1, 1, -1),
    run(0x0247, 5, 2, -1),
    run(0x0250, 1, 1, 10783),
    run(0x0251, 1, 1, 10780),
    run(0x0252, 1, 1, 10782),
    run(0x0253, 1, 1, -210),
    run(0x0254, 1, 1, -206),
    run(0x0256, 2, 1, -205),
    run(0x0259, 1, 1, -202),
    run(0x025B, 1, 1, -203),
    run(0x025C, 1, 1, 42319),
    run(0x0260, 1, 1, -205),
    run(0x0261, 1, 1, 42315),
    run(0x0263, 1, 1, -207),
    run(0x0264, 1, 1, 42343),
    run(0x0265, 1, 1, 42280),
    run(0x0266, 1, 1, 42308),
    run(0x0268, 1, 1, -209),
    run(0x0269, 1, 1, -211),
    run(0x026A, 1, 1, 42308),
    run(0x026B, 1, 1, 10743),
    run(0x026C, 1, 1, 42305),
    run(0x026F, 1, 1, -211),
    run(0x0271, 1, 1, 10749),
    run(0x0272, 1, 1, -213),
    run(0x0275, 1, 1, -214),
    run(0x027D, 1, 1, 10727),
    run(0x0280, 1, 1, -218),
    run(0x0282, 1, 1, 42307),
    run(0x0283, 1, 1, -218),
    run(0x0287, 1, 1, 42282),
    run(0x0288, 1, 1, -218),
    run(0x0289, 1, 1, -69),
    run(0x028A, 2, 1, -217),
    run(0x028C, 1, 1, -71),
    run(0x0292, 1, 1, -219),
    run(0x029D, 1, 1, 42261),
    run(0x029E, 1, 1, 42258),
    run(0x0345, 1, 1, 84),
    run(0x0371, 2, 2, -1),
    run(0x0377, 1, 1, -1),
    run(0x037B, 3, 1, 130),
    run(0x03AC, 1, 1, -38),
    run(0x03AD, 3, 1, -37),
    run(0x03B1, 17, 1, -32),
    run(0x03C2, 1, 1, -31),
    run(0x03C3, 9, 1, -32),
    run(0x03CC, 1, 1, -64),
    run(0x03CD, 2, 1, -63),
    run(0x03D0, 1, 1, -62),
    run(0x03D1, 1, 1, -57),
    run(0x03D5, 1, 1, -47),
    run(0x03D6, 1, 1, -54),
    run(0x03D7, 1, 1, -8),
    run(0x03D9, 12, 2, -1),
    run(0x03F0, 1, 1, -86),
    run(0x03F1, 1, 1, -80),
    run(0x03F2, 1, 1, 7),
    run(0x03F3, 1, 1, -116),
    run(0x03F5, 1, 1, -96),
    run(0x03F8, 1, 1, -1),
    run(0x03FB, 1, 1, -1),
    run(0x0430, 32, 1, -32),
    run(0x0450, 16, 1, -80),
    run(0x0461, 17, 2, -1),
    run(0x048B, 27, 2, -1),
    run(0x04C2, 7, 2, -1),
    run(0x04CF, 1, 1, -15),
    run(0x04D1, 48, 2, -1),
    run(0x0561, 38, 1, -48),
    run(0x10D0, 43, 1, 3008),
    run(0x10FD, 3, 1, 3008),
    run(0x13F8, 6, 1, -8),
    run(0x1C80, 1, 1, -6254),
    run(0x1C81, 1, 1, -6253),
    run(0x1C82, 1, 1, -6244),
    run(0x1C83, 2, 1, -6242),
    run(0x1C85, 1, 1, -6243),
    run(0x1C86, 1, 1, -6236),
    run(0x1C87, 1, 1, -6181),
    run(0x1C88, 1, 1, 35266),
    run(0x1C8A, 1, 1, -1),
    run(0x1D79, 1, 1, 35332),
    run(0x1D7D, 1, 1, 3814),
    run(0x1D8E, 1, 1, 35384),
    run(0x1E01, 75, 2, -1),
    run(0x1E9B, 1, 1, -59),
    run(0x1EA1, 48, 2, -1),
    run(0x1F00, 8, 1, 8),
    run(0x1F10, 6, 1, 8),
    run(0x1F20, 8, 1, 8),
    run(0x1F30, 8, 1, 8),
    run(0x1F40, 6, 1, 8),
    run(0x1F51, 4, 2, 8),
    run(0x1F60, 8, 1, 8),
    run(0x1F70, 2, 1, 74),
    run(0x1F72, 4, 1, 86),
    run(0x1F76, 2, 1, 100),
    run(0x1F78, 2, 1, 128),
    run(0x1F7A, 2, 1, 112),
    run(0x1F7C, 2, 1, 126),
    run(0x1FB0, 2, 1, 8),
    run(0x1FBE, 1, 1, -7205),
    run(0x1FD0, 2, 1, 8),
    run(0x1FE0, 2, 1, 8),
    run(0x1FE5, 1, 1, 7),
    run(0x214E, 1, 1, -28),
    run(0x2170, 16, 1, -16),
    run(0x2184, 1, 1, -1),
    run(0x24D0, 26, 1, -26),
    run(0x2C30, 48, 1, -48),
    run(0x2C61, 1, 1, -1),
    run(0x2C65, 1, 1, -10795),
    run(0x2C66, 1, 1, -10792),
    run(0x2C68, 3, 2, -1),
    run(0x2C73, 1, 1, -1),
    run(0x2C76, 1, 1, -1),
    run(0x2C81, 50, 2, -1),
    run(0x2CEC, 2, 2, -1),
    run(0x2CF3, 1, 1, -1),
    run(0x2D00, 38, 1, -7264),
    run(0x2D27, 1, 1, -7264),
    run(0x2D2D, 1, 1, -7264),
    run(0xA641, 23, 2, -1),
    run(0xA681, 14, 2, -1),
    run(0xA723, 7, 2, -1),
    run(0xA733, 31, 2, -1),
    run(0xA77A, 2, 2, -1),
    run(0xA77F, 5, 2, -1),
    run(0xA78C, 1, 1, -1),
    run(0xA791, 2, 2, -1),
    run(0xA794, 1, 1, 48),
    run(0xA797, 10, 2, -1),
    run(0xA7B5, 8, 2, -1),
    run(0xA7C8, 2, 2, -1),
    run(0xA7CD, 8, 2, -1),
    run(0xA7F6, 1, 1, -1),
    run(0xAB53, 1, 1, -928),
    run(0xAB70, 80, 1, -38864),
    run(0xFF41, 26, 1, -32),
    run(0x10428, 40, 1, -40),
    run(0x104D8, 36, 1, -40),
    run(0x10597, 11, 1, -39),
    run(0x105A3, 15, 1, -39),
    run(0x105B3, 7, 1, -39),
    run(0x105BB, 2, 1, -39),
    run(0x10CC0, 51, 1, -64),
    run(0x10D70, 22, 1, -32),
    run(0x118C0, 32, 1, -32),
    run(0x16E60, 32, 1, -32),
    run(0x16EBB, 25, 1, -27),
    run(0x1E922, 34, 1, -34),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard library's mapping when it is one character.
    fn one(mut it: impl Iterator<Item = char>) -> Option<char> {
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }

    #[test]
    fn the_tables_are_the_standard_librarys_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want_lower = one(c.to_lowercase()).unwrap_or(c);
            let want_upper = one(c.to_uppercase()).unwrap_or(c);
            assert_eq!(lower(c), want_lower, "lower case of U+{:04X}", c as u32);
            assert_eq!(upper(c), want_upper, "upper case of U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_differences_are_the_ones_named() {
        assert_eq!(lower('İ'), 'İ');
        assert_eq!(upper('ß'), 'ß');
        assert_eq!(lowercase("ΟΔΟΣ"), "οδοσ");
    }

    #[test]
    fn compares_names_in_any_case() {
        assert!(same_ignoring_case("ZOË", "zoë"));
        assert!(same_ignoring_case("Łukasz Ǆ", "łukasz ǆ"));
        assert!(same_ignoring_case("ΑΘΗΝΑ", "αθηνα"));
        assert!(!same_ignoring_case("zoe", "zoë"));
        assert_eq!(lowercase("N/A Þór"), "n/a þór");
    }
}
