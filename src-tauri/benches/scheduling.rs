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
use alhayat::clock::{self, utc_text};
use alhayat::patients::clinic_today;
use alhayat::scheduling::{self, BookingInput, RangeFilter};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use common::{pct, seed_patients, Rng};

const PRACTITIONERS: i64 = 25;
const PATIENTS: usize = 100_000;
/// Starts of a 45-minute session through 09:00–13:00 and 14:00–17:00.
const STARTS: [(u32, u32); 9] =
    [(9, 0), (9, 45), (10, 30), (11, 15), (12, 0), (14, 0), (14, 45), (15, 30), (16, 15)];

/// A practitioner's open slot next week, kept free for the booking measure.
fn kept_free(day: NaiveDate, slot: usize, practitioner: i64) -> bool {
    (day.num_days_from_ce() as i64 + slot as i64 + practitioner) % 3 == 0
}

async fn seed_clinic(store: &Store) {
    let mut tx = store.pool().begin().await.expect("begin");
    let now = "2026-01-01T00:00:00Z";
    for id in 1..=PRACTITIONERS + 1 {
        let (name, role) = if id == 1 {
            ("Desk".to_string(), "reception")
        } else {
            (format!("Dr. P{id}"), "physiotherapist")
        };
        sqlx::query("INSERT INTO staff (id, username, full_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)")
            .bind(id)
            .bind(format!("user{id}"))
            .bind(name)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("staff");
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await
            .expect("role");
        if id > 1 {
            sqlx::query("INSERT INTO rooms (id, name) VALUES (?, ?)")
                .bind(id)
                .bind(format!("Room {id}"))
                .execute(&mut *tx)
                .await
                .expect("room");
            for day in 1..=6 {
                for (s, e) in [("09:00", "13:00"), ("14:00", "17:00")] {
                    sqlx::query(
                        "INSERT INTO working_hours (staff_id, weekday, starts, ends) VALUES (?, ?, ?, ?)",
                    )
                    .bind(id)
                    .bind(day)
                    .bind(s)
                    .bind(e)
                    .execute(&mut *tx)
                    .await
                    .expect("hours");
                }
            }
        }
    }
    sqlx::query("INSERT INTO services (id, name, discipline, duration_minutes, price_pkr) VALUES (1, 'Physiotherapy session', 'physiotherapy', 45, 3500)")
        .execute(&mut *tx)
        .await
        .expect("service");
    tx.commit().await.expect("commit");
}

/// Appointments back from the end of next week, six days a week, every practitioner's
/// every slot, until `n` are written; next week keeps a third of its slots free.
async fn seed_appointments(store: &Store, n: usize) -> usize {
    let mut rng = Rng(0xa99_0147);
    let today = clinic_today();
    let last_day = today + Duration::days(13 - i64::from(today.weekday().num_days_from_monday()));
    let mut day = last_day;
    let mut written = 0;
    let mut rows: Vec<(i64, i64, String, String, &str)> = Vec::with_capacity(512);
    let mut tx = store.pool().begin().await.expect("begin");
    while written < n {
        if day.weekday().number_from_monday() != 7 {
            for (slot, (h, m)) in STARTS.iter().enumerate() {
                let local = day.and_time(NaiveTime::from_hms_opt(*h, *m, 0).expect("time"));
                let start =
                    clock::parse_instant("s", &local.format("%Y-%m-%dT%H:%M").to_string()).expect("instant");
                for p in 2..=PRACTITIONERS + 1 {
                    if day > today && kept_free(day, slot, p) {
                        continue;
                    }
                    let status = if day >= today {
                        "booked"
                    } else if rng.below(12) == 0 {
                        "no_show"
                    } else {
                        "completed"
                    };
                    rows.push((
                        p,
                        1 + rng.below(PATIENTS) as i64,
                        utc_text(start),
                        utc_text(start + Duration::minutes(45)),
                        status,
                    ));
                    written += 1;
                }
            }
        }
        if rows.len() >= 400 || written >= n {
            let mut sql = String::from(
                "INSERT INTO appointments (practitioner_id, room_id, patient_id, service_id, starts_at, ends_at, status, created_by, created_at, updated_at) VALUES ",
            );
            sql.push_str(
                &vec!["(?, ?, ?, 1, ?, ?, ?, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"; rows.len()]
                    .join(","),
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (p, patient, s, e, status) in rows.drain(..) {
                q = q.bind(p).bind(p).bind(patient).bind(s).bind(e).bind(status);
            }
            q.execute(&mut *tx).await.expect("appointments");
        }
        day -= Duration::days(1);
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");
    written
}

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
