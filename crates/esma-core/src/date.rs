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

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};

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
            DateError::Missing => format!("Enter the {}", crate::case::lower_first(label)),
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

/// A time as people in the UK read it: UK local time (GMT, or British Summer
/// Time from 1am GMT on the last Sunday in March to 1am GMT on the last
/// Sunday in October), written the GOV.UK way: `3:05pm, 30 November 2026`,
/// `10am, …`, `midday, …`, `midnight, …`. A date alone (`2026-03-05`) is
/// written as a date; anything else as it is (shown as text, never dropped).
///
/// ```
/// use esma_core::date::long_time;
/// assert_eq!(long_time("2026-11-30T15:05:00Z"), "3:05pm, 30 November 2026");
/// assert_eq!(long_time("2026-07-14T09:00:00Z"), "10am, 14 July 2026");
/// ```
pub fn long_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339.trim()) {
        Ok(t) => {
            let local = uk_local(t.with_timezone(&Utc));
            format!("{}, {}", clock_time(local.time()), long(local.date()))
        }
        Err(_) => match parse(rfc3339) {
            Ok(d) if rfc3339.trim().len() == 10 => long(d),
            _ => rfc3339.to_owned(),
        },
    }
}

/// The UK's local date at an RFC 3339 time (a file made at 11:30pm GMT on
/// 30 June is dated 1 July in summer), if it is one.
///
/// ```
/// use chrono::NaiveDate;
/// use esma_core::date::uk_date;
/// assert_eq!(uk_date("2026-06-30T23:30:00Z"), NaiveDate::from_ymd_opt(2026, 7, 1));
/// assert_eq!(uk_date("2026-12-31T23:30:00Z"), NaiveDate::from_ymd_opt(2026, 12, 31));
/// ```
pub fn uk_date(rfc3339: &str) -> Option<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(rfc3339.trim()).ok()?;
    Some(uk_local(t.with_timezone(&Utc)).date())
}

/// UK local time at a UTC instant. The rules (the Summer Time Order 2002,
/// the same as the EU's) are fixed and simple, so they are computed here
/// rather than read from a time zone database, which the browser build
/// does not carry: BST (UTC+1) from 01:00 UTC on the last Sunday in March
/// until 01:00 UTC on the last Sunday in October, GMT (UTC+0) otherwise.
pub fn uk_local(utc: DateTime<Utc>) -> NaiveDateTime {
    let t = utc.naive_utc();
    let at_one = |month| last_sunday(t.year(), month).and_hms_opt(1, 0, 0);
    let summer = match (at_one(3), at_one(10)) {
        (Some(start), Some(end)) => start <= t && t < end,
        _ => false,
    };
    if summer {
        t + TimeDelta::hours(1)
    } else {
        t
    }
}

/// The last Sunday of a month (March or October: both have 31 days).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
    last - TimeDelta::days(i64::from(last.weekday().num_days_from_sunday()))
}

/// A time of day the GOV.UK way: `3:05pm`, `10am`, `midday`, `midnight`.
fn clock_time(t: NaiveTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    match (h, m) {
        (0, 0) => "midnight".into(),
        (12, 0) => "midday".into(),
        _ => {
            let suffix = if h < 12 { "am" } else { "pm" };
            let h12 = match h % 12 {
                0 => 12,
                h => h,
            };
            if m == 0 {
                format!("{h12}{suffix}")
            } else {
                format!("{h12}:{m:02}{suffix}")
            }
        }
    }
}

/// A web host's `Date` header, in HTTP's one date form (RFC 9110's
/// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`), as UTC. Read by hand:
/// chrono's RFC 2822 reader brings its whole format parser into every page.
/// The two obsolete forms HTTP also names are not read (the clock check then
/// has no host time, as when the header is missing).
pub fn http_date(header: &str) -> Option<DateTime<Utc>> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let h = header.trim();
    let (weekday, rest) = h.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let date = NaiveDate::from_ymd_opt(number(year, 4)? as i32, month, number(day, 2)?)?;
    let mut hms = time.split(':');
    let (hh, mm, ss) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() {
        return None;
    }
    let time = NaiveTime::from_hms_opt(number(hh, 2)?, number(mm, 2)?, number(ss, 2)?)?;
    // The weekday must agree with the date, as RFC 2822 readers require.
    let named = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .position(|d| *d == weekday)?;
    (named == date.weekday().num_days_from_monday() as usize).then(|| date.and_time(time).and_utc())
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
        assert_eq!(long_time("2026-03-05T09:30:00Z"), "9:30am, 5 March 2026");
        assert_eq!(long_time("2026-03-05"), "5 March 2026");
        // Anything else is shown as it is (as text), never dropped.
        assert_eq!(long_time("yesterday"), "yesterday");
        assert_eq!(long_time("2026-13-05T09:30:00Z"), "2026-13-05T09:30:00Z");
        assert_eq!(long_time("2026-03-05x"), "2026-03-05x");
    }

    #[test]
    fn times_read_the_govuk_way() {
        assert_eq!(
            long_time("2026-11-30T15:05:00Z"),
            "3:05pm, 30 November 2026"
        );
        assert_eq!(
            long_time("2026-11-30T00:00:00Z"),
            "midnight, 30 November 2026"
        );
        assert_eq!(
            long_time("2026-11-30T12:00:00Z"),
            "midday, 30 November 2026"
        );
        assert_eq!(
            long_time("2026-11-30T00:01:59Z"),
            "12:01am, 30 November 2026"
        );
        assert_eq!(
            long_time("2026-11-30T12:30:00Z"),
            "12:30pm, 30 November 2026"
        );
        assert_eq!(long_time("2026-11-30T23:00:00Z"), "11pm, 30 November 2026");
        // Another offset is the same instant.
        assert_eq!(
            long_time("2026-11-30T16:05:00+01:00"),
            "3:05pm, 30 November 2026"
        );
    }

    fn at(s: &str) -> String {
        long_time(s)
    }

    /// BST starts at 01:00 UTC on the last Sunday in March (29 March 2026,
    /// 28 March 2027) and ends at 01:00 UTC on the last Sunday in October
    /// (25 October 2026, 31 October 2027).
    #[test]
    fn uk_time_changes_on_the_last_sundays_of_march_and_october() {
        // Spring: 12:59am GMT, then 2am BST.
        assert_eq!(at("2026-03-29T00:59:00Z"), "12:59am, 29 March 2026");
        assert_eq!(at("2026-03-29T01:00:00Z"), "2am, 29 March 2026");
        assert_eq!(at("2027-03-28T00:59:59Z"), "12:59am, 28 March 2027");
        assert_eq!(at("2027-03-28T01:00:00Z"), "2am, 28 March 2027");
        // The Sunday before is still winter.
        assert_eq!(at("2026-03-22T12:00:00Z"), "midday, 22 March 2026");
        // Autumn: 1:59am BST, then 1am GMT again.
        assert_eq!(at("2026-10-25T00:59:00Z"), "1:59am, 25 October 2026");
        assert_eq!(at("2026-10-25T01:00:00Z"), "1am, 25 October 2026");
        assert_eq!(at("2027-10-31T00:30:00Z"), "1:30am, 31 October 2027");
        assert_eq!(at("2027-10-31T01:30:00Z"), "1:30am, 31 October 2027");
        // Summer and winter.
        assert_eq!(at("2026-07-14T14:05:00Z"), "3:05pm, 14 July 2026");
        assert_eq!(at("2026-01-14T14:05:00Z"), "2:05pm, 14 January 2026");
        // Late on a summer evening in UTC is the next day in the UK.
        assert_eq!(at("2026-06-30T23:30:00Z"), "12:30am, 1 July 2026");
        assert_eq!(
            uk_date("2026-06-30T23:30:00Z"),
            NaiveDate::from_ymd_opt(2026, 7, 1)
        );
        assert_eq!(uk_date("not a time"), None);
    }

    #[test]
    fn http_dates_read_as_chrono_reads_them() {
        for header in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Mon, 30 Nov 2026 10:41:20 GMT",
            " Sat, 29 Feb 2020 23:59:59 GMT ",
            "Thu, 01 Jan 1970 00:00:00 GMT",
        ] {
            let chrono = DateTime::parse_from_rfc2822(header.trim())
                .unwrap()
                .to_utc();
            assert_eq!(http_date(header), Some(chrono), "{header}");
        }
        for header in [
            "",
            "Mon, 30 Nov 2026 10:41:20",
            "Mon, 30 Nov 2026 10:41:20 BST",
            "Tue, 30 Nov 2026 10:41:20 GMT", // the wrong weekday
            "Mon, 31 Nov 2026 10:41:20 GMT",
            "Mon, 30 Nov 2026 25:41:20 GMT",
            "Mon, 30 Nov 26 10:41:20 GMT",
            "Mon, 30 Nov 2026 10:41 GMT",
            "Mon, 30 Nov 2026 10:41:20:00 GMT",
            "Monday, 30-Nov-26 10:41:20 GMT",
            "Mon Nov 30 10:41:20 2026",
            "Mon, +3 Nov 2026 10:41:20 GMT",
        ] {
            assert_eq!(http_date(header), None, "{header}");
        }
    }

    #[test]
    fn last_sundays() {
        for (year, march, october) in [
            (2024, 31, 27),
            (2025, 30, 26),
            (2026, 29, 25),
            (2027, 28, 31),
            (2028, 26, 29),
        ] {
            assert_eq!(
                last_sunday(year, 3),
                NaiveDate::from_ymd_opt(year, 3, march).unwrap()
            );
            assert_eq!(
                last_sunday(year, 10),
                NaiveDate::from_ymd_opt(year, 10, october).unwrap()
            );
        }
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
