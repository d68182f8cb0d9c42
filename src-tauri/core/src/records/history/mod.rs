//! Medical history (privacy policy 2.2): conditions, allergies and medications. Every
//! edit keeps the old and new value of each changed field in `clinical_changes`; the
//! audit entry names the fields, never their values. Who reads and writes which part
//! is `records::access`, checked here on every call.

mod allergies;
mod changes;
mod conditions;
mod fields;
mod medications;

pub(crate) use allergies::active_allergies;
pub use allergies::{add_allergy, update_allergy, Allergy, AllergyInput, AllergySeverity, AllergyStatus};
pub use changes::ClinicalChange;
pub use conditions::{add_condition, update_condition, Condition, ConditionInput, ConditionStatus};
pub use medications::{add_medication, update_medication, Medication, MedicationInput};

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::{Part, Sight};
use crate::store::{Store, WriteTx};

/// The history as one actor may see it: a part they may not read is absent (`null`),
/// not an empty list, so the chart can say "not shown to your role" rather than "none".
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct History {
    #[ts(type = "number")]
    pub patient_id: i64,
    pub conditions: Option<Vec<Condition>>,
    pub allergies: Option<Vec<Allergy>>,
    pub medications: Option<Vec<Medication>>,
    /// Edits to the parts shown, oldest first.
    pub changes: Vec<ClinicalChange>,
}

const PARTS: [(Part, &str); 3] =
    [(Part::Conditions, "conditions"), (Part::Allergies, "allergies"), (Part::Medications, "medications")];

/// The history for the chart; the reading is audited (which parts, and whether
/// through emergency access).
pub async fn history_of(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<History> {
    let mut tx = store.begin_write().await?;
    let sight = Sight::of(tx.conn(), actor, patient_id).await?;
    let shown: Vec<(Part, &str)> = PARTS.into_iter().filter(|(p, _)| sight.reads(*p)).collect();
    if shown.is_empty() {
        return Err(AppError::forbidden("Your role does not give access to patients' medical history."));
    }
    require_patient(tx.conn(), patient_id).await?;
    let history = history_for(tx.conn(), &sight, patient_id).await?;
    let mut summary = shown.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(",");
    if shown.iter().any(|(p, _)| sight.by_emergency(*p)) {
        summary.push_str("; emergency access");
    }
    let mut e = actor.origin().entry(AuditAction::View, "history", None, summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(history)
}

/// The parts of a patient's history that `sight` may read, for the timeline and the
/// record PDF. Does not audit: the caller's own entry covers the reading.
pub async fn history_for(conn: &mut SqliteConnection, sight: &Sight, patient_id: i64) -> AppResult<History> {
    let conditions = if sight.reads(Part::Conditions) {
        Some(conditions::of_patient(conn, patient_id).await?)
    } else {
        None
    };
    let allergies = if sight.reads(Part::Allergies) {
        Some(allergies::of_patient(conn, patient_id).await?)
    } else {
        None
    };
    let medications = if sight.reads(Part::Medications) {
        Some(medications::of_patient(conn, patient_id).await?)
    } else {
        None
    };
    let readable = |entity: &str| PARTS.iter().any(|(p, name)| *name == entity && sight.reads(*p));
    let changes =
        changes::of_patient(conn, patient_id).await?.into_iter().filter(|c| readable(&c.entity)).collect();
    Ok(History { patient_id, conditions, allergies, medications, changes })
}

/// Refuses an id that is no patient, before a write would trip over the foreign key.
pub(crate) async fn require_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM patients WHERE id = ?")
        .bind(patient_id)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| AppError::not_found("This patient does not exist."))
}

/// Starts a write to `part` of a patient's history: the actor may write it, and the
/// patient exists. Authorization comes first, so a refused role learns nothing.
async fn open_for_write<'s>(
    store: &'s Store,
    actor: &Actor,
    patient_id: i64,
    part: Part,
) -> AppResult<WriteTx<'s>> {
    let mut tx = store.begin_write().await?;
    Sight::of(tx.conn(), actor, patient_id).await?.require_write(part)?;
    require_patient(tx.conn(), patient_id).await?;
    Ok(tx)
}

struct Written {
    action: AuditAction,
    entity: &'static str,
    id: i64,
    patient_id: i64,
}

async fn audit_write(tx: &mut WriteTx<'_>, actor: &Actor, w: Written, fields: &str) -> AppResult<()> {
    let mut e = actor.origin().entry(w.action, w.entity, Some(w.id.to_string()), fields);
    e.patient_id = Some(w.patient_id);
    tx.audit(e).await
}
