//! A letter to a patient or guardian about their rights request (privacy policy 7):
//! one A4 letter under the letterhead, in English or Urdu, from text already filled in.

use chrono::{DateTime, NaiveDate, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, TextStyle};
use super::slip::ClinicHeader;
use crate::error::AppResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub clinic: ClinicHeader,
    pub urdu: bool,
    /// The letter's date (the day the request was decided).
    pub date: NaiveDate,
    /// The request's reference, e.g. "R-000012".
    pub reference: String,
    pub subject: String,
    /// Paragraphs separated by a blank line; a single line break stays a line break.
    pub body: String,
    pub printed_at: DateTime<Utc>,
}

/// A date as the letter prints it: "1 December 2026" in English; in Urdu 01/12/2026, as
/// Pakistan writes dates. The slashes matter: between numbers that follow Urdu letters,
/// the bidi algorithm keeps a slash inside the number but turns a hyphen around
/// (2026-12-01 would read 01-12-2026).
pub fn letter_date(d: NaiveDate, urdu: bool) -> String {
    if urdu {
        d.format("%d/%m/%Y").to_string()
    } else {
        d.format("%-d %B %Y").to_string()
    }
}

pub fn letter_pdf(l: &Letter) -> AppResult<Vec<u8>> {
    let letterhead = Letterhead {
        name: l.clinic.name.clone(),
        address: l.clinic.address.clone(),
        phone: l.clinic.phone.clone(),
        logo: l.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let (date_label, reference_label, footer) = if l.urdu {
        ("تاریخ", "حوالہ", format!("رازدارانہ — حوالہ {}", l.reference))
    } else {
        ("Date", "Reference", format!("Confidential — reference {}", l.reference))
    };
    let mut flow = Flow::new(PageSize::A4, &letterhead, &footer)?;
    let meta = TextStyle::new(9.5).muted();
    flow.paragraph(&format!("{date_label}: {}", letter_date(l.date, l.urdu)), meta);
    flow.paragraph(&format!("{reference_label}: {}", l.reference), meta);
    flow.gap(6.0);
    flow.paragraph(&l.subject, TextStyle::new(13.0).bold().max_lines(3));
    flow.gap(4.0);
    let body = TextStyle::new(11.0);
    for para in paragraphs(&l.body) {
        flow.paragraph(&para, body);
        flow.gap(3.0);
    }
    flow.finish(&DocumentInfo {
        title: format!("{} {}", l.subject, l.reference),
        subject: "Patient rights request".into(),
        author: l.clinic.name.clone(),
        created: l.printed_at,
    })
}

/// The body's paragraphs; empty ones (a placeholder with nothing to say) are left out.
fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n").split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::export::pdf::check::{pdftotext, qpdf_check};

    fn letter(urdu: bool, body: &str) -> Letter {
        Letter {
            clinic: ClinicHeader {
                name: "Al-Hayat Clinic".into(),
                address: "Bahria Town, Lahore".into(),
                phone: "+92 300 1010592".into(),
                logo: None,
            },
            urdu,
            date: NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(),
            reference: "R-000012".into(),
            subject: if urdu { "آپ کی درخواست".into() } else { "Your request".into() },
            body: body.into(),
            printed_at: Utc.with_ymd_and_hms(2026, 12, 14, 6, 0, 0).unwrap(),
        }
    }

    #[test]
    fn paragraphs_drop_empty_ones() {
        assert_eq!(paragraphs("a\n\n\n\n b\nc \r\n\r\n"), vec!["a".to_string(), "b\nc".to_string()]);
    }

    #[test]
    fn both_languages_read_back() {
        let en = letter_pdf(&letter(false, "Dear Amna Riaz,\n\nWe have completed it.")).unwrap();
        qpdf_check(&en);
        let text = pdftotext(&en, None);
        for want in
            ["Al-Hayat Clinic", "Date: 14 December 2026", "R-000012", "Dear Amna Riaz,", "Page 1 of 1"]
        {
            assert!(text.contains(want), "{want:?} not in:\n{text}");
        }
        let ur = letter_pdf(&letter(true, "محترم آمنہ ریاض،\n\nہم نے یہ درخواست مکمل کر دی ہے۔")).unwrap();
        qpdf_check(&ur);
        let text = pdftotext(&ur, None);
        for want in ["آپ کی درخواست", "آمنہ ریاض", "مکمل", "R-000012", "14/12/2026"] {
            assert!(text.contains(want), "{want:?} not in:\n{text}");
        }
    }

    #[test]
    fn a_long_letter_runs_onto_more_pages() {
        let body = "A sentence about what was kept and until when. ".repeat(40).repeat(12);
        let pdf = letter_pdf(&letter(false, &body.replace(". A", ".\n\nA"))).unwrap();
        qpdf_check(&pdf);
        assert!(pdftotext(&pdf, None).contains("Page 2 of"), "more than one page");
    }
}
