//! The audit trail verifies, and every kind of tampering is detected with the right
//! entry named — including tampering by someone who holds the key and drops the
//! append-only triggers.

use alhayat::audit::{self, AuditAction, AuditFilter};
use alhayat::store::{OpenMode, Store};

use crate::support::*;

async fn store_with_entries(n: usize) -> Fixture {
    let f = fresh_store().await;
    for i in 0..n {
        let mut tx = f.store.begin_write().await.unwrap();
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, 'x')")
            .bind(format!("k{i}"))
            .execute(tx.conn())
            .await
            .unwrap();
        tx.audit(origin().entry(AuditAction::SettingsChange, "settings", Some(format!("k{i}")), "test"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    f
}

async fn verify(f: &Fixture) -> audit::VerifyReport {
    audit::verify(f.store.pool(), f.store.head().read().as_ref()).await.unwrap()
}

async fn tamper(f: &Fixture, sql: &[&str]) {
    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&mut conn).await.unwrap();
    for s in sql {
        sqlx::query(sqlx::AssertSqlSafe(s.to_string())).execute(&mut conn).await.unwrap();
    }
}

#[tokio::test]
async fn an_untouched_trail_verifies() {
    let f = store_with_entries(30).await;
    let r = verify(&f).await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.entries_checked, 30);
    assert_eq!(f.store.head().read().unwrap().seq, 30, "the newest link is kept outside the database");
}

#[tokio::test]
async fn the_triggers_refuse_update_and_delete() {
    let f = store_with_entries(3).await;
    let upd = sqlx::query("UPDATE audit_log SET summary = 'x' WHERE seq = 2").execute(f.store.pool()).await;
    let del = sqlx::query("DELETE FROM audit_log WHERE seq = 3").execute(f.store.pool()).await;
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    assert!(del.unwrap_err().to_string().contains("append-only"));
    assert!(verify(&f).await.ok);
}

#[tokio::test]
async fn an_edited_entry_is_named() {
    let f = store_with_entries(20).await;
    tamper(&f, &["UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 7"]).await;
    let r = verify(&f).await;
    assert!(!r.ok);
    assert_eq!(r.first_bad_seq, Some(7));
    assert!(r.problem.unwrap().contains("#7 was changed"));
}

#[tokio::test]
async fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let f = store_with_entries(20).await;
    // Rewrite entry 7 fully consistently with itself: the next entry no longer follows.
    let (at, prev): (String, String) = sqlx::query_as("SELECT at, prev_hash FROM audit_log WHERE seq = 7")
        .fetch_one(f.store.pool())
        .await
        .unwrap();
    let forged = audit::entry_hash(
        7,
        &at,
        None,
        "test-ws",
        "settings_change",
        "settings",
        Some("k6"),
        None,
        "forged",
        &prev,
    );
    tamper(&f, &[&format!("UPDATE audit_log SET summary = 'forged', hash = '{forged}' WHERE seq = 7")]).await;
    let r = verify(&f).await;
    assert_eq!(r.first_bad_seq, Some(8), "{r:?}");
}

#[tokio::test]
async fn a_deleted_entry_is_named() {
    let f = store_with_entries(20).await;
    tamper(&f, &["DELETE FROM audit_log WHERE seq = 12"]).await;
    let r = verify(&f).await;
    assert_eq!(r.first_bad_seq, Some(12));
    assert!(r.problem.unwrap().contains("#12 is missing"));
}

#[tokio::test]
async fn reordered_entries_are_named() {
    let f = store_with_entries(20).await;
    tamper(
        &f,
        &[
            "UPDATE audit_log SET seq = -1 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 6",
            "UPDATE audit_log SET seq = 6 WHERE seq = -1",
        ],
    )
    .await;
    let r = verify(&f).await;
    assert_eq!(r.first_bad_seq, Some(5), "{r:?}");
}

#[tokio::test]
async fn a_cut_off_tail_is_detected_from_the_head_kept_outside() {
    let f = store_with_entries(20).await;
    tamper(&f, &["DELETE FROM audit_log WHERE seq > 15"]).await;
    let r = verify(&f).await;
    assert!(!r.ok);
    assert_eq!(r.first_bad_seq, Some(16));
    assert!(r.problem.unwrap().contains("after #15"));
    // Without the head file the chain itself looks fine: that is why it is kept.
    let alone = audit::verify(f.store.pool(), None).await.unwrap();
    assert!(alone.ok);
}

#[tokio::test]
async fn a_fully_rewritten_trail_differs_from_the_head() {
    let f = store_with_entries(5).await;
    // Rebuild the whole chain consistently with one summary changed.
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT seq, at FROM audit_log ORDER BY seq").fetch_all(f.store.pool()).await.unwrap();
    let mut prev = audit::GENESIS.to_string();
    let mut stmts = Vec::new();
    for (seq, at) in rows {
        let summary = if seq == 2 { "forged" } else { "test" };
        let key = format!("k{}", seq - 1);
        let h = audit::entry_hash(
            seq,
            &at,
            None,
            "test-ws",
            "settings_change",
            "settings",
            Some(&key),
            None,
            summary,
            &prev,
        );
        stmts.push(format!("UPDATE audit_log SET summary = '{summary}', prev_hash = '{prev}', hash = '{h}' WHERE seq = {seq}"));
        prev = h;
    }
    let refs: Vec<&str> = stmts.iter().map(String::as_str).collect();
    tamper(&f, &refs).await;
    let r = verify(&f).await;
    assert_eq!(r.first_bad_seq, Some(5), "{r:?}");
}

#[tokio::test]
async fn the_viewer_filters_and_pages_newest_first() {
    let f = store_with_entries(25).await;
    let page =
        audit::list(f.store.pool(), &AuditFilter { limit: Some(10), ..Default::default() }).await.unwrap();
    assert_eq!(page.rows.len(), 10);
    assert_eq!(page.rows[0].seq, 25);
    let next = audit::list(
        f.store.pool(),
        &AuditFilter { limit: Some(10), before_seq: page.next_before, ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(next.rows[0].seq, 15);
    let last = audit::list(
        f.store.pool(),
        &AuditFilter { limit: Some(10), before_seq: Some(6), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(last.rows.len(), 5);
    assert_eq!(last.next_before, None);

    let none =
        audit::list(f.store.pool(), &AuditFilter { action: Some(AuditAction::SignIn), ..Default::default() })
            .await
            .unwrap();
    assert!(none.rows.is_empty());
    let today = chrono::Utc::now().with_timezone(&alhayat::clock::CLINIC_TZ).date_naive().to_string();
    let dated = audit::list(
        f.store.pool(),
        &AuditFilter { from: Some(today.clone()), to: Some(today), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(dated.rows.len(), 25);
    let day = |offset: i64| {
        (chrono::Utc::now().with_timezone(&alhayat::clock::CLINIC_TZ).date_naive()
            + chrono::Duration::days(offset))
        .to_string()
    };
    let future =
        audit::list(f.store.pool(), &AuditFilter { from: Some(day(1)), ..Default::default() }).await.unwrap();
    assert!(future.rows.is_empty());
    let past =
        audit::list(f.store.pool(), &AuditFilter { to: Some(day(-1)), ..Default::default() }).await.unwrap();
    assert!(past.rows.is_empty());
    let around = audit::list(
        f.store.pool(),
        &AuditFilter { from: Some(day(-3)), to: Some(day(3)), limit: Some(7), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!((around.rows.len(), around.rows[0].seq, around.next_before), (7, 25, Some(19)));
    let bad =
        audit::list(f.store.pool(), &AuditFilter { from: Some("2026-13-01".into()), ..Default::default() })
            .await;
    assert_eq!(bad.unwrap_err().field(), Some("from"));
    let backwards = audit::list(
        f.store.pool(),
        &AuditFilter { from: Some("2026-11-25".into()), to: Some("2026-11-01".into()), ..Default::default() },
    )
    .await;
    assert_eq!(backwards.unwrap_err().field(), Some("to"));
}

/// Child half of `a_killed_writer_leaves_a_sound_file`: writes until killed.
#[tokio::test]
#[ignore = "run by a_killed_writer_leaves_a_sound_file as a child process"]
async fn killed_writer_child() {
    let Ok(dir) = std::env::var("ALHAYAT_TEST_KILL_DIR") else { return };
    let key = alhayat::store::key::DbKey::from_hex(&std::env::var("ALHAYAT_TEST_KILL_KEY").unwrap()).unwrap();
    let store = Store::open(std::path::Path::new(&dir), &key, OpenMode::APP).await.unwrap();
    std::fs::write(std::path::Path::new(&dir).join("child-started"), b"").unwrap();
    for i in 0.. {
        let mut tx = store.begin_write().await.unwrap();
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?)")
            .bind(format!("kill{i}"))
            .bind("x".repeat(500))
            .execute(tx.conn())
            .await
            .unwrap();
        tx.audit(origin().entry(AuditAction::SettingsChange, "settings", Some(format!("kill{i}")), "stress"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn a_killed_writer_leaves_a_sound_file() {
    let f = store_with_entries(3).await;
    let dir = f.dir.path().to_path_buf();
    let key_hex = f.key.to_hex();
    f.store.close().await;

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "audit_chain::killed_writer_child", "--ignored", "--nocapture"])
        .env("ALHAYAT_TEST_KILL_DIR", &dir)
        .env("ALHAYAT_TEST_KILL_KEY", &key_hex)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !dir.join("child-started").exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no checkpoint.
    child.wait().unwrap();

    let key = alhayat::store::key::DbKey::from_hex(&key_hex).unwrap();
    let store = Store::open(&dir, &key, OpenMode::APP).await.unwrap();
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap();
    assert_eq!(integrity, "ok");
    let written: i64 = sqlx::query_scalar("SELECT count(*) FROM settings WHERE key LIKE 'kill%'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(written > 0, "the child wrote before it was killed");
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE summary = 'stress'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(written, audited, "every committed write has its audit entry, and no more");
    let r = audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(r.ok, "{r:?}");
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let f = fresh_store().await;
    let store = std::sync::Arc::new(f.store);
    let mut tasks = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..15 {
                let mut tx = store.begin_write().await.unwrap();
                sqlx::query("INSERT INTO settings (key, value) VALUES (?, 'x')")
                    .bind(format!("t{t}-{i}"))
                    .execute(tx.conn())
                    .await
                    .unwrap();
                tx.audit(origin().entry(AuditAction::SettingsChange, "settings", None, "race"))
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let r = audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.entries_checked, 120);
    assert_eq!(store.head().read().unwrap().seq, 120);
}

#[tokio::test]
async fn a_failed_write_does_not_advance_the_chain() {
    let f = store_with_entries(2).await;
    {
        let mut tx = f.store.begin_write().await.unwrap();
        tx.audit(origin().entry(AuditAction::SettingsChange, "settings", None, "dropped")).await.unwrap();
        // Dropped without commit: rolled back, as on any error.
    }
    let mut tx = f.store.begin_write().await.unwrap();
    tx.audit(origin().entry(AuditAction::SettingsChange, "settings", None, "kept")).await.unwrap();
    tx.commit().await.unwrap();
    let r = verify(&f).await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.entries_checked, 3);
}

/// The verifier cuts long trails into ranges checked side by side: whatever the cut,
/// it must name the same first entry as a single walk, including at the seams.
#[tokio::test]
async fn checking_in_ranges_names_the_same_entry_as_one_walk() {
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        ("intact", vec![]),
        ("edit inside a range", vec!["UPDATE audit_log SET summary = 'x' WHERE seq = 27".into()]),
        ("delete the first entry of a range", vec!["DELETE FROM audit_log WHERE seq = 11".into()]),
        ("delete the last entry of a range", vec!["DELETE FROM audit_log WHERE seq = 20".into()]),
        ("delete a whole range", vec!["DELETE FROM audit_log WHERE seq BETWEEN 11 AND 20".into()]),
        ("delete the first entry", vec!["DELETE FROM audit_log WHERE seq = 1".into()]),
        ("cut the tail", vec!["DELETE FROM audit_log WHERE seq > 33".into()]),
        (
            "swap across a seam",
            vec![
                "UPDATE audit_log SET seq = -1 WHERE seq = 10".into(),
                "UPDATE audit_log SET seq = 10 WHERE seq = 11".into(),
                "UPDATE audit_log SET seq = 11 WHERE seq = -1".into(),
            ],
        ),
    ];
    for (label, sql) in scenarios {
        let f = store_with_entries(40).await;
        let refs: Vec<&str> = sql.iter().map(String::as_str).collect();
        tamper(&f, &refs).await;
        let head = f.store.head().read();
        let one = audit::verify_split(f.store.pool(), head.as_ref(), 1).await.unwrap();
        for ranges in 2..=5 {
            let split = audit::verify_split(f.store.pool(), head.as_ref(), ranges).await.unwrap();
            assert_eq!(split.first_bad_seq, one.first_bad_seq, "{label}, {ranges} ranges");
            assert_eq!(split.ok, one.ok, "{label}");
            assert_eq!(split.problem, one.problem, "{label}");
        }
        assert_eq!(one.ok, label == "intact", "{label}: {one:?}");
    }
}

/// The verifier rebuilds each entry's hashed text inside SQLite; it must match the
/// text the app hashed, whatever the fields hold.
#[tokio::test]
async fn entries_with_any_content_verify() {
    let f = fresh_store().await;
    let odd = [
        ("ur", Some(7), Some(42), Some("3".to_string()), "تبدیلی: نام; پتہ"),
        ("empty", None, None, None, ""),
        ("separators", Some(1), None, Some("a:b;c".into()), "1:2;3:"),
        ("emoji", None, Some(9_007_199_254_740_993), Some("🙂".into()), "café ✓"),
    ];
    for (ws, staff, patient, entity_id, summary) in odd {
        let mut tx = f.store.begin_write().await.unwrap();
        let mut e = origin().entry(AuditAction::View, "staff", entity_id, summary);
        e.workstation = ws.into();
        e.staff_id = staff;
        e.patient_id = patient;
        tx.audit(e).await.unwrap();
        tx.commit().await.unwrap();
    }
    let r = verify(&f).await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.entries_checked, 4);
}
