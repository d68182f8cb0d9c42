//! The month's revenue for the administrator: what issued invoices (not voided) charged
//! in a clinic month, by practitioner (of the appointment a line bills), by service and
//! by discipline, with the credit notes of the month beside it. Totals only: no patient.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::money::Money;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{day_start_utc, utc_text};
use crate::error::{AppError, AppResult};
use crate::export::csv_table::CsvTable;
use crate::scheduling::ExportFile;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RevenueRow {
    pub label: String,
    /// Invoice lines counted.
    #[ts(type = "number")]
    pub lines: i64,
    #[ts(type = "number")]
    pub revenue_paisa: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MonthlyRevenue {
    /// `YYYY-MM`.
    pub month: String,
    pub by_practitioner: Vec<RevenueRow>,
    pub by_service: Vec<RevenueRow>,
    pub by_discipline: Vec<RevenueRow>,
    /// What the month's invoices charged, after discounts and with tax.
    #[ts(type = "number")]
    pub invoiced_paisa: i64,
    /// What the credit notes issued in the month took off.
    #[ts(type = "number")]
    pub credited_paisa: i64,
    #[ts(type = "number")]
    pub net_paisa: i64,
}

/// Lines billing no appointment (pharmacy, extras, packages) have no practitioner.
const NO_PRACTITIONER: &str = "No appointment";

fn month_start(field: &str, typed: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", typed.trim()), "%Y-%m-%d")
        .map_err(|_| AppError::validation(field, "Enter the month as year-month, for example 2026-12."))
}

fn add(map: &mut BTreeMap<String, (i64, i64)>, label: String, lines: i64, paisa: i64) {
    let e = map.entry(label).or_default();
    e.0 += lines;
    e.1 += paisa;
}

fn rows(map: BTreeMap<String, (i64, i64)>) -> Vec<RevenueRow> {
    let mut out: Vec<RevenueRow> = map
        .into_iter()
        .map(|(label, (lines, revenue_paisa))| RevenueRow { label, lines, revenue_paisa })
        .collect();
    out.sort_by(|a, b| b.revenue_paisa.cmp(&a.revenue_paisa).then_with(|| a.label.cmp(&b.label)));
    out
}

pub async fn monthly_revenue(store: &Store, actor: &Actor, month: &str) -> AppResult<MonthlyRevenue> {
    actor.require(Permission::ViewTakings)?;
    let first = month_start("month", month)?;
    let next = first
        .checked_add_months(Months::new(1))
        .ok_or_else(|| AppError::validation("month", "Choose a month."))?;
    let (from, to) = (utc_text(day_start_utc(first)), utc_text(day_start_utc(next)));
    type Group = (String, Option<String>, Option<String>, Option<String>, i64, i64);
    let groups: Vec<Group> = sqlx::query_as(
        "SELECT l.kind, s.name, s.discipline, st.full_name, count(*), sum(l.total_paisa)
         FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
         LEFT JOIN services s ON s.id = l.service_id
         LEFT JOIN appointments a ON a.id = l.appointment_id
         LEFT JOIN staff st ON st.id = a.practitioner_id
         WHERE i.issued_at >= ?1 AND i.issued_at < ?2 AND i.kind = 'invoice' AND i.status = 'issued'
         GROUP BY l.kind, s.id, a.practitioner_id",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(store.pool())
    .await?;
    let credited: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(total_paisa), 0) FROM invoices
         WHERE issued_at >= ?1 AND issued_at < ?2 AND kind = 'credit_note' AND status = 'issued'",
    )
    .bind(&from)
    .bind(&to)
    .fetch_one(store.pool())
    .await?;
    let (mut by_practitioner, mut by_service, mut by_discipline) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut invoiced = 0;
    for (kind, service, discipline, practitioner, lines, paisa) in groups {
        invoiced += paisa;
        add(&mut by_practitioner, practitioner.unwrap_or_else(|| NO_PRACTITIONER.into()), lines, paisa);
        let (service, discipline) = match kind.as_str() {
            "item" => ("Pharmacy items".to_string(), "pharmacy".to_string()),
            "service" => (service.unwrap_or_default(), discipline.unwrap_or_default()),
            _ => ("Other charges".to_string(), "other".to_string()),
        };
        add(&mut by_service, service, lines, paisa);
        add(&mut by_discipline, discipline, lines, paisa);
    }
    Ok(MonthlyRevenue {
        month: format!("{}-{:02}", first.year(), first.month()),
        by_practitioner: rows(by_practitioner),
        by_service: rows(by_service),
        by_discipline: rows(by_discipline),
        invoiced_paisa: invoiced,
        credited_paisa: credited,
        net_paisa: invoiced - credited,
    })
}

/// The month's revenue as CSV: one row per grouping and label, amounts in rupees.
pub async fn monthly_revenue_csv(store: &Store, actor: &Actor, month: &str) -> AppResult<ExportFile> {
    let r = monthly_revenue(store, actor, month).await?;
    let mut csv = CsvTable::new(&["month", "by", "label", "lines", "revenue_pkr"])?;
    let rupees = |p: i64| Money(p).pkr().trim_start_matches("PKR ").replace(',', "");
    for (by, list) in
        [("practitioner", &r.by_practitioner), ("service", &r.by_service), ("discipline", &r.by_discipline)]
    {
        for row in list {
            csv.row([
                r.month.as_str(),
                by,
                row.label.as_str(),
                &row.lines.to_string(),
                &rupees(row.revenue_paisa),
            ])?;
        }
    }
    csv.row([r.month.as_str(), "total", "invoiced", "", &rupees(r.invoiced_paisa)])?;
    csv.row([r.month.as_str(), "total", "credit notes", "", &rupees(r.credited_paisa)])?;
    csv.row([r.month.as_str(), "total", "net", "", &rupees(r.net_paisa)])?;
    let bytes = csv.finish()?;
    let mut tx = store.begin_write().await?;
    tx.audit(actor.origin().entry(AuditAction::Export, "monthly_revenue", None, format!("CSV {}", r.month)))
        .await?;
    tx.commit().await?;
    Ok(ExportFile { name: format!("revenue-{}.csv", r.month), bytes })
}
