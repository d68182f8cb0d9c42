//! Patients' rights: the requests register, its steps and letters, and disclosures.

use tauri::State;

use crate::app::Clinic;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::rights::{
    self, Dashboard, Disclosure, DisclosureInput, FulfilInput, Fulfilled, IdentityCheck, LetterTemplate,
    LetterTemplateInput, RefuseInput, RequestInput, RightsRequest, RightsRequestDetail,
};
use crate::staff::Language;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

#[tauri::command]
pub async fn rights_dashboard(s: State<'_, Clinic>, token: String) -> AppResult<Dashboard> {
    let (store, actor) = s.authorize(&token).await?;
    rights::dashboard(&store, &actor, now()).await
}

#[tauri::command]
pub async fn list_rights_requests(
    s: State<'_, Clinic>,
    token: String,
    patient_id: Option<i64>,
) -> AppResult<Vec<RightsRequest>> {
    let (store, actor) = s.authorize(&token).await?;
    rights::list_requests(&store, &actor, patient_id).await
}

#[tauri::command]
pub async fn get_rights_request(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
) -> AppResult<RightsRequestDetail> {
    let (store, actor) = s.authorize(&token).await?;
    rights::get_request(&store, &actor, id).await
}

#[tauri::command]
pub async fn record_rights_request(
    s: State<'_, Clinic>,
    token: String,
    req: RequestInput,
) -> AppResult<RightsRequest> {
    let (store, actor) = s.authorize(&token).await?;
    rights::record_request(&store, &actor, req, now()).await
}

#[tauri::command]
pub async fn verify_rights_identity(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    check: IdentityCheck,
) -> AppResult<RightsRequest> {
    let (store, actor) = s.authorize(&token).await?;
    rights::verify_identity(&store, &actor, id, check, now()).await
}

#[tauri::command]
pub async fn start_rights_work(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    note: String,
) -> AppResult<RightsRequest> {
    let (store, actor) = s.authorize(&token).await?;
    rights::start_work(&store, &actor, id, note, now()).await
}

#[tauri::command]
pub async fn fulfil_rights_request(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    req: FulfilInput,
) -> AppResult<Fulfilled> {
    let (store, actor) = s.authorize(&token).await?;
    rights::fulfil(&store, &actor, id, req, now()).await
}

#[tauri::command]
pub async fn refuse_rights_request(
    s: State<'_, Clinic>,
    token: String,
    id: i64,
    req: RefuseInput,
) -> AppResult<RightsRequest> {
    let (store, actor) = s.authorize(&token).await?;
    rights::refuse(&store, &actor, id, req, now()).await
}

/// Saves the letter as PDF in the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_rights_letter(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    id: i64,
    language: Language,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = rights::letter_pdf(&store, &actor, id, language, now()).await?;
    d.save(&f.name, &f.bytes)
}

#[tauri::command]
pub async fn rights_letter_templates(s: State<'_, Clinic>, token: String) -> AppResult<Vec<LetterTemplate>> {
    let (store, actor) = s.authorize(&token).await?;
    rights::letter_templates(&store, &actor).await
}

#[tauri::command]
pub async fn set_rights_letter_template(
    s: State<'_, Clinic>,
    token: String,
    req: LetterTemplateInput,
) -> AppResult<Vec<LetterTemplate>> {
    let (store, actor) = s.authorize(&token).await?;
    rights::set_letter_template(&store, &actor, req, now()).await
}

#[tauri::command]
pub async fn rights_due_days(s: State<'_, Clinic>, token: String) -> AppResult<u32> {
    let (store, actor) = s.authorize(&token).await?;
    rights::get_due_days(&store, &actor).await
}

#[tauri::command]
pub async fn set_rights_due_days(s: State<'_, Clinic>, token: String, days: u32) -> AppResult<u32> {
    let (store, actor) = s.authorize(&token).await?;
    rights::set_due_days(&store, &actor, days).await
}

#[tauri::command]
pub async fn list_disclosures(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
) -> AppResult<Vec<Disclosure>> {
    let (store, actor) = s.authorize(&token).await?;
    rights::list_disclosures(&store, &actor, patient_id).await
}

#[tauri::command]
pub async fn record_disclosure(
    s: State<'_, Clinic>,
    token: String,
    req: DisclosureInput,
) -> AppResult<Vec<Disclosure>> {
    let (store, actor) = s.authorize(&token).await?;
    rights::record_disclosure(&store, &actor, req, now()).await
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
