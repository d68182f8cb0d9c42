//! Two weeks of demo appointments around the day the demo is created: last week's
//! visits closed (completed, a few no-shows and cancellations), today's partly seen,
//! the coming week booked, and weekly series for patients in a course of treatment.
//! Everything goes through the booking service, so every rule and audit entry runs.

use chrono::{Datelike, Duration, NaiveDate, Utc};

use crate::auth::Actor;
use crate::clock::{self, utc_text};
use crate::error::{AppError, AppResult};
use crate::scheduling::{
    self, BookingInput, CancelInput, CancelledBy, OccurrenceChoice, Scope, SeriesInput, Status,
};
use crate::store::Store;

/// Who works where: (practitioner, service, room, minutes between starts).
pub struct Rota {
    pub practitioner: i64,
    pub service: i64,
    pub room: i64,
    pub every_minutes: i64,
}

/// A small deterministic generator, so every demo clinic looks the same.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % sides
    }
}

pub async fn seed(store: &Store, desk: &Actor, rota: &[Rota], patients: &[i64]) -> AppResult<()> {
    let today = crate::patients::clinic_today();
    let now = Utc::now();
    let mut dice = Dice(2026);
    let mut next_patient = 0usize;
    let mut pick = |dice: &mut Dice| {
        next_patient = (next_patient + 1 + dice.roll(3) as usize) % patients.len();
        patients[next_patient]
    };

    // Courses of treatment first, so the day-by-day bookings fit around them.
    for (i, r) in rota.iter().enumerate().take(3) {
        let first_day = next_weekday(today + Duration::days(1), 1 + i as u32 * 2);
        let first = BookingInput {
            patient_id: patients[i * 7],
            practitioner_id: r.practitioner,
            service_id: r.service,
            room_id: r.room,
            starts_at: format!("{first_day}T11:00"),
            ends_at: None,
            past_reason: None,
        };
        let s = SeriesInput {
            first,
            every_weeks: 1,
            weekdays: vec![first_day.weekday().number_from_monday()],
            until: None,
            count: Some(6),
        };
        let skip: Vec<OccurrenceChoice> = scheduling::preview_series(store, desk, s.clone())
            .await?
            .into_iter()
            .filter(|o| !o.clashes.is_empty())
            .map(|o| OccurrenceChoice { starts_at: o.starts_at, move_to: None })
            .collect();
        scheduling::book_series(store, desk, s, skip).await?;
    }

    for offset in -7..=7i64 {
        let day = today + Duration::days(offset);
        for r in rota {
            for (slot, hm) in day_starts(r.every_minutes).into_iter().enumerate() {
                // About three slots in four are taken.
                if dice.roll(4) == 0 {
                    continue;
                }
                let starts = clock::parse_instant("starts_at", &format!("{day}T{hm}"))?;
                let past = starts + Duration::minutes(15) < now;
                let b = BookingInput {
                    patient_id: pick(&mut dice),
                    practitioner_id: r.practitioner,
                    service_id: r.service,
                    room_id: r.room,
                    starts_at: utc_text(starts),
                    ends_at: None,
                    past_reason: past.then(|| "Entered from the paper diary".to_string()),
                };
                let a = match scheduling::book(store, desk, b).await {
                    Ok(a) => a,
                    // Outside the practitioner's hours, or the patient booked elsewhere.
                    Err(AppError::Conflict { .. }) => continue,
                    Err(e) => return Err(e),
                };
                if past {
                    let recent = now - starts < Duration::minutes(90);
                    close(store, desk, a.id, dice.roll(20), slot, recent).await?;
                }
            }
        }
    }
    Ok(())
}

/// Last week's and this morning's visits: mostly completed, some no-shows and
/// cancellations; the last hour's patients are still in the waiting room or in session.
async fn close(store: &Store, desk: &Actor, id: i64, roll: u64, slot: usize, recent: bool) -> AppResult<()> {
    match roll {
        _ if recent => {
            scheduling::set_status(store, desk, id, Status::Arrived).await?;
            if roll.is_multiple_of(2) {
                scheduling::set_status(store, desk, id, Status::InSession).await?;
            }
        }
        0 => {
            scheduling::set_status(store, desk, id, Status::NoShow).await?;
        }
        1 => {
            let by = if slot.is_multiple_of(2) { CancelledBy::Patient } else { CancelledBy::Clinic };
            let reason = if by == CancelledBy::Patient {
                "Unwell, will call to rebook"
            } else {
                "Practitioner called away"
            };
            scheduling::cancel(
                store,
                desk,
                id,
                CancelInput { by, reason: reason.into(), scope: Scope::This },
            )
            .await?;
        }
        _ => {
            for s in [Status::Arrived, Status::InSession, Status::Completed] {
                scheduling::set_status(store, desk, id, s).await?;
            }
        }
    }
    Ok(())
}

/// Start times through a 09:00–13:00 and 14:00–17:00 day, `every` minutes apart.
fn day_starts(every: i64) -> Vec<String> {
    let mut out = Vec::new();
    for (from, to) in [(9 * 60, 13 * 60), (14 * 60, 17 * 60)] {
        let mut t = from;
        while t + every <= to {
            out.push(format!("{:02}:{:02}", t / 60, t % 60));
            t += every;
        }
    }
    out
}

/// The first day on or after `from` that falls on `weekday` (1 = Monday).
fn next_weekday(from: NaiveDate, weekday: u32) -> NaiveDate {
    let ahead = (7 + weekday - from.weekday().number_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_cut_into_starts_and_weekdays_are_found() {
        assert_eq!(day_starts(60), ["09:00", "10:00", "11:00", "12:00", "14:00", "15:00", "16:00"]);
        assert_eq!(day_starts(45).len(), 5 + 4);
        let tue = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(next_weekday(tue, 2), tue);
        assert_eq!(next_weekday(tue, 1).to_string(), "2026-12-07");
        assert_eq!(next_weekday(tue, 7).to_string(), "2026-12-06");
    }
}
