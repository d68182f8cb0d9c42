//! The scheduling benches' clinic: 25 physiotherapists working six days a week, one
//! 45-minute service, and appointments going back from the end of next week (the same
//! seed everywhere, so the figures of different benches compare).

use alhayat::clock::{self, utc_text};
use alhayat::patients::clinic_today;
use alhayat::store::Store;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::Rng;

pub const PRACTITIONERS: i64 = 25;
pub const PATIENTS: usize = 100_000;
/// Starts of a 45-minute session through 09:00–13:00 and 14:00–17:00.
pub const STARTS: [(u32, u32); 9] =
    [(9, 0), (9, 45), (10, 30), (11, 15), (12, 0), (14, 0), (14, 45), (15, 30), (16, 15)];

/// A practitioner's open slot next week, kept free for the booking measure.
pub fn kept_free(day: NaiveDate, slot: usize, practitioner: i64) -> bool {
    (day.num_days_from_ce() as i64 + slot as i64 + practitioner) % 3 == 0
}

pub async fn seed_clinic(store: &Store) {
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
pub async fn seed_appointments(store: &Store, n: usize) -> usize {
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
