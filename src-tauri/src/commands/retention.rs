//! Retention rules, erasure, anonymisation and the retention review.

use tauri::ipc::Channel;
use tauri::State;

use crate::app::Clinic;
use crate::error::AppResult;
use crate::retention::{self, ReviewAction, ReviewProgress, ReviewResult};

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
