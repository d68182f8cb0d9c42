use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::scheduling::{
    self, Appointment, AppointmentEvent, BookingInput, CancelInput, FreeSlot, OccurrenceChoice,
    OccurrencePreview, Practitioner, RangeFilter, RescheduleInput, SeriesInput, SlotCheck, SlotQuery, Status,
};

#[tauri::command]
pub async fn list_practitioners(s: State<'_, Clinic>, token: String) -> AppResult<Vec<Practitioner>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::practitioners(&store, &actor).await
}

#[tauri::command]
pub async fn appointments_on_day(
    s: State<'_, Clinic>,
    token: String,
    date: String,
) -> AppResult<Vec<Appointment>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::day(&store, &actor, &date).await
}

#[tauri::command]
pub async fn appointments_between(
    s: State<'_, Clinic>,
    token: String,
    from: String,
    to: String,
    filter: RangeFilter,
) -> AppResult<Vec<Appointment>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::range(&store, &actor, &from, &to, filter).await
}

#[tauri::command]
pub async fn get_appointment(s: State<'_, Clinic>, token: String, id: i64) -> AppResult<Appointment> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::get(&store, &actor, id).await
}

#[tauri::command]
pub async fn appointment_history(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
) -> AppResult<Vec<AppointmentEvent>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::history(&store, &actor, id).await
}

#[tauri::command]
pub async fn check_slot(
    s: State<'_, Clinic>,
    token: String,
    req: BookingInput,
    ignore: Option<i64>,
) -> AppResult<SlotCheck> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::check_slot(&store, &actor, req, ignore).await
}

#[tauri::command]
pub async fn find_free_slots(
    s: State<'_, Clinic>,
    token: String,
    req: SlotQuery,
) -> AppResult<Vec<FreeSlot>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::free_slots(&store, &actor, req).await
}

#[tauri::command]
pub async fn book_appointment(
    s: State<'_, Clinic>,
    token: String,
    req: BookingInput,
) -> AppResult<Appointment> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::book(&store, &actor, req).await
}

#[tauri::command]
pub async fn preview_series(
    s: State<'_, Clinic>,
    token: String,
    req: SeriesInput,
) -> AppResult<Vec<OccurrencePreview>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::preview_series(&store, &actor, req).await
}

#[tauri::command]
pub async fn book_series(
    s: State<'_, Clinic>,
    token: String,
    req: SeriesInput,
    choices: Vec<OccurrenceChoice>,
) -> AppResult<Vec<Appointment>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::book_series(&store, &actor, req, choices).await
}

#[tauri::command]
pub async fn set_appointment_status(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    status: Status,
) -> AppResult<Appointment> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::set_status(&store, &actor, id, status).await
}

#[tauri::command]
pub async fn cancel_appointment(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    req: CancelInput,
) -> AppResult<Vec<Appointment>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::cancel(&store, &actor, id, req).await
}

#[tauri::command]
pub async fn reschedule_appointment(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    req: RescheduleInput,
) -> AppResult<Vec<Appointment>> {
    let (store, actor) = s.authorize(&token).await?;
    scheduling::reschedule(&store, &actor, id, req).await
}

/// Saves the slip in the Downloads folder; returns the file's path.
#[tauri::command]
pub async fn print_slip(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    id: i64,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = scheduling::slip(&store, &actor, id).await?;
    d.save(&f.name, &f.bytes)
}

/// Saves the practitioner's diary as .ics in the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_practitioner_ics(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    practitioner_id: i64,
    from: String,
    to: String,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = scheduling::diary_ics(&store, &actor, practitioner_id, &from, &to).await?;
    d.save(&f.name, &f.bytes)
}
