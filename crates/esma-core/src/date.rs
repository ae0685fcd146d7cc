//! Dates as the referral stores them: ISO `YYYY-MM-DD` strings, parsed
//! leniently enough to tell a person exactly what is wrong.
//!
//! The browser composes these strings from the GOV.UK date input (three boxes:
//! day, month, year), so a draft may hold an incomplete or impossible date such
//! as `2026--05` or `2026-02-30`. Nothing here panics: every problem is a
//! [`DateError`] with a GOV.UK-style message. The app reuses these messages so a
//! date reads the same in the browser and in the rules.
//!
//! ```
//! use esma_core::date::{parse, DateError};
//! assert!(parse("2013-03-05").is_ok());
//! assert_eq!(parse("2013--05"), Err(DateError::MissingMonth));
//! assert_eq!(DateError::NotReal.message("Date of birth"), "Date of birth must be a real date");
//! ```

use chrono::{Datelike, NaiveDate};

/// What is wrong with a date string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Nothing entered.
    Missing,
    /// The day box is empty.
    MissingDay,
    /// The month box is empty.
    MissingMonth,
    /// The year box is empty.
    MissingYear,
    /// Two or more boxes are empty (but not all).
    MissingParts,
    /// The year does not have four digits.
    YearNotFourDigits,
    /// The parts are numbers but not a date that exists (e.g. 30 February), or
    /// the text is not in the `YYYY-MM-DD` form at all.
    NotReal,
}

impl DateError {
    /// The GOV.UK-style message for a date field with this `label`
    /// (e.g. "Date of birth"), worded the same for staff and parents.
    pub fn message(self, label: &str) -> String {
        match self {
            DateError::Missing => format!("Enter the {}", lower_first(label)),
            DateError::MissingDay => format!("{label} must include a day"),
            DateError::MissingMonth => format!("{label} must include a month"),
            DateError::MissingYear => format!("{label} must include a year"),
            DateError::MissingParts => format!("{label} must include a day, month and year"),
            DateError::YearNotFourDigits => "Year must include 4 numbers".to_string(),
            DateError::NotReal => format!("{label} must be a real date"),
        }
    }

    /// A short machine-readable key for the problem (used as the message key in findings).
    pub fn key(self) -> &'static str {
        match self {
            DateError::Missing => "missing",
            DateError::MissingDay => "missing-day",
            DateError::MissingMonth => "missing-month",
            DateError::MissingYear => "missing-year",
            DateError::MissingParts => "missing-parts",
            DateError::YearNotFourDigits => "year-not-four-digits",
            DateError::NotReal => "not-real",
        }
    }
}

fn lower_first(label: &str) -> String {
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Parse an ISO `YYYY-MM-DD` date. Surrounding white space is ignored; a part
/// left empty (`2026--05`) is reported as missing; a part with one digit
/// (`2026-3-5`) is accepted, because the GOV.UK date input allows it.
pub fn parse(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Missing);
    }
    // Guard against very long input before splitting.
    if s.len() > 32 {
        return Err(DateError::NotReal);
    }
    let mut parts = s.split('-');
    let (y, m, d) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None) => (y.trim(), m.trim(), d.trim()),
        _ => return Err(DateError::NotReal),
    };
    let missing = [d.is_empty(), m.is_empty(), y.is_empty()];
    match missing.iter().filter(|b| **b).count() {
        0 => {}
        3 => return Err(DateError::Missing),
        1 if missing[0] => return Err(DateError::MissingDay),
        1 if missing[1] => return Err(DateError::MissingMonth),
        1 => return Err(DateError::MissingYear),
        _ => return Err(DateError::MissingParts),
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(y) || !all_digits(m) || !all_digits(d) || m.len() > 2 || d.len() > 2 {
        return Err(DateError::NotReal);
    }
    if y.len() != 4 {
        return Err(DateError::YearNotFourDigits);
    }
    let (y, m, d) = match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(DateError::NotReal),
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::NotReal)
}

/// Parse an optional date field: `None` or blank is [`DateError::Missing`].
pub fn parse_opt(s: Option<&str>) -> Result<NaiveDate, DateError> {
    parse(s.unwrap_or(""))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written the GOV.UK way: `5 March 2026`.
///
/// ```
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
/// assert_eq!(esma_core::date::long(d), "5 March 2026");
/// ```
pub fn long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// An RFC 3339 UTC time as "28 November 2026 at 10:15 (UTC)"; anything else
/// as it is (shown as text, never dropped).
pub fn long_time(rfc3339: &str) -> String {
    let date = rfc3339.get(..10).and_then(|d| parse(d).ok());
    match (date, rfc3339.get(11..16)) {
        (Some(d), Some(hm)) => format!("{} at {hm} (UTC)", long(d)),
        (Some(d), None) => long(d),
        _ => rfc3339.to_owned(),
    }
}

/// Whole weeks from `from` to `to` (negative when `to` is earlier).
pub fn weeks_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().div_euclid(7)
}

/// The message for a date that must not be later than today.
pub fn must_be_in_past_message(label: &str) -> String {
    format!("{label} must be in the past")
}

/// The message for a date that must not be earlier than today.
pub fn must_be_today_or_future_message(label: &str) -> String {
    format!("{label} must be today or in the future")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_dates() {
        assert_eq!(
            long_time("2026-03-05T09:30:00Z"),
            "5 March 2026 at 09:30 (UTC)"
        );
        assert_eq!(long_time("2026-03-05"), "5 March 2026");
        // Anything else is shown as it is (as text), never dropped.
        assert_eq!(long_time("yesterday"), "yesterday");
        assert_eq!(long_time("2026-13-05T09:30:00Z"), "2026-13-05T09:30:00Z");
    }

    #[test]
    fn parses_and_reports() {
        assert_eq!(
            parse("2024-02-29"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        assert_eq!(
            parse(" 2026-3-5 "),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap())
        );
        assert_eq!(parse(""), Err(DateError::Missing));
        assert_eq!(parse("--"), Err(DateError::Missing));
        assert_eq!(parse("2026-03-"), Err(DateError::MissingDay));
        assert_eq!(parse("2026--05"), Err(DateError::MissingMonth));
        assert_eq!(parse("-03-05"), Err(DateError::MissingYear));
        assert_eq!(parse("2026--"), Err(DateError::MissingParts));
        assert_eq!(parse("2023-02-29"), Err(DateError::NotReal));
        assert_eq!(parse("2026-13-01"), Err(DateError::NotReal));
        assert_eq!(parse("26-03-05"), Err(DateError::YearNotFourDigits));
        assert_eq!(parse("2026/03/05"), Err(DateError::NotReal));
        assert_eq!(parse("2026-03-05-01"), Err(DateError::NotReal));
        assert_eq!(parse("２０２６-03-05"), Err(DateError::NotReal));
        assert_eq!(parse(&"9".repeat(10_000)), Err(DateError::NotReal));
        assert_eq!(parse("2026-+3-05"), Err(DateError::NotReal));
    }

    #[test]
    fn messages() {
        assert_eq!(
            DateError::Missing.message("Date of birth"),
            "Enter the date of birth"
        );
        assert_eq!(
            DateError::MissingMonth.message("Date of birth"),
            "Date of birth must include a month"
        );
        assert_eq!(
            long(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
            "28 November 2026"
        );
    }
}
