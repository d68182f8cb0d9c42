//! Encrypted copies of the store, and putting one back.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::{db_path, Store};

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

/// Moves the current file (and its WAL) aside, untouched, under a `damaged-` name and
/// copies the chosen backup into its place. Returns the name the old file now has.
pub fn restore_backup(data_dir: &Path, backup_name: &str) -> std::io::Result<String> {
    if backup_name.contains(['/', '\\']) || backup_name.starts_with('.') || backup_name.starts_with("failed-")
    {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a backup name"));
    }
    let source = backups_dir(data_dir).join(backup_name);
    if !source.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such backup"));
    }
    let current = db_path(data_dir);
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let aside = format!("damaged-{stamp}.db");
    if current.exists() {
        std::fs::rename(&current, data_dir.join(&aside))?;
        for suffix in ["-wal", "-shm"] {
            let side = data_dir.join(format!("{}{suffix}", super::DB_FILE));
            if side.exists() {
                std::fs::rename(&side, data_dir.join(format!("{aside}{suffix}")))?;
            }
        }
    }
    // The head kept outside belongs to the trail being set aside; the restored trail
    // starts its own (the restore itself is the next audit entry).
    let head = data_dir.join("audit-head");
    if head.exists() {
        std::fs::rename(&head, data_dir.join(format!("{aside}.audit-head")))?;
    }
    std::fs::copy(&source, &current)?;
    // A rename keeps a file's mode, and a copy takes its source's: a file from an older
    // version may have been readable by others.
    for path in [current, data_dir.join(&aside)] {
        crate::owner_only::restrict(&path)?;
    }
    Ok(aside)
}
