//! The bundled faces (SIL OFL, `assets/fonts`) and which one draws which character.
//!
//! Noto Sans draws Latin; Noto Naskh Arabic draws Urdu. Naskh rather than Nastaliq
//! because Naskh glyphs map back to their letters, so the text stays searchable and
//! copyable in a PDF.

use std::cell::RefCell;
use std::collections::HashMap;

use super::shape::Glyph;

use crate::error::{AppError, AppResult};

const NOTO_SANS: &[u8] = include_bytes!("../../../../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_NASKH: &[u8] = include_bytes!("../../../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
const NOTO_NASKH_BOLD: &[u8] = include_bytes!("../../../../../assets/fonts/NotoNaskhArabic-Bold.ttf");

/// Drawn instead of a character that no bundled face has (an emoji, say).
pub(crate) const PLACEHOLDER: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceId {
    Sans,
    Naskh,
    NaskhBold,
}

impl FaceId {
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            FaceId::Sans => NOTO_SANS,
            FaceId::Naskh => NOTO_NASKH,
            FaceId::NaskhBold => NOTO_NASKH_BOLD,
        }
    }

    /// The font's resource name inside the PDF, fixed so output is reproducible.
    /// printpdf takes its first six letters as the subset tag (`AHSANS+NotoSans-Regular`),
    /// which PDF wants to be six capitals.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            FaceId::Sans => "AHSANS",
            FaceId::Naskh => "AHNASK",
            FaceId::NaskhBold => "AHNASB",
        }
    }

    pub(crate) fn is_naskh(self) -> bool {
        matches!(self, FaceId::Naskh | FaceId::NaskhBold)
    }
}

/// What a shaping plan depends on besides the face.
pub(crate) type PlanKey = (rustybuzz::Direction, rustybuzz::Script, Option<rustybuzz::Language>);

/// Shaped words (glyphs, width) by (size's bits, right to left), then by word.
pub(crate) type WordCache = HashMap<(u32, bool), HashMap<String, (Vec<Glyph>, f32)>>;

/// One face ready for shaping, with the metrics layout needs (in em).
pub(crate) struct Face {
    pub(crate) hb: rustybuzz::Face<'static>,
    pub(crate) units_per_em: f32,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    /// Building a plan (the face's lookups for a script and direction) costs more
    /// than shaping a word with it, and a document needs only a few.
    pub(crate) plans: RefCell<Vec<(PlanKey, rustybuzz::ShapePlan)>>,
    /// Words already shaped, by size and direction: a document repeats its words.
    pub(crate) words: RefCell<WordCache>,
    /// Which ASCII characters the face draws: asked for every character of a document.
    ascii: [bool; 128],
}

impl Face {
    fn load(id: FaceId) -> AppResult<Face> {
        let hb = rustybuzz::Face::from_slice(id.bytes(), 0).ok_or_else(|| {
            AppError::internal(format!("bundled font {} cannot be read", id.resource_name()))
        })?;
        let units_per_em = (hb.units_per_em() as f32).max(1.0);
        let ascent = f32::from(hb.ascender()) / units_per_em;
        let descent = -f32::from(hb.descender()) / units_per_em;
        let ascii = std::array::from_fn(|i| hb.glyph_index(char::from(i as u8)).is_some_and(|g| g.0 != 0));
        Ok(Face {
            hb,
            units_per_em,
            ascent,
            descent,
            plans: RefCell::new(Vec::new()),
            words: RefCell::default(),
            ascii,
        })
    }

    /// A glyph's advance as the PDF's width table gives it (thousandths of an em,
    /// cut to a whole number the way printpdf writes it): a show of several glyphs
    /// is placed from these.
    pub(crate) fn pdf_width(&self, glyph: u16) -> f32 {
        let advance = self.hb.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(glyph)).unwrap_or(0);
        (f32::from(advance) * 1000.0 / self.units_per_em) as i64 as f32
    }

    pub(crate) fn has(&self, c: char) -> bool {
        match self.ascii.get(c as usize) {
            Some(&known) => known,
            None => self.hb.glyph_index(c).is_some_and(|g| g.0 != 0),
        }
    }
}

/// The three bundled faces.
pub(crate) struct Faces {
    sans: Face,
    naskh: Face,
    naskh_bold: Face,
}

impl Faces {
    pub(crate) fn bundled() -> AppResult<Faces> {
        Ok(Faces {
            sans: Face::load(FaceId::Sans)?,
            naskh: Face::load(FaceId::Naskh)?,
            naskh_bold: Face::load(FaceId::NaskhBold)?,
        })
    }

    pub(crate) fn get(&self, id: FaceId) -> &Face {
        match id {
            FaceId::Sans => &self.sans,
            FaceId::Naskh => &self.naskh,
            FaceId::NaskhBold => &self.naskh_bold,
        }
    }

    /// Whether some bundled face can draw `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.sans.has(c) || self.naskh.has(c)
    }

    /// The face for `c`. Arabic-script characters take Naskh; spaces and punctuation
    /// stay in the face of the character before them, so an Urdu phrase is shaped as
    /// one run; everything else takes Noto Sans when it has the character.
    pub(crate) fn face_for(&self, c: char, previous: Option<FaceId>, bold: bool) -> FaceId {
        let naskh = if bold { FaceId::NaskhBold } else { FaceId::Naskh };
        if is_arabic_script(c) && self.naskh.has(c) {
            return naskh;
        }
        let neutral = c.is_whitespace() || c.is_ascii_punctuation() || is_format_control(c);
        if neutral && previous.is_some_and(FaceId::is_naskh) && self.naskh.has(c) {
            return naskh;
        }
        if self.sans.has(c) || !self.naskh.has(c) {
            FaceId::Sans
        } else {
            naskh
        }
    }
}

/// Characters of the Arabic script blocks (Urdu letters, marks, digits and punctuation).
pub(crate) fn is_arabic_script(c: char) -> bool {
    matches!(
        c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
    )
}

/// Zero-width joiners and non-joiners shape Urdu words (ZWNJ is common in Urdu);
/// they are kept when the face has them and never drawn.
pub(crate) fn is_format_control(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Invisible characters that only steer other software: bidi controls, variation
/// selectors, tags. Our own layout decides direction, so they are dropped.
fn is_ignorable(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x180B..=0x180F | 0x200B | 0x200E | 0x200F
            | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE0FFF
    )
}

/// Paragraph separators other than `\n`, which the flow treats as a line break.
fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\r' | '\u{1C}'..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Text the faces can draw: tabs and odd separators become spaces, controls and
/// ignorables go, and a run of characters that no face has (an emoji with its skin
/// tone and joiners, say) becomes one [`PLACEHOLDER`]. `\n` is kept.
pub(crate) fn drawable(text: &str, faces: &Faces) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_missing = false;
    for c in text.chars() {
        if c == '\n' {
            out.push('\n');
            in_missing = false;
        } else if c == '\t' || is_paragraph_separator(c) {
            out.push(' ');
            in_missing = false;
        } else if c.is_control() || is_ignorable(c) {
            // Dropped, but a joiner or selector inside an emoji sequence keeps it one.
        } else if is_format_control(c) {
            if !in_missing && faces.naskh.has(c) {
                out.push(c);
            }
        } else if faces.covers(c) {
            out.push(c);
            in_missing = false;
        } else if !in_missing {
            out.push(PLACEHOLDER);
            in_missing = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_for_placing_glyphs_are_the_ones_the_pdf_declares() {
        let faces = Faces::bundled().unwrap();
        for id in [FaceId::Sans, FaceId::Naskh, FaceId::NaskhBold] {
            let parsed = printpdf::ParsedFont::from_bytes(id.bytes(), 0, &mut Vec::new()).unwrap();
            let per_em = f32::from(parsed.pdf_font_metrics.units_per_em);
            let face = faces.get(id);
            let mut checked = 0;
            for glyph in 0..parsed.num_glyphs {
                let Some(decoded) = parsed.get_or_decode_glyph(glyph) else { continue };
                let declared = (f32::from(decoded.horz_advance) * 1000.0 / per_em) as i64 as f32;
                assert_eq!(face.pdf_width(glyph), declared, "glyph {glyph} of {}", id.resource_name());
                checked += 1;
            }
            assert!(checked > 500, "{checked} glyphs of {}", id.resource_name());
        }
    }

    #[test]
    fn bundled_faces_load_and_cover_both_scripts() {
        let faces = Faces::bundled().unwrap();
        for c in "Ayesha Siddiqui 0123 AH-000123 –".chars() {
            assert!(faces.get(FaceId::Sans).has(c), "Noto Sans lacks {c:?}");
        }
        for c in "عائشہ صدیقی ٹڈڑںےۓ".chars().filter(|c| !c.is_whitespace()) {
            assert!(faces.get(FaceId::Naskh).has(c), "Noto Naskh lacks {c:?}");
            assert!(faces.get(FaceId::NaskhBold).has(c), "Noto Naskh Bold lacks {c:?}");
        }
    }

    #[test]
    fn each_character_gets_its_scripts_face() {
        let faces = Faces::bundled().unwrap();
        assert_eq!(faces.face_for('A', None, false), FaceId::Sans);
        assert_eq!(faces.face_for('ع', None, false), FaceId::Naskh);
        assert_eq!(faces.face_for('ع', None, true), FaceId::NaskhBold);
        assert_eq!(faces.face_for(' ', Some(FaceId::Naskh), false), FaceId::Naskh);
        assert_eq!(faces.face_for(' ', Some(FaceId::Sans), false), FaceId::Sans);
        assert_eq!(faces.face_for('7', Some(FaceId::Naskh), false), FaceId::Sans);
    }

    #[test]
    fn undrawable_characters_become_one_placeholder_each_run() {
        let faces = Faces::bundled().unwrap();
        let cases: &[(&str, &str)] = &[
            ("Ali 😀", "Ali ?"),
            ("👍🏽 ok", "? ok"),
            ("👨\u{200D}👩\u{200D}👧 family", "? family"),
            ("a\tb\r\nc", "a b \nc"),
            ("\u{202B}عائشہ\u{202C}", "عائشہ"),
            ("x\u{0007}y\u{FE0F}", "xy"),
            ("می\u{200C}خواهم", "می\u{200C}خواهم"),
        ];
        for (input, expected) in cases {
            assert_eq!(drawable(input, &faces), *expected, "for {input:?}");
        }
    }
}
