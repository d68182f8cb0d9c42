use tauri::State;

use crate::app::Clinic;
use crate::audit::{AuditFilter, AuditPage, VerifyReport};
use crate::error::AppResult;

#[tauri::command]
pub async fn list_audit(s: State<'_, Clinic>, token: String, filter: AuditFilter) -> AppResult<AuditPage> {
    s.list_audit(&token, filter).await
}

#[tauri::command]
pub async fn verify_audit(s: State<'_, Clinic>, token: String) -> AppResult<VerifyReport> {
    s.verify_audit(&token).await
}
