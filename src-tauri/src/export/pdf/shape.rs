//! Lines of text: a face per character, bidi order, shaped glyphs placed left to right,
//! and wrapping by measured width.

use rustybuzz::{BufferClusterLevel, Direction, Language, UnicodeBuffer};
use unicode_bidi::{BidiInfo, Level};

use super::fonts::{is_arabic_script, FaceId, Faces};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weight {
    #[default]
    Regular,
    Bold,
}

/// A glyph placed relative to its run's left edge, in points (y up).
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub(crate) id: u16,
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) advance: f32,
    /// The characters this glyph stands for: several for a ligature, none for the
    /// second glyph of a character the font draws with two.
    pub(crate) text: String,
    /// Byte offset in the line's text where the glyph's cluster begins.
    pub(crate) cluster: usize,
}

/// Glyphs of one face and direction, in visual order.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) face: FaceId,
    /// Left edge within the line, in points.
    pub(crate) x: f32,
    pub(crate) width: f32,
    pub(crate) glyphs: Vec<Glyph>,
    /// The run's characters in reading order.
    pub(crate) text: String,
}

/// One line, laid out left to right; `rtl` lines are set flush right.
#[derive(Debug, Clone)]
pub(crate) struct ShapedLine {
    pub(crate) runs: Vec<Run>,
    pub(crate) width: f32,
    pub(crate) rtl: bool,
    pub(crate) size: f32,
    pub(crate) bold: bool,
    /// Above and below the baseline, in points.
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
}

impl ShapedLine {
    pub(crate) fn height(&self) -> f32 {
        self.ascent + self.descent
    }
}

/// A line containing any Arabic-script character reads right to left.
pub(crate) fn reads_rtl(text: &str) -> bool {
    text.chars().any(is_arabic_script)
}

/// Lays out `text` (already [`drawable`](super::fonts::drawable), no `\n`) as one line.
pub(crate) fn shape_line(faces: &Faces, text: &str, size: f32, weight: Weight, rtl: bool) -> ShapedLine {
    let bold = weight == Weight::Bold;
    let sans = faces.get(FaceId::Sans);
    let mut line = ShapedLine {
        runs: Vec::new(),
        width: 0.0,
        rtl,
        size,
        bold,
        ascent: sans.ascent * size,
        descent: sans.descent * size,
    };
    if text.is_empty() {
        return line;
    }

    // A face per character, in reading order: (byte offset, face).
    let mut face_at: Vec<(usize, FaceId)> = Vec::with_capacity(text.len());
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let face = faces.face_for(c, previous, bold);
        face_at.push((i, face));
        previous = Some(face);
    }

    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(text, Some(level));
    let Some(para) = bidi.paragraphs.first() else { return line };
    let (levels, visual_runs) = bidi.visual_runs(para, para.range.clone());

    let mut pen = 0.0;
    for range in visual_runs {
        let run_rtl = levels[range.start].is_rtl();
        // Split the level run where the face changes.
        let mut segments: Vec<(usize, usize, FaceId)> = Vec::new();
        for &(i, face) in face_at.iter().filter(|(i, _)| range.contains(i)) {
            match segments.last_mut() {
                Some(last) if last.2 == face => last.1 = i,
                _ => segments.push((i, i, face)),
            }
        }
        let segments: Vec<(usize, usize, FaceId)> = segments
            .iter()
            .enumerate()
            .map(|(k, &(start, _, face))| {
                let end = segments.get(k + 1).map_or(range.end, |next| next.0);
                (start, end, face)
            })
            .collect();
        let ordered: Box<dyn Iterator<Item = &(usize, usize, FaceId)>> =
            if run_rtl { Box::new(segments.iter().rev()) } else { Box::new(segments.iter()) };
        for &(start, end, face) in ordered {
            let mut run = shape_segment(faces, face, &text[start..end], start, size, run_rtl);
            run.x = pen;
            pen += run.width;
            let metrics = faces.get(face);
            line.ascent = line.ascent.max(metrics.ascent * size);
            line.descent = line.descent.max(metrics.descent * size);
            line.runs.push(run);
        }
    }
    line.width = pen;
    line
}

fn shape_segment(faces: &Faces, face: FaceId, text: &str, offset: usize, size: f32, rtl: bool) -> Run {
    let font = faces.get(face);
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    if face.is_naskh() {
        buffer.set_script(rustybuzz::script::ARABIC);
        if let Ok(urdu) = "ur".parse::<Language>() {
            buffer.set_language(urdu);
        }
    }
    // One cluster per character where the font allows it, so each glyph maps back to
    // as few characters as possible.
    buffer.set_cluster_level(BufferClusterLevel::MonotoneCharacters);
    let shaped = rustybuzz::shape(&font.hb, &[], buffer);

    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_end = |start: usize| -> usize {
        let k = starts.partition_point(|&s| s <= start);
        starts.get(k).copied().unwrap_or(text.len()).min(text.len())
    };

    let scale = size / font.units_per_em;
    let mut pen = 0.0;
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut seen_clusters: Vec<usize> = Vec::new();
    for (info, pos) in infos.iter().zip(positions) {
        let start = (info.cluster as usize).min(text.len());
        let first_of_cluster = !seen_clusters.contains(&start);
        if first_of_cluster {
            seen_clusters.push(start);
        }
        let text_of =
            if first_of_cluster { text[start..cluster_end(start)].to_string() } else { String::new() };
        let advance = pos.x_advance as f32 * scale;
        glyphs.push(Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            x: pen + pos.x_offset as f32 * scale,
            y: pos.y_offset as f32 * scale,
            advance,
            text: text_of,
            cluster: offset + start,
        });
        pen += advance;
    }
    Run { face, x: 0.0, width: pen, glyphs, text: text.to_string() }
}

/// Wraps one paragraph (drawable text, no `\n`) into lines no wider than `max_width`,
/// breaking at spaces and, for a word longer than a line, between characters.
/// With `max_lines`, the last line kept ends in "…" when text was cut.
pub(crate) fn wrap(
    faces: &Faces,
    text: &str,
    size: f32,
    weight: Weight,
    max_width: f32,
    max_lines: Option<usize>,
) -> Vec<ShapedLine> {
    let rtl = reads_rtl(text);
    let measure = |s: &str| shape_line(faces, s, size, weight, rtl).width;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_width = 0.0;
    let limit = max_lines.unwrap_or(usize::MAX).max(1);
    let mut cut = false;

    let all = pieces(text);
    for (k, piece) in all.iter().enumerate() {
        if lines.len() >= limit {
            cut = all[k..].iter().any(|p| !p.trim().is_empty());
            break;
        }
        let word = piece.trim_end();
        let word_width = measure(word);
        if word_width > max_width {
            if !current.trim_end().is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut chunks = split_word(faces, word, size, weight, rtl, max_width);
            let last = chunks.pop().unwrap_or_default();
            lines.extend(chunks);
            current = format!("{last}{}", &piece[word.len()..]);
            current_width = measure(&current);
            continue;
        }
        if !current.trim_end().is_empty() && current_width + word_width > max_width {
            lines.push(std::mem::take(&mut current));
            current_width = 0.0;
        }
        current.push_str(piece);
        current_width += measure(piece);
    }
    if !current.trim_end().is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > limit {
        cut = true;
        lines.truncate(limit);
    }

    let mut shaped: Vec<ShapedLine> =
        lines.iter().map(|l| shape_line(faces, l.trim_end(), size, weight, rtl)).collect();
    if cut {
        if let (Some(last_text), Some(last)) = (lines.last(), shaped.last_mut()) {
            *last = ellipsize(faces, last_text.trim_end(), size, weight, rtl, max_width);
        }
    }
    shaped
}

/// Words with the spaces that follow them; leading spaces form their own piece.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c == ' ';
        if in_space && !space {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Cuts a word wider than `max_width` into chunks that fit (at least one character each).
fn split_word(
    faces: &Faces,
    word: &str,
    size: f32,
    weight: Weight,
    rtl: bool,
    max_width: f32,
) -> Vec<String> {
    // No glyph of these faces is narrower than a tenth of an em, except marks: this
    // bounds how much of the word one line can take, so each step shapes a short prefix.
    let most_chars = ((max_width / (size * 0.1)) as usize).max(8) + 8;
    let mut chunks = Vec::new();
    let mut rest = word;
    while !rest.is_empty() {
        let window_end = rest.char_indices().nth(most_chars).map_or(rest.len(), |(i, _)| i);
        let window = &rest[..window_end];
        let line = shape_line(faces, window, size, weight, rtl);
        let mut advances: Vec<(usize, f32)> = Vec::new();
        for g in line.runs.iter().flat_map(|r| &r.glyphs) {
            match advances.iter_mut().find(|(c, _)| *c == g.cluster) {
                Some(entry) => entry.1 += g.advance,
                None => advances.push((g.cluster, g.advance)),
            }
        }
        advances.sort_by_key(|(c, _)| *c);
        let mut cut = window.len();
        let mut width = 0.0;
        for &(cluster, advance) in &advances {
            if width + advance > max_width && cluster > 0 {
                cut = cluster;
                break;
            }
            width += advance;
        }
        // Joining forms change when a word is cut: check and give back characters.
        while cut > 0 && shape_line(faces, &rest[..cut], size, weight, rtl).width > max_width {
            match rest[..cut].char_indices().last() {
                Some((i, _)) if i > 0 => cut = i,
                _ => break,
            }
        }
        let cut = if cut == 0 { rest.chars().next().map_or(rest.len(), char::len_utf8) } else { cut };
        chunks.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    chunks
}

/// `text` with "…" at its end, shortened until it fits.
fn ellipsize(faces: &Faces, text: &str, size: f32, weight: Weight, rtl: bool, max_width: f32) -> ShapedLine {
    let mut end = text.len();
    loop {
        let candidate = format!("{}…", text[..end].trim_end());
        let line = shape_line(faces, &candidate, size, weight, rtl);
        if line.width <= max_width || end == 0 {
            return line;
        }
        end = text[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text(line: &ShapedLine) -> String {
        line.runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn urdu_is_shaped_right_to_left_and_every_character_is_kept() {
        let faces = Faces::bundled().unwrap();
        let name = "عائشہ صدیقی";
        let line = shape_line(&faces, name, 12.0, Weight::Regular, reads_rtl(name));
        assert!(line.rtl);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].face, FaceId::Naskh);
        // Visual order is the reverse of reading order: the first glyph drawn (leftmost)
        // is the end of the last word.
        let glyphs = &line.runs[0].glyphs;
        assert!(glyphs.first().unwrap().cluster > glyphs.last().unwrap().cluster);
        let mut mapped: Vec<(usize, &str)> =
            glyphs.iter().filter(|g| !g.text.is_empty()).map(|g| (g.cluster, g.text.as_str())).collect();
        mapped.sort();
        let back: String = mapped.into_iter().map(|(_, t)| t).collect();
        assert_eq!(back, name);
        assert!(glyphs.iter().all(|g| g.id != 0), "no .notdef glyph");
    }

    #[test]
    fn a_mixed_line_runs_each_script_in_its_own_face() {
        let faces = Faces::bundled().unwrap();
        let text = "MRN AH-000123 عائشہ";
        let line = shape_line(&faces, text, 10.0, Weight::Bold, reads_rtl(text));
        let faces_used: Vec<FaceId> = line.runs.iter().map(|r| r.face).collect();
        assert!(faces_used.contains(&FaceId::Sans));
        assert!(faces_used.contains(&FaceId::NaskhBold));
        // Right to left: the Urdu word, first in reading order from the right, is drawn leftmost.
        assert_eq!(line.runs[0].face, FaceId::NaskhBold);
        let mut text_back: Vec<&str> = line.runs.iter().map(|r| r.text.as_str()).collect();
        text_back.sort();
        // The space between the scripts takes the paragraph's direction: a run of its own.
        let mut expected = vec!["MRN AH-000123", " ", "عائشہ"];
        expected.sort();
        assert_eq!(text_back, expected, "{}", all_text(&line));
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_loses_nothing() {
        let faces = Faces::bundled().unwrap();
        let cases = [
            "The quick brown fox jumps over the lazy dog and keeps running to the clinic gate",
            "عائشہ صدیقی کی ملاقات پیر کے دن صبح دس بجے ہے اور وہ وقت پر آئیں گی",
            &"A".repeat(500),
            &"ب".repeat(300),
        ];
        for text in cases {
            let lines = wrap(&faces, text, 10.0, Weight::Regular, 200.0, None);
            assert!(lines.len() > 1, "{text} should wrap");
            for l in &lines {
                assert!(l.width <= 200.0 + 0.01, "line of {} pt in {text}", l.width);
            }
            let joined: String = lines.iter().map(all_text_logical).collect::<Vec<_>>().join("");
            let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            assert_eq!(squeeze(&joined), squeeze(text));
        }
    }

    fn all_text_logical(line: &ShapedLine) -> String {
        let mut runs: Vec<&Run> = line.runs.iter().collect();
        runs.sort_by_key(|r| r.glyphs.iter().map(|g| g.cluster).min().unwrap_or(0));
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn max_lines_cuts_with_an_ellipsis() {
        let faces = Faces::bundled().unwrap();
        let text = "word ".repeat(400);
        let lines = wrap(&faces, &text, 10.0, Weight::Regular, 150.0, Some(2));
        assert_eq!(lines.len(), 2);
        assert!(all_text(&lines[1]).ends_with('…'));
        assert!(lines[1].width <= 150.0);
        let short = wrap(&faces, "two words", 10.0, Weight::Regular, 150.0, Some(2));
        assert_eq!(short.len(), 1);
        assert!(!all_text(&short[0]).contains('…'));
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        let faces = Faces::bundled().unwrap();
        let lines = wrap(&faces, "", 10.0, Weight::Regular, 100.0, None);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].runs.is_empty());
        assert!(lines[0].height() > 0.0);
    }
}
