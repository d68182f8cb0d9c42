//! The retention review: which patients hold records whose retention has ended (as of
//! the clinic's today), and erasing or anonymising a reviewed list in bulk with
//! progress, a confirmation and audit.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::anonymise::anonymise_in;
use super::erase::{checkpoint, compact, erase_in};
use super::evaluate::evaluate;
use super::facts::{self, ROWS_PER_KIND};
use super::rules::{self, RecordKind};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

/// A patient with records due to go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReviewItem {
    #[ts(type = "number")]
    pub patient_id: i64,
    pub mrn: String,
    pub full_name: String,
    /// The kinds whose retention has ended and that still hold records.
    pub due: Vec<RecordKind>,
    /// Everything may go, personal details included.
    pub whole_record: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewAction {
    /// Erase the kinds that are due (the personal details too when everything is due).
    Erase,
    /// Anonymise the patient instead: identifiers gone, structured clinical data kept.
    Anonymise,
}

/// Sent after each patient of a bulk run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReviewProgress {
    pub done: u32,
    pub total: u32,
    #[ts(type = "number")]
    pub patient_id: i64,
    /// Why this patient was skipped, when they were (the rest go on).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReviewResult {
    pub processed: u32,
    pub skipped: u32,
}

/// Patients (neither erased nor anonymised) with the kinds due on `today`.
async fn due_on(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> AppResult<Vec<(i64, Vec<RecordKind>, bool)>> {
    let rules = rules::load(conn).await?;
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(ROWS_PER_KIND).fetch_all(&mut *conn).await?;
    let mut held: HashMap<i64, HashMap<String, i64>> = HashMap::new();
    for (patient_id, kind, n) in rows {
        held.entry(patient_id).or_default().insert(kind, n);
    }
    let none = HashMap::new();
    let mut out = Vec::new();
    for p in facts::of_all_identified(conn).await? {
        let holds = held.get(&p.id).unwrap_or(&none);
        let rows = |k: &str| holds.get(k).copied().unwrap_or(0);
        let can_go: Vec<RecordKind> =
            evaluate(&rules, &p.facts()?, today).into_iter().filter(|v| v.can_go).map(|v| v.kind).collect();
        let due = due_kinds(&can_go, |k| rows(k.as_str()), rows("free_appointments"));
        if !due.is_empty() {
            let whole = due.contains(&RecordKind::Demographics);
            out.push((p.id, due, whole));
        }
    }
    Ok(out)
}

/// Of the kinds that may go, those with something to erase. Appointments a note, measure
/// or dispensing refers to go only with it, so they count when their holder is due too.
fn due_kinds(
    can_go: &[RecordKind],
    rows: impl Fn(RecordKind) -> i64,
    free_appointments: i64,
) -> Vec<RecordKind> {
    let holders_due = can_go.iter().any(|k| {
        matches!(k, RecordKind::ClinicalNotes | RecordKind::PrescriptionsAndDispensings) && rows(*k) > 0
    });
    can_go
        .iter()
        .copied()
        .filter(|k| match k {
            RecordKind::Demographics => true,
            RecordKind::AuditTrail => false,
            RecordKind::Appointments => free_appointments > 0 || (holders_due && rows(*k) > 0),
            k => rows(*k) > 0,
        })
        .collect()
}

/// The review list for the privacy officer.
pub async fn due_for_review(store: &Store, actor: &Actor) -> AppResult<Vec<ReviewItem>> {
    actor.require(Permission::EraseRecords)?;
    let mut conn = store.pool().acquire().await?;
    let due = due_on(&mut conn, crate::patients::clinic_today()).await?;
    let mut items = Vec::with_capacity(due.len());
    for (patient_id, due, whole_record) in due {
        let (mrn, full_name): (String, String) =
            sqlx::query_as("SELECT mrn, full_name FROM patients WHERE id = ?1")
                .bind(patient_id)
                .fetch_one(&mut *conn)
                .await?;
        items.push(ReviewItem { patient_id, mrn, full_name, due, whole_record });
    }
    drop(conn);
    let ids: Vec<i64> = items.iter().map(|i| i.patient_id).collect();
    let e = actor.origin().entry(
        AuditAction::View,
        "retention_review",
        None,
        format!("{} patients due", ids.len()),
    );
    store.audit_read_naming(e, &ids).await?;
    Ok(items)
}

/// How many patients hold records due to go, for the start-up and daily notice. A count
/// names nobody, so it needs no session.
pub async fn count_due(store: &Store, actor: &Actor) -> AppResult<u32> {
    count_due_on(store, actor, crate::patients::clinic_today()).await
}

/// How many patients are due for the review: for the privacy officer, who works it.
pub async fn count_due_on(store: &Store, actor: &Actor, today: NaiveDate) -> AppResult<u32> {
    actor.require(Permission::EraseRecords)?;
    let mut conn = store.pool().acquire().await?;
    Ok(due_on(&mut conn, today).await?.len() as u32)
}

/// Erases or anonymises the reviewed patients one transaction each, reporting after
/// each; `confirm_count` must be the number of patients the officer confirmed. A patient
/// who is no longer due (or already done) is skipped with the reason; the others go on.
pub async fn process_review(
    store: &Store,
    actor: &Actor,
    patient_ids: &[i64],
    action: ReviewAction,
    confirm_count: u32,
    progress: &mut (dyn FnMut(ReviewProgress) + Send),
) -> AppResult<ReviewResult> {
    actor.require(Permission::EraseRecords)?;
    let mut ids = patient_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::validation("patient_ids", "Choose at least one patient from the review list."));
    }
    if confirm_count as usize != ids.len() {
        return Err(AppError::validation(
            "confirm_count",
            format!("To confirm, type the number of patients chosen: {}.", ids.len()),
        ));
    }
    let today = crate::patients::clinic_today();
    let total = ids.len() as u32;
    let mut result = ReviewResult { processed: 0, skipped: 0 };
    for (i, id) in ids.iter().copied().enumerate() {
        let problem = match one(store, actor, id, action, today).await {
            Ok(()) => {
                result.processed += 1;
                None
            }
            Err(e @ (AppError::Conflict { .. } | AppError::NotFound { .. })) => {
                result.skipped += 1;
                Some(e.to_string())
            }
            Err(e) => return Err(e),
        };
        progress(ReviewProgress { done: i as u32 + 1, total, patient_id: id, problem });
    }
    let mut tx = store.begin_write().await?;
    compact(tx.conn()).await?;
    let summary = format!(
        "retention review, {}: {} processed, {} skipped",
        match action {
            ReviewAction::Erase => "erase",
            ReviewAction::Anonymise => "anonymise",
        },
        result.processed,
        result.skipped
    );
    tx.audit(actor.origin().entry(AuditAction::Erase, "retention_review", None, summary)).await?;
    tx.commit().await?;
    checkpoint(store).await?;
    Ok(result)
}

async fn one(store: &Store, actor: &Actor, id: i64, action: ReviewAction, today: NaiveDate) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    match action {
        ReviewAction::Anonymise => {
            anonymise_in(&mut tx, actor, id, None).await?;
        }
        ReviewAction::Erase => {
            let due = due_of(tx.conn(), id, today).await?;
            if due.is_empty() {
                return Err(AppError::conflict("Nothing of this patient's records is due to go today."));
            }
            erase_in(&mut tx, actor, id, Some(&due), None, today).await?;
        }
    }
    tx.commit().await
}

/// The kinds of one patient due on `today` (rechecked at the moment of erasing).
async fn due_of(
    conn: &mut SqliteConnection,
    patient_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<RecordKind>> {
    let p = super::erase::load_patient(conn, patient_id).await?;
    let rules = rules::load(conn).await?;
    let can_go: Vec<RecordKind> =
        evaluate(&rules, &p.facts()?, today).into_iter().filter(|v| v.can_go).map(|v| v.kind).collect();
    let mut rows = HashMap::new();
    for k in &can_go {
        rows.insert(*k, facts::count_kind(conn, *k, patient_id).await?);
    }
    let free: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM ({})",
        super::erase::FREE_APPOINTMENTS
    )))
    .bind(patient_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(due_kinds(&can_go, |k| rows.get(&k).copied().unwrap_or(0), free))
}
