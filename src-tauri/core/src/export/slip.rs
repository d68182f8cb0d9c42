//! The appointment slip handed to a patient at the desk: one A5 page.

use chrono::{DateTime, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
use crate::clock::CLINIC_TZ;
use crate::error::{AppError, AppResult};

/// The clinic as its letterhead shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicHeader {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// The logo's bytes and type (`image/png` or `image/jpeg`); the bundled logo when `None`.
    pub logo: Option<(Vec<u8>, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub clinic: ClinicHeader,
    pub patient_name: String,
    pub patient_name_ur: Option<String>,
    pub mrn: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub practitioner: String,
    pub service: String,
    pub room: String,
    pub printed_by: String,
    pub printed_at: DateTime<Utc>,
}

/// The slip as a PDF.
pub fn slip_pdf(s: &Slip) -> AppResult<Vec<u8>> {
    if s.ends_at < s.starts_at {
        return Err(AppError::invalid("The appointment ends before it starts, so no slip can be printed."));
    }
    let letterhead = Letterhead {
        name: s.clinic.name.clone(),
        address: s.clinic.address.clone(),
        phone: s.clinic.phone.clone(),
        logo: s.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let printed = format!("Printed by {} on {}", s.printed_by, clinic_time(s.printed_at));
    let mut flow = Flow::new(PageSize::A5, &letterhead, &printed)?;

    flow.paragraph("Appointment slip", TextStyle::new(16.0).bold());
    flow.gap(3.0);
    flow.paragraph(&s.patient_name, TextStyle::new(14.0).bold().max_lines(3));
    if let Some(urdu) = s.patient_name_ur.as_deref().filter(|n| !n.trim().is_empty()) {
        flow.paragraph(urdu, TextStyle::new(15.0).bold().max_lines(3));
    }
    flow.gap(3.0);
    let when = appointment_time(s.starts_at, s.ends_at);
    flow.table(
        &[
            Row { label: "MRN", value: &s.mrn },
            Row { label: "When", value: &when },
            Row { label: "Practitioner", value: &s.practitioner },
            Row { label: "Service", value: &s.service },
            Row { label: "Room", value: &s.room },
            Row { label: "Address", value: &s.clinic.address },
        ],
        TextStyle::new(10.5).max_lines(4),
    );
    flow.gap(5.0);
    let note = TextStyle::new(8.5).muted().max_lines(2);
    flow.paragraph("Please come 10 minutes early and bring this slip.", note);
    // A line of its own, so the phone number is not broken across lines.
    if !s.clinic.phone.trim().is_empty() {
        flow.paragraph(&format!("To change or cancel, call {}.", s.clinic.phone), note);
    }

    flow.finish(&DocumentInfo {
        title: format!("Appointment slip {}", s.mrn),
        subject: "Appointment slip".into(),
        author: s.clinic.name.clone(),
        created: s.printed_at,
    })
}

/// "Monday 7 December 2026, 10:00–10:45" in clinic time; both dates when it runs past midnight.
fn appointment_time(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
    let (start, end) = (starts_at.with_timezone(&CLINIC_TZ), ends_at.with_timezone(&CLINIC_TZ));
    if start.date_naive() == end.date_naive() {
        format!("{}, {}–{}", start.format("%A %-d %B %Y"), start.format("%H:%M"), end.format("%H:%M"))
    } else {
        format!("{} – {}", start.format("%A %-d %B %Y, %H:%M"), end.format("%A %-d %B %Y, %H:%M"))
    }
}

/// "1 December 2026, 09:05" in clinic time.
fn clinic_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&CLINIC_TZ).format("%-d %B %Y, %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::export::pdf::check::{images, pdfinfo, pdftotext, qpdf_check};

    fn slip(name: &str, urdu: Option<&str>) -> Slip {
        Slip {
            clinic: ClinicHeader {
                name: "Al-Hayat Clinic".into(),
                address: "12 Main Boulevard, Gulberg III, Lahore".into(),
                phone: "+92 42 3571 0000".into(),
                logo: None,
            },
            patient_name: name.into(),
            patient_name_ur: urdu.map(str::to_string),
            mrn: "AH-000123".into(),
            // 10:00–10:45 in Karachi (UTC+5).
            starts_at: Utc.with_ymd_and_hms(2026, 12, 7, 5, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 7, 5, 45, 0).unwrap(),
            practitioner: "Dr. Bilal Ahmed".into(),
            service: "Physiotherapy assessment".into(),
            room: "Room 2 (ground floor)".into(),
            printed_by: "Sana Malik".into(),
            printed_at: Utc.with_ymd_and_hms(2026, 12, 1, 4, 5, 0).unwrap(),
        }
    }

    /// pdftotext separates words by one space or a line break; compare on that.
    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn times_are_shown_in_clinic_time() {
        let s = slip("x", None);
        assert_eq!(appointment_time(s.starts_at, s.ends_at), "Monday 7 December 2026, 10:00–10:45");
        let late = Utc.with_ymd_and_hms(2026, 12, 7, 18, 30, 0).unwrap();
        assert_eq!(
            appointment_time(late, late + chrono::Duration::minutes(45)),
            "Monday 7 December 2026, 23:30 – Tuesday 8 December 2026, 00:15"
        );
        assert_eq!(clinic_time(s.printed_at), "1 December 2026, 09:05");
    }

    #[test]
    fn the_slip_reads_back_with_both_scripts_intact() {
        let pdf = slip_pdf(&slip("Ayesha Siddiqui", Some("عائشہ صدیقی"))).unwrap();
        qpdf_check(&pdf);
        let text = pdftotext(&pdf, None);
        let flat = words(&text);
        for expected in [
            "Al-Hayat Clinic",
            "12 Main Boulevard, Gulberg III, Lahore",
            "+92 42 3571 0000",
            "Appointment slip",
            "Ayesha Siddiqui",
            "عائشہ صدیقی",
            "AH-000123",
            "Monday 7 December 2026, 10:00–10:45",
            "Dr. Bilal Ahmed",
            "Physiotherapy assessment",
            "Room 2 (ground floor)",
            "Printed by Sana Malik on 1 December 2026, 09:05",
            "To change or cancel, call +92 42 3571 0000.",
            "Page 1 of 1",
        ] {
            assert!(flat.contains(expected), "{expected:?} not in the extracted text:\n{text}");
        }
        let info = words(&pdfinfo(&pdf));
        for expected in [
            "Title: Appointment slip AH-000123",
            "Author: Al-Hayat Clinic",
            "CreationDate: 2026-12-01T04:05:00",
            "Pages: 1",
            "Page size: 419.528 x 595.276 pts",
        ] {
            assert!(info.contains(expected), "{expected:?} not in pdfinfo: {info}");
        }
        assert!(!info.contains("PDF/X"), "not a PDF/X file: {info}");
    }

    #[test]
    fn emoji_and_a_ten_thousand_character_name_still_make_one_good_page() {
        let long: String = "Ayesha Siddiqui ".repeat(625);
        assert_eq!(long.chars().count(), 10_000);
        let unbroken = "A".repeat(10_000);
        for (name, urdu) in [
            (long.as_str(), Some("عائشہ 😀 صدیقی 👨‍👩‍👧")),
            (unbroken.as_str(), Some(&*"ع".repeat(10_000))),
            ("Ali 😀👍🏽 Raza", None),
        ] {
            let pdf = slip_pdf(&slip(name, urdu)).unwrap();
            qpdf_check(&pdf);
            let text = pdftotext(&pdf, None);
            assert!(text.contains("Page 1 of 1"), "{text}");
            assert!(text.contains("AH-000123"));
            assert!(!text.contains('\u{FFFD}'), "replacement characters in:\n{text}");
        }
        let mut s = slip("Ali 😀👍🏽 Raza", Some("عائشہ 😀 صدیقی"));
        s.clinic.name = "Al-Hayat 🏥 Clinic".into();
        s.printed_by = "Sana\tMalik 🙂\n(reception)".into();
        s.room = "Room\u{0}2\u{202E}".into();
        let pdf = slip_pdf(&s).unwrap();
        qpdf_check(&pdf);
        let text = words(&pdftotext(&pdf, None));
        for expected in ["Ali ? Raza", "Al-Hayat ? Clinic", "Printed by Sana Malik ? (reception)", "Room2"] {
            assert!(text.contains(expected), "{expected:?} not in {text}");
        }
    }

    #[test]
    fn a_clinic_logo_is_used_and_a_bad_one_falls_back() {
        let mut s = slip("Ayesha Siddiqui", None);
        let bundled = [(512, 512)];
        assert_eq!(images(&slip_pdf(&s).unwrap()), bundled);
        let png = tiny_image(printpdf::OutputImageFormat::Png);
        let jpeg = tiny_image(printpdf::OutputImageFormat::Jpeg);
        type Case<'a> = (&'a [u8], &'a str, &'a [(u32, u32)]);
        let cases: [Case<'_>; 4] = [
            (&png, "image/png", &[(16, 8)]),
            (&jpeg, "image/jpeg", &[(16, 8)]),
            (b"not an image", "image/png", &bundled),
            (&png, "image/gif", &bundled),
        ];
        for (bytes, mime, expected) in cases {
            s.clinic.logo = Some((bytes.to_vec(), mime.into()));
            let pdf = slip_pdf(&s).unwrap();
            qpdf_check(&pdf);
            assert_eq!(images(&pdf), expected, "{mime}");
            assert!(pdftotext(&pdf, None).contains("Ayesha Siddiqui"));
        }
    }

    #[test]
    fn a_slip_that_ends_before_it_starts_is_refused() {
        let mut s = slip("Ayesha Siddiqui", None);
        s.ends_at = s.starts_at - chrono::Duration::minutes(1);
        assert_eq!(slip_pdf(&s).unwrap_err().kind(), "validation");
    }

    /// A small image in `format`, written here so the test needs no fixture file.
    fn tiny_image(format: printpdf::OutputImageFormat) -> Vec<u8> {
        let pixels: Vec<u8> = (0..16 * 8 * 3).map(|i| (i * 7 % 256) as u8).collect();
        let image = printpdf::RawImage {
            pixels: printpdf::RawImageData::U8(pixels),
            width: 16,
            height: 8,
            data_format: printpdf::RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        image.encode_to_bytes(&[format]).expect("encodes").0
    }

    #[test]
    #[ignore = "timing; run with --release -- --ignored --nocapture"]
    fn slip_timing() {
        let s = slip("Ayesha Siddiqui", Some("عائشہ صدیقی"));
        let _ = slip_pdf(&s).unwrap();
        let runs = 20;
        let started = std::time::Instant::now();
        for _ in 0..runs {
            let _ = slip_pdf(&s).unwrap();
        }
        let each = started.elapsed() / runs;
        println!("slip_pdf: {each:?} per slip (mean of {runs})");
    }
}
