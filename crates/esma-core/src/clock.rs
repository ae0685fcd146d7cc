//! Is this device's clock plausible? The rules measure ages, deadlines and
//! the age of evidence from today's date, and packs and consent carry the
//! time they were made, so a clock set years out gives wrong answers that
//! look right. Nothing is refused: the person is told, with both dates, so
//! they can ask for the clock to be put right. Saving never depends on the
//! clock (drafts are ordered by revision), so nothing is lost either way.

use chrono::{DateTime, NaiveDate, Utc};

use crate::date::long;

/// How far the device may be from the web host's clock before we say so:
/// a day covers time zones and a host's small drift.
pub const TOLERANCE_HOURS: i64 = 24;

/// The earliest date a correct clock can show: the day this version's rules
/// were made (`RULES_VERSION` starts with it).
pub fn this_version_made() -> NaiveDate {
    crate::rules::RULES_VERSION
        .get(..10)
        .and_then(|d| crate::date::parse(d).ok())
        .expect("RULES_VERSION starts with its date")
}

/// What the web host said the time was: its HTTP `Date` header, and whether
/// the response came fresh from the host or from the offline copy (whose
/// `Date` is as old as the copy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostTime {
    pub date_header: String,
    pub from_offline_copy: bool,
}

/// Why the device's clock looks wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClockProblem {
    /// Earlier than the day this version of the service was made.
    BeforeThisVersion { device: NaiveDate, made: NaiveDate },
    /// More than a day behind the web host.
    Behind { device: NaiveDate, host: NaiveDate },
    /// More than a day ahead of the web host.
    Ahead { device: NaiveDate, host: NaiveDate },
}

impl ClockProblem {
    /// Plain English for the banner.
    pub fn message(&self) -> String {
        let (device, other) = match self {
            ClockProblem::BeforeThisVersion { device, made } => (
                *device,
                format!(
                    "but this version of the service was made on {}",
                    long(*made)
                ),
            ),
            ClockProblem::Behind { device, host } | ClockProblem::Ahead { device, host } => (
                *device,
                format!("but the council's website says it is {}", long(*host)),
            ),
        };
        format!(
            "This device says today is {}, {other}. The checks use today's date, so some results may be wrong, and dates this service records will be wrong. Ask your IT team to set the date and time on this device.",
            long(device)
        )
    }
}

/// Checks the device's clock (`device`) against the day this version was
/// made and, when known, the web host's clock.
pub fn check(device: DateTime<Utc>, host: Option<&HostTime>) -> Option<ClockProblem> {
    let made = this_version_made();
    if device.date_naive() < made {
        return Some(ClockProblem::BeforeThisVersion {
            device: device.date_naive(),
            made,
        });
    }
    let host_time = host
        .and_then(|h| crate::date::http_date(&h.date_header).map(|t| (t, h.from_offline_copy)))?;
    let (host_now, offline_copy) = host_time;
    let hours = (device - host_now).num_hours();
    if hours < -TOLERANCE_HOURS {
        return Some(ClockProblem::Behind {
            device: device.date_naive(),
            host: host_now.date_naive(),
        });
    }
    // An offline copy's Date is when it was fetched: the device being later
    // than that says nothing.
    if hours > TOLERANCE_HOURS && !offline_copy {
        return Some(ClockProblem::Ahead {
            device: device.date_naive(),
            host: host_now.date_naive(),
        });
    }
    None
}

/// Whether a time a file says it was made (RFC 3339) is later than `now` by
/// more than the tolerance: the maker's clock was probably ahead.
pub fn made_in_the_future(made_at: &str, now: DateTime<Utc>) -> bool {
    DateTime::parse_from_rfc3339(made_at)
        .map(|t| (t.with_timezone(&Utc) - now).num_hours() > TOLERANCE_HOURS)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn host(date: &str, from_offline_copy: bool) -> HostTime {
        HostTime {
            date_header: date.into(),
            from_offline_copy,
        }
    }

    #[test]
    fn a_right_clock_has_no_problem() {
        let now = at("2026-11-28T10:00:00Z");
        assert_eq!(check(now, None), None);
        let fresh = host("Sat, 28 Nov 2026 09:00:00 GMT", false);
        assert_eq!(check(now, Some(&fresh)), None);
        // Within a day either way: time zones and drift.
        assert_eq!(check(at("2026-11-29T08:59:00Z"), Some(&fresh)), None);
    }

    #[test]
    fn a_clock_before_this_version_was_made_is_wrong_even_offline() {
        let problem = check(at("2020-01-01T09:00:00Z"), None).unwrap();
        assert_eq!(
            problem,
            ClockProblem::BeforeThisVersion {
                device: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                made: this_version_made(),
            }
        );
        assert!(problem
            .message()
            .starts_with("This device says today is 1 January 2020, but this version of the service was made on "));
    }

    #[test]
    fn behind_or_ahead_of_the_host_by_more_than_a_day() {
        let fresh = host("Mon, 30 Nov 2026 12:00:00 GMT", false);
        assert_eq!(
            check(at("2026-11-28T10:00:00Z"), Some(&fresh)),
            Some(ClockProblem::Behind {
                device: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
                host: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            })
        );
        let problem = check(at("2029-03-05T10:00:00Z"), Some(&fresh)).unwrap();
        assert!(matches!(problem, ClockProblem::Ahead { .. }));
        assert_eq!(
            problem.message(),
            "This device says today is 5 March 2029, but the council's website says it is 30 November 2026. The checks use today's date, so some results may be wrong, and dates this service records will be wrong. Ask your IT team to set the date and time on this device."
        );
    }

    #[test]
    fn an_offline_copy_only_shows_a_clock_that_is_behind() {
        let old_copy = host("Sat, 28 Nov 2026 09:00:00 GMT", true);
        assert_eq!(check(at("2027-06-01T10:00:00Z"), Some(&old_copy)), None);
        assert!(matches!(
            check(at("2026-11-26T10:00:00Z"), Some(&old_copy)),
            Some(ClockProblem::BeforeThisVersion { .. } | ClockProblem::Behind { .. })
        ));
    }

    #[test]
    fn a_date_header_that_is_not_a_date_is_ignored() {
        let junk = host("yesterday", false);
        assert_eq!(check(at("2026-11-28T10:00:00Z"), Some(&junk)), None);
    }

    #[test]
    fn files_made_in_the_future() {
        let now = at("2026-11-28T10:00:00Z");
        assert!(made_in_the_future("2026-12-01T10:00:00Z", now));
        assert!(!made_in_the_future("2026-11-29T09:00:00Z", now));
        assert!(!made_in_the_future("2020-01-01T00:00:00Z", now));
        assert!(!made_in_the_future("not a time", now));
    }
}
