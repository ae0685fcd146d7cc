//! The device's clock: the time for records (RFC 3339 UTC) and today's date.

/// The time now, RFC 3339 UTC with milliseconds, e.g. `2026-11-28T09:00:00.000Z`.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The time now as a date-time, for comparing with other clocks.
pub fn now_utc() -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
}

/// Today's date on this device (its own time zone).
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
