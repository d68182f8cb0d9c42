//! Booking one appointment: the form is checked, then every conflict rule runs inside
//! the write transaction, so of two bookings racing for one slot only one can win.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::conflicts::{self, Proposal, Span};
use super::diary::{self, LONGEST};
use super::views::{self, Appointment};
use crate::audit::{AuditAction, AuditEntry};
use crate::auth::{Actor, Permission};
use crate::catalogue::Discipline;
use crate::clock::{self, utc_text};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BookingInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub practitioner_id: i64,
    #[ts(type = "number")]
    pub service_id: i64,
    #[ts(type = "number")]
    pub room_id: i64,
    /// Clinic time `YYYY-MM-DDTHH:MM`, or an RFC 3339 instant.
    pub starts_at: String,
    /// Empty: the service's length.
    pub ends_at: Option<String>,
    /// Needed only when the start has already passed.
    pub past_reason: Option<String>,
}

/// What the form learns about a slot before booking it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SlotCheck {
    pub starts_at: String,
    pub ends_at: String,
    /// One sentence per clash; empty when the slot is free.
    pub clashes: Vec<String>,
    /// The next free starts (RFC 3339) for the practitioner that suit room and patient.
    pub suggestions: Vec<String>,
    /// The start has passed: booking needs a reason.
    pub in_past: bool,
}

/// A booking whose parties exist and whose times are sane.
#[derive(Debug, Clone)]
pub(super) struct Checked {
    pub proposal: Proposal,
    pub service_id: i64,
    pub practitioner_name: String,
    pub past_reason: Option<String>,
}

/// Grace before "in the past" applies: a patient booked at the desk for "now".
const PAST_GRACE: Duration = Duration::minutes(15);

pub(super) async fn check(
    conn: &mut SqliteConnection,
    b: &BookingInput,
    now: DateTime<Utc>,
    require_past_reason: bool,
) -> AppResult<Checked> {
    // An erased or anonymised patient keeps a row for the audit trail, but is nobody to book.
    let gone: Option<bool> = sqlx::query_scalar(
        "SELECT erased_at IS NOT NULL OR anonymised_at IS NOT NULL FROM patients WHERE id = ?1",
    )
    .bind(b.patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    match gone {
        None => {
            return Err(AppError::validation("patient_id", "Choose a patient: this one is no longer on record."))
        }
        Some(true) => {
            return Err(AppError::validation(
                "patient_id",
                "This patient's record was erased or anonymised at their request, so they cannot be booked. Register them again if they come back.",
            ))
        }
        Some(false) => {}
    }
    // Kept only by law after a deletion request: not a patient the clinic sees any more.
    if crate::retention::is_restricted(&mut *conn, b.patient_id).await? {
        return Err(crate::retention::restricted());
    }
    let practitioner: Option<String> = sqlx::query_scalar(
        "SELECT s.full_name FROM staff s WHERE s.id = ? AND s.active = 1 AND EXISTS (
             SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id
             AND r.role IN ('physiotherapist', 'psychologist', 'pharmacist'))",
    )
    .bind(b.practitioner_id)
    .fetch_optional(&mut *conn)
    .await?;
    let practitioner_name = practitioner.ok_or_else(|| {
        AppError::validation("practitioner_id", "Choose a practitioner who is active at the clinic.")
    })?;
    let service: Option<(i64, String, String)> =
        sqlx::query_as("SELECT duration_minutes, discipline, name FROM services WHERE id = ? AND active = 1")
            .bind(b.service_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (duration, discipline, service_name) =
        service.ok_or_else(|| AppError::validation("service_id", "Choose a service the clinic offers."))?;
    // A psychology consultation cannot be booked with a physiotherapist, and so on.
    let role = Discipline::parse(&discipline)
        .ok_or_else(|| AppError::internal("a service has an unknown discipline"))?
        .role()
        .as_str();
    let qualified: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM staff_roles WHERE staff_id = ? AND role = ?)")
            .bind(b.practitioner_id)
            .bind(role)
            .fetch_one(&mut *conn)
            .await?;
    if !qualified {
        return Err(AppError::validation(
            "practitioner_id",
            format!("{practitioner_name} does not provide {service_name}: choose a {role}."),
        ));
    }
    let room: Option<i64> = sqlx::query_scalar("SELECT id FROM rooms WHERE id = ? AND active = 1")
        .bind(b.room_id)
        .fetch_optional(&mut *conn)
        .await?;
    if room.is_none() {
        return Err(AppError::validation("room_id", "Choose a room that is in use."));
    }
    let start = clock::parse_instant("starts_at", &b.starts_at)?;
    let end = match b.ends_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(e) => clock::parse_instant("ends_at", e)?,
        None => start + Duration::minutes(duration),
    };
    if end <= start {
        return Err(AppError::validation("ends_at", "The end must be after the start."));
    }
    if end - start > LONGEST {
        return Err(AppError::validation("ends_at", "An appointment lasts at most 8 hours."));
    }
    let past_reason =
        validate::optional_text("past_reason", "The reason", b.past_reason.as_deref().unwrap_or(""), 200)?;
    if require_past_reason && start + PAST_GRACE < now && past_reason.is_none() {
        return Err(AppError::validation(
            "past_reason",
            "This time has already passed. To book it anyway, give a reason.",
        ));
    }
    Ok(Checked {
        proposal: Proposal {
            practitioner_id: b.practitioner_id,
            room_id: b.room_id,
            patient_id: b.patient_id,
            span: Span { start, end },
        },
        service_id: b.service_id,
        practitioner_name,
        past_reason,
    })
}

/// The clash sentences for `p` against the store, ignoring `exclude` (the appointments
/// being moved) and adding `also` (occurrences of the same series already accepted).
pub(super) async fn clash_words(
    conn: &mut SqliteConnection,
    p: &Proposal,
    practitioner: &str,
    exclude: &[i64],
    also: &[conflicts::Booked],
) -> AppResult<Vec<String>> {
    let loaded = diary::load(conn, p, p.span.start, p.span.end, exclude).await?;
    let found = conflicts::clashes(p, loaded.diary());
    let mut words = diary::words(conn, p, practitioner, &found, &loaded).await?;
    // Occurrences of the series being booked are not in the store yet; they share the
    // practitioner, room and patient, so any overlap is a clash.
    for other in also.iter().filter(|o| o.span.overlaps(&p.span)) {
        words.push(format!("It overlaps this series' appointment on {}.", diary::when(other.span.start)));
    }
    Ok(words)
}

/// Checks a slot for the booking form: clashes in words and the next free times.
pub async fn check_slot(
    store: &Store,
    actor: &Actor,
    b: BookingInput,
    ignore: Option<i64>,
) -> AppResult<SlotCheck> {
    actor.require(Permission::ViewSchedule)?;
    let now = Utc::now();
    let conn = &mut *store.pool().acquire().await?;
    let c = check(conn, &b, now, false).await?;
    let exclude: Vec<i64> = ignore.into_iter().collect();
    let clashes = clash_words(conn, &c.proposal, &c.practitioner_name, &exclude, &[]).await?;
    let suggestions = if clashes.is_empty() {
        Vec::new()
    } else {
        let after = c.proposal.span.start.max(now);
        diary::suggestions(conn, &c.proposal, after, &exclude).await?.into_iter().map(utc_text).collect()
    };
    Ok(SlotCheck {
        starts_at: utc_text(c.proposal.span.start),
        ends_at: utc_text(c.proposal.span.end),
        clashes,
        suggestions,
        in_past: c.proposal.span.start + PAST_GRACE < now,
    })
}

/// The refusal when a slot is taken: every clash, then where the practitioner is free.
pub(super) async fn refusal(
    conn: &mut SqliteConnection,
    c: &Checked,
    clashes: Vec<String>,
    exclude: &[i64],
) -> AppResult<AppError> {
    let after = c.proposal.span.start.max(Utc::now());
    let free = diary::suggestions(conn, &c.proposal, after, exclude).await?;
    let mut message = clashes.join(" ");
    if free.is_empty() {
        message.push_str(&format!(" {} has no free time in the next two weeks.", c.practitioner_name));
    } else {
        let list: Vec<String> = free.into_iter().map(diary::when).collect();
        message.push_str(&format!(" Next free with {}: {}.", c.practitioner_name, list.join(", ")));
    }
    Ok(AppError::Conflict { message, field: Some("starts_at".into()) })
}

/// Writes the appointment row and its "booked" event.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    c: &Checked,
    series_id: Option<i64>,
    actor: &Actor,
    now: &str,
) -> AppResult<i64> {
    let p = &c.proposal;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO appointments (patient_id, practitioner_id, service_id, room_id, starts_at, ends_at,
             series_id, past_reason, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(p.patient_id)
    .bind(p.practitioner_id)
    .bind(c.service_id)
    .bind(p.room_id)
    .bind(utc_text(p.span.start))
    .bind(utc_text(p.span.end))
    .bind(series_id)
    .bind(&c.past_reason)
    .bind(actor.staff_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, at, staff_id, kind, to_status, reason)
         VALUES (?, ?, ?, 'booked', 'booked', ?)",
    )
    .bind(id)
    .bind(now)
    .bind(actor.staff_id)
    .bind(&c.past_reason)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The audit entry for a change to an appointment; it names the patient by id only.
pub(super) fn entry(
    actor: &Actor,
    action: AuditAction,
    id: i64,
    patient_id: i64,
    summary: String,
) -> AuditEntry {
    AuditEntry {
        patient_id: Some(patient_id),
        ..actor.origin().entry(action, "appointment", Some(id.to_string()), summary)
    }
}

pub async fn book(store: &Store, actor: &Actor, b: BookingInput) -> AppResult<Appointment> {
    actor.require(Permission::BookAppointments)?;
    let now = Utc::now();
    let mut tx = store.begin_write().await?;
    let c = check(tx.conn(), &b, now, true).await?;
    let clashes = clash_words(tx.conn(), &c.proposal, &c.practitioner_name, &[], &[]).await?;
    if !clashes.is_empty() {
        return Err(refusal(tx.conn(), &c, clashes, &[]).await?);
    }
    let id = insert(tx.conn(), &c, None, actor, &utc_text(now)).await?;
    let summary = if c.past_reason.is_some() { "booked in the past, with a reason" } else { "booked" };
    tx.audit(entry(actor, AuditAction::Create, id, c.proposal.patient_id, summary.into())).await?;
    let a = views::load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(a)
}
