//! The `verify-audit`, `backup` and `verify-backup` subcommands of the real binary.

use std::io::Write;
use std::process::{Command, Stdio};

use alhayat::audit::AuditAction;

use crate::support::*;

fn verify_audit(dir: &std::path::Path, recovery_key: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_al-hayat-clinic"))
        .args(["verify-audit", "--recovery-key-stdin", "--data-dir"])
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{recovery_key}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn verify_audit_reports_intact_broken_and_unopenable() {
    let f = fresh_store().await;
    for i in 0..10 {
        let mut tx = f.store.begin_write().await.unwrap();
        tx.audit(origin().entry(AuditAction::View, "staff", Some(i.to_string()), "test")).await.unwrap();
        tx.commit().await.unwrap();
    }
    let recovery = f.key.recovery_key();
    let (code, text) = verify_audit(f.dir.path(), &recovery);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("10 entries verified"), "{text}");

    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("UPDATE audit_log SET summary = 'edited' WHERE seq = 4").execute(&mut conn).await.unwrap();
    drop(conn);
    let (code, text) = verify_audit(f.dir.path(), &recovery);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("#4"), "{text}");

    let other = alhayat::store::key::DbKey::generate().recovery_key();
    let (code, text) = verify_audit(f.dir.path(), &other);
    assert_eq!(code, 2, "{text}");
}

#[tokio::test]
async fn verify_audit_catches_an_edited_list_of_patients() {
    let f = fresh_store().await;
    for i in 0..5 {
        let mut tx = f.store.begin_write().await.unwrap();
        let e = origin().entry(AuditAction::View, "patient_search", None, "search by name");
        tx.audit_naming(e, &[i + 1, i + 2, 40]).await.unwrap();
        tx.commit().await.unwrap();
    }
    let recovery = f.key.recovery_key();
    let (code, text) = verify_audit(f.dir.path(), &recovery);
    assert_eq!(code, 0, "{text}");

    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("DROP TRIGGER audit_patients_no_update").execute(&mut conn).await.unwrap();
    // Patient 40 taken off entry #3's list.
    sqlx::query("UPDATE audit_patients SET patient_ids = '3,4' WHERE seq = 3")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let (code, text) = verify_audit(f.dir.path(), &recovery);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("#3") && text.contains("patients listed"), "{text}");
}

fn run_cli(args: &[&str], dir: &std::path::Path, recovery_key: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_al-hayat-clinic"))
        .args(args)
        .args(["--recovery-key-stdin", "--data-dir"])
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{recovery_key}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn backup_and_verify_backup_say_ok_failed_or_cannot_run_by_exit_code() {
    let f = fresh_store().await;
    let recovery = f.key.recovery_key();
    let (code, text) = run_cli(&["backup"], f.dir.path(), &recovery);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("written and verified"), "{text}");
    let listed = alhayat::backups::list(f.dir.path(), &[]);
    assert_eq!(listed.len(), 1);
    assert!(listed[0].verified);
    let file = alhayat::store::backup::backups_dir(f.dir.path()).join(&listed[0].name);
    let file_arg = file.to_string_lossy().into_owned();

    let (code, text) = run_cli(&["verify-backup", &file_arg], f.dir.path(), &recovery);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Backup verified"), "{text}");

    // Another clinic's key: verification fails, in words.
    let other = alhayat::store::key::DbKey::generate().recovery_key();
    let (code, text) = run_cli(&["verify-backup", &file_arg], f.dir.path(), &other);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("key"), "{text}");

    // One flipped byte: refused (the manifest no longer matches).
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[3 * 4096 + 7] ^= 0x80;
    std::fs::write(&file, &bytes).unwrap();
    let (code, text) = run_cli(&["verify-backup", &file_arg], f.dir.path(), &recovery);
    assert_eq!(code, 1, "{text}");

    // Cannot run: no such file, no file named, a store the key does not open.
    let (code, _) = run_cli(&["verify-backup", "/nonexistent/clinic.db"], f.dir.path(), &recovery);
    assert_eq!(code, 2);
    let (code, _) = run_cli(&["verify-backup"], f.dir.path(), &recovery);
    assert_eq!(code, 2);
    let (code, text) = run_cli(&["backup"], f.dir.path(), &other);
    assert_eq!(code, 2, "{text}");
}
