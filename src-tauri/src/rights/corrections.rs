//! Correction outcomes (policy 7): an accepted correction links the record that was
//! amended (the amendment itself is made where that record lives: a note's amendment
//! in records, a demographic change in patients, both keeping the original) and lists
//! who received the old data; a refused one may carry the patient's statement of
//! disagreement, which exports include.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::disclosures::{disclosures_of, Disclosure};
use crate::clock::utc_text;
use crate::error::{AppError, AppResult};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AmendedEntity {
    /// A clinical note: the id is the amending note's.
    Note,
    /// The patient's details: the id is the `patient_changes` row of the change.
    PatientDetails,
}

impl AmendedEntity {
    pub fn as_str(self) -> &'static str {
        match self {
            AmendedEntity::Note => "note",
            AmendedEntity::PatientDetails => "patient_details",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AmendedRecord {
    pub entity: AmendedEntity,
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CorrectionAccepted {
    /// What was changed, in words.
    pub change: String,
    pub amended: AmendedRecord,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct PatientStatement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    pub text: String,
    pub received_at: String,
}

pub(super) fn check_accepted(c: &CorrectionAccepted) -> AppResult<CorrectionAccepted> {
    let change = validate::text("correction.change", "The description of the change", &c.change, 2000)?;
    Ok(CorrectionAccepted { change, amended: c.amended })
}

/// Stores the outcome and returns who received the patient's data before, to be told.
pub(super) async fn record_accepted(
    conn: &mut SqliteConnection,
    request_id: i64,
    patient_id: i64,
    c: &CorrectionAccepted,
) -> AppResult<Vec<Disclosure>> {
    let sql = match c.amended.entity {
        AmendedEntity::Note => "SELECT EXISTS (SELECT 1 FROM notes WHERE id = ?1 AND patient_id = ?2)",
        AmendedEntity::PatientDetails => {
            "SELECT EXISTS (SELECT 1 FROM patient_changes WHERE id = ?1 AND patient_id = ?2)"
        }
    };
    let belongs: bool =
        sqlx::query_scalar(sql).bind(c.amended.id).bind(patient_id).fetch_one(&mut *conn).await?;
    if !belongs {
        let what = match c.amended.entity {
            AmendedEntity::Note => "This note is not part of this patient's record.",
            AmendedEntity::PatientDetails => "This change is not one made to this patient's details.",
        };
        return Err(AppError::validation(
            "correction.amended.id",
            format!("{what} Amend the record first, then choose that amendment here."),
        ));
    }
    sqlx::query(
        "INSERT INTO rights_corrections (request_id, change, amended_entity, amended_id) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(request_id)
    .bind(&c.change)
    .bind(c.amended.entity.as_str())
    .bind(c.amended.id)
    .execute(&mut *conn)
    .await?;
    disclosures_of(conn, patient_id).await
}

pub(super) async fn record_statement(
    conn: &mut SqliteConnection,
    patient_id: i64,
    request_id: i64,
    text: &str,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO patient_statements (patient_id, request_id, text, received_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    )
    .bind(patient_id)
    .bind(request_id)
    .bind(text)
    .bind(utc_text(now))
    .bind(staff_id)
    .fetch_one(conn)
    .await?)
}

/// The patient's statements of disagreement, oldest first, for the record exports.
/// The caller checks who may read them.
pub async fn statements_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<PatientStatement>> {
    Ok(sqlx::query_as(
        "SELECT id, patient_id, request_id, text, received_at FROM patient_statements
         WHERE patient_id = ?1 ORDER BY id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}
