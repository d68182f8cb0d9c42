//! Free times for the keyboard booking flow: the practitioner's next free starts for a
//! service, each with a room that is free too and a patient who is not booked elsewhere.

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::{self, BookingInput};
use super::conflicts::{self, Proposal, Span};
use super::diary::{self, LONGEST};
use crate::auth::{Actor, Permission};
use crate::clock::{self, utc_text};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SlotQuery {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub practitioner_id: i64,
    #[ts(type = "number")]
    pub service_id: i64,
    /// None: any room that is in use.
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    /// A clinic day `YYYY-MM-DD`, a clinic time, or an RFC 3339 instant; empty: now.
    pub from: Option<String>,
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FreeSlot {
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    #[ts(type = "number")]
    pub room_id: i64,
    pub room_name: String,
}

const HORIZON_DAYS: i64 = 14;

pub async fn free_slots(store: &Store, actor: &Actor, q: SlotQuery) -> AppResult<Vec<FreeSlot>> {
    actor.require(Permission::ViewSchedule)?;
    let now = Utc::now();
    let from = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => now,
        Some(text) if text.len() == 10 => clock::day_start_utc(clock::parse_date("from", text)?),
        Some(text) => clock::parse_instant("from", text)?,
    };
    let after = from.max(now);
    let count = q.count.unwrap_or(8).clamp(1, 50) as usize;
    let conn = &mut *store.pool().acquire().await?;
    let rooms: Vec<(i64, String)> = match q.room_id {
        Some(id) => {
            sqlx::query_as("SELECT id, name FROM rooms WHERE id = ? AND active = 1")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_as("SELECT id, name FROM rooms WHERE active = 1 ORDER BY name COLLATE NOCASE")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let Some((first_room, _)) = rooms.first() else {
        return Err(AppError::validation("room_id", "Choose a room that is in use."));
    };
    // The form's own rules (patient, practitioner, service, discipline) come first.
    let input = BookingInput {
        patient_id: q.patient_id,
        practitioner_id: q.practitioner_id,
        service_id: q.service_id,
        room_id: *first_room,
        starts_at: utc_text(after),
        ends_at: None,
        past_reason: None,
    };
    let checked = book::check(conn, &input, now, false).await?;
    let length = checked.proposal.span.end - checked.proposal.span.start;
    let until = after + Duration::days(HORIZON_DAYS);
    let mut per_room = Vec::with_capacity(rooms.len());
    for (id, name) in &rooms {
        let p = Proposal { room_id: *id, ..checked.proposal.clone() };
        per_room.push((p.clone(), name, diary::load(conn, &p, after, until + LONGEST, &[]).await?));
    }
    // The practitioner's free starts do not depend on the room: read them once.
    let candidates = conflicts::next_free_slots(
        q.practitioner_id,
        length,
        after,
        per_room[0].2.diary(),
        count * 20,
        HORIZON_DAYS,
    );
    let mut out = Vec::with_capacity(count);
    for t in candidates {
        let span = Span { start: t, end: t + length };
        let room = per_room.iter().find(|(p, _, loaded)| {
            conflicts::clashes(&Proposal { span, ..p.clone() }, loaded.diary()).is_empty()
        });
        if let Some((p, name, _)) = room {
            out.push(FreeSlot {
                starts_at: utc_text(span.start),
                ends_at: utc_text(span.end),
                room_id: p.room_id,
                room_name: (*name).clone(),
            });
            if out.len() == count {
                break;
            }
        }
    }
    Ok(out)
}
