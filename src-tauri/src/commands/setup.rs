use tauri::State;

use crate::app::{AppStatus, Clinic, ClinicSetup, RecoveryKeyOffer};
use crate::error::AppResult;

#[tauri::command]
pub async fn app_status(s: State<'_, Clinic>) -> AppResult<AppStatus> {
    s.status().await
}

#[tauri::command]
pub async fn begin_setup(s: State<'_, Clinic>) -> AppResult<RecoveryKeyOffer> {
    s.begin_setup().await
}

#[tauri::command]
pub async fn confirm_recovery_key(s: State<'_, Clinic>, groups: Vec<String>) -> AppResult<AppStatus> {
    s.confirm_recovery_key(groups).await
}

#[tauri::command]
pub async fn complete_setup(s: State<'_, Clinic>, req: ClinicSetup) -> AppResult<AppStatus> {
    s.complete_setup(req).await
}

#[tauri::command]
pub async fn recover_with_key(s: State<'_, Clinic>, recovery_key: String) -> AppResult<AppStatus> {
    s.recover_with_key(&recovery_key).await
}

/// Without a session: only when the store does not open, or on a new PC (the recovery
/// key is the authority then).
#[tauri::command]
pub async fn restore_with_recovery_key(
    s: State<'_, Clinic>,
    file: String,
    recovery_key: String,
) -> AppResult<crate::backups::restore::RestoreOutcome> {
    s.restore_with_recovery_key(&file, &recovery_key).await
}
