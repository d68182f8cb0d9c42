//! Reading the appointment book: a day for the desk, a range for the calendar, one
//! appointment with its history, and who can be booked.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

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
    /// The status changes the desk may offer now.
    #[sqlx(skip)]
    pub steps: Vec<Step>,
}

impl Appointment {
    fn with_steps(mut self) -> Self {
        self.steps = steps(self.status);
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
        a.starts_at, a.ends_at, a.status, a.series_id, a.cancelled_by, a.cancel_reason, a.arrived_at
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
        .map(Appointment::with_steps)
        .ok_or_else(|| AppError::not_found("This appointment no longer exists."))
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<Appointment> {
    actor.require(Permission::ViewSchedule)?;
    load(&mut *store.pool().acquire().await?, id).await
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
    list_between(store, from, to + Duration::days(1), filter).await
}

/// One clinic day, for the front desk.
///
/// A restricted patient's past appointments stay in the day and range views: the book
/// is the clinic's own schedule (who used which room and practitioner when), which is
/// one of the records the law keeps, and it shows no clinical content. Their record,
/// new bookings and reminders are refused elsewhere (`retention::restriction`).
pub async fn day(store: &Store, actor: &Actor, date: &str) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::ViewSchedule)?;
    let d = clock::parse_date("date", date)?;
    list_between(store, d, d + Duration::days(1), RangeFilter::default()).await
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
    Ok(rows.into_iter().map(Appointment::with_steps).collect())
}

pub async fn history(store: &Store, actor: &Actor, id: i64) -> AppResult<Vec<AppointmentEvent>> {
    actor.require(Permission::ViewSchedule)?;
    Ok(sqlx::query_as(
        "SELECT e.at, s.full_name AS staff_name, e.kind, e.from_status, e.to_status, e.old_starts_at,
                e.old_ends_at, op.full_name AS old_practitioner_name, r.name AS old_room_name, e.reason
         FROM appointment_events e
         JOIN staff s ON s.id = e.staff_id
         LEFT JOIN staff op ON op.id = e.old_practitioner_id
         LEFT JOIN rooms r ON r.id = e.old_room_id
         WHERE e.appointment_id = ? ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?)
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
