//! The day's takings: a cashier closes their own day once, against what their payments
//! and refunds come to per method; later payments fall on the next day.

use alhayat::billing::cashup::{self, CashUpInput};
use alhayat::billing::{self, PaymentMethod};
use alhayat::patients::clinic_today;
use chrono::Duration;

use super::documents::pdf_text;
use super::*;
use crate::support::{actor, add_staff};

fn count(day: chrono::NaiveDate, cash: &str, note: Option<&str>) -> CashUpInput {
    CashUpInput { day: day.to_string(), counted_cash: cash.into(), note: note.map(str::to_string) }
}

fn method(m: &[cashup::MethodTakings], name: &str) -> (i64, i64, i64, i64) {
    let m = m.iter().find(|x| x.method == name).unwrap();
    (m.payments, m.paid_paisa, m.refunds, m.refunded_paisa)
}

#[tokio::test]
async fn a_cashier_closes_their_day_and_later_payments_fall_on_the_next() {
    let t = team().await;
    let s = &t.d.f.store;
    let today = clinic_today();
    let second_desk = actor(
        add_staff(s, "rabia", "Rabia Noor", &[alhayat::auth::Role::Reception]).await,
        &[alhayat::auth::Role::Reception],
    );
    let q = t.d.patients[1];
    // Cash 1,500 and card 2,000 by the first desk, a cash refund of 200; 700 by another desk.
    let taken = billing::take_payment(
        s,
        &t.reception,
        pay(q, None, vec![part(PaymentMethod::Cash, "1,500"), part(PaymentMethod::Card, "2,000")]),
    )
    .await
    .unwrap();
    let refund = billing::RefundInput {
        amount: "200".into(),
        method: PaymentMethod::Cash,
        reference: None,
        reason: "Paid twice".into(),
    };
    billing::refund_payment(s, &t.reception, taken.payments[0].id, refund).await.unwrap();
    billing::take_payment(s, &second_desk, pay(q, None, vec![part(PaymentMethod::Cash, "700")]))
        .await
        .unwrap();

    let so_far = cashup::day_takings(s, &t.reception, &today.to_string()).await.unwrap();
    assert_eq!(so_far.expected_cash_paisa, 130_000);
    assert_eq!(method(&so_far.methods, "cash"), (1, 150_000, 1, 20_000));
    assert_eq!(method(&so_far.methods, "card"), (1, 200_000, 0, 0));
    assert_eq!(so_far.closing_id, None);

    // 50 rupees short: the note is required, then the day closes.
    let e = cashup::close_day(s, &t.reception, count(today, "1,250", None)).await.unwrap_err();
    assert_eq!(e.field(), Some("note"), "{e}");
    let closed =
        cashup::close_day(s, &t.reception, count(today, "1,250", Some("Change given twice"))).await.unwrap();
    assert_eq!(
        (closed.expected_cash_paisa, closed.counted_cash_paisa, closed.difference_paisa),
        (130_000, 125_000, -5_000)
    );
    assert_eq!(closed.note.as_deref(), Some("Change given twice"));
    assert_eq!(method(&closed.methods, "card"), (1, 200_000, 0, 0));
    assert_eq!(closed.cashier_name, "Sana Malik");

    // Closing twice is refused; nothing is added.
    let e = cashup::close_day(s, &t.reception, count(today, "1,300", None)).await.unwrap_err();
    assert_eq!((e.kind(), e.field()), ("conflict", Some("day")), "{e}");

    // A payment after the close counts tomorrow, not on the closed day.
    billing::take_payment(s, &t.reception, pay(q, None, vec![part(PaymentMethod::Cash, "400")]))
        .await
        .unwrap();
    let closed_day = cashup::day_takings(s, &t.reception, &today.to_string()).await.unwrap();
    assert_eq!(closed_day.expected_cash_paisa, 130_000, "the closed day is unchanged");
    assert_eq!(closed_day.closing_id, Some(closed.id));
    let tomorrow =
        cashup::day_takings(s, &t.reception, &(today + Duration::days(1)).to_string()).await.unwrap();
    assert_eq!(tomorrow.expected_cash_paisa, 40_000);

    // The other desk's day is its own.
    let theirs = cashup::day_takings(s, &second_desk, &today.to_string()).await.unwrap();
    assert_eq!(theirs.expected_cash_paisa, 70_000);
    cashup::close_day(s, &second_desk, count(today, "700", None)).await.unwrap();

    // The store refuses a payment dated back into the closed day, and any change to a closing.
    let back_dated = sqlx::query(
        "INSERT INTO payments (kind, patient_id, method, amount_paisa, taken_by, taken_at) VALUES ('payment', ?, 'cash', 100, ?, '2000-01-01T00:00:00Z')",
    )
    .bind(q)
    .bind(t.reception.staff_id)
    .execute(s.pool())
    .await;
    assert!(back_dated.unwrap_err().to_string().contains("closed that day"));
    let changed = sqlx::query("UPDATE day_closings SET counted_cash_paisa = 130000").execute(s.pool()).await;
    assert!(changed.unwrap_err().to_string().contains("cannot be changed"));

    // Each cashier sees their own closings; the administrator sees all.
    let day = today.to_string();
    assert_eq!(cashup::day_closings(s, &t.reception, &day, &day).await.unwrap().len(), 1);
    assert_eq!(cashup::day_closings(s, &t.admin, &day, &day).await.unwrap().len(), 2);

    // The Z report: the cashier's own, or the administrator's; not another cashier's.
    let z = cashup::z_report_pdf(s, &t.reception, closed.id).await.unwrap();
    let text = pdf_text(&z.bytes);
    for want in [
        "Z report",
        "Sana Malik",
        "Cash expected PKR 1,300.00",
        "Cash counted PKR 1,250.00",
        "Difference -PKR 50.00",
        "Change given twice",
        "Entries (3)",
    ] {
        assert!(text.contains(want), "{want:?} not in: {text}");
    }
    assert!(!text.contains("Usman"), "the Z report names no patient: {text}");
    assert_eq!(cashup::z_report_pdf(s, &second_desk, closed.id).await.unwrap_err().kind(), "forbidden");
    cashup::z_report_pdf(s, &t.admin, closed.id).await.unwrap();
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'day_closing' AND action IN ('create', 'print')",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(audited, 4, "two closings and two prints");
}

#[tokio::test]
async fn bad_counts_and_days_are_refused_naming_the_field_and_nothing_is_saved() {
    let t = team().await;
    let s = &t.d.f.store;
    let today = clinic_today();
    let before = rows(s).await;
    for (day, cash, field) in [
        (today.to_string(), "-100".to_string(), "counted_cash"),
        (today.to_string(), "abc".to_string(), "counted_cash"),
        (today.to_string(), "12.345".to_string(), "counted_cash"),
        (today.to_string(), "".to_string(), "counted_cash"),
        ((today + Duration::days(1)).to_string(), "0".to_string(), "day"),
        ("yesterday".to_string(), "0".to_string(), "day"),
        ("2026-02-30".to_string(), "0".to_string(), "day"),
    ] {
        let input = CashUpInput { day: day.clone(), counted_cash: cash.clone(), note: None };
        let e = cashup::close_day(s, &t.reception, input).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{day} {cash}: {e}");
    }
    // A difference with a blank note, and a note of hidden characters.
    let e = cashup::close_day(s, &t.reception, count(today, "10", Some("   "))).await.unwrap_err();
    assert_eq!(e.field(), Some("note"));
    assert_eq!(rows(s).await, before, "nothing saved");
    let closings: i64 =
        sqlx::query_scalar("SELECT count(*) FROM day_closings").fetch_one(s.pool()).await.unwrap();
    assert_eq!(closings, 0);
    // A past day with nothing taken closes at zero.
    let yesterday =
        cashup::close_day(s, &t.reception, count(today - Duration::days(1), "0", None)).await.unwrap();
    assert_eq!((yesterday.expected_cash_paisa, yesterday.difference_paisa, yesterday.note), (0, 0, None));
}
