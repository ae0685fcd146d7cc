//! Property tests for compulsory school age (Education Act 1996 s8), checked
//! exhaustively for every date of birth from 1 January 1996 to 31 December
//! 2030 — every boundary (31 December, 31 March, 31 August, 29 February, the
//! last Friday in June, 31 August / 1 September) is covered, with no random
//! sampling to make a failure hard to reproduce.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use esma_core::school_age::*;

fn every_birth_date() -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1996, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap();
    first.iter_days().take_while(move |d| *d <= last)
}

fn prev(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(1)).unwrap()
}

fn next(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap()
}

fn is_prescribed_day(d: NaiveDate) -> bool {
    matches!((d.month(), d.day()), (12, 31) | (3, 31) | (8, 31))
}

#[test]
fn start_is_the_first_prescribed_day_on_or_after_the_fifth_birthday() {
    for dob in every_birth_date() {
        let fifth = birthday(dob, 5);
        let s = start(dob);
        assert!(is_prescribed_day(s), "{dob}: {s}");
        assert!(s >= fifth, "{dob}");
        // No prescribed day between the 5th birthday and the start.
        let mut d = fifth;
        while d < s {
            assert!(!is_prescribed_day(d), "{dob}: {d} is earlier");
            d = next(d);
        }
        assert!((s - fifth).num_days() < 153, "{dob}");
        // The boundary itself.
        assert!(!is_compulsory_school_age(dob, prev(s)), "{dob}");
        assert!(is_compulsory_school_age(dob, s), "{dob}");
    }
}

#[test]
fn end_is_the_last_friday_in_june_of_the_school_year_they_turn_16() {
    for dob in every_birth_date() {
        let sixteenth = birthday(dob, 16);
        let e = end(dob);
        assert_eq!(e.weekday(), Weekday::Fri, "{dob}");
        assert_eq!(e.month(), 6, "{dob}");
        assert!(e.day() > 23, "{dob}: not the last Friday");
        // The school year (1 September to 31 August) containing the leaving date
        // is the one containing the 16th birthday.
        assert_eq!(
            school_year_start_year(e),
            school_year_start_year(sixteenth),
            "{dob}"
        );
        assert!(is_compulsory_school_age(dob, e), "{dob}");
        assert!(!is_compulsory_school_age(dob, next(e)), "{dob}");
        // A 16th birthday in July or August falls after the leaving date.
        if matches!(sixteenth.month(), 7 | 8) {
            assert!(e < sixteenth, "{dob}");
        }
        assert!(start(dob) < e);
    }
}

#[test]
fn the_31_august_and_1_september_boundary() {
    for year in 1996..=2030 {
        let aug31 = NaiveDate::from_ymd_opt(year, 8, 31).unwrap();
        let sep1 = NaiveDate::from_ymd_opt(year, 9, 1).unwrap();
        // One day apart, a whole school year apart in leaving date.
        assert_eq!(end(sep1).year(), end(aug31).year() + 1);
        assert_eq!(
            start(aug31),
            NaiveDate::from_ymd_opt(year + 5, 8, 31).unwrap()
        );
        assert_eq!(
            start(sep1),
            NaiveDate::from_ymd_opt(year + 5, 12, 31).unwrap()
        );
    }
}

#[test]
fn leap_day_births() {
    for year in [1996, 2000, 2004, 2008, 2012, 2016, 2020, 2024, 2028] {
        let dob = NaiveDate::from_ymd_opt(year, 2, 29).unwrap();
        let feb28 = NaiveDate::from_ymd_opt(year, 2, 28).unwrap();
        assert_eq!(start(dob), start(feb28), "{dob}");
        assert_eq!(end(dob), end(feb28), "{dob}");
        assert_eq!(
            start(dob),
            NaiveDate::from_ymd_opt(year + 5, 3, 31).unwrap()
        );
    }
}

#[test]
fn monotonic_in_date_of_birth() {
    let mut prev_dob: Option<NaiveDate> = None;
    for dob in every_birth_date() {
        if let Some(p) = prev_dob {
            assert!(start(p) <= start(dob) && end(p) <= end(dob), "{p} / {dob}");
        }
        prev_dob = Some(dob);
    }
}

// Property tests beyond the exhaustive range above: every date of birth a
// referral can carry (`date::parse` takes four-digit years, 0000 to 9999),
// and every date chrono can hold, which must at least give an answer.
mod properties {
    use chrono::{Datelike, NaiveDate, Weekday};
    use esma_core::school_age::*;
    use proptest::prelude::*;

    fn day_in(first: NaiveDate, last: NaiveDate) -> impl Strategy<Value = NaiveDate> {
        let days = (last - first).num_days();
        (0..=days).prop_map(move |n| first + chrono::Days::new(n as u64))
    }

    fn four_digit_years() -> impl Strategy<Value = NaiveDate> {
        day_in(
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn the_rules_hold_for_every_four_digit_year(dob in four_digit_years(), on in four_digit_years()) {
            let (s, e) = (start(dob), end(dob));
            let fifth = birthday(dob, 5);
            prop_assert!(matches!((s.month(), s.day()), (12, 31) | (3, 31) | (8, 31)), "{dob}: {s}");
            prop_assert!(s >= fifth && (s - fifth).num_days() < 153, "{dob}: {s}");
            prop_assert_eq!(e.weekday(), Weekday::Fri);
            prop_assert!(e.month() == 6 && e.day() > 23, "{dob}: {e}");
            prop_assert_eq!(school_year_start_year(e), school_year_start_year(birthday(dob, 16)));
            prop_assert!(s < e);
            prop_assert_eq!(is_compulsory_school_age(dob, on), s <= on && on <= e);
            // Reception is the school year of the fifth birthday; a year
            // group a year later is one higher.
            prop_assert_eq!(expected_year_group(dob, fifth), 0);
            let next_year = on.with_year(on.year() + 1).unwrap_or(on + chrono::Days::new(365));
            prop_assert_eq!(expected_year_group(dob, next_year), expected_year_group(dob, on) + 1);
        }

        #[test]
        fn any_date_gives_an_answer(dob in day_in(NaiveDate::MIN, NaiveDate::MAX), on in day_in(NaiveDate::MIN, NaiveDate::MAX)) {
            let _ = (start(dob), end(dob), birthday(dob, 16));
            let _ = is_compulsory_school_age(dob, on);
            let _ = expected_year_group(dob, on);
        }
    }

    #[test]
    fn the_ends_of_the_calendar_give_an_answer() {
        for d in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = (start(d), end(d), expected_year_group(d, d));
            let _ = last_friday_in_june(d.year());
            let _ = last_friday_in_june(d.year() + 1);
            let _ = last_friday_in_june(i32::MAX);
        }
    }
}
