//! Bulk FHIR export, and cancelling an export. A patient's portability package is
//! saved only by fulfilling their request (`commands::rights::fulfil_portability_request`).

use tauri::ipc::Channel;
use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::portability::{self, BulkProgress, BulkRequest, BulkSaved, ExportJobs};

/// Writes the bulk FHIR NDJSON folder in the Downloads folder, telling `progress` as it goes.
#[tauri::command]
pub async fn export_fhir_bulk(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    jobs: State<'_, ExportJobs>,
    token: String,
    job: String,
    req: BulkRequest,
    progress: Channel<BulkProgress>,
) -> AppResult<BulkSaved> {
    let (store, actor) = s.authorize(&token).await?;
    let cancel = jobs.start(&actor, &job);
    let tell = move |p: BulkProgress| {
        let _ = progress.send(p);
    };
    let saved = portability::bulk_export(&store, &actor, req, d.dir(), tell, cancel).await;
    jobs.finish(&actor, &job);
    saved
}

/// Asks a running export the person started to stop; it removes what it had written.
/// `false`: no export of theirs by that name was running.
#[tauri::command]
pub async fn cancel_export(
    s: State<'_, Clinic>,
    jobs: State<'_, ExportJobs>,
    token: String,
    job: String,
) -> AppResult<bool> {
    let (_, actor) = s.authorize(&token).await?;
    portability::cancel_export(&jobs, &actor, &job)
}
