use tauri::State;

use crate::app::Clinic;
use crate::backups::drill::DrillRecord;
use crate::backups::restore::{RestoreOutcome, RestorePreview};
use crate::backups::{BackupPolicy, BackupRun, BackupStatus};
use crate::error::AppResult;

#[tauri::command]
pub async fn back_up_now(s: State<'_, Clinic>, token: String) -> AppResult<BackupRun> {
    s.back_up_now(&token).await
}

#[tauri::command]
pub async fn backup_status(s: State<'_, Clinic>, token: String) -> AppResult<BackupStatus> {
    s.backup_status(&token).await
}

#[tauri::command]
pub async fn set_backup_policy(
    s: State<'_, Clinic>,
    token: String,
    req: BackupPolicy,
) -> AppResult<BackupPolicy> {
    s.set_backup_policy(&token, req).await
}

#[tauri::command]
pub async fn test_restore(s: State<'_, Clinic>, token: String) -> AppResult<DrillRecord> {
    s.test_restore(&token).await
}

#[tauri::command]
pub async fn restore_preview(
    s: State<'_, Clinic>,
    token: String,
    folder: String,
    name: String,
) -> AppResult<RestorePreview> {
    s.restore_preview(&token, &folder, &name).await
}

#[tauri::command]
pub async fn restore_backup(
    s: State<'_, Clinic>,
    token: String,
    folder: String,
    name: String,
) -> AppResult<RestoreOutcome> {
    s.restore_backup(&token, &folder, &name).await
}

#[tauri::command]
pub async fn backup_reach(s: State<'_, Clinic>, token: String) -> AppResult<crate::backups::BackupReach> {
    s.backup_reach(&token).await
}
