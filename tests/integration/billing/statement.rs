//! The patient's statement (invoices, credit notes, payments, refunds) and a price's
//! history, as the record's Billing section and the prices screen read them.

use alhayat::billing::{self, CreditNoteInput, InvoiceKind, InvoiceStatus, PaymentMethod, PricedThing};

use super::*;

#[tokio::test]
async fn the_statement_lists_every_document_and_payment_newest_first_with_what_is_owed() {
    let t = team().await;
    let s = &t.d.f.store;
    let first = issued(s, &t.reception, t.patient, "1,000").await;
    let second = issued(s, &t.reception, t.patient, "500").await;
    let draft =
        billing::create_invoice(s, &t.reception, lines_only(t.patient, vec![other("Hot pack", "150", 1.0)]))
            .await
            .unwrap();
    billing::take_payment(
        s,
        &t.reception,
        pay(t.patient, Some(first.id), vec![part(PaymentMethod::Cash, "1,000")]),
    )
    .await
    .unwrap();
    billing::take_payment(s, &t.reception, pay(t.patient, None, vec![part(PaymentMethod::Card, "200")]))
        .await
        .unwrap();
    let note = CreditNoteInput { amount: "100".into(), reason: "Price agreed lower".into() };
    let credit = billing::issue_credit_note(s, &t.admin, second.id, note).await.unwrap();
    // Another patient's invoice is not on this statement.
    issued(s, &t.reception, t.d.patients[1], "700").await;

    let st = billing::billing_statement(s, &t.reception, t.patient).await.unwrap();
    let ids: Vec<i64> = st.invoices.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![credit.id, draft.id, second.id, first.id], "newest first, drafts included");
    let by_id = |id: i64| st.invoices.iter().find(|i| i.id == id).unwrap();
    assert_eq!(
        (by_id(first.id).paid_paisa, by_id(first.id).outstanding_paisa, by_id(first.id).status),
        (100_000, 0, InvoiceStatus::Issued)
    );
    let s2 = by_id(second.id);
    assert_eq!(
        (s2.total_paisa, s2.credited_paisa, s2.paid_paisa, s2.outstanding_paisa),
        (50_000, 10_000, 20_000, 20_000)
    );
    assert_eq!(
        (by_id(draft.id).status, by_id(draft.id).number.as_deref(), by_id(draft.id).outstanding_paisa),
        (InvoiceStatus::Draft, None, 0)
    );
    assert_eq!(
        (by_id(credit.id).kind, by_id(credit.id).credits_invoice_id),
        (InvoiceKind::CreditNote, Some(second.id))
    );
    let methods: Vec<&str> = st.payments.iter().map(|p| p.method.as_str()).collect();
    assert_eq!(methods, vec!["card", "cash"]);
    // The statement's sums agree with the account.
    let account = billing::patient_account(s, &t.reception, t.patient).await.unwrap();
    assert_eq!(st.invoices.iter().map(|i| i.outstanding_paisa).sum::<i64>(), account.balance_paisa);

    let reads: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE patient_id = ? AND entity = 'billing_statement' AND action = 'view'",
    )
    .bind(t.patient)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(reads, 1);
    for (who, actor) in
        [("physiotherapist", &t.physio), ("privacy officer", &t.privacy), ("pharmacist", &t.pharmacist)]
    {
        let e = billing::billing_statement(s, actor, t.patient).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{who}");
    }
    let e = billing::billing_statement(s, &t.reception, 999_999).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
}

#[tokio::test]
async fn a_prices_history_is_listed_newest_first_with_who_set_it() {
    let t = team().await;
    let s = &t.d.f.store;
    assert!(billing::price_history(s, &t.admin, PricedThing::Service, t.d.physio).await.unwrap().is_empty());
    billing::set_service_price(s, &t.admin, t.d.physio, price("3,500", "16")).await.unwrap();
    let mut later = price("4,000", "0");
    later.effective_from = (alhayat::patients::clinic_today() + chrono::Duration::days(30)).to_string();
    billing::set_service_price(s, &t.admin, t.d.physio, later).await.unwrap();

    let h = billing::price_history(s, &t.reception, PricedThing::Service, t.d.physio).await.unwrap();
    let seen: Vec<(i64, &str, i64)> =
        h.iter().map(|c| (c.price_paisa, c.price_text.as_str(), c.tax_bp)).collect();
    assert_eq!(seen, vec![(400_000, "PKR 4,000.00", 0), (350_000, "PKR 3,500.00", 1_600)]);
    assert!(h.iter().all(|c| c.set_by.is_some()));
    // An item's history is its own table: the service's prices are not in it.
    assert!(billing::price_history(s, &t.admin, PricedThing::Item, t.d.physio).await.unwrap().is_empty());
    let e = billing::price_history(s, &t.physio, PricedThing::Service, t.d.physio).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
}
