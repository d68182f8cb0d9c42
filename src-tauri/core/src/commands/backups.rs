use crate::app::Clinic;
use crate::backups::drill::DrillRecord;
use crate::backups::restore::{RestoreOutcome, RestorePreview};
use crate::backups::{BackupPolicy, BackupRun, BackupStatus};
use crate::error::AppResult;

commands! {
    pub async fn back_up_now(s: &Clinic, token: String) -> AppResult<BackupRun> {
        s.back_up_now(&token).await
    }

    pub async fn backup_status(s: &Clinic, token: String) -> AppResult<BackupStatus> {
        s.backup_status(&token).await
    }

    pub async fn set_backup_policy(
        s: &Clinic,
        token: String,
        req: BackupPolicy,
    ) -> AppResult<BackupPolicy> {
        s.set_backup_policy(&token, req).await
    }

    pub async fn test_restore(s: &Clinic, token: String) -> AppResult<DrillRecord> {
        s.test_restore(&token).await
    }

    pub async fn restore_preview(
        s: &Clinic,
        token: String,
        folder: String,
        name: String,
    ) -> AppResult<RestorePreview> {
        s.restore_preview(&token, &folder, &name).await
    }

    pub async fn restore_backup(
        s: &Clinic,
        token: String,
        folder: String,
        name: String,
    ) -> AppResult<RestoreOutcome> {
        s.restore_backup(&token, &folder, &name).await
    }

    pub async fn backup_reach(s: &Clinic, token: String) -> AppResult<crate::backups::BackupReach> {
        s.backup_reach(&token).await
    }
}
