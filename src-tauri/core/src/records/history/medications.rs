//! The medicines a patient takes or took, as told or prescribed elsewhere; what the
//! clinic's own pharmacy handed over is in `dispensings`.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::changes::{self, Columns};
use super::fields::{self, opt};
use super::{audit_write, open_for_write, Written};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::Part;
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MedicationInput {
    pub name: String,
    /// e.g. 500 mg
    pub strength: Option<String>,
    /// e.g. 1 tablet
    pub dose: Option<String>,
    /// e.g. by mouth
    pub route: Option<String>,
    /// e.g. twice a day
    pub frequency: Option<String>,
    /// `YYYY-MM-DD`, optional.
    pub starts_on: Option<String>,
    /// `YYYY-MM-DD`, optional; not before `starts_on`.
    pub stops_on: Option<String>,
    pub prescriber: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Medication {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub name: String,
    pub strength: Option<String>,
    pub dose: Option<String>,
    pub route: Option<String>,
    pub frequency: Option<String>,
    pub starts_on: Option<String>,
    pub stops_on: Option<String>,
    pub prescriber: Option<String>,
    /// Not stopped before today (clinic calendar).
    pub current: bool,
    pub recorded_by_name: String,
    pub recorded_at: String,
    pub updated_at: String,
}

macro_rules! select {
    () => {
        "SELECT m.id, m.patient_id, m.name, m.strength, m.dose, m.route, m.frequency, m.starts_on, m.stops_on,
                m.prescriber, (m.stops_on IS NULL OR m.stops_on >= ?1) AS current,
                s.full_name AS recorded_by_name, m.recorded_at, m.updated_at
         FROM medications m JOIN staff s ON s.id = m.recorded_by"
    };
}

struct Checked {
    name: String,
    strength: Option<String>,
    dose: Option<String>,
    route: Option<String>,
    frequency: Option<String>,
    starts_on: Option<String>,
    stops_on: Option<String>,
    prescriber: Option<String>,
}

impl Checked {
    fn columns(&self) -> Columns {
        vec![
            ("name", Some(self.name.clone())),
            ("strength", self.strength.clone()),
            ("dose", self.dose.clone()),
            ("route", self.route.clone()),
            ("frequency", self.frequency.clone()),
            ("starts_on", self.starts_on.clone()),
            ("stops_on", self.stops_on.clone()),
            ("prescriber", self.prescriber.clone()),
        ]
    }
}

fn columns_of(m: &Medication) -> Columns {
    vec![
        ("name", Some(m.name.clone())),
        ("strength", m.strength.clone()),
        ("dose", m.dose.clone()),
        ("route", m.route.clone()),
        ("frequency", m.frequency.clone()),
        ("starts_on", m.starts_on.clone()),
        ("stops_on", m.stops_on.clone()),
        ("prescriber", m.prescriber.clone()),
    ]
}

fn check(input: &MedicationInput) -> AppResult<Checked> {
    let starts_on = fields::date("starts_on", opt(&input.starts_on))?;
    let stops_on = fields::date("stops_on", opt(&input.stops_on))?;
    if let (Some(start), Some(stop)) = (starts_on, stops_on) {
        if stop < start {
            return Err(AppError::validation(
                "stops_on",
                format!("The stop date ({stop}) is before the start date ({start})."),
            ));
        }
    }
    let text = |field: &str, label: &str, v: &Option<String>, max| {
        validate::optional_text(field, label, opt(v), max)
    };
    Ok(Checked {
        name: validate::text("name", "The medicine's name", &input.name, 100)?,
        strength: text("strength", "The strength", &input.strength, 40)?,
        dose: text("dose", "The dose", &input.dose, 60)?,
        route: text("route", "The route", &input.route, 40)?,
        frequency: text("frequency", "How often", &input.frequency, 60)?,
        starts_on: starts_on.map(|d| d.to_string()),
        stops_on: stops_on.map(|d| d.to_string()),
        prescriber: text("prescriber", "The prescriber", &input.prescriber, 100)?,
    })
}

fn today() -> String {
    crate::patients::clinic_today().to_string()
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Medication> {
    let row: Option<Medication> = sqlx::query_as(concat!(select!(), " WHERE m.id = ?2"))
        .bind(today())
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| AppError::not_found("This medication is not in the record."))
}

/// Current medicines first, the most recently started first.
pub(super) async fn of_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<Medication>> {
    let sql = concat!(
        select!(),
        " WHERE m.patient_id = ?2 ORDER BY current DESC, coalesce(m.starts_on, m.recorded_at) DESC, m.id DESC"
    );
    Ok(sqlx::query_as(sql).bind(today()).bind(patient_id).fetch_all(conn).await?)
}

pub async fn add_medication(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    input: MedicationInput,
) -> AppResult<Medication> {
    let mut tx = open_for_write(store, actor, patient_id, Part::Medications).await?;
    let c = check(&input)?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO medications (patient_id, name, strength, dose, route, frequency, starts_on, stops_on, prescriber,
             recorded_by, recorded_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(&c.name)
    .bind(&c.strength)
    .bind(&c.dose)
    .bind(&c.route)
    .bind(&c.frequency)
    .bind(&c.starts_on)
    .bind(&c.stops_on)
    .bind(&c.prescriber)
    .bind(actor.staff_id)
    .bind(&now)
    .bind(&now)
    .fetch_one(tx.conn())
    .await?;
    let entry = Written { action: AuditAction::Create, entity: "medication", id, patient_id };
    audit_write(&mut tx, actor, entry, "").await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Changes a medication (a new dose, a stop date); each changed field keeps its old
/// value in the history.
pub async fn update_medication(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: MedicationInput,
) -> AppResult<Medication> {
    let patient_id = patient_of(store, id).await?;
    let mut tx = open_for_write(store, actor, patient_id, Part::Medications).await?;
    let c = check(&input)?;
    let before = load(tx.conn(), id).await?;
    let now = crate::clock::utc_text(chrono::Utc::now());
    let who = (patient_id, actor.staff_id);
    let changed =
        changes::record(tx.conn(), who, ("medications", id), &columns_of(&before), &c.columns(), &now)
            .await?;
    if changed.is_empty() {
        return Ok(before);
    }
    sqlx::query(
        "UPDATE medications SET name = ?, strength = ?, dose = ?, route = ?, frequency = ?, starts_on = ?,
             stops_on = ?, prescriber = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&c.strength)
    .bind(&c.dose)
    .bind(&c.route)
    .bind(&c.frequency)
    .bind(&c.starts_on)
    .bind(&c.stops_on)
    .bind(&c.prescriber)
    .bind(&now)
    .bind(id)
    .execute(tx.conn())
    .await?;
    let entry = Written { action: AuditAction::Update, entity: "medication", id, patient_id };
    audit_write(&mut tx, actor, entry, &changed.join(",")).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn patient_of(store: &Store, id: i64) -> AppResult<i64> {
    let found: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM medications WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    found.ok_or_else(|| AppError::not_found("This medication is not in the record."))
}
