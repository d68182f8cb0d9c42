//! Policy 8: a patient erased today leaves the backups by the longest time: after the
//! rotation passes it, no page of any remaining copy holds their name, CNIC or phone.

use alhayat::retention;
use chrono::Duration;

use super::*;
use crate::retention::decrypt::database_plaintext;
use crate::retention::seed::{register, team, visit};

fn plaintexts(dir: &Path, key: &[u8; 32]) -> Vec<(String, Vec<u8>)> {
    rotation_items(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), database_plaintext(&bytes, key))
        })
        .collect()
}

fn rotation_items(dir: &Path) -> Vec<PathBuf> {
    alhayat::backups::rotation::items_in(dir).into_iter().map(|it| it.path).collect()
}

#[tokio::test]
async fn an_erased_patient_is_in_no_backup_once_the_rotation_passes_the_longest_time() {
    let t = team().await;
    let erased =
        register(&t, "Noor Jahan Khattak", "Fazal Khattak", "1979-12-02", "17201-9998887-6", "0312-7654321")
            .await;
    let stays =
        register(&t, "Rubina Siddiqui", "Kamran Siddiqui", "1988-04-22", "42101-4443332-1", "0321-1112223")
            .await;
    // Seen last in 2015: nothing of theirs must be kept any longer.
    visit(&t, &erased, "2015-03-02").await;
    let store = &t.d.f.store;
    let dir = t.d.f.dir.path();
    let key = key_bytes(&t.d.f.key);
    let p = BackupPolicy::default();
    let t0 = at(2026, 1, 5, 10);
    assert!(run_at(store, &p, t0).await.verified);
    assert!(run_at(store, &p, t0 + Duration::days(1)).await.verified);

    let out = retention::erase_patient(store, &t.privacy, erased.id, None).await.unwrap();
    assert!(out.patient_erased, "{out:?}");
    assert!(run_at(store, &p, t0 + Duration::days(200)).await.verified);
    // Before the longest time has passed the old copies still hold the patient: the
    // search below can find them.
    let before = plaintexts(&backups_dir(dir), &key);
    assert!(
        before.iter().any(|(_, plain)| contains(plain, erased.name)),
        "the early copies hold the patient"
    );

    assert!(run_at(store, &p, t0 + Duration::days(370)).await.verified);
    let after = plaintexts(&backups_dir(dir), &key);
    assert!(
        after.len() >= 2,
        "copies after the erasure remain: {:?}",
        after.iter().map(|a| &a.0).collect::<Vec<_>>()
    );
    for (name, plain) in &after {
        for needle in [erased.name, erased.cnic, erased.phone] {
            assert!(!contains(plain, needle), "{needle} still in {name}");
        }
        assert!(contains(plain, stays.name), "{name} decrypts (the patient who stays is there)");
    }
    for (name, _) in &before {
        if !after.iter().any(|(n, _)| n == name) {
            assert!(!backups_dir(dir).join(name).exists());
        }
    }
}
