use tauri::State;

use crate::app::Clinic;
use crate::auth::{Me, SignInOutcome, SignedIn};
use crate::error::AppResult;
use crate::staff::Language;

#[tauri::command]
pub async fn sign_in(s: State<'_, Clinic>, username: String, password: String) -> AppResult<SignInOutcome> {
    s.sign_in(&username, &password).await
}

#[tauri::command]
pub async fn choose_password(
    s: State<'_, Clinic>,
    username: String,
    code: String,
    new_password: String,
) -> AppResult<SignedIn> {
    s.choose_password(&username, &code, &new_password).await
}

#[tauri::command]
pub async fn sign_out(s: State<'_, Clinic>, token: String) -> AppResult<()> {
    s.sign_out(&token).await
}

#[tauri::command]
pub async fn lock_session(s: State<'_, Clinic>, token: String) -> AppResult<()> {
    s.lock(&token).await
}

#[tauri::command]
pub async fn unlock_session(s: State<'_, Clinic>, token: String, password: String) -> AppResult<SignedIn> {
    s.unlock(&token, &password).await
}

/// The window reports that the person pressed a key or clicked (at most every few
/// seconds); nothing else keeps a session from locking when idle.
#[tauri::command]
pub async fn note_activity(s: State<'_, Clinic>, token: String) -> AppResult<()> {
    s.note_activity(&token).await
}

#[tauri::command]
pub async fn set_my_language(s: State<'_, Clinic>, token: String, language: Language) -> AppResult<Me> {
    s.set_my_language(&token, language).await
}
