//! Restore as a deliberate, audited act on real files: from the window (administrator,
//! nobody else signed in), with the recovery key on a new PC, and from the command line;
//! erasures since the backup made again; a damaged, foreign or lying backup and a wrong
//! key change nothing; a backup of each rotation tier restores.

use std::process::{Command, Stdio};

use alhayat::app::{AppStatus, Clinic};
use alhayat::auth::Role;
use alhayat::backups::restore;
use alhayat::demo::DEMO_PASSWORD;
use alhayat::store::keyring::KeyVault;
use alhayat::store::{OpenMode, Store};

use super::*;
use crate::support::*;

fn state(s: &AppStatus) -> String {
    serde_json::to_value(s).unwrap()["state"].as_str().unwrap().to_string()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

async fn token(c: &Clinic, who: &str) -> String {
    signed_in(c.sign_in(who, DEMO_PASSWORD).await).token
}

/// A patient with no records, so erasing them removes them whole.
async fn erasable_patient(store: &Store) -> i64 {
    let desk = actor(staff_id(store, "reception").await, &[Role::Reception]);
    let p = crate::scheduling::person("Parveen Akhtar", Some("0333-4445556"));
    let id = alhayat::patients::register(store, &desk, p).await.unwrap().id;
    // Opened long ago and never seen since: nothing of theirs must be kept any longer.
    sqlx::query("UPDATE patients SET created_at = '2012-01-05T05:00:00Z' WHERE id = ?1")
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
    id
}

async fn staff_id(store: &Store, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM staff WHERE username = ?1")
        .bind(username)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn erased_at(store: &Store, patient: i64) -> Option<String> {
    sqlx::query_scalar("SELECT erased_at FROM patients WHERE id = ?1")
        .bind(patient)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn erase(store: &Store, patient: i64) {
    let officer = actor(staff_id(store, "privacy").await, &[Role::PrivacyOfficer]);
    let out = alhayat::retention::erase_patient(store, &officer, patient, None).await.unwrap();
    assert!(out.patient_erased, "{out:?}");
}

#[tokio::test]
async fn a_restore_from_the_window_is_audited_keeps_the_replaced_file_and_erases_again() {
    let dir = tempfile::tempdir().unwrap();
    let _forget = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    let admin = token(&clinic, "admin").await;
    let store = clinic.store().await.unwrap();
    let patient = erasable_patient(&store).await;
    let run = clinic.back_up_now(&admin).await.unwrap();
    assert!(run.verified, "{run:?}");
    let name = run.destinations[0].written.clone().unwrap();

    // After the backup: the patient is erased, and the trail goes on.
    erase(&store, patient).await;
    let newest_before: (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    drop(store);

    let preview = clinic.restore_preview(&admin, "backups", &name).await.unwrap();
    assert_eq!(preview.erasures_to_repeat, 1, "{preview:?}");
    assert!(preview.lost_audit_entries >= 1, "{preview:?}");

    // Someone else signed in: refused, nothing moved.
    let desk = token(&clinic, "reception").await;
    let e = clinic.restore_backup(&admin, "backups", &name).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert!(e.to_string().contains("Someone else is signed in"), "{e}");
    assert!(!names_in(dir.path()).iter().any(|n| n.starts_with("replaced-") || n.starts_with("restoring-")));
    // Nor may anyone but the administrator restore.
    assert_eq!(clinic.restore_backup(&desk, "backups", &name).await.unwrap_err().kind(), "forbidden");
    assert_eq!(clinic.restore_preview(&desk, "backups", &name).await.unwrap_err().kind(), "forbidden");
    clinic.sign_out(&desk).await.unwrap();

    let out = clinic.restore_backup(&admin, "backups", &name).await.unwrap();
    assert_eq!(out.erased_again, 1, "{out:?}");
    assert!(out.not_erased_again.is_empty());
    let kept = out.replaced_kept_as.clone().expect("the replaced store is kept");
    assert!(dir.path().join(&kept).is_file());
    // Every session ended with the store it was opened on.
    assert!(clinic.backup_status(&admin).await.is_err());

    let store = clinic.store().await.unwrap();
    assert!(erased_at(&store, patient).await.is_some(), "erased again after the restore");
    let (seq, summary): (i64, String) = sqlx::query_as(
        "SELECT seq, summary FROM audit_log WHERE action = 'backup_restored' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(seq, out.restore_entry);
    // The replaced store's newest entry: the erasure, or the sign-ins and outs after it.
    let named: i64 = summary
        .split("replacing a store whose newest entry was #")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(named >= newest_before.0, "{summary}");
    assert!(summary.contains("restored from the backup of"), "{summary}");
    // The head outside the database follows the restored trail: it verifies, and says so.
    let head = store.head().read().unwrap();
    assert!(head.seq > seq, "the erasure again came after the restore entry");
    let report = alhayat::audit::verify(store.pool(), Some(&head)).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.restores.len(), 1, "{report:?}");
    assert!(report.restores[0].starts_with(&format!("#{seq} at ")), "{:?}", report.restores);
    // The old head went aside with the old file.
    assert!(dir.path().join(format!("{kept}.audit-head")).exists());
    let admin = token(&clinic, "admin").await;
    assert!(clinic.backup_status(&admin).await.is_ok(), "the administrator signs in again");
    drop(store);
    clinic.close().await;
}

#[tokio::test]
async fn a_damaged_foreign_or_lying_backup_and_a_wrong_key_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let _forget = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    let admin = token(&clinic, "admin").await;
    let run = clinic.back_up_now(&admin).await.unwrap();
    let good = backups_dir(dir.path()).join(run.destinations[0].written.clone().unwrap());
    let store = clinic.store().await.unwrap();
    let key = store_key(dir.path());
    let live_max = |s: Arc<Store>| async move {
        sqlx::query_scalar::<_, i64>("SELECT max(seq) FROM audit_log").fetch_one(s.pool()).await.unwrap()
    };

    // One flipped byte, with and without the manifest beside it.
    let scratch = tempfile::tempdir().unwrap();
    let flipped = scratch.path().join("clinic-20261201-100000-manual.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&flipped, &bytes).unwrap();
    let now = chrono::Utc::now();
    let e = restore::stage(dir.path(), &key, &flipped, now).await.err().expect("a flipped byte is refused");
    assert_eq!(e.field(), Some("backup"));
    assert!(e.to_string().contains("nothing was changed"), "{e}");
    let lying = scratch.path().join(good.file_name().unwrap());
    std::fs::write(&lying, &bytes).unwrap();
    std::fs::copy(
        alhayat::backups::manifest::manifest_path(&good),
        alhayat::backups::manifest::manifest_path(&lying),
    )
    .unwrap();
    let e = restore::stage(dir.path(), &key, &lying, now).await.err().unwrap();
    assert!(e.to_string().contains("does not match its manifest"), "{e}");
    // Empty and cut short.
    let empty = scratch.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(restore::stage(dir.path(), &key, &empty, now)
        .await
        .err()
        .unwrap()
        .to_string()
        .contains("empty or cut short"));
    let cut = scratch.path().join("cut.db");
    std::fs::write(&cut, &std::fs::read(&good).unwrap()[..10_000]).unwrap();
    assert!(restore::stage(dir.path(), &key, &cut, now).await.is_err());
    // Another clinic's backup (another key).
    let other = alhayat::store::key::DbKey::generate();
    let e = restore::stage(dir.path(), &other, &good, now).await.err().unwrap();
    assert!(e.to_string().contains("another clinic"), "{e}");
    // The clinic's own file is not a backup.
    assert!(restore::stage(dir.path(), &key, &alhayat::store::db_path(dir.path()), now).await.is_err());

    let before = live_max(store.clone()).await;
    assert!(!names_in(dir.path()).iter().any(|n| n.starts_with("replaced-") || n.starts_with("restoring-")));
    drop(store);

    // With the recovery key: only when the store does not open, and a wrong key never
    // touches the live file.
    let e = clinic.restore_with_recovery_key(&good.to_string_lossy(), &key.recovery_key()).await.unwrap_err();
    assert_eq!(e.kind(), "conflict", "the store is open: the Backups screen is the way");
    clinic.close().await;
    let db = alhayat::store::db_path(dir.path());
    let mut damaged = std::fs::read(&db).unwrap();
    damaged[..16].copy_from_slice(b"not the clinic!!");
    std::fs::write(&db, &damaged).unwrap();
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    assert!(matches!(state(&clinic.status().await.unwrap()).as_str(), "damaged" | "recovery_needed"));
    let wrong = other.recovery_key();
    let e = clinic
        .restore_with_recovery_key(&good.file_name().unwrap().to_string_lossy(), &wrong)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("backup"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), damaged, "the live file is untouched");
    let e = clinic.restore_with_recovery_key("../clinic.db", &key.recovery_key()).await.unwrap_err();
    assert_eq!(e.field(), Some("file"));

    // The right key restores the listed backup by name, keeping the damaged file.
    let out = clinic
        .restore_with_recovery_key(&good.file_name().unwrap().to_string_lossy(), &key.recovery_key())
        .await
        .unwrap();
    let kept = out.replaced_kept_as.unwrap();
    assert_eq!(std::fs::read(dir.path().join(&kept)).unwrap(), damaged);
    assert_eq!(state(&clinic.status().await.unwrap()), "ready");
    let store = clinic.store().await.unwrap();
    assert!(live_max(store.clone()).await <= before + 1, "the backup's trail plus the restore entry");
    let report = alhayat::audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(report.ok && report.restores.len() == 1, "{report:?}");
    let summary: String =
        sqlx::query_scalar("SELECT summary FROM audit_log WHERE action = 'backup_restored'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(
        summary.contains("replacing a store whose newest entry was #"),
        "read from the head kept beside it: {summary}"
    );
    drop(store);
    clinic.close().await;
}

fn store_key(dir: &Path) -> alhayat::store::key::DbKey {
    KeyVault::for_data_dir(dir).load().unwrap()
}

#[tokio::test]
async fn a_new_pc_restores_a_backup_file_with_the_recovery_key_and_repeats_later_erasures() {
    let old = tempfile::tempdir().unwrap();
    let _forget_old = ForgetOnDrop(old.path().to_path_buf());
    let clinic = Clinic::start(old.path(), "desk-1", true).await;
    let admin = token(&clinic, "admin").await;
    let store = clinic.store().await.unwrap();
    let patient = erasable_patient(&store).await;
    let first = clinic.back_up_now(&admin).await.unwrap();
    let first = backups_dir(old.path()).join(first.destinations[0].written.clone().unwrap());
    erase(&store, patient).await;
    drop(store);
    // The next backup carries the ledger (ids and dates only) into the backups folder.
    let later = chrono::Utc::now() + chrono::Duration::seconds(5);
    let store = clinic.store().await.unwrap();
    let admin_id = staff_id(&store, "admin").await;
    assert!(
        alhayat::backups::back_up_now(&store, &actor(admin_id, &[Role::Administrator]), later)
            .await
            .unwrap()
            .verified
    );
    let ledger =
        std::fs::read_to_string(backups_dir(old.path()).join(alhayat::backups::ledger::FILE)).unwrap();
    assert!(ledger.contains(&format!("{patient}\tall\t")), "{ledger}");
    let recovery = store_key(old.path()).recovery_key();
    drop(store);
    clinic.close().await;

    // Install, choose "restore from a backup", point at the file, type the recovery key.
    let new = tempfile::tempdir().unwrap();
    let _forget_new = ForgetOnDrop(new.path().to_path_buf());
    let pc = Clinic::start(new.path(), "desk-9", false).await;
    assert_eq!(state(&pc.status().await.unwrap()), "first_run");
    let e = pc.restore_with_recovery_key("backups/x.db", &recovery).await.unwrap_err();
    assert_eq!(e.field(), Some("file"), "a relative path is refused");
    let out = pc.restore_with_recovery_key(&first.to_string_lossy(), &recovery).await.unwrap();
    assert_eq!(out.replaced_kept_as, None, "nothing was there to replace");
    assert_eq!(out.erased_again, 1, "the ledger beside the backup names the erasure made after it");
    assert_eq!(state(&pc.status().await.unwrap()), "ready");
    assert!(pc.sign_in("admin", DEMO_PASSWORD).await.is_ok());
    let store = pc.store().await.unwrap();
    assert!(erased_at(&store, patient).await.is_some());
    drop(store);
    pc.close().await;
    // The key is in this PC's keyring now: the next start opens without the recovery key.
    let again = Clinic::start(new.path(), "desk-9", false).await;
    assert_eq!(state(&again.status().await.unwrap()), "ready");
    again.close().await;
}

#[tokio::test]
async fn the_command_line_restores_with_exit_codes_and_refuses_while_the_app_is_open() {
    let f = fresh_store().await;
    add_staff(&f.store, "amina", "Amina Baig", &[Role::Reception]).await;
    let run = run_at(&f.store, &BackupPolicy::default(), chrono::Utc::now()).await;
    let copy = primary_copy(f.dir.path(), &run);
    add_staff(&f.store, "farrukh", "Farrukh Jamal", &[Role::Reception]).await;
    let recovery = f.key.recovery_key();
    let cli = |file: &Path| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_al-hayat-clinic"))
            .args(["restore", "--recovery-key-stdin", "--data-dir"])
            .arg(f.dir.path())
            .arg(file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{recovery}").unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    // The store is open here (it holds the write lock): refused, exit 2.
    let (code, text) = cli(&copy);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("Close it first"), "{text}");
    f.store.close().await;
    // A damaged copy: exit 1, nothing changed.
    let scratch = tempfile::tempdir().unwrap();
    let bad = scratch.path().join("bad.db");
    let mut bytes = std::fs::read(&copy).unwrap();
    let n = bytes.len();
    bytes[n - 100] ^= 0xFF;
    std::fs::write(&bad, bytes).unwrap();
    let (code, text) = cli(&bad);
    assert_eq!(code, 1, "{text}");
    assert!(!names_in(f.dir.path()).iter().any(|n| n.starts_with("replaced-")));
    // The good copy: exit 0, and the staff added after it are gone.
    let (code, text) = cli(&copy);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Restored the backup of"), "{text}");
    let store = Store::open(f.dir.path(), &f.key, OpenMode::INSPECT).await.unwrap();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT username FROM staff").fetch_all(store.pool()).await.unwrap();
    assert_eq!(names, vec!["amina".to_string()]);
    let report = alhayat::audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(report.ok && report.restores.len() == 1, "{report:?}");
    store.close().await;
}

#[tokio::test]
async fn a_backup_of_each_rotation_tier_restores() {
    let f = fresh_store().await;
    let p = BackupPolicy::default();
    let t0 = at(2026, 1, 1, 9);
    // A copy every third day for a year and a half, then every four hours for three days.
    let mut now = t0;
    for i in 0..180 {
        add_staff(&f.store, &format!("s{i}"), "Some One", &[Role::Reception]).await;
        assert!(run_at(&f.store, &p, now).await.verified);
        now += chrono::Duration::days(3);
    }
    for _ in 0..18 {
        assert!(run_at(&f.store, &p, now).await.verified);
        now += chrono::Duration::hours(4);
    }
    let kept = alhayat::backups::list(f.dir.path(), &[]);
    let age = |b: &alhayat::backups::BackupEntry| now - alhayat::clock::parse_utc(&b.taken_at).unwrap();
    let tiers = [
        ("last 48 hours", chrono::Duration::zero(), chrono::Duration::hours(48)),
        ("daily", chrono::Duration::hours(48), chrono::Duration::days(30)),
        ("weekly", chrono::Duration::days(30), chrono::Duration::weeks(12)),
        ("monthly", chrono::Duration::weeks(12), chrono::Duration::days(366)),
    ];
    for (tier, from, to) in tiers {
        let b =
            kept.iter().find(|b| age(b) >= from && age(b) < to).unwrap_or_else(|| panic!("no {tier} copy"));
        let scratch = tempfile::tempdir().unwrap();
        let path = backups_dir(f.dir.path()).join(&b.name);
        let staged = restore::stage(scratch.path(), &f.key, &path, now)
            .await
            .unwrap_or_else(|e| panic!("{tier}: {e}"));
        restore::swap(scratch.path(), &staged, now).unwrap();
        let s = Store::open(scratch.path(), &f.key, OpenMode::APP).await.unwrap();
        let report = alhayat::audit::verify(s.pool(), None).await.unwrap();
        assert!(report.ok, "{tier}: {report:?}");
        s.close().await;
    }
}

use std::sync::Arc;

#[tokio::test]
async fn the_test_restore_records_when_it_last_passed_and_what_turns_red() {
    let dir = tempfile::tempdir().unwrap();
    let _forget = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    let admin = token(&clinic, "admin").await;
    let desk = token(&clinic, "reception").await;
    assert_eq!(clinic.test_restore(&desk).await.unwrap_err().kind(), "forbidden");
    clinic.sign_out(&desk).await.unwrap();
    let s = clinic.backup_status(&admin).await.unwrap();
    assert!(s.drill_overdue && s.drill.last_at.is_none());

    let none = clinic.test_restore(&admin).await.unwrap();
    assert!(!none.last_ok && none.last_problem.unwrap().contains("no verified backup"));
    assert!(clinic.backup_status(&admin).await.unwrap().drill_overdue, "a failed drill does not count");

    let run = clinic.back_up_now(&admin).await.unwrap();
    let passed = clinic.test_restore(&admin).await.unwrap();
    assert!(passed.last_ok, "{passed:?}");
    assert_eq!(passed.last_backup, run.destinations[0].written);
    let s = clinic.backup_status(&admin).await.unwrap();
    assert!(!s.backup_overdue && !s.drill_overdue, "{s:?}");
    assert!(
        !names_in(dir.path()).iter().any(|n| n.starts_with(".test-restore")),
        "the scratch folder is gone"
    );

    // A copy damaged since: the drill catches it and the date of the last pass stays.
    let copy = backups_dir(dir.path()).join(run.destinations[0].written.clone().unwrap());
    let mut bytes = std::fs::read(&copy).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&copy, bytes).unwrap();
    let failed = clinic.test_restore(&admin).await.unwrap();
    assert!(!failed.last_ok && failed.last_problem.is_some(), "{failed:?}");
    assert_eq!(failed.last_passed_at, passed.last_passed_at);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'backup' AND summary LIKE 'test restore%'",
    )
    .fetch_one(clinic.store().await.unwrap().pool())
    .await
    .unwrap();
    assert_eq!(audited, 3);
    clinic.close().await;
}
