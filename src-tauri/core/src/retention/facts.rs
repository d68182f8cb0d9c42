//! What the evaluator needs, read from the store: birth date, registration day, and the
//! last visit (an attended appointment or any clinical entry), as clinic-calendar days.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::evaluate::PatientFacts;
use super::rules::RecordKind;
use crate::clock::{parse_utc, CLINIC_TZ};
use crate::error::{AppError, AppResult};

/// Every instant that counts as a visit, per patient. Measures have a day instead
/// (`taken_on`) and are read separately.
const VISIT_INSTANTS: &str = "
    SELECT patient_id, starts_at AS at FROM appointments
     WHERE status IN ('arrived', 'in_session', 'completed')
    UNION ALL SELECT patient_id, created_at FROM notes
    UNION ALL SELECT patient_id, dispensed_at FROM dispensings
    UNION ALL SELECT patient_id, recorded_at FROM conditions
    UNION ALL SELECT patient_id, recorded_at FROM allergies
    UNION ALL SELECT patient_id, recorded_at FROM medications
    UNION ALL SELECT patient_id, uploaded_at FROM attachments";

/// A patient as retention sees them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PatientState {
    pub id: i64,
    pub birth_date: String,
    pub created_at: String,
    pub erased_at: Option<String>,
    pub anonymised_at: Option<String>,
    pub last_at: Option<String>,
    pub last_measure_day: Option<String>,
}

fn clinic_day(instant: &str) -> AppResult<NaiveDate> {
    Ok(parse_utc(instant)?.with_timezone(&CLINIC_TZ).date_naive())
}

fn stored_day(text: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored day is not YYYY-MM-DD"))
}

impl PatientState {
    pub fn facts(&self) -> AppResult<PatientFacts> {
        let visit = self.last_at.as_deref().map(clinic_day).transpose()?;
        let measure = self.last_measure_day.as_deref().map(stored_day).transpose()?;
        Ok(PatientFacts {
            birth_date: stored_day(&self.birth_date)?,
            last_visit: visit.max(measure),
            created: clinic_day(&self.created_at)?,
        })
    }
}

fn state_sql(filter: &str) -> String {
    format!(
        "SELECT p.id, p.birth_date, p.created_at, p.erased_at, p.anonymised_at, v.last_at, m.last_measure_day
         FROM patients p
         LEFT JOIN (SELECT patient_id, max(at) AS last_at FROM ({VISIT_INSTANTS}) GROUP BY patient_id) v
                ON v.patient_id = p.id
         LEFT JOIN (SELECT patient_id, max(taken_on) AS last_measure_day FROM measures GROUP BY patient_id) m
                ON m.patient_id = p.id
         {filter}"
    )
}

pub(crate) async fn of_patient(
    conn: &mut SqliteConnection,
    patient_id: i64,
) -> AppResult<Option<PatientState>> {
    // Only the patient's id is bound; the text is built from constants.
    let sql = state_sql("WHERE p.id = ?1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(patient_id).fetch_optional(conn).await?)
}

/// Every patient still holding personal data (neither erased nor anonymised).
pub(crate) async fn of_all_identified(conn: &mut SqliteConnection) -> AppResult<Vec<PatientState>> {
    let sql = state_sql("WHERE p.erased_at IS NULL AND p.anonymised_at IS NULL ORDER BY p.id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await?)
}

/// Rows of each kind per patient, for the review: a kind with nothing left is not due.
/// `free_appointments` are those no note, measure or dispensing refers to.
pub(crate) const ROWS_PER_KIND: &str = "
    SELECT patient_id, 'clinical_notes' AS kind, count(*) AS n FROM (
        SELECT patient_id FROM notes UNION ALL SELECT patient_id FROM conditions
        UNION ALL SELECT patient_id FROM allergies UNION ALL SELECT patient_id FROM medications
        UNION ALL SELECT patient_id FROM attachments UNION ALL SELECT patient_id FROM measures)
      GROUP BY patient_id
    UNION ALL SELECT patient_id, 'prescriptions_and_dispensings', count(*) FROM dispensings GROUP BY patient_id
    UNION ALL SELECT patient_id, 'appointments', count(*) FROM appointments GROUP BY patient_id
    UNION ALL SELECT a.patient_id, 'free_appointments', count(*) FROM appointments a
      WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.appointment_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.appointment_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM dispensings d WHERE d.appointment_id = a.id)
      GROUP BY a.patient_id
    UNION ALL SELECT patient_id, 'consents', count(*) FROM consents GROUP BY patient_id";

/// How many rows of `kind` the patient has (personal details: 1 until erased).
pub(crate) async fn count_kind(
    conn: &mut SqliteConnection,
    kind: RecordKind,
    patient_id: i64,
) -> AppResult<i64> {
    let sql = match kind {
        RecordKind::ClinicalNotes => {
            "SELECT (SELECT count(*) FROM notes WHERE patient_id = ?1)
                  + (SELECT count(*) FROM conditions WHERE patient_id = ?1)
                  + (SELECT count(*) FROM allergies WHERE patient_id = ?1)
                  + (SELECT count(*) FROM medications WHERE patient_id = ?1)
                  + (SELECT count(*) FROM attachments WHERE patient_id = ?1)
                  + (SELECT count(*) FROM measures WHERE patient_id = ?1)"
        }
        RecordKind::PrescriptionsAndDispensings => "SELECT count(*) FROM dispensings WHERE patient_id = ?1",
        RecordKind::Billing => {
            "SELECT (SELECT count(*) FROM invoices WHERE patient_id = ?1)
                  + (SELECT count(*) FROM payments WHERE patient_id = ?1)
                  + (SELECT count(*) FROM session_packages WHERE patient_id = ?1)"
        }
        RecordKind::Appointments => "SELECT count(*) FROM appointments WHERE patient_id = ?1",
        RecordKind::Consents => "SELECT count(*) FROM consents WHERE patient_id = ?1",
        RecordKind::Demographics => "SELECT count(*) FROM patients WHERE id = ?1 AND erased_at IS NULL",
        RecordKind::AuditTrail => "SELECT count(*) FROM audit_log WHERE patient_id = ?1",
    };
    Ok(sqlx::query_scalar(sql).bind(patient_id).fetch_one(conn).await?)
}
