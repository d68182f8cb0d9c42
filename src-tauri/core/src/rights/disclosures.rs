//! The disclosures register (policy 4.1, 4.2): each sharing with the care team outside
//! the clinic and each legal disclosure — to whom, why, what, when, by whom. The access
//! report and the correction flow read it through [`disclosures_of`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::{clinic_date, live_patient};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{parse_date, utc_text};
use crate::error::{AppError, AppResult};
use crate::patients::{self, ObjectionPurpose};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DisclosurePurpose {
    /// Sharing with the patient's care team outside the clinic (policy 4.1).
    CareTeam,
    /// Required by law: a court order, public-health reporting, an emergency (policy 4.2).
    Legal,
    Other,
}

impl DisclosurePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            DisclosurePurpose::CareTeam => "care_team",
            DisclosurePurpose::Legal => "legal",
            DisclosurePurpose::Other => "other",
        }
    }

    pub fn parse(s: &str) -> AppResult<DisclosurePurpose> {
        [DisclosurePurpose::CareTeam, DisclosurePurpose::Legal, DisclosurePurpose::Other]
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| AppError::internal("a stored disclosure purpose is unknown"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DisclosureInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// To whom: the person or body, e.g. "Dr. Kamran Ali, Services Hospital".
    pub recipient: String,
    pub purpose: DisclosurePurpose,
    /// Why, in words: the referral, the court order's number.
    pub reason: String,
    /// Which categories or records were shared.
    pub what: String,
    /// `YYYY-MM-DD`, not in the future.
    pub disclosed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Disclosure {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub recipient: String,
    pub purpose: String,
    pub reason: String,
    pub what: String,
    pub disclosed_on: String,
    pub recorded_by_name: String,
    pub recorded_at: String,
}

/// The patient's disclosures, oldest first. The caller checks who may read them.
pub async fn disclosures_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Disclosure>> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.patient_id, d.recipient, d.purpose, d.reason, d.what, d.disclosed_on,
                s.full_name AS recorded_by_name, d.recorded_at
         FROM disclosures d JOIN staff s ON s.id = d.recorded_by
         WHERE d.patient_id = ?1 ORDER BY d.disclosed_on, d.id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}

pub async fn list_disclosures(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<Disclosure>> {
    actor.require(Permission::RecordDisclosures)?;
    let all = disclosures_of(&mut *store.pool().acquire().await?, patient_id).await?;
    let mut e =
        actor.origin().entry(AuditAction::View, "disclosures", None, format!("{} disclosures", all.len()));
    e.patient_id = Some(patient_id);
    store.audit_read(e).await?;
    Ok(all)
}

/// Records a disclosure. A patient who objects to sharing is shared about only when
/// the law requires it.
pub async fn record_disclosure(
    store: &Store,
    actor: &Actor,
    input: DisclosureInput,
    now: DateTime<Utc>,
) -> AppResult<Vec<Disclosure>> {
    actor.require(Permission::RecordDisclosures)?;
    let recipient = validate::text("recipient", "To whom it was disclosed", &input.recipient, 200)?;
    let reason = validate::text("reason", "Why it was disclosed", &input.reason, 1000)?;
    let what = validate::text("what", "What was disclosed", &input.what, 1000)?;
    let on = parse_date("disclosed_on", &input.disclosed_on)?;
    if on > clinic_date(now) {
        return Err(AppError::validation(
            "disclosed_on",
            "The date of the disclosure cannot be in the future.",
        ));
    }
    let mut tx = store.begin_write().await?;
    let patient = live_patient(tx.conn(), input.patient_id).await?;
    if input.purpose != DisclosurePurpose::Legal
        && patients::objects_to(tx.conn(), patient.id, ObjectionPurpose::Sharing).await?
    {
        return Err(AppError::Conflict {
            message: "This patient objects to sharing outside the care team. Their information may be disclosed only when the law requires it; record it as a legal disclosure if so.".into(),
            field: Some("purpose".into()),
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosures (patient_id, recipient, purpose, reason, what, disclosed_on, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(patient.id)
    .bind(&recipient)
    .bind(input.purpose.as_str())
    .bind(&reason)
    .bind(&what)
    .bind(on.to_string())
    .bind(actor.staff_id)
    .bind(utc_text(now))
    .fetch_one(tx.conn())
    .await?;
    let summary = format!("disclosure, purpose {}", input.purpose.as_str());
    let mut e = actor.origin().entry(AuditAction::Create, "disclosure", Some(id.to_string()), summary);
    e.patient_id = Some(patient.id);
    tx.audit(e).await?;
    let all = disclosures_of(tx.conn(), patient.id).await?;
    tx.commit().await?;
    Ok(all)
}
