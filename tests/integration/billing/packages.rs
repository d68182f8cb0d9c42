//! Session packages: sold on their own invoice, one session per appointment of their
//! patient and service, given back when the clinic cancels, refused after expiry, and
//! refunded pro rata by a credit note.

use alhayat::billing::{self, PackageInput, PaymentMethod, RefundInput};
use alhayat::scheduling::{self, CancelInput, CancelledBy, Scope};

use super::*;
use crate::scheduling::{at, monday};

fn five_sessions(t: &Team, expires_in_days: i64) -> PackageInput {
    PackageInput {
        patient_id: t.patient,
        service_id: t.d.physio,
        sessions: 5.0,
        price: "12,000".into(),
        expires_on: (alhayat::patients::clinic_today() + chrono::Duration::days(expires_in_days)).to_string(),
    }
}

#[tokio::test]
async fn a_package_is_sold_used_given_back_and_refunded_pro_rata() {
    let t = team().await;
    let s = &t.d.f.store;
    let desk = &t.reception;
    let k = billing::sell_package(s, desk, five_sessions(&t, 90)).await.unwrap();
    assert_eq!((k.sessions, k.used, k.remaining), (5, 0, 5));
    assert!(k.invoice_number.as_deref().unwrap().starts_with("INV-"));
    let inv = billing::get_invoice(s, desk, k.invoice_id).await.unwrap();
    assert_eq!(inv.total_paisa, 1_200_000);
    billing::take_payment(
        s,
        desk,
        pay(t.patient, Some(k.invoice_id), vec![part(PaymentMethod::Card, "12,000")]),
    )
    .await
    .unwrap();

    let book = |patient: usize, practitioner: i64, day: i64| {
        scheduling::book(s, desk, t.d.booking(patient, practitioner, t.d.room1, &at(monday(1), day, "10:00")))
    };
    let first = book(0, t.d.bilal, 0).await.unwrap().id;
    let k1 = billing::use_package_session(s, desk, k.id, first).await.unwrap();
    assert_eq!((k1.used, k1.remaining), (1, 4));
    let twice = billing::use_package_session(s, desk, k.id, first).await.unwrap_err();
    assert_eq!((twice.kind(), twice.field()), ("conflict", Some("appointment_id")));
    let someone_else = book(1, t.d.bilal, 1).await.unwrap().id;
    let e = billing::use_package_session(s, desk, k.id, someone_else).await.unwrap_err();
    assert!(e.to_string().contains("only by the patient it was sold to"), "{e}");
    let psychology = book(0, t.d.ayesha, 2).await.unwrap().id;
    let e = billing::use_package_session(s, desk, k.id, psychology).await.unwrap_err();
    assert!(e.to_string().contains("not this appointment's service"), "{e}");

    // Only the clinic's cancellation gives the session back.
    let cancel = |by| CancelInput { by, reason: "Therapist unwell".into(), scope: Scope::This };
    let second = book(0, t.d.bilal, 3).await.unwrap().id;
    billing::use_package_session(s, desk, k.id, second).await.unwrap();
    scheduling::cancel(s, desk, second, cancel(CancelledBy::Patient)).await.unwrap();
    let e = billing::return_package_session(s, desk, k.id, second).await.unwrap_err();
    assert_eq!(e.field(), Some("appointment_id"));
    scheduling::cancel(s, desk, first, cancel(CancelledBy::Clinic)).await.unwrap();
    let back = billing::return_package_session(s, desk, k.id, first).await.unwrap();
    assert_eq!((back.used, back.remaining), (1, 4));
    let again = billing::return_package_session(s, desk, k.id, first).await.unwrap_err();
    assert_eq!(again.kind(), "conflict");

    // Four unused of five: 4/5 of PKR 12,000 back as credit, the package closed.
    let refused = billing::refund_package(s, desk, k.id, "Moving abroad").await.unwrap_err();
    assert_eq!(refused.kind(), "forbidden");
    let closed = billing::refund_package(s, &t.admin, k.id, "Moving abroad").await.unwrap();
    assert_eq!(closed.remaining, 0);
    assert!(closed.closed_at.is_some());
    let note = billing::get_invoice(s, desk, closed.credit_note_id.unwrap()).await.unwrap();
    assert_eq!(note.total_paisa, 960_000);
    let account = billing::patient_account(s, desk, t.patient).await.unwrap();
    assert_eq!((account.balance_paisa, account.credit_paisa), (0, 960_000));
    let third = book(0, t.d.bilal, 4).await.unwrap().id;
    let after = billing::use_package_session(s, desk, k.id, third).await.unwrap_err();
    assert_eq!(after.kind(), "conflict");
    let twice = billing::refund_package(s, &t.admin, k.id, "Again").await.unwrap_err();
    assert_eq!(twice.kind(), "conflict");
    let payment: i64 =
        sqlx::query_scalar("SELECT id FROM payments WHERE patient_id = ? AND kind = 'payment'")
            .bind(t.patient)
            .fetch_one(s.pool())
            .await
            .unwrap();
    let r = RefundInput {
        amount: "9,600".into(),
        method: PaymentMethod::Card,
        reference: Some("RV-88".into()),
        reason: "Unused package sessions".into(),
    };
    billing::refund_payment(s, desk, payment, r).await.unwrap();

    let listed = billing::patient_packages(s, desk, t.patient).await.unwrap();
    assert_eq!(listed.len(), 1);
    // A used session is never rewritten.
    assert!(sqlx::query("DELETE FROM package_sessions").execute(s.pool()).await.is_err());
    assert!(sqlx::query("UPDATE session_packages SET sessions = 50").execute(s.pool()).await.is_err());
}

#[tokio::test]
async fn an_expired_package_and_bad_sales_are_refused() {
    let t = team().await;
    let s = &t.d.f.store;
    let desk = &t.reception;
    let k = billing::sell_package(s, desk, five_sessions(&t, 0)).await.unwrap();
    // Sold a year ago, expired yesterday: written as it would stand.
    let yesterday = (alhayat::patients::clinic_today() - chrono::Duration::days(1)).to_string();
    let old: i64 = sqlx::query_scalar(
        "INSERT INTO session_packages (patient_id, service_id, sessions, price_paisa, expires_on, invoice_id, sold_by, sold_at)
         SELECT patient_id, service_id, sessions, price_paisa, ?, invoice_id, sold_by, sold_at FROM session_packages WHERE id = ?
         RETURNING id",
    )
    .bind(&yesterday)
    .bind(k.id)
    .fetch_one(s.pool())
    .await
    .unwrap();
    let visit = scheduling::book(s, desk, t.d.booking(0, t.d.bilal, t.d.room1, &at(monday(1), 0, "11:00")))
        .await
        .unwrap()
        .id;
    let e = billing::use_package_session(s, desk, old, visit).await.unwrap_err();
    assert_eq!(e.field(), Some("package_id"));
    assert!(e.to_string().contains("expired"), "{e}");
    billing::use_package_session(s, desk, k.id, visit).await.unwrap();

    let before = rows(s).await;
    for (input, field) in [
        (PackageInput { sessions: 0.0, ..five_sessions(&t, 30) }, "sessions"),
        (PackageInput { sessions: 2.5, ..five_sessions(&t, 30) }, "sessions"),
        (PackageInput { sessions: 101.0, ..five_sessions(&t, 30) }, "sessions"),
        (PackageInput { price: "0".into(), ..five_sessions(&t, 30) }, "price"),
        (PackageInput { price: "12000.001".into(), ..five_sessions(&t, 30) }, "price"),
        (five_sessions(&t, -1), "expires_on"),
    ] {
        let e = billing::sell_package(s, desk, input).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert_eq!(rows(s).await, before, "nothing half-saved");
}
