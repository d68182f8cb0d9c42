//! The file on disk: encrypted, refused with a wrong key without being touched,
//! damaged files recognised, migrations backed up first.

use alhayat::store::key::DbKey;
use alhayat::store::{backup, OpenError, OpenMode, Store};

use crate::support::*;

#[tokio::test]
async fn the_file_is_encrypted_and_names_do_not_appear_in_it() {
    let f = fresh_store().await;
    add_staff(&f.store, "zubaida", "Zubaida Khanum", &[alhayat::auth::Role::Reception]).await;
    // Force the WAL into the main file too, so both places are checked.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(f.store.pool()).await.unwrap();
    add_staff(&f.store, "farrukh", "Farrukh Jamal", &[alhayat::auth::Role::Reception]).await;

    let header = std::fs::read(f.path()).unwrap();
    assert_ne!(&header[..16], b"SQLite format 3\0", "the file must not start with the plain SQLite header");
    let bytes = all_bytes(f.dir.path());
    for name in ["Zubaida Khanum", "zubaida", "Farrukh Jamal", "staff_roles", "audit_log"] {
        assert!(!contains(&bytes, name), "{name} readable in the data folder");
    }
    // …while the app itself reads them back.
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM staff WHERE full_name = 'Farrukh Jamal'")
        .fetch_one(f.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn a_wrong_key_is_refused_and_the_file_is_left_byte_for_byte() {
    let f = fresh_store().await;
    add_staff(&f.store, "amina", "Amina Baig", &[alhayat::auth::Role::Reception]).await;
    let path = f.path();
    let dir = f.dir;
    f.store.close().await;
    let before = std::fs::read(&path).unwrap();
    let files_before = std::fs::read_dir(dir.path()).unwrap().count();

    let wrong = DbKey::generate();
    let err = Store::open(dir.path(), &wrong, OpenMode::APP).await.err().expect("must fail");
    assert!(matches!(err, OpenError::WrongKeyOrNotADatabase), "{err:?}");
    assert!(std::fs::read(&path).unwrap() == before, "the file must not change");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), files_before, "no new files");

    // The right key still opens it.
    let again = Store::open(dir.path(), &f.key, OpenMode::APP).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM staff").fetch_one(again.pool()).await.unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn truncated_empty_and_random_files_are_not_replaced() {
    let key = DbKey::generate();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", vec![7u8; 4096 + 100]),
        ("random", (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
    ];
    for (label, content) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = alhayat::store::db_path(dir.path());
        std::fs::write(&path, &content).unwrap();
        let err = Store::open(dir.path(), &key, OpenMode::APP).await.err().expect(label);
        match label {
            "random" => assert!(matches!(err, OpenError::WrongKeyOrNotADatabase), "{label}: {err:?}"),
            _ => assert!(matches!(err, OpenError::Damaged), "{label}: {err:?}"),
        }
        // Even the first-run mode never creates a database over an existing file.
        let err = Store::open(dir.path(), &key, OpenMode::FIRST_RUN).await.err();
        assert!(err.is_some(), "{label}: first-run mode opened a broken file");
        assert!(std::fs::read(&path).unwrap() == content, "{label}: the file must be left untouched");
    }
}

#[tokio::test]
async fn a_second_writer_on_the_same_folder_is_refused_until_the_first_closes() {
    let f = fresh_store().await;
    let err = Store::open(f.dir.path(), &f.key, OpenMode::APP).await.err().expect("second writer");
    assert!(matches!(err, OpenError::InUse), "{err:?}");
    // Reading (the verify-audit command) is allowed alongside.
    assert!(Store::open(f.dir.path(), &f.key, OpenMode::INSPECT).await.is_ok());
    let dir = f.dir;
    f.store.close().await;
    assert!(Store::open(dir.path(), &f.key, OpenMode::APP).await.is_ok());
}

#[tokio::test]
async fn a_missing_file_is_not_created_outside_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path(), &DbKey::generate(), OpenMode::APP).await.err().unwrap();
    assert!(matches!(err, OpenError::Missing));
    assert!(!alhayat::store::db_path(dir.path()).exists());
}

#[tokio::test]
async fn pending_migrations_run_after_an_encrypted_backup_of_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate();
    // An "old installation": only the first migration applied.
    let old_migrations = tempfile::tempdir().unwrap();
    let first = std::fs::read_dir("src-tauri/migrations").unwrap().flatten().map(|e| e.path()).min().unwrap();
    std::fs::copy(&first, old_migrations.path().join(first.file_name().unwrap())).unwrap();
    {
        use sqlx::ConnectOptions;
        let mut conn = alhayat::store::connect_options(&alhayat::store::db_path(dir.path()), &key)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        let m = sqlx::migrate::Migrator::new(old_migrations.path()).await.unwrap();
        m.run(&mut conn).await.unwrap();
        sqlx::query("INSERT INTO settings (key, value) VALUES ('marker', 'old')")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let store = Store::open(dir.path(), &key, OpenMode::APP).await.unwrap();
    let backups = backup::list_backups(dir.path());
    assert_eq!(backups.len(), 1, "one backup before migrating");
    assert!(backups[0].name.contains("before-migration"));
    let audit_tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(audit_tables, 1, "the new migration ran");

    // The backup is encrypted with the same key and holds the old schema and data.
    let bpath = backup::backups_dir(dir.path()).join(&backups[0].name);
    let bytes = std::fs::read(&bpath).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    let mut conn = raw_connection(&bpath, &key).await;
    let marker: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'marker'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(marker, "old");
    let old_audit: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(old_audit, 0, "the backup was taken before the migration");

    // Opening again with nothing pending writes no new backup.
    store.close().await;
    let _again = Store::open(dir.path(), &key, OpenMode::APP).await.unwrap();
    assert_eq!(backup::list_backups(dir.path()).len(), 1);
}

#[tokio::test]
async fn pragmas_are_the_ones_promised() {
    let f = fresh_store().await;
    let mut conn = f.store.pool().acquire().await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
    let sd: i64 = sqlx::query_scalar("PRAGMA secure_delete").fetch_one(&mut *conn).await.unwrap();
    let av: i64 = sqlx::query_scalar("PRAGMA auto_vacuum").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(sync, 2, "synchronous = FULL");
    assert_eq!((fk, sd, av), (1, 1, 2), "foreign keys, secure delete, incremental vacuum");
}

#[tokio::test]
async fn a_backup_can_be_restored_over_a_damaged_file_which_is_kept() {
    use alhayat::backups::restore;
    let f = fresh_store().await;
    add_staff(&f.store, "amina", "Amina Baig", &[alhayat::auth::Role::Reception]).await;
    let written = backup::write_backup(&f.store, "manual").await.unwrap();
    let dir = f.dir;
    f.store.close().await;
    std::fs::write(alhayat::store::db_path(dir.path()), b"garbage").unwrap();

    let now = chrono::Utc::now();
    let staged = restore::stage(dir.path(), &f.key, &written, now).await.unwrap();
    let aside = restore::swap(dir.path(), &staged, now).unwrap().expect("the damaged file was there");
    assert_eq!(
        std::fs::read(dir.path().join(&aside)).unwrap(),
        b"garbage",
        "the damaged file is kept as it was"
    );
    let store = Store::open(dir.path(), &f.key, OpenMode::APP).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM staff").fetch_one(store.pool()).await.unwrap();
    assert_eq!(n, 1);
    // The restored trail verifies on its own: the old head was set aside with the old file.
    assert!(dir.path().join(format!("{aside}.audit-head")).exists());
    add_staff(&store, "farrukh", "Farrukh Jamal", &[alhayat::auth::Role::Reception]).await;
    let r = alhayat::audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(r.ok, "{r:?}");
}
