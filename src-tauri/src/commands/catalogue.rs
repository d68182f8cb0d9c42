use tauri::State;

use crate::app::Clinic;
use crate::catalogue::{self, HoursInput, Room, Service, ServiceInput, TimeOff, TimeOffInput, WorkingHours};
use crate::error::AppResult;

#[tauri::command]
pub async fn list_services(s: State<'_, Clinic>, token: String) -> AppResult<Vec<Service>> {
    let (store, _) = s.authorize(&token).await?;
    catalogue::services(&store).await
}

#[tauri::command]
pub async fn save_service(
    s: State<'_, Clinic>,
    token: String,
    id: Option<i64>,
    req: ServiceInput,
) -> AppResult<Service> {
    let (store, actor) = s.authorize(&token).await?;
    catalogue::save_service(&store, &actor, id, req).await
}

#[tauri::command]
pub async fn list_rooms(s: State<'_, Clinic>, token: String) -> AppResult<Vec<Room>> {
    let (store, _) = s.authorize(&token).await?;
    catalogue::rooms(&store).await
}

#[tauri::command]
pub async fn save_room(
    s: State<'_, Clinic>,
    token: String,
    id: Option<i64>,
    name: String,
    active: bool,
) -> AppResult<Room> {
    let (store, actor) = s.authorize(&token).await?;
    catalogue::save_room(&store, &actor, id, &name, active).await
}

#[tauri::command]
pub async fn get_working_hours(s: State<'_, Clinic>, token: String, id: i64) -> AppResult<Vec<WorkingHours>> {
    let (store, _) = s.authorize(&token).await?;
    catalogue::weekly_hours(&store, id).await
}

#[tauri::command]
pub async fn set_working_hours(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    hours: Vec<HoursInput>,
) -> AppResult<Vec<WorkingHours>> {
    let (store, actor) = s.authorize(&token).await?;
    catalogue::set_weekly_hours(&store, &actor, id, hours).await
}

#[tauri::command]
pub async fn list_time_off(s: State<'_, Clinic>, token: String, id: i64) -> AppResult<Vec<TimeOff>> {
    let (store, actor) = s.authorize(&token).await?;
    catalogue::time_off(&store, &actor, id).await
}

#[tauri::command]
pub async fn add_time_off(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    req: TimeOffInput,
) -> AppResult<Vec<TimeOff>> {
    let (store, actor) = s.authorize(&token).await?;
    catalogue::add_time_off(&store, &actor, id, req).await
}
