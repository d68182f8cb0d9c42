//! Changing an appointment after booking: its status (check-in, session, no-show),
//! cancellation and moving it, for one appointment or the rest of its series. Each
//! change leaves an event row, so the history stays, and an audit entry.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::book::{self, entry, Checked};
use super::conflicts::{Booked, Proposal, Span};
use super::status::{may_change, Status};
use super::views::{self, Appointment};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, parse_utc, utc_text};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// Which appointments of a series a change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    This,
    Following,
    Series,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CancelledBy {
    Patient,
    Clinic,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CancelInput {
    pub by: CancelledBy,
    pub reason: String,
    pub scope: Scope,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RescheduleInput {
    /// Clinic time `YYYY-MM-DDTHH:MM`, or an RFC 3339 instant.
    pub starts_at: String,
    /// Empty: keep the length.
    pub ends_at: Option<String>,
    #[ts(type = "number | null")]
    pub practitioner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    pub scope: Scope,
    /// Needed when moving into the past; kept in the history either way.
    pub reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    patient_id: i64,
    practitioner_id: i64,
    service_id: i64,
    room_id: i64,
    starts_at: String,
    ends_at: String,
    status: String,
    series_id: Option<i64>,
}

async fn row(conn: &mut SqliteConnection, id: i64) -> AppResult<Row> {
    sqlx::query_as(
        "SELECT id, patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status, series_id
         FROM appointments WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| AppError::not_found("This appointment no longer exists."))
}

fn status_of(r: &Row) -> AppResult<Status> {
    Status::parse(&r.status).ok_or_else(|| AppError::internal("an appointment has an unknown status"))
}

/// The still-booked appointments a change to `r` covers under `scope`, in time order.
async fn in_scope(conn: &mut SqliteConnection, r: &Row, scope: Scope) -> AppResult<Vec<Row>> {
    let Some(series) = r.series_id.filter(|_| scope != Scope::This) else {
        return Ok(vec![row(conn, r.id).await?]);
    };
    let from = if scope == Scope::Following { r.starts_at.clone() } else { String::new() };
    let mut rows: Vec<Row> = sqlx::query_as(
        "SELECT id, patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status, series_id
         FROM appointments WHERE series_id = ? AND starts_at >= ? AND status = 'booked' ORDER BY starts_at",
    )
    .bind(series)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    if !rows.iter().any(|x| x.id == r.id) {
        rows.insert(0, row(conn, r.id).await?);
    }
    Ok(rows)
}

async fn event(
    conn: &mut SqliteConnection,
    id: i64,
    actor: &Actor,
    now: &str,
    from: Status,
    to: Status,
    reason: Option<&str>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, at, staff_id, kind, from_status, to_status, reason)
         VALUES (?, ?, ?, 'status', ?, ?, ?)",
    )
    .bind(id)
    .bind(now)
    .bind(actor.staff_id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// Check-in, start, complete, no-show, and their undo. Cancelling has its own call.
/// Reception changes any appointment's status, a practitioner only their own.
pub async fn set_status(store: &Store, actor: &Actor, id: i64, to: Status) -> AppResult<Appointment> {
    if !actor.may(Permission::UpdateAppointmentStatus) {
        actor.require(Permission::UpdateOwnAppointmentStatus)?;
    }
    if to == Status::Cancelled {
        return Err(AppError::invalid("Cancel an appointment with its reason, from the cancel button."));
    }
    let now = Utc::now();
    let mut tx = store.begin_write().await?;
    let r = row(tx.conn(), id).await?;
    if !actor.may(Permission::UpdateAppointmentStatus) && r.practitioner_id != actor.staff_id {
        return Err(AppError::forbidden(Permission::UpdateAppointmentStatus.refusal()));
    }
    crate::retention::require_writable(tx.conn(), actor, r.patient_id).await?;
    let from = status_of(&r)?;
    if from == to {
        return Err(AppError::conflict(format!("This appointment is already {}.", to.words())));
    }
    if !may_change(from, to) {
        return Err(AppError::conflict(format!(
            "An appointment that is {} cannot become {}.",
            from.words(),
            to.words()
        )));
    }
    let start = parse_utc(&r.starts_at)?;
    if to == Status::NoShow && now < start {
        return Err(AppError::conflict(
            "A patient can be marked as a no-show only after the appointment's time.",
        ));
    }
    if !from.holds_slot() && to.holds_slot() {
        // The slot was given back when the patient did not come; it may be taken now.
        let b = input_of(&r, start, parse_utc(&r.ends_at)?);
        let c = book::check(tx.conn(), &b, now, false).await?;
        let clashes = book::clash_words(tx.conn(), &c.proposal, &c.practitioner_name, &[id], &[]).await?;
        if !clashes.is_empty() {
            return Err(AppError::conflict(format!(
                "The slot has been given to someone else since: {}",
                clashes.join(" ")
            )));
        }
    }
    let arrived_at = match to {
        Status::Arrived if from == Status::Booked => Some(utc_text(now)),
        Status::Booked => None,
        _ => {
            sqlx::query_scalar("SELECT arrived_at FROM appointments WHERE id = ?")
                .bind(id)
                .fetch_one(tx.conn())
                .await?
        }
    };
    let stamp = utc_text(now);
    sqlx::query("UPDATE appointments SET status = ?, arrived_at = ?, updated_at = ? WHERE id = ?")
        .bind(to.as_str())
        .bind(arrived_at)
        .bind(&stamp)
        .bind(id)
        .execute(tx.conn())
        .await?;
    event(tx.conn(), id, actor, &stamp, from, to, None).await?;
    let summary = format!("status {} -> {}", from.as_str(), to.as_str());
    tx.audit(entry(actor, AuditAction::Update, id, r.patient_id, summary)).await?;
    let a = views::load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(a)
}

fn input_of(r: &Row, start: DateTime<Utc>, end: DateTime<Utc>) -> book::BookingInput {
    book::BookingInput {
        patient_id: r.patient_id,
        practitioner_id: r.practitioner_id,
        service_id: r.service_id,
        room_id: r.room_id,
        starts_at: utc_text(start),
        ends_at: Some(utc_text(end)),
        past_reason: None,
    }
}

/// Cancels one appointment, or it and the rest of its series; the slots are freed.
pub async fn cancel(store: &Store, actor: &Actor, id: i64, c: CancelInput) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::BookAppointments)?;
    let reason = validate::text("reason", "The reason for cancelling", &c.reason, 300)?;
    let by = match c.by {
        CancelledBy::Patient => "patient",
        CancelledBy::Clinic => "clinic",
    };
    let mut tx = store.begin_write().await?;
    let r = row(tx.conn(), id).await?;
    crate::retention::require_writable(tx.conn(), actor, r.patient_id).await?;
    let from = status_of(&r)?;
    if !may_change(from, Status::Cancelled) {
        return Err(AppError::conflict(format!(
            "An appointment that is {} cannot be cancelled.",
            from.words()
        )));
    }
    let stamp = utc_text(Utc::now());
    let rows = in_scope(tx.conn(), &r, c.scope).await?;
    let mut out = Vec::with_capacity(rows.len());
    for x in &rows {
        let from = status_of(x)?;
        sqlx::query(
            "UPDATE appointments SET status = 'cancelled', cancelled_by = ?, cancel_reason = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(by)
        .bind(&reason)
        .bind(&stamp)
        .bind(x.id)
        .execute(tx.conn())
        .await?;
        event(tx.conn(), x.id, actor, &stamp, from, Status::Cancelled, Some(&reason)).await?;
        tx.audit(entry(actor, AuditAction::Update, x.id, x.patient_id, format!("cancelled by {by}"))).await?;
        out.push(views::load(tx.conn(), x.id).await?);
    }
    tx.commit().await?;
    Ok(out)
}

/// Moves one appointment, or it and the rest of its series by the same amount of
/// time. Every moved appointment is checked against the book (and against the others
/// being moved); if any clashes, nothing moves and the message says which and why.
pub async fn reschedule(
    store: &Store,
    actor: &Actor,
    id: i64,
    m: RescheduleInput,
) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::BookAppointments)?;
    let now = Utc::now();
    let reason = validate::optional_text("reason", "The reason", m.reason.as_deref().unwrap_or(""), 300)?;
    let mut tx = store.begin_write().await?;
    let r = row(tx.conn(), id).await?;
    crate::retention::require_writable(tx.conn(), actor, r.patient_id).await?;
    if status_of(&r)? != Status::Booked {
        return Err(AppError::conflict(
            "Only a booked appointment can be moved; this patient has already arrived or the appointment is closed.",
        ));
    }
    let (old_start, old_end) = (parse_utc(&r.starts_at)?, parse_utc(&r.ends_at)?);
    let new_start = clock::parse_instant("starts_at", &m.starts_at)?;
    let new_end = match m.ends_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(e) => clock::parse_instant("ends_at", e)?,
        None => new_start + (old_end - old_start),
    };
    let (shift, length) = (new_start - old_start, new_end - new_start);
    let rows = in_scope(tx.conn(), &r, m.scope).await?;
    let moving: Vec<i64> = rows.iter().map(|x| x.id).collect();
    let mut placed: Vec<Booked> = Vec::new();
    let mut checked: Vec<(i64, Checked)> = Vec::new();
    let mut problems = Vec::new();
    for x in &rows {
        let start = parse_utc(&x.starts_at)? + shift;
        let b = book::BookingInput {
            practitioner_id: m.practitioner_id.unwrap_or(x.practitioner_id),
            room_id: m.room_id.unwrap_or(x.room_id),
            past_reason: reason.clone(),
            ..input_of(x, start, start + length)
        };
        let c = book::check(tx.conn(), &b, now, true).await?;
        let clashes =
            book::clash_words(tx.conn(), &c.proposal, &c.practitioner_name, &moving, &placed).await?;
        if !clashes.is_empty() {
            if rows.len() == 1 {
                return Err(book::refusal(tx.conn(), &c, clashes, &moving).await?);
            }
            problems.push(format!("{}: {}", super::diary::when(c.proposal.span.start), clashes.join(" ")));
        }
        placed.push(Booked { id: x.id, ..booked(&c.proposal) });
        checked.push((x.id, c));
    }
    if !problems.is_empty() {
        return Err(AppError::Conflict {
            message: format!("Nothing was moved. {}", problems.join(" ")),
            field: Some("starts_at".into()),
        });
    }
    let stamp = utc_text(now);
    let mut out = Vec::with_capacity(rows.len());
    for (x, (id, c)) in rows.iter().zip(&checked) {
        let p = &c.proposal;
        sqlx::query(
            "UPDATE appointments SET starts_at = ?, ends_at = ?, practitioner_id = ?, room_id = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(utc_text(p.span.start))
        .bind(utc_text(p.span.end))
        .bind(p.practitioner_id)
        .bind(p.room_id)
        .bind(&stamp)
        .bind(id)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO appointment_events (appointment_id, at, staff_id, kind, old_starts_at, old_ends_at,
                 old_practitioner_id, old_room_id, reason)
             VALUES (?, ?, ?, 'rescheduled', ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&stamp)
        .bind(actor.staff_id)
        .bind(&x.starts_at)
        .bind(&x.ends_at)
        .bind(x.practitioner_id)
        .bind(x.room_id)
        .bind(&reason)
        .execute(tx.conn())
        .await?;
        tx.audit(entry(actor, AuditAction::Update, *id, x.patient_id, "rescheduled".into())).await?;
        out.push(views::load(tx.conn(), *id).await?);
    }
    tx.commit().await?;
    Ok(out)
}

pub(super) fn booked(p: &Proposal) -> Booked {
    Booked {
        id: 0,
        practitioner_id: p.practitioner_id,
        room_id: p.room_id,
        patient_id: p.patient_id,
        span: Span { start: p.span.start, end: p.span.end },
    }
}
