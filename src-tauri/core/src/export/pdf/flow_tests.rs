//! The flow read back: page breaks, letterhead and numbers on every page, Urdu text.

use chrono::TimeZone;

use super::*;
use crate::export::pdf::check::{pdftotext, qpdf_check};

fn letterhead() -> Letterhead {
    Letterhead {
        name: "Al-Hayat Clinic".into(),
        address: "12 Main Boulevard, Gulberg III, Lahore".into(),
        phone: "+92 42 3571 0000".into(),
        logo: None,
    }
}

fn info() -> DocumentInfo {
    DocumentInfo {
        title: "Test".into(),
        subject: "Test".into(),
        author: "Al-Hayat Clinic".into(),
        created: Utc.with_ymd_and_hms(2026, 12, 1, 4, 0, 0).unwrap(),
    }
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_long_table_breaks_pages_with_the_letterhead_and_numbers_on_each() {
    let mut flow = Flow::new(PageSize::A4, &letterhead(), "Patient record AH-000123").unwrap();
    flow.paragraph("Visits", TextStyle::new(16.0).bold());
    let values: Vec<String> = (1..=120).map(|i| format!("Value number {i}")).collect();
    let labels: Vec<String> = (1..=120).map(|i| format!("Row {i}")).collect();
    let rows: Vec<Row<'_>> = labels.iter().zip(&values).map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, TextStyle::new(10.0));
    let pages = flow.page_count();
    assert!(pages >= 3, "120 rows should take at least three A4 pages, took {pages}");
    let (pdf, problems) = flow.finish_with_warnings(&info()).unwrap();
    assert!(problems.is_empty(), "printpdf reported {problems:?}");
    qpdf_check(&pdf);

    let mut seen_rows = 0;
    for page in 1..=pages {
        let text = words(&pdftotext(&pdf, Some(page)));
        assert!(text.contains(&format!("Page {page} of {pages}")), "page {page}: {text}");
        assert!(text.contains("Al-Hayat Clinic"), "letterhead missing on page {page}");
        assert!(text.contains("12 Main Boulevard, Gulberg III, Lahore"), "address missing on page {page}");
        assert!(text.contains("Patient record AH-000123"), "footer missing on page {page}");
        seen_rows += (1..=120).filter(|i| text.contains(&format!("Value number {i} "))).count();
    }
    // Every row is printed once: none lost, none repeated across a page break.
    let all = words(&pdftotext(&pdf, None));
    for i in 1..=120 {
        assert_eq!(all.matches(&format!("Row {i} Value number {i} ")).count(), 1, "row {i}: {all}");
    }
    assert!(seen_rows >= 119);
}

#[test]
fn urdu_text_extracts_through_to_unicode_alone() {
    // Words whose letters take initial, medial and final forms, and ligatures (لا).
    let phrases = [
        "عائشہ صدیقی",
        "ببب پپپ تتت ٹٹٹ ثثث ججج چچچ ححح خخخ سسس ششش صصص ضضض ططط ظظظ ععع غغغ ففف ققق",
        "ککک گگگ للل ممم ننن ہہہ ییی ھھھ",
        "لاہور پاکستان مریض ملاقات ڈاکٹر بلال احمد",
        "زینب رضا ژالہ ڑ ذکیہ ءاحمد آمنہ ۓ",
    ];
    // pdftotext orders Urdu digits and the Urdu comma as if they read left to right,
    // so it moves the spaces beside them and swaps "۲،": for these only the words
    // and the digits are checked (the page itself has them in the right place).
    let numbers = ["لاہور پاکستان ۱۲۳۴۵ مریض", "کمرہ نمبر ۲، گلبرگ", "نادیہ حسین، حمزہ شیخ"];
    // Each letter alone: pdftotext drops these spaces too (evenly spaced single
    // characters look like letter spacing to it).
    let alphabet = "ا آ ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن ں و ہ ھ ء ی ے";
    // Marks drawn off the baseline: a zabar and shadda, the superscript alef of یحییٰ.
    let marked = ["مُحمّد بچّے", "یحییٰ خان", "عیسیٰ موسیٰ مصطفیٰ"];
    let mut flow = Flow::new(PageSize::A4, &letterhead(), "").unwrap();
    for s in phrases.iter().chain(&numbers).chain(&marked).chain([&alphabet]) {
        flow.paragraph(s, TextStyle::new(12.0));
        flow.paragraph(s, TextStyle::new(12.0).bold());
    }
    assert_eq!(flow.actual_text_runs(), 0, "every glyph's ToUnicode entry should say what it shows");
    assert!(flow.marks_off_baseline() > 0, "the marks should have stood off the baseline");
    let (pdf, problems) = flow.finish_with_warnings(&info()).unwrap();
    assert!(problems.is_empty(), "printpdf reported {problems:?}");
    qpdf_check(&pdf);
    let text = pdftotext(&pdf, None);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for s in phrases.iter().chain(&marked) {
        assert_eq!(lines.iter().filter(|l| *l == s).count(), 2, "{s:?} not read back twice from:\n{text}");
    }
    for s in numbers {
        let words: Vec<&str> = s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
        let digits: String = s
            .chars()
            .filter(char::is_ascii_digit)
            .chain(s.chars().filter(|c| ('۰'..='۹').contains(c)))
            .collect();
        let found = lines
            .iter()
            .filter(|l| words.iter().all(|w| l.contains(w)) && digits.chars().all(|d| l.contains(d)));
        assert_eq!(found.count(), 2, "{s:?} in {text}");
    }
    let squeezed: Vec<String> = lines.iter().map(|l| l.replace(' ', "")).collect();
    assert_eq!(squeezed.iter().filter(|l| **l == alphabet.replace(' ', "")).count(), 2, "{text}");
}

#[test]
fn mixed_lines_and_long_paragraphs_flow_onto_new_pages() {
    let mut flow = Flow::new(PageSize::A5, &letterhead(), "").unwrap();
    let paragraph = "Ayesha Siddiqui عائشہ صدیقی attended her appointment. ".repeat(120);
    flow.paragraph(&paragraph, TextStyle::new(10.0));
    flow.rule();
    flow.paragraph("End of notes", TextStyle::new(10.0));
    assert!(flow.page_count() >= 2);
    let pages = flow.page_count();
    let (pdf, problems) = flow.finish_with_warnings(&info()).unwrap();
    assert!(problems.is_empty(), "printpdf reported {problems:?}");
    qpdf_check(&pdf);
    let last = words(&pdftotext(&pdf, Some(pages)));
    assert!(last.contains("End of notes"), "{last}");
    assert!(last.contains(&format!("Page {pages} of {pages}")));
    let all = pdftotext(&pdf, None);
    assert_eq!(all.matches("عائشہ صدیقی").count(), 120, "{all}");
    assert_eq!(all.matches("Ayesha Siddiqui").count(), 120);
}
