//! Reading the appointment book: a day for the desk, a range for the calendar, one
//! appointment with its history, and who can be booked.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, utc_text};
use crate::error::{AppError, AppResult};
use crate::store::Store;

use super::status::{steps, Step};
use super::Status;
use crate::catalogue::Discipline;

/// One appointment as the desk and the calendar show it.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Appointment {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    pub patient_name_ur: Option<String>,
    pub mrn: String,
    pub patient_phone: Option<String>,
    #[ts(type = "number")]
    pub practitioner_id: i64,
    pub practitioner_name: String,
    #[ts(type = "number")]
    pub service_id: i64,
    pub service_name: String,
    pub discipline: String,
    #[ts(type = "number")]
    pub room_id: i64,
    pub room_name: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    #[ts(type = "number | null")]
    pub series_id: Option<i64>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub arrived_at: Option<String>,
    /// The patient's record is restricted (kept by law after a deletion request) or
    /// anonymised: the slot shows as taken, so nobody double-books the room or the
    /// practitioner, but who the patient is is not shown (no name, MRN, phone, id, or
    /// cancellation reason), and nothing can be done with it.
    pub restricted: bool,
    /// The status changes the desk may offer now.
    #[sqlx(skip)]
    pub steps: Vec<Step>,
}

impl Appointment {
    /// As the book shows it: with the steps the desk may take, or without the patient.
    fn shown(mut self) -> Self {
        if self.restricted {
            self.patient_id = 0;
            self.patient_name = String::new();
            self.patient_name_ur = None;
            self.mrn = String::new();
            self.patient_phone = None;
            self.cancel_reason = None;
            self.steps = Vec::new();
        } else {
            self.steps = steps(self.status);
        }
        self
    }
}

impl TryFrom<String> for Status {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Status::parse(&s).ok_or_else(|| format!("unknown appointment status {s}"))
    }
}

/// A practitioner who can be booked.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Practitioner {
    #[ts(type = "number")]
    pub id: i64,
    pub full_name: String,
    /// Comma-separated clinical roles: physiotherapist, psychologist, pharmacist.
    pub roles: String,
    /// The disciplines whose services this practitioner gives.
    #[sqlx(skip)]
    pub disciplines: Vec<Discipline>,
}

/// One line of an appointment's history.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct AppointmentEvent {
    pub at: String,
    pub staff_name: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub old_starts_at: Option<String>,
    pub old_ends_at: Option<String>,
    pub old_practitioner_name: Option<String>,
    pub old_room_name: Option<String>,
    pub reason: Option<String>,
}

pub(super) const SELECT: &str =
    "SELECT a.id, a.patient_id, p.full_name AS patient_name, p.name_ur AS patient_name_ur,
        p.mrn, p.phone AS patient_phone, a.practitioner_id, s.full_name AS practitioner_name,
        a.service_id, sv.name AS service_name, sv.discipline, a.room_id, r.name AS room_name,
        a.starts_at, a.ends_at, a.status, a.series_id, a.cancelled_by, a.cancel_reason, a.arrived_at,
        (p.anonymised_at IS NOT NULL OR p.erased_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM retention_restrictions rr WHERE rr.patient_id = a.patient_id)) AS restricted
    FROM appointments a
    JOIN patients p ON p.id = a.patient_id
    JOIN staff s ON s.id = a.practitioner_id
    JOIN services sv ON sv.id = a.service_id
    JOIN rooms r ON r.id = a.room_id";

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Appointment> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE a.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(Appointment::shown)
        .ok_or_else(|| AppError::not_found("This appointment no longer exists."))
}

/// One appointment, to open it: refused when its patient's record is restricted.
pub(super) async fn load_open(conn: &mut SqliteConnection, id: i64) -> AppResult<Appointment> {
    let a = load(conn, id).await?;
    if a.restricted {
        return Err(crate::retention::restricted());
    }
    Ok(a)
}

/// The audit entry of reading one appointment (or its history).
fn read_entry(actor: &Actor, entity: &'static str, a: &Appointment) -> crate::audit::AuditEntry {
    let mut e = actor.origin().entry(AuditAction::View, entity, Some(a.id.to_string()), "");
    e.patient_id = Some(a.patient_id);
    e
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<Appointment> {
    actor.require(Permission::ViewSchedule)?;
    let a = load_open(&mut *store.pool().acquire().await?, id).await?;
    store.audit_read(read_entry(actor, "appointment", &a)).await?;
    Ok(a)
}

/// The patients a list of appointments shows (a restricted one's slot shows nobody).
pub(super) fn shown_patients(rows: &[Appointment]) -> Vec<i64> {
    rows.iter().filter(|a| !a.restricted).map(|a| a.patient_id).collect()
}

/// Which appointments a calendar range shows.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, TS)]
#[ts(export)]
pub struct RangeFilter {
    #[ts(type = "number | null")]
    pub practitioner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
}

/// Appointments starting on the clinic days `from` to `to` (inclusive), in time order.
/// At most 62 days: the calendar never shows more than a month.
pub async fn range(
    store: &Store,
    actor: &Actor,
    from: &str,
    to: &str,
    filter: RangeFilter,
) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::ViewSchedule)?;
    let (from, to) = (clock::parse_date("from", from)?, clock::parse_date("to", to)?);
    if to < from {
        return Err(AppError::validation("to", "The last day must be on or after the first."));
    }
    if (to - from).num_days() > 62 {
        return Err(AppError::validation("to", "Show at most two months at a time."));
    }
    let rows = list_between(store, from, to + Duration::days(1), filter).await?;
    let mut summary = format!("appointments {from} to {to}");
    if let Some(p) = filter.practitioner_id {
        summary.push_str(&format!(", practitioner {p}"));
    }
    if let Some(r) = filter.room_id {
        summary.push_str(&format!(", room {r}"));
    }
    let e = actor.origin().entry(AuditAction::View, "appointments", None, summary);
    store.audit_read_naming(e, &shown_patients(&rows)).await?;
    Ok(rows)
}

/// One clinic day, for the front desk.
///
/// A restricted patient's appointments stay in the day and range views as taken slots
/// with nobody's name: the book is the clinic's own schedule (which room and which
/// practitioner were busy when), and leaving the slot out would let the desk book over
/// a kept record. Who the patient was is the privacy officer's to see.
pub async fn day(store: &Store, actor: &Actor, date: &str) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::ViewSchedule)?;
    let d = clock::parse_date("date", date)?;
    let rows = list_between(store, d, d + Duration::days(1), RangeFilter::default()).await?;
    let e = actor.origin().entry(AuditAction::View, "appointments", None, format!("day {d}"));
    store.audit_read_naming(e, &shown_patients(&rows)).await?;
    Ok(rows)
}

pub(super) async fn list_between(
    store: &Store,
    from: NaiveDate,
    until: NaiveDate,
    f: RangeFilter,
) -> AppResult<Vec<Appointment>> {
    // The filters are written into the statement only when set, so each query keeps
    // the one index that serves it (practitioner, room, or start time).
    // Numbered throughout: sqlx counts a bare `?` from 1 even after `?2`.
    let mut sql = format!("{SELECT} WHERE a.starts_at >= ?1 AND a.starts_at < ?2");
    let mut n = 2;
    for (column, set) in [("practitioner_id", f.practitioner_id.is_some()), ("room_id", f.room_id.is_some())]
    {
        if set {
            n += 1;
            sql.push_str(&format!(" AND a.{column} = ?{n}"));
        }
    }
    sql.push_str(" ORDER BY a.starts_at, s.full_name");
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(utc_text(clock::day_start_utc(from)))
        .bind(utc_text(clock::day_start_utc(until)));
    if let Some(id) = f.practitioner_id {
        q = q.bind(id);
    }
    if let Some(id) = f.room_id {
        q = q.bind(id);
    }
    let rows: Vec<Appointment> = q.fetch_all(store.pool()).await?;
    Ok(rows.into_iter().map(Appointment::shown).collect())
}

pub async fn history(store: &Store, actor: &Actor, id: i64) -> AppResult<Vec<AppointmentEvent>> {
    actor.require(Permission::ViewSchedule)?;
    let mut conn = store.pool().acquire().await?;
    let a = load_open(&mut conn, id).await?;
    let events = sqlx::query_as(
        "SELECT e.at, s.full_name AS staff_name, e.kind, e.from_status, e.to_status, e.old_starts_at,
                e.old_ends_at, op.full_name AS old_practitioner_name, r.name AS old_room_name, e.reason
         FROM appointment_events e
         JOIN staff s ON s.id = e.staff_id
         LEFT JOIN staff op ON op.id = e.old_practitioner_id
         LEFT JOIN rooms r ON r.id = e.old_room_id
         WHERE e.appointment_id = ? ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    store.audit_read(read_entry(actor, "appointment_history", &a)).await?;
    Ok(events)
}

/// Active staff with a clinical role, for the booking form and the calendar columns.
pub async fn practitioners(store: &Store, actor: &Actor) -> AppResult<Vec<Practitioner>> {
    if !(actor.may(Permission::ViewSchedule) || actor.may(Permission::ManageCatalogue)) {
        return Err(AppError::forbidden(Permission::ViewSchedule.refusal()));
    }
    let mut rows: Vec<Practitioner> = sqlx::query_as(
        "SELECT s.id, s.full_name, group_concat(r.role, ',') AS roles
         FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE s.active = 1 AND r.role IN ('physiotherapist', 'psychologist', 'pharmacist')
         GROUP BY s.id ORDER BY s.full_name",
    )
    .fetch_all(store.pool())
    .await?;
    for p in &mut rows {
        let roles: Vec<&str> = p.roles.split(',').collect();
        p.disciplines = Discipline::ALL.into_iter().filter(|d| roles.contains(&d.role().as_str())).collect();
    }
    Ok(rows)
}
