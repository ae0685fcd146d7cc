//! Compulsory school age in England, as the Education Act 1996 s8 defines it.
//!
//! - It **starts** on the first of 31 December, 31 March or 31 August that
//!   falls on or after the child's 5th birthday (s8(2) and the Education
//!   (Start of Compulsory School Age) Order 1998).
//! - It **ends** on the school leaving date — the last Friday in June — of the
//!   school year (1 September to 31 August) in which the child turns 16
//!   (s8(3) and the Education (School Leaving Date) Order 1997). A child whose
//!   16th birthday falls in July or August therefore leaves on the last Friday
//!   of the June just before that birthday.
//!
//! A child born on 29 February is treated as reaching a birthday on 1 March in
//! a year that is not a leap year (the usual rule in England). The choice never
//! changes the result: both 28 February and 1 March lead to 31 March and to the
//! same school year.
//!
//! ```
//! use chrono::NaiveDate;
//! use esma_core::school_age::{start, end, is_compulsory_school_age};
//! let dob = NaiveDate::from_ymd_opt(2013, 3, 5).unwrap();
//! assert_eq!(start(dob), NaiveDate::from_ymd_opt(2018, 3, 31).unwrap());
//! assert_eq!(end(dob), NaiveDate::from_ymd_opt(2029, 6, 29).unwrap());
//! assert!(is_compulsory_school_age(dob, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()));
//! ```

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The date the child reaches `years` years of age (29 February → 1 March in
/// years that are not leap years).
pub fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    let y = dob.year() + years as i32;
    NaiveDate::from_ymd_opt(y, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .unwrap_or(dob)
}

/// The first day of compulsory school age.
pub fn start(dob: NaiveDate) -> NaiveDate {
    let fifth = birthday(dob, 5);
    let y = fifth.year();
    // The prescribed days in date order within one calendar year.
    let candidates = [(y, 3, 31), (y, 8, 31), (y, 12, 31)];
    for (y, m, d) in candidates {
        if let Some(c) = NaiveDate::from_ymd_opt(y, m, d) {
            if c >= fifth {
                return c;
            }
        }
    }
    // Unreachable in practice: 31 December is always on or after any date in its year.
    NaiveDate::from_ymd_opt(y + 1, 3, 31).unwrap_or(fifth)
}

/// The calendar year in which the school year containing `d` starts
/// (school years run from 1 September to 31 August).
pub fn school_year_start_year(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The last Friday in June of `year`.
/// Beyond the years chrono holds, the nearest end of its calendar.
pub fn last_friday_in_june(year: i32) -> NaiveDate {
    let Some(june30) = NaiveDate::from_ymd_opt(year, 6, 30) else {
        // (It once started from `NaiveDate::MIN` and looped for ever looking
        // for a Friday before it: `end(NaiveDate::MAX)`.)
        return if year > 0 {
            NaiveDate::MAX
        } else {
            NaiveDate::MIN
        };
    };
    let back =
        (june30.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    june30 - Days::new(u64::from(back))
}

/// The last day of compulsory school age (the school leaving date).
pub fn end(dob: NaiveDate) -> NaiveDate {
    let sixteenth = birthday(dob, 16);
    last_friday_in_june(school_year_start_year(sixteenth) + 1)
}

/// Whether a child born on `dob` is of compulsory school age `on` that date
/// (both ends inclusive).
pub fn is_compulsory_school_age(dob: NaiveDate, on: NaiveDate) -> bool {
    start(dob) <= on && on <= end(dob)
}

/// The national curriculum year group a child born on `dob` is normally in on
/// `on` (0 = Reception). Negative before Reception; above 13 after Year 13.
pub fn expected_year_group(dob: NaiveDate, on: NaiveDate) -> i32 {
    // A child is in Reception in the school year in which they turn 5.
    school_year_start_year(on) - school_year_start_year(birthday(dob, 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn known_starts() {
        assert_eq!(start(d(2013, 3, 5)), d(2018, 3, 31));
        assert_eq!(start(d(2013, 3, 31)), d(2018, 3, 31)); // on the day itself
        assert_eq!(start(d(2013, 4, 1)), d(2018, 8, 31));
        assert_eq!(start(d(2013, 8, 31)), d(2018, 8, 31));
        assert_eq!(start(d(2013, 9, 1)), d(2018, 12, 31));
        assert_eq!(start(d(2013, 12, 31)), d(2018, 12, 31));
        assert_eq!(start(d(2014, 1, 1)), d(2019, 3, 31));
        assert_eq!(start(d(2020, 2, 29)), d(2025, 3, 31));
    }

    #[test]
    fn known_ends() {
        // Last Friday in June 2029 is 29 June.
        assert_eq!(end(d(2013, 3, 5)), d(2029, 6, 29));
        // Born 1 September 2012: turns 16 on 1 September 2028, school year 2028/29.
        assert_eq!(end(d(2012, 9, 1)), d(2029, 6, 29));
        // Born 31 August 2013: turns 16 on 31 August 2029, school year 2028/29.
        assert_eq!(end(d(2013, 8, 31)), d(2029, 6, 29));
        // Born 1 September 2013: school year 2029/30; last Friday in June 2030 is 28 June.
        assert_eq!(end(d(2013, 9, 1)), d(2030, 6, 28));
        assert_eq!(last_friday_in_june(2026), d(2026, 6, 26));
        assert_eq!(last_friday_in_june(2029), d(2029, 6, 29));
    }

    #[test]
    fn year_groups() {
        let today = d(2026, 11, 28);
        assert_eq!(expected_year_group(d(2013, 3, 5), today), 9);
        assert_eq!(expected_year_group(d(2012, 9, 1), today), 9);
        assert_eq!(expected_year_group(d(2012, 8, 31), today), 10);
        assert_eq!(expected_year_group(d(2021, 8, 31), today), 1);
        assert_eq!(expected_year_group(d(2021, 9, 1), today), 0);
    }
}
