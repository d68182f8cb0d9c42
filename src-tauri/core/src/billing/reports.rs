//! The administrator's money reports: the takings per day, cashier and method (on the
//! same takings days as the cash-up), and what is still owed on issued invoices by age.
//! Totals only: no patient is named, so the reports and their CSV files hold no patient
//! data. Each CSV export is audited.

use std::collections::BTreeMap;

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use super::cashup::{self, by_method, entries};
use super::money::Money;
use super::today;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{parse_utc, CLINIC_TZ};
use crate::error::AppResult;
use crate::export::csv_table::CsvTable;
use crate::scheduling::ExportFile;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TakingsRow {
    pub day: String,
    #[ts(type = "number")]
    pub cashier_id: i64,
    pub cashier_name: String,
    pub method: String,
    #[ts(type = "number")]
    pub payments: i64,
    #[ts(type = "number")]
    pub paid_paisa: i64,
    #[ts(type = "number")]
    pub refunds: i64,
    #[ts(type = "number")]
    pub refunded_paisa: i64,
}

/// The takings of each day, cashier and method with any money, oldest day first.
pub async fn takings_report(
    store: &Store,
    actor: &Actor,
    from: &str,
    to: &str,
) -> AppResult<Vec<TakingsRow>> {
    actor.require(Permission::ViewTakings)?;
    let (first, last) = cashup::range(from, to)?;
    let mut conn = store.pool().acquire().await?;
    let list = entries(&mut conn, None, first, last).await?;
    let names: BTreeMap<i64, String> =
        sqlx::query_as("SELECT id, full_name FROM staff").fetch_all(&mut *conn).await?.into_iter().collect();
    let mut groups: BTreeMap<(chrono::NaiveDate, i64), Vec<&cashup::Entry>> = BTreeMap::new();
    for e in &list {
        groups.entry((e.day, e.cashier_id)).or_default().push(e);
    }
    let mut rows = Vec::new();
    for ((day, cashier_id), group) in groups {
        for m in by_method(group.into_iter()).into_iter().filter(|m| m.payments + m.refunds > 0) {
            rows.push(TakingsRow {
                day: day.to_string(),
                cashier_id,
                cashier_name: names.get(&cashier_id).cloned().unwrap_or_default(),
                method: m.method,
                payments: m.payments,
                paid_paisa: m.paid_paisa,
                refunds: m.refunds,
                refunded_paisa: m.refunded_paisa,
            });
        }
    }
    Ok(rows)
}

fn rupees(paisa: i64) -> String {
    let sign = if paisa < 0 { "-" } else { "" };
    let abs = paisa.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The takings report as CSV (amounts in rupees with two decimals).
pub async fn takings_csv(store: &Store, actor: &Actor, from: &str, to: &str) -> AppResult<ExportFile> {
    let rows = takings_report(store, actor, from, to).await?;
    let mut csv = CsvTable::new(&[
        "day",
        "cashier",
        "method",
        "payments",
        "paid_pkr",
        "refunds",
        "refunded_pkr",
        "net_pkr",
    ])?;
    for r in &rows {
        csv.row([
            r.day.as_str(),
            r.cashier_name.as_str(),
            r.method.as_str(),
            &r.payments.to_string(),
            &rupees(r.paid_paisa),
            &r.refunds.to_string(),
            &rupees(r.refunded_paisa),
            &rupees(r.paid_paisa - r.refunded_paisa),
        ])?;
    }
    let bytes = csv.finish()?;
    audit_export(store, actor, "takings_report", format!("CSV {from} to {to}, {} rows", rows.len())).await?;
    Ok(ExportFile { name: format!("takings-{from}-{to}.csv"), bytes })
}

async fn audit_export(store: &Store, actor: &Actor, entity: &'static str, summary: String) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    tx.audit(actor.origin().entry(AuditAction::Export, entity, None, summary)).await?;
    tx.commit().await
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AgeBucket {
    /// "0–30", "31–60", "61–90", "90+" days since the invoice was issued.
    pub label: String,
    #[ts(type = "number")]
    pub invoices: i64,
    #[ts(type = "number")]
    pub outstanding_paisa: i64,
    pub outstanding_text: String,
}

const BUCKETS: [(&str, i64); 4] = [("0–30", 30), ("31–60", 60), ("61–90", 90), ("90+", i64::MAX)];

/// Which bucket an invoice `age` days old falls in.
pub fn bucket_of(age: i64) -> usize {
    BUCKETS.iter().position(|(_, most)| age <= *most).unwrap_or(BUCKETS.len() - 1)
}

/// What is owed on issued invoices (after credit notes and payments), by the invoice's age.
pub async fn aged_balances(store: &Store, actor: &Actor) -> AppResult<Vec<AgeBucket>> {
    actor.require(Permission::ViewTakings)?;
    let open: Vec<(String, i64)> =
        sqlx::query_as("SELECT issued_at, owed_paisa FROM invoice_dues WHERE owed_paisa > 0")
            .fetch_all(store.pool())
            .await?;
    let now = today();
    let mut sums = [(0i64, 0i64); 4];
    for (issued_at, outstanding) in open {
        let day = parse_utc(&issued_at)?.with_timezone(&CLINIC_TZ).date_naive();
        let b = bucket_of((now - day).num_days().max(0));
        sums[b].0 += 1;
        sums[b].1 += outstanding;
    }
    Ok(BUCKETS
        .iter()
        .zip(sums)
        .map(|((label, _), (invoices, paisa))| AgeBucket {
            label: label.to_string(),
            invoices,
            outstanding_paisa: paisa,
            outstanding_text: Money(paisa).pkr(),
        })
        .collect())
}

pub async fn aged_balances_csv(store: &Store, actor: &Actor) -> AppResult<ExportFile> {
    let buckets = aged_balances(store, actor).await?;
    let mut csv = CsvTable::new(&["age_days", "invoices", "outstanding_pkr"])?;
    for b in &buckets {
        csv.row([b.label.as_str(), &b.invoices.to_string(), &rupees(b.outstanding_paisa)])?;
    }
    let bytes = csv.finish()?;
    audit_export(store, actor, "aged_balances", "CSV by age".into()).await?;
    Ok(ExportFile {
        name: format!("balances-by-age-{}.csv", Utc::now().with_timezone(&CLINIC_TZ).date_naive()),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_their_buckets_at_the_edges() {
        for (age, bucket) in [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3), (4000, 3)] {
            assert_eq!(bucket_of(age), bucket, "{age} days");
        }
    }

    #[test]
    fn rupees_keep_two_decimals() {
        assert_eq!(rupees(150_050), "1500.50");
        assert_eq!(rupees(5), "0.05");
        assert_eq!(rupees(-150), "-1.50");
        assert_eq!(rupees(-50), "-0.50");
    }
}
