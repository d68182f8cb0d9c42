//! Each copy is ciphertext, is checked, and a damaged, foreign or mislabelled copy is refused.

use alhayat::backups::{self, manifest, CheckResult};
use alhayat::store::key::DbKey;

use super::*;
use crate::retention::decrypt::database_plaintext;
use crate::retention::seed::{register, team};

#[tokio::test]
async fn every_copy_is_ciphertext_verified_and_described_by_its_manifest() {
    let t = team().await;
    let p =
        register(&t, "Zarghuna Baloch", "Shahbaz Baloch", "1984-03-09", "54400-1112223-4", "0333-9876543")
            .await;
    let store = &t.d.f.store;
    let dir = t.d.f.dir.path();
    let run = run_at(store, &BackupPolicy::default(), chrono::Utc::now()).await;
    assert!(run.verified, "{run:?}");
    assert_eq!(run.destinations[0].problem, None);
    let path = primary_copy(dir, &run);

    let bytes = std::fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0", "no plaintext header");
    for needle in &p.needles {
        assert!(!contains(&bytes, needle), "{needle} readable in the backup's bytes");
    }
    // The same needles are there once decrypted with the clinic's key: the search can find them.
    let plain = database_plaintext(&bytes, &key_bytes(&t.d.f.key));
    assert!(contains(&plain, p.name) && contains(&plain, p.cnic), "the copy holds the patient");

    let m = manifest::read(&path).expect("a manifest beside the copy");
    assert_eq!(m.result, CheckResult::Verified);
    assert_eq!(m.size_bytes, bytes.len() as u64);
    assert_eq!(m.sha256, manifest::sha256_file(&path).unwrap());
    assert_eq!(m.app_version, env!("CARGO_PKG_VERSION"));
    assert!(m.schema_version.unwrap() >= 20261216120000);
    assert!(m.counts["patients"] >= 1 && m.counts["audit_log"] > 0, "{:?}", m.counts);
    let newest = m.audit_newest.clone().unwrap();
    let live: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = ?1")
        .bind(newest.seq)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(live, newest.hash, "the copy ends where the live chain stood");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [&path, &manifest::manifest_path(&path)] {
            assert_eq!(std::fs::metadata(f).unwrap().permissions().mode() & 0o777, 0o600, "{f:?}");
        }
    }
    let listed = backups::list(dir, &[]);
    assert_eq!(listed.len(), 1);
    assert!(listed[0].verified && listed[0].manifest.is_some());
    assert!(backups::verify_file(&path, &t.d.f.key).await.is_ok());
}

#[tokio::test]
async fn a_flipped_byte_a_lying_manifest_a_foreign_key_and_a_cut_file_are_refused() {
    let t = team().await;
    register(&t, "Gul Panra", "Sher Khan", "1991-07-01", "17301-5556667-8", "0345-1234567").await;
    let dir = t.d.f.dir.path();
    let run = run_at(&t.d.f.store, &BackupPolicy::default(), chrono::Utc::now()).await;
    let path = primary_copy(dir, &run);
    let good = std::fs::read(&path).unwrap();

    // Another clinic's key: a plain sentence about the key.
    let e = backups::verify_file(&path, &DbKey::generate()).await.unwrap_err();
    assert!(e.contains("key"), "{e}");

    // A manifest that does not match its file (the file changed after writing).
    let mut m = manifest::read(&path).unwrap();
    m.sha256 = "0".repeat(64);
    std::fs::write(manifest::manifest_path(&path), serde_json::to_vec(&m).unwrap()).unwrap();
    let e = backups::verify_file(&path, &t.d.f.key).await.unwrap_err();
    assert!(e.contains("does not match its manifest"), "{e}");

    // One flipped byte inside a page, with no manifest to compare: the page's HMAC catches it.
    std::fs::remove_file(manifest::manifest_path(&path)).unwrap();
    let mut flipped = good.clone();
    let at = 2 * 4096 + 1000;
    flipped[at] ^= 0x01;
    std::fs::write(&path, &flipped).unwrap();
    let e = backups::verify_file(&path, &t.d.f.key).await.unwrap_err();
    assert!(e.contains("damaged"), "{e}");
    std::fs::write(&path, &good).unwrap();
    assert!(backups::verify_file(&path, &t.d.f.key).await.is_ok(), "the unflipped copy verifies");

    // Cut short, and empty.
    std::fs::write(&path, &good[..good.len() - 100]).unwrap();
    assert!(backups::verify_file(&path, &t.d.f.key).await.unwrap_err().contains("cut short"));
    std::fs::write(&path, b"").unwrap();
    assert!(backups::verify_file(&path, &t.d.f.key).await.unwrap_err().contains("empty"));

    // The listing never calls a copy whose size left its manifest verified.
    std::fs::write(&path, &good).unwrap();
    let run2 =
        run_at(&t.d.f.store, &BackupPolicy::default(), chrono::Utc::now() + chrono::Duration::seconds(2))
            .await;
    let second = primary_copy(dir, &run2);
    std::fs::write(&second, &good[..4096]).unwrap();
    let listed = backups::list(dir, &[]);
    let entry = listed.iter().find(|b| second.ends_with(&b.name)).unwrap();
    assert!(!entry.verified && entry.problem.is_some());
}
