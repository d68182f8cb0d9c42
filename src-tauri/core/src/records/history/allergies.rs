//! A patient's allergies and intolerances. The active ones are checked at every
//! dispensing (`pharmacy::dispense`).

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::changes::{self, Columns};
use super::fields::opt;
use super::{audit_write, open_for_write, Written};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::Part;
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AllergySeverity {
    Mild,
    Moderate,
    Severe,
    Unknown,
}

impl AllergySeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            AllergySeverity::Mild => "mild",
            AllergySeverity::Moderate => "moderate",
            AllergySeverity::Severe => "severe",
            AllergySeverity::Unknown => "unknown",
        }
    }
}

impl TryFrom<String> for AllergySeverity {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "mild" => Ok(AllergySeverity::Mild),
            "moderate" => Ok(AllergySeverity::Moderate),
            "severe" => Ok(AllergySeverity::Severe),
            "unknown" => Ok(AllergySeverity::Unknown),
            _ => Err(format!("unknown allergy severity {s}")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AllergyStatus {
    Active,
    /// No longer thought to apply (outgrown, or recorded in error); kept for history.
    Inactive,
}

impl AllergyStatus {
    fn as_str(self) -> &'static str {
        match self {
            AllergyStatus::Active => "active",
            AllergyStatus::Inactive => "inactive",
        }
    }
}

impl TryFrom<String> for AllergyStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "active" => Ok(AllergyStatus::Active),
            "inactive" => Ok(AllergyStatus::Inactive),
            _ => Err(format!("unknown allergy status {s}")),
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AllergyInput {
    /// What the patient reacts to: a medicine (generic name is best), a food, latex …
    pub substance: String,
    pub reaction: Option<String>,
    pub severity: AllergySeverity,
    pub status: AllergyStatus,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Allergy {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub substance: String,
    pub reaction: Option<String>,
    #[sqlx(try_from = "String")]
    pub severity: AllergySeverity,
    #[sqlx(try_from = "String")]
    pub status: AllergyStatus,
    pub recorded_by_name: String,
    pub recorded_at: String,
    pub updated_at: String,
}

macro_rules! select {
    () => {
        "SELECT a.id, a.patient_id, a.substance, a.reaction, a.severity, a.status,
                s.full_name AS recorded_by_name, a.recorded_at, a.updated_at
         FROM allergies a JOIN staff s ON s.id = a.recorded_by"
    };
}

struct Checked {
    substance: String,
    reaction: Option<String>,
    severity: AllergySeverity,
    status: AllergyStatus,
}

impl Checked {
    fn columns(&self) -> Columns {
        vec![
            ("substance", Some(self.substance.clone())),
            ("reaction", self.reaction.clone()),
            ("severity", Some(self.severity.as_str().to_string())),
            ("status", Some(self.status.as_str().to_string())),
        ]
    }
}

fn columns_of(a: &Allergy) -> Columns {
    vec![
        ("substance", Some(a.substance.clone())),
        ("reaction", a.reaction.clone()),
        ("severity", Some(a.severity.as_str().to_string())),
        ("status", Some(a.status.as_str().to_string())),
    ]
}

fn check(input: &AllergyInput) -> AppResult<Checked> {
    Ok(Checked {
        substance: validate::text("substance", "The substance", &input.substance, 100)?,
        reaction: validate::optional_text("reaction", "The reaction", opt(&input.reaction), 200)?,
        severity: input.severity,
        status: input.status,
    })
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Allergy> {
    let row: Option<Allergy> =
        sqlx::query_as(concat!(select!(), " WHERE a.id = ?")).bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| AppError::not_found("This allergy is not in the record."))
}

pub(super) async fn of_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Allergy>> {
    let sql = concat!(
        select!(),
        " WHERE a.patient_id = ? ORDER BY a.status = 'inactive', a.recorded_at DESC, a.id DESC"
    );
    Ok(sqlx::query_as(sql).bind(patient_id).fetch_all(conn).await?)
}

/// The allergies that still apply, for the check at dispensing. Read whatever the
/// actor's sight: the safety check must never be blind to an allergy.
pub(crate) async fn active_allergies(
    conn: &mut SqliteConnection,
    patient_id: i64,
) -> AppResult<Vec<Allergy>> {
    let sql = concat!(select!(), " WHERE a.patient_id = ? AND a.status = 'active' ORDER BY a.id");
    Ok(sqlx::query_as(sql).bind(patient_id).fetch_all(conn).await?)
}

pub async fn add_allergy(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    input: AllergyInput,
) -> AppResult<Allergy> {
    let mut tx = open_for_write(store, actor, patient_id, Part::Allergies).await?;
    let c = check(&input)?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO allergies (patient_id, substance, reaction, severity, status, recorded_by, recorded_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(&c.substance)
    .bind(&c.reaction)
    .bind(c.severity.as_str())
    .bind(c.status.as_str())
    .bind(actor.staff_id)
    .bind(&now)
    .bind(&now)
    .fetch_one(tx.conn())
    .await?;
    audit_write(
        &mut tx,
        actor,
        Written { action: AuditAction::Create, entity: "allergy", id, patient_id },
        "",
    )
    .await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Changes an allergy; each changed field keeps its old value in the history.
pub async fn update_allergy(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: AllergyInput,
) -> AppResult<Allergy> {
    let patient_id = patient_of(store, id).await?;
    let mut tx = open_for_write(store, actor, patient_id, Part::Allergies).await?;
    let c = check(&input)?;
    let before = load(tx.conn(), id).await?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let who = (patient_id, actor.staff_id);
    let changed =
        changes::record(tx.conn(), who, ("allergies", id), &columns_of(&before), &c.columns(), &now).await?;
    if changed.is_empty() {
        return Ok(before);
    }
    sqlx::query("UPDATE allergies SET substance = ?, reaction = ?, severity = ?, status = ?, updated_at = ? WHERE id = ?")
        .bind(&c.substance)
        .bind(&c.reaction)
        .bind(c.severity.as_str())
        .bind(c.status.as_str())
        .bind(&now)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let entry = Written { action: AuditAction::Update, entity: "allergy", id, patient_id };
    audit_write(&mut tx, actor, entry, &changed.join(",")).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn patient_of(store: &Store, id: i64) -> AppResult<i64> {
    let found: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM allergies WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    found.ok_or_else(|| AppError::not_found("This allergy is not in the record."))
}
