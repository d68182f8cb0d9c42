use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::reminders::{self};

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
