//! What an attached file's bytes may hold. A document stays in the record for years
//! and leaves it in the patient's portability zip, where whatever program opens it may
//! run what it carries; so a PDF must be one the app can read whole, with nothing in it
//! that acts by itself (scripts, launch and form-submit actions, embedded files,
//! multimedia, automatic actions), and a PNG or JPEG must decode as the picture it
//! says it is. Pure, so every rule is tested on bytes.
//!
//! The PDF is read with lopdf, which inflates object streams and decodes `#xx`
//! escapes in names, so `/J#61vaScript` in a compressed object stream is seen as
//! `/JavaScript`. Two checks on the raw bytes back the reading up: every object the
//! cross-reference table lists must have been read, and no name that only active
//! content uses (`/JavaScript`, `/Launch`, …) may appear anywhere in the file or in an
//! object stream, even where lopdf did not look (a duplicate key, an object no table
//! lists). Short names (`/JS`, `/AA`) are only looked for in what was read: in the raw
//! bytes of a compressed 20 MB scan three letters turn up by chance.

use std::io::Cursor;

use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, LoadOptions, Object};

/// What a PDF carries that the clinic does not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveContent {
    Script,
    Launch,
    EmbeddedFile,
    Multimedia,
    AutomaticAction,
    Form,
}

impl ActiveContent {
    pub fn words(self) -> &'static str {
        match self {
            ActiveContent::Script => "a script (JavaScript)",
            ActiveContent::Launch => "an instruction to start a program or open another file",
            ActiveContent::EmbeddedFile => "other files hidden inside it",
            ActiveContent::Multimedia => "embedded sound, video or interactive media",
            ActiveContent::AutomaticAction => "actions that run by themselves when it is opened",
            ActiveContent::Form => "a form that sends or fetches data",
        }
    }
}

/// Why a file cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a PDF that can be read whole (cut short, damaged, or built so that parts of
    /// it are hidden from a reader).
    DamagedPdf,
    /// Encrypted with a password needed to open it: its content cannot be checked.
    PasswordPdf,
    /// Reads, but has no page.
    EmptyPdf,
    Active(ActiveContent),
    /// A PNG or JPEG whose picture does not decode.
    DamagedImage,
    /// A picture larger than the app will decode (a "decompression bomb", or a scan at
    /// an absurd resolution).
    ImageTooLarge,
}

/// A decompressed object stream larger than this is refused: a 20 MB file whose object
/// streams inflate past it is built to exhaust memory.
const MAX_OBJECT_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Dictionary keys that only active content uses.
const ACTIVE_KEYS: &[(&[u8], ActiveContent)] = &[
    (b"JS", ActiveContent::Script),
    (b"JavaScript", ActiveContent::Script),
    (b"AA", ActiveContent::AutomaticAction),
    (b"EmbeddedFiles", ActiveContent::EmbeddedFile),
    (b"EF", ActiveContent::EmbeddedFile),
    (b"XFA", ActiveContent::Form),
    (b"RichMediaContent", ActiveContent::Multimedia),
    (b"RichMediaSettings", ActiveContent::Multimedia),
];

/// Action types (`/S`) that run code, start programs, open or send files. Links to a
/// page (`GoTo`) or a web address (`URI`), which a person has to click, are kept.
const ACTIVE_ACTIONS: &[(&[u8], ActiveContent)] = &[
    (b"JavaScript", ActiveContent::Script),
    (b"Launch", ActiveContent::Launch),
    (b"GoToR", ActiveContent::Launch),
    (b"GoToE", ActiveContent::EmbeddedFile),
    (b"ImportData", ActiveContent::Form),
    (b"SubmitForm", ActiveContent::Form),
    (b"Rendition", ActiveContent::Multimedia),
    (b"RichMediaExecute", ActiveContent::Multimedia),
    (b"Movie", ActiveContent::Multimedia),
    (b"Sound", ActiveContent::Multimedia),
];

/// Object types and subtypes (`/Type`, `/Subtype`) of embedded files and media.
const ACTIVE_TYPES: &[(&[u8], ActiveContent)] = &[
    (b"EmbeddedFile", ActiveContent::EmbeddedFile),
    (b"FileAttachment", ActiveContent::EmbeddedFile),
    (b"RichMedia", ActiveContent::Multimedia),
    (b"Movie", ActiveContent::Multimedia),
    (b"Sound", ActiveContent::Multimedia),
    (b"Screen", ActiveContent::Multimedia),
    (b"3D", ActiveContent::Multimedia),
];

/// Names long enough to look for in raw bytes (a chance match in compressed data is
/// below one in a billion files), used by nothing but active content.
const TELLTALE_NAMES: &[(&[u8], ActiveContent)] = &[
    (b"JavaScript", ActiveContent::Script),
    (b"Launch", ActiveContent::Launch),
    (b"GoToE", ActiveContent::EmbeddedFile),
    (b"GoToR", ActiveContent::Launch),
    (b"EmbeddedFile", ActiveContent::EmbeddedFile),
    (b"EmbeddedFiles", ActiveContent::EmbeddedFile),
    (b"RichMedia", ActiveContent::Multimedia),
    (b"RichMediaContent", ActiveContent::Multimedia),
    (b"RichMediaExecute", ActiveContent::Multimedia),
    (b"ImportData", ActiveContent::Form),
    (b"SubmitForm", ActiveContent::Form),
];

fn find(table: &[(&[u8], ActiveContent)], name: &[u8]) -> Option<ActiveContent> {
    table.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

/// Checks a PDF: it reads whole, has a page, and carries no active content.
pub fn check_pdf(content: &[u8]) -> Result<(), Refusal> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_OBJECT_STREAM_BYTES), ..Default::default() };
    let doc = Document::load_mem_with_options(content, options).map_err(|_| Refusal::DamagedPdf)?;
    if doc.trailer.has(b"Encrypt") {
        // lopdf removes /Encrypt once it has decrypted with the empty user password.
        return Err(Refusal::PasswordPdf);
    }
    every_listed_object_was_read(&doc)?;
    // Raw names first: they also catch what the reading missed.
    let raw = names_in(content);
    let mut object_streams_read = 0;
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            if s.dict.has_type(b"ObjStm") {
                object_streams_read += 1;
                // lopdf keeps the container inflated after taking its objects out.
                if let Some(found) = names_in(&s.content).telltale {
                    return Err(Refusal::Active(found));
                }
            }
        }
    }
    if let Some(found) = raw.telltale {
        return Err(Refusal::Active(found));
    }
    if raw.object_streams > object_streams_read {
        // An object stream the cross-reference data does not lead to: a reader that
        // rebuilds the table would find objects never checked here.
        return Err(Refusal::DamagedPdf);
    }
    for object in doc.objects.values() {
        if let Some(found) = active_in(object, 0) {
            return Err(Refusal::Active(found));
        }
    }
    open_action_is_a_destination(&doc)?;
    if doc.page_iter().next().is_none() {
        return Err(Refusal::EmptyPdf);
    }
    Ok(())
}

/// lopdf skips an object it cannot read and goes on; a reader that repairs files
/// might read it, so the file is refused instead.
fn every_listed_object_was_read(doc: &Document) -> Result<(), Refusal> {
    let encryption_dictionary = doc.encryption_state.as_ref().and_then(|s| s.encrypt_object_id());
    for (&number, entry) in &doc.reference_table.entries {
        let id = match *entry {
            XrefEntry::Normal { generation, .. } => (number, generation),
            XrefEntry::Compressed { .. } => (number, 0),
            XrefEntry::Free | XrefEntry::UnusableFree => continue,
        };
        if !doc.objects.contains_key(&id) && Some(id) != encryption_dictionary {
            return Err(Refusal::DamagedPdf);
        }
    }
    Ok(())
}

fn active_in(object: &Object, depth: usize) -> Option<ActiveContent> {
    // lopdf's parser stops at a nesting of 100; this only guards the walk.
    if depth > 200 {
        return Some(ActiveContent::AutomaticAction);
    }
    match object {
        Object::Dictionary(d) => active_in_dictionary(d, depth),
        Object::Stream(s) => active_in_dictionary(&s.dict, depth),
        Object::Array(items) => items.iter().find_map(|o| active_in(o, depth + 1)),
        _ => None,
    }
}

fn active_in_dictionary(d: &Dictionary, depth: usize) -> Option<ActiveContent> {
    for (key, value) in d.iter() {
        if let Some(found) = find(ACTIVE_KEYS, key) {
            return Some(found);
        }
        if let Object::Name(name) = value {
            let table = match key.as_slice() {
                b"S" => ACTIVE_ACTIONS,
                b"Type" | b"Subtype" => ACTIVE_TYPES,
                _ => &[],
            };
            if let Some(found) = find(table, name) {
                return Some(found);
            }
        }
        if let Some(found) = active_in(value, depth + 1) {
            return Some(found);
        }
    }
    None
}

/// What happens when the file is opened: showing a page is fine; any other action
/// (even a web address, which would be opened unasked) is refused.
fn open_action_is_a_destination(doc: &Document) -> Result<(), Refusal> {
    let Ok(catalog) = doc.catalog() else { return Err(Refusal::DamagedPdf) };
    let Ok(action) = catalog.get(b"OpenAction") else { return Ok(()) };
    let (_, action) = doc.dereference(action).map_err(|_| Refusal::DamagedPdf)?;
    match action {
        Object::Array(_) => Ok(()),
        Object::Dictionary(d)
            if d.get(b"S").and_then(Object::as_name).is_ok_and(|s| s == b"GoTo") && !d.has(b"Next") =>
        {
            Ok(())
        }
        _ => Err(Refusal::Active(ActiveContent::AutomaticAction)),
    }
}

struct RawNames {
    telltale: Option<ActiveContent>,
    /// How many times `/ObjStm` is named: each is an object stream's type.
    object_streams: usize,
}

/// Every name token in raw bytes, with `#xx` escapes decoded, the way a reader that
/// scans a damaged file would see it.
fn names_in(bytes: &[u8]) -> RawNames {
    let mut out = RawNames { telltale: None, object_streams: 0 };
    let mut i = 0;
    let mut name = Vec::with_capacity(32);
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'/') {
        i += at + 1;
        name.clear();
        while i < bytes.len() && is_regular(bytes[i]) && name.len() <= 32 {
            match (bytes[i], bytes.get(i + 1..i + 3)) {
                (b'#', Some(hex)) if hex.iter().all(u8::is_ascii_hexdigit) => {
                    let hex = std::str::from_utf8(hex).expect("hex digits are ASCII");
                    name.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
                    i += 3;
                }
                (b, _) => {
                    name.push(b);
                    i += 1;
                }
            }
        }
        if name == b"ObjStm" {
            out.object_streams += 1;
        } else if out.telltale.is_none() {
            out.telltale = find(TELLTALE_NAMES, &name);
        }
    }
    out
}

/// A byte that continues a name: not white space, not a delimiter (PDF 32000-1, 7.2.2).
fn is_regular(b: u8) -> bool {
    !matches!(
        b,
        b'\0'
            | b'\t'
            | b'\n'
            | b'\x0C'
            | b'\r'
            | b' '
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// The largest picture decoded: 20,000 pixels a side and 512 MiB of pixels, well past
/// an A3 page scanned in colour at 600 dpi (7,016 × 9,921, about 200 MiB).
const MAX_IMAGE_SIDE: u32 = 20_000;
const MAX_IMAGE_BYTES: u64 = 512 * 1024 * 1024;

/// Checks that a PNG or JPEG decodes whole.
pub fn check_image(format: image::ImageFormat, content: &[u8]) -> Result<(), Refusal> {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_BYTES);
    let mut reader = image::ImageReader::with_format(Cursor::new(content), format);
    reader.limits(limits);
    match reader.decode() {
        Ok(_) => Ok(()),
        Err(image::ImageError::Limits(_)) => Err(Refusal::ImageTooLarge),
        Err(_) => Err(Refusal::DamagedImage),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::export::pdf::check::qpdf_rewrite;

    /// A PDF of `objects` (numbered from 1, the first the catalog) with a classic
    /// cross-reference table; `unlisted` is written among them but not listed.
    fn pdf_with(objects: &[String], unlisted: &[u8]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        out.extend(unlisted);
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
                .bytes(),
        );
        out
    }

    /// Catalog, page tree, one page with a line of text; `catalog` and `page` add
    /// entries to those dictionaries, `more` adds objects from number 6.
    fn pdf(catalog: &str, page: &str, more: &[&str]) -> Vec<u8> {
        let text = "BT /F1 12 Tf 10 50 Td (Referral letter) Tj ET";
        let mut objects = vec![
            format!("<< /Type /Catalog /Pages 2 0 R {catalog} >>"),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R \
                 /Resources << /Font << /F1 5 0 R >> >> {page} >>"
            ),
            format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        objects.extend(more.iter().map(|s| s.to_string()));
        pdf_with(&objects, b"")
    }

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    /// An object stream holding object 6 (`hidden`), and a cross-reference stream
    /// that lists it as compressed; the page's one annotation is object 6.
    fn pdf_with_object_stream(hidden: &str) -> Vec<u8> {
        let header = "6 0 ";
        let packed = deflate(format!("{header}{hidden}").as_bytes());
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Annots [6 0 R] >>".to_string(),
        ];
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        offsets.push(out.len());
        out.extend(
            format!(
                "4 0 obj\n<< /Type /ObjStm /N 1 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
                header.len(),
                packed.len()
            )
            .bytes(),
        );
        out.extend(&packed);
        out.extend(b"\nendstream\nendobj\n");
        let xref_at = out.len();
        // Entries of 1 + 4 + 2 bytes: type, offset or container, generation or index.
        let mut entries = Vec::new();
        let mut entry = |kind: u8, a: u32, b: u16| {
            entries.push(kind);
            entries.extend(a.to_be_bytes());
            entries.extend(b.to_be_bytes());
        };
        entry(0, 0, 0xFFFF);
        for o in &offsets {
            entry(1, *o as u32, 0);
        }
        entry(1, xref_at as u32, 0); // 5: this cross-reference stream
        entry(2, 4, 0); // 6: in object stream 4, first
        out.extend(
            format!(
                "5 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
                entries.len()
            )
            .bytes(),
        );
        out.extend(&entries);
        out.extend(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").bytes());
        out
    }

    fn link(action: &str) -> String {
        format!("<< /Type /Annot /Subtype /Link /Rect [0 0 50 20] /A {action} >>")
    }

    #[test]
    fn plain_documents_and_links_a_person_clicks_are_kept() {
        let uri = link("<< /S /URI /URI (https://chughtailab.com/report) >>");
        let goto = link("<< /S /GoTo /D [3 0 R /Fit] >>");
        for (what, bytes) in [
            ("plain", pdf("", "", &[])),
            ("opens at a page", pdf("/OpenAction [3 0 R /Fit]", "", &[])),
            ("opens at a page by reference", pdf("/OpenAction 6 0 R", "", &["[3 0 R /XYZ null null 0]"])),
            ("opens with a go-to", pdf("/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", "", &[])),
            ("a web link", pdf("", "/Annots [6 0 R]", &[&uri])),
            ("a page link", pdf("", "/Annots [6 0 R]", &[&goto])),
            ("a link in an object stream", pdf_with_object_stream(&uri)),
            // "Screen" is also a blend mode, and only /Type and /Subtype name media.
            ("a blend mode", pdf("", "/Group << /S /Transparency >> /BM /Screen", &[])),
        ] {
            assert_eq!(check_pdf(&bytes), Ok(()), "{what}");
        }
    }

    #[test]
    fn what_the_app_and_qpdf_write_is_kept() {
        use chrono::TimeZone;
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 7, 5, 0, 0).unwrap();
        let slip = crate::export::slip::slip_pdf(&crate::export::slip::Slip {
            clinic: crate::export::slip::ClinicHeader {
                name: "Al-Hayat Clinic".into(),
                address: "12 Main Boulevard, Gulberg III, Lahore".into(),
                phone: "+92 42 3571 0000".into(),
                logo: None,
            },
            patient_name: "Amna Riaz".into(),
            patient_name_ur: Some("آمنہ ریاض".into()),
            mrn: "AH-000123".into(),
            starts_at: at,
            ends_at: at + chrono::Duration::minutes(45),
            practitioner: "Dr. Bilal Ahmed".into(),
            service: "Physiotherapy assessment".into(),
            room: "Therapy room 1".into(),
            printed_by: "Sana Malik".into(),
            printed_at: at,
        })
        .unwrap();
        assert_eq!(check_pdf(&slip), Ok(()), "the app's own slip");
        for args in [
            &["--object-streams=generate"][..],
            &["--linearize"],
            &["--encrypt", "", "owner-only", "256", "--"],
            &["--qdf"],
        ] {
            assert_eq!(check_pdf(&qpdf_rewrite(&slip, args)), Ok(()), "qpdf {args:?}");
        }
    }

    #[test]
    fn active_content_is_refused_however_it_is_spelled_or_packed() {
        use ActiveContent::*;
        let js = "<< /S /JavaScript /JS (app.alert\\(1\\)) >>";
        let cases: Vec<(&str, Vec<u8>, ActiveContent)> = vec![
            ("a script on opening", pdf(&format!("/OpenAction {js}"), "", &[]), Script),
            ("a document-level script", pdf("/Names << /JavaScript 6 0 R >>", "", &["<< /Names [(a) 7 0 R] >>", js]), Script),
            ("a script behind a link", pdf("", "/Annots [6 0 R]", &[&link(js)]), Script),
            ("a launch", pdf("", "/Annots [6 0 R]", &[&link("<< /S /Launch /F (cmd.exe) >>")]), Launch),
            ("another file", pdf("", "/Annots [6 0 R]", &[&link("<< /S /GoToR /F (\\\\\\\\host\\\\share\\\\x.pdf) /D [0 /Fit] >>")]), Launch),
            ("a web page on opening", pdf("/OpenAction << /S /URI /URI (https://x.example) >>", "", &[]), AutomaticAction),
            ("a go-to with more after it", pdf("/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (https://x.example) >> >>", "", &[]), AutomaticAction),
            ("an action on opening a page", pdf("", "/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>", &[]), AutomaticAction),
            ("an embedded file", pdf("/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>", "", &["<< /Type /Filespec /F (a.exe) >>"]), EmbeddedFile),
            ("a file attachment", pdf("", "/Annots [6 0 R]", &["<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 7 0 R >>", "<< /Type /Filespec /F (a.exe) >>"]), EmbeddedFile),
            ("an XFA form", pdf("/AcroForm << /Fields [] /XFA 6 0 R >>", "", &["<< /Length 0 >>\nstream\n\nendstream"]), Form),
            ("a form that submits", pdf("", "/Annots [6 0 R]", &[&link("<< /S /SubmitForm /F (https://x.example) >>")]), Form),
            ("rich media", pdf("", "/Annots [6 0 R]", &["<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"]), Multimedia),
            // Escaped names: /JavaScript and /JS spelled with #xx.
            ("an escaped script", pdf("/OpenAction << /S /J#61vaScript /J#53 (x) >>", "", &[]), Script),
            ("an escaped launch", pdf("", "/Annots [6 0 R]", &[&link("<< /S /#4c#61unch /F (cmd.exe) >>")]), Launch),
            // Inside a compressed object stream, where the raw bytes show nothing.
            ("a script in an object stream", pdf_with_object_stream(&link("<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")), Script),
            ("an automatic action in an object stream", pdf_with_object_stream("<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A#41 << /O << /S /GoTo /D [3 0 R /Fit] >> >> >>"), AutomaticAction),
            // lopdf keeps the last of two equal keys; a reader might take the first.
            ("a duplicate key", pdf("", "/Annots [6 0 R]", &[&link("<< /S /Launch /S /GoTo /D [3 0 R /Fit] /F (cmd.exe) >>")]), Launch),
        ];
        let plain = pdf_with_object_stream(&link("<< /S /JavaScript /JS (x) >>"));
        assert!(!plain.windows(10).any(|w| w == b"JavaScript"), "the object stream is compressed");
        for (what, bytes, found) in cases {
            assert_eq!(check_pdf(&bytes), Err(Refusal::Active(found)), "{what}");
        }
        // The same, as qpdf packs and spells it.
        let with_js = pdf("", "/Annots [6 0 R]", &[&link(js)]);
        let packed = qpdf_rewrite(&with_js, &["--object-streams=generate", "--compress-streams=y"]);
        assert!(!packed.windows(10).any(|w| w == b"JavaScript"), "qpdf packed the action away");
        assert_eq!(check_pdf(&packed), Err(Refusal::Active(Script)));
    }

    #[test]
    fn documents_that_do_not_read_whole_are_refused() {
        let good = pdf("", "", &[]);
        let mut moved = good.clone();
        // The catalog's offset in the table, one byte off.
        let at = moved.windows(20).position(|w| w.ends_with(b" 00000 n \n")).unwrap();
        moved[at + 9] += 1;
        let hidden_stream = {
            let packed = deflate(b"9 0 << /S /JavaScript /JS (x) >>");
            let mut o = format!(
                "8 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
                packed.len()
            )
            .into_bytes();
            o.extend(packed);
            o.extend(b"\nendstream\nendobj\n");
            o
        };
        let objects: Vec<String> = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] >>".into(),
        ];
        let cases: Vec<(&str, Vec<u8>, Refusal)> = vec![
            ("cut in half", good[..good.len() / 2].to_vec(), Refusal::DamagedPdf),
            ("only a header", b"%PDF-1.4\n%%EOF\n".to_vec(), Refusal::DamagedPdf),
            ("an object not where the table says", moved, Refusal::DamagedPdf),
            ("an object stream no table lists", pdf_with(&objects, &hidden_stream), Refusal::DamagedPdf),
            (
                "no pages",
                pdf_with(
                    &[
                        "<< /Type /Catalog /Pages 2 0 R >>".into(),
                        "<< /Type /Pages /Kids [] /Count 0 >>".into(),
                    ],
                    b"",
                ),
                Refusal::EmptyPdf,
            ),
            (
                "a password",
                qpdf_rewrite(&good, &["--encrypt", "user-pw", "owner-pw", "256", "--"]),
                Refusal::PasswordPdf,
            ),
        ];
        for (what, bytes, refusal) in cases {
            assert_eq!(check_pdf(&bytes), Err(refusal), "{what}");
        }
    }

    #[test]
    fn an_object_stream_that_inflates_past_the_limit_is_refused() {
        let packed = deflate(&vec![b' '; MAX_OBJECT_STREAM_BYTES + 1]);
        assert!(packed.len() < 1024 * 1024, "a small file");
        let bomb = {
            let mut o = format!(
                "6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
                packed.len()
            )
            .into_bytes();
            o.extend(packed);
            o.extend(b"\nendstream\nendobj\n");
            o
        };
        let objects: Vec<String> = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] >>".into(),
        ];
        assert_eq!(check_pdf(&pdf_with(&objects, &bomb)), Err(Refusal::DamagedPdf));
    }

    fn encoded(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn pictures_must_decode_whole() {
        use image::ImageFormat::{Jpeg, Png};
        for format in [Png, Jpeg] {
            let good = encoded(format, 64, 48);
            assert_eq!(check_image(format, &good), Ok(()), "{format:?}");
            let cut = &good[..good.len() / 2];
            assert_eq!(check_image(format, cut), Err(Refusal::DamagedImage), "{format:?} cut in half");
            let mut signature_only = good[..8].to_vec();
            signature_only.extend(b"not a picture after all");
            assert_eq!(check_image(format, &signature_only), Err(Refusal::DamagedImage), "{format:?}");
        }
    }

    #[test]
    fn a_picture_that_claims_to_be_huge_is_not_decoded() {
        // A PNG header for 100,000 × 100,000 pixels (30 GB decoded), with a right CRC.
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        let mut crc = flate2::Crc::new();
        crc.update(&ihdr);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&ihdr);
        png.extend(crc.sum().to_be_bytes());
        assert_eq!(check_image(image::ImageFormat::Png, &png), Err(Refusal::ImageTooLarge));
    }
}
