//! Backups on real SQLCipher files: ciphertext by their bytes, verification that catches
//! a flipped byte, a foreign key and a manifest that lies; destinations that are missing,
//! files, read-only, full or inside the data folder; rotation over a simulated year;
//! erasure reaching the backups; `kill -9` during a backup; who may back up.

mod copies;
mod erasure;
mod faults;
mod kill;
mod restore;
mod roles;
mod rotation;
mod schedule;

use std::path::{Path, PathBuf};

use alhayat::backups::{self, BackupPolicy, BackupRun};
use alhayat::store::key::DbKey;
use chrono::{DateTime, TimeZone, Utc};

pub fn key_bytes(key: &DbKey) -> [u8; 32] {
    hex::decode(key.to_hex()).unwrap().try_into().unwrap()
}

pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

pub fn backups_dir(data_dir: &Path) -> PathBuf {
    alhayat::store::backup::backups_dir(data_dir)
}

/// The one copy a run wrote into the data folder's `backups/`.
pub fn primary_copy(data_dir: &Path, run: &BackupRun) -> PathBuf {
    let name = run.destinations[0].written.clone().unwrap_or_else(|| panic!("no copy written: {run:?}"));
    backups_dir(data_dir).join(name)
}

pub fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

pub fn policy_with(extra: &[&Path]) -> BackupPolicy {
    BackupPolicy {
        extra_folders: extra.iter().map(|p| p.to_string_lossy().into_owned()).collect(),
        ..BackupPolicy::default()
    }
}

/// A tmpfs mounted at a new temporary folder (root only); None where mounting is not allowed.
pub struct Tmpfs {
    pub dir: tempfile::TempDir,
}

impl Tmpfs {
    pub fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Some(Tmpfs { dir })
        } else {
            eprintln!("tmpfs could not be mounted here; skipping that part");
            None
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.dir.path()).status();
    }
}

pub async fn run_at(store: &alhayat::store::Store, p: &BackupPolicy, t: DateTime<Utc>) -> BackupRun {
    backups::run(store, p, "test", t).await
}
