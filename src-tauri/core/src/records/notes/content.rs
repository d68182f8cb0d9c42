//! What a note's content may hold: the template's sections only, text without hidden
//! control or bidirectional formatting characters, scores as whole numbers from 0 to
//! 10, and no more than [`MAX_NOTE_CHARS`] in all. Pure, so every rule is tested
//! without a store.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::records::templates::{NoteTemplate, SectionKind};
use crate::validate;

/// The longest a note may be, all sections together: about 40 typed pages, far beyond
/// any session note, and small enough that an autosave stays quick.
pub const MAX_NOTE_CHARS: usize = 100_000;

/// 12345 → "12,345", as the desk reads numbers.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A digit typed on an English or an Urdu keyboard (Eastern Arabic-Indic digits).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn score(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 2 {
        return None;
    }
    t.chars().try_fold(0, |n, c| digit(c).map(|d| n * 10 + d)).filter(|n| *n <= 10)
}

/// Checks content against its template and returns what is stored: blank sections
/// left out, scores written with English digits, text kept exactly as typed.
pub fn check_content(
    template: &NoteTemplate,
    content: &BTreeMap<String, String>,
) -> AppResult<BTreeMap<String, String>> {
    let total: usize = content.values().map(|v| v.chars().count()).sum();
    if total > MAX_NOTE_CHARS {
        return Err(AppError::validation(
            "content",
            format!(
                "This note is too long to save: {} characters, and a note holds at most {} in all. \
                 Shorten it, or add long documents to the record as attachments. Nothing was saved.",
                grouped(total),
                grouped(MAX_NOTE_CHARS)
            ),
        ));
    }
    let mut kept = BTreeMap::new();
    for (key, text) in content {
        let Some(section) = template.sections.iter().find(|s| &s.key == key) else {
            return Err(AppError::validation(
                "content",
                format!(
                    "This note has a section that the template “{}” does not have. Reopen the note and try again; nothing was saved.",
                    template.name
                ),
            ));
        };
        let field = format!("content.{key}");
        match section.kind {
            SectionKind::Text => {
                if text.trim().is_empty() {
                    continue;
                }
                validate::no_hidden_characters(
                    &field,
                    &format!("“{}”", section.title),
                    text,
                    &['\n', '\r', '\t'],
                )?;
                kept.insert(key.clone(), text.clone());
            }
            SectionKind::Score0To10 => {
                if text.trim().is_empty() {
                    continue;
                }
                let n = score(text).ok_or_else(|| {
                    AppError::validation(
                        &field,
                        format!("“{}” is a whole number from 0 to 10, or left empty.", section.title),
                    )
                })?;
                kept.insert(key.clone(), n.to_string());
            }
        }
    }
    Ok(kept)
}

/// The stored form: JSON with the keys in order, so the same content is the same bytes.
pub(super) fn to_json(content: &BTreeMap<String, String>) -> AppResult<String> {
    serde_json::to_string(content).map_err(|e| AppError::internal(format!("note content: {e}")))
}

pub(super) fn from_json(note_id: i64, json: &str) -> AppResult<BTreeMap<String, String>> {
    serde_json::from_str(json).map_err(|e| AppError::internal(format!("note {note_id}: stored content: {e}")))
}

/// The fingerprint fixed at signing: SHA-256 of the stored bytes.
pub(super) fn sha256_hex(stored: &str) -> String {
    hex::encode(Sha256::digest(stored.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::access::Discipline;
    use crate::records::templates::TemplateSection;

    fn physio() -> NoteTemplate {
        let s = |key: &str, title: &str, kind| TemplateSection { key: key.into(), title: title.into(), kind };
        NoteTemplate {
            id: 1,
            name: "Physiotherapy session".into(),
            discipline: Discipline::Physiotherapy,
            sections: vec![
                s("subjective", "Subjective", SectionKind::Text),
                s("pain", "Pain score (0–10)", SectionKind::Score0To10),
                s("plan", "Plan", SectionKind::Text),
            ],
            builtin: true,
            active: true,
        }
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn scores_from_either_keyboard_and_blank_sections_left_out() {
        let kept = check_content(
            &physio(),
            &map(&[
                ("pain", " 7 "),
                ("subjective", "  Knee pain on stairs.\r\n\tWorse in the morning. "),
                ("plan", "  "),
            ]),
        )
        .unwrap();
        assert_eq!(kept.get("pain").map(String::as_str), Some("7"));
        assert_eq!(
            kept["subjective"], "  Knee pain on stairs.\r\n\tWorse in the morning. ",
            "text kept as typed"
        );
        assert!(!kept.contains_key("plan"));
        for (typed, stored) in [("0", "0"), ("10", "10"), ("۷", "7"), ("١٠", "10"), ("08", "8")] {
            assert_eq!(
                check_content(&physio(), &map(&[("pain", typed)])).unwrap()["pain"],
                stored,
                "{typed}"
            );
        }
        assert!(check_content(&physio(), &map(&[("pain", "")])).unwrap().is_empty());
    }

    #[test]
    fn bad_content_names_the_section() {
        for bad in ["11", "ten", "-1", "7.5", "100", "+7", "٧x"] {
            let e = check_content(&physio(), &map(&[("pain", bad)])).unwrap_err();
            assert_eq!(e.field(), Some("content.pain"), "{bad}");
            assert!(e.to_string().contains("Pain score (0–10)") && e.to_string().contains("0 to 10"), "{e}");
        }
        let e = check_content(&physio(), &map(&[("diagnosis", "x")])).unwrap_err();
        assert_eq!(e.field(), Some("content"));
        assert!(e.to_string().contains("Physiotherapy session"));
        for bad in ["walk\u{0}daily", "walk\u{202E}yliad"] {
            let e = check_content(&physio(), &map(&[("plan", bad)])).unwrap_err();
            assert_eq!(e.field(), Some("content.plan"), "{bad:?}");
            assert!(e.to_string().contains("invisible control character"), "{e}");
        }
        let kept = check_content(&physio(), &map(&[("plan", "walk\n\tdaily\r\n")])).unwrap();
        assert_eq!(kept["plan"], "walk\n\tdaily\r\n", "line breaks and tabs are the note's own");
    }

    #[test]
    fn the_whole_note_is_limited_not_each_section() {
        let half = "a".repeat(MAX_NOTE_CHARS / 2);
        assert!(check_content(&physio(), &map(&[("subjective", &half), ("plan", &half)])).is_ok());
        let e = check_content(&physio(), &map(&[("subjective", &half), ("plan", &format!("{half}b"))]))
            .unwrap_err();
        assert_eq!(e.field(), Some("content"));
        assert!(e.to_string().contains("100,001 characters") && e.to_string().contains("100,000"), "{e}");
        // Urdu counts by characters, not bytes: 60,000 letters are 120,000 bytes.
        assert!(check_content(&physio(), &map(&[("plan", &"ب".repeat(60_000))])).is_ok());
    }

    #[test]
    fn stored_form_is_stable() {
        let a = map(&[("plan", "x"), ("pain", "3")]);
        let json = to_json(&a).unwrap();
        assert_eq!(json, r#"{"pain":"3","plan":"x"}"#);
        assert_eq!(from_json(1, &json).unwrap(), a);
        assert_eq!(sha256_hex(&json).len(), 64);
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(999), "999");
    }
}
