//! Fifty rounds of `kill -9` while bookings and backups run together in a child process:
//! no committed booking is lost, no half-written or half-deleted copy is ever listed as
//! verified, and the audit trail still verifies at the end.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use alhayat::auth::Role;
use alhayat::scheduling::{self, BookingInput};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use chrono::{Datelike, Duration, Weekday};

use super::*;
use crate::support::*;

const CHILD_DIR: &str = "ALHAYAT_TEST_KILL_CHILD_DIR";
const CHILD_ARGS: &str = "ALHAYAT_TEST_KILL_CHILD_ARGS";
const ROUNDS: u64 = 50;

/// The child: books one appointment after another (saying each once committed) and
/// backs up every few bookings, until it is killed.
#[tokio::test]
#[ignore = "run by kill_9_during_bookings_and_backups_loses_nothing"]
async fn child_books_and_backs_up() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else { return };
    let args: Vec<i64> = std::env::var(CHILD_ARGS).unwrap().split(',').map(|n| n.parse().unwrap()).collect();
    let [round, desk, bilal, room, service, patient] = args[..] else { panic!("{args:?}") };
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let key = DbKey::from_recovery_key(&line).unwrap();
    let store = Store::open(&dir, &key, OpenMode::APP).await.unwrap();
    let desk = actor(desk, &[Role::Reception]);
    let policy = BackupPolicy::default();
    let first_day = crate::scheduling::monday(1) + Duration::days(round * 40);
    let mut out = std::io::stdout();
    for i in 0..40 {
        let day = first_day + Duration::days(i);
        if day.weekday() == Weekday::Sun {
            continue;
        }
        let b = BookingInput {
            patient_id: patient,
            practitioner_id: bilal,
            service_id: service,
            room_id: room,
            starts_at: format!("{day}T09:00"),
            ends_at: None,
            past_reason: None,
        };
        let a = scheduling::book(&store, &desk, b).await.unwrap();
        writeln!(out, "booked {}", a.id).unwrap();
        out.flush().unwrap();
        if i % 3 == 0 {
            // Each round's copies a day apart, so the rotation has work to do too.
            let now = chrono::Utc::now() + Duration::days(round) + Duration::seconds(i);
            backups::run(&store, &policy, "auto", now).await;
        }
    }
}

#[tokio::test]
async fn kill_9_during_bookings_and_backups_loses_nothing() {
    let d = crate::scheduling::clinic().await;
    let dir = d.f.dir.path().to_path_buf();
    let recovery = d.f.key.recovery_key();
    let key = d.f.key.clone();
    let (desk, bilal, room, service, patient) = (d.desk.staff_id, d.bilal, d.room1, d.physio, d.patients[0]);
    d.f.store.close().await;

    let mut committed: Vec<i64> = Vec::new();
    let mut checked: HashSet<String> = HashSet::new();
    let mut kills_mid_work = 0;
    for round in 0..ROUNDS {
        let args = format!("{round},{desk},{bilal},{room},{service},{patient}");
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["backups::kill::child_books_and_backs_up", "--exact", "--ignored", "--nocapture", "-q"])
            .env(CHILD_DIR, &dir)
            .env(CHILD_ARGS, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{recovery}").unwrap();
        // A spread of moments, the same every run: during start-up, bookings and copies.
        let delay = 150 + (round * 7919) % 1200;
        std::thread::sleep(std::time::Duration::from_millis(delay));
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let status = child.wait().unwrap();
        if status.code().is_none() {
            kills_mid_work += 1;
        }
        let said: Vec<i64> = std::io::BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("booked ").and_then(|n| n.trim().parse().ok()))
            .collect();
        committed.extend(said);

        let store = Store::open(&dir, &key, OpenMode::INSPECT).await.unwrap();
        let ids: HashSet<i64> = sqlx::query_scalar("SELECT id FROM appointments")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .into_iter()
            .collect();
        let lost: Vec<_> = committed.iter().filter(|id| !ids.contains(id)).collect();
        assert!(lost.is_empty(), "round {round}: committed bookings lost: {lost:?}");
        store.close().await;
        for b in backups::list(&dir, &[]) {
            assert!(!b.name.starts_with('.'), "round {round}: {} listed", b.name);
            if !b.verified {
                continue;
            }
            let sha = b.manifest.as_ref().map(|m| m.sha256.clone()).unwrap_or_default();
            if checked.insert(format!("{}:{sha}", b.name)) {
                let path = backups_dir(&dir).join(&b.name);
                if let Err(e) = backups::verify_file(&path, &key).await {
                    panic!("round {round}: {} is listed as verified but {e}", b.name);
                }
            }
        }
    }
    assert!(
        kills_mid_work as u64 >= ROUNDS / 2,
        "most kills landed while the child worked: {kills_mid_work}"
    );
    assert!(committed.len() > 100, "bookings were made: {}", committed.len());
    assert!(checked.len() > 20, "copies were made and checked: {}", checked.len());
    let store = Store::open(&dir, &key, OpenMode::INSPECT).await.unwrap();
    let report = alhayat::audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(report.ok, "{report:?}");
    store.close().await;
}
