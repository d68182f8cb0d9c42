//! Outcome measures, the treatment timeline and the record PDF.

use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::measures::{self, Instrument, InstrumentInfo, Measure, MeasureInput, RiskFlag};
use crate::records::{self, ExportPurpose, TimelinePage, TimelineQuery};

#[tauri::command]
pub async fn instrument_info(s: State<'_, Clinic>, token: String) -> AppResult<Vec<InstrumentInfo>> {
    s.authorize(&token).await?;
    Ok(measures::instruments())
}

#[tauri::command]
pub async fn record_measure(s: State<'_, Clinic>, token: String, req: MeasureInput) -> AppResult<Measure> {
    let (store, actor) = s.authorize(&token).await?;
    measures::record(&store, &actor, req).await
}

/// `instrument`: one instrument, or `null` for every one the person may read.
#[tauri::command]
pub async fn list_measures(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
    instrument: Option<Instrument>,
) -> AppResult<Vec<Measure>> {
    let (store, actor) = s.authorize(&token).await?;
    measures::list(&store, &actor, patient_id, instrument).await
}

#[tauri::command]
pub async fn risk_flags(s: State<'_, Clinic>, token: String, patient_id: i64) -> AppResult<Vec<RiskFlag>> {
    let (store, actor) = s.authorize(&token).await?;
    measures::risk_flags(&store, &actor, patient_id).await
}

/// Who outside the clinic the patient's information was shared with, for the chart.
#[tauri::command]
pub async fn chart_disclosures(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
) -> AppResult<Vec<records::ChartDisclosure>> {
    let (store, actor) = s.authorize(&token).await?;
    records::chart_disclosures(&store, &actor, patient_id).await
}

#[tauri::command]
pub async fn patient_timeline(
    s: State<'_, Clinic>,
    token: String,
    query: TimelineQuery,
) -> AppResult<TimelinePage> {
    let (store, actor) = s.authorize(&token).await?;
    records::timeline(&store, &actor, query).await
}

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
