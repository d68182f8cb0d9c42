//! The typed fields of the medical history: ICD-10 codes, onsets that may be known
//! only to the year or month, and plain dates. Each error names its field.

use chrono::{Datelike, NaiveDate};

use crate::error::{AppError, AppResult};

/// Empty text, from the UI's `null` or an emptied field, is "not given".
pub(super) fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("").trim()
}

/// An ICD-10 code by its shape: a letter, two digits, and optionally a dot with one to
/// four more letters or digits (M54.5, S72.001A). Stored in capitals. The shape is
/// checked, not membership of the classification: the clinic has no code list.
pub(super) fn icd10(value: &str) -> AppResult<Option<String>> {
    let v = value.trim().to_ascii_uppercase();
    if v.is_empty() {
        return Ok(None);
    }
    let b = v.as_bytes();
    let head = b.len() >= 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit();
    let tail = match &b[3.min(b.len())..] {
        [] => true,
        [b'.', rest @ ..] => (1..=4).contains(&rest.len()) && rest.iter().all(|c| c.is_ascii_alphanumeric()),
        _ => false,
    };
    if head && tail {
        Ok(Some(v))
    } else {
        Err(AppError::validation(
            "icd10",
            "An ICD-10 code is a letter, two digits and, if needed, a dot and up to four more characters, for example M54.5. Leave it empty if you do not know it.",
        ))
    }
}

/// When a condition began, as precisely as it is known: `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, not after `today` (clinic calendar).
pub(super) fn onset(value: &str, today: NaiveDate) -> AppResult<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let shape = || {
        AppError::validation(
            "onset",
            "Enter when it began as a year, a year and month, or a full date, for example 2019, 2019-06 or 2019-06-15.",
        )
    };
    let number = |s: &str, digits: usize| -> AppResult<u32> {
        if s.len() == digits && s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| shape())
        } else {
            Err(shape())
        }
    };
    let parts: Vec<&str> = v.split('-').collect();
    let year = number(parts[0], 4)? as i32;
    if year < 1900 {
        return Err(AppError::validation("onset", "The onset year must be 1900 or later."));
    }
    let not_yet = || AppError::validation("onset", "The onset cannot be in the future.");
    match parts.len() {
        1 if year > today.year() => Err(not_yet()),
        1 => Ok(Some(format!("{year:04}"))),
        2 => {
            let month = number(parts[1], 2)?;
            if !(1..=12).contains(&month) {
                return Err(shape());
            }
            if (year, month) > (today.year(), today.month()) {
                return Err(not_yet());
            }
            Ok(Some(format!("{year:04}-{month:02}")))
        }
        3 => {
            let day = NaiveDate::from_ymd_opt(year, number(parts[1], 2)?, number(parts[2], 2)?)
                .ok_or_else(|| AppError::validation("onset", "That day does not exist in the calendar."))?;
            if day > today {
                return Err(not_yet());
            }
            Ok(Some(day.to_string()))
        }
        _ => Err(shape()),
    }
}

/// An optional `YYYY-MM-DD` date.
pub(super) fn date(field: &str, value: &str) -> AppResult<Option<NaiveDate>> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    crate::clock::parse_date(field, value).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd10_codes_by_shape() {
        for (typed, stored) in
            [("M54.5", "M54.5"), ("m54.5", "M54.5"), (" F32 ", "F32"), ("S72.001A", "S72.001A")]
        {
            assert_eq!(icd10(typed).unwrap().as_deref(), Some(stored), "{typed}");
        }
        assert_eq!(icd10("  ").unwrap(), None);
        for bad in ["M5", "545", "MM4.5", "M54.", "M54.12345", "M545", "M54-5", "M54.5 back", "Ü54"] {
            assert_eq!(icd10(bad).unwrap_err().field(), Some("icd10"), "{bad}");
        }
    }

    #[test]
    fn onsets_to_the_year_month_or_day_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        for (typed, stored) in [
            ("2019", "2019"),
            ("2019-06", "2019-06"),
            ("2019-06-05", "2019-06-05"),
            ("2026-12", "2026-12"),
            ("2026-12-15", "2026-12-15"),
        ] {
            assert_eq!(onset(typed, today).unwrap().as_deref(), Some(stored), "{typed}");
        }
        assert_eq!(onset("", today).unwrap(), None);
        for future in ["2027", "2027-01", "2026-12-16"] {
            let e = onset(future, today).unwrap_err();
            assert!(e.to_string().contains("future"), "{future}: {e}");
            assert_eq!(e.field(), Some("onset"));
        }
        for bad in
            ["19", "2019-6", "2019-13", "2019-02-30", "1850", "last year", "2019-06-05-01", "15/06/2019"]
        {
            assert_eq!(onset(bad, today).unwrap_err().field(), Some("onset"), "{bad}");
        }
    }
}
