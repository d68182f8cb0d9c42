//! Nothing that opens the store reaches a log, a file or the console, at any log level,
//! and everything the app writes in its data folder is readable by its own account only.
//!
//! The app is run in a process of its own (this test binary, started again on one
//! ignored test), because logging is set up once per process: the most verbose filter,
//! a demo start, a sign-in, a slow statement (a write waiting on the database's lock),
//! a key recovery. Then every file in its data folder and everything it printed is
//! searched for the key as hex, as raw bytes and as a recovery key.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use alhayat::app::{AppStatus, Clinic};
use alhayat::demo::DEMO_PASSWORD;
use alhayat::staff::Language;
use alhayat::store::db_path;
use alhayat::store::keyring::KeyVault;

use crate::support::*;

const CHILD_DIR: &str = "ALHAYAT_TEST_SECRETS_CHILD_DIR";

#[tokio::test]
#[ignore = "the app's run for secrets_never_reach_logs_files_or_the_console, in a process of its own"]
async fn run_the_app_with_every_log_level() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else { return };
    alhayat::init_logging(&dir);
    tracing::info!("the child run starts");

    let clinic = Clinic::start(&dir, "desk-1", true).await;
    let admin = signed_in(clinic.sign_in("admin", DEMO_PASSWORD).await);
    clinic.verify_audit(&admin.token).await.unwrap();

    // A slow statement: a write through the app waits 1.5 s on a lock held outside.
    let key = KeyVault::for_data_dir(&dir).load().unwrap();
    let mut outside = raw_connection(&db_path(&dir), &key).await;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut outside).await.unwrap();
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        sqlx::query("COMMIT").execute(&mut outside).await.unwrap();
    });
    clinic.set_my_language(&admin.token, Language::Ur).await.unwrap();
    release.await.unwrap();
    clinic.close().await;

    // The keyring loses the key; the recovery key is typed in.
    KeyVault::for_data_dir(&dir).forget().unwrap();
    let clinic = Clinic::start(&dir, "desk-1", false).await;
    assert!(matches!(clinic.status().await.unwrap(), AppStatus::RecoveryNeeded { .. }));
    clinic.recover_with_key(&key.recovery_key()).await.unwrap();
    let admin = signed_in(clinic.sign_in("admin", DEMO_PASSWORD).await);
    clinic.sign_out(&admin.token).await.unwrap();
    clinic.close().await;
    tracing::info!("the child run ends");
}

fn run_child(dir: &Path) -> Vec<u8> {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["secrets::run_the_app_with_every_log_level", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_DIR, dir)
        // The most verbose filter there is, for every crate.
        .env("ALHAYAT_LOG", "trace")
        .output()
        .unwrap();
    let mut printed = out.stdout;
    printed.extend_from_slice(&out.stderr);
    assert!(out.status.success(), "the child run failed:\n{}", String::from_utf8_lossy(&printed));
    printed
}

#[tokio::test]
async fn secrets_never_reach_logs_files_or_the_console() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let _forget = ForgetOnDrop(dir.clone());
    let printed = run_child(&dir);

    let log = std::fs::read_to_string(dir.join("logs/alhayat.log")).unwrap();
    assert!(log.contains("the child run ends"), "the log was written");
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "the filter really was verbose");

    let key = KeyVault::for_data_dir(&dir).load().unwrap();
    let hex = key.to_hex();
    let recovery = key.recovery_key();
    let needles: Vec<Vec<u8>> = vec![
        hex.clone().into_bytes(),
        hex.to_uppercase().into_bytes(),
        hex::decode(&hex).unwrap(),
        recovery.clone().into_bytes(),
        recovery.replace('-', "").into_bytes(),
    ];
    let mut places: Vec<(String, Vec<u8>)> = vec![("stdout and stderr".into(), printed)];
    for file in files_under(&dir) {
        places.push((file.display().to_string(), std::fs::read(&file).unwrap()));
    }
    assert!(places.len() > 4, "the database, its WAL, the head, the log at least");
    for (place, bytes) in &places {
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                "the database key is in {place}"
            );
        }
    }
    assert_owner_only(&dir);
}

/// The data folder and every folder in it are 0700, every file 0600.
#[cfg(unix)]
pub fn assert_owner_only(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for file in files_under(dir) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        let mut parent = file.parent();
        while let Some(p) = parent.filter(|p| p.starts_with(dir)) {
            assert_eq!(mode(p), 0o700, "{}", p.display());
            parent = p.parent();
        }
    }
}
