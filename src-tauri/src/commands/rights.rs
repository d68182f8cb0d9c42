//! Patients' rights: the requests register, its steps and letters, and disclosures.

use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::rights::{self};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Saves the record PDF and the access report, and fulfils the access request.
#[tauri::command]
pub async fn fulfil_access_request(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    id: i64,
) -> AppResult<rights::AccessFulfilled> {
    let (store, actor) = s.authorize(&token).await?;
    rights::fulfil_access(&store, &actor, id, &d, now()).await
}

/// Saves the portability zip and fulfils the request; `job` names it for `cancel_export`.
#[tauri::command]
pub async fn fulfil_portability_request(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    jobs: State<'_, crate::portability::ExportJobs>,
    token: String,
    job: String,
    id: i64,
) -> AppResult<rights::PortabilityFulfilled> {
    let (store, actor) = s.authorize(&token).await?;
    let cancel = jobs.start(&actor, &job);
    let done = rights::fulfil_portability(&store, &actor, id, &d, cancel, now()).await;
    jobs.finish(&actor, &job);
    done
}

/// Erases (or anonymises) what may go and fulfils the deletion request.
#[tauri::command]
pub async fn fulfil_deletion_request(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    id: i64,
    mode: rights::DeletionMode,
) -> AppResult<rights::DeletionFulfilled> {
    let (store, actor) = s.authorize(&token).await?;
    rights::fulfil_deletion(&store, &actor, id, mode, &d, now()).await
}
