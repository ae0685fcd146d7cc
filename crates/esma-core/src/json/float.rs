//! A JSON number's text as the nearest `f64`, correctly rounded, in little
//! code.
//!
//! `str::parse::<f64>` is exact too, but its Eisel-Lemire tables add about
//! 7 KB gzip to every page's wasm, and serde_json's reader (used before
//! this) cost 10-13 KB raw. Here, Clinger's fast path takes the short
//! numbers nearly every document holds; the rest go through Nigel Tao's
//! "simple decimal conversion"
//! (<https://nigeltao.github.io/blog/2020/parse-number-f64-simple.html>),
//! ported from Rust's own fallback for the same job
//! (`library/core/src/num/dec2flt/decimal_seq.rs` and `slow.rs`, MIT or
//! Apache-2.0): the decimal digits are held in full, up to the 768 a double
//! can ever need plus a flag for any nonzero digit dropped, and shifted by
//! powers of two until the binary exponent and the 53 bits of the result
//! are known, with ties to even. The tests hold it equal to `str::parse`.

/// The most decimal digits a double can need to round correctly (its
/// smallest subnormal has 767 significant digits), plus one.
const MAX_DIGITS: usize = 768;

/// The nearest `f64` to `text`, which [`super::strict`] has checked against
/// JSON's number grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// or `Err` when that is beyond a double's range (I-JSON has no infinity).
/// Values too small for a double read as zero of the same sign, as
/// `str::parse` reads them.
pub(super) fn parse(text: &str) -> Result<f64, ()> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let decimal = Decimal::parse(unsigned.as_bytes());
    let magnitude = match decimal.fast() {
        Some(x) => x,
        None => decimal.slow()?,
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `0.d₁d₂…dₙ × 10^point`, with no leading or trailing zero digit.
struct Decimal {
    digits: [u8; MAX_DIGITS],
    len: usize,
    point: i32,
    /// A nonzero digit past the last one held was dropped: the value is a
    /// little more than the digits say, which decides a tie.
    truncated: bool,
}

impl Decimal {
    fn parse(s: &[u8]) -> Decimal {
        let mut d = Decimal {
            digits: [0; MAX_DIGITS],
            len: 0,
            point: 0,
            truncated: false,
        };
        let (mantissa, exponent) = s.split_at(
            s.iter()
                .position(|&c| c == b'e' || c == b'E')
                .unwrap_or(s.len()),
        );
        // Every integer digit puts the point one further right; each
        // leading zero (`0.00…`) takes it back one.
        let mut point = mantissa
            .iter()
            .position(|&c| c == b'.')
            .unwrap_or(mantissa.len()) as i64;
        for &c in mantissa.iter().filter(|&&c| c != b'.') {
            let digit = c - b'0';
            if d.len == 0 && digit == 0 {
                point -= 1;
            } else if d.len < MAX_DIGITS {
                d.digits[d.len] = digit;
                d.len += 1;
            } else if digit != 0 {
                d.truncated = true;
            }
        }
        if let Some((_, sign_and_digits)) = exponent.split_first() {
            let (negative, digits) = match sign_and_digits.split_first() {
                Some((b'-', rest)) => (true, rest),
                Some((b'+', rest)) => (false, rest),
                _ => (false, sign_and_digits),
            };
            // Saturate: past 2^40, far beyond any text's length, the
            // exponent alone decides between zero and too big.
            let exp = digits
                .iter()
                .fold(0_i64, |e, &c| (e * 10 + i64::from(c - b'0')).min(1 << 40));
            point += if negative { -exp } else { exp };
        }
        // Past ±9999 only the sign matters (see `slow`), and it fits an i32.
        d.point = point.clamp(-9999, 9999) as i32;
        d.trim();
        d
    }

    fn trim(&mut self) {
        while self.len > 0 && self.digits[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    /// Clinger's fast path: with at most 53 bits of digits and a power of
    /// ten that a double holds exactly (10^22 is the last), one IEEE
    /// multiplication or division rounds correctly by itself.
    fn fast(&self) -> Option<f64> {
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.len == 0 {
            return Some(0.0);
        }
        // A dropped digit could break a tie the division would round to even.
        if self.len > 19 || self.truncated {
            return None;
        }
        let m = self.digits[..self.len]
            .iter()
            .fold(0_u64, |m, &d| m * 10 + u64::from(d));
        if m > 1 << 53 {
            return None;
        }
        let m = m as f64;
        // The value is m × 10^(point - len).
        match self.point - self.len as i32 {
            e @ 0..=22 => Some(m * POW10[e as usize]),
            e @ -22..=-1 => Some(m / POW10[-e as usize]),
            _ => None,
        }
    }

    /// Simple decimal conversion (Rust's `dec2flt::slow::parse_long_mantissa`
    /// for `f64`): halve or double the decimal, counting the powers of two,
    /// until it lies in [1/2, 1); then the top 53 bits, rounded.
    fn slow(mut self) -> Result<f64, ()> {
        // The largest shift that cannot overflow a u64 in the shifts, and
        // for a point n digits out, a shift that brings it most of the way
        // in (⌊n·log₂10⌋ or just under).
        const MAX_SHIFT: usize = 60;
        const POWERS: [u8; 19] = [
            0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
        ];
        let shift_for = |n: i32| {
            POWERS
                .get(n as usize)
                .map_or(MAX_SHIFT, |&s| usize::from(s))
        };
        // Below 10^-324 is under half the smallest subnormal; 10^309 is
        // above the largest double.
        if self.point < -324 {
            return Ok(0.0);
        }
        if self.point >= 310 {
            return Err(());
        }
        let mut exp2 = 0_i32;
        while self.point > 0 {
            let shift = shift_for(self.point);
            self.right_shift(shift);
            exp2 += shift as i32;
        }
        while self.point <= 0 {
            let shift = if self.point == 0 {
                match self.digits[0] {
                    5.. => break,
                    0 | 1 => 2,
                    _ => 1,
                }
            } else {
                shift_for(-self.point)
            };
            self.left_shift(shift);
            exp2 -= shift as i32;
        }
        // From [1/2, 1) to the binary format's [1, 2).
        exp2 -= 1;
        // A subnormal: the exponent stops at -1022 and bits go instead.
        while exp2 < -1022 {
            let shift = ((-1022 - exp2) as usize).min(MAX_SHIFT);
            self.right_shift(shift);
            exp2 += shift as i32;
        }
        self.left_shift(53);
        let mut mantissa = self.round();
        if mantissa >= 1 << 53 {
            // Rounded up into the next binade.
            self.right_shift(1);
            exp2 += 1;
            mantissa = self.round();
        }
        let mut biased = exp2 + 1023;
        if mantissa < 1 << 52 {
            // A subnormal: no hidden bit, and exp2 is -1022, so biased 0.
            biased -= 1;
        }
        if biased >= 0x7FF {
            return Err(());
        }
        Ok(f64::from_bits(
            (biased as u64) << 52 | (mantissa & ((1 << 52) - 1)),
        ))
    }

    /// The integer part, rounded half to even.
    fn round(&self) -> u64 {
        if self.point < 0 {
            return 0;
        }
        let dp = self.point as usize;
        let mut n = 0_u64;
        for i in 0..dp {
            n = n * 10
                + if i < self.len {
                    u64::from(self.digits[i])
                } else {
                    0
                };
        }
        if dp < self.len {
            let first = self.digits[dp];
            // Exactly half only when that 5 is the last digit and nothing
            // was dropped; then to even.
            let tie = first == 5 && dp + 1 == self.len && !self.truncated;
            if first > 5 || (first == 5 && !tie) || (tie && n & 1 == 1) {
                n += 1;
            }
        }
        n
    }

    /// Multiplies by 2^shift (shift ≤ 60).
    fn left_shift(&mut self, shift: usize) {
        let new_digits = self.new_digits_on_left_shift(shift);
        let mut read = self.len;
        let mut write = self.len + new_digits;
        let mut n = 0_u64;
        let put = |d: &mut Self, write: usize, n: u64| {
            let digit = (n % 10) as u8;
            if write < MAX_DIGITS {
                d.digits[write] = digit;
            } else if digit != 0 {
                d.truncated = true;
            }
        };
        while read > 0 {
            read -= 1;
            write -= 1;
            n += u64::from(self.digits[read]) << shift;
            put(self, write, n);
            n /= 10;
        }
        while n > 0 {
            write -= 1;
            put(self, write, n);
            n /= 10;
        }
        self.len = (self.len + new_digits).min(MAX_DIGITS);
        self.point += new_digits as i32;
        self.trim();
    }

    /// Divides by 2^shift (shift ≤ 60).
    fn right_shift(&mut self, shift: usize) {
        let mut read = 0;
        let mut write = 0;
        let mut n = 0_u64;
        // Gather leading digits until the quotient has its first digit.
        while n >> shift == 0 {
            if read < self.len {
                n = 10 * n + u64::from(self.digits[read]);
            } else {
                n *= 10;
            }
            read += 1;
        }
        self.point -= read as i32 - 1;
        let mask = (1_u64 << shift) - 1;
        while read < self.len {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask) + u64::from(self.digits[read]);
            read += 1;
            self.digits[write] = digit;
            write += 1;
        }
        while n > 0 {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if write < MAX_DIGITS {
                self.digits[write] = digit;
                write += 1;
            } else if digit > 0 {
                self.truncated = true;
            }
        }
        self.len = write;
        self.trim();
    }

    /// How many digits multiplying by 2^shift adds: as many as 2^shift
    /// has, or one fewer when the digits sort below 5^shift's (as
    /// d·2^shift = d·10^shift / 5^shift).
    fn new_digits_on_left_shift(&self, shift: usize) -> usize {
        let (a, b) = (LEFT_SHIFT[shift], LEFT_SHIFT[shift + 1]);
        let new_digits = usize::from(a >> 11);
        let pow5 = &POW5[usize::from(a & 0x7FF)..usize::from(b & 0x7FF)];
        for (i, &p) in pow5.iter().enumerate() {
            if i >= self.len || self.digits[i] < p {
                return new_digits - 1;
            }
            if self.digits[i] > p {
                return new_digits;
            }
        }
        new_digits
    }
}

/// For each shift, the digit count of 2^shift (top 5 bits) and where
/// 5^shift's digits start in [`POW5`] (low 11 bits).
#[rustfmt::skip]
const LEFT_SHIFT: [u16; 65] = [
    0x0000, 0x0800, 0x0801, 0x0803, 0x1006, 0x1009, 0x100D, 0x1812, 0x1817, 0x181D, 0x2024,
    0x202B, 0x2033, 0x203C, 0x2846, 0x2850, 0x285B, 0x3067, 0x3073, 0x3080, 0x388E, 0x389C,
    0x38AB, 0x38BB, 0x40CC, 0x40DD, 0x40EF, 0x4902, 0x4915, 0x4929, 0x513E, 0x5153, 0x5169,
    0x5180, 0x5998, 0x59B0, 0x59C9, 0x61E3, 0x61FD, 0x6218, 0x6A34, 0x6A50, 0x6A6D, 0x6A8B,
    0x72AA, 0x72C9, 0x72E9, 0x7B0A, 0x7B2B, 0x7B4D, 0x8370, 0x8393, 0x83B7, 0x83DC, 0x8C02,
    0x8C28, 0x8C4F, 0x9477, 0x949F, 0x94C8, 0x9CF2, 0x051C, 0x051C, 0x051C, 0x051C,
];

/// The decimal digits of 5^1, 5^2, … 5^60, one after another.
#[rustfmt::skip]
const POW5: [u8; 0x051C] = [
    5, 2, 5, 1, 2, 5, 6, 2, 5, 3, 1, 2, 5, 1, 5, 6, 2, 5, 7, 8, 1, 2, 5, 3, 9, 0, 6, 2, 5, 1,
    9, 5, 3, 1, 2, 5, 9, 7, 6, 5, 6, 2, 5, 4, 8, 8, 2, 8, 1, 2, 5, 2, 4, 4, 1, 4, 0, 6, 2, 5,
    1, 2, 2, 0, 7, 0, 3, 1, 2, 5, 6, 1, 0, 3, 5, 1, 5, 6, 2, 5, 3, 0, 5, 1, 7, 5, 7, 8, 1, 2,
    5, 1, 5, 2, 5, 8, 7, 8, 9, 0, 6, 2, 5, 7, 6, 2, 9, 3, 9, 4, 5, 3, 1, 2, 5, 3, 8, 1, 4, 6,
    9, 7, 2, 6, 5, 6, 2, 5, 1, 9, 0, 7, 3, 4, 8, 6, 3, 2, 8, 1, 2, 5, 9, 5, 3, 6, 7, 4, 3, 1,
    6, 4, 0, 6, 2, 5, 4, 7, 6, 8, 3, 7, 1, 5, 8, 2, 0, 3, 1, 2, 5, 2, 3, 8, 4, 1, 8, 5, 7, 9,
    1, 0, 1, 5, 6, 2, 5, 1, 1, 9, 2, 0, 9, 2, 8, 9, 5, 5, 0, 7, 8, 1, 2, 5, 5, 9, 6, 0, 4, 6,
    4, 4, 7, 7, 5, 3, 9, 0, 6, 2, 5, 2, 9, 8, 0, 2, 3, 2, 2, 3, 8, 7, 6, 9, 5, 3, 1, 2, 5, 1,
    4, 9, 0, 1, 1, 6, 1, 1, 9, 3, 8, 4, 7, 6, 5, 6, 2, 5, 7, 4, 5, 0, 5, 8, 0, 5, 9, 6, 9, 2,
    3, 8, 2, 8, 1, 2, 5, 3, 7, 2, 5, 2, 9, 0, 2, 9, 8, 4, 6, 1, 9, 1, 4, 0, 6, 2, 5, 1, 8, 6,
    2, 6, 4, 5, 1, 4, 9, 2, 3, 0, 9, 5, 7, 0, 3, 1, 2, 5, 9, 3, 1, 3, 2, 2, 5, 7, 4, 6, 1, 5,
    4, 7, 8, 5, 1, 5, 6, 2, 5, 4, 6, 5, 6, 6, 1, 2, 8, 7, 3, 0, 7, 7, 3, 9, 2, 5, 7, 8, 1, 2,
    5, 2, 3, 2, 8, 3, 0, 6, 4, 3, 6, 5, 3, 8, 6, 9, 6, 2, 8, 9, 0, 6, 2, 5, 1, 1, 6, 4, 1, 5,
    3, 2, 1, 8, 2, 6, 9, 3, 4, 8, 1, 4, 4, 5, 3, 1, 2, 5, 5, 8, 2, 0, 7, 6, 6, 0, 9, 1, 3, 4,
    6, 7, 4, 0, 7, 2, 2, 6, 5, 6, 2, 5, 2, 9, 1, 0, 3, 8, 3, 0, 4, 5, 6, 7, 3, 3, 7, 0, 3, 6,
    1, 3, 2, 8, 1, 2, 5, 1, 4, 5, 5, 1, 9, 1, 5, 2, 2, 8, 3, 6, 6, 8, 5, 1, 8, 0, 6, 6, 4, 0,
    6, 2, 5, 7, 2, 7, 5, 9, 5, 7, 6, 1, 4, 1, 8, 3, 4, 2, 5, 9, 0, 3, 3, 2, 0, 3, 1, 2, 5, 3,
    6, 3, 7, 9, 7, 8, 8, 0, 7, 0, 9, 1, 7, 1, 2, 9, 5, 1, 6, 6, 0, 1, 5, 6, 2, 5, 1, 8, 1, 8,
    9, 8, 9, 4, 0, 3, 5, 4, 5, 8, 5, 6, 4, 7, 5, 8, 3, 0, 0, 7, 8, 1, 2, 5, 9, 0, 9, 4, 9, 4,
    7, 0, 1, 7, 7, 2, 9, 2, 8, 2, 3, 7, 9, 1, 5, 0, 3, 9, 0, 6, 2, 5, 4, 5, 4, 7, 4, 7, 3, 5,
    0, 8, 8, 6, 4, 6, 4, 1, 1, 8, 9, 5, 7, 5, 1, 9, 5, 3, 1, 2, 5, 2, 2, 7, 3, 7, 3, 6, 7, 5,
    4, 4, 3, 2, 3, 2, 0, 5, 9, 4, 7, 8, 7, 5, 9, 7, 6, 5, 6, 2, 5, 1, 1, 3, 6, 8, 6, 8, 3, 7,
    7, 2, 1, 6, 1, 6, 0, 2, 9, 7, 3, 9, 3, 7, 9, 8, 8, 2, 8, 1, 2, 5, 5, 6, 8, 4, 3, 4, 1, 8,
    8, 6, 0, 8, 0, 8, 0, 1, 4, 8, 6, 9, 6, 8, 9, 9, 4, 1, 4, 0, 6, 2, 5, 2, 8, 4, 2, 1, 7, 0,
    9, 4, 3, 0, 4, 0, 4, 0, 0, 7, 4, 3, 4, 8, 4, 4, 9, 7, 0, 7, 0, 3, 1, 2, 5, 1, 4, 2, 1, 0,
    8, 5, 4, 7, 1, 5, 2, 0, 2, 0, 0, 3, 7, 1, 7, 4, 2, 2, 4, 8, 5, 3, 5, 1, 5, 6, 2, 5, 7, 1,
    0, 5, 4, 2, 7, 3, 5, 7, 6, 0, 1, 0, 0, 1, 8, 5, 8, 7, 1, 1, 2, 4, 2, 6, 7, 5, 7, 8, 1, 2,
    5, 3, 5, 5, 2, 7, 1, 3, 6, 7, 8, 8, 0, 0, 5, 0, 0, 9, 2, 9, 3, 5, 5, 6, 2, 1, 3, 3, 7, 8,
    9, 0, 6, 2, 5, 1, 7, 7, 6, 3, 5, 6, 8, 3, 9, 4, 0, 0, 2, 5, 0, 4, 6, 4, 6, 7, 7, 8, 1, 0,
    6, 6, 8, 9, 4, 5, 3, 1, 2, 5, 8, 8, 8, 1, 7, 8, 4, 1, 9, 7, 0, 0, 1, 2, 5, 2, 3, 2, 3, 3,
    8, 9, 0, 5, 3, 3, 4, 4, 7, 2, 6, 5, 6, 2, 5, 4, 4, 4, 0, 8, 9, 2, 0, 9, 8, 5, 0, 0, 6, 2,
    6, 1, 6, 1, 6, 9, 4, 5, 2, 6, 6, 7, 2, 3, 6, 3, 2, 8, 1, 2, 5, 2, 2, 2, 0, 4, 4, 6, 0, 4,
    9, 2, 5, 0, 3, 1, 3, 0, 8, 0, 8, 4, 7, 2, 6, 3, 3, 3, 6, 1, 8, 1, 6, 4, 0, 6, 2, 5, 1, 1,
    1, 0, 2, 2, 3, 0, 2, 4, 6, 2, 5, 1, 5, 6, 5, 4, 0, 4, 2, 3, 6, 3, 1, 6, 6, 8, 0, 9, 0, 8,
    2, 0, 3, 1, 2, 5, 5, 5, 5, 1, 1, 1, 5, 1, 2, 3, 1, 2, 5, 7, 8, 2, 7, 0, 2, 1, 1, 8, 1, 5,
    8, 3, 4, 0, 4, 5, 4, 1, 0, 1, 5, 6, 2, 5, 2, 7, 7, 5, 5, 5, 7, 5, 6, 1, 5, 6, 2, 8, 9, 1,
    3, 5, 1, 0, 5, 9, 0, 7, 9, 1, 7, 0, 2, 2, 7, 0, 5, 0, 7, 8, 1, 2, 5, 1, 3, 8, 7, 7, 7, 8,
    7, 8, 0, 7, 8, 1, 4, 4, 5, 6, 7, 5, 5, 2, 9, 5, 3, 9, 5, 8, 5, 1, 1, 3, 5, 2, 5, 3, 9, 0,
    6, 2, 5, 6, 9, 3, 8, 8, 9, 3, 9, 0, 3, 9, 0, 7, 2, 2, 8, 3, 7, 7, 6, 4, 7, 6, 9, 7, 9, 2,
    5, 5, 6, 7, 6, 2, 6, 9, 5, 3, 1, 2, 5, 3, 4, 6, 9, 4, 4, 6, 9, 5, 1, 9, 5, 3, 6, 1, 4, 1,
    8, 8, 8, 2, 3, 8, 4, 8, 9, 6, 2, 7, 8, 3, 8, 1, 3, 4, 7, 6, 5, 6, 2, 5, 1, 7, 3, 4, 7, 2,
    3, 4, 7, 5, 9, 7, 6, 8, 0, 7, 0, 9, 4, 4, 1, 1, 9, 2, 4, 4, 8, 1, 3, 9, 1, 9, 0, 6, 7, 3,
    8, 2, 8, 1, 2, 5, 8, 6, 7, 3, 6, 1, 7, 3, 7, 9, 8, 8, 4, 0, 3, 5, 4, 7, 2, 0, 5, 9, 6, 2,
    2, 4, 0, 6, 9, 5, 9, 5, 3, 3, 6, 9, 1, 4, 0, 6, 2, 5,
];

#[cfg(test)]
mod tests {
    use super::parse;
    use proptest::prelude::*;

    /// `str::parse`'s answer, with infinity as the refusal it must be.
    fn expected(text: &str) -> Result<f64, ()> {
        let x: f64 = text.parse().expect("grammar-valid text");
        if x.is_finite() {
            Ok(x)
        } else {
            Err(())
        }
    }

    fn same(text: &str) {
        let got = parse(text).map(f64::to_bits);
        assert_eq!(got, expected(text).map(f64::to_bits), "{text}");
    }

    #[test]
    fn hard_cases() {
        // 2^53 + 1 and its neighbours: halfway, so to even.
        for text in [
            "0",
            "-0",
            "-0.0",
            "-0.0e5",
            "0e999999999",
            "-0e-999999999",
            "1e-999999999",
            "-1e-999999999",
            "1e999999999999999999999999",
            "1e-999999999999999999999999",
            "0.1",
            "1e23",
            "9007199254740992",
            "9007199254740993",
            "9007199254740994",
            "9007199254740995",
            "9007199254740993.0000000000000000000000000001",
            "9007199254740992.9999999999999999999999999999",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "2.225073858507201136057409796709131975934819546351645648e-308",
            "4.9406564584124654e-324",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454376934125320985913276672363281255e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1.797693134862315807937289714053e308",
            "1.797693134862315807937289714054e308",
            "1e308",
            "1e309",
            "8.98846567431158e307",
            "-2.179468989142066e-39",
            "-2.528885853572029e+70",
            "333333333.33333329",
            "123456789012345678901234567890",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "3.0000000000000004440892098500626161694526672363281250",
            "7.2057594037927933e16",
            "1e22",
            "1e-22",
            "123456789e22",
            "1448997445238699",
            "0.000000000000000000000000000000000000000000000000000000000000000000000001",
        ] {
            same(text);
        }
        assert_eq!(parse("1.7976931348623159e308"), Err(()));
        assert_eq!(parse("-1e400"), Err(()));
        assert!(parse("-0.0e5").unwrap().is_sign_negative());
        assert!(parse("-1e-999999999").unwrap().is_sign_negative());
    }

    /// 800 digits and more, just either side of a halfway point between
    /// two doubles, and of the smallest subnormal's half.
    #[test]
    fn long_mantissas() {
        // 1 + 2^-53, halfway between 1 and the next double, has 53 exact
        // decimal digits after the point.
        let half = "1.00000000000000011102230246251565404236316680908203125";
        // The smallest subnormal's half, 2^-1075 = 5^1075 / 10^1075, in
        // full: 751 significant digits.
        let mut pow5 = vec![1_u8];
        for _ in 0..1075 {
            let mut carry = 0;
            for d in pow5.iter_mut() {
                let n = *d * 5 + carry;
                (*d, carry) = (n % 10, n / 10);
            }
            if carry > 0 {
                pow5.push(carry);
            }
        }
        let tiny: String = pow5.iter().rev().map(|&d| char::from(b'0' + d)).collect();
        let tiny = format!("0.{}{tiny}", "0".repeat(1075 - tiny.len()));
        for base in [half.to_string(), tiny] {
            let below = base.strip_suffix('5').unwrap().to_string() + "4" + &"9".repeat(800);
            let above = base.clone() + &"0".repeat(800) + "1";
            let zeros = base.clone() + &"0".repeat(800);
            for text in [&base, &below, &above, &zeros] {
                same(text);
                same(&format!("-{text}"));
                same(&format!("{text}e0"));
            }
        }
        same(&("0.".to_string() + &"0".repeat(900) + "1e900"));
        same(&("1".to_string() + &"0".repeat(900) + "e-900"));
        same(&"9".repeat(1000));
        same(&("0.".to_string() + &"9".repeat(1000)));
    }

    /// Any number JSON allows: a digit count, where the point sits, an
    /// exponent and its spelling.
    fn decimal() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            proptest::collection::vec(0_u8..10, 1..40),
            0_usize..40,
            -400_i32..400,
            0_u8..4,
        )
            .prop_map(|(minus, digits, point, exp, style)| {
                let mut digits: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                // No leading zeros in the integer part.
                let trimmed = digits.trim_start_matches('0');
                digits = if trimmed.is_empty() {
                    "0".into()
                } else {
                    trimmed.into()
                };
                let point = point.min(digits.len());
                let mut text = String::from(if minus { "-" } else { "" });
                if point == 0 || point == digits.len() {
                    text += &digits;
                } else {
                    text += &digits[..point];
                    text.push('.');
                    text += &digits[point..];
                }
                match style {
                    0 => {}
                    1 => text += &format!("e{exp}"),
                    2 => text += &format!("E{exp:+}"),
                    _ => text += &format!("e{:03}", exp.abs()),
                }
                text
            })
    }

    /// A double's own digits, written both ways, with one digit nudged
    /// or extra digits added, which lands near or on halfway points.
    fn near_a_double() -> impl Strategy<Value = String> {
        (any::<u64>(), any::<bool>(), 0_usize..40, 0_u8..10, 0_u8..3).prop_filter_map(
            "finite",
            |(bits, long, at, digit, how)| {
                let x = f64::from_bits(bits);
                if !x.is_finite() {
                    return None;
                }
                let text = if long {
                    format!("{x}")
                } else {
                    format!("{x:e}")
                };
                let mut bytes = text.into_bytes();
                let digits: Vec<usize> = (0..bytes.len())
                    .take_while(|&i| !matches!(bytes[i], b'e'))
                    .filter(|&i| bytes[i].is_ascii_digit())
                    .collect();
                let mantissa_end = bytes.iter().position(|&c| c == b'e').unwrap_or(bytes.len());
                match how {
                    0 => {}
                    1 => {
                        // Nudge a digit, but never make a leading zero.
                        let i = digits[at % digits.len()];
                        let first = i == digits[0] && digits.len() > 1;
                        if !(first && digit == 0) {
                            bytes[i] = b'0' + digit;
                        }
                    }
                    _ => {
                        let mut extra = vec![b'0' + digit; at];
                        if !bytes[..mantissa_end].contains(&b'.') {
                            extra.insert(0, b'.');
                        }
                        extra.push(b'1');
                        bytes.splice(mantissa_end..mantissa_end, extra);
                    }
                }
                String::from_utf8(bytes).ok()
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100_000))]

        #[test]
        fn equals_str_parse(text in decimal()) {
            prop_assert_eq!(parse(&text).map(f64::to_bits), expected(&text).map(f64::to_bits), "{}", text);
        }

        #[test]
        fn equals_str_parse_near_doubles(text in near_a_double()) {
            prop_assert_eq!(parse(&text).map(f64::to_bits), expected(&text).map(f64::to_bits), "{}", text);
        }

        /// What our writer (serde_json's Ryū) prints reads back exactly.
        #[test]
        fn every_written_double_reads_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            let text = serde_json::Number::from_f64(x).unwrap().to_string();
            prop_assert_eq!(parse(&text).map(f64::to_bits), Ok(bits), "{}", text);
        }
    }
}
