use tauri::State;

use crate::app::Clinic;
use crate::error::AppResult;
use crate::staff::{self, NewStaff, StaffMember, StaffUpdate};

#[tauri::command]
pub async fn list_staff(s: State<'_, Clinic>, token: String) -> AppResult<Vec<StaffMember>> {
    let (store, actor) = s.authorize(&token).await?;
    staff::list(&store, &actor).await
}

#[tauri::command]
pub async fn create_staff(s: State<'_, Clinic>, token: String, req: NewStaff) -> AppResult<StaffMember> {
    let (store, actor) = s.authorize(&token).await?;
    staff::create(&store, &actor, req).await
}

#[tauri::command]
pub async fn update_staff(s: State<'_, Clinic>, token: String, req: StaffUpdate) -> AppResult<StaffMember> {
    let (store, actor) = s.authorize(&token).await?;
    staff::update(&store, s.sessions(), &actor, req).await
}

#[tauri::command]
pub async fn set_staff_active(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    active: bool,
) -> AppResult<StaffMember> {
    let (store, actor) = s.authorize(&token).await?;
    staff::set_active(&store, s.sessions(), &actor, id, active).await
}

#[tauri::command]
pub async fn reset_staff_password(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    password: String,
) -> AppResult<()> {
    let (store, actor) = s.authorize(&token).await?;
    staff::reset_password(&store, s.sessions(), &actor, id, password).await
}
