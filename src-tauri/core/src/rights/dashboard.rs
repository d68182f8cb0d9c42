//! The privacy officer's dashboard: open requests by due date, with the days left
//! counted on the clinic's calendar, and how many requests of each kind came in per month.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::requests::{load_where, RightsRequest};
use super::{clinic_date, RequestKind};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OpenRequest {
    pub request: RightsRequest,
    /// Days until the due date; 0 on the day itself, negative once past.
    #[ts(type = "number")]
    pub days_left: i64,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MonthCount {
    /// `YYYY-MM`, by the date received.
    pub month: String,
    pub kind: RequestKind,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    /// The clinic's date the days were counted from.
    pub today: String,
    pub open: Vec<OpenRequest>,
    /// The last twelve months including this one, newest first.
    pub counts: Vec<MonthCount>,
}

/// Days left and overdue, for a due date on the clinic's `today`.
pub(super) fn days_left(due_on: &str, today: NaiveDate) -> AppResult<(i64, bool)> {
    let due = NaiveDate::parse_from_str(due_on, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored due date is unreadable"))?;
    let left = (due - today).num_days();
    Ok((left, left < 0))
}

pub async fn dashboard(store: &Store, actor: &Actor, now: DateTime<Utc>) -> AppResult<Dashboard> {
    actor.require(Permission::ManageRightsRequests)?;
    let today = clinic_date(now);
    let mut conn = store.pool().acquire().await?;
    let open = load_where(
        &mut conn,
        "WHERE r.state IN ('received', 'identity_verified', 'in_progress') AND ?1 IS NULL
         ORDER BY r.due_on, r.id",
        None,
    )
    .await?
    .into_iter()
    .map(|request| {
        let (days_left, overdue) = days_left(&request.due_on, today)?;
        Ok(OpenRequest { request, days_left, overdue })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let first = today.with_day(1).expect("day 1 exists") - Months::new(11);
    let rows: Vec<(String, String, u32)> = sqlx::query_as(
        "SELECT substr(received_on, 1, 7) AS month, kind, count(*) FROM rights_requests
         WHERE received_on >= ?1 GROUP BY month, kind ORDER BY month DESC, kind",
    )
    .bind(first.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let counts = rows
        .into_iter()
        .map(|(month, kind, count)| Ok(MonthCount { month, kind: RequestKind::parse(&kind)?, count }))
        .collect::<AppResult<Vec<_>>>()?;
    drop(conn);
    // The open requests name their patients.
    let ids: Vec<i64> = open.iter().map(|o| o.request.patient_id).collect();
    let e = actor.origin().entry(AuditAction::View, "rights_requests", None, "dashboard of open requests");
    store.audit_read_naming(e, &ids).await?;
    Ok(Dashboard { today: today.to_string(), open, counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_on_the_clinic_calendar() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(days_left("2026-12-10", today).unwrap(), (0, false));
        assert_eq!(days_left("2026-12-11", today).unwrap(), (1, false));
        assert_eq!(days_left("2026-12-09", today).unwrap(), (-1, true));
        assert_eq!(days_left("2027-01-09", today).unwrap(), (30, false));
    }
}
