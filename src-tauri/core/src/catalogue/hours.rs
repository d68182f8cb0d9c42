//! Practitioners' weekly working hours (clinic local time) and time off (stored in UTC).

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission, Role};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct HoursInput {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// HH:MM, clinic time.
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct WorkingHours {
    #[ts(type = "number")]
    pub weekday: i64,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TimeOffInput {
    /// YYYY-MM-DDTHH:MM, clinic time.
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct TimeOff {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// For those who manage the practitioners' time (the administrator); `null` for
    /// everyone else, who need to know only that the practitioner is away.
    pub reason: Option<String>,
}

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn time(field: &str, text: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| AppError::validation(field, "Enter the time as hours:minutes, for example 09:30."))
}

/// Parses and checks a week of hours: real times, start before end, no two periods of
/// one day overlapping. Sorted by day and start.
pub fn check_hours(list: &[HoursInput]) -> AppResult<Vec<(u8, NaiveTime, NaiveTime)>> {
    let mut out = Vec::with_capacity(list.len());
    for (i, h) in list.iter().enumerate() {
        let field = |f: &str| format!("hours.{i}.{f}");
        if !(1..=7).contains(&h.weekday) {
            return Err(AppError::validation(&field("weekday"), "Choose a day of the week."));
        }
        let (s, e) = (time(&field("starts"), &h.starts)?, time(&field("ends"), &h.ends)?);
        if s >= e {
            return Err(AppError::validation(&field("ends"), "The end time must be after the start time."));
        }
        out.push((h.weekday, s, e));
    }
    out.sort();
    for pair in out.windows(2) {
        let ((d1, _, e1), (d2, s2, _)) = (pair[0], pair[1]);
        if d1 == d2 && s2 < e1 {
            return Err(AppError::invalid(format!(
                "Two periods on {} overlap ({} ends after the next one starts).",
                DAYS[usize::from(d1) - 1],
                e1.format("%H:%M")
            )));
        }
    }
    Ok(out)
}

async fn require_practitioner(store: &Store, staff_id: i64) -> AppResult<()> {
    let roles = crate::staff::roles_of(&mut *store.pool().acquire().await?, staff_id).await?;
    if !roles.iter().any(|r| matches!(r, Role::Physiotherapist | Role::Psychologist | Role::Pharmacist)) {
        return Err(AppError::invalid(
            "Working hours are kept for practitioners (physiotherapists, psychologists, pharmacists).",
        ));
    }
    Ok(())
}

pub async fn weekly_hours(store: &Store, staff_id: i64) -> AppResult<Vec<WorkingHours>> {
    Ok(sqlx::query_as(
        "SELECT weekday, starts, ends FROM working_hours WHERE staff_id = ? ORDER BY weekday, starts",
    )
    .bind(staff_id)
    .fetch_all(store.pool())
    .await?)
}

/// Replaces a practitioner's whole week.
pub async fn set_weekly_hours(
    store: &Store,
    actor: &Actor,
    staff_id: i64,
    list: Vec<HoursInput>,
) -> AppResult<Vec<WorkingHours>> {
    actor.require(Permission::ManageCatalogue)?;
    let checked = check_hours(&list)?;
    require_practitioner(store, staff_id).await?;
    let mut tx = store.begin_write().await?;
    sqlx::query("DELETE FROM working_hours WHERE staff_id = ?").bind(staff_id).execute(tx.conn()).await?;
    for (day, s, e) in &checked {
        sqlx::query("INSERT INTO working_hours (staff_id, weekday, starts, ends) VALUES (?, ?, ?, ?)")
            .bind(staff_id)
            .bind(i64::from(*day))
            .bind(s.format("%H:%M").to_string())
            .bind(e.format("%H:%M").to_string())
            .execute(tx.conn())
            .await?;
    }
    tx.audit(actor.origin().entry(
        AuditAction::Update,
        "working_hours",
        Some(staff_id.to_string()),
        format!("{} periods", checked.len()),
    ))
    .await?;
    tx.commit().await?;
    weekly_hours(store, staff_id).await
}

/// A practitioner's time off, for whoever sees the appointment book or manages the
/// catalogue; the reasons (a person's leave, an illness) only for the latter.
pub async fn time_off(store: &Store, actor: &Actor, staff_id: i64) -> AppResult<Vec<TimeOff>> {
    if !actor.may(Permission::ManageCatalogue) {
        actor.require(Permission::ViewSchedule)?;
    }
    let mut list = time_off_of(store, staff_id).await?;
    if !actor.may(Permission::ManageCatalogue) {
        list.iter_mut().for_each(|t| t.reason = None);
    }
    Ok(list)
}

async fn time_off_of(store: &Store, staff_id: i64) -> AppResult<Vec<TimeOff>> {
    Ok(sqlx::query_as(
        "SELECT id, starts_at, ends_at, reason FROM time_off WHERE staff_id = ? ORDER BY starts_at",
    )
    .bind(staff_id)
    .fetch_all(store.pool())
    .await?)
}

pub async fn add_time_off(
    store: &Store,
    actor: &Actor,
    staff_id: i64,
    t: TimeOffInput,
) -> AppResult<Vec<TimeOff>> {
    actor.require(Permission::ManageCatalogue)?;
    let from = clock::parse_instant("from", &t.from)?;
    let to = clock::parse_instant("to", &t.to)?;
    if to <= from {
        return Err(AppError::validation("to", "The end of the time off must be after its start."));
    }
    let reason = validate::optional_text("reason", "The reason", t.reason.as_deref().unwrap_or(""), 200)?;
    require_practitioner(store, staff_id).await?;
    let mut tx = store.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO time_off (staff_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(staff_id)
    .bind(clock::utc_text(from))
    .bind(clock::utc_text(to))
    .bind(reason)
    .fetch_one(tx.conn())
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Create,
        "time_off",
        Some(id.to_string()),
        format!("staff #{staff_id}"),
    ))
    .await?;
    tx.commit().await?;
    time_off_of(store, staff_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(weekday: u8, starts: &str, ends: &str) -> HoursInput {
        HoursInput { weekday, starts: starts.into(), ends: ends.into() }
    }

    #[test]
    fn a_week_of_hours_is_checked() {
        let ok =
            check_hours(&[h(2, "14:00", "18:00"), h(1, "09:00", "13:00"), h(2, "09:00", "13:00")]).unwrap();
        assert_eq!(
            ok.iter().map(|(d, s, _)| (*d, s.format("%H:%M").to_string())).collect::<Vec<_>>(),
            vec![(1, "09:00".into()), (2, "09:00".into()), (2, "14:00".into())]
        );
        // Touching periods are fine; overlapping ones are not.
        assert!(check_hours(&[h(3, "09:00", "13:00"), h(3, "13:00", "17:00")]).is_ok());
        let e = check_hours(&[h(3, "09:00", "13:00"), h(3, "12:30", "17:00")]).unwrap_err();
        assert!(e.to_string().contains("Wednesday"), "{e}");
        assert_eq!(check_hours(&[h(8, "09:00", "10:00")]).unwrap_err().field(), Some("hours.0.weekday"));
        assert_eq!(check_hours(&[h(1, "10:00", "09:00")]).unwrap_err().field(), Some("hours.0.ends"));
        assert_eq!(check_hours(&[h(1, "10:00", "10:00")]).unwrap_err().field(), Some("hours.0.ends"));
        assert_eq!(check_hours(&[h(1, "25:00", "26:00")]).unwrap_err().field(), Some("hours.0.starts"));
        assert_eq!(check_hours(&[h(1, "9am", "5pm")]).unwrap_err().field(), Some("hours.0.starts"));
    }

    #[test]
    fn time_off_is_read_in_karachi_time() {
        let t = clock::parse_instant("from", "2026-12-01T09:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-01T04:00:00+00:00");
        assert_eq!(clock::parse_instant("from", "2026-02-30T09:00").unwrap_err().field(), Some("from"));
    }
}
