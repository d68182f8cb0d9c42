//! Loads what the conflict rules need from the store, and puts their findings into
//! words for the desk.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use sqlx::SqliteConnection;

use super::conflicts::{self, Booked, Clash, Diary, Period, Proposal, Span};
use crate::clock::{parse_utc, utc_text, CLINIC_TZ};
use crate::error::AppResult;

/// No appointment is longer than this, so a clash can only come from one that starts
/// at most this long before: the lower bound that keeps each lookup an index range.
pub const LONGEST: Duration = Duration::hours(8);

/// How far ahead free slots are looked for.
const SLOT_HORIZON_DAYS: i64 = 14;

/// The appointments, hours and time off that bear on bookings for one practitioner,
/// room and patient between two instants.
pub struct Loaded {
    pub booked: Vec<Booked>,
    pub hours: Vec<Period>,
    pub time_off: Vec<Span>,
}

impl Loaded {
    pub fn diary(&self) -> Diary<'_> {
        Diary { booked: &self.booked, hours: &self.hours, time_off: &self.time_off }
    }
}

#[derive(sqlx::FromRow)]
struct BookedRow {
    id: i64,
    practitioner_id: i64,
    room_id: i64,
    patient_id: i64,
    starts_at: String,
    ends_at: String,
}

pub async fn load(
    conn: &mut SqliteConnection,
    p: &Proposal,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude: &[i64],
) -> AppResult<Loaded> {
    // Three index ranges, one per party, rather than one OR the planner cannot split.
    let rows: Vec<BookedRow> = sqlx::query_as(
        "SELECT id, practitioner_id, room_id, patient_id, starts_at, ends_at FROM appointments
          WHERE practitioner_id = ?1 AND starts_at >= ?4 AND starts_at < ?5
            AND status IN ('booked', 'arrived', 'in_session', 'completed')
         UNION
         SELECT id, practitioner_id, room_id, patient_id, starts_at, ends_at FROM appointments
          WHERE room_id = ?2 AND starts_at >= ?4 AND starts_at < ?5
            AND status IN ('booked', 'arrived', 'in_session', 'completed')
         UNION
         SELECT id, practitioner_id, room_id, patient_id, starts_at, ends_at FROM appointments
          WHERE patient_id = ?3 AND starts_at >= ?4 AND starts_at < ?5
            AND status IN ('booked', 'arrived', 'in_session', 'completed')",
    )
    .bind(p.practitioner_id)
    .bind(p.room_id)
    .bind(p.patient_id)
    .bind(utc_text(from - LONGEST))
    .bind(utc_text(to))
    .fetch_all(&mut *conn)
    .await?;
    let mut booked = Vec::with_capacity(rows.len());
    for r in rows.into_iter().filter(|r| !exclude.contains(&r.id)) {
        booked.push(Booked {
            id: r.id,
            practitioner_id: r.practitioner_id,
            room_id: r.room_id,
            patient_id: r.patient_id,
            span: Span { start: parse_utc(&r.starts_at)?, end: parse_utc(&r.ends_at)? },
        });
    }
    let hours: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT weekday, starts, ends FROM working_hours WHERE staff_id = ?")
            .bind(p.practitioner_id)
            .fetch_all(&mut *conn)
            .await?;
    let hours = hours
        .into_iter()
        .filter_map(|(d, s, e)| {
            Some(Period {
                weekday: u32::try_from(d).ok()?,
                starts: NaiveTime::parse_from_str(&s, "%H:%M").ok()?,
                ends: NaiveTime::parse_from_str(&e, "%H:%M").ok()?,
            })
        })
        .collect();
    let off: Vec<(String, String)> = sqlx::query_as(
        "SELECT starts_at, ends_at FROM time_off WHERE staff_id = ? AND starts_at < ? AND ends_at > ?",
    )
    .bind(p.practitioner_id)
    .bind(utc_text(to))
    .bind(utc_text(from))
    .fetch_all(&mut *conn)
    .await?;
    let mut time_off = Vec::with_capacity(off.len());
    for (s, e) in off {
        time_off.push(Span { start: parse_utc(&s)?, end: parse_utc(&e)? });
    }
    Ok(Loaded { booked, hours, time_off })
}

/// The next three free start times for this practitioner that also suit the room and
/// the patient, from `after`.
pub async fn suggestions(
    conn: &mut SqliteConnection,
    p: &Proposal,
    after: DateTime<Utc>,
    exclude: &[i64],
) -> AppResult<Vec<DateTime<Utc>>> {
    let until = after + Duration::days(SLOT_HORIZON_DAYS);
    let loaded = load(conn, p, after, until + LONGEST, exclude).await?;
    let length = p.span.end - p.span.start;
    let candidates =
        conflicts::next_free_slots(p.practitioner_id, length, after, loaded.diary(), 40, SLOT_HORIZON_DAYS);
    Ok(candidates
        .into_iter()
        .filter(|t| {
            let q = Proposal { span: Span { start: *t, end: *t + length }, ..p.clone() };
            conflicts::clashes(&q, loaded.diary()).is_empty()
        })
        .take(3)
        .collect())
}

/// "Tue 8 Dec 10:00".
pub fn when(t: DateTime<Utc>) -> String {
    t.with_timezone(&CLINIC_TZ).format("%a %-d %b %H:%M").to_string()
}

/// "10:00–10:45", with the day in front when it is not `day_of`'s day.
fn from_to(span: &Span, day_of: DateTime<Utc>) -> String {
    let (s, e) = (span.start.with_timezone(&CLINIC_TZ), span.end.with_timezone(&CLINIC_TZ));
    let same_day = s.date_naive() == day_of.with_timezone(&CLINIC_TZ).date_naive();
    let day = if same_day { String::new() } else { format!("{} ", s.format("%a %-d %b")) };
    format!("{day}from {} to {}", s.format("%H:%M"), e.format("%H:%M"))
}

#[derive(sqlx::FromRow)]
struct Names {
    patient: String,
    practitioner: String,
    room: String,
}

/// Who is in the way. A restricted (or anonymised) patient is "another patient": the
/// clash is real, the name is not the desk's to see.
async fn names(conn: &mut SqliteConnection, appointment_id: i64) -> AppResult<Names> {
    Ok(sqlx::query_as(
        "SELECT CASE WHEN p.erased_at IS NOT NULL OR p.anonymised_at IS NOT NULL
                       OR EXISTS (SELECT 1 FROM retention_restrictions rr WHERE rr.patient_id = p.id)
                     THEN 'another patient' ELSE p.full_name END AS patient,
                s.full_name AS practitioner, r.name AS room
         FROM appointments a JOIN patients p ON p.id = a.patient_id
         JOIN staff s ON s.id = a.practitioner_id JOIN rooms r ON r.id = a.room_id WHERE a.id = ?",
    )
    .bind(appointment_id)
    .fetch_one(conn)
    .await?)
}

const DAYS: [&str; 7] = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/// One sentence per clash, naming who is booked, with whom, when and where.
pub async fn words(
    conn: &mut SqliteConnection,
    p: &Proposal,
    practitioner: &str,
    clashes: &[Clash],
    loaded: &Loaded,
) -> AppResult<Vec<String>> {
    let mut out = Vec::with_capacity(clashes.len());
    for c in clashes {
        out.push(match c {
            Clash::EndNotAfterStart => "The end must be after the start.".to_string(),
            Clash::PractitionerBusy { appointment_id, span } => {
                let n = names(conn, *appointment_id).await?;
                format!(
                    "{} is already seeing {} {} in {}.",
                    n.practitioner,
                    n.patient,
                    from_to(span, p.span.start),
                    n.room
                )
            }
            Clash::RoomBusy { appointment_id, span } => {
                let n = names(conn, *appointment_id).await?;
                format!(
                    "{} is taken {} by {} with {}.",
                    n.room,
                    from_to(span, p.span.start),
                    n.practitioner,
                    n.patient
                )
            }
            Clash::PatientBusy { appointment_id, span } => {
                let n = names(conn, *appointment_id).await?;
                format!(
                    "{} is already booked {} with {} in {}.",
                    n.patient,
                    from_to(span, p.span.start),
                    n.practitioner,
                    n.room
                )
            }
            Clash::OutsideWorkingHours => {
                let local = p.span.start.with_timezone(&CLINIC_TZ);
                let day = local.weekday().number_from_monday();
                let mut periods: Vec<_> = loaded.hours.iter().filter(|h| h.weekday == day).collect();
                periods.sort_by_key(|h| h.starts);
                if periods.is_empty() {
                    format!("{practitioner} does not work on {}.", DAYS[day as usize - 1])
                } else {
                    let list: Vec<String> = periods
                        .iter()
                        .map(|h| format!("{}–{}", h.starts.format("%H:%M"), h.ends.format("%H:%M")))
                        .collect();
                    format!(
                        "This is outside {practitioner}'s working hours ({}: {}).",
                        local.format("%A"),
                        list.join(", ")
                    )
                }
            }
            Clash::TimeOff { span } => {
                format!("{practitioner} is off from {} to {}.", when(span.start), when(span.end))
            }
        });
    }
    Ok(out)
}
