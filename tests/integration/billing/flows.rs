//! Check-out to payment, prices with history, oldest-first application and credit,
//! void, credit note and refund, and the triggers that keep issued documents as issued.

use alhayat::billing::{
    self, CreditNoteInput, InvoiceInput, InvoiceStatus, LineInput, LineKind, PaymentMethod, PaymentPart,
    RefundInput,
};
use alhayat::scheduling;

use super::*;
use crate::scheduling::{at, monday};

fn year() -> i32 {
    use chrono::Datelike;
    alhayat::patients::clinic_today().year()
}

#[tokio::test]
async fn check_out_is_billed_at_the_appointments_price_and_paid_in_cash_and_card() {
    let t = team().await;
    let s = &t.d.f.store;
    let booking = t.d.booking(0, t.d.bilal, t.d.room1, &at(monday(1), 0, "10:00"));
    let appointment = scheduling::book(s, &t.reception, booking).await.unwrap().id;
    let input = InvoiceInput {
        patient_id: t.patient,
        appointment_id: Some(appointment),
        dispensing_id: None,
        lines: vec![],
        discount: None,
    };
    let draft = billing::create_invoice(s, &t.reception, input.clone()).await.unwrap();
    assert_eq!(draft.status, InvoiceStatus::Draft);
    assert_eq!(draft.number, None);
    assert_eq!(draft.total_paisa, 300_000, "the catalogue's PKR 3,000");
    assert_eq!(draft.lines[0].description, "Physiotherapy session");
    // The same appointment is not billed twice.
    let again = billing::create_invoice(s, &t.reception, input).await.unwrap_err();
    assert_eq!((again.kind(), again.field()), ("conflict", Some("appointment_id")));

    let invoice = billing::issue_invoice(s, &t.reception, draft.id).await.unwrap();
    assert_eq!(invoice.number.as_deref(), Some(format!("INV-{}-000001", year()).as_str()));
    assert_eq!(invoice.outstanding_paisa, 300_000);

    let cash = PaymentPart { tendered: Some("2,500".into()), ..part(PaymentMethod::Cash, "2,000") };
    let card = part(PaymentMethod::Card, "1000");
    let paid = billing::take_payment(s, &t.reception, pay(t.patient, Some(invoice.id), vec![cash, card]))
        .await
        .unwrap();
    assert_eq!(paid.payments.len(), 2);
    assert_eq!(paid.change_paisa, 50_000);
    assert_eq!(paid.payments[0].change_paisa, Some(50_000));
    assert_eq!(paid.payments[1].reference.as_deref(), Some("REF-123456"));
    assert_eq!(paid.applied.len(), 1);
    assert_eq!(paid.applied[0].amount_paisa, 300_000);
    assert_eq!(paid.to_credit_paisa, 0);

    let account = billing::patient_account(s, &t.reception, t.patient).await.unwrap();
    assert_eq!((account.balance_paisa, account.credit_paisa), (0, 0));
    let got = billing::get_invoice(s, &t.reception, invoice.id).await.unwrap();
    assert_eq!((got.paid_paisa, got.outstanding_paisa), (300_000, 0));
    // Reading the account and the invoice is audited, naming the patient.
    let reads: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE patient_id = ? AND entity IN ('billing_account', 'invoice') AND action = 'view'",
    )
    .bind(t.patient)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(reads, 2);
}

#[tokio::test]
async fn a_new_price_bills_new_lines_and_old_invoices_keep_theirs() {
    let t = team().await;
    let s = &t.d.f.store;
    let service_line = LineInput {
        kind: LineKind::Service,
        service_id: Some(t.d.physio),
        item_id: None,
        quantity: 2.0,
        description: None,
        unit_price: None,
        discount: None,
    };
    let before = billing::create_invoice(s, &t.reception, lines_only(t.patient, vec![service_line.clone()]))
        .await
        .unwrap();
    let before = billing::issue_invoice(s, &t.reception, before.id).await.unwrap();
    assert_eq!(before.total_paisa, 600_000);

    billing::set_service_price(s, &t.admin, t.d.physio, price("3,500", "16")).await.unwrap();
    let after =
        billing::create_invoice(s, &t.reception, lines_only(t.patient, vec![service_line])).await.unwrap();
    assert_eq!(after.lines[0].unit_paisa, 350_000);
    assert_eq!(after.tax_paisa, 112_000, "16 % of PKR 7,000");
    assert_eq!(after.total_paisa, 812_000);
    let old = billing::get_invoice(s, &t.reception, before.id).await.unwrap();
    assert_eq!((old.lines[0].unit_paisa, old.total_paisa), (300_000, 600_000));

    // A price set for a later day does not bill today.
    let mut later = price("9,000", "0");
    later.effective_from = (alhayat::patients::clinic_today() + chrono::Duration::days(30)).to_string();
    billing::set_service_price(s, &t.admin, t.d.physio, later).await.unwrap();
    let list = billing::price_list(s, &t.reception).await.unwrap();
    let physio =
        list.iter().find(|p| p.id == t.d.physio && p.thing == billing::PricedThing::Service).unwrap();
    assert_eq!(physio.price_paisa, Some(350_000));
    assert_eq!(physio.price_text.as_deref(), Some("PKR 3,500.00"));

    // The history is never rewritten.
    let changed = sqlx::query("UPDATE service_prices SET price_paisa = 1").execute(s.pool()).await;
    assert!(changed.is_err());
}

#[tokio::test]
async fn a_dispensing_is_billed_at_the_items_sale_price_with_its_tax() {
    let t = team().await;
    let s = &t.d.f.store;
    let (_item, dispensing) = dispensed(&t, "25.50", "17").await;
    let input = InvoiceInput {
        patient_id: t.patient,
        appointment_id: None,
        dispensing_id: Some(dispensing),
        lines: vec![],
        discount: None,
    };
    let draft = billing::create_invoice(s, &t.reception, input.clone()).await.unwrap();
    assert_eq!(draft.lines[0].quantity, 10);
    assert_eq!(draft.subtotal_paisa, 25_500);
    assert_eq!(draft.tax_paisa, 4_335);
    assert_eq!(draft.total_paisa, 29_835);
    let e = billing::create_invoice(s, &t.reception, input).await.unwrap_err();
    assert_eq!(e.field(), Some("dispensing_id"));
}

#[tokio::test]
async fn payments_go_to_the_oldest_invoice_first_and_what_is_left_becomes_credit() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = t.patient;
    let a = issued(s, &t.reception, p, "1000").await;
    let b = issued(s, &t.reception, p, "500").await;

    let first =
        billing::take_payment(s, &t.reception, pay(p, None, vec![part(PaymentMethod::Jazzcash, "1,200")]))
            .await
            .unwrap();
    assert_eq!(
        first.applied.iter().map(|x| (x.invoice_id, x.amount_paisa)).collect::<Vec<_>>(),
        vec![(a.id, 100_000), (b.id, 20_000)]
    );
    let second =
        billing::take_payment(s, &t.reception, pay(p, None, vec![part(PaymentMethod::Easypaisa, "800")]))
            .await
            .unwrap();
    assert_eq!(second.applied[0].amount_paisa, 30_000);
    assert_eq!(second.to_credit_paisa, 50_000);
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!((account.balance_paisa, account.credit_paisa), (0, 50_000));
    assert_eq!(account.credit_text, "PKR 500.00");

    // The credit pays the next invoice as it is issued.
    let c = issued(s, &t.reception, p, "300").await;
    assert_eq!((c.paid_paisa, c.outstanding_paisa), (30_000, 0));
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!(account.credit_paisa, 20_000);

    // The desk chooses the newer invoice over the older one.
    let d = issued(s, &t.reception, p, "400").await; // 200 of credit applied, 200 owed
    let e = issued(s, &t.reception, p, "100").await;
    let chosen = billing::take_payment(
        s,
        &t.reception,
        pay(p, Some(e.id), vec![part(PaymentMethod::BankTransfer, "100")]),
    )
    .await
    .unwrap();
    assert_eq!(chosen.applied[0].invoice_id, e.id);
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!(account.open_invoices.len(), 1);
    assert_eq!(account.open_invoices[0].invoice_id, d.id);
    assert_eq!(account.balance_paisa, 20_000);
    // A partial payment leaves the rest owed.
    billing::take_payment(s, &t.reception, pay(p, None, vec![part(PaymentMethod::Cash, "50")]))
        .await
        .unwrap();
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!(account.balance_paisa, 15_000);
}

#[tokio::test]
async fn a_voided_invoice_gives_its_payments_back_as_credit_and_cannot_be_paid_or_voided_again() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = t.patient;
    let inv = issued(s, &t.reception, p, "1000").await;
    let paid = billing::take_payment(s, &t.reception, pay(p, None, vec![part(PaymentMethod::Cash, "1000")]))
        .await
        .unwrap();

    let refused = billing::void_invoice(s, &t.reception, inv.id, "Wrong patient").await.unwrap_err();
    assert_eq!(refused.kind(), "forbidden");
    let empty = billing::void_invoice(s, &t.admin, inv.id, "  ").await.unwrap_err();
    assert_eq!(empty.field(), Some("reason"));
    let void = billing::void_invoice(s, &t.admin, inv.id, "Billed to the wrong patient").await.unwrap();
    assert_eq!(void.status, InvoiceStatus::Void);
    assert_eq!(void.void_reason.as_deref(), Some("Billed to the wrong patient"));
    assert_eq!(void.number, inv.number, "a void keeps its number");
    let twice = billing::void_invoice(s, &t.admin, inv.id, "Again").await.unwrap_err();
    assert_eq!((twice.kind(), twice.to_string().as_str()), ("conflict", "This invoice is already voided."));
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!((account.balance_paisa, account.credit_paisa), (0, 100_000));

    let on_void =
        billing::take_payment(s, &t.reception, pay(p, Some(inv.id), vec![part(PaymentMethod::Cash, "10")]))
            .await
            .unwrap_err();
    assert_eq!(on_void.field(), Some("invoice_id"));
    assert!(on_void.to_string().contains("voided"), "{on_void}");

    // The credit goes back in cash, with a reason; never more than was paid.
    let refund = |amount: &str| RefundInput {
        amount: amount.into(),
        method: PaymentMethod::Cash,
        reference: None,
        reason: "Patient moved to Karachi".into(),
    };
    let too_much =
        billing::refund_payment(s, &t.reception, paid.payments[0].id, refund("1,000.01")).await.unwrap_err();
    assert_eq!(too_much.field(), Some("amount"));
    assert!(too_much.to_string().contains("more than was paid"), "{too_much}");
    let back = billing::refund_payment(s, &t.reception, paid.payments[0].id, refund("600")).await.unwrap();
    assert_eq!(
        (back.kind.as_str(), back.amount_paisa, back.refund_of),
        ("refund", 60_000, Some(paid.payments[0].id))
    );
    billing::refund_payment(s, &t.reception, paid.payments[0].id, refund("400")).await.unwrap();
    let more = billing::refund_payment(s, &t.reception, paid.payments[0].id, refund("1")).await.unwrap_err();
    assert!(more.to_string().contains("already refunded"), "{more}");
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!(account.credit_paisa, 0);
}

#[tokio::test]
async fn a_credit_note_is_its_own_numbered_document_and_releases_what_was_overpaid() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = t.patient;
    let inv = issued(s, &t.reception, p, "1000").await;
    let paid = billing::take_payment(s, &t.reception, pay(p, None, vec![part(PaymentMethod::Card, "1000")]))
        .await
        .unwrap();
    let refund = RefundInput {
        amount: "100".into(),
        method: PaymentMethod::Card,
        reference: Some("RV-1".into()),
        reason: "Asked back".into(),
    };
    let applied =
        billing::refund_payment(s, &t.reception, paid.payments[0].id, refund.clone()).await.unwrap_err();
    assert_eq!((applied.kind(), applied.field()), ("conflict", Some("amount")));

    let note = CreditNoteInput { amount: "300".into(), reason: "One exercise band returned".into() };
    let refused = billing::issue_credit_note(s, &t.reception, inv.id, note.clone()).await.unwrap_err();
    assert_eq!(refused.kind(), "forbidden");
    let cn = billing::issue_credit_note(s, &t.admin, inv.id, note).await.unwrap();
    assert_eq!(cn.kind, billing::InvoiceKind::CreditNote);
    assert_eq!(cn.number.as_deref(), Some(format!("CN-{}-000001", year()).as_str()));
    assert_eq!(cn.credits_invoice_id, Some(inv.id));
    assert_eq!(cn.total_paisa, 30_000);
    let inv = billing::get_invoice(s, &t.reception, inv.id).await.unwrap();
    assert_eq!((inv.credited_paisa, inv.paid_paisa, inv.outstanding_paisa), (30_000, 70_000, 0));
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!(account.credit_paisa, 30_000);

    let over = CreditNoteInput { amount: "700.01".into(), reason: "Too much".into() };
    let e = billing::issue_credit_note(s, &t.admin, inv.id, over).await.unwrap_err();
    assert_eq!(e.field(), Some("amount"));
    // What the credit note freed is refunded.
    billing::refund_payment(
        s,
        &t.reception,
        paid.payments[0].id,
        RefundInput { amount: "300".into(), ..refund },
    )
    .await
    .unwrap();
    let account = billing::patient_account(s, &t.reception, p).await.unwrap();
    assert_eq!((account.balance_paisa, account.credit_paisa), (0, 0));
}

#[tokio::test]
async fn issued_documents_payments_and_their_application_are_never_changed_or_deleted() {
    let t = team().await;
    let s = &t.d.f.store;
    let inv = issued(s, &t.reception, t.patient, "1000").await;
    billing::take_payment(s, &t.reception, pay(t.patient, None, vec![part(PaymentMethod::Cash, "500")]))
        .await
        .unwrap();
    let id = inv.id.to_string();
    for sql in [
        format!("UPDATE invoices SET total_paisa = 1, subtotal_paisa = 1 WHERE id = {id}"),
        format!("UPDATE invoices SET number = 'INV-1999-000001' WHERE id = {id}"),
        format!("UPDATE invoices SET status = 'draft' WHERE id = {id}"),
        format!("DELETE FROM invoices WHERE id = {id}"),
        format!("UPDATE invoice_lines SET unit_paisa = 1, gross_paisa = 1, total_paisa = 1 WHERE invoice_id = {id}"),
        format!("DELETE FROM invoice_lines WHERE invoice_id = {id}"),
        format!(
            "INSERT INTO invoice_lines (invoice_id, position, kind, description, quantity, unit_paisa, gross_paisa, total_paisa)
             VALUES ({id}, 9, 'other', 'x', 1, 1, 1, 1)"
        ),
        "UPDATE payments SET amount_paisa = 1".to_string(),
        "DELETE FROM payments".to_string(),
        "UPDATE payment_allocations SET amount_paisa = 1".to_string(),
        "DELETE FROM payment_allocations".to_string(),
    ] {
        let r = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(s.pool()).await;
        assert!(r.is_err(), "{sql} was allowed");
    }
    let kept = billing::get_invoice(s, &t.reception, inv.id).await.unwrap();
    assert_eq!((kept.total_paisa, kept.paid_paisa, kept.lines.len()), (100_000, 50_000, 1));
    // A draft is still the desk's to change or throw away.
    let draft =
        billing::create_invoice(s, &t.reception, lines_only(t.patient, vec![other("Hot pack", "200", 1.0)]))
            .await
            .unwrap();
    billing::discard_draft(s, &t.reception, draft.id).await.unwrap();
    let issued_discard = billing::discard_draft(s, &t.reception, inv.id).await.unwrap_err();
    assert_eq!(issued_discard.kind(), "conflict");
}
