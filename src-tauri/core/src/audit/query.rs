//! The audit viewer's query: filters and keyset paging, newest first, so that a page
//! costs the same at the millionth entry as at the first.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use ts_rs::TS;

use crate::clock;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    #[ts(optional, type = "number")]
    pub staff_id: Option<i64>,
    #[ts(optional, type = "number")]
    pub patient_id: Option<i64>,
    #[ts(optional)]
    pub action: Option<super::AuditAction>,
    /// First day, `YYYY-MM-DD` in the clinic's time zone.
    #[ts(optional)]
    pub from: Option<String>,
    /// Last day, inclusive.
    #[ts(optional)]
    pub to: Option<String>,
    /// Continue below this entry (the previous page's `next_before`).
    #[ts(optional, type = "number")]
    pub before_seq: Option<i64>,
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    #[ts(type = "number | null")]
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub workstation: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    #[ts(type = "number | null")]
    pub patient_id: Option<i64>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// Pass as `before_seq` for the next page; absent on the last page.
    #[ts(type = "number | null")]
    pub next_before: Option<i64>,
}

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

async fn first_seq_at_or_after(pool: &SqlitePool, at: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT seq FROM audit_log WHERE at >= ? ORDER BY at LIMIT 1")
        .bind(at)
        .fetch_optional(pool)
        .await?)
}

pub async fn list(pool: &SqlitePool, f: &AuditFilter) -> AppResult<AuditPage> {
    let limit = f.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let from =
        f.from.as_deref().filter(|s| !s.is_empty()).map(|s| clock::parse_date("from", s)).transpose()?;
    let to = f.to.as_deref().filter(|s| !s.is_empty()).map(|s| clock::parse_date("to", s)).transpose()?;
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(AppError::validation("to", "The end date is before the start date."));
        }
    }
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();

    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT a.seq, a.at, a.staff_id, s.full_name AS staff_name, a.workstation, a.action,
                a.entity, a.entity_id, a.patient_id, a.summary
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE 1 = 1",
    );
    if let Some(id) = f.staff_id {
        q.push(" AND a.staff_id = ").push_bind(id);
    }
    if let Some(id) = f.patient_id {
        q.push(" AND a.patient_id = ").push_bind(id);
    }
    if let Some(action) = f.action {
        q.push(" AND a.action = ").push_bind(action.as_str());
    }
    // Entries are appended in time order, so a day range is a range of entry numbers:
    // found through the time index, it lets every filter walk its own (…, seq) index.
    // The times are still compared (without an index, `+`) in case the clock stepped back.
    if let Some(day) = from {
        let start = fmt(clock::day_start_utc(day));
        match first_seq_at_or_after(pool, &start).await? {
            Some(lo) => q.push(" AND a.seq >= ").push_bind(lo),
            None => q.push(" AND 0"),
        };
        q.push(" AND +a.at >= ").push_bind(start);
    }
    if let Some(day) = to {
        let end = fmt(clock::day_start_utc(day.succ_opt().unwrap_or(day)));
        if let Some(hi) = first_seq_at_or_after(pool, &end).await? {
            q.push(" AND a.seq < ").push_bind(hi);
        }
        q.push(" AND +a.at < ").push_bind(end);
    }
    if let Some(before) = f.before_seq {
        q.push(" AND a.seq < ").push_bind(before);
    }
    q.push(" ORDER BY a.seq DESC LIMIT ").push_bind(i64::from(limit) + 1);

    let mut rows: Vec<AuditRow> = q.build_query_as().fetch_all(pool).await?;
    let next_before = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.seq)
    } else {
        None
    };
    Ok(AuditPage { rows, next_before })
}
