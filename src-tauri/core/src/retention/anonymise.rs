//! Anonymisation instead of erasure: the patient's identifiers are removed for good and
//! their structured clinical data stays, for statistics.
//!
//! What stays: sex, the year of birth (the date coarsened to 1 January), appointment
//! dates, services and statuses; outcome measures (instrument, item scores, total,
//! band, date); conditions as their ICD-10 code, onset and status; allergies' substance
//! and severity; medications' name, strength, dose and dates; dispensings' item,
//! quantity and date; objections (they say what the data may be used for).
//! What goes: name, CNIC, phones, email, address, city, insurance, reception note,
//! related persons (a guardian a request refers to is kept nameless), the free text of
//! the rights registers, consents (given by named people), the edit history that holds old
//! values, the search index entry; and all free text, since clinicians write names into
//! it: notes (their text is their content) and attachments deleted, condition
//! descriptions, allergy reactions, prescriber names, dispensing instructions and
//! override reasons, cancellation and booking reasons, emergency-access grants and the
//! clinical change history. The bytes are securely deleted as for erasure; there is
//! no way back from inside the store.

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::erase::{checkpoint, compact, load_patient};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::patients::ObjectionPurpose;
use crate::store::{Store, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnonymisationOutcome {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    #[ts(type = "number")]
    pub notes_removed: i64,
    #[ts(type = "number")]
    pub attachments_removed: i64,
}

/// Each removes or blanks identifying text of the patient ?1.
const STATEMENTS: &[&str] = &[
    "DELETE FROM patient_changes WHERE patient_id = ?1",
    "DELETE FROM consents WHERE patient_id = ?1",
    "DELETE FROM emergency_access WHERE patient_id = ?1",
    "DELETE FROM clinical_changes WHERE patient_id = ?1",
    "DELETE FROM retention_restrictions WHERE patient_id = ?1",
    "UPDATE conditions SET description = CASE WHEN icd10 IS NULL THEN 'Description removed'
                                             ELSE 'ICD-10 ' || icd10 END
      WHERE patient_id = ?1",
    "UPDATE allergies SET reaction = NULL WHERE patient_id = ?1",
    "UPDATE medications SET prescriber = NULL WHERE patient_id = ?1",
    "UPDATE dispensings SET instructions = '',
            allergy_override = CASE WHEN allergy_override IS NULL THEN NULL ELSE 'reason removed' END
      WHERE patient_id = ?1",
    // PSFS activities are the patient's own words; their scores stay in order.
    "UPDATE measures SET answers = (
            SELECT json_group_array(json_object('activity', 'Activity ' || (key + 1),
                                                'score', json_extract(value, '$.score')))
              FROM json_each(measures.answers))
      WHERE patient_id = ?1 AND instrument = 'psfs'",
    "UPDATE appointments SET
            cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE 'reason removed' END,
            past_reason = CASE WHEN past_reason IS NULL THEN NULL ELSE 'reason removed' END
      WHERE patient_id = ?1",
    "UPDATE appointment_events SET reason = NULL
      WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?1)",
];

async fn run(conn: &mut SqliteConnection, sql: &str, patient_id: i64) -> AppResult<i64> {
    // Constants of this module; only the id is bound.
    let done = sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).bind(patient_id).execute(conn).await?;
    Ok(done.rows_affected() as i64)
}

pub(crate) async fn anonymise_in(
    tx: &mut WriteTx<'_>,
    actor: &Actor,
    patient_id: i64,
    request_id: Option<i64>,
) -> AppResult<AnonymisationOutcome> {
    load_patient(tx.conn(), patient_id).await?;
    if crate::patients::objects_to(tx.conn(), patient_id, ObjectionPurpose::Statistics).await? {
        return Err(AppError::conflict(
            "This patient objects to the use of their data for statistics, so it cannot be kept anonymised. Erase the records instead.",
        ));
    }
    sqlx::query("PRAGMA secure_delete = ON").execute(tx.conn()).await?;
    let notes_removed = run(tx.conn(), "DELETE FROM notes WHERE patient_id = ?1", patient_id).await?;
    let attachments_removed =
        run(tx.conn(), "DELETE FROM attachments WHERE patient_id = ?1", patient_id).await?;
    crate::rights::clear_patient_text(tx.conn(), patient_id).await?;
    run(tx.conn(), crate::rights::DELETABLE_RELATED, patient_id).await?;
    for sql in STATEMENTS {
        run(tx.conn(), sql, patient_id).await?;
    }
    let now = crate::clock::utc_text(chrono::Utc::now());
    sqlx::query(
        "UPDATE patients SET full_name = 'Anonymised patient', name_ur = NULL, relative_name = NULL,
                birth_date = substr(birth_date, 1, 4) || '-01-01', birth_date_estimated = 1, cnic = NULL,
                phone = NULL, phone_digits = NULL, phone_alt = NULL, phone_alt_digits = NULL, email = NULL,
                address = NULL, city = NULL, insurance_payer = NULL, insurance_policy = NULL,
                reception_note = NULL, updated_at = ?2, anonymised_at = ?2
          WHERE id = ?1",
    )
    .bind(patient_id)
    .bind(&now)
    .execute(tx.conn())
    .await?;
    // The update trigger re-indexed the row; nobody finds an anonymised patient by search.
    run(tx.conn(), "DELETE FROM patient_search WHERE rowid = ?1", patient_id).await?;

    let mut summary =
        format!("identifiers removed; {notes_removed} notes and {attachments_removed} attachments deleted");
    if let Some(r) = request_id {
        summary.push_str(&format!("; request #{r}"));
    }
    let mut e =
        actor.origin().entry(AuditAction::Anonymise, "patient", Some(patient_id.to_string()), summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    Ok(AnonymisationOutcome { patient_id, request_id, notes_removed, attachments_removed })
}

/// Anonymises the patient: identifiers and free text gone for good, structured clinical
/// data kept. Refused when the patient objects to statistics.
pub async fn anonymise_patient(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    request_id: Option<i64>,
) -> AppResult<AnonymisationOutcome> {
    actor.require(Permission::EraseRecords)?;
    let mut tx = store.begin_write().await?;
    let outcome = anonymise_in(&mut tx, actor, patient_id, request_id).await?;
    compact(tx.conn()).await?;
    tx.commit().await?;
    checkpoint(store).await?;
    Ok(outcome)
}
