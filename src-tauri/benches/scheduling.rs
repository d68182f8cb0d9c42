//! Scheduling benchmark on a real encrypted file with 100,000 patients and 1,000,000
//! appointments (about fourteen years of a 25-practitioner clinic, up to next week):
//! a practitioner's week, the day view for all practitioners, a booking with all its
//! conflict checks and audit entry, and a refused booking with its message and the
//! next free slots.
//!
//! ```text
//! cargo bench --bench scheduling
//! ```
//! `ALHAYAT_BENCH_APPOINTMENTS` sets the number of appointments (default 1000000).

mod common;

use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::patients::clinic_today;
use alhayat::scheduling::{self, BookingInput, RangeFilter};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use chrono::{Datelike, Duration};
use common::clinic::{kept_free, seed_appointments, seed_clinic, PATIENTS, PRACTITIONERS, STARTS};
use common::{pct, seed_patients, Rng};

fn report(label: &str, samples: Vec<f64>, goal_ms: Option<f64>) {
    let (p50, p95) = (pct(samples.clone(), 0.5), pct(samples, 0.95));
    let verdict = match goal_ms {
        Some(g) => format!("goal p95 <= {g} ms: {}", if p95 <= g { "PASS" } else { "FAIL" }),
        None => String::new(),
    };
    println!("{label:<52} p50 {p50:>7.3} ms   p95 {p95:>7.3} ms   {verdict}");
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let n: usize = std::env::var("ALHAYAT_BENCH_APPOINTMENTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let dir = match std::env::var_os("ALHAYAT_BENCH_DIR") {
            Some(d) => tempfile::tempdir_in(d),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let store = Store::open(dir.path(), &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("store");
        let t = Instant::now();
        seed_patients(&store, PATIENTS).await;
        seed_clinic(&store).await;
        let written = seed_appointments(&store, n).await;
        println!(
            "seeded {PATIENTS} patients and {written} appointments in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let desk = Actor { staff_id: 1, roles: vec![Role::Reception], workstation: "bench".into() };
        let today = clinic_today();
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));

        let mut week = Vec::new();
        for round in 0..8 {
            for p in 2..=PRACTITIONERS + 1 {
                let from = monday - Duration::days(7 * round);
                let filter = RangeFilter { practitioner_id: Some(p), room_id: None };
                let t = Instant::now();
                let rows = scheduling::range(
                    &store,
                    &desk,
                    &from.to_string(),
                    &(from + Duration::days(6)).to_string(),
                    filter,
                )
                .await
                .expect("week");
                week.push(t.elapsed().as_secs_f64() * 1000.0);
                assert!(rows.len() >= 30, "a full week: {}", rows.len());
            }
        }
        report("a practitioner's week (~54 appointments)", week, Some(10.0));

        let mut day = Vec::new();
        let mut shown = 0;
        for round in 0..100 {
            let d = today - Duration::days(round % 12);
            let t = Instant::now();
            let rows = scheduling::day(&store, &desk, &d.to_string()).await.expect("day");
            day.push(t.elapsed().as_secs_f64() * 1000.0);
            shown = shown.max(rows.len());
        }
        report(&format!("the day view, all practitioners (up to {shown} appointments)"), day, Some(10.0));

        // Book into next week's free slots: every conflict rule and the audit entry.
        let next_monday = monday + Duration::days(7);
        let mut free = Vec::new();
        for offset in 0..6 {
            let d = next_monday + Duration::days(offset);
            for (slot, (h, m)) in STARTS.iter().enumerate() {
                for p in 2..=PRACTITIONERS + 1 {
                    if kept_free(d, slot, p) {
                        free.push((p, format!("{d}T{h:02}:{m:02}")));
                    }
                }
            }
        }
        let mut rng = Rng(0xb00c);
        let mut booked = Vec::new();
        for (p, starts_at) in free.iter().take(500) {
            let b = BookingInput {
                patient_id: 1 + rng.below(PATIENTS) as i64,
                practitioner_id: *p,
                service_id: 1,
                room_id: *p,
                starts_at: starts_at.clone(),
                ends_at: None,
                past_reason: None,
            };
            let t = Instant::now();
            scheduling::book(&store, &desk, b).await.expect("a free slot books");
            booked.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        report(
            &format!("a booking with all checks and its audit entry ({})", booked.len()),
            booked,
            Some(10.0),
        );

        // The same slots again: each is refused with the clash in words and free slots.
        let mut refused = Vec::new();
        for (p, starts_at) in free.iter().take(200) {
            let b = BookingInput {
                patient_id: 1 + rng.below(PATIENTS) as i64,
                practitioner_id: *p,
                service_id: 1,
                room_id: *p,
                starts_at: starts_at.clone(),
                ends_at: None,
                past_reason: None,
            };
            let t = Instant::now();
            let e = scheduling::book(&store, &desk, b).await.expect_err("taken");
            refused.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(e.kind(), "conflict");
        }
        report("a refused booking, with its message and next free slots", refused, None);
        store.close().await;
    });
}
