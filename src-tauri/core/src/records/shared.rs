//! What the patient's care team is told of sharing outside the clinic (policy 4): the
//! disclosures register, read for the chart by the clinicians who may open it, with
//! what of each disclosure `records::access` lets them see.

use serde::Serialize;
use ts_rs::TS;

use super::access::{is_clinician, Sight};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::rights::{disclosures_of, DisclosurePurpose};
use crate::store::Store;

/// A disclosure as the chart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChartDisclosure {
    #[ts(type = "number")]
    pub id: i64,
    /// To whom.
    pub recipient: String,
    pub purpose: DisclosurePurpose,
    pub disclosed_on: String,
    /// What was shared and why, for those who read the register's free text
    /// (`access::role_reads_disclosure_details`); `null` for everyone else.
    pub details: Option<DisclosureDetails>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DisclosureDetails {
    pub what: String,
    pub reason: String,
    pub recorded_by_name: String,
}

/// The patient's disclosures, oldest first, for a clinician of their care; audited as a
/// view of the patient's disclosures, saying whether their details were shown.
pub async fn chart_disclosures(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
) -> AppResult<Vec<ChartDisclosure>> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("The chart is shown to the clinicians of the patient's care."));
    }
    let mut conn = store.pool().acquire().await?;
    super::require_patient(&mut conn, patient_id).await?;
    // The same door as the rest of the chart: a restricted patient stays closed.
    let sight = Sight::of(&mut conn, actor, patient_id).await?;
    let all = disclosures_of(&mut conn, patient_id).await?;
    drop(conn);
    let details = sight.reads_disclosure_details();
    let shown: Vec<ChartDisclosure> = all
        .into_iter()
        .map(|d| {
            Ok(ChartDisclosure {
                id: d.id,
                recipient: d.recipient,
                purpose: DisclosurePurpose::parse(&d.purpose)?,
                disclosed_on: d.disclosed_on,
                details: details.then_some(DisclosureDetails {
                    what: d.what,
                    reason: d.reason,
                    recorded_by_name: d.recorded_by_name,
                }),
            })
        })
        .collect::<AppResult<_>>()?;

    let summary = format!(
        "chart disclosures, {} shown{}",
        shown.len(),
        if details { ", with what and why" } else { ", recipient, purpose and date only" }
    );
    let mut w = store.begin_write().await?;
    let mut e = actor.origin().entry(AuditAction::View, "disclosures", Some(patient_id.to_string()), summary);
    e.patient_id = Some(patient_id);
    w.audit(e).await?;
    w.commit().await?;
    Ok(shown)
}
