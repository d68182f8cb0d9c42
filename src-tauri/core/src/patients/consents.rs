//! Consents per purpose. Withdrawing keeps the row and its history.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentPurpose {
    Treatment,
    RemindersSms,
    RemindersWhatsapp,
    RemindersPhone,
    RemindersEmail,
    CareTeamSharing,
    Parental,
}

impl ConsentPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPurpose::Treatment => "treatment",
            ConsentPurpose::RemindersSms => "reminders_sms",
            ConsentPurpose::RemindersWhatsapp => "reminders_whatsapp",
            ConsentPurpose::RemindersPhone => "reminders_phone",
            ConsentPurpose::RemindersEmail => "reminders_email",
            ConsentPurpose::CareTeamSharing => "care_team_sharing",
            ConsentPurpose::Parental => "parental",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentMethod {
    InPerson,
    Written,
    Phone,
}

impl ConsentMethod {
    fn as_str(self) -> &'static str {
        match self {
            ConsentMethod::InPerson => "in_person",
            ConsentMethod::Written => "written",
            ConsentMethod::Phone => "phone",
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    /// "the patient", or the guardian's name.
    pub given_by: String,
    pub method: ConsentMethod,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Consent {
    #[ts(type = "number")]
    pub id: i64,
    pub purpose: String,
    pub given_by: String,
    pub method: String,
    pub given_at: String,
    #[ts(type = "number")]
    pub recorded_by: i64,
    pub withdrawn_at: Option<String>,
}

/// Inserts a consent on `conn`; validation of `given_by` included, audit is the caller's.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    patient_id: i64,
    staff_id: i64,
    c: &ConsentInput,
) -> AppResult<i64> {
    let given_by = validate::text("given_by", "Who gave the consent", &c.given_by, 100)?;
    Ok(sqlx::query_scalar(
        "INSERT INTO consents (patient_id, purpose, given_by, method, given_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(c.purpose.as_str())
    .bind(given_by)
    .bind(c.method.as_str())
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(staff_id)
    .fetch_one(&mut *conn)
    .await?)
}

pub(crate) async fn of_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Consent>> {
    Ok(sqlx::query_as(
        "SELECT id, purpose, given_by, method, given_at, recorded_by, withdrawn_at
         FROM consents WHERE patient_id = ? ORDER BY id",
    )
    .bind(patient_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn record_consent(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    c: ConsentInput,
) -> AppResult<Vec<Consent>> {
    actor.require(Permission::RecordConsents)?;
    let mut tx = store.begin_write().await?;
    // Also "not found": one check that the patient is there and may take a consent.
    crate::retention::require_writable(tx.conn(), actor, patient_id).await?;
    let id = insert(tx.conn(), patient_id, actor.staff_id, &c).await?;
    let mut e =
        actor.origin().entry(AuditAction::Create, "consent", Some(id.to_string()), c.purpose.as_str());
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    let all = of_patient(tx.conn(), patient_id).await?;
    tx.commit().await?;
    Ok(all)
}

pub async fn withdraw_consent(store: &Store, actor: &Actor, consent_id: i64) -> AppResult<Vec<Consent>> {
    actor.require(Permission::RecordConsents)?;
    let mut tx = store.begin_write().await?;
    let row: Option<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT patient_id, purpose, withdrawn_at FROM consents WHERE id = ?")
            .bind(consent_id)
            .fetch_optional(tx.conn())
            .await?;
    let (patient_id, purpose, withdrawn) =
        row.ok_or_else(|| AppError::not_found("This consent does not exist."))?;
    crate::retention::require_writable(tx.conn(), actor, patient_id).await?;
    if withdrawn.is_some() {
        return Err(AppError::conflict("This consent has already been withdrawn."));
    }
    sqlx::query("UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ?")
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(actor.staff_id)
        .bind(consent_id)
        .execute(tx.conn())
        .await?;
    let mut e = actor.origin().entry(
        AuditAction::Update,
        "consent",
        Some(consent_id.to_string()),
        format!("{purpose} withdrawn"),
    );
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    let all = of_patient(tx.conn(), patient_id).await?;
    tx.commit().await?;
    Ok(all)
}
