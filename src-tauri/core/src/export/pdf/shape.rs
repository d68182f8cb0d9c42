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
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub(crate) id: u16,
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) advance: f32,
    /// Byte offset in the line's text where the glyph's cluster begins.
    pub(crate) cluster: usize,
    /// How many bytes of text, from `cluster`, this glyph stands for: several
    /// characters for a ligature, none for the second glyph of a character the font
    /// draws with two. (A range rather than a string: a record has a million glyphs.)
    pub(crate) len: usize,
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
    /// Byte offset of `text` in the line's text.
    pub(crate) offset: usize,
}

impl Run {
    /// The characters `glyph` (one of this run's) stands for.
    pub(crate) fn text_of(&self, glyph: &Glyph) -> &str {
        let start = glyph.cluster - self.offset;
        &self.text[start..start + glyph.len]
    }
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

    /// The line's settings and metrics, without its glyphs.
    fn clone_empty(&self) -> ShapedLine {
        ShapedLine { runs: Vec::new(), ..*self }
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

    // Plain ASCII set left to right is one run: most of a record, and bidi analysis
    // would only say so.
    let (levels, visual_runs) = if !rtl && text.is_ascii() {
        (vec![Level::ltr(); text.len()], std::iter::once(0..text.len()).collect())
    } else {
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let bidi = BidiInfo::new(text, Some(level));
        let Some(para) = bidi.paragraphs.first() else { return line };
        bidi.visual_runs(para, para.range.clone())
    };

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

/// Shapes one face's text in one direction, a word at a time: words neither join
/// nor kern across the spaces between them, and a record says the same words over
/// and over, so each word is shaped once per document.
fn shape_segment(faces: &Faces, face: FaceId, text: &str, offset: usize, size: f32, rtl: bool) -> Run {
    let font = faces.get(face);
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c == ' ';
        if in_space.is_some_and(|was| was != space) {
            words.push((start, i));
            start = i;
        }
        in_space = Some(space);
    }
    words.push((start, text.len()));
    if rtl {
        words.reverse();
    }

    let mut cache = font.words.borrow_mut();
    let known = cache.entry((size.to_bits(), rtl)).or_default();
    let mut glyphs = Vec::with_capacity(text.len());
    let mut pen = 0.0;
    for (start, end) in words {
        let word = &text[start..end];
        if !known.contains_key(word) {
            known.insert(word.to_string(), shape_word(faces, face, word, size, rtl));
        }
        let (shaped, width) = &known[word];
        glyphs.extend(shaped.iter().map(|g| Glyph {
            x: pen + g.x,
            cluster: offset + start + g.cluster,
            ..*g
        }));
        pen += width;
    }
    Run { face, x: 0.0, width: pen, glyphs, text: text.to_string(), offset }
}

/// One word's glyphs from its left edge, clusters counted from its start; and its width.
fn shape_word(faces: &Faces, face: FaceId, text: &str, size: f32, rtl: bool) -> (Vec<Glyph>, f32) {
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
    let key = (buffer.direction(), buffer.script(), buffer.language());
    let mut plans = font.plans.borrow_mut();
    let k = match plans.iter().position(|(known, _)| *known == key) {
        Some(k) => k,
        None => {
            let plan = rustybuzz::ShapePlan::new(&font.hb, key.0, Some(key.1), key.2.as_ref(), &[]);
            plans.push((key, plan));
            plans.len() - 1
        }
    };
    let shaped = rustybuzz::shape_with_plan(&font.hb, &plans[k].1, buffer);
    drop(plans);

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
    let mut previous_cluster = None;
    for (info, pos) in infos.iter().zip(positions) {
        let start = (info.cluster as usize).min(text.len());
        // Clusters are monotone at this level: a cluster's glyphs stand together.
        let first_of_cluster = previous_cluster != Some(start);
        previous_cluster = Some(start);
        let advance = pos.x_advance as f32 * scale;
        glyphs.push(Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            x: pen + pos.x_offset as f32 * scale,
            y: pos.y_offset as f32 * scale,
            advance,
            cluster: start,
            len: if first_of_cluster { cluster_end(start) - start } else { 0 },
        });
        pen += advance;
    }
    (glyphs, pen)
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
    // The paragraph is shaped once: words are measured from its glyphs, and a line of
    // one face and direction is cut out of it. Words do not join or kern across the
    // spaces that separate them, so this is what shaping each word would give.
    let whole = shape_line(faces, text, size, weight, rtl);
    let mut before = vec![0.0f32; text.len() + 1];
    for g in whole.runs.iter().flat_map(|r| &r.glyphs) {
        before[g.cluster + 1] += g.advance;
    }
    for i in 0..text.len() {
        before[i + 1] += before[i];
    }
    let width = |start: usize, end: usize| before[end] - before[start];
    let has_ink = |(start, end): (usize, usize)| !text[start..end].trim_end().is_empty();

    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut current_width = 0.0;
    let limit = max_lines.unwrap_or(usize::MAX).max(1);
    let mut cut = false;

    let all = pieces(text);
    for (k, &(start, end)) in all.iter().enumerate() {
        if lines.len() >= limit {
            cut = all[k..].iter().any(|&p| has_ink(p));
            break;
        }
        let word_end = start + text[start..end].trim_end().len();
        let word_width = width(start, word_end);
        if word_width > max_width {
            if let Some(line) = current.take().filter(|&l| has_ink(l)) {
                lines.push(line);
            }
            let mut from = start;
            for chunk in split_word(faces, &text[start..word_end], size, weight, rtl, max_width) {
                lines.push((from, from + chunk.len()));
                from += chunk.len();
            }
            // The last piece of the word starts the next line, with its spaces.
            if let Some((last, _)) = lines.pop() {
                current = Some((last, end));
                current_width = width(last, end);
            }
            continue;
        }
        if let Some(line) = current.filter(|&l| has_ink(l)) {
            if current_width + word_width > max_width {
                lines.push(line);
                current = None;
                current_width = 0.0;
            }
        }
        current = Some((current.map_or(start, |(s, _)| s), end));
        current_width += width(start, end);
    }
    match current {
        Some(line) if has_ink(line) || lines.is_empty() => lines.push(line),
        None if lines.is_empty() => lines.push((0, 0)),
        _ => {}
    }
    if lines.len() > limit {
        cut = true;
        lines.truncate(limit);
    }

    let one_run = whole.runs.len() == 1;
    let mut shaped: Vec<ShapedLine> = lines
        .iter()
        .map(|&(start, end)| {
            let end = start + text[start..end].trim_end().len();
            if start == 0 && end == text.len() {
                whole.clone()
            } else if one_run {
                cut_out(&whole, &text[start..end], start)
            } else {
                shape_line(faces, &text[start..end], size, weight, rtl)
            }
        })
        .collect();
    if cut {
        if let (Some(&(start, end)), Some(last)) = (lines.last(), shaped.last_mut()) {
            *last = ellipsize(faces, text[start..end].trim_end(), size, weight, rtl, max_width);
        }
    }
    shaped
}

/// The part of a one-run line whose characters start at `offset` and read `text`:
/// its glyphs, moved to the line's left edge, with clusters counted from `offset`.
fn cut_out(whole: &ShapedLine, text: &str, offset: usize) -> ShapedLine {
    let run = &whole.runs[0];
    let inside = |g: &Glyph| g.cluster >= offset && g.cluster < offset + text.len();
    let left: f32 = run.glyphs.iter().take_while(|g| !inside(g)).map(|g| g.advance).sum();
    let glyphs: Vec<Glyph> = run
        .glyphs
        .iter()
        .filter(|g| inside(g))
        .map(|g| Glyph { x: g.x - left, cluster: g.cluster - offset, ..*g })
        .collect();
    let width = glyphs.iter().map(|g| g.advance).sum();
    let runs = if glyphs.is_empty() {
        Vec::new()
    } else {
        vec![Run { face: run.face, x: 0.0, width, glyphs, text: text.to_string(), offset: 0 }]
    };
    ShapedLine { runs, width, ..whole.clone_empty() }
}

/// Words with the spaces that follow them, as byte ranges; leading spaces form their
/// own piece.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c == ' ';
        if in_space && !space {
            out.push((start, i));
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        out.push((start, text.len()));
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
        let run = &line.runs[0];
        let mut mapped: Vec<(usize, &str)> =
            glyphs.iter().filter(|g| g.len > 0).map(|g| (g.cluster, run.text_of(g))).collect();
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
