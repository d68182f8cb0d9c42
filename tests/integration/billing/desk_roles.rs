//! Who may print money documents, close a day and read the money reports: every such
//! command, as every role. Reception prints, closes its own day and prints its Z report;
//! the administrator prints, sees every closing and the reports; clinicians and the
//! privacy officer are refused.

use std::sync::atomic::{AtomicI64, Ordering};

use alhayat::auth::{Actor, Role};
use alhayat::billing::cashup::{self, CashUpInput};
use alhayat::billing::{self, reports, revenue, Paper, PaymentMethod};
use alhayat::error::AppResult;
use alhayat::patients::clinic_today;

use super::*;

const ACTIONS: &[(&str, &[Role])] = &[
    ("invoice_pdf", &[Role::Administrator, Role::Reception]),
    ("receipt_pdf", &[Role::Administrator, Role::Reception]),
    ("day_takings", &[Role::Reception]),
    ("close_day", &[Role::Reception]),
    ("day_closings", &[Role::Administrator, Role::Reception]),
    ("z_report_pdf", &[Role::Administrator, Role::Reception]),
    ("takings_report", &[Role::Administrator]),
    ("export_takings_csv", &[Role::Administrator]),
    ("aged_balances", &[Role::Administrator]),
    ("export_aged_balances_csv", &[Role::Administrator]),
    ("monthly_revenue", &[Role::Administrator]),
    ("export_monthly_revenue_csv", &[Role::Administrator]),
];

fn unit<T>(r: AppResult<T>) -> AppResult<()> {
    r.map(|_| ())
}

/// A different past day for each closing, so no attempt meets an earlier one.
fn fresh_day() -> String {
    static BACK: AtomicI64 = AtomicI64::new(1);
    (clinic_today() - chrono::Duration::days(BACK.fetch_add(1, Ordering::SeqCst))).to_string()
}

async fn attempt(t: &Team, action: &str, who: &Actor) -> AppResult<()> {
    let s = &t.d.f.store;
    let p = t.patient;
    let desk = &t.reception;
    let today = clinic_today().to_string();
    match action {
        "invoice_pdf" => {
            let inv = issued(s, desk, p, "300").await.id;
            unit(billing::invoice_pdf(s, who, inv, Paper::A5, None).await)
        }
        "receipt_pdf" => {
            let paid = billing::take_payment(s, desk, pay(p, None, vec![part(PaymentMethod::Cash, "100")]))
                .await
                .unwrap();
            unit(billing::receipt_pdf(s, who, paid.payments[0].id, Paper::Roll80, None).await)
        }
        "day_takings" => unit(cashup::day_takings(s, who, &today).await),
        "close_day" => {
            let input = CashUpInput { day: fresh_day(), counted_cash: "0".into(), note: None };
            unit(cashup::close_day(s, who, input).await)
        }
        "day_closings" => unit(cashup::day_closings(s, who, &today, &today).await),
        "z_report_pdf" => {
            let input = CashUpInput { day: fresh_day(), counted_cash: "0".into(), note: None };
            let closed = cashup::close_day(s, desk, input).await.unwrap();
            unit(cashup::z_report_pdf(s, who, closed.id).await)
        }
        "takings_report" => unit(reports::takings_report(s, who, &today, &today).await),
        "export_takings_csv" => unit(reports::takings_csv(s, who, &today, &today).await),
        "aged_balances" => unit(reports::aged_balances(s, who).await),
        "export_aged_balances_csv" => unit(reports::aged_balances_csv(s, who).await),
        "monthly_revenue" => unit(revenue::monthly_revenue(s, who, &today[..7]).await),
        "export_monthly_revenue_csv" => unit(revenue::monthly_revenue_csv(s, who, &today[..7]).await),
        other => panic!("no attempt for {other}"),
    }
}

#[tokio::test]
async fn every_print_closing_and_report_is_open_to_exactly_its_roles() {
    let t = team().await;
    let everyone: [(Role, &Actor); 6] = [
        (Role::Administrator, &t.admin),
        (Role::Reception, &t.reception),
        (Role::PrivacyOfficer, &t.privacy),
        (Role::Physiotherapist, &t.physio),
        (Role::Psychologist, &t.psych),
        (Role::Pharmacist, &t.pharmacist),
    ];
    let mut problems = Vec::new();
    for (action, open_to) in ACTIONS {
        for (role, who) in everyone {
            match (open_to.contains(&role), attempt(&t, action, who).await) {
                (true, Ok(())) => {}
                (true, Err(e)) => problems.push(format!("{action} as {role:?} was refused: {e}")),
                (false, Ok(())) => problems.push(format!("{action} as {role:?} was allowed")),
                (false, Err(e)) if e.kind() != "forbidden" => {
                    problems.push(format!("{action} as {role:?}: {e:?}"))
                }
                (false, Err(_)) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every command of these two files is in the matrix.
    let mut listed = Vec::new();
    for file in ["receipts.rs", "takings.rs"] {
        // Declared in the core, or (those that save a file here) in the window's crate.
        for dir in ["src-tauri/core/src/commands", "src-tauri/src/commands"] {
            let path = format!("{}/{dir}/{file}", env!("CARGO_MANIFEST_DIR"));
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            listed.extend(
                text.match_indices("pub async fn ")
                    .map(|(i, _)| text[i + 13..].split('(').next().unwrap().to_string()),
            );
        }
    }
    for c in &listed {
        assert!(ACTIONS.iter().any(|(a, _)| a == c), "{c} is not in the role matrix");
    }
    assert_eq!(listed.len(), ACTIONS.len());
}

#[tokio::test]
async fn the_reports_add_up_by_day_cashier_method_and_age() {
    let t = team().await;
    let s = &t.d.f.store;
    let today = clinic_today();
    let q = t.d.patients[1];
    issued(s, &t.reception, q, "5,000").await;
    let paid = billing::take_payment(
        s,
        &t.reception,
        pay(q, None, vec![part(PaymentMethod::Cash, "1,000"), part(PaymentMethod::Jazzcash, "500")]),
    )
    .await
    .unwrap();
    assert_eq!(paid.to_credit_paisa, 0);
    let day = today.to_string();
    let rows = reports::takings_report(s, &t.admin, &day, &day).await.unwrap();
    let got: Vec<(&str, &str, i64, i64)> =
        rows.iter().map(|r| (r.cashier_name.as_str(), r.method.as_str(), r.payments, r.paid_paisa)).collect();
    assert_eq!(got, vec![("Sana Malik", "cash", 1, 100_000), ("Sana Malik", "jazzcash", 1, 50_000)]);
    let csv = reports::takings_csv(s, &t.admin, &day, &day).await.unwrap();
    let text = String::from_utf8(csv.bytes).unwrap();
    assert!(text.contains(&format!("{day},Sana Malik,cash,1,1000.00,0,0.00,1000.00")), "{text}");

    // An invoice issued 45 days ago, still owed: dated back in the store for the test.
    let old = issued(s, &t.reception, t.patient, "2,000").await;
    let back = alhayat::clock::utc_text(chrono::Utc::now() - chrono::Duration::days(45));
    sqlx::query("DROP TRIGGER invoices_issued_stay").execute(s.pool()).await.unwrap();
    sqlx::query("UPDATE invoices SET issued_at = ? WHERE id = ?")
        .bind(back)
        .bind(old.id)
        .execute(s.pool())
        .await
        .unwrap();
    let buckets = reports::aged_balances(s, &t.admin).await.unwrap();
    let got: Vec<(&str, i64, i64)> =
        buckets.iter().map(|b| (b.label.as_str(), b.invoices, b.outstanding_paisa)).collect();
    assert_eq!(got, vec![("0–30", 1, 350_000), ("31–60", 1, 200_000), ("61–90", 0, 0), ("90+", 0, 0)]);
    let csv = String::from_utf8(reports::aged_balances_csv(s, &t.admin).await.unwrap().bytes).unwrap();
    assert!(csv.contains("31–60,1,2000.00"), "{csv}");
    let exports: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export' AND entity IN ('takings_report', 'aged_balances')")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(exports, 2);
}

#[tokio::test]
async fn the_months_revenue_is_by_practitioner_service_and_discipline_without_voided_invoices() {
    use alhayat::billing::{CreditNoteInput, InvoiceInput};
    use alhayat::scheduling;

    use crate::scheduling::{at, monday};
    let t = team().await;
    let s = &t.d.f.store;
    let booking = t.d.booking(0, t.d.bilal, t.d.room1, &at(monday(1), 0, "10:00"));
    let appointment = scheduling::book(s, &t.reception, booking).await.unwrap().id;
    let input = InvoiceInput {
        patient_id: t.patient,
        appointment_id: Some(appointment),
        dispensing_id: None,
        lines: vec![other("Exercise band", "150", 2.0)],
        discount: None,
    };
    let draft = billing::create_invoice(s, &t.reception, input).await.unwrap();
    let checked_out = billing::issue_invoice(s, &t.reception, draft.id).await.unwrap();
    let voided = issued(s, &t.reception, t.patient, "9,999").await;
    billing::void_invoice(s, &t.admin, voided.id, "Entered twice").await.unwrap();
    let note = CreditNoteInput { amount: "100".into(), reason: "Price agreed lower".into() };
    billing::issue_credit_note(s, &t.admin, checked_out.id, note).await.unwrap();

    let month = &clinic_today().to_string()[..7];
    let r = revenue::monthly_revenue(s, &t.admin, month).await.unwrap();
    let rows = |list: &[revenue::RevenueRow]| -> Vec<(String, i64, i64)> {
        list.iter().map(|r| (r.label.clone(), r.lines, r.revenue_paisa)).collect()
    };
    assert_eq!(
        rows(&r.by_practitioner),
        vec![("Dr. Bilal Ahmed".into(), 1, 300_000), ("No appointment".into(), 1, 30_000)]
    );
    assert_eq!(
        rows(&r.by_service),
        vec![("Physiotherapy session".into(), 1, 300_000), ("Other charges".into(), 1, 30_000)]
    );
    assert_eq!(
        rows(&r.by_discipline),
        vec![("physiotherapy".into(), 1, 300_000), ("other".into(), 1, 30_000)]
    );
    assert_eq!((r.invoiced_paisa, r.credited_paisa, r.net_paisa), (330_000, 10_000, 320_000));
    let csv =
        String::from_utf8(revenue::monthly_revenue_csv(s, &t.admin, month).await.unwrap().bytes).unwrap();
    assert!(csv.contains(&format!("{month},practitioner,Dr. Bilal Ahmed,1,3000.00")), "{csv}");
    assert!(csv.contains(&format!("{month},total,net,,3200.00")), "{csv}");
    for bad in ["2026-13", "December", "2026-1-1", ""] {
        let e = revenue::monthly_revenue(s, &t.admin, bad).await.unwrap_err();
        assert_eq!(e.field(), Some("month"), "{bad}");
    }
}
