//! The patient's balance, credit and open invoices, read from what the store keeps per
//! invoice and per payment (`invoice_dues`, `payment_credits`), match the sums over the
//! invoices, credit notes, payments, refunds and allocations themselves after every kind
//! of write: part payments, overpayment, credit applied, refund, credit note, void,
//! a package sold, paid and refunded, and a write that was refused.

use alhayat::billing::{self, CreditNoteInput, PackageInput, PaymentMethod, RefundInput};

use super::*;

/// Balance, credit and the open invoices (id, owed; oldest first), summed from the
/// source rows the way the account was read before anything was kept per invoice.
async fn from_sources(store: &Store, patient: i64) -> (i64, i64, Vec<(i64, i64)>) {
    let open: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, outstanding FROM (
             SELECT i.id, i.issued_at,
                    i.total_paisa
                    - coalesce((SELECT sum(c.total_paisa) FROM invoices c WHERE c.credits_invoice_id = i.id AND c.status = 'issued'), 0)
                    - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS outstanding
             FROM invoices i WHERE i.patient_id = ? AND i.kind = 'invoice' AND i.status = 'issued')
         WHERE outstanding > 0 ORDER BY issued_at, id",
    )
    .bind(patient)
    .fetch_all(store.pool())
    .await
    .unwrap();
    let credit: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(p.amount_paisa
                    - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.payment_id = p.id), 0)
                    - coalesce((SELECT sum(r.amount_paisa) FROM payments r WHERE r.refund_of = p.id), 0)), 0)
         FROM payments p WHERE p.patient_id = ? AND p.kind = 'payment'",
    )
    .bind(patient)
    .fetch_one(store.pool())
    .await
    .unwrap();
    (open.iter().map(|o| o.1).sum(), credit, open)
}

/// Reads the account, checks it against the sums over the source rows and against
/// what the step should have left, and checks the balances by age add up to it.
async fn account_is(t: &Team, step: &str, balance: i64, credit: i64) {
    let s = &t.d.f.store;
    let a = billing::patient_account(s, &t.reception, t.patient).await.unwrap();
    let open: Vec<(i64, i64)> = a.open_invoices.iter().map(|o| (o.invoice_id, o.outstanding_paisa)).collect();
    assert_eq!((a.balance_paisa, a.credit_paisa, open), from_sources(s, t.patient).await, "{step}");
    assert_eq!((a.balance_paisa, a.credit_paisa), (balance, credit), "{step}");
    let aged = billing::reports::aged_balances(s, &t.admin).await.unwrap();
    let other = from_sources(s, t.d.patients[1]).await.0;
    assert_eq!(aged.iter().map(|b| b.outstanding_paisa).sum::<i64>(), balance + other, "{step}: by age");
}

#[tokio::test]
async fn balance_and_credit_stay_right_through_every_kind_of_write() {
    let t = team().await;
    let s = &t.d.f.store;
    let (desk, admin, p) = (&t.reception, &t.admin, t.patient);
    // Another patient's invoice, half paid, must never count in this patient's account.
    let theirs = issued(s, desk, t.d.patients[1], "700").await;
    billing::take_payment(
        s,
        desk,
        pay(t.d.patients[1], Some(theirs.id), vec![part(PaymentMethod::Cash, "350")]),
    )
    .await
    .unwrap();

    let first = issued(s, desk, p, "1000").await;
    let second = issued(s, desk, p, "2000").await;
    account_is(&t, "two invoices issued", 300_000, 0).await;

    // No invoice chosen: the oldest is paid first.
    billing::take_payment(s, desk, pay(p, None, vec![part(PaymentMethod::Cash, "1500")])).await.unwrap();
    let a = billing::patient_account(s, desk, p).await.unwrap();
    assert_eq!(a.open_invoices.len(), 1);
    assert_eq!((a.open_invoices[0].invoice_id, a.open_invoices[0].outstanding_paisa), (second.id, 150_000));
    account_is(&t, "part paid, oldest first", 150_000, 0).await;

    let over =
        billing::take_payment(s, desk, pay(p, Some(second.id), vec![part(PaymentMethod::Card, "2500")]))
            .await
            .unwrap();
    assert_eq!(over.to_credit_paisa, 100_000);
    account_is(&t, "overpaid", 0, 100_000).await;

    let refund = |amount: &str| RefundInput {
        amount: amount.into(),
        method: PaymentMethod::Cash,
        reference: None,
        reason: "Asked for it back".into(),
    };
    let overpayment = over.payments[0].id;
    billing::refund_payment(s, desk, overpayment, refund("400")).await.unwrap();
    account_is(&t, "part of the credit refunded", 0, 60_000).await;
    // Refused (more than is free): nothing changes.
    billing::refund_payment(s, desk, overpayment, refund("601")).await.unwrap_err();
    account_is(&t, "a refused refund", 0, 60_000).await;

    let third = issued(s, desk, p, "500").await;
    assert_eq!((third.paid_paisa, third.outstanding_paisa), (50_000, 0), "credit applied on issue");
    account_is(&t, "credit applied to a new invoice", 0, 10_000).await;

    // Paid in full, then PKR 300 taken off: that much goes back to credit.
    let note = CreditNoteInput { amount: "300".into(), reason: "Charged twice for the band".into() };
    billing::issue_credit_note(s, admin, second.id, note).await.unwrap();
    account_is(&t, "credit note on a paid invoice", 0, 40_000).await;

    billing::void_invoice(s, admin, first.id, "Billed to the wrong patient").await.unwrap();
    account_is(&t, "paid invoice voided", 0, 140_000).await;
    // A void invoice takes no payment and is not owed.
    let e = billing::take_payment(s, desk, pay(p, Some(first.id), vec![part(PaymentMethod::Cash, "10")]))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("invoice_id"));
    account_is(&t, "payment on a void invoice refused", 0, 140_000).await;

    let fourth = issued(s, desk, p, "5000").await;
    assert_eq!(fourth.outstanding_paisa, 360_000);
    account_is(&t, "credit used up by a bigger invoice", 360_000, 0).await;
    // Partly paid, partly credited: nothing to release.
    let note = CreditNoteInput { amount: "600".into(), reason: "Discount agreed late".into() };
    billing::issue_credit_note(s, admin, fourth.id, note).await.unwrap();
    account_is(&t, "credit note on a part-paid invoice", 300_000, 0).await;

    let package = PackageInput {
        patient_id: p,
        service_id: t.d.physio,
        sessions: 5.0,
        price: "12,000".into(),
        expires_on: (alhayat::patients::clinic_today() + chrono::Duration::days(90)).to_string(),
    };
    let k = billing::sell_package(s, desk, package).await.unwrap();
    account_is(&t, "package sold", 1_500_000, 0).await;
    let paid =
        billing::take_payment(s, desk, pay(p, Some(k.invoice_id), vec![part(PaymentMethod::Card, "12,000")]))
            .await
            .unwrap();
    account_is(&t, "package paid", 300_000, 0).await;
    billing::refund_package(s, admin, k.id, "Moving abroad").await.unwrap();
    account_is(&t, "unused package refunded to credit", 300_000, 1_200_000).await;
    billing::refund_payment(s, desk, paid.payments[0].id, refund("2,000")).await.unwrap();
    account_is(&t, "part of the package money handed back", 300_000, 1_000_000).await;

    billing::take_payment(s, desk, pay(p, None, vec![part(PaymentMethod::Cash, "3,000")])).await.unwrap();
    account_is(&t, "the last invoice paid", 0, 1_000_000).await;
    let fifth = issued(s, desk, p, "250").await;
    assert_eq!(fifth.outstanding_paisa, 0);
    account_is(&t, "credit from the package pays the next invoice", 0, 975_000).await;
}
