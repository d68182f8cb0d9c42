//! Billing benchmark: an invoice made, issued and paid at the desk, and a patient's
//! balance read, through the services (permission, restriction check, audit) on a real
//! encrypted file holding many issued invoices, half of them paid; then the
//! administrator's reports: a day's takings, a month's revenue, the balances by age.
//!
//! ```text
//! cargo bench --bench billing
//! ```
//! `ALHAYAT_BENCH_INVOICES` sets the number of invoices seeded (default 1000000);
//! `ALHAYAT_BENCH_PATIENTS` the number of patients they are spread over (default 100000);
//! `ALHAYAT_BENCH_REPORTS` how many times each report is timed (default 10).

use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::billing::{self, InvoiceInput, LineInput, LineKind, PaymentInput, PaymentMethod, PaymentPart};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};

mod common;

use common::{pct, seed_patients, Rng};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Issued invoices of one line each over the patients, every other one paid in full,
/// written by set-based SQL (as drafts, their lines, then issued: the triggers allow it).
async fn seed_invoices(store: &Store, n: usize, patients: usize) {
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("INSERT INTO staff (id, username, full_name, password_hash, created_at, updated_at) VALUES (1, 'desk', 'Desk', 'x', ?1, ?1)")
        .bind("2025-01-01T08:00:00Z")
        .execute(&mut *tx)
        .await
        .expect("staff");
    sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (1, 'reception')")
        .execute(&mut *tx)
        .await
        .expect("role");
    let (n, patients) = (n as i64, patients as i64);
    let statements: [(&str, &[i64]); 6] = [
        ("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
         INSERT INTO invoices (id, patient_id, subtotal_paisa, total_paisa, created_by, created_at)
         SELECT i, 1 + (i * 7919) % ?2, 100000 + (i % 50) * 1000, 100000 + (i % 50) * 1000, 1,
                '2025-01-01T08:00:00Z' FROM k", &[n, patients]),
        ("INSERT INTO invoice_lines (invoice_id, position, kind, description, quantity, unit_paisa, gross_paisa, total_paisa)
         SELECT id, 0, 'other', 'Physiotherapy session', 1, total_paisa, total_paisa, total_paisa FROM invoices", &[]),
        ("UPDATE invoices SET status = 'issued', number = printf('INV-2025-%07d', id), issued_by = 1,
             issued_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (id % 300000) || ' minutes')", &[]),
        ("INSERT INTO document_numbers (series, year, last) VALUES ('INV', 2025, ?1)", &[n]),
        ("INSERT INTO payments (id, kind, patient_id, method, amount_paisa, taken_by, taken_at)
         SELECT id, 'payment', patient_id, 'cash', total_paisa, 1, issued_at FROM invoices WHERE id % 2 = 0", &[]),
        ("INSERT INTO payment_allocations (payment_id, invoice_id, amount_paisa, made_at)
         SELECT id, id, total_paisa, issued_at FROM invoices WHERE id % 2 = 0", &[]),
    ];
    for (sql, binds) in statements {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.execute(&mut *tx).await.expect("seed");
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let invoices = env("ALHAYAT_BENCH_INVOICES", 1_000_000);
        let patients = env("ALHAYAT_BENCH_PATIENTS", 100_000);
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("store");
        let t = Instant::now();
        seed_patients(&store, patients).await;
        seed_invoices(&store, invoices, patients).await;
        println!("seeded {patients} patients and {invoices} invoices in {:.1} s", t.elapsed().as_secs_f64());
        let desk = Actor { staff_id: 1, roles: vec![Role::Reception], workstation: "bench".into() };
        let mut rng = Rng(0xb111_1ee5);
        const RUNS: usize = 300;

        let mut sale = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let patient_id = 1 + rng.below(patients) as i64;
            let line = LineInput {
                kind: LineKind::Other,
                service_id: None,
                item_id: None,
                quantity: 1.0,
                description: Some("Physiotherapy session".into()),
                unit_price: Some("3,000".into()),
                discount: None,
            };
            let input = InvoiceInput { patient_id, appointment_id: None, dispensing_id: None, lines: vec![line], discount: None };
            let cash = PaymentPart {
                method: PaymentMethod::Cash,
                amount: "3,000".into(),
                tendered: Some("5,000".into()),
                reference: None,
            };
            let started = Instant::now();
            let draft = billing::create_invoice(&store, &desk, input).await.expect("draft");
            let issued = billing::issue_invoice(&store, &desk, draft.id).await.expect("issue");
            let pay = PaymentInput { patient_id, invoice_id: Some(issued.id), parts: vec![cash] };
            billing::take_payment(&store, &desk, pay).await.expect("payment");
            sale.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "invoice made, issued and paid (3 writes, each audited): p50 {:.2} ms, p95 {:.2} ms (target <= 5 ms)",
            pct(sale.clone(), 0.5),
            pct(sale, 0.95)
        );

        let mut balance = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let patient_id = 1 + rng.below(patients) as i64;
            let started = Instant::now();
            billing::patient_account(&store, &desk, patient_id).await.expect("account");
            balance.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "a patient's balance and credit (audited read): p50 {:.2} ms, p95 {:.2} ms (target <= 2 ms)",
            pct(balance.clone(), 0.5),
            pct(balance, 0.95)
        );

        // The seeded invoices are issued over 300,000 minutes from 2025-01-01 (about 4,800
        // a day), every other one paid when issued.
        let admin = Actor { staff_id: 1, roles: vec![Role::Administrator], workstation: "bench".into() };
        let reports = env("ALHAYAT_BENCH_REPORTS", 10);
        let mut takings = Vec::with_capacity(reports);
        let mut revenue = Vec::with_capacity(reports);
        let mut aged = Vec::with_capacity(reports);
        for i in 0..reports {
            let day = format!("2025-03-{:02}", 1 + i);
            let started = Instant::now();
            let rows = billing::reports::takings_report(&store, &admin, &day, &day).await.expect("takings");
            takings.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(!rows.is_empty());
            let month = format!("2025-{:02}", 1 + i % 6);
            let started = Instant::now();
            let r = billing::revenue::monthly_revenue(&store, &admin, &month).await.expect("revenue");
            revenue.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(r.invoiced_paisa > 0);
            let started = Instant::now();
            billing::reports::aged_balances(&store, &admin).await.expect("aged");
            aged.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "a day's takings report (about 2,400 payments): p50 {:.1} ms, p95 {:.1} ms (target <= 50 ms)",
            pct(takings.clone(), 0.5),
            pct(takings, 0.95)
        );
        println!(
            "a month's revenue report (about 144,000 invoices): p50 {:.1} ms, p95 {:.1} ms (target <= 200 ms)",
            pct(revenue.clone(), 0.5),
            pct(revenue, 0.95)
        );
        println!(
            "outstanding balances by age (every open invoice): p50 {:.1} ms, p95 {:.1} ms",
            pct(aged.clone(), 0.5),
            pct(aged, 0.95)
        );
        store.close().await;
    });
}
