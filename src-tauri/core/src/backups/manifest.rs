//! The manifest beside each copy: what was copied, when, and what the check found.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckResult {
    Verified,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditLink {
    #[ts(type = "number")]
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Manifest {
    /// The copy's file name (the manifest is `<file>.json` beside it).
    pub file: String,
    /// RFC 3339: when the copy was taken.
    pub taken_at: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    pub app_version: String,
    /// `vacuum_into`, or `copy_of:<file>` for a destination that got the verified bytes.
    pub method: String,
    /// The copy's newest audit entry, equal to the live store's entry of that number.
    pub audit_newest: Option<AuditLink>,
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, i64>,
    pub result: CheckResult,
    /// A sentence for the administrator when the check failed.
    pub problem: Option<String>,
}

pub fn manifest_path(backup: &Path) -> PathBuf {
    let mut name = backup.file_name().unwrap_or_default().to_os_string();
    name.push(".json");
    backup.with_file_name(name)
}

pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// Writes the manifest beside `backup`, atomically and owner-only.
pub async fn write(backup: &Path, m: &Manifest) -> io::Result<()> {
    let path = manifest_path(backup);
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let _ = std::fs::remove_file(&path);
    let text = serde_json::to_vec_pretty(m).map_err(io::Error::other)?;
    super::copy::write_atomically(&dir, &name, |tmp| async move {
        use std::io::Write;
        let mut f = crate::owner_only::create(&tmp)?;
        f.write_all(&text)
    })
    .await
    .map(|_| ())
}

pub fn read(backup: &Path) -> Option<Manifest> {
    let text = std::fs::read(manifest_path(backup)).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Whether the file on disk is still the one the manifest describes.
pub fn matches_file(backup: &Path, m: &Manifest) -> Result<(), String> {
    let name = backup.file_name().unwrap_or_default().to_string_lossy();
    let size = std::fs::metadata(backup).map(|md| md.len()).unwrap_or(u64::MAX);
    if m.file != name.trim_start_matches("failed-") || m.size_bytes != size {
        return Err(
            "The backup file does not match its manifest: it was changed or cut short after it was written."
                .into(),
        );
    }
    match sha256_file(backup) {
        Ok(sum) if sum == m.sha256 => Ok(()),
        Ok(_) => {
            Err("The backup file does not match its manifest: its contents changed after it was written."
                .into())
        }
        Err(_) => Err("The backup file could not be read.".into()),
    }
}
