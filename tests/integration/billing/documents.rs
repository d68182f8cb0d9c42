//! Invoices and receipts printed for the patient: read back with pdftotext in both
//! scripts, marked COPY from the second print on, each print audited naming the patient.

use alhayat::billing::{self, BillingSettings, Paper, PaymentMethod, PaymentPart};
use alhayat::staff::Language;

use super::*;

/// The text pdftotext reads from the PDF, whitespace folded, after qpdf found nothing wrong.
pub fn pdf_text(bytes: &[u8]) -> String {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let path = file.path().to_str().unwrap();
    let check = std::process::Command::new("qpdf").args(["--check", path]).output().expect("qpdf");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", path, "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(out.stdout).unwrap().replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn prints(t: &Team, patient: i64) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT entity, summary FROM audit_log WHERE action = 'print' AND patient_id = ? AND staff_id = ? ORDER BY seq",
    )
    .bind(patient)
    .bind(t.reception.staff_id)
    .fetch_all(t.d.f.store.pool())
    .await
    .unwrap()
}

async fn urdu_speaker(t: &Team) {
    sqlx::query("UPDATE patients SET name_ur = 'آمنہ ریاض', preferred_language = 'ur' WHERE id = ?")
        .bind(t.patient)
        .execute(t.d.f.store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_invoice_prints_in_the_patients_language_then_as_a_copy_in_english() {
    let t = team().await;
    let s = &t.d.f.store;
    urdu_speaker(&t).await;
    let settings = BillingSettings {
        reception_discount_limit_percent: 10,
        ntn: Some("1234567-8".into()),
        strn: Some("32-77-8761-123-45".into()),
    };
    billing::set_billing_settings(s, &t.admin, settings).await.unwrap();
    let inv = issued(s, &t.reception, t.patient, "3,250.50").await;
    let number = inv.number.clone().unwrap();
    billing::take_payment(
        s,
        &t.reception,
        pay(t.patient, Some(inv.id), vec![part(PaymentMethod::Cash, "1,000")]),
    )
    .await
    .unwrap();

    // The patient's own language: Urdu, with her Urdu name.
    let first = billing::invoice_pdf(s, &t.reception, inv.id, Paper::A5, None).await.unwrap();
    assert!(first.name.ends_with("-a5-ur.pdf"), "{}", first.name);
    let text = pdf_text(&first.bytes);
    for want in [
        &*number,
        "انوائس",
        "آمنہ ریاض",
        "کل رقم",
        "بقایا رقم",
        "PKR 3,250.50",
        "PKR 1,000.00",
        "PKR 2,250.50",
        "NTN 1234567-8",
        "STRN 32-77-8761-123-45",
    ] {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }
    assert!(!text.contains("COPY"), "the first print is the original: {text}");

    // Reprinted in English on the roll: a copy.
    let again =
        billing::invoice_pdf(s, &t.reception, inv.id, Paper::Roll80, Some(Language::En)).await.unwrap();
    let text = pdf_text(&again.bytes);
    for want in ["COPY", "Invoice", &*number, "Amna Riaz", "Balance due", "PKR 2,250.50"] {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }
    let audited = prints(&t, t.patient).await;
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert!(audited.iter().all(|(entity, _)| entity == "invoice"));
    assert!(audited[1].1.contains("copy") && !audited[0].1.contains("copy"), "{audited:?}");
    assert!(
        audited.iter().all(|(_, summary)| !summary.contains("Amna")),
        "no names in the audit: {audited:?}"
    );
}

#[tokio::test]
async fn a_split_payment_is_one_receipt_with_its_change_and_a_refund_has_its_slip() {
    let t = team().await;
    let s = &t.d.f.store;
    let inv = issued(s, &t.reception, t.patient, "3,000").await;
    let cash = PaymentPart {
        method: PaymentMethod::Cash,
        amount: "1,000".into(),
        tendered: Some("1,500".into()),
        reference: None,
    };
    let card = part(PaymentMethod::Card, "2,500");
    let paid =
        billing::take_payment(s, &t.reception, pay(t.patient, Some(inv.id), vec![cash, card])).await.unwrap();
    let (first, second) = (paid.payments[0].id, paid.payments[1].id);

    // Asked for by its second part, the receipt is the whole payment's.
    let r = billing::receipt_pdf(s, &t.reception, second, Paper::Roll80, Some(Language::En)).await.unwrap();
    let text = pdf_text(&r.bytes);
    let number = format!("R-{first:06}");
    for want in [
        "Receipt",
        number.as_str(),
        "Cash",
        "PKR 1,000.00",
        "Card, ref. REF-123456",
        "PKR 2,500.00",
        "Received PKR 3,500.00",
        "Change given PKR 500.00",
        &format!("Paid on {}", inv.number.clone().unwrap()),
        "Kept as credit PKR 500.00",
    ] {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }
    let ur = billing::receipt_pdf(s, &t.reception, first, Paper::A5, Some(Language::Ur)).await.unwrap();
    let text = pdf_text(&ur.bytes);
    for want in ["COPY", "رسید", "نقد", "کارڈ", "وصول شدہ", number.as_str(), "PKR 3,500.00"]
    {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }

    let refund = billing::RefundInput {
        amount: "500".into(),
        method: PaymentMethod::Cash,
        reference: None,
        reason: "Overpaid".into(),
    };
    let back = billing::refund_payment(s, &t.reception, second, refund).await.unwrap();
    let slip = billing::receipt_pdf(s, &t.reception, back.id, Paper::A5, Some(Language::En)).await.unwrap();
    let text = pdf_text(&slip.bytes);
    for want in ["Refund", "Refunded PKR 500.00", &format!("Refund of receipt R-{second:06}"), "Overpaid"] {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }
    let audited = prints(&t, t.patient).await;
    assert_eq!(audited.iter().filter(|(e, _)| e == "receipt").count(), 3, "{audited:?}");
}

#[tokio::test]
async fn clinicians_cannot_print_money_and_a_draft_is_not_printed() {
    let t = team().await;
    let s = &t.d.f.store;
    let inv = issued(s, &t.reception, t.patient, "500").await;
    for who in [&t.physio, &t.psych, &t.pharmacist, &t.privacy] {
        let e = billing::invoice_pdf(s, who, inv.id, Paper::A5, None).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{e}");
    }
    let draft =
        billing::create_invoice(s, &t.reception, lines_only(t.patient, vec![other("Hot pack", "200", 1.0)]))
            .await
            .unwrap();
    let e = billing::invoice_pdf(s, &t.reception, draft.id, Paper::A5, None).await.unwrap_err();
    assert_eq!(e.kind(), "conflict", "{e}");
    assert_eq!(
        billing::invoice_pdf(s, &t.reception, 999_999, Paper::A5, None).await.unwrap_err().kind(),
        "not_found"
    );
    assert_eq!(
        billing::receipt_pdf(s, &t.reception, 999_999, Paper::A5, None).await.unwrap_err().kind(),
        "not_found"
    );
    let prints: i64 =
        sqlx::query_scalar("SELECT count(*) FROM document_prints").fetch_one(s.pool()).await.unwrap();
    assert_eq!(prints, 0, "a refused print leaves no trace of a print");
}

#[tokio::test]
async fn tax_numbers_are_digits_and_hyphens() {
    let t = team().await;
    let s = &t.d.f.store;
    for (ntn, field) in [("NTN-ABC", "ntn"), ("12", "ntn")] {
        let bad = BillingSettings { reception_discount_limit_percent: 10, ntn: Some(ntn.into()), strn: None };
        let e = billing::set_billing_settings(s, &t.admin, bad).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{ntn}: {e}");
    }
    let cleared =
        BillingSettings { reception_discount_limit_percent: 10, ntn: Some("  ".into()), strn: None };
    assert_eq!(billing::set_billing_settings(s, &t.admin, cleared).await.unwrap().ntn, None);
}
