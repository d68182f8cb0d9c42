//! Putting a backup back: a deliberate, audited act (policy 5), after which the patients
//! erased since the backup was taken are erased again (policy 8).
//!
//! The order is what makes it safe: the backup is copied next to the store and that copy
//! verified (`stage`) while the live store is untouched, so a damaged file, another
//! clinic's backup or a wrong key changes nothing. Only then is the current file moved
//! aside whole and the copy renamed into its place (`swap`). The restored store's first
//! entry says what it replaced (`finish`), and the head kept outside the database follows
//! that entry, so the verifier sees a recorded restore rather than a cut trail.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::ledger::{self, LedgerEntry};
use super::manifest::{self, AuditLink, CheckResult};
use super::verify::{self, Checked};
use super::{copy, rotation};
use crate::audit::{AuditAction, Origin};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::store::key::DbKey;
use crate::store::{db_path, Store, DB_FILE};

/// Where a file set aside by a restore starts its name (rotated like the backups).
pub const REPLACED_PREFIX: &str = "replaced-";

/// What the administrator sees before confirming: the backup, and what would be lost.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestorePreview {
    pub folder: String,
    pub name: String,
    pub taken_at: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Audit entries written after the backup was taken (they stay in the file set aside).
    #[ts(type = "number")]
    pub lost_audit_entries: i64,
    #[ts(type = "number")]
    pub lost_appointments: i64,
    #[ts(type = "number")]
    pub lost_notes: i64,
    #[ts(type = "number")]
    pub lost_patients: i64,
    #[ts(type = "number")]
    pub lost_invoices: i64,
    /// Erasures since the backup, which will be made again after the restore.
    #[ts(type = "number")]
    pub erasures_to_repeat: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreOutcome {
    /// When the restored backup was taken (RFC 3339).
    pub restored_from: String,
    /// The name the replaced store now has in the data folder (kept whole).
    pub replaced_kept_as: Option<String>,
    /// Patients erased after the backup and erased again now.
    #[ts(type = "number")]
    pub erased_again: i64,
    /// Patients whose erasure could not be repeated: the administrator must see to them.
    #[ts(type = "number[]")]
    pub not_erased_again: Vec<i64>,
    /// The number of the restore's audit entry.
    #[ts(type = "number")]
    pub restore_entry: i64,
}

/// What the store being replaced hands on to the restored one.
#[derive(Debug, Default)]
pub struct Replaced {
    pub newest: Option<AuditLink>,
    pub ledger: Vec<LedgerEntry>,
}

/// Read from the live store before it is closed (its ledger file is read too).
pub async fn read_live(store: &Store) -> AppResult<Replaced> {
    let newest = verify::live_newest(store.pool()).await?;
    let inside = ledger::entries(store).await?;
    Ok(Replaced { newest, ledger: ledger::merge([inside, ledger::read_file(store.data_dir())]) })
}

/// When the live store does not open: the head kept beside it and the ledger's file.
pub fn read_unopened(data_dir: &Path) -> Replaced {
    let newest = crate::audit::HeadFile::new(data_dir).read().map(|l| AuditLink { seq: l.seq, hash: l.hash });
    Replaced { newest, ledger: ledger::read_file(data_dir) }
}

/// A verified copy of the backup waiting in the data folder; removed if not used.
pub struct Staged {
    path: PathBuf,
    pub taken_at: String,
    pub checked: Checked,
    /// The ledger kept beside the backup (a new PC has no other).
    pub ledger: Vec<LedgerEntry>,
}

impl Staged {
    pub fn discard(self) {
        let _ = rotation::shred(&self.path);
    }
}

fn refused(problem: impl std::fmt::Display) -> AppError {
    AppError::validation(
        "backup",
        format!("This backup was not restored, and nothing was changed. {problem}"),
    )
}

/// Copies `source` into the data folder under a temporary name and verifies the copy
/// with `key`. Nothing of the live store is touched, whatever happens.
pub async fn stage(data_dir: &Path, key: &DbKey, source: &Path, now: DateTime<Utc>) -> AppResult<Staged> {
    if !source.is_file() {
        return Err(AppError::validation("backup", "There is no backup file there."));
    }
    if source.canonicalize().ok() == db_path(data_dir).canonicalize().ok() {
        return Err(refused("That file is the clinic's current data, not a backup."));
    }
    let m = manifest::read(source);
    if let Some(m) = &m {
        if m.result == CheckResult::Failed {
            return Err(refused("This copy failed its check when it was written."));
        }
        manifest::matches_file(source, m).map_err(refused)?;
    }
    crate::owner_only::create_dir_all(data_dir)?;
    let name = format!("restoring-{}.db", now.format("%Y%m%d-%H%M%S"));
    let _ = std::fs::remove_file(data_dir.join(&name));
    let src = source.to_path_buf();
    let path =
        copy::write_atomically(data_dir, &name, |tmp| async move { copy::copy_file(&src, &tmp).await })
            .await
            .map_err(|e| {
                refused(
                    super::destinations::write_problem("the data folder", &e)
                        .replace("{folder}", "the data folder"),
                )
            })?;
    let checked = match verify::check_copy(&path, key, m.as_ref().and_then(|m| m.audit_newest.as_ref())).await
    {
        Ok(c) => c,
        Err(problem) => {
            let _ = rotation::shred(&path);
            return Err(refused(problem));
        }
    };
    let taken_at = match &m {
        Some(m) => m.taken_at.clone(),
        None => std::fs::metadata(source)
            .and_then(|md| md.modified())
            .map(|t| crate::clock::utc_text(t.into()))
            .unwrap_or_else(|_| "an unknown time".into()),
    };
    let beside = source.parent().map(ledger::read_file).unwrap_or_default();
    Ok(Staged { path, taken_at, checked, ledger: beside })
}

/// Moves the current store (with its WAL and its audit head) aside under a
/// `replaced-` name and renames the staged copy into its place. The store must be
/// closed. Should the last rename fail, the current file is put back.
pub fn swap(data_dir: &Path, staged: &Staged, now: DateTime<Utc>) -> std::io::Result<Option<String>> {
    let current = db_path(data_dir);
    let name = format!("{REPLACED_PREFIX}{}.db", now.format("%Y%m%d-%H%M%S"));
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut sides = vec![(current.clone(), data_dir.join(&name))];
    for suffix in ["-wal", "-shm"] {
        sides.push((data_dir.join(format!("{DB_FILE}{suffix}")), data_dir.join(format!("{name}{suffix}"))));
    }
    sides.push((data_dir.join("audit-head"), data_dir.join(format!("{name}.audit-head"))));
    let result = (|| {
        for (from, to) in &sides {
            if from.exists() {
                std::fs::rename(from, to)?;
                moved.push((from.clone(), to.clone()));
            }
        }
        std::fs::rename(&staged.path, &current)?;
        crate::owner_only::restrict(&current)?;
        // A file from an older version may have been readable by others.
        if let Some((_, aside)) = moved.first().filter(|(from, _)| *from == current) {
            crate::owner_only::restrict(aside)?;
        }
        copy::sync_dir(data_dir)
    })();
    if let Err(e) = result {
        for (from, to) in moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
        return Err(e);
    }
    Ok(moved.iter().any(|(from, _)| *from == current).then_some(name))
}

/// The restored store's first entry, then the erasures made since the backup, again.
/// `restorer`: the administrator who restored, when one was signed in.
pub async fn finish(
    store: &Store,
    origin: Origin,
    restorer: Option<i64>,
    replaced: &Replaced,
    staged: &Staged,
    replaced_kept_as: Option<String>,
) -> AppResult<RestoreOutcome> {
    let backup_newest_at: Option<String> =
        sqlx::query_scalar("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(store.pool())
            .await?;
    let replacing = match &replaced.newest {
        Some(l) => format!("a store whose newest entry was #{} {}", l.seq, l.hash),
        None => {
            "no readable store (a new installation, or a store whose trail could not be read)".to_string()
        }
    };
    let mut summary = format!("restored from the backup of {}, replacing {replacing}", staged.taken_at);
    if let Some(name) = &replaced_kept_as {
        summary.push_str(&format!("; the replaced file is kept as {name}"));
    }
    let mut tx = store.begin_write().await?;
    tx.audit(origin.entry(AuditAction::BackupRestored, "store", None, summary)).await?;
    tx.commit().await?;
    let restore_entry = verify::live_newest(store.pool()).await?.map(|l| l.seq).unwrap_or_default();

    let all = ledger::merge([replaced.ledger.clone(), staged.ledger.clone()]);
    let (erased_again, not_erased_again) =
        erase_again(store, &origin, restorer, &all, backup_newest_at.as_deref()).await?;
    ledger::mirror(store, &[store.data_dir()]).await;
    Ok(RestoreOutcome {
        restored_from: staged.taken_at.clone(),
        replaced_kept_as,
        erased_again,
        not_erased_again,
        restore_entry,
    })
}

/// Repeats every erasure the restored store does not hold yet: a whole patient still
/// there with their details, or some kinds erased after the backup's newest entry.
async fn erase_again(
    store: &Store,
    origin: &Origin,
    restorer: Option<i64>,
    ledger: &[LedgerEntry],
    backup_newest_at: Option<&str>,
) -> AppResult<(i64, Vec<i64>)> {
    let mut again = 0i64;
    let mut failed = Vec::new();
    let mut done = std::collections::BTreeSet::new();
    for e in ledger {
        let state: Option<Option<String>> =
            sqlx::query_scalar("SELECT erased_at FROM patients WHERE id = ?1")
                .bind(e.patient_id)
                .fetch_optional(store.pool())
                .await?;
        // Registered after the backup: the patient is not in it at all.
        let Some(erased_at) = state else { continue };
        let kinds = e.record_kinds();
        let needed = match &kinds {
            None => erased_at.is_none(),
            Some(_) => erased_at.is_none() && backup_newest_at.is_none_or(|b| e.erased_at.as_str() >= b),
        };
        if !needed {
            continue;
        }
        let Some(staff_id) = erasing_staff(store, e.staff_id.or(restorer)).await? else {
            failed.push(e.patient_id);
            continue;
        };
        let actor = Actor { staff_id, roles: Vec::new(), workstation: origin.workstation.clone() };
        let mut tx = store.begin_write().await?;
        let today = crate::patients::clinic_today();
        match crate::retention::erase::erase_in(&mut tx, &actor, e.patient_id, kinds.as_deref(), None, today)
            .await
        {
            Ok(_) => {
                crate::retention::erase::compact(tx.conn()).await?;
                tx.commit().await?;
                if done.insert(e.patient_id) {
                    again += 1;
                }
            }
            // Already erased or anonymised by an earlier line of the ledger.
            Err(AppError::Conflict { .. }) => {}
            Err(_) => failed.push(e.patient_id),
        }
    }
    if again > 0 {
        crate::retention::erase::checkpoint(store).await?;
        tracing::info!(erased_again = again, "erasures made after the backup were made again");
    }
    failed.sort_unstable();
    failed.dedup();
    Ok((again, failed))
}

/// The erasure is recorded under the person who first made it when the restored store
/// knows them, else the administrator restoring, else the first account.
async fn erasing_staff(store: &Store, wanted: Option<i64>) -> AppResult<Option<i64>> {
    if let Some(id) = wanted {
        let known: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)")
            .bind(id)
            .fetch_one(store.pool())
            .await?;
        if known {
            return Ok(Some(id));
        }
    }
    Ok(sqlx::query_scalar("SELECT min(id) FROM staff").fetch_one(store.pool()).await?)
}

/// What a restore of `entry` would lose, from its manifest's counts against the live store.
pub async fn preview(
    store: &Store,
    entry: &super::BackupEntry,
    replaced: &Replaced,
) -> AppResult<RestorePreview> {
    let m = entry.manifest.as_ref().ok_or_else(|| {
        AppError::validation(
            "backup",
            "This copy has no manifest, so what it holds is not known; it cannot be restored from the list.",
        )
    })?;
    let backup = |t: &str| m.counts.get(t).copied().unwrap_or(0);
    let live = |t: &'static str| async move {
        let sql = format!("SELECT count(*) FROM {t}");
        // `t` is one of the constant table names below.
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await
    };
    let newest_live = replaced.newest.as_ref().map_or(0, |l| l.seq);
    let newest_backup = m.audit_newest.as_ref().map_or(0, |l| l.seq);
    // Times are to the second: an erasure in the second of the copy may be in it or not.
    let erasures_to_repeat = replaced.ledger.iter().filter(|e| e.erased_at >= m.taken_at).count() as i64;
    Ok(RestorePreview {
        folder: entry.folder.clone(),
        name: entry.name.clone(),
        taken_at: m.taken_at.clone(),
        size_bytes: entry.size_bytes,
        lost_audit_entries: (newest_live - newest_backup).max(0),
        lost_appointments: (live("appointments").await? - backup("appointments")).max(0),
        lost_notes: (live("notes").await? - backup("notes")).max(0),
        lost_patients: (live("patients").await? - backup("patients")).max(0),
        lost_invoices: (live("invoices").await? - backup("invoices")).max(0),
        erasures_to_repeat,
    })
}
