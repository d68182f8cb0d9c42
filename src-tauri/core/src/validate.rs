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
    no_hidden_characters(field, label, v, &['\n'])?;
    Ok(Some(v.to_string()))
}

/// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E)
/// and isolates (U+2066–U+2069). They reorder what is shown around them, so
/// `scan` + U+202E + `gpj.pdf` reads "scanfdp.jpg", and a name or an address can be
/// made to read as something else. Urdu and English mixed in one line display right
/// without them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The one rule on invisible characters in text a person typed: control characters
/// (except those in `keep`, e.g. the newline of an address) and bidirectional
/// formatting characters are refused, naming the field. Every text field the services
/// accept goes through this, directly or through [`text`], [`optional_text`] and
/// [`person_name`].
pub fn no_hidden_characters(field: &str, label: &str, value: &str, keep: &[char]) -> AppResult<()> {
    if value.chars().any(|c| (c.is_control() && !keep.contains(&c)) || is_bidi_control(c)) {
        return Err(AppError::validation(
            field,
            format!("{label} contains an invisible control character (often pasted from another program). Please type it again."),
        ));
    }
    Ok(())
}

/// For text no person chose character by character (a file's name as it came from
/// the disk, a search typed or pasted into the box): the bidirectional formatting
/// characters are removed rather than refused, since nobody could mean them there.
pub fn strip_bidi_controls(value: &str) -> String {
    value.chars().filter(|c| !is_bidi_control(*c)).collect()
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
    fn bidi_controls_are_refused_in_every_kind_of_text() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}',
        ] {
            let v = format!("Main Boulevard{c} Gulberg");
            let e = optional_text("address", "The address", &v, 300).unwrap_err();
            assert_eq!(e.field(), Some("address"), "{c:?}");
            assert!(e.to_string().contains("invisible control character"), "{e}");
            assert_eq!(text("name", "The service's name", &v, 80).unwrap_err().field(), Some("name"));
            let e = person_name("full_name", "Full name", &format!("Ayesha{c}Khan")).unwrap_err();
            assert!(e.to_string().contains("invisible control character"), "{e}");
            assert_eq!(strip_bidi_controls(&format!("scan{c}gpj.pdf")), "scangpj.pdf");
        }
        // Their neighbours stay: the zero-width non-joiner of Urdu spelling, and the
        // marks that only nudge neutral characters.
        assert!(optional_text("a", "Address", "گلی\u{200C}نمبر", 30).is_ok());
        assert!(!is_bidi_control('\u{200F}') && !is_bidi_control('\u{2065}') && !is_bidi_control('\u{2029}'));
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
