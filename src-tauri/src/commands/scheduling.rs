use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::scheduling::{self};

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
