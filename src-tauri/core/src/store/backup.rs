//! Encrypted copies of the store, and putting one back.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::Store;

pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// An encrypted copy (same key) written with `VACUUM INTO` under a temporary name and
/// renamed when whole (`backups::copy`); the rotation looks after it with the others.
pub async fn write_backup(store: &Store, label: &str) -> Result<PathBuf, sqlx::Error> {
    let dir = backups_dir(store.data_dir());
    crate::owner_only::create_dir_all(&dir)?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let name = format!("clinic-{stamp}-{label}.db");
    let path = crate::backups::copy::write_atomically(&dir, &name, |tmp| async move {
        crate::backups::copy::vacuum_into(store, &tmp).await
    })
    .await?;
    Ok(path)
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub name: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// RFC 3339, from the file's modification time.
    pub written_at: String,
}

pub fn list_backups(data_dir: &Path) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(backups_dir(data_dir)) else {
        return Vec::new();
    };
    let mut out: Vec<BackupFile> = entries
        .filter_map(Result::ok)
        // A copy that failed its check is kept for inspection, never offered to restore.
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".db") && !n.starts_with("failed-") && !n.starts_with('.')
        })
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
            Some(BackupFile {
                name: e.file_name().to_string_lossy().into_owned(),
                size_bytes: meta.len(),
                written_at: modified.to_rfc3339(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.written_at.cmp(&a.written_at));
    out
}
