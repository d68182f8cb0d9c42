//! The test restore ("drill"): the newest verified backup is restored into a scratch
//! folder, checked as a real restore checks it, and shredded. The administrator's home
//! screen shows when it last passed, in red when that is too long ago.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{list, policy, restore};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

const KEY: &str = "backup_drill";
/// Red on the home screen after this long without a verified backup…
pub const BACKUP_DUE_HOURS: i64 = 26;
/// …or without a test restore that passed.
pub const DRILL_DUE_DAYS: i64 = 35;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DrillRecord {
    /// When the last test restore ran, and what it found.
    pub last_at: Option<String>,
    pub last_ok: bool,
    pub last_backup: Option<String>,
    pub last_problem: Option<String>,
    /// When a test restore last passed.
    pub last_passed_at: Option<String>,
}

pub async fn record(store: &Store) -> AppResult<DrillRecord> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1")
        .bind(KEY)
        .fetch_optional(store.pool())
        .await?;
    Ok(v.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// Runs the test restore (administrator); the outcome is kept and audited either way.
pub async fn run(store: &Store, actor: &Actor, now: DateTime<Utc>) -> AppResult<DrillRecord> {
    actor.require(Permission::ManageBackups)?;
    let p = policy(store).await?;
    let data_dir = store.data_dir();
    let newest = list(data_dir, &p.extra_folders).into_iter().find(|b| b.verified);
    let outcome: Result<String, String> = match &newest {
        None => Err("There is no verified backup to test: make one with “Back up now” first.".into()),
        Some(b) => {
            let (_, path) = super::locate(data_dir, &p.extra_folders, &b.folder, &b.name)
                .ok_or_else(|| AppError::not_found("The newest backup is no longer there."))?;
            let scratch = data_dir.join(format!(".test-restore-{}", now.format("%Y%m%d-%H%M%S")));
            crate::owner_only::create_dir_all(&scratch)?;
            let staged = restore::stage(&scratch, store.key(), &path, now).await;
            let result = match staged {
                Ok(s) => {
                    s.discard();
                    Ok(b.name.clone())
                }
                Err(e) => Err(e.to_string()),
            };
            let _ = std::fs::remove_dir_all(&scratch);
            result
        }
    };
    let mut r = record(store).await?;
    r.last_at = Some(crate::clock::utc_text(now));
    r.last_backup = newest.map(|b| b.name);
    match &outcome {
        Ok(_) => {
            r.last_ok = true;
            r.last_problem = None;
            r.last_passed_at = r.last_at.clone();
        }
        Err(problem) => {
            r.last_ok = false;
            r.last_problem = Some(problem.clone());
        }
    }
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(KEY)
    .bind(serde_json::to_string(&r).map_err(|_| AppError::internal("settings"))?)
    .execute(tx.conn())
    .await?;
    let summary = match &outcome {
        Ok(name) => format!("test restore of {name}: passed"),
        Err(_) => "test restore: failed".to_string(),
    };
    tx.audit(actor.origin().entry(AuditAction::Backup, "backup", None, summary)).await?;
    tx.commit().await?;
    Ok(r)
}

/// Whether the home screen shows the backup or the drill in red at `now`.
pub fn overdue(newest_verified_at: Option<&str>, r: &DrillRecord, now: DateTime<Utc>) -> (bool, bool) {
    let older = |at: Option<&str>, limit: Duration| {
        at.and_then(|t| crate::clock::parse_utc(t).ok()).is_none_or(|t| now - t > limit)
    };
    (
        older(newest_verified_at, Duration::hours(BACKUP_DUE_HOURS)),
        older(r.last_passed_at.as_deref(), Duration::days(DRILL_DUE_DAYS)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_after_26_hours_without_a_backup_and_35_days_without_a_drill() {
        let now = crate::clock::parse_utc("2026-12-03T12:00:00Z").unwrap();
        let r = |at: &str| DrillRecord { last_passed_at: Some(at.into()), ..Default::default() };
        assert_eq!(overdue(Some("2026-12-02T10:00:01Z"), &r("2026-10-29T12:00:00Z"), now), (false, false));
        assert_eq!(overdue(Some("2026-12-02T09:59:59Z"), &r("2026-10-29T11:59:59Z"), now), (true, true));
        assert_eq!(overdue(None, &DrillRecord::default(), now), (true, true));
    }
}
