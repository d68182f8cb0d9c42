//! Recording a request, reading the register, and the due-date setting.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::steps::IdentityMethod;
use super::{clinic_date, live_patient, RequestKind, RequestState};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{parse_date, utc_text};
use crate::error::{AppError, AppResult};
use crate::patients::{fields::age_on, CHILD_UNDER};
use crate::store::Store;
use crate::validate;

/// Days from receipt to the due date when the clinic has not set `rights_due_days`.
pub const DEFAULT_DUE_DAYS: u32 = 30;
const DUE_DAYS_KEY: &str = "rights_due_days";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestedBy {
    Patient,
    /// A parent or guardian on record in the patient's related persons (policy 10).
    Guardian,
}

impl RequestedBy {
    fn as_str(self) -> &'static str {
        match self {
            RequestedBy::Patient => "patient",
            RequestedBy::Guardian => "guardian",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RequestInput {
    /// Sent as text and checked here, so an unknown kind gets a message, not a crash.
    #[ts(as = "super::RequestKind")]
    pub kind: String,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub requested_by: RequestedBy,
    /// The related person (kind guardian) who asked; only when `requested_by` is guardian.
    #[ts(optional, type = "number")]
    #[serde(default)]
    pub guardian_id: Option<i64>,
    /// What the requester asks for, in their words (the correction wanted, the purpose objected to).
    #[serde(default)]
    pub details: String,
    /// `YYYY-MM-DD`, not in the future.
    pub received_on: String,
    /// `YYYY-MM-DD`; empty for the clinic's default (received + `rights_due_days`).
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RightsRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: RequestKind,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    pub mrn: String,
    pub requested_by: RequestedBy,
    #[ts(type = "number | null")]
    pub guardian_id: Option<i64>,
    /// The guardian's name, or the patient's when the patient asked.
    pub requester_name: String,
    pub details: Option<String>,
    pub received_on: String,
    pub due_on: String,
    pub state: RequestState,
    pub identity_method: Option<IdentityMethod>,
    pub identity_notes: Option<String>,
    pub outcome_details: Option<String>,
    pub refusal_reason: Option<String>,
    pub created_at: String,
    pub closed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct RequestEvent {
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
    pub staff_name: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RightsRequestDetail {
    pub request: RightsRequest,
    pub events: Vec<RequestEvent>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    patient_id: i64,
    patient_name: String,
    mrn: String,
    requester: String,
    guardian_id: Option<i64>,
    guardian_name: Option<String>,
    details: Option<String>,
    received_on: String,
    due_on: String,
    state: String,
    identity_method: Option<String>,
    identity_notes: Option<String>,
    outcome_details: Option<String>,
    refusal_reason: Option<String>,
    created_at: String,
    closed_at: Option<String>,
}

pub(super) const SELECT: &str = "SELECT r.id, r.kind, r.patient_id, p.full_name AS patient_name, p.mrn,
        r.requester, r.guardian_id, g.name AS guardian_name, r.details, r.received_on, r.due_on,
        r.state, r.identity_method, r.identity_notes, r.outcome_details, r.refusal_reason,
        r.created_at, r.closed_at
    FROM rights_requests r
    JOIN patients p ON p.id = r.patient_id
    LEFT JOIN related_persons g ON g.id = r.guardian_id";

impl Row {
    fn into_request(self) -> AppResult<RightsRequest> {
        let requested_by =
            if self.requester == "guardian" { RequestedBy::Guardian } else { RequestedBy::Patient };
        Ok(RightsRequest {
            id: self.id,
            kind: RequestKind::parse(&self.kind)?,
            patient_id: self.patient_id,
            requester_name: self.guardian_name.unwrap_or_else(|| self.patient_name.clone()),
            patient_name: self.patient_name,
            mrn: self.mrn,
            requested_by,
            guardian_id: self.guardian_id,
            details: self.details,
            received_on: self.received_on,
            due_on: self.due_on,
            state: RequestState::parse(&self.state)?,
            identity_method: self.identity_method.as_deref().map(IdentityMethod::parse).transpose()?,
            identity_notes: self.identity_notes,
            outcome_details: self.outcome_details,
            refusal_reason: self.refusal_reason,
            created_at: self.created_at,
            closed_at: self.closed_at,
        })
    }
}

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<RightsRequest> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = ?1")))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| AppError::not_found("This request does not exist."))?.into_request()
}

pub(super) async fn load_where(
    conn: &mut SqliteConnection,
    filter: &'static str,
    patient_id: Option<i64>,
) -> AppResult<Vec<RightsRequest>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} {filter}")))
        .bind(patient_id)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Row::into_request).collect()
}

async fn events(conn: &mut SqliteConnection, id: i64) -> AppResult<Vec<RequestEvent>> {
    Ok(sqlx::query_as(
        "SELECT e.from_state, e.to_state, e.note, s.full_name AS staff_name, e.at
         FROM rights_request_events e JOIN staff s ON s.id = e.staff_id
         WHERE e.request_id = ?1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// Appends one step to a request's history.
pub(super) async fn add_event(
    conn: &mut SqliteConnection,
    request_id: i64,
    from: Option<RequestState>,
    to: RequestState,
    note: Option<&str>,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO rights_request_events (request_id, from_state, to_state, note, staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(request_id)
    .bind(from.map(RequestState::as_str))
    .bind(to.as_str())
    .bind(note)
    .bind(staff_id)
    .bind(utc_text(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The clinic's number of days from receipt to the due date.
pub async fn due_days(conn: &mut SqliteConnection) -> AppResult<u32> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1")
        .bind(DUE_DAYS_KEY)
        .fetch_optional(conn)
        .await?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_DUE_DAYS))
}

pub async fn get_due_days(store: &Store, actor: &Actor) -> AppResult<u32> {
    actor.require(Permission::ManageRightsRequests)?;
    due_days(&mut *store.pool().acquire().await?).await
}

pub async fn set_due_days(store: &Store, actor: &Actor, days: u32) -> AppResult<u32> {
    actor.require(Permission::ManageRightsRequests)?;
    if !(1..=90).contains(&days) {
        return Err(AppError::validation(
            "rights_due_days",
            "The time to answer must be between 1 and 90 days.",
        ));
    }
    let mut tx = store.begin_write().await?;
    let before = due_days(tx.conn()).await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(DUE_DAYS_KEY)
    .bind(days.to_string())
    .execute(tx.conn())
    .await?;
    let summary = format!("{DUE_DAYS_KEY} {before} -> {days}");
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "settings",
        Some(DUE_DAYS_KEY.into()),
        summary,
    ))
    .await?;
    tx.commit().await?;
    Ok(days)
}

fn parse_kind(text: &str) -> AppResult<RequestKind> {
    RequestKind::ALL.into_iter().find(|k| k.as_str() == text.trim()).ok_or_else(|| {
        AppError::validation(
            "kind",
            "Choose the kind of request: access, correction, deletion, portability or objection.",
        )
    })
}

/// Checks the requester against policy 10: a child's request comes from a guardian on
/// record; a guardian is always one on record for this patient.
async fn check_requester(
    conn: &mut SqliteConnection,
    input: &RequestInput,
    birth_date: NaiveDate,
    today: NaiveDate,
) -> AppResult<Option<i64>> {
    match (input.requested_by, input.guardian_id) {
        (RequestedBy::Patient, Some(_)) => Err(AppError::validation(
            "guardian_id",
            "A guardian is chosen only when a guardian made the request. Clear it, or record the guardian as the requester.",
        )),
        (RequestedBy::Patient, None) if age_on(birth_date, today) < CHILD_UNDER => Err(AppError::validation(
            "requested_by",
            "This patient is under 13: only a parent or guardian on record can make a request for them.",
        )),
        (RequestedBy::Patient, None) => Ok(None),
        (RequestedBy::Guardian, None) => {
            Err(AppError::validation("guardian_id", "Choose the guardian who made the request."))
        }
        (RequestedBy::Guardian, Some(g)) => {
            let on_record: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM related_persons
                  WHERE id = ?1 AND patient_id = ?2 AND kind = 'guardian')",
            )
            .bind(g)
            .bind(input.patient_id)
            .fetch_one(conn)
            .await?;
            if on_record {
                Ok(Some(g))
            } else {
                Err(AppError::validation(
                    "guardian_id",
                    "This person is not on record as the patient's guardian. Add them as guardian on the patient's record first.",
                ))
            }
        }
    }
}

fn check_dates(input: &RequestInput, today: NaiveDate, days: u32) -> AppResult<(NaiveDate, NaiveDate)> {
    let received = parse_date("received_on", &input.received_on)?;
    if received > today {
        return Err(AppError::validation("received_on", "The date received cannot be in the future."));
    }
    let due = if input.due_on.trim().is_empty() {
        received + Duration::days(i64::from(days))
    } else {
        parse_date("due_on", &input.due_on)?
    };
    if due < received {
        return Err(AppError::validation(
            "due_on",
            "The due date cannot be before the date the request was received.",
        ));
    }
    if due < today {
        return Err(AppError::validation(
            "due_on",
            format!(
                "The due date {due} has already passed. Enter the date by which the answer will be sent."
            ),
        ));
    }
    Ok((received, due))
}

/// Records a request as received. `now` is the clock (tests set it).
pub async fn record_request(
    store: &Store,
    actor: &Actor,
    input: RequestInput,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    actor.require(Permission::ManageRightsRequests)?;
    let kind = parse_kind(&input.kind)?;
    let details = validate::optional_text("details", "What the requester asks for", &input.details, 2000)?;
    let today = clinic_date(now);
    let mut tx = store.begin_write().await?;
    let patient = live_patient(tx.conn(), input.patient_id).await?;
    let guardian_id = check_requester(tx.conn(), &input, patient.birth_date, today).await?;
    let days = due_days(tx.conn()).await?;
    let (received, due) = check_dates(&input, today, days)?;
    let open: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, due_on FROM rights_requests
         WHERE patient_id = ?1 AND kind = ?2 AND state IN ('received', 'identity_verified', 'in_progress')",
    )
    .bind(patient.id)
    .bind(kind.as_str())
    .fetch_optional(tx.conn())
    .await?;
    if let Some((other, other_due)) = open {
        return Err(AppError::Conflict {
            message: format!(
                "This patient already has an open {} request (number {other}, due {other_due}). Work on that one instead of recording it again.",
                kind.as_str()
            ),
            field: Some("kind".into()),
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rights_requests
             (kind, patient_id, requester, guardian_id, details, received_on, due_on, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(patient.id)
    .bind(input.requested_by.as_str())
    .bind(guardian_id)
    .bind(&details)
    .bind(received.to_string())
    .bind(due.to_string())
    .bind(actor.staff_id)
    .bind(utc_text(now))
    .fetch_one(tx.conn())
    .await?;
    add_event(tx.conn(), id, None, RequestState::Received, None, actor.staff_id, now).await?;
    let summary = format!("{} request, by {}", kind.as_str(), input.requested_by.as_str());
    let mut e = actor.origin().entry(AuditAction::Create, "rights_request", Some(id.to_string()), summary);
    e.patient_id = Some(patient.id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn get_request(store: &Store, actor: &Actor, id: i64) -> AppResult<RightsRequestDetail> {
    actor.require(Permission::ManageRightsRequests)?;
    let mut conn = store.pool().acquire().await?;
    let request = load(&mut conn, id).await?;
    let events = events(&mut conn, id).await?;
    drop(conn);
    let mut e = actor.origin().entry(AuditAction::View, "rights_request", Some(id.to_string()), "");
    e.patient_id = Some(request.patient_id);
    store.audit_read(e).await?;
    Ok(RightsRequestDetail { request, events })
}

/// Every request, newest first; one patient's when `patient_id` is given.
pub async fn list_requests(
    store: &Store,
    actor: &Actor,
    patient_id: Option<i64>,
) -> AppResult<Vec<RightsRequest>> {
    actor.require(Permission::ManageRightsRequests)?;
    let mut conn = store.pool().acquire().await?;
    let rows = load_where(
        &mut conn,
        "WHERE ?1 IS NULL OR r.patient_id = ?1 ORDER BY r.received_on DESC, r.id DESC",
        patient_id,
    )
    .await?;
    drop(conn);
    let e =
        actor.origin().entry(AuditAction::View, "rights_requests", None, format!("{} requests", rows.len()));
    store.audit_read_naming(e, &rows.iter().map(|r| r.patient_id).collect::<Vec<_>>()).await?;
    Ok(rows)
}
