//! What the patient's care team is told of sharing outside the clinic (policy 4): the
//! disclosures register, read for the chart by the clinicians who may open it.

use super::access::{is_clinician, Sight};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::rights::{disclosures_of, Disclosure};
use crate::store::Store;

/// The patient's disclosures, oldest first, for a clinician of their care.
pub async fn chart_disclosures(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<Disclosure>> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("The chart is shown to the clinicians of the patient's care."));
    }
    let mut conn = store.pool().acquire().await?;
    super::require_patient(&mut conn, patient_id).await?;
    // The same door as the rest of the chart: a restricted patient stays closed.
    Sight::of(&mut conn, actor, patient_id).await?;
    disclosures_of(&mut conn, patient_id).await
}
