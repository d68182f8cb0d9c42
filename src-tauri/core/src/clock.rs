//! The clinic's time zone. Times are stored in UTC and shown in Asia/Karachi.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub const CLINIC_TZ: Tz = chrono_tz::Asia::Karachi;

/// The UTC instant at which `day` begins at the clinic.
pub fn day_start_utc(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    CLINIC_TZ
        .from_local_datetime(&midnight)
        .earliest()
        .expect("Asia/Karachi has no gap at midnight")
        .with_timezone(&Utc)
}

/// Parses `YYYY-MM-DD` as typed in a date field.
pub fn parse_date(field: &str, text: &str) -> crate::error::AppResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        crate::error::AppError::validation(field, "Enter the date as year-month-day, for example 2026-11-25.")
    })
}

/// How instants are stored: fixed-width UTC text, which sorts as time does.
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an instant stored by [`utc_text`] (or any RFC 3339 text).
pub fn parse_utc(text: &str) -> crate::error::AppResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| crate::error::AppError::internal("a stored instant is not RFC 3339"))
}

/// Reads an instant as a form sends it: clinic time `YYYY-MM-DDTHH:MM` as typed, or an
/// RFC 3339 instant with its offset (the calendar sends those).
pub fn parse_instant(field: &str, text: &str) -> crate::error::AppResult<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").map_err(|_| {
        crate::error::AppError::validation(
            field,
            "Enter a real date and time as year-month-day and hours:minutes, for example 2026-12-01 09:30.",
        )
    })?;
    CLINIC_TZ.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc)).ok_or_else(|| {
        crate::error::AppError::validation(field, "That time does not exist in the clinic's time zone.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn karachi_day_starts_five_hours_before_utc_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(day_start_utc(d).to_rfc3339(), "2026-11-24T19:00:00+00:00");
    }

    #[test]
    fn bad_dates_name_the_field() {
        let e = parse_date("from", "2026-02-30").unwrap_err();
        assert_eq!(e.field(), Some("from"));
        assert!(parse_date("from", "25/11/2026").is_err());
        assert!(parse_date("from", " 2026-11-25 ").is_ok());
    }

    #[test]
    fn instants_are_read_in_clinic_time_or_with_their_offset() {
        assert_eq!(utc_text(parse_instant("at", "2026-12-01T09:00").unwrap()), "2026-12-01T04:00:00Z");
        assert_eq!(
            utc_text(parse_instant("at", "2026-12-01T09:00:00+05:00").unwrap()),
            "2026-12-01T04:00:00Z"
        );
        assert_eq!(utc_text(parse_instant("at", "2026-12-01T04:00:00Z").unwrap()), "2026-12-01T04:00:00Z");
        assert_eq!(parse_instant("at", "2026-02-31T09:00").unwrap_err().field(), Some("at"));
        assert_eq!(parse_instant("at", "tomorrow").unwrap_err().field(), Some("at"));
        assert_eq!(
            parse_utc("2026-12-01T04:00:00Z").unwrap(),
            parse_instant("at", "2026-12-01T09:00").unwrap()
        );
    }
}
