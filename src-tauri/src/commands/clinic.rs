use tauri::State;

use crate::app::Clinic;
use crate::clinic::{self, ClinicProfile, ClinicProfileInput, ClinicSettings};
use crate::error::AppResult;

#[tauri::command]
pub async fn get_clinic_profile(s: State<'_, Clinic>, token: String) -> AppResult<ClinicProfile> {
    let (store, actor) = s.authorize(&token).await?;
    clinic::get_profile(&store, &actor).await
}

#[tauri::command]
pub async fn update_clinic_profile(
    s: State<'_, Clinic>,
    token: String,
    req: ClinicProfileInput,
) -> AppResult<ClinicProfile> {
    let (store, actor) = s.authorize(&token).await?;
    clinic::update_profile(&store, &actor, req).await
}

#[tauri::command]
pub async fn get_settings(s: State<'_, Clinic>, token: String) -> AppResult<ClinicSettings> {
    let (store, actor) = s.authorize(&token).await?;
    clinic::get_settings(&store, &actor).await
}

#[tauri::command]
pub async fn update_settings(
    s: State<'_, Clinic>,
    token: String,
    req: ClinicSettings,
) -> AppResult<ClinicSettings> {
    s.update_settings(&token, req).await
}
