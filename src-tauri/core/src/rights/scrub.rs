//! What erasure and anonymisation do to the rights registers. The rows stay: the
//! register is the clinic's proof that each request was answered and each disclosure
//! recorded (policy 4 and 7). Their free text goes, since it is written in the
//! requester's or officer's own words and names people; ids, kinds, states, dates and
//! recipients stay, so the register still reads "a deletion request, received on …,
//! fulfilled on …" without saying about whom.

use sqlx::SqliteConnection;

use crate::error::AppResult;

/// Written where a column may not be empty.
const REMOVED: &str = "removed when the patient's records were erased or anonymised";

/// Each statement blanks text of the patient ?1; ?2 is the `REMOVED` marker.
const STATEMENTS: &[&str] = &[
    "UPDATE rights_requests SET details = NULL, identity_notes = NULL, outcome_details = NULL,
            refusal_reason = CASE WHEN refusal_reason IS NULL THEN NULL ELSE ?2 END
      WHERE patient_id = ?1",
    "UPDATE rights_request_events SET note = NULL
      WHERE request_id IN (SELECT id FROM rights_requests WHERE patient_id = ?1)",
    "UPDATE rights_corrections SET change = ?2
      WHERE request_id IN (SELECT id FROM rights_requests WHERE patient_id = ?1)",
    "UPDATE patient_statements SET text = ?2 WHERE patient_id = ?1",
    "UPDATE disclosures SET reason = ?2, what = ?2 WHERE patient_id = ?1",
    // A guardian who made a request is referred to by the request, so their row stays,
    // nameless; the erasure deletes every other related person.
    "UPDATE related_persons SET name = 'Erased', relationship = 'erased', cnic = NULL, phone = NULL
      WHERE patient_id = ?1
        AND id IN (SELECT guardian_id FROM rights_requests WHERE guardian_id IS NOT NULL)",
];

/// Related persons that may be deleted: those no request refers to.
pub(crate) const DELETABLE_RELATED: &str = "DELETE FROM related_persons WHERE patient_id = ?1
       AND id NOT IN (SELECT guardian_id FROM rights_requests WHERE guardian_id IS NOT NULL)";

/// Blanks the free text of the patient's requests, statements and disclosures, inside
/// the erasing (or anonymising) transaction, which has `secure_delete` on.
pub(crate) async fn clear_patient_text(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<()> {
    for sql in STATEMENTS {
        // Constants of this module; only the id and the marker are bound.
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .bind(patient_id)
            .bind(REMOVED)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
