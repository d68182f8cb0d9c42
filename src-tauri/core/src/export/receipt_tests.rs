use chrono::TimeZone;

use super::*;
use crate::export::pdf::check::{pdfinfo, pdftotext, qpdf_check};

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn invoice(urdu: bool, paper: PageSize, copy: bool) -> MoneyDocument {
    MoneyDocument {
        clinic: ClinicHeader {
            name: "Al-Hayat Clinic".into(),
            address: "12 Main Boulevard, Gulberg III, Lahore".into(),
            phone: "+92 42 3571 0000".into(),
            logo: None,
        },
        ntn: Some("1234567-8".into()),
        strn: None,
        urdu,
        paper,
        copy,
        kind: MoneyDocKind::Invoice,
        number: "INV-2026-000123".into(),
        dated: Utc.with_ymd_and_hms(2026, 12, 7, 5, 5, 0).unwrap(),
        patient_name: if urdu { "عائشہ صدیقی".into() } else { "Ayesha Siddiqui".into() },
        mrn: "AH-000123".into(),
        invoice: InvoiceFigures {
            lines: vec![
                DocLine {
                    description: "Physiotherapy session".into(),
                    quantity: 1,
                    unit_paisa: 300_000,
                    total_paisa: 300_000,
                },
                DocLine {
                    description: "Exercise band".into(),
                    quantity: 2,
                    unit_paisa: 15_000,
                    total_paisa: 30_000,
                },
            ],
            subtotal_paisa: 330_000,
            discount_paisa: 10_000,
            discount_reason: Some("Staff family".into()),
            tax_paisa: 0,
            total_paisa: 320_000,
            credited_paisa: 0,
            paid_paisa: 200_000,
            outstanding_paisa: 120_000,
            corrects: None,
            void_reason: None,
        },
        receipt: ReceiptFigures::default(),
        printed_by: "Sana Malik".into(),
        printed_at: Utc.with_ymd_and_hms(2026, 12, 7, 5, 10, 0).unwrap(),
    }
}

#[test]
fn an_invoice_reads_back_in_english_on_both_papers() {
    for paper in [PageSize::A5, PageSize::Roll80] {
        let pdf = money_document_pdf(&invoice(false, paper, false)).unwrap();
        qpdf_check(&pdf);
        let text = words(&pdftotext(&pdf, None));
        for want in [
            "Al-Hayat Clinic",
            "NTN 1234567-8",
            "Invoice",
            "INV-2026-000123",
            "Ayesha Siddiqui",
            "AH-000123",
            "7 December 2026, 10:05",
            "PKR 3,000.00",
            "PKR 3,200.00",
            "PKR 1,200.00",
            "Staff family",
            "Printed by Sana Malik",
        ] {
            assert!(text.contains(want), "{paper:?}: {want:?} not in:\n{text}");
        }
        assert!(!text.contains("COPY"), "an original is not a copy");
        assert!(!text.contains("STRN"), "no STRN was given");
    }
    let roll = words(&pdfinfo(&money_document_pdf(&invoice(false, PageSize::Roll80, false)).unwrap()));
    assert!(roll.contains("Page size: 226.772 x 680.31"), "80 mm wide: {roll}");
}

#[test]
fn an_urdu_invoice_reads_back_with_its_words_number_and_amounts() {
    for paper in [PageSize::A5, PageSize::Roll80] {
        let pdf = money_document_pdf(&invoice(true, paper, true)).unwrap();
        qpdf_check(&pdf);
        let text = pdftotext(&pdf, None);
        for want in [
            "انوائس",
            "عائشہ صدیقی",
            "کل رقم",
            "بقایا رقم",
            "INV-2026-000123",
            "PKR 3,200.00",
            "07/12/2026",
            "COPY",
            "نقل",
        ] {
            assert!(text.contains(want), "{paper:?}: {want:?} not in:\n{text}");
        }
    }
}

#[test]
fn a_receipt_shows_each_method_the_change_and_where_the_money_went() {
    let mut d = invoice(false, PageSize::Roll80, true);
    d.kind = MoneyDocKind::Receipt;
    d.number = "R-000045".into();
    d.invoice = InvoiceFigures::default();
    d.receipt = ReceiptFigures {
        payments: vec![
            DocPayment { method: "cash".into(), amount_paisa: 100_000, reference: None },
            DocPayment { method: "card".into(), amount_paisa: 220_000, reference: Some("APP-778812".into()) },
        ],
        change_paisa: 50_000,
        applied: vec![("INV-2026-000123".into(), 320_000)],
        to_credit_paisa: 0,
        refund_of: None,
        reason: None,
    };
    let pdf = money_document_pdf(&d).unwrap();
    qpdf_check(&pdf);
    let text = words(&pdftotext(&pdf, None));
    for want in [
        "COPY",
        "Receipt",
        "R-000045",
        "Cash",
        "Card, ref. APP-778812",
        "PKR 2,200.00",
        "Received",
        "PKR 3,200.00",
        "Change given",
        "PKR 500.00",
        "Paid on INV-2026-000123",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    d.urdu = true;
    let text = pdftotext(&money_document_pdf(&d).unwrap(), None);
    for want in ["رسید", "نقد", "کارڈ", "وصول شدہ", "R-000045", "PKR 3,200.00", "APP-778812"]
    {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
}

#[test]
#[ignore = "writes sample PDFs to look at; run with -- --ignored"]
fn samples() {
    for (name, urdu, paper) in [("a5-en", false, PageSize::A5), ("roll-ur", true, PageSize::Roll80)] {
        let pdf = money_document_pdf(&invoice(urdu, paper, true)).unwrap();
        std::fs::write(format!("/tmp/bd-sample-{name}.pdf"), pdf).unwrap();
    }
}
