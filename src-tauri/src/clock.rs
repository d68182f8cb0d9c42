//! The clinic's time zone. Times are stored in UTC and shown in Asia/Karachi.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
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
}
