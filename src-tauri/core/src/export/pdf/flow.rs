//! The flow: text poured down pages under the clinic's letterhead, with page breaks,
//! a footer, and "Page X of N" written once every page is known.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use printpdf::{
    Codepoint, Color, DictItem, FontId, Greyscale, ImageCompression, ImageOptimizationOptions, Line,
    LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, TextItem, TextMatrix, TextRenderingMode, XObjectId, XObjectTransform,
};

use super::fonts::{drawable, is_format_control, FaceId, Faces};
use super::logo::decode_logo;
use super::shape::{shape_line, wrap, Glyph, ShapedLine, Weight};
use crate::error::{AppError, AppResult};

/// Paper, portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    A4,
    A5,
    /// An 80 mm thermal receipt printer's roll, cut in pages of 240 mm.
    Roll80,
}

impl PageSize {
    fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::A5 => (148.0, 210.0),
            PageSize::Roll80 => (80.0, 240.0),
        }
    }

    /// A roll's printable width is about 72 mm: narrow margins, a smaller logo.
    fn margin_mm(self) -> f32 {
        if self == PageSize::Roll80 {
            4.0
        } else {
            MARGIN_MM
        }
    }

    fn logo_mm(self) -> f32 {
        match self {
            PageSize::A4 => 20.0,
            PageSize::A5 => 16.0,
            PageSize::Roll80 => 10.0,
        }
    }
}

/// An image as stored: its bytes and their type (`image/png` or `image/jpeg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub mime: String,
}

/// What heads every page. Without a logo (or with one that cannot be read) the
/// bundled Al-Hayat logo is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub logo: Option<Logo>,
}

/// The document's properties, as a PDF reader shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub created: DateTime<Utc>,
}

/// How a paragraph is set. Sizes in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub weight: Weight,
    /// Grey instead of black (labels, notes).
    pub muted: bool,
    /// Cut the text after this many lines, ending in "…".
    pub max_lines: Option<usize>,
}

impl TextStyle {
    pub const fn new(size: f32) -> Self {
        TextStyle { size, weight: Weight::Regular, muted: false, max_lines: None }
    }
    pub const fn bold(self) -> Self {
        TextStyle { weight: Weight::Bold, ..self }
    }
    pub const fn muted(self) -> Self {
        TextStyle { muted: true, ..self }
    }
    pub const fn max_lines(self, lines: usize) -> Self {
        TextStyle { max_lines: Some(lines), ..self }
    }
}

/// One row of a label/value table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    pub label: &'a str,
    pub value: &'a str,
}

const MARGIN_MM: f32 = 12.0;
const HEADER_GAP_PT: f32 = 8.0;
const FOOTER_SIZE: f32 = 7.5;
const MUTED: f32 = 0.38;
const RULE: f32 = 0.7;

struct PlacedLogo {
    id: XObjectId,
    width: f32,
    height: f32,
    dpi: f32,
}

/// Keeps one Unicode text per glyph of each face across the whole document, since
/// a PDF font maps each glyph to one text (its ToUnicode entry). A run that would need
/// a glyph to say something else carries its text as ActualText instead.
#[derive(Default)]
struct GlyphTexts {
    by_glyph: HashMap<(FaceId, u16), String>,
    actual_text_runs: usize,
    /// Marks given ActualText because they stand off the baseline.
    marks_off_baseline: usize,
}

/// A document being laid out. Every page gets the letterhead; call
/// [`Flow::finish`] for the PDF bytes.
pub struct Flow {
    faces: Faces,
    doc: PdfDocument,
    width: f32,
    height: f32,
    margin: f32,
    letterhead: Vec<ShapedLine>,
    logo: Option<PlacedLogo>,
    footer: String,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page, in points from the bottom.
    y: f32,
    body_top: f32,
    body_bottom: f32,
    glyph_texts: GlyphTexts,
    faces_used: BTreeSet<FaceId>,
}

impl Flow {
    /// A flow on `size` paper. `footer` is printed at the foot of every page, left of
    /// the page number.
    pub fn new(size: PageSize, letterhead: &Letterhead, footer: &str) -> AppResult<Flow> {
        let faces = Faces::bundled()?;
        let (w, h) = size.mm();
        let (width, height) = (Pt::from(Mm(w)).0, Pt::from(Mm(h)).0);
        let margin = Pt::from(Mm(size.margin_mm())).0;
        let mut doc = PdfDocument::new("");

        let logo_height = Pt::from(Mm(size.logo_mm())).0;
        let logo = decode_logo(letterhead.logo.as_ref()).map(|raw| {
            let (px_w, px_h) = (raw.width.max(1) as f32, raw.height.max(1) as f32);
            // At `dpi`, printpdf draws the image `px * 72 / dpi` points wide.
            let dpi = (px_h * 72.0 / logo_height).max(px_w * 72.0 / (logo_height * 2.5));
            PlacedLogo { id: doc.add_image(&raw), width: px_w * 72.0 / dpi, height: px_h * 72.0 / dpi, dpi }
        });

        let mut flow = Flow {
            faces,
            doc,
            width,
            height,
            margin,
            letterhead: Vec::new(),
            logo,
            footer: String::new(),
            pages: Vec::new(),
            y: 0.0,
            body_top: 0.0,
            body_bottom: 0.0,
            glyph_texts: GlyphTexts::default(),
            faces_used: BTreeSet::new(),
        };
        flow.footer = flow.one_line(footer);
        flow.letterhead = flow.shape_letterhead(letterhead);
        let text_height: f32 = flow.letterhead.iter().map(ShapedLine::height).sum();
        let logo_height = flow.logo.as_ref().map_or(0.0, |l| l.height);
        flow.body_top = flow.height - flow.margin - logo_height.max(text_height) - HEADER_GAP_PT * 2.0;
        let footer_line = shape_line(&flow.faces, "Page", FOOTER_SIZE, Weight::Regular, false);
        flow.body_bottom = flow.margin + footer_line.height() + HEADER_GAP_PT;
        flow.new_page();
        Ok(flow)
    }

    fn header_text_width(&self) -> f32 {
        let logo = self.logo.as_ref().map_or(0.0, |l| l.width + 10.0);
        self.width - 2.0 * self.margin - logo
    }

    fn shape_letterhead(&self, head: &Letterhead) -> Vec<ShapedLine> {
        let width = self.header_text_width();
        let mut lines = Vec::new();
        let parts = [
            (head.name.as_str(), TextStyle::new(13.0).bold().max_lines(2)),
            (head.address.as_str(), TextStyle::new(8.5).muted().max_lines(2)),
            (head.phone.as_str(), TextStyle::new(8.5).muted().max_lines(1)),
        ];
        for (text, style) in parts {
            let text = self.one_line(text);
            if !text.trim().is_empty() {
                lines.extend(self.wrap_with(&text, style, width));
            }
        }
        lines
    }

    /// Text for a single line: what the faces can draw, line breaks made spaces.
    fn one_line(&self, text: &str) -> String {
        drawable(text, &self.faces).replace('\n', " ")
    }

    fn wrap_with(&self, text: &str, style: TextStyle, width: f32) -> Vec<ShapedLine> {
        wrap(&self.faces, text, style.size, style.weight, width, style.max_lines)
    }

    /// Starts a page, with the letterhead drawn.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let top = self.height - self.margin;
        let mut x_text = self.margin;
        let logo = self.logo.as_ref().map(|logo| {
            let op = Op::UseXobject {
                id: logo.id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(self.margin)),
                    translate_y: Some(Pt(top - logo.height)),
                    dpi: Some(logo.dpi),
                    ..Default::default()
                },
            };
            (op, logo.width)
        });
        if let Some((op, logo_width)) = logo {
            self.ops().push(op);
            x_text += logo_width + 10.0;
        }
        let width = self.header_text_width();
        let mut y = top;
        let lines = std::mem::take(&mut self.letterhead);
        for (k, line) in lines.iter().enumerate() {
            let x = if line.rtl { x_text + width - line.width } else { x_text };
            let muted = k > 0 && !line.bold;
            self.draw_line(line, x, y - line.ascent, muted);
            y -= line.height();
        }
        self.letterhead = lines;
        let rule_y = self.body_top + HEADER_GAP_PT;
        self.rule_at(rule_y, RULE);
        self.y = self.body_top;
    }

    /// Pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Width available to text, in points.
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    /// Vertical space, in millimetres.
    pub fn gap(&mut self, mm: f32) {
        self.y -= Pt::from(Mm(mm)).0;
        if self.y < self.body_bottom {
            self.new_page();
        }
    }

    /// A thin line across the text width.
    pub fn rule(&mut self) {
        self.ensure(6.0);
        let y = self.y - 3.0;
        self.rule_at(y, 0.4);
        self.y -= 6.0;
    }

    /// Text wrapped to the page width; a paragraph with Urdu in it is set right to left,
    /// flush right. `\n` starts a new line.
    pub fn paragraph(&mut self, text: &str, style: TextStyle) {
        let width = self.text_width();
        let left = self.margin;
        for part in drawable(text, &self.faces).split('\n') {
            for line in self.wrap_with(part, style, width) {
                self.ensure(line.height());
                let x = if line.rtl { left + width - line.width } else { left };
                let baseline = self.y - line.ascent;
                self.draw_line(&line, x, baseline, style.muted);
                self.y -= line.height();
            }
        }
    }

    /// Label/value rows: labels in a narrow muted column, values beside them (Urdu
    /// values flush right). A row is kept on one page when it fits on one.
    pub fn table(&mut self, rows: &[Row<'_>], style: TextStyle) {
        let width = self.text_width();
        let label_width = (width * 0.32).min(Pt::from(Mm(45.0)).0);
        let gap = 8.0;
        let value_width = width - label_width - gap;
        let label_style = TextStyle { size: style.size * 0.9, weight: Weight::Regular, ..style }.muted();
        let pad = 2.5;
        for row in rows {
            let labels = self.wrap_with(&self.one_line(row.label), label_style, label_width);
            let values: Vec<ShapedLine> = drawable(row.value, &self.faces)
                .split('\n')
                .flat_map(|part| self.wrap_with(part, style, value_width))
                .collect();
            let count = labels.len().max(values.len());
            let line_height = |k: usize| {
                labels
                    .get(k)
                    .map_or(0.0, ShapedLine::height)
                    .max(values.get(k).map_or(0.0, ShapedLine::height))
            };
            let row_height: f32 = (0..count).map(line_height).sum::<f32>() + 2.0 * pad;
            let page_body = self.body_top - self.body_bottom;
            if self.y - row_height < self.body_bottom && row_height <= page_body && self.y < self.body_top {
                self.new_page();
            }
            self.y -= pad;
            for k in 0..count {
                let h = line_height(k);
                self.ensure(h);
                if let Some(label) = labels.get(k) {
                    let baseline = self.y - label.ascent.max(values.get(k).map_or(0.0, |v| v.ascent));
                    self.draw_line(label, self.margin, baseline, true);
                }
                if let Some(value) = values.get(k) {
                    let left = self.margin + label_width + gap;
                    let x = if value.rtl { left + value_width - value.width } else { left };
                    let baseline = self.y - value.ascent.max(labels.get(k).map_or(0.0, |l| l.ascent));
                    self.draw_line(value, x, baseline, style.muted);
                }
                self.y -= h;
            }
            self.y -= pad;
            self.rule_at(self.y, 0.25);
        }
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < self.body_bottom && self.y < self.body_top {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn rule_at(&mut self, y: f32, thickness: f32) {
        let ops = self.rule_ops(y, thickness);
        self.ops().extend(ops);
    }

    fn rule_ops(&self, y: f32, thickness: f32) -> Vec<Op> {
        let (x0, x1) = (self.margin, self.width - self.margin);
        let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        vec![
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: Color::Greyscale(Greyscale::new(0.6, None)) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line: Line { points: vec![point(x0), point(x1)], is_closed: false } },
            Op::RestoreGraphicsState,
        ]
    }

    /// Draws a shaped line on the current page.
    fn draw_line(&mut self, line: &ShapedLine, x: f32, baseline: f32, muted: bool) {
        let ops = self.line_ops(line, x, baseline, muted);
        self.ops().extend(ops);
    }

    /// The operations that draw a shaped line with its left edge at `x` and its
    /// baseline at `baseline`.
    fn line_ops(&mut self, line: &ShapedLine, x: f32, baseline: f32, muted: bool) -> Vec<Op> {
        if line.runs.iter().all(|r| r.glyphs.is_empty()) {
            return Vec::new();
        }
        let mut ops = Vec::new();
        ops.push(Op::StartTextSection);
        let grey = if muted { MUTED } else { 0.0 };
        ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(grey, None)) });
        for run in &line.runs {
            let glyphs: Vec<&Glyph> = run
                .glyphs
                .iter()
                .filter(|g| {
                    let text = run.text_of(g);
                    text.is_empty() || !text.chars().all(is_format_control)
                })
                .collect();
            if glyphs.is_empty() {
                continue;
            }
            self.faces_used.insert(run.face);
            // Resolve each glyph's text against what the document already says of it.
            let mut clash = false;
            let mut texts: Vec<String> = Vec::with_capacity(glyphs.len());
            for g in &glyphs {
                let own = run.text_of(g);
                match self.glyph_texts.by_glyph.get(&(run.face, g.id)) {
                    Some(known) => {
                        clash |= known != own;
                        texts.push(known.clone());
                    }
                    None => {
                        self.glyph_texts.by_glyph.insert((run.face, g.id), own.to_string());
                        texts.push(own.to_string());
                    }
                }
            }
            if clash {
                self.glyph_texts.actual_text_runs += 1;
                ops.push(actual_text(&run.text));
            }
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(run.face.resource_name().into())),
                size: Pt(line.size),
            });
            // Noto Sans ships one weight: bold Latin is drawn with a hairline outline.
            let fake_bold = line.bold && !run.face.is_naskh();
            if fake_bold {
                ops.push(Op::SetOutlineColor { col: Color::Greyscale(Greyscale::new(grey, None)) });
                ops.push(Op::SetOutlineThickness { pt: Pt(line.size * 0.045) });
                ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            }
            let face = self.faces.get(run.face);
            let mode = if fake_bold { TextRenderingMode::FillStroke } else { TextRenderingMode::Fill };
            let on_baseline = |g: &Glyph| g.y.abs() <= 0.01;
            let mut pen = 0.0f32;
            let mut k = 0;
            while k < glyphs.len() {
                let g = glyphs[k];
                if on_baseline(g) {
                    // Glyphs on the baseline go in one show: each glyph's own place is
                    // kept by the adjustment after the one before it.
                    let first = k;
                    while k < glyphs.len() && on_baseline(glyphs[k]) {
                        k += 1;
                    }
                    let origin = glyphs[first].x;
                    let em = |points: f32| points * 1000.0 / line.size;
                    let codepoints = (first..k)
                        .map(|j| {
                            let here = glyphs[j];
                            pen = pen.max(here.x + here.advance);
                            let adjust = glyphs.get(j + 1).filter(|_| j + 1 < k).map_or(0.0, |next| {
                                em(here.x - origin) + face.pdf_width(here.id) - em(next.x - origin)
                            });
                            Codepoint::with_cid(here.id, adjust, std::mem::take(&mut texts[j]))
                        })
                        .collect();
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(x + run.x + origin), Pt(baseline)),
                    });
                    ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] });
                    continue;
                }
                let text = std::mem::take(&mut texts[k]);
                k += 1;
                let at = TextMatrix::Translate(Pt(x + run.x + g.x), Pt(baseline + g.y));
                if clash {
                    ops.push(Op::SetTextMatrix { matrix: at });
                    ops.push(show_one(g.id, text));
                    continue;
                }
                // Readers group characters into lines by where each glyph's origin stands,
                // so a mark raised or lowered off the baseline (ٰ in یحییٰ) would be read
                // as a line of its own. The mark says what it is as ActualText over a
                // span that starts with an invisible, textless glyph on the baseline.
                ops.push(actual_text(&text));
                ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Invisible });
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x + run.x + pen - 0.01), Pt(baseline)),
                });
                ops.push(show_one(0, String::new()));
                ops.push(Op::SetTextRenderingMode { mode });
                ops.push(Op::SetTextMatrix { matrix: at });
                ops.push(show_one(g.id, text));
                ops.push(Op::EndMarkedContent);
                self.glyph_texts.marks_off_baseline += 1;
            }
            if fake_bold {
                ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
            }
            if clash {
                ops.push(Op::EndMarkedContent);
            }
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// How many runs needed ActualText because a glyph's ToUnicode text could not say
    /// what they show (tests expect none for ordinary names).
    #[cfg(test)]
    pub(crate) fn actual_text_runs(&self) -> usize {
        self.glyph_texts.actual_text_runs
    }

    /// How many marks carried ActualText because they stood off the baseline.
    #[cfg(test)]
    pub(crate) fn marks_off_baseline(&self) -> usize {
        self.glyph_texts.marks_off_baseline
    }

    /// Writes the footers with "Page X of N" and returns the PDF.
    pub fn finish(self, info: &DocumentInfo) -> AppResult<Vec<u8>> {
        self.finish_with_warnings(info).map(|(bytes, _)| bytes)
    }

    pub(crate) fn finish_with_warnings(mut self, info: &DocumentInfo) -> AppResult<(Vec<u8>, Vec<String>)> {
        let total = self.pages.len();
        let footer = self.footer.clone();
        let width = self.text_width();
        for page in 0..total {
            let numbers = shape_line(
                &self.faces,
                &format!("Page {} of {total}", page + 1),
                FOOTER_SIZE,
                Weight::Regular,
                false,
            );
            let notes = wrap(
                &self.faces,
                &footer,
                FOOTER_SIZE,
                Weight::Regular,
                width - numbers.width - 12.0,
                Some(1),
            );
            let baseline = self.margin + numbers.descent;
            let mut ops = self.rule_ops(baseline + numbers.ascent + 4.0, 0.25);
            if let Some(note) = notes.first() {
                let x = if note.rtl {
                    self.margin + width - numbers.width - 12.0 - note.width
                } else {
                    self.margin
                };
                ops.extend(self.line_ops(note, x, baseline, true));
            }
            ops.extend(self.line_ops(&numbers, self.width - self.margin - numbers.width, baseline, true));
            self.pages[page].extend(ops);
        }

        let mut font_warnings = Vec::new();
        for face in &self.faces_used {
            let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut font_warnings).ok_or_else(|| {
                AppError::internal(format!("bundled font {} cannot be parsed", face.resource_name()))
            })?;
            self.doc.resources.fonts.map.insert(FontId(face.resource_name().into()), PdfFont::new(parsed));
        }

        let when = printpdf::OffsetDateTime::from_unix_timestamp(info.created.timestamp())
            .map_err(|e| AppError::internal(format!("document date: {e}")))?;
        let meta = &mut self.doc.metadata.info;
        meta.document_title = info.title.clone();
        meta.subject = info.subject.clone();
        meta.author = info.author.clone();
        meta.creator = "Al-Hayat Clinic".into();
        meta.producer = "Al-Hayat Clinic".into();
        meta.creation_date = when;
        meta.modification_date = when;
        meta.metadata_date = when;

        let (w, h) = (Mm::from(Pt(self.width)), Mm::from(Pt(self.height)));
        let pages = self.pages.drain(..).map(|ops| PdfPage::new(w, h, ops)).collect();
        self.doc.with_pages(pages);
        let mut warnings = Vec::new();
        let options = PdfSaveOptions {
            image_optimization: Some(ImageOptimizationOptions {
                format: Some(ImageCompression::Flate),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut pdf = self.doc.to_lopdf_document(&options, &mut warnings);
        // Soft masks (the logo's transparency) need 1.4; printpdf leaves the header at 1.3.
        pdf.version = "1.7".into();
        // printpdf always writes a PDF/X version key, which makes readers take the file
        // for PDF/X; it is not, so the key goes.
        if let Ok(info) = pdf.trailer.get(b"Info").and_then(|o| o.as_reference()) {
            if let Ok(dict) = pdf.get_dictionary_mut(info) {
                dict.remove(b"GTS_PDFXVersion");
                dict.remove(b"Identifier");
            }
        }
        compress(&mut pdf)?;
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).map_err(|e| AppError::internal(format!("pdf writer: {e}")))?;
        let problems: Vec<String> = warnings
            .iter()
            .filter(|w| w.severity == PdfParseErrorSeverity::Error)
            .map(|w| w.msg.clone())
            .collect();
        if !problems.is_empty() {
            // printpdf's messages name operators and fonts, not the text on the page.
            tracing::warn!(count = problems.len(), first = %problems[0], "pdf writer reported problems");
        }
        Ok((bytes, problems))
    }
}

/// Shows one glyph, which stands for `text`.
fn show_one(glyph: u16, text: String) -> Op {
    Op::ShowText { items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(glyph, 0.0, text)])] }
}

/// Deflates every stream not yet compressed. lopdf's own pass uses the best (slowest)
/// level, which took most of a second on a record of 200 pages; the fastest level
/// takes a twentieth of that, for a file about 1.8 times the size.
fn compress(pdf: &mut lopdf::Document) -> AppResult<()> {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 4),
            flate2::Compression::fast(),
        );
        encoder
            .write_all(&stream.content)
            .map_err(|e| AppError::internal(format!("pdf compression: {e}")))?;
        let packed = encoder.finish().map_err(|e| AppError::internal(format!("pdf compression: {e}")))?;
        if packed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// Opens a span whose text, for readers that copy or search, is `text`.
fn actual_text(text: &str) -> Op {
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict {
            map: [("ActualText".to_string(), DictItem::String { data: utf16be(text), literal: false })]
                .into(),
        },
    }
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
