//! Test helpers: read a PDF back with poppler's `pdftotext` and check it with `qpdf`,
//! both independent of the writer.

use std::process::Command;

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> std::process::Output {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    std::io::Write::write_all(&mut file, pdf).expect("write pdf");
    let path = file.path().to_str().expect("utf-8 temp path").to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if name == "pdftotext" {
        all.push("-");
    }
    Command::new(name).args(&all).output().unwrap_or_else(|e| {
        panic!("`{name}` could not run ({e}); install poppler-utils and qpdf (apt-get install poppler-utils qpdf)")
    })
}

/// The text of the whole document (`page` = None) or of one page, as pdftotext reads
/// it. pdftotext wraps each line of a page with right-to-left text in bidi embedding
/// controls (U+202A–U+202C); those are its own and are taken out.
pub(crate) fn pdftotext(pdf: &[u8], page: Option<usize>) -> String {
    let page_text = page.map(|p| p.to_string());
    let args: Vec<&str> = match &page_text {
        Some(p) => vec!["-enc", "UTF-8", "-f", p, "-l", p],
        None => vec!["-enc", "UTF-8"],
    };
    let out = tool("pdftotext", &args, pdf);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("pdftotext prints UTF-8");
    text.replace(['\u{202A}', '\u{202B}', '\u{202C}'], "")
}

/// Panics unless `qpdf --check` passes without warnings.
pub(crate) fn qpdf_check(pdf: &[u8]) {
    let out = tool("qpdf", &["--check"], pdf);
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "qpdf --check failed:\n{report}");
    assert!(!report.contains("WARNING"), "qpdf --check warned:\n{report}");
}

/// `pdfinfo` fields (Title, Pages, CreationDate …).
pub(crate) fn pdfinfo(pdf: &[u8]) -> String {
    let out = tool("pdfinfo", &["-isodates"], pdf);
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Width and height of each image drawn (soft masks left out), as `pdfimages -list` sees them.
pub(crate) fn images(pdf: &[u8]) -> Vec<(u32, u32)> {
    let out = tool("pdfimages", &["-list"], pdf);
    assert!(out.status.success(), "pdfimages failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.get(2) == Some(&"image")).then(|| (cols[3].parse().unwrap(), cols[4].parse().unwrap()))
        })
        .collect()
}

/// What `qpdf <args> in.pdf out.pdf` writes: the same document as another real tool
/// lays it out (object streams, encryption …).
pub(crate) fn qpdf_rewrite(pdf: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).expect("write pdf");
    let out = Command::new("qpdf")
        .args(args)
        .arg(&input)
        .arg(&output)
        .output()
        .unwrap_or_else(|e| panic!("`qpdf` could not run ({e}); install qpdf (apt-get install qpdf)"));
    // 3: written with warnings, which a test of odd files expects.
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&output).expect("qpdf wrote its output")
}
