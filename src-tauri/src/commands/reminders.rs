use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::patients::{self, Objection, ObjectionPurpose};
use crate::reminders::{self, Channel, Reminder, ReminderTemplate};

#[tauri::command]
pub async fn reminder_queue(s: State<'_, Clinic>, token: String) -> AppResult<Vec<Reminder>> {
    let (store, actor) = s.authorize(&token).await?;
    reminders::queue(&store, &actor, chrono::Utc::now()).await
}

#[tauri::command]
pub async fn mark_reminder_sent(
    s: State<'_, Clinic>,
    token: String,
    appointment_id: i64,
    channel: Channel,
) -> AppResult<Vec<Reminder>> {
    let (store, actor) = s.authorize(&token).await?;
    reminders::mark_sent(&store, &actor, appointment_id, channel, chrono::Utc::now()).await
}

/// Returns the path of the saved CSV file.
#[tauri::command]
pub async fn export_reminders_csv(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let now = chrono::Utc::now();
    let bytes = reminders::export_csv(&store, &actor, now).await?;
    d.save(
        &format!("reminders-{}.csv", now.with_timezone(&crate::clock::CLINIC_TZ).format("%Y-%m-%d")),
        &bytes,
    )
}

#[tauri::command]
pub async fn reminder_templates(s: State<'_, Clinic>, token: String) -> AppResult<Vec<ReminderTemplate>> {
    let (store, actor) = s.authorize(&token).await?;
    reminders::templates(&store, &actor).await
}

#[tauri::command]
pub async fn set_reminder_template(
    s: State<'_, Clinic>,
    token: String,
    req: ReminderTemplate,
) -> AppResult<Vec<ReminderTemplate>> {
    let (store, actor) = s.authorize(&token).await?;
    reminders::set_template(&store, &actor, req).await
}

#[tauri::command]
pub async fn list_objections(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
) -> AppResult<Vec<Objection>> {
    let (store, actor) = s.authorize(&token).await?;
    patients::objections(&store, &actor, patient_id).await
}

#[tauri::command]
pub async fn record_objection(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
    purpose: ObjectionPurpose,
) -> AppResult<Vec<Objection>> {
    let (store, actor) = s.authorize(&token).await?;
    patients::record_objection(&store, &actor, patient_id, purpose).await
}

#[tauri::command]
pub async fn withdraw_objection(s: State<'_, Clinic>, token: String, id: i64) -> AppResult<Vec<Objection>> {
    let (store, actor) = s.authorize(&token).await?;
    patients::withdraw_objection(&store, &actor, id).await
}
