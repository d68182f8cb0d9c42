//! Backup benchmark on a real encrypted file with 100,000 patients and 1,000,000
//! appointments (the scheduling bench's clinic): a copy by `VACUUM INTO` and by SQLite's
//! online backup API (time and size), the whole verified backup (copy, checks, manifest),
//! verifying a copy on its own, a restore, and a booking's p50/p95 with no backup running, while
//! `VACUUM INTO` copies run, and while online-backup copies run.
//!
//! ```text
//! cargo bench --bench backups
//! ```
//! `ALHAYAT_BENCH_APPOINTMENTS` sets the number of appointments (default 1000000).

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::backups::{self, copy, restore, BackupPolicy};
use alhayat::patients::clinic_today;
use alhayat::scheduling::{self, BookingInput};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use chrono::{Datelike, Duration};
use common::clinic::{kept_free, seed_appointments, seed_clinic, PATIENTS, PRACTITIONERS, STARTS};
use common::{pct, seed_patients, Rng};

fn report(label: &str, samples: Vec<f64>) {
    let (p50, p95) = (pct(samples.clone(), 0.5), pct(samples, 0.95));
    println!("{label:<60} p50 {p50:>7.3} ms   p95 {p95:>7.3} ms");
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

async fn book_all(store: &Store, slots: &[(i64, String)], rng: &mut Rng) -> Vec<f64> {
    let desk = Actor { staff_id: 1, roles: vec![Role::Reception], workstation: "bench".into() };
    let mut out = Vec::new();
    for (p, starts_at) in slots {
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
        scheduling::book(store, &desk, b).await.expect("a free slot books");
        out.push(t.elapsed().as_secs_f64() * 1000.0);
        // A desk books every few seconds, not back to back: leave the copy room to run.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    out
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
        let key = DbKey::generate();
        let store = Arc::new(Store::open(dir.path(), &key, OpenMode::FIRST_RUN).await.expect("store"));
        let t = Instant::now();
        seed_patients(&store, PATIENTS).await;
        seed_clinic(&store).await;
        let written = seed_appointments(&store, n).await;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.expect("checkpoint");
        let live = std::fs::metadata(alhayat::store::db_path(dir.path())).expect("db").len();
        println!(
            "seeded {PATIENTS} patients and {written} appointments in {:.1} s; live file {:.1} MB",
            t.elapsed().as_secs_f64(),
            mb(live)
        );

        let scratch = tempfile::tempdir_in(dir.path().parent().unwrap_or(dir.path())).expect("scratch");
        // The two ways to copy, three times each.
        for round in 0..3 {
            let a = scratch.path().join(format!("vacuum-{round}.db"));
            let t = Instant::now();
            copy::vacuum_into(&store, &a).await.expect("vacuum into");
            let vac = t.elapsed();
            let b = scratch.path().join(format!("online-{round}.db"));
            let (src, dst, k) = (alhayat::store::db_path(dir.path()), b.clone(), key.clone());
            let t = Instant::now();
            tokio::task::spawn_blocking(move || copy::online_backup(&src, &dst, &k))
                .await
                .unwrap()
                .expect("online");
            let onl = t.elapsed();
            println!(
                "copy: VACUUM INTO {:.2} s, {:.1} MB | online backup API {:.2} s, {:.1} MB",
                vac.as_secs_f64(),
                mb(std::fs::metadata(&a).unwrap().len()),
                onl.as_secs_f64(),
                mb(std::fs::metadata(&b).unwrap().len())
            );
            assert!(backups::verify::check_copy(&b, &key, None).await.is_ok(), "the online copy verifies");
            let head = std::fs::read(&b).unwrap();
            assert_ne!(&head[..16], b"SQLite format 3\0");
            let _ = std::fs::remove_file(&a);
            let _ = std::fs::remove_file(&b);
        }

        // The whole backup as the app runs it: copy, every check, manifest, rotation.
        let t = Instant::now();
        let run = backups::run(&store, &BackupPolicy::default(), "bench", chrono::Utc::now()).await;
        let whole = t.elapsed();
        assert!(run.verified, "{run:?}");
        let path = alhayat::store::backup::backups_dir(dir.path())
            .join(run.destinations[0].written.clone().unwrap());
        let size = std::fs::metadata(&path).unwrap().len();
        println!(
            "a verified backup (copy + checks + manifest): {:.2} s, {:.1} MB",
            whole.as_secs_f64(),
            mb(size)
        );
        let t = Instant::now();
        backups::verify_file(&path, &key).await.expect("verifies");
        println!("verifying a backup on its own (SHA-256 + all checks): {:.2} s", t.elapsed().as_secs_f64());

        // Bookings: none running, beside VACUUM INTO copies, beside online-backup copies.
        let today = clinic_today();
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
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
        let per = (free.len() / 3).min(150);
        let mut rng = Rng(0xb00c);
        report("a booking, no backup running", book_all(&store, &free[..per], &mut rng).await);

        for (name, online) in [("VACUUM INTO", false), ("online backup API", true)] {
            let stop = Arc::new(AtomicBool::new(false));
            let copies = Arc::new(AtomicUsize::new(0));
            let worker = {
                let (store, stop, copies, key) = (store.clone(), stop.clone(), copies.clone(), key.clone());
                let dir = scratch.path().to_path_buf();
                let live = alhayat::store::db_path(store.data_dir());
                tokio::spawn(async move {
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        let p = dir.join(format!("busy-{i}.db"));
                        if online {
                            let (src, dst, k) = (live.clone(), p.clone(), key.clone());
                            tokio::task::spawn_blocking(move || copy::online_backup(&src, &dst, &k))
                                .await
                                .unwrap()
                                .expect("copy");
                        } else {
                            copy::vacuum_into(&store, &p).await.expect("copy");
                        }
                        let _ = std::fs::remove_file(&p);
                        copies.fetch_add(1, Ordering::Relaxed);
                        i += 1;
                    }
                })
            };
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let slots = if online { &free[2 * per..3 * per] } else { &free[per..2 * per] };
            let samples = book_all(&store, slots, &mut rng).await;
            stop.store(true, Ordering::Relaxed);
            worker.await.unwrap();
            report(
                &format!("a booking while {name} copies run ({} copies)", copies.load(Ordering::Relaxed)),
                samples,
            );
        }
        // A restore as the window runs it: copy beside the store and verify, swap, open,
        // the restore's entry (the store is closed first, as the app does).
        let replaced = restore::read_live(&store).await.expect("live");
        match Arc::try_unwrap(store) {
            Ok(s) => s.close().await,
            Err(_) => panic!("the store is still shared"),
        }
        let t = Instant::now();
        let now = chrono::Utc::now();
        let staged = restore::stage(dir.path(), &key, &path, now).await.expect("stages");
        let checked = t.elapsed();
        restore::swap(dir.path(), &staged, now).expect("swaps");
        let store = Store::open(dir.path(), &key, OpenMode::APP).await.expect("opens");
        let origin = alhayat::audit::Origin { staff_id: None, workstation: "bench".into() };
        restore::finish(&store, origin, None, &replaced, &staged, None).await.expect("finishes");
        println!(
            "a restore: {:.2} s (copy beside the store and every check {:.2} s; swap, open, entry {:.2} s)",
            t.elapsed().as_secs_f64(),
            checked.as_secs_f64(),
            (t.elapsed() - checked).as_secs_f64()
        );
        store.close().await;
    });
}
