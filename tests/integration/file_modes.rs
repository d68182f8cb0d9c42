//! Files the app writes are readable by its own account only: the data folder and its
//! sub-folders 0700, every file 0600 — after a demo start (the database, its WAL, the
//! audit head, the lock), a backup, a restore (the damaged file set aside), an export
//! saved to Downloads and a bulk export folder. A folder left open by an older version
//! is tightened at start.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use alhayat::app::Clinic;
use alhayat::auth::{Actor, Role};
use alhayat::downloads::Downloads;
use alhayat::portability::{self, BulkPurpose, BulkRequest};
use alhayat::store::backup;

use crate::secrets::assert_owner_only;
use crate::support::*;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn set_mode(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[tokio::test]
async fn everything_the_app_writes_is_its_own_accounts_only() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let _forget = ForgetOnDrop(dir.clone());
    // A folder as an older version left it: open to everyone on the PC.
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    std::fs::write(dir.join("logs/alhayat.log"), b"an old line\n").unwrap();
    set_mode(&dir, 0o755);
    set_mode(&dir.join("logs"), 0o755);
    set_mode(&dir.join("logs/alhayat.log"), 0o644);

    let clinic = Clinic::start(&dir, "desk-1", true).await;
    let store = clinic.store().await.unwrap();
    assert_owner_only(&dir);
    assert!(dir.join("clinic.db-wal").exists() && dir.join("audit-head").exists());

    let copy = backup::write_backup(&store, "by-hand").await.unwrap();
    assert_eq!(mode(&copy), 0o600);
    assert_owner_only(&dir);

    let downloads = root.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let saved =
        Downloads::new(Some(downloads.clone()), &dir).save("slip AH-000001.pdf", b"%PDF-1.7").unwrap();
    assert_eq!(mode(Path::new(&saved)), 0o600, "an export in Downloads");

    let officer_id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'privacy'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let officer =
        Actor { staff_id: officer_id, roles: vec![Role::PrivacyOfficer], workstation: "desk-1".into() };
    let req = BulkRequest { purpose: BulkPurpose::Sharing, patient_ids: None };
    let bulk =
        portability::bulk_export(&store, &officer, req, &downloads, |_| {}, Arc::new(AtomicBool::new(false)))
            .await
            .unwrap();
    let folder = Path::new(&bulk.path);
    assert_eq!(mode(folder), 0o700, "the bulk export's folder");
    let files = files_under(folder);
    assert!(files.len() > 3, "{files:?}");
    for f in files {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }

    // A restore sets the current file aside as replaced-…: kept owner-only too.
    drop(store);
    clinic.close().await;
    set_mode(&alhayat::store::db_path(&dir), 0o644);
    let key = alhayat::store::keyring::KeyVault::for_data_dir(&dir).load().unwrap();
    let now = chrono::Utc::now();
    let staged = alhayat::backups::restore::stage(&dir, &key, &copy, now).await.unwrap();
    let aside = alhayat::backups::restore::swap(&dir, &staged, now).unwrap().unwrap();
    assert_eq!(mode(&dir.join(&aside)), 0o600);
    assert_owner_only(&dir);
}
