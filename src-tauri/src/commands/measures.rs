//! Outcome measures, the treatment timeline and the record PDF.

use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::records::{self, ExportPurpose};

/// Saves the patient's record as a PDF in the Downloads folder; returns the file's path.
#[tauri::command]
pub async fn export_record_pdf(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    patient_id: i64,
    purpose: ExportPurpose,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = records::record_pdf(&store, &actor, patient_id, purpose).await?;
    d.save(&f.name, &f.bytes)
}
