//! Pure rules for the fields of a patient: phone numbers, CNIC, e-mail, birth date
//! and age. Each error names its field.

use chrono::{Datelike, NaiveDate};

use crate::error::{AppError, AppResult};

/// A phone number as shown and as digits for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub shown: String,
    pub digits: String,
}

/// Pakistani mobiles in any usual spelling (`0300-1234567`, `+923001234567`,
/// `3001234567`, `0092 300 1234567`) become `+92 300 1234567`; other numbers
/// (landlines, foreign numbers) are kept as typed.
pub fn phone(field: &str, text: &str) -> AppResult<Option<Phone>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 25
        || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'))
    {
        return Err(AppError::validation(
            field,
            "A phone number can contain digits, spaces, +, - and brackets only.",
        ));
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return Err(AppError::validation(field, "This phone number is too short."));
    }
    if let Some(national) = pakistani_mobile(&digits) {
        return Ok(Some(Phone {
            shown: format!("+92 {} {}", &national[..3], &national[3..]),
            digits: format!("92{national}"),
        }));
    }
    if digits.starts_with("03")
        || digits.starts_with("923")
        || (digits.starts_with('3') && digits.len() == 10)
    {
        return Err(AppError::validation(field, "A mobile number has 11 digits, like 0300-1234567."));
    }
    Ok(Some(Phone { shown: t.to_string(), digits }))
}

/// The 10 national digits (`3xxxxxxxxx`) of a Pakistani mobile, if `digits` is one.
fn pakistani_mobile(digits: &str) -> Option<String> {
    let national = digits
        .strip_prefix("0092")
        .or_else(|| digits.strip_prefix("92"))
        .or_else(|| digits.strip_prefix('0'))
        .unwrap_or(digits);
    (national.len() == 10 && national.starts_with('3')).then(|| national.to_string())
}

/// The digits a typed search for a phone number should look for.
pub fn phone_search_digits(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match pakistani_mobile(&digits) {
        Some(national) => format!("92{national}"),
        // A partial number: drop the leading 0 or 92 that stored digits spell as 92.
        None => digits.strip_prefix('0').map(str::to_string).unwrap_or(digits),
    }
}

/// `#####-#######-#`, typed with or without dashes.
pub fn cnic(field: &str, text: &str) -> AppResult<Option<String>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_dashes = t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    if !only_digits_and_dashes || digits.len() != 13 {
        return Err(AppError::validation(field, "A CNIC has 13 digits, like 35202-1234567-1."));
    }
    Ok(Some(format!("{}-{}-{}", &digits[..5], &digits[5..12], &digits[12..])))
}

pub fn email(field: &str, text: &str) -> AppResult<Option<String>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::validate::no_hidden_characters(field, "The e-mail address", t, &[])?;
    let ok = t.len() <= 254
        && !t.chars().any(|c| c.is_whitespace() || c.is_control())
        && t.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !host.contains('@')
        });
    if !ok {
        return Err(AppError::validation(
            field,
            "This e-mail address does not look right, e.g. name@example.com.",
        ));
    }
    Ok(Some(t.to_lowercase()))
}

/// Whole years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// A birth date typed as YYYY-MM-DD: a real date, not in the future, not before 1900.
pub fn birth_date(field: &str, text: &str, today: NaiveDate) -> AppResult<NaiveDate> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::validation(
            field,
            "Enter the date of birth as year-month-day, for example 2015-03-31. That date does not exist.",
        )
    })?;
    if d > today {
        return Err(AppError::validation(field, "The date of birth is in the future."));
    }
    if d.year() < 1900 {
        return Err(AppError::validation(field, "The date of birth is before 1900."));
    }
    Ok(d)
}

/// When only an age is known: half a year past that birthday, marked as estimated by
/// the caller.
pub fn birth_date_from_age(field: &str, age: u32, today: NaiveDate) -> AppResult<NaiveDate> {
    if age > 120 {
        return Err(AppError::validation(field, "The estimated age must be between 0 and 120 years."));
    }
    Ok(today.checked_sub_months(chrono::Months::new(age * 12 + 6)).expect("within chrono's range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_in_every_spelling_become_one_number() {
        for typed in [
            "0300-1234567",
            "+923001234567",
            "3001234567",
            "0092 300 1234567",
            "(0300) 123 4567",
            "92-300-1234567",
        ] {
            let p = phone("phone", typed).unwrap().unwrap();
            assert_eq!(p.shown, "+92 300 1234567", "{typed}");
            assert_eq!(p.digits, "923001234567", "{typed}");
        }
    }

    #[test]
    fn landlines_are_kept_as_typed_and_bad_numbers_refused() {
        let l = phone("phone", "042-35761234").unwrap().unwrap();
        assert_eq!((l.shown.as_str(), l.digits.as_str()), ("042-35761234", "04235761234"));
        assert_eq!(phone("phone", "  ").unwrap(), None);
        for bad in [
            "0300-12345ab",
            "12345",
            "0300-123456",
            "'; DROP TABLE patients;--",
            "٠٣٠٠١٢٣٤٥٦٧",
            &"1".repeat(30),
        ] {
            assert_eq!(phone("phone", bad).unwrap_err().field(), Some("phone"), "{bad}");
        }
    }

    #[test]
    fn search_digits_match_stored_digits() {
        assert_eq!(phone_search_digits("0300-1234567"), "923001234567");
        assert_eq!(phone_search_digits("+923001234567"), "923001234567");
        assert_eq!(phone_search_digits("3001234567"), "923001234567");
        assert_eq!(phone_search_digits("0300123"), "300123");
    }

    #[test]
    fn cnic_with_or_without_dashes() {
        assert_eq!(cnic("cnic", "3520212345671").unwrap().unwrap(), "35202-1234567-1");
        assert_eq!(cnic("cnic", " 35202-1234567-1 ").unwrap().unwrap(), "35202-1234567-1");
        assert_eq!(cnic("cnic", "").unwrap(), None);
        for bad in ["352021234567", "35202-1234567-12", "35202_1234567_1", "abcde-fghijkl-m"] {
            assert_eq!(cnic("cnic", bad).unwrap_err().field(), Some("cnic"), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(email("email", " Ayesha@Example.PK ").unwrap().unwrap(), "ayesha@example.pk");
        for bad in ["ayesha", "a@b", "a b@c.pk", "@c.pk", "a@.pk", "a@b.pk.", "moc.liamg\u{202E}@ayesha.pk"] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ages_count_whole_years_including_leap_birthdays() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let cases = [
            (d(2013, 11, 25), d(2026, 11, 25), 13),
            (d(2013, 11, 26), d(2026, 11, 25), 12),
            (d(2012, 2, 29), d(2025, 2, 28), 12),
            (d(2012, 2, 29), d(2025, 3, 1), 13),
            (d(2026, 11, 25), d(2026, 11, 25), 0),
        ];
        for (birth, today, age) in cases {
            assert_eq!(age_on(birth, today), age, "{birth} on {today}");
        }
    }

    #[test]
    fn birth_dates_must_exist_and_be_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(birth_date("birth_date", "2015-03-31", today).is_ok());
        for bad in ["2015-02-31", "2015-02-29", "31/03/2015", "2027-01-01", "1899-12-31", ""] {
            assert_eq!(
                birth_date("birth_date", bad, today).unwrap_err().field(),
                Some("birth_date"),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_estimated_age_gives_that_age_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        for age in [0, 1, 12, 13, 40, 120] {
            let d = birth_date_from_age("age", age, today).unwrap();
            assert!(d <= today);
            assert_eq!(age_on(d, today), age, "{age}");
        }
        assert!(birth_date_from_age("age", 121, today).is_err());
    }
}
