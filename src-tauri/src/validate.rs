//! Checks on typed text shared by every form. Each error names its field and says
//! what to do, in words a receptionist understands.

use crate::error::{AppError, AppResult};

/// Trims, refuses empty, too long and control characters.
pub fn text(field: &str, label: &str, value: &str, max_chars: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::validation(field, format!("{label} is required.")));
    }
    optional_text(field, label, v, max_chars).map(|s| s.unwrap_or_default())
}

/// Like `text`, but empty becomes `None`.
pub fn optional_text(field: &str, label: &str, value: &str, max_chars: usize) -> AppResult<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max_chars {
        return Err(AppError::validation(
            field,
            format!("{label} can be at most {max_chars} characters long."),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::validation(
            field,
            format!("{label} contains an invisible control character. Please type it again."),
        ));
    }
    Ok(Some(v.to_string()))
}

/// A letter of any script (Latin, Arabic and Urdu, …): Unicode's letter categories,
/// not the marks, digits, symbols or emoji that `char::is_alphabetic` also lets through
/// in places (a lone harakat, a circled Ⓐ).
fn is_letter(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::UppercaseLetter | G::LowercaseLetter | G::TitlecaseLetter | G::OtherLetter
    )
}

/// A person's name in any script: letters (with their marks), spaces, and the
/// punctuation names use. Emoji and symbols are refused.
pub fn person_name(field: &str, label: &str, value: &str) -> AppResult<String> {
    let v = text(field, label, value, 100)?;
    let allowed = |c: char| {
        c.is_alphabetic()
            || c == ' '
            || matches!(c, '\'' | '’' | '-' | '.' | ',')
            // Arabic-script marks and the zero-width non-joiner used in Urdu spelling.
            || ('\u{064B}'..='\u{065F}').contains(&c)
            || c == '\u{0670}'
            || c == '\u{200C}'
    };
    if let Some(bad) = v.chars().find(|c| !allowed(*c)) {
        let shown = if bad.is_ascii_digit() { "digits".to_string() } else { format!("“{bad}”") };
        return Err(AppError::validation(
            field,
            format!("{label} can contain letters, spaces, apostrophes, hyphens and dots, not {shown}."),
        ));
    }
    if !v.chars().any(is_letter) {
        return Err(AppError::validation(field, format!("{label} needs at least one letter.")));
    }
    // Collapse runs of spaces typed by accident.
    Ok(v.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Sign-in names: 3–32 of a–z, 0–9, dot, dash, underscore; stored in lower case.
pub fn username(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(AppError::validation(field, "User name is required."));
    }
    let n = v.chars().count();
    if !(3..=32).contains(&n) {
        return Err(AppError::validation(field, "The user name must be 3 to 32 characters long."));
    }
    if !v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')) {
        return Err(AppError::validation(
            field,
            "The user name can use English letters, digits, dots, dashes and underscores only.",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_accepted_and_tidied() {
        assert_eq!(person_name("n", "Name", "  Ayesha   Khan ").unwrap(), "Ayesha Khan");
        assert_eq!(person_name("n", "Name", "عائشہ خان").unwrap(), "عائشہ خان");
        assert_eq!(person_name("n", "Name", "D'Souza-Malik").unwrap(), "D'Souza-Malik");
        assert!(person_name("n", "Name", "مُحَمَّد").is_ok(), "harakat are marks of letters");
    }

    #[test]
    fn bad_names_are_refused_with_the_field() {
        for bad in ["", "   ", "Ayesha 😀", "Robert'); DROP TABLE staff;--", "a\u{0007}b", "R2D2"] {
            let e = person_name("full_name", "Full name", bad).unwrap_err();
            assert_eq!(e.field(), Some("full_name"), "{bad:?}");
        }
        let e = person_name("full_name", "Full name", &"a".repeat(10_000)).unwrap_err();
        assert!(e.to_string().contains("at most 100"));
    }

    #[test]
    fn a_name_needs_a_letter_of_some_script() {
        for bad in [".", "--", "' - .", "’", "\u{064B}", "\u{0670}\u{200C}"] {
            let e = person_name("guardian.name", "The name", bad).unwrap_err();
            assert_eq!(e.field(), Some("guardian.name"), "{bad:?}");
            assert_eq!(e.to_string(), "The name needs at least one letter.", "{bad:?}");
        }
        for good in ["A.", "O'Neil", "ع", "ب.", "- Ali -"] {
            assert!(person_name("n", "Name", good).is_ok(), "{good:?}");
        }
        assert!(person_name("n", "Name", "😀").is_err(), "emoji alone are not letters either");
    }

    #[test]
    fn usernames() {
        assert_eq!(username("u", " Amina.K ").unwrap(), "amina.k");
        for bad in ["", "ab", "amina khan", "عائشہ", "x'--", &"a".repeat(33)] {
            assert!(username("u", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn optional_text_keeps_newlines_refuses_other_controls() {
        assert_eq!(optional_text("a", "Address", "  ", 10).unwrap(), None);
        assert_eq!(optional_text("a", "Address", "a\nb", 10).unwrap().unwrap(), "a\nb");
        assert!(optional_text("a", "Address", "a\u{1b}b", 10).is_err());
    }
}
