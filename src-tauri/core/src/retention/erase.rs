//! Secure erasure of a patient's records under the retention rules.
//!
//! What may go is deleted; what must be kept is kept and restricted until its retention
//! ends. When the personal details may go too, the patient's row stays as a tombstone
//! with every identifier removed, so the ids in the audit trail still resolve (to
//! "erased patient #id") and the trail, never touched, still verifies.
//!
//! Bytes leave the file: every connection has `secure_delete` on (SQLite overwrites what
//! it deletes), the store is `auto_vacuum = INCREMENTAL` so freed pages are cut off the
//! end of the file, and the WAL, which still holds the old pages, is checkpointed and
//! truncated once the erasure is committed.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::evaluate::{evaluate, Verdict};
use super::facts::{self, PatientState};
use super::rules::{self, RecordKind};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::{Store, WriteTx};

/// What happened to one kind of a patient's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KindOutcome {
    pub kind: RecordKind,
    #[ts(type = "number")]
    pub erased: i64,
    /// Rows kept (and restricted) because their retention has not ended.
    #[ts(type = "number")]
    pub kept: i64,
    /// The first day the kept rows may go; `null` when kept always or nothing is kept.
    #[ts(type = "string | null")]
    pub keep_until: Option<NaiveDate>,
    /// Why they are kept (or why they could go), for the letter.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErasureOutcome {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    /// The personal details are gone; only the tombstone row is left.
    pub patient_erased: bool,
    pub kinds: Vec<KindOutcome>,
}

pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(crate) async fn load_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<PatientState> {
    let p = facts::of_patient(conn, patient_id)
        .await?
        .ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    if let Some(at) = &p.erased_at {
        return Err(AppError::conflict(format!(
            "This patient's records were already erased on {}; nothing identifying is left to erase.",
            at.get(..10).unwrap_or(at)
        )));
    }
    if p.anonymised_at.is_some() {
        return Err(AppError::conflict(
            "This patient's records were anonymised; nothing in them identifies the patient any more.",
        ));
    }
    Ok(p)
}

/// Appointments of the patient that no remaining note, measure or dispensing refers to.
pub(crate) const FREE_APPOINTMENTS: &str = "SELECT a.id FROM appointments a WHERE a.patient_id = ?1
      AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.appointment_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.appointment_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM dispensings d WHERE d.appointment_id = a.id)";

async fn run(conn: &mut SqliteConnection, sql: &str, patient_id: i64) -> AppResult<i64> {
    // Every statement here is a constant of this module; only the id is bound.
    let done = sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).bind(patient_id).execute(conn).await?;
    Ok(done.rows_affected() as i64)
}

async fn run_all(conn: &mut SqliteConnection, statements: &[&str], patient_id: i64) -> AppResult<i64> {
    let mut n = 0;
    for sql in statements {
        n += run(conn, sql, patient_id).await?;
    }
    Ok(n)
}

/// Deletes the patient's rows of `kind`; returns how many went.
async fn delete_kind(conn: &mut SqliteConnection, kind: RecordKind, patient_id: i64) -> AppResult<i64> {
    match kind {
        RecordKind::ClinicalNotes => {
            // History and grants first: they are not counted, but hold clinical text.
            run_all(
                conn,
                &[
                    "DELETE FROM clinical_changes WHERE patient_id = ?1",
                    "DELETE FROM emergency_access WHERE patient_id = ?1",
                ],
                patient_id,
            )
            .await?;
            run_all(
                conn,
                &[
                    "DELETE FROM notes WHERE patient_id = ?1",
                    "DELETE FROM conditions WHERE patient_id = ?1",
                    "DELETE FROM allergies WHERE patient_id = ?1",
                    "DELETE FROM medications WHERE patient_id = ?1",
                    "DELETE FROM attachments WHERE patient_id = ?1",
                    "DELETE FROM measures WHERE patient_id = ?1",
                ],
                patient_id,
            )
            .await
        }
        RecordKind::PrescriptionsAndDispensings => {
            run(conn, "DELETE FROM dispensings WHERE patient_id = ?1", patient_id).await
        }
        RecordKind::Billing => {
            let n = super::facts::count_kind(conn, RecordKind::Billing, patient_id).await?;
            // The triggers that keep billing rows let this patient's go while the id is
            // in `billing_erasure`, inside this one write transaction.
            run_all(
                conn,
                &[
                    "INSERT INTO billing_erasure (patient_id) VALUES (?1)",
                    "DELETE FROM package_sessions WHERE package_id IN
                       (SELECT id FROM session_packages WHERE patient_id = ?1)",
                    "DELETE FROM session_packages WHERE patient_id = ?1",
                    "DELETE FROM payment_allocations WHERE payment_id IN (SELECT id FROM payments WHERE patient_id = ?1)
                       OR invoice_id IN (SELECT id FROM invoices WHERE patient_id = ?1)",
                    "DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM invoices WHERE patient_id = ?1)",
                    "DELETE FROM invoices WHERE patient_id = ?1",
                    "DELETE FROM payments WHERE patient_id = ?1",
                    "DELETE FROM document_prints WHERE patient_id = ?1",
                    "DELETE FROM billing_erasure WHERE patient_id = ?1",
                ],
                patient_id,
            )
            .await?;
            Ok(n)
        }
        RecordKind::Appointments => {
            let series: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT DISTINCT series_id FROM appointments WHERE id IN ({FREE_APPOINTMENTS}) AND series_id IS NOT NULL"
            )))
            .bind(patient_id)
            .fetch_all(&mut *conn)
            .await?;
            run(
                conn,
                &format!("DELETE FROM appointment_events WHERE appointment_id IN ({FREE_APPOINTMENTS})"),
                patient_id,
            )
            .await?;
            run(
                conn,
                &format!("DELETE FROM reminders_sent WHERE appointment_id IN ({FREE_APPOINTMENTS})"),
                patient_id,
            )
            .await?;
            let n =
                run(conn, &format!("DELETE FROM appointments WHERE id IN ({FREE_APPOINTMENTS})"), patient_id)
                    .await?;
            for id in series {
                sqlx::query(
                    "DELETE FROM appointment_series WHERE id = ?1
                       AND NOT EXISTS (SELECT 1 FROM appointments WHERE series_id = ?1)",
                )
                .bind(id)
                .execute(&mut *conn)
                .await?;
            }
            Ok(n)
        }
        RecordKind::Consents => run(conn, "DELETE FROM consents WHERE patient_id = ?1", patient_id).await,
        RecordKind::Demographics => {
            crate::rights::clear_patient_text(conn, patient_id).await?;
            run_all(
                conn,
                &[
                    crate::rights::DELETABLE_RELATED,
                    "DELETE FROM patient_changes WHERE patient_id = ?1",
                    "DELETE FROM objections WHERE patient_id = ?1",
                    "DELETE FROM retention_restrictions WHERE patient_id = ?1",
                ],
                patient_id,
            )
            .await?;
            let now = crate::clock::utc_text(chrono::Utc::now());
            sqlx::query(
                "UPDATE patients SET full_name = 'Erased patient', name_ur = NULL, relative_name = NULL,
                        birth_date = '1900-01-01', birth_date_estimated = 1, sex = 'unknown', cnic = NULL,
                        phone = NULL, phone_digits = NULL, phone_alt = NULL, phone_alt_digits = NULL,
                        email = NULL, address = NULL, city = NULL, insurance_payer = NULL,
                        insurance_policy = NULL, reception_note = NULL, updated_at = ?2, erased_at = ?2
                  WHERE id = ?1",
            )
            .bind(patient_id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
            // The update trigger re-indexed the tombstone; an erased patient is not findable.
            run(conn, "DELETE FROM patient_search WHERE rowid = ?1", patient_id).await?;
            Ok(1)
        }
        RecordKind::AuditTrail => Err(AppError::internal("the audit trail is never erased")),
    }
}

async fn restrict(
    conn: &mut SqliteConnection,
    actor: &Actor,
    patient_id: i64,
    v: &Verdict,
    request_id: Option<i64>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO retention_restrictions (patient_id, kind, until, reason, request_id, restricted_by, restricted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (patient_id, kind) DO UPDATE SET until = ?3, reason = ?4, request_id = ?5,
                                                    restricted_by = ?6, restricted_at = ?7",
    )
    .bind(patient_id)
    .bind(v.kind.as_str())
    .bind(v.keep_until.map(|d| d.to_string()))
    .bind(&v.reason)
    .bind(request_id)
    .bind(actor.staff_id)
    .bind(crate::clock::utc_text(chrono::Utc::now()))
    .execute(conn)
    .await?;
    Ok(())
}

/// Refuses, with the day they may go, the kinds asked for whose retention has not ended.
fn refuse_kept(verdicts: &[Verdict], kinds: &[RecordKind]) -> AppResult<()> {
    for kind in kinds {
        let v = verdicts.iter().find(|v| v.kind == *kind).expect("a verdict per kind");
        if v.can_go {
            continue;
        }
        let message = match v.keep_until {
            Some(d) => format!(
                "The patient's {} must be kept until {}; they can be erased from that day. {}",
                kind.label(),
                long_date(d),
                v.reason
            ),
            None => {
                format!("The patient's {} are kept always and cannot be erased. {}", kind.label(), v.reason)
            }
        };
        return Err(AppError::Conflict { message, field: Some(kind.as_str().to_string()) });
    }
    Ok(())
}

/// Erases inside `tx`: every kind when `only` is `None` (a deletion request: what must be
/// kept is restricted), else just those kinds, refusing any still under retention.
pub(crate) async fn erase_in(
    tx: &mut WriteTx<'_>,
    actor: &Actor,
    patient_id: i64,
    only: Option<&[RecordKind]>,
    request_id: Option<i64>,
    today: NaiveDate,
) -> AppResult<ErasureOutcome> {
    let patient = load_patient(tx.conn(), patient_id).await?;
    let rules = rules::load(tx.conn()).await?;
    let verdicts = evaluate(&rules, &patient.facts()?, today);
    if let Some(kinds) = only {
        refuse_kept(&verdicts, kinds)?;
    }
    // Personal details go last and only with everything else, never leaving records nobody can place.
    let wanted = |k: RecordKind| match only {
        None => true,
        Some(kinds) => kinds.contains(&k) || kinds.contains(&RecordKind::Demographics),
    };
    // What is kept is restricted for a deletion request, not when the review tidies up.
    let restricting = only.is_none() || request_id.is_some();
    sqlx::query("PRAGMA secure_delete = ON").execute(tx.conn()).await?;

    let mut kinds = Vec::new();
    for v in verdicts.iter().filter(|v| wanted(v.kind)) {
        let mut out = KindOutcome {
            kind: v.kind,
            erased: 0,
            kept: 0,
            keep_until: v.keep_until,
            reason: v.reason.clone(),
        };
        if v.kind == RecordKind::AuditTrail {
            out.kept = facts::count_kind(tx.conn(), v.kind, patient_id).await?;
        } else if v.can_go {
            out.erased = delete_kind(tx.conn(), v.kind, patient_id).await?;
            out.kept = facts::count_kind(tx.conn(), v.kind, patient_id).await?;
            if out.kept > 0 {
                // Appointments a kept note, measure or dispensing refers to stay with it.
                let holders = [RecordKind::ClinicalNotes, RecordKind::PrescriptionsAndDispensings];
                let until = verdicts.iter().filter(|h| holders.contains(&h.kind)).map(|h| h.keep_until).max();
                out.keep_until = until.flatten();
                out.reason =
                    "Kept while the notes, measures or dispensings that refer to them are kept.".into();
                let held = Verdict {
                    kind: v.kind,
                    can_go: false,
                    keep_until: out.keep_until,
                    reason: out.reason.clone(),
                };
                if restricting {
                    restrict(tx.conn(), actor, patient_id, &held, request_id).await?;
                }
            } else {
                out.keep_until = None;
                sqlx::query("DELETE FROM retention_restrictions WHERE patient_id = ?1 AND kind = ?2")
                    .bind(patient_id)
                    .bind(v.kind.as_str())
                    .execute(tx.conn())
                    .await?;
            }
        } else {
            out.kept = facts::count_kind(tx.conn(), v.kind, patient_id).await?;
            if out.kept > 0 && restricting {
                restrict(tx.conn(), actor, patient_id, v, request_id).await?;
            }
        }
        kinds.push(out);
    }
    let patient_erased = kinds.iter().any(|k| k.kind == RecordKind::Demographics && k.erased > 0);
    let cancelled = if restricting && !patient_erased {
        cancel_future_bookings(tx.conn(), actor, patient_id).await?
    } else {
        0
    };

    // Kinds and counts only: the trail never says what the records held.
    let erased: Vec<String> =
        kinds.iter().filter(|k| k.erased > 0).map(|k| format!("{} {}", k.kind.as_str(), k.erased)).collect();
    let kept: Vec<String> = kinds
        .iter()
        .filter(|k| k.kept > 0 && k.kind != RecordKind::AuditTrail)
        .map(|k| match k.keep_until {
            Some(d) => format!("{} until {d}", k.kind.as_str()),
            None => format!("{} always", k.kind.as_str()),
        })
        .collect();
    let mut summary = format!(
        "erased: {}; kept: {}",
        if erased.is_empty() { "nothing".into() } else { erased.join(", ") },
        if kept.is_empty() { "nothing".into() } else { kept.join(", ") }
    );
    if cancelled > 0 {
        summary.push_str(&format!("; {cancelled} future bookings cancelled"));
    }
    if let Some(r) = request_id {
        summary.push_str(&format!("; request #{r}"));
    }
    if kinds.iter().any(|k| k.erased > 0) {
        let at = crate::clock::utc_text(chrono::Utc::now());
        crate::backups::ledger::record(tx.conn(), patient_id, only, &at, actor.staff_id).await?;
        tx.note_erasure();
    }
    let mut e = actor.origin().entry(AuditAction::Erase, "patient", Some(patient_id.to_string()), summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    Ok(ErasureOutcome { patient_id, request_id, patient_erased, kinds })
}

/// A patient restricted after a deletion request will not be seen again, and nobody but
/// the privacy officer may touch their appointments: their future bookings are cancelled
/// (kept, with the reason in their history) so the slots go back to the book.
async fn cancel_future_bookings(
    conn: &mut SqliteConnection,
    actor: &Actor,
    patient_id: i64,
) -> AppResult<i64> {
    let now = crate::clock::utc_text(chrono::Utc::now());
    let reason = "The patient asked for their records to be deleted.";
    let ids: Vec<i64> = sqlx::query_scalar(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'patient', cancel_reason = ?3, updated_at = ?2
         WHERE patient_id = ?1 AND status = 'booked' AND starts_at > ?2 RETURNING id",
    )
    .bind(patient_id)
    .bind(&now)
    .bind(reason)
    .fetch_all(&mut *conn)
    .await?;
    for id in &ids {
        sqlx::query(
            "INSERT INTO appointment_events (appointment_id, at, staff_id, kind, from_status, to_status, reason)
             VALUES (?, ?, ?, 'status', 'booked', 'cancelled', ?)",
        )
        .bind(id)
        .bind(&now)
        .bind(actor.staff_id)
        .bind(reason)
        .execute(&mut *conn)
        .await?;
    }
    Ok(ids.len() as i64)
}

/// Rebuilds the name search index so the trigrams of erased names leave its pages, and
/// gives the freed pages back, inside the erasing transaction.
pub(crate) async fn compact(conn: &mut SqliteConnection) -> AppResult<()> {
    sqlx::query("INSERT INTO patient_search (patient_search) VALUES ('optimize')")
        .execute(&mut *conn)
        .await?;
    sqlx::query("PRAGMA incremental_vacuum").execute(&mut *conn).await?;
    Ok(())
}

/// After commit: copies the WAL into the file and truncates it, so the old pages it
/// still holds are gone too. Readers can hold it up for a moment; it is retried.
pub async fn checkpoint(store: &Store) -> AppResult<()> {
    let mut conn = store.pool().acquire().await?;
    for _ in 0..50 {
        let (busy, _, _): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await?;
        if busy == 0 {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tracing::warn!("the WAL could not be truncated after an erasure; it will be at the next checkpoint");
    Ok(())
}

/// Erases what may go of the patient's records and keeps (restricted) what must stay,
/// saying which is which, until when and why. For a deletion request: `request_id`.
pub async fn erase_patient(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    request_id: Option<i64>,
) -> AppResult<ErasureOutcome> {
    actor.require(Permission::EraseRecords)?;
    let mut tx = store.begin_write().await?;
    let outcome =
        erase_in(&mut tx, actor, patient_id, None, request_id, crate::patients::clinic_today()).await?;
    compact(tx.conn()).await?;
    tx.commit().await?;
    checkpoint(store).await?;
    Ok(outcome)
}

/// Erases just `kinds` of the patient's records; a kind still under retention is
/// refused with the day it can go, and nothing is erased.
pub async fn erase_records(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    kinds: &[RecordKind],
    request_id: Option<i64>,
) -> AppResult<ErasureOutcome> {
    actor.require(Permission::EraseRecords)?;
    if kinds.is_empty() {
        return Err(AppError::validation("kinds", "Choose at least one kind of record to erase."));
    }
    let mut tx = store.begin_write().await?;
    let today = crate::patients::clinic_today();
    let outcome = erase_in(&mut tx, actor, patient_id, Some(kinds), request_id, today).await?;
    compact(tx.conn()).await?;
    tx.commit().await?;
    checkpoint(store).await?;
    Ok(outcome)
}

/// Whether the patient was erased (only the tombstone row is left).
pub async fn is_erased(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM patients WHERE id = ?1 AND erased_at IS NOT NULL)")
        .bind(patient_id)
        .fetch_one(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_names_the_kind_and_the_day() {
        let d = NaiveDate::from_ymd_opt(2031, 3, 10).unwrap();
        let v = vec![Verdict {
            kind: RecordKind::ClinicalNotes,
            can_go: false,
            keep_until: Some(d),
            reason: "Kept 7 years after the last visit (2024-03-10).".into(),
        }];
        let e = refuse_kept(&v, &[RecordKind::ClinicalNotes]).unwrap_err();
        assert_eq!(e.field(), Some("clinical_notes"));
        assert!(
            e.to_string().starts_with("The patient's clinical notes must be kept until 10 March 2031"),
            "{e}"
        );
    }
}
