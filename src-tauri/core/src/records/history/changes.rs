//! The field-by-field history of edits to conditions, allergies and medications: the
//! old value is kept, so a correction (privacy policy 7) never loses what was there.

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::error::AppResult;

/// The editable columns of a row by name, with their stored text.
pub(super) type Columns = Vec<(&'static str, Option<String>)>;

/// One changed field of one history entry.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct ClinicalChange {
    /// `conditions`, `allergies` or `medications`.
    pub entity: String,
    #[ts(type = "number")]
    pub entity_id: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_at: String,
    pub changed_by_name: String,
}

/// Writes one `clinical_changes` row per field whose value differs and returns the
/// names of those fields, for the audit entry (which carries names, never values).
pub(super) async fn record(
    conn: &mut SqliteConnection,
    who: (i64, i64),
    entity: (&'static str, i64),
    old: &Columns,
    new: &Columns,
    now: &str,
) -> AppResult<Vec<&'static str>> {
    let (patient_id, staff_id) = who;
    let mut changed = Vec::new();
    for ((field, was), (_, is)) in old.iter().zip(new) {
        if was == is {
            continue;
        }
        sqlx::query(
            "INSERT INTO clinical_changes (patient_id, entity, entity_id, field, old_value, new_value, changed_at, staff_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(patient_id)
        .bind(entity.0)
        .bind(entity.1)
        .bind(*field)
        .bind(was)
        .bind(is)
        .bind(now)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
        changed.push(*field);
    }
    Ok(changed)
}

/// Every change to a patient's history, oldest first.
pub(super) async fn of_patient(
    conn: &mut SqliteConnection,
    patient_id: i64,
) -> AppResult<Vec<ClinicalChange>> {
    Ok(sqlx::query_as(
        "SELECT ch.entity, ch.entity_id, ch.field, ch.old_value, ch.new_value, ch.changed_at,
                s.full_name AS changed_by_name
         FROM clinical_changes ch JOIN staff s ON s.id = ch.staff_id
         WHERE ch.patient_id = ? ORDER BY ch.id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}
