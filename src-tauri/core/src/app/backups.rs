//! Backups behind a session (administrator), on a schedule, and at closing.

use chrono::{DateTime, Duration, Utc};

use super::Clinic;
use crate::backups::{self, BackupPolicy, BackupRun, BackupStatus};
use crate::error::AppResult;

impl Clinic {
    pub async fn back_up_now(&self, token: &str) -> AppResult<BackupRun> {
        let (store, actor) = self.authorize(token).await?;
        backups::back_up_now(&store, &actor, Utc::now()).await
    }

    pub async fn backup_status(&self, token: &str) -> AppResult<BackupStatus> {
        let (store, actor) = self.authorize(token).await?;
        backups::status(&store, &actor).await
    }

    pub async fn set_backup_policy(&self, token: &str, p: BackupPolicy) -> AppResult<BackupPolicy> {
        let (store, actor) = self.authorize(token).await?;
        backups::set_policy(&store, &actor, p).await
    }

    /// How long backups keep what is erased (retention screen).
    pub async fn backup_reach(&self, token: &str) -> AppResult<backups::BackupReach> {
        let (store, actor) = self.authorize(token).await?;
        backups::reach(&store, &actor, crate::patients::clinic_today()).await
    }

    /// The test restore (administrator).
    pub async fn test_restore(&self, token: &str) -> AppResult<backups::drill::DrillRecord> {
        let (store, actor) = self.authorize(token).await?;
        backups::drill::run(&store, &actor, Utc::now()).await
    }

    /// Called every few minutes while the app runs: takes a backup when the newest copy
    /// in the data folder is `every_hours` old or more (so the hours counted are hours
    /// the app was open, and a start after a long pause backs up at once). Returns the
    /// run when one was due.
    pub async fn back_up_if_due(&self, now: DateTime<Utc>) -> Option<BackupRun> {
        let store = self.store().await.ok()?;
        let p = backups::policy(&store).await.ok()?;
        let newest = backups::rotation::items_in(&crate::store::backup::backups_dir(&self.data_dir))
            .into_iter()
            .filter(|it| it.tiered)
            .map(|it| it.taken_at)
            .max();
        let due = newest.is_none_or(|t| now - t >= Duration::hours(i64::from(p.every_hours)));
        if !due {
            return None;
        }
        backups::scheduled(&store, &self.workstation, "auto", now).await.ok()
    }

    /// A last copy as the app closes (before the store is closed).
    pub async fn back_up_at_close(&self) {
        if let Ok(store) = self.store().await {
            let _ = backups::scheduled(&store, &self.workstation, "closing", Utc::now()).await;
        }
    }
}
