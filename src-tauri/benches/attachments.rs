//! Attachment check benchmark: how long reading a whole 20 MB attachment takes before
//! it is kept (`records::check_pdf`, `records::check_image`), on files built here.
//!
//! ```text
//! cargo bench --bench attachments
//! ```
//!
//! Measures (median of 5 runs each)
//!   a. a scan-like PDF: 20 pages, each one 1 MB image (20 MB);
//!   b. a text-heavy PDF: 4,194 pages of text, about 8,400 objects (20.9 MB, a little
//!      over the limit, which only makes it the harder case);
//!   c. the same text-heavy PDF with its objects packed in object streams (written by
//!      `qpdf --object-streams=generate`; skipped without qpdf);
//!   d. a JPEG of 4,000 × 4,000 pixels of noise and a PNG of 2,600 × 2,600 (each
//!      about 19 MB).
//!
//! Measured here (release, two cores shared with other builds): a. 37 ms, b. 84 ms,
//! c. 61 ms, JPEG 375 ms, PNG 7 ms.

use std::io::Cursor;
use std::time::{Duration, Instant};

use alhayat::records::{check_image, check_pdf};

const TARGET: usize = 20 * 1024 * 1024;
const RUNS: usize = 5;

fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes(),
    );
    out
}

fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    o.extend(content);
    o.extend(b"\nendstream");
    o
}

/// Noise that does not compress, as scanned pictures barely do.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Catalog, pages, then per page: the page, its content, and (for a scan) its image.
fn document(pages: usize, page_objects: impl Fn(usize, usize) -> Vec<Vec<u8>>, per_page: usize) -> Vec<u8> {
    let first = 3;
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", first + i * per_page)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
    ];
    for i in 0..pages {
        objects.extend(page_objects(i, first + i * per_page));
    }
    pdf(&objects)
}

fn scan_pdf() -> Vec<u8> {
    let image = TARGET / 20 - 400;
    document(
        20,
        |i, at| {
            vec![
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R \
                     /Resources << /XObject << /Im0 {} 0 R >> >> >>",
                    at + 1,
                    at + 2
                )
                .into_bytes(),
                stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
                stream(
                    "/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray \
                     /BitsPerComponent 8 /Filter /DCTDecode",
                    &noise(image, i as u64 + 1),
                ),
            ]
        },
        3,
    )
}

fn text_pdf() -> Vec<u8> {
    let line = "BT /F1 10 Tf 40 800 Td (Patient reports less pain on stairs; continue exercises.) Tj ET\n";
    let per_page = 5_000;
    let pages = TARGET / per_page;
    let content: String = line.repeat(per_page / line.len());
    document(
        pages,
        |_, at| {
            vec![
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R \
                     /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
                    at + 1
                )
                .into_bytes(),
                stream("", content.as_bytes()),
            ]
        },
        2,
    )
}

fn packed(pdf: &[u8]) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).ok()?;
    let status = std::process::Command::new("qpdf")
        .args(["--object-streams=generate", "--compress-streams=n"])
        .arg(&input)
        .arg(&output)
        .status()
        .ok()?;
    status.success().then(|| std::fs::read(&output).ok()).flatten()
}

fn picture(format: image::ImageFormat, side: u32) -> Vec<u8> {
    let bytes = noise((side * side * 3) as usize, 7);
    let img = image::RgbImage::from_raw(side, side, bytes).expect("a picture");
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encoded");
    out.into_inner()
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn report(what: &str, bytes: &[u8], took: Duration) {
    println!(
        "{what:<52} {:>6.1} MB  {:>8.1} ms",
        bytes.len() as f64 / 1048576.0,
        took.as_secs_f64() * 1000.0
    );
}

fn main() {
    let scan = scan_pdf();
    assert_eq!(check_pdf(&scan), Ok(()));
    report("a. scan-like PDF (20 pages of 1 MB images)", &scan, median(|| check_pdf(&scan).unwrap()));
    let text = text_pdf();
    assert_eq!(check_pdf(&text), Ok(()));
    report("b. text-heavy PDF (4,194 pages)", &text, median(|| check_pdf(&text).unwrap()));
    match packed(&text) {
        Some(p) => {
            assert_eq!(check_pdf(&p), Ok(()));
            report("c. the same, in object streams (qpdf)", &p, median(|| check_pdf(&p).unwrap()));
        }
        None => println!("c. skipped: qpdf is not installed"),
    }
    let jpeg = picture(image::ImageFormat::Jpeg, 4_000);
    report("d. JPEG 4,000 × 4,000", &jpeg, median(|| check_image(image::ImageFormat::Jpeg, &jpeg).unwrap()));
    let png = picture(image::ImageFormat::Png, 2_600);
    report(
        "d. PNG 2,600 × 2,600 (noise)",
        &png,
        median(|| check_image(image::ImageFormat::Png, &png).unwrap()),
    );
}
