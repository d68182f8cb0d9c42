//! Backups: encrypted, verified copies of the store in up to three folders, rotated so
//! nothing outlives the longest time the clinic states (policy 5 and 8).
//!
//! A run: for each destination, check it can take a copy (a plain sentence when not, and
//! the others go on); the first that can gets a `VACUUM INTO` copy written under a
//! temporary name, flushed and renamed when whole, then checked ([`verify`]) against the
//! live audit chain; the others get the verified file's bytes, checked by SHA-256. Each
//! copy has a manifest beside it. A copy that fails its check is renamed `failed-…` and
//! reported, never listed as good. Then each folder is rotated ([`rotation`]).

pub mod copy;
pub mod destinations;
pub mod drill;
pub mod ledger;
pub mod manifest;
pub mod restore;
pub mod rotation;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
pub use destinations::DestinationReport;
pub use manifest::{CheckResult, Manifest};

pub const MAX_EXTRA_FOLDERS: usize = 2;
const POLICY_KEY: &str = "backup_policy";

/// The clinic's backup settings (kept as one JSON value in `settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BackupPolicy {
    /// A backup every this many hours while the app is open.
    pub every_hours: u32,
    /// Up to two folders besides the data folder's own `backups/`: full paths.
    pub extra_folders: Vec<String>,
    pub keep_all_hours: u32,
    pub daily_days: u32,
    pub weekly_weeks: u32,
    pub monthly_months: u32,
    /// The longest any copy is kept: an erased patient is gone from every backup by then.
    pub max_age_days: u32,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            every_hours: 4,
            extra_folders: Vec::new(),
            keep_all_hours: 48,
            daily_days: 30,
            weekly_weeks: 12,
            monthly_months: 12,
            max_age_days: 365,
        }
    }
}

pub async fn policy(store: &Store) -> AppResult<BackupPolicy> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1")
        .bind(POLICY_KEY)
        .fetch_optional(store.pool())
        .await?;
    Ok(v.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// Saves the backup settings (administrator), audited with the numbers only.
pub async fn set_policy(store: &Store, actor: &Actor, p: BackupPolicy) -> AppResult<BackupPolicy> {
    actor.require(Permission::EditClinicSettings)?;
    if p.extra_folders.len() > MAX_EXTRA_FOLDERS {
        return Err(AppError::validation("extra_folders", "Choose at most two backup folders."));
    }
    let mut folders = Vec::new();
    for f in &p.extra_folders {
        let f = crate::validate::text("extra_folders", "The backup folder", f, 1000)?;
        if !Path::new(&f).is_absolute() {
            return Err(AppError::validation(
                "extra_folders",
                "Give the backup folder's full path, for example /media/usb/clinic-backups.",
            ));
        }
        folders.push(f);
    }
    let checks: [(&str, u32, std::ops::RangeInclusive<u32>); 6] = [
        ("every_hours", p.every_hours, 1..=24),
        ("keep_all_hours", p.keep_all_hours, 0..=24 * 14),
        ("daily_days", p.daily_days, 0..=366),
        ("weekly_weeks", p.weekly_weeks, 0..=104),
        ("monthly_months", p.monthly_months, 0..=120),
        ("max_age_days", p.max_age_days, 1..=3660),
    ];
    for (field, v, range) in checks {
        if !range.contains(&v) {
            return Err(AppError::validation(
                field,
                format!("Enter a number from {} to {}.", range.start(), range.end()),
            ));
        }
    }
    let p = BackupPolicy { extra_folders: folders, ..p };
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(POLICY_KEY)
    .bind(serde_json::to_string(&p).map_err(|_| AppError::internal("settings"))?)
    .execute(tx.conn())
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "settings",
        Some(POLICY_KEY.into()),
        format!(
            "every {}h, {} extra folders, keep {}h/{}d/{}w/{}m, at most {} days",
            p.every_hours,
            p.extra_folders.len(),
            p.keep_all_hours,
            p.daily_days,
            p.weekly_weeks,
            p.monthly_months,
            p.max_age_days
        ),
    ))
    .await?;
    tx.commit().await?;
    Ok(p)
}

/// The day by which every backup made before `today` is overwritten (policy 8).
pub async fn gone_by(store: &Store, today: chrono::NaiveDate) -> AppResult<chrono::NaiveDate> {
    let p = policy(store).await?;
    Ok(today + chrono::Duration::days(i64::from(p.max_age_days)))
}

/// How long backups keep what is erased, for the retention screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupReach {
    pub max_age_days: u32,
    /// A patient erased today is in no backup after this day.
    #[ts(type = "string")]
    pub erased_today_gone_by: chrono::NaiveDate,
}

/// For those who erase records or set the rules, and the administrator.
pub async fn reach(store: &Store, actor: &Actor, today: chrono::NaiveDate) -> AppResult<BackupReach> {
    if !actor.may(Permission::EraseRecords) && !actor.may(Permission::EditRetentionRules) {
        actor.require(Permission::ManageBackups)?;
    }
    let p = policy(store).await?;
    Ok(BackupReach { max_age_days: p.max_age_days, erased_today_gone_by: gone_by(store, today).await? })
}

/// What a run did, per destination.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupRun {
    pub taken_at: String,
    /// Whether at least one verified copy was written.
    pub verified: bool,
    pub destinations: Vec<DestinationReport>,
    /// Copies the rotation overwrote and deleted.
    #[ts(type = "number")]
    pub deleted: u64,
}

/// Takes a backup now into every destination and rotates them. Never fails as a whole:
/// each destination's problem is in its report.
pub async fn run(store: &Store, p: &BackupPolicy, label: &str, now: DateTime<Utc>) -> BackupRun {
    let data_dir = store.data_dir().to_path_buf();
    let dests = destinations::all(&data_dir, &p.extra_folders);
    let db = crate::store::db_path(&data_dir);
    let need = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let name = format!("clinic-{}-{label}.db", now.format("%Y%m%d-%H%M%S"));
    let mut reports = Vec::new();
    let mut source: Option<(PathBuf, Manifest)> = None;
    let mut deleted = 0u64;
    for d in &dests {
        let mut report = DestinationReport { folder: d.label.clone(), written: None, problem: None };
        if let Err(problem) = destinations::check(d, &data_dir, need) {
            tracing::warn!(primary = d.primary, "a backup destination cannot take a copy");
            report.problem = Some(problem);
            reports.push(report);
            continue;
        }
        remove_partials(&d.dir);
        rotation::finish_retired(&d.dir);
        let outcome = match &source {
            None => fresh_copy(store, &d.dir, &name, now).await,
            Some((from, m)) => copy_of(from, m, &d.dir, &name).await,
        };
        match outcome {
            Ok((path, m)) => {
                report.written = Some(name.clone());
                if source.is_none() {
                    source = Some((path, m));
                }
            }
            Err(problem) => report.problem = Some(problem.replace("{folder}", &d.label)),
        }
        match rotation::rotate(&d.dir, now, p) {
            Ok(gone) => deleted += gone.len() as u64,
            Err(_) => {
                report.problem.get_or_insert_with(|| {
                    format!("Old copies in {} could not be deleted; they will be tried again.", d.label)
                });
            }
        }
        reports.push(report);
    }
    // Damaged stores, and stores replaced by a restore, fall under the same rotation.
    rotation::finish_retired(&data_dir);
    for prefix in ["damaged-", restore::REPLACED_PREFIX] {
        if let Ok(gone) = rotation::rotate_prefixed(&data_dir, now, p, prefix) {
            deleted += gone.len() as u64;
        }
    }
    // Every folder of backups carries the erasure ledger, for a restore on a new PC.
    let mut ledger_dirs: Vec<&Path> = vec![&data_dir];
    for (d, r) in dests.iter().zip(&reports) {
        if r.written.is_some() {
            ledger_dirs.push(&d.dir);
        }
    }
    ledger::mirror(store, &ledger_dirs).await;
    let verified = source.is_some();
    if verified {
        tracing::info!(deleted, "backup written and verified");
    } else {
        tracing::error!("no verified backup could be written");
    }
    BackupRun { taken_at: crate::clock::utc_text(now), verified, destinations: reports, deleted }
}

/// A `.…partial` file is what a copy interrupted by a crash or a kill left behind.
fn remove_partials(dir: &Path) {
    for it in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let n = it.file_name().to_string_lossy().into_owned();
        if n.starts_with('.') && n.ends_with(".partial") {
            let _ = rotation::shred(&it.path());
        }
    }
}

async fn fresh_copy(
    store: &Store,
    dir: &Path,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(PathBuf, Manifest), String> {
    let before = verify::live_newest(store.pool())
        .await
        .map_err(|_| "The live store could not be read.".to_string())?;
    let path = copy::write_atomically(dir, name, |tmp| async move { copy::vacuum_into(store, &tmp).await })
        .await
        .map_err(|e| destinations::write_problem("{folder}", &e))?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let sha256 = manifest::sha256_file(&path).unwrap_or_default();
    let mut checked = verify::check_copy(&path, store.key(), None).await;
    // The copy must end where the live chain stood while it was taken: at or after the
    // newest entry before the copy began, and equal to the live entry of that number.
    if let Ok(c) = &checked {
        let fits = match (&before, &c.audit_newest) {
            (None, _) => true,
            (Some(b), Some(n)) if n.seq >= b.seq => {
                verify::live_link(store.pool(), n.seq).await.ok().flatten().as_ref() == Some(n)
            }
            _ => false,
        };
        if !fits {
            checked =
                Err("The backup's audit trail does not match the live one at the moment of the copy.".into());
        }
    }
    let mut m = Manifest {
        file: name.to_string(),
        taken_at: crate::clock::utc_text(now),
        size_bytes: size,
        sha256,
        schema_version: None,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        method: "vacuum_into".into(),
        audit_newest: None,
        counts: Default::default(),
        result: CheckResult::Verified,
        problem: None,
    };
    match checked {
        Ok(c) => {
            m.schema_version = c.schema_version;
            m.audit_newest = c.audit_newest;
            m.counts = c.counts;
            manifest::write(&path, &m).await.map_err(|e| destinations::write_problem("{folder}", &e))?;
            Ok((path, m))
        }
        Err(problem) => Err(set_aside(&path, m, problem).await),
    }
}

async fn copy_of(
    from: &Path,
    source: &Manifest,
    dir: &Path,
    name: &str,
) -> Result<(PathBuf, Manifest), String> {
    let src = from.to_path_buf();
    let path = copy::write_atomically(dir, name, |tmp| async move { copy::copy_file(&src, &tmp).await })
        .await
        .map_err(|e| destinations::write_problem("{folder}", &e))?;
    let mut m = source.clone();
    m.method = format!("copy_of:{}", source.file);
    if manifest::sha256_file(&path).ok().as_deref() != Some(source.sha256.as_str()) {
        return Err(set_aside(
            &path,
            m,
            "The copy's bytes differ from the verified backup they were copied from.".into(),
        )
        .await);
    }
    manifest::write(&path, &m).await.map_err(|e| destinations::write_problem("{folder}", &e))?;
    Ok((path, m))
}

/// Renames a copy that failed its check to `failed-…`, with a manifest saying why.
async fn set_aside(path: &Path, mut m: Manifest, problem: String) -> String {
    tracing::error!("a backup copy failed its check and was set aside");
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let aside = path.with_file_name(format!("failed-{name}"));
    let _ = std::fs::rename(path, &aside);
    m.result = CheckResult::Failed;
    m.problem = Some(problem.clone());
    let _ = manifest::write(&aside, &m).await;
    format!("The copy in {{folder}} failed its check and was set aside as failed-{name}: {problem}")
}

/// One backup as listed for the administrator.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupEntry {
    pub folder: String,
    pub name: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub taken_at: String,
    /// Verified: its check passed and the file is still the size its manifest says.
    pub verified: bool,
    /// Why it is not verified (failed check, no manifest, changed since).
    pub problem: Option<String>,
    pub manifest: Option<Manifest>,
}

/// Every copy in every destination, newest first; partial files never appear.
pub fn list(data_dir: &Path, extra: &[String]) -> Vec<BackupEntry> {
    let mut out = Vec::new();
    for d in destinations::all(data_dir, extra) {
        for it in rotation::items_in(&d.dir) {
            let name = it.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let size = std::fs::metadata(&it.path).map(|m| m.len()).unwrap_or(0);
            let m = manifest::read(&it.path);
            let (verified, problem) = match &m {
                None => {
                    (false, Some("Not checked: written before checks existed (no manifest).".to_string()))
                }
                Some(m) if m.result == CheckResult::Failed => (false, m.problem.clone()),
                Some(m) if m.size_bytes != size => {
                    (false, Some("The file does not match its manifest.".to_string()))
                }
                Some(_) if !it.tiered => (false, Some("Set aside after a failed check.".to_string())),
                Some(_) => (true, None),
            };
            out.push(BackupEntry {
                folder: d.label.clone(),
                name,
                size_bytes: size,
                taken_at: crate::clock::utc_text(it.taken_at),
                verified,
                problem,
                manifest: m,
            });
        }
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(a.folder.cmp(&b.folder)));
    out
}

/// The listed copy `name` in `folder` (a destination's label), and its path.
pub fn locate(data_dir: &Path, extra: &[String], folder: &str, name: &str) -> Option<(BackupEntry, PathBuf)> {
    let dest = destinations::all(data_dir, extra).into_iter().find(|d| d.label == folder)?;
    let entry = list(data_dir, extra).into_iter().find(|b| b.folder == folder && b.name == name)?;
    Some((entry, dest.dir.join(name)))
}

/// Checks a backup file on its own (the command line's `verify-backup`): its manifest,
/// when there is one beside it, must match the bytes; then every check of a fresh copy.
pub async fn verify_file(path: &Path, key: &crate::store::key::DbKey) -> Result<verify::Checked, String> {
    let m = manifest::read(path);
    if let Some(m) = &m {
        manifest::matches_file(path, m)?;
        if m.result == CheckResult::Failed {
            return Err(format!(
                "This copy failed its check when it was written: {}",
                m.problem.clone().unwrap_or_default()
            ));
        }
    }
    verify::check_copy(path, key, m.as_ref().and_then(|m| m.audit_newest.as_ref())).await
}

/// The administrator's view: the newest verified copy and each destination's problem now.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    pub newest_verified_at: Option<String>,
    /// No verified backup for more than 26 hours: shown in red.
    pub backup_overdue: bool,
    pub drill: drill::DrillRecord,
    /// No test restore passed for more than 35 days: shown in red.
    pub drill_overdue: bool,
    pub destinations: Vec<DestinationReport>,
    pub policy: BackupPolicy,
    pub backups: Vec<BackupEntry>,
}

pub async fn status(store: &Store, actor: &Actor) -> AppResult<BackupStatus> {
    actor.require(Permission::ManageBackups)?;
    let p = policy(store).await?;
    let data_dir = store.data_dir();
    let need = std::fs::metadata(crate::store::db_path(data_dir)).map(|m| m.len()).unwrap_or(0);
    let destinations = destinations::all(data_dir, &p.extra_folders)
        .iter()
        .map(|d| DestinationReport {
            folder: d.label.clone(),
            written: None,
            problem: destinations::check(d, data_dir, need).err(),
        })
        .collect();
    let backups = list(data_dir, &p.extra_folders);
    let newest_verified_at = backups.iter().find(|b| b.verified).map(|b| b.taken_at.clone());
    let drill = drill::record(store).await?;
    let (backup_overdue, drill_overdue) = drill::overdue(newest_verified_at.as_deref(), &drill, Utc::now());
    Ok(BackupStatus {
        newest_verified_at,
        backup_overdue,
        drill,
        drill_overdue,
        destinations,
        policy: p,
        backups,
    })
}

/// "Back up now" (administrator), audited with the outcome's numbers.
pub async fn back_up_now(store: &Store, actor: &Actor, now: DateTime<Utc>) -> AppResult<BackupRun> {
    actor.require(Permission::ManageBackups)?;
    let p = policy(store).await?;
    let r = run(store, &p, "manual", now).await;
    audit_run(store, Some(actor), &r).await?;
    Ok(r)
}

/// A backup nobody asked for (every N hours, at the last sign-out, at closing).
pub async fn scheduled(
    store: &Store,
    workstation: &str,
    label: &str,
    now: DateTime<Utc>,
) -> AppResult<BackupRun> {
    let p = policy(store).await?;
    let r = run(store, &p, label, now).await;
    let origin = crate::audit::Origin { staff_id: None, workstation: workstation.to_string() };
    let mut tx = store.begin_write().await?;
    tx.audit(origin.entry(AuditAction::Backup, "backup", None, summary(&r))).await?;
    tx.commit().await?;
    Ok(r)
}

fn summary(r: &BackupRun) -> String {
    let ok = r.destinations.iter().filter(|d| d.written.is_some()).count();
    format!(
        "{} of {} folders, verified {}, {} old copies deleted",
        ok,
        r.destinations.len(),
        r.verified,
        r.deleted
    )
}

async fn audit_run(store: &Store, actor: Option<&Actor>, r: &BackupRun) -> AppResult<()> {
    let Some(actor) = actor else { return Ok(()) };
    let mut tx = store.begin_write().await?;
    tx.audit(actor.origin().entry(AuditAction::Backup, "backup", None, summary(r))).await?;
    tx.commit().await?;
    Ok(())
}
