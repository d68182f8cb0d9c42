//! Billing records have their own retention rule (6 years after the last visit): kept
//! and restricted before then, erased with the rest after, though the store otherwise
//! never lets an issued invoice or a payment be deleted.

use alhayat::billing::PaymentMethod;
use alhayat::retention::{self, RecordKind};

use super::*;

async fn count(store: &Store, sql: &str, patient: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(patient)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn billed(t: &Team, patient: i64) {
    let s = &t.d.f.store;
    let inv = issued(s, &t.reception, patient, "1500").await;
    let parts = vec![part(PaymentMethod::Cash, "2000")];
    let paid = billing::take_payment(s, &t.reception, pay(patient, Some(inv.id), parts)).await.unwrap();
    // A printed receipt is remembered (for COPY) under the patient too.
    billing::receipt_pdf(s, &t.reception, paid.payments[0].id, billing::Paper::A5, None).await.unwrap();
}

#[tokio::test]
async fn billing_is_kept_six_years_after_the_last_visit_then_erased_with_the_patient() {
    let t = team().await;
    let s = &t.d.f.store;
    let recent = t.d.patients[1];
    let old = t.d.patients[2];
    billed(&t, recent).await;
    billed(&t, old).await;
    sqlx::query("UPDATE patients SET created_at = '2012-02-01T05:00:00Z' WHERE id = ?1")
        .bind(old)
        .execute(s.pool())
        .await
        .unwrap();

    // Registered this year: the invoice and the payment stay, restricted, for six years.
    let out = retention::erase_patient(s, &t.privacy, recent, None).await.unwrap();
    let billing = out.kinds.iter().find(|k| k.kind == RecordKind::Billing).unwrap();
    assert_eq!((billing.erased, billing.kept), (0, 2), "{billing:?}");
    let six_years = alhayat::patients::clinic_today().checked_add_months(chrono::Months::new(72)).unwrap();
    assert_eq!(billing.keep_until, Some(six_years));
    assert!(!out.patient_erased, "personal details stay as long as the invoices");
    assert_eq!(count(s, "SELECT count(*) FROM invoices WHERE patient_id = ?1", recent).await, 1);

    // Last seen (registered) in 2012: everything may go, the billing records too.
    let out = retention::erase_patient(s, &t.privacy, old, None).await.unwrap();
    let billing = out.kinds.iter().find(|k| k.kind == RecordKind::Billing).unwrap();
    assert_eq!(billing.erased, 2, "{billing:?}");
    assert!(out.patient_erased);
    // What the store keeps per invoice and per payment goes with them.
    for table in ["invoices", "payments", "document_prints", "invoice_dues", "payment_credits"] {
        let sql = format!("SELECT count(*) FROM {table} WHERE patient_id = ?1");
        assert_eq!(count(s, &sql, old).await, 0, "{table}");
    }
    let lines: i64 =
        sqlx::query_scalar("SELECT count(*) FROM invoice_lines").fetch_one(s.pool()).await.unwrap();
    assert_eq!(lines, 1, "only the other patient's line is left");
    // The exception lasted only as long as the erasure: an issued invoice cannot be deleted.
    let e = sqlx::query("DELETE FROM invoices WHERE patient_id = ?1").bind(recent).execute(s.pool()).await;
    assert!(e.unwrap_err().to_string().contains("cannot be deleted"));
    let e = sqlx::query("DELETE FROM payments WHERE patient_id = ?1").bind(recent).execute(s.pool()).await;
    assert!(e.is_err());
    let report = alhayat::audit::verify(s.pool(), s.head().read().as_ref()).await.unwrap();
    assert!(report.ok, "{report:?}");
}
