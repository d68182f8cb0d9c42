//! A patient's conditions: what they have or had, optionally coded in ICD-10.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::changes::{self, Columns};
use super::fields::{self, opt};
use super::{audit_write, open_for_write, Written};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::patients::clinic_today;
use crate::records::Part;
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConditionStatus {
    Active,
    Resolved,
}

impl ConditionStatus {
    fn as_str(self) -> &'static str {
        match self {
            ConditionStatus::Active => "active",
            ConditionStatus::Resolved => "resolved",
        }
    }
}

impl TryFrom<String> for ConditionStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "active" => Ok(ConditionStatus::Active),
            "resolved" => Ok(ConditionStatus::Resolved),
            _ => Err(format!("unknown condition status {s}")),
        }
    }
}

/// What the clinician types. Empty text counts as not given.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConditionInput {
    pub description: String,
    /// e.g. M54.5; optional.
    pub icd10: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; optional, not in the future.
    pub onset: Option<String>,
    pub status: ConditionStatus,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Condition {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub description: String,
    pub icd10: Option<String>,
    pub onset: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: ConditionStatus,
    pub recorded_by_name: String,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub updated_at: String,
}

macro_rules! select {
    () => {
        "SELECT c.id, c.patient_id, c.description, c.icd10, c.onset, c.status,
                s.full_name AS recorded_by_name, c.recorded_at, c.updated_at
         FROM conditions c JOIN staff s ON s.id = c.recorded_by"
    };
}

struct Checked {
    description: String,
    icd10: Option<String>,
    onset: Option<String>,
    status: ConditionStatus,
}

impl Checked {
    fn columns(&self) -> Columns {
        vec![
            ("description", Some(self.description.clone())),
            ("icd10", self.icd10.clone()),
            ("onset", self.onset.clone()),
            ("status", Some(self.status.as_str().to_string())),
        ]
    }
}

fn columns_of(c: &Condition) -> Columns {
    vec![
        ("description", Some(c.description.clone())),
        ("icd10", c.icd10.clone()),
        ("onset", c.onset.clone()),
        ("status", Some(c.status.as_str().to_string())),
    ]
}

fn check(input: &ConditionInput) -> AppResult<Checked> {
    Ok(Checked {
        description: validate::text("description", "The condition", &input.description, 300)?,
        icd10: fields::icd10(opt(&input.icd10))?,
        onset: fields::onset(opt(&input.onset), clinic_today())?,
        status: input.status,
    })
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Condition> {
    let row: Option<Condition> =
        sqlx::query_as(concat!(select!(), " WHERE c.id = ?")).bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| AppError::not_found("This condition is not in the record."))
}

pub(super) async fn of_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Condition>> {
    let sql = concat!(
        select!(),
        " WHERE c.patient_id = ? ORDER BY c.status = 'resolved', c.recorded_at DESC, c.id DESC"
    );
    Ok(sqlx::query_as(sql).bind(patient_id).fetch_all(conn).await?)
}

pub async fn add_condition(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    input: ConditionInput,
) -> AppResult<Condition> {
    let mut tx = open_for_write(store, actor, patient_id, Part::Conditions).await?;
    let c = check(&input)?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conditions (patient_id, description, icd10, onset, status, recorded_by, recorded_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(&c.description)
    .bind(&c.icd10)
    .bind(&c.onset)
    .bind(c.status.as_str())
    .bind(actor.staff_id)
    .bind(&now)
    .bind(&now)
    .fetch_one(tx.conn())
    .await?;
    audit_write(
        &mut tx,
        actor,
        Written { action: AuditAction::Create, entity: "condition", id, patient_id },
        "",
    )
    .await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Changes a condition; each changed field keeps its old value in the history.
pub async fn update_condition(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: ConditionInput,
) -> AppResult<Condition> {
    let patient_id = patient_of(store, id).await?;
    let mut tx = open_for_write(store, actor, patient_id, Part::Conditions).await?;
    let c = check(&input)?;
    let before = load(tx.conn(), id).await?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let who = (patient_id, actor.staff_id);
    let changed =
        changes::record(tx.conn(), who, ("conditions", id), &columns_of(&before), &c.columns(), &now).await?;
    if changed.is_empty() {
        return Ok(before);
    }
    sqlx::query("UPDATE conditions SET description = ?, icd10 = ?, onset = ?, status = ?, updated_at = ? WHERE id = ?")
        .bind(&c.description)
        .bind(&c.icd10)
        .bind(&c.onset)
        .bind(c.status.as_str())
        .bind(&now)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let entry = Written { action: AuditAction::Update, entity: "condition", id, patient_id };
    audit_write(&mut tx, actor, entry, &changed.join(",")).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Whose condition this is; the patient decides what the actor may do with it.
async fn patient_of(store: &Store, id: i64) -> AppResult<i64> {
    let found: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM conditions WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    found.ok_or_else(|| AppError::not_found("This condition is not in the record."))
}
