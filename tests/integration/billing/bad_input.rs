//! What the desk may type wrong: each is refused with a sentence naming the field, and
//! nothing is half-saved (the money tables and the audit trail have the same rows after).

use alhayat::billing::{self, BillingSettings, DiscountKind, PaymentMethod, PaymentPart, RefundInput};
use alhayat::error::AppResult;

use super::*;

async fn refused<T: std::fmt::Debug>(
    t: &Team,
    field: &str,
    says: &str,
    attempt: impl std::future::Future<Output = AppResult<T>>,
) {
    let before = rows(&t.d.f.store).await;
    let e = attempt.await.expect_err(&format!("{field}: accepted"));
    assert_eq!(e.field(), Some(field), "{e:?}");
    assert!(e.to_string().contains(says), "{field}: {e}");
    assert_eq!(rows(&t.d.f.store).await, before, "{field}: something was saved");
}

#[tokio::test]
async fn bad_invoices_are_refused_naming_the_field_and_nothing_is_saved() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = t.patient;
    let good = other("Hot pack", "200", 1.0);
    let with = |l: billing::LineInput| lines_only(p, vec![good.clone(), l]);
    let desk = &t.reception;

    refused(
        &t,
        "lines.1.quantity",
        "more than 0",
        billing::create_invoice(s, desk, with(other("Band", "100", -2.0))),
    )
    .await;
    refused(
        &t,
        "lines.1.quantity",
        "whole number",
        billing::create_invoice(s, desk, with(other("Band", "100", 1.5))),
    )
    .await;
    refused(
        &t,
        "lines.1.unit_price",
        "negative",
        billing::create_invoice(s, desk, with(other("Band", "-100", 1.0))),
    )
    .await;
    refused(
        &t,
        "lines.1.unit_price",
        "two decimals",
        billing::create_invoice(s, desk, with(other("Band", "0.001", 1.0))),
    )
    .await;
    refused(
        &t,
        "lines.1.unit_price",
        "too large",
        billing::create_invoice(s, desk, with(other("Band", "99,999,999,999,999", 1.0))),
    )
    .await;
    // Each amount fits; their product does not.
    refused(
        &t,
        "lines.1.quantity",
        "too large",
        billing::create_invoice(s, desk, with(other("Band", "999,999,999", 10_000.0))),
    )
    .await;
    refused(
        &t,
        "lines.1.description",
        "",
        billing::create_invoice(
            s,
            desk,
            with(billing::LineInput { description: Some(" ".into()), ..other("x", "1", 1.0) }),
        ),
    )
    .await;

    let mut over = other("Band", "1000", 1.0);
    over.discount = Some(discount(DiscountKind::Percent, "150"));
    refused(&t, "lines.1.discount.value", "100 %", billing::create_invoice(s, desk, with(over))).await;
    let mut more_than_line = other("Band", "1000", 1.0);
    more_than_line.discount = Some(discount(DiscountKind::Amount, "1,000.01"));
    refused(
        &t,
        "lines.1.discount.value",
        "more than",
        billing::create_invoice(s, desk, with(more_than_line)),
    )
    .await;
    let mut no_reason = other("Band", "1000", 1.0);
    no_reason.discount =
        Some(billing::DiscountInput { reason: "".into(), ..discount(DiscountKind::Amount, "10") });
    refused(&t, "lines.1.discount.reason", "", billing::create_invoice(s, desk, with(no_reason))).await;
    let mut zero = other("Band", "1000", 1.0);
    zero.discount = Some(discount(DiscountKind::Percent, "0"));
    refused(&t, "lines.1.discount.value", "more than 0", billing::create_invoice(s, desk, with(zero))).await;

    // The desk's limit (10 % unless set): above it reception is refused, the administrator is not.
    let mut big = lines_only(p, vec![other("Band", "1000", 1.0)]);
    big.discount = Some(discount(DiscountKind::Percent, "10.01"));
    refused(&t, "discount", "Ask the administrator", billing::create_invoice(s, desk, big.clone())).await;
    billing::create_invoice(s, &t.admin, big.clone()).await.unwrap();
    billing::set_billing_settings(
        s,
        &t.admin,
        BillingSettings { reception_discount_limit_percent: 25, ntn: None, strn: None },
    )
    .await
    .unwrap();
    billing::create_invoice(s, desk, big).await.unwrap();
    let e = billing::set_billing_settings(
        s,
        &t.admin,
        BillingSettings { reception_discount_limit_percent: 101, ntn: None, strn: None },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("reception_discount_limit_percent"));

    let empty = lines_only(p, vec![]);
    refused(&t, "lines", "at least one line", billing::create_invoice(s, desk, empty)).await;
}

#[tokio::test]
async fn bad_payments_refunds_and_corrections_are_refused_and_nothing_is_saved() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = t.patient;
    let desk = &t.reception;
    let inv = issued(s, desk, p, "1000").await;
    let take = |parts: Vec<PaymentPart>| billing::take_payment(s, desk, pay(p, Some(inv.id), parts));

    refused(&t, "parts.0.amount", "more than 0", take(vec![part(PaymentMethod::Cash, "0")])).await;
    refused(&t, "parts.0.amount", "two decimals", take(vec![part(PaymentMethod::Cash, "0.001")])).await;
    refused(&t, "parts.0.amount", "negative", take(vec![part(PaymentMethod::Cash, "-50")])).await;
    refused(&t, "parts.0.amount", "too large", take(vec![part(PaymentMethod::Cash, "9,999,999,999,999")]))
        .await;
    // The first part is right; the second has no reference: neither is saved.
    let no_ref = PaymentPart { reference: None, ..part(PaymentMethod::Jazzcash, "200") };
    refused(&t, "parts.1.reference", "JazzCash", take(vec![part(PaymentMethod::Cash, "500"), no_ref])).await;
    let short = PaymentPart { tendered: Some("400".into()), ..part(PaymentMethod::Cash, "500") };
    refused(&t, "parts.0.tendered", "less than", take(vec![short])).await;
    let card_change = PaymentPart { tendered: Some("600".into()), ..part(PaymentMethod::Card, "500") };
    refused(&t, "parts.0.tendered", "Only cash", take(vec![card_change])).await;
    refused(&t, "parts", "amount paid", take(vec![])).await;

    let paid =
        billing::take_payment(s, desk, pay(p, None, vec![part(PaymentMethod::Cash, "1000")])).await.unwrap();
    let refund = |amount: &str| RefundInput {
        amount: amount.into(),
        method: PaymentMethod::Cash,
        reference: None,
        reason: "Overcharged".into(),
    };
    refused(
        &t,
        "amount",
        "more than was paid",
        billing::refund_payment(s, desk, paid.payments[0].id, refund("1,000.50")),
    )
    .await;
    refused(&t, "amount", "more than 0", billing::refund_payment(s, desk, paid.payments[0].id, refund("0")))
        .await;

    let credit = billing::CreditNoteInput { amount: "0.001".into(), reason: "Typo".into() };
    refused(&t, "amount", "two decimals", billing::issue_credit_note(s, &t.admin, inv.id, credit)).await;

    billing::void_invoice(s, &t.admin, inv.id, "Entered twice").await.unwrap();
    let before = rows(s).await;
    let twice = billing::void_invoice(s, &t.admin, inv.id, "Entered twice").await.unwrap_err();
    assert_eq!(twice.kind(), "conflict");
    assert_eq!(rows(s).await, before);
    refused(&t, "invoice_id", "voided", take(vec![part(PaymentMethod::Cash, "100")])).await;
}
