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
use crate::records::{Discipline, Part};
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

/// The part of the record a statement of disagreement disputes. The statement is read
/// with that part and by nobody who may not read it (`records::access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DisputedRecord {
    /// The patient's details (name, dates, contact): in every copy of the record.
    PatientDetails,
    /// A discipline's notes and outcome measures.
    Physiotherapy,
    Psychology,
    Pharmacy,
    Conditions,
    Allergies,
    Medications,
}

impl DisputedRecord {
    pub const ALL: [DisputedRecord; 7] = [
        DisputedRecord::PatientDetails,
        DisputedRecord::Physiotherapy,
        DisputedRecord::Psychology,
        DisputedRecord::Pharmacy,
        DisputedRecord::Conditions,
        DisputedRecord::Allergies,
        DisputedRecord::Medications,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputedRecord::PatientDetails => "patient_details",
            DisputedRecord::Physiotherapy => "physiotherapy",
            DisputedRecord::Psychology => "psychology",
            DisputedRecord::Pharmacy => "pharmacy",
            DisputedRecord::Conditions => "conditions",
            DisputedRecord::Allergies => "allergies",
            DisputedRecord::Medications => "medications",
        }
    }

    pub fn parse(s: &str) -> Option<DisputedRecord> {
        DisputedRecord::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The part of the clinical record whose readers read the statement; `None` for the
    /// patient's details, which every copy of the record holds.
    pub fn part(self) -> Option<Part> {
        match self {
            DisputedRecord::PatientDetails => None,
            DisputedRecord::Physiotherapy => Some(Part::Notes(Discipline::Physiotherapy)),
            DisputedRecord::Psychology => Some(Part::Notes(Discipline::Psychology)),
            DisputedRecord::Pharmacy => Some(Part::Notes(Discipline::Pharmacy)),
            DisputedRecord::Conditions => Some(Part::Conditions),
            DisputedRecord::Allergies => Some(Part::Allergies),
            DisputedRecord::Medications => Some(Part::Medications),
        }
    }

    /// How the record copy names it, after "about the".
    pub fn words(self) -> &'static str {
        match self {
            DisputedRecord::PatientDetails => "patient's details",
            DisputedRecord::Physiotherapy => "physiotherapy records",
            DisputedRecord::Psychology => "psychology records",
            DisputedRecord::Pharmacy => "pharmacy records",
            DisputedRecord::Conditions => "problems",
            DisputedRecord::Allergies => "allergies",
            DisputedRecord::Medications => "medications",
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

#[derive(Debug, Clone, Serialize, TS)]
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
    /// What it disputes; `null` for a statement recorded before statements said so.
    pub disputes: Option<DisputedRecord>,
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
    disputes: DisputedRecord,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO patient_statements (patient_id, request_id, text, disputes, received_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(patient_id)
    .bind(request_id)
    .bind(text)
    .bind(disputes.as_str())
    .bind(utc_text(now))
    .bind(staff_id)
    .fetch_one(conn)
    .await?)
}

type StatementRow = (i64, i64, Option<i64>, String, String, Option<String>);

/// The patient's statements of disagreement, oldest first, every one of them: for the
/// patient's own copies and the privacy officer. A copy for anyone else keeps those its
/// reader may read (`records::access::Sight::reads_statement`).
pub async fn statements_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<PatientStatement>> {
    let rows: Vec<StatementRow> = sqlx::query_as(
        "SELECT id, patient_id, request_id, text, received_at, disputes FROM patient_statements
         WHERE patient_id = ?1 ORDER BY id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, patient_id, request_id, text, received_at, disputes)| {
            let disputes = disputes
                .map(|d| {
                    DisputedRecord::parse(&d)
                        .ok_or_else(|| AppError::internal("a stored statement's subject is unknown"))
                })
                .transpose()?;
            Ok(PatientStatement { id, patient_id, request_id, text, received_at, disputes })
        })
        .collect()
}
