//! Objections per purpose (privacy policy 7): a patient may object to reminders, to
//! sharing outside the care team, or to use of their data for statistics. The rest of
//! the app reads [`objects_to`] before doing any of these. Withdrawing keeps the row.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ObjectionPurpose {
    Reminders,
    Sharing,
    Statistics,
}

impl ObjectionPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionPurpose::Reminders => "reminders",
            ObjectionPurpose::Sharing => "sharing",
            ObjectionPurpose::Statistics => "statistics",
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Objection {
    #[ts(type = "number")]
    pub id: i64,
    pub purpose: String,
    pub received_at: String,
    pub recorded_by_name: String,
    pub withdrawn_at: Option<String>,
}

/// Whether the patient currently objects to `purpose`.
pub async fn objects_to(
    conn: &mut SqliteConnection,
    patient_id: i64,
    purpose: ObjectionPurpose,
) -> AppResult<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM objections
          WHERE patient_id = ? AND purpose = ? AND withdrawn_at IS NULL)",
    )
    .bind(patient_id)
    .bind(purpose.as_str())
    .fetch_one(conn)
    .await?)
}

async fn of_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Objection>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.purpose, o.received_at, s.full_name AS recorded_by_name, o.withdrawn_at
         FROM objections o JOIN staff s ON s.id = o.recorded_by
         WHERE o.patient_id = ? ORDER BY o.id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}

/// Records an objection inside the caller's transaction, which writes the audit row
/// (an objection request's fulfilment records its objections this way too).
pub(crate) async fn insert_objection(
    conn: &mut SqliteConnection,
    patient_id: i64,
    purpose: ObjectionPurpose,
    staff_id: i64,
) -> AppResult<i64> {
    if objects_to(&mut *conn, patient_id, purpose).await? {
        return Err(AppError::conflict("This objection is already on record."));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO objections (patient_id, purpose, received_at, recorded_by) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(purpose.as_str())
    .bind(crate::clock::utc_text(chrono::Utc::now()))
    .bind(staff_id)
    .fetch_one(conn)
    .await?)
}

pub async fn objections(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<Objection>> {
    actor.require(Permission::ViewPatients)?;
    let mut conn = store.pool().acquire().await?;
    crate::retention::require_open(&mut conn, actor, patient_id).await?;
    let all = of_patient(&mut conn, patient_id).await?;
    drop(conn);
    let mut e = actor.origin().entry(AuditAction::View, "objections", None, "");
    e.patient_id = Some(patient_id);
    store.audit_read(e).await?;
    Ok(all)
}

pub async fn record_objection(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    purpose: ObjectionPurpose,
) -> AppResult<Vec<Objection>> {
    actor.require(Permission::RecordObjections)?;
    let mut tx = store.begin_write().await?;
    // Also "not found"; the privacy officer may still record one for a restricted patient.
    crate::retention::require_writable(tx.conn(), actor, patient_id).await?;
    let id = insert_objection(tx.conn(), patient_id, purpose, actor.staff_id).await?;
    let mut e =
        actor.origin().entry(AuditAction::Create, "objection", Some(id.to_string()), purpose.as_str());
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    let all = of_patient(tx.conn(), patient_id).await?;
    tx.commit().await?;
    Ok(all)
}

pub async fn withdraw_objection(
    store: &Store,
    actor: &Actor,
    objection_id: i64,
) -> AppResult<Vec<Objection>> {
    actor.require(Permission::RecordObjections)?;
    let mut tx = store.begin_write().await?;
    let row: Option<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT patient_id, purpose, withdrawn_at FROM objections WHERE id = ?")
            .bind(objection_id)
            .fetch_optional(tx.conn())
            .await?;
    let (patient_id, purpose, withdrawn) =
        row.ok_or_else(|| AppError::not_found("This objection does not exist."))?;
    crate::retention::require_writable(tx.conn(), actor, patient_id).await?;
    if withdrawn.is_some() {
        return Err(AppError::conflict("This objection has already been withdrawn."));
    }
    sqlx::query("UPDATE objections SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ?")
        .bind(crate::clock::utc_text(chrono::Utc::now()))
        .bind(actor.staff_id)
        .bind(objection_id)
        .execute(tx.conn())
        .await?;
    let mut e = actor.origin().entry(
        AuditAction::Update,
        "objection",
        Some(objection_id.to_string()),
        format!("{purpose} withdrawn"),
    );
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    let all = of_patient(tx.conn(), patient_id).await?;
    tx.commit().await?;
    Ok(all)
}
