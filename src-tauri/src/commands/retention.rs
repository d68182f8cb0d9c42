//! Retention rules, erasure, anonymisation and the retention review.

use tauri::ipc::Channel;
use tauri::State;

use crate::app::Clinic;
use crate::error::AppResult;
use crate::retention::{
    self, AnonymisationOutcome, ErasureOutcome, RecordKind, RetentionRule, RetentionRuleInput, ReviewAction,
    ReviewItem, ReviewProgress, ReviewResult,
};

#[tauri::command]
pub async fn retention_rules(s: State<'_, Clinic>, token: String) -> AppResult<Vec<RetentionRule>> {
    let (store, actor) = s.authorize(&token).await?;
    retention::rules(&store, &actor).await
}

#[tauri::command]
pub async fn set_retention_rule(
    s: State<'_, Clinic>,
    token: String,
    rule: RetentionRuleInput,
) -> AppResult<Vec<RetentionRule>> {
    let (store, actor) = s.authorize(&token).await?;
    retention::set_rule(&store, &actor, rule).await
}

#[tauri::command]
pub async fn erase_patient(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
    request_id: Option<i64>,
) -> AppResult<ErasureOutcome> {
    let (store, actor) = s.authorize(&token).await?;
    retention::erase_patient(&store, &actor, patient_id, request_id).await
}

#[tauri::command]
pub async fn erase_patient_records(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
    kinds: Vec<RecordKind>,
) -> AppResult<ErasureOutcome> {
    let (store, actor) = s.authorize(&token).await?;
    retention::erase_records(&store, &actor, patient_id, &kinds, None).await
}

#[tauri::command]
pub async fn anonymise_patient(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
    request_id: Option<i64>,
) -> AppResult<AnonymisationOutcome> {
    let (store, actor) = s.authorize(&token).await?;
    retention::anonymise_patient(&store, &actor, patient_id, request_id).await
}

#[tauri::command]
pub async fn retention_review(s: State<'_, Clinic>, token: String) -> AppResult<Vec<ReviewItem>> {
    let (store, actor) = s.authorize(&token).await?;
    retention::due_for_review(&store, &actor).await
}

/// The number shown at start-up and each day: patients with records due to go.
#[tauri::command]
pub async fn retention_due_count(s: State<'_, Clinic>, token: String) -> AppResult<u32> {
    let (store, actor) = s.authorize(&token).await?;
    retention::count_due(&store, &actor).await
}

/// Streams a `ReviewProgress` after each patient through `progress`.
#[tauri::command]
pub async fn process_retention_review(
    s: State<'_, Clinic>,
    token: String,
    patient_ids: Vec<i64>,
    action: ReviewAction,
    confirm_count: u32,
    progress: Channel<ReviewProgress>,
) -> AppResult<ReviewResult> {
    let (store, actor) = s.authorize(&token).await?;
    let mut report = move |p: ReviewProgress| {
        // A closed window stops listening; the run itself goes on to the end.
        let _ = progress.send(p);
    };
    retention::process_review(&store, &actor, &patient_ids, action, confirm_count, &mut report).await
}
