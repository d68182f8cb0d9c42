//! The day's takings: each cashier closes their own day once. What the payments and
//! refunds they took come to per method is what is expected; the cash they counted is
//! typed in; a difference needs a note. A closed day is never changed.
//!
//! Which day a payment counts on: the clinic day (Asia/Karachi) it was taken, except
//! that one taken after its cashier closed that day counts on the next day. The closing
//! keeps the last payment id it covers, so the cut is exact even within one second. The
//! store refuses a payment or refund dated into a period its cashier has closed.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::money::Money;
use super::today;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, day_start_utc, parse_utc, utc_text, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::export::z_report::{self, ZEntry, ZReport};
use crate::scheduling::ExportFile;
use crate::store::Store;
use crate::validate;

/// Every method, in the order reports show them.
pub const METHODS: [&str; 5] = ["cash", "card", "bank_transfer", "jazzcash", "easypaisa"];

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CashUpInput {
    /// The clinic day being closed, `YYYY-MM-DD` (today or an earlier day).
    pub day: String,
    /// The cash counted in the drawer, in rupees as typed (the float left out).
    pub counted_cash: String,
    /// Needed when the counted cash differs from what was expected.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct MethodTakings {
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

impl MethodTakings {
    fn empty(method: &str) -> MethodTakings {
        MethodTakings { method: method.into(), payments: 0, paid_paisa: 0, refunds: 0, refunded_paisa: 0 }
    }
}

/// What a cashier's day comes to so far (nothing is saved by reading it).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DayTakings {
    #[ts(type = "number")]
    pub cashier_id: i64,
    pub day: String,
    pub methods: Vec<MethodTakings>,
    /// Cash taken less cash given back: what the drawer should hold beyond the float.
    #[ts(type = "number")]
    pub expected_cash_paisa: i64,
    /// The closing of this day, when it has been closed.
    #[ts(type = "number | null")]
    pub closing_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DayClosing {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub cashier_id: i64,
    pub cashier_name: String,
    pub day: String,
    pub workstation: String,
    #[ts(type = "number")]
    pub expected_cash_paisa: i64,
    #[ts(type = "number")]
    pub counted_cash_paisa: i64,
    /// Counted less expected: negative when cash is missing.
    #[ts(type = "number")]
    pub difference_paisa: i64,
    pub note: Option<String>,
    pub closed_at: String,
    pub methods: Vec<MethodTakings>,
}

/// One payment or refund as it counts in the takings.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: i64,
    pub cashier_id: i64,
    pub method: String,
    pub refund: bool,
    pub amount_paisa: i64,
    pub reference: Option<String>,
    pub taken_at: String,
    /// The takings day it falls on.
    pub day: NaiveDate,
}

fn clinic_day(utc: &str) -> AppResult<NaiveDate> {
    Ok(parse_utc(utc)?.with_timezone(&CLINIC_TZ).date_naive())
}

/// The payments and refunds that fall on the takings days `first..=last`, of one
/// cashier or of all, oldest first.
pub(crate) async fn entries(
    conn: &mut SqliteConnection,
    cashier: Option<i64>,
    first: NaiveDate,
    last: NaiveDate,
) -> AppResult<Vec<Entry>> {
    // A payment counts on its own day or the next, so the day before may hold some.
    let from = utc_text(day_start_utc(first - Duration::days(1)));
    let to = utc_text(day_start_utc(last + Duration::days(1)));
    type Row = (i64, i64, String, String, i64, Option<String>, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, taken_by, method, kind, amount_paisa, reference, taken_at FROM payments
         WHERE taken_at >= ?1 AND taken_at < ?2 AND (?3 IS NULL OR taken_by = ?3) ORDER BY taken_at, id",
    )
    .bind(&from)
    .bind(&to)
    .bind(cashier)
    .fetch_all(&mut *conn)
    .await?;
    let closings: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT cashier_id, day, through_payment_id FROM day_closings
         WHERE day >= ?1 AND day <= ?2 AND (?3 IS NULL OR cashier_id = ?3)",
    )
    .bind((first - Duration::days(1)).to_string())
    .bind(last.to_string())
    .bind(cashier)
    .fetch_all(&mut *conn)
    .await?;
    let through: HashMap<(i64, String), i64> = closings.into_iter().map(|(c, d, t)| ((c, d), t)).collect();
    let mut out = Vec::new();
    for (id, cashier_id, method, kind, amount_paisa, reference, taken_at) in rows {
        let mut day = clinic_day(&taken_at)?;
        if through.get(&(cashier_id, day.to_string())).is_some_and(|t| id > *t) {
            day += Duration::days(1);
        }
        if day >= first && day <= last {
            let refund = kind == "refund";
            out.push(Entry { id, cashier_id, method, refund, amount_paisa, reference, taken_at, day });
        }
    }
    Ok(out)
}

/// Sums per method, every method listed.
pub(crate) fn by_method<'a>(entries: impl Iterator<Item = &'a Entry>) -> Vec<MethodTakings> {
    let mut methods: Vec<MethodTakings> = METHODS.iter().map(|m| MethodTakings::empty(m)).collect();
    for e in entries {
        if let Some(m) = methods.iter_mut().find(|m| m.method == e.method) {
            if e.refund {
                m.refunds += 1;
                m.refunded_paisa += e.amount_paisa;
            } else {
                m.payments += 1;
                m.paid_paisa += e.amount_paisa;
            }
        }
    }
    methods
}

fn expected_cash(methods: &[MethodTakings]) -> i64 {
    methods.iter().find(|m| m.method == "cash").map_or(0, |m| m.paid_paisa - m.refunded_paisa)
}

fn closable_day(field: &str, typed: &str) -> AppResult<NaiveDate> {
    let day = clock::parse_date(field, typed)?;
    if day > today() {
        return Err(AppError::validation(field, "That day has not come yet; a day is closed at its end."));
    }
    Ok(day)
}

async fn closing_id(conn: &mut SqliteConnection, cashier: i64, day: NaiveDate) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM day_closings WHERE cashier_id = ? AND day = ?")
        .bind(cashier)
        .bind(day.to_string())
        .fetch_optional(conn)
        .await?)
}

/// What the signed-in cashier's day comes to so far, before they count the drawer.
pub async fn day_takings(store: &Store, actor: &Actor, day: &str) -> AppResult<DayTakings> {
    actor.require(Permission::TakePayments)?;
    let day = clock::parse_date("day", day)?;
    let mut conn = store.pool().acquire().await?;
    let list = entries(&mut conn, Some(actor.staff_id), day, day).await?;
    let methods = by_method(list.iter());
    Ok(DayTakings {
        cashier_id: actor.staff_id,
        day: day.to_string(),
        expected_cash_paisa: expected_cash(&methods),
        methods,
        closing_id: closing_id(&mut conn, actor.staff_id, day).await?,
    })
}

/// Closes the signed-in cashier's day: once per day, never a day still to come.
pub async fn close_day(store: &Store, actor: &Actor, input: CashUpInput) -> AppResult<DayClosing> {
    actor.require(Permission::TakePayments)?;
    let day = closable_day("day", &input.day)?;
    let counted = Money::parse("counted_cash", &input.counted_cash)?;
    let mut tx = store.begin_write().await?;
    if closing_id(tx.conn(), actor.staff_id, day).await?.is_some() {
        return Err(AppError::Conflict {
            message: format!("You have already closed {day}. A closed day is not closed again."),
            field: Some("day".into()),
        });
    }
    let through: i64 =
        sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM payments").fetch_one(tx.conn()).await?;
    let list = entries(tx.conn(), Some(actor.staff_id), day, day).await?;
    let methods = by_method(list.iter());
    let expected = expected_cash(&methods);
    let difference = counted.paisa() - expected;
    let note = if difference == 0 {
        validate::optional_text("note", "The note", input.note.as_deref().unwrap_or(""), 500)?
    } else {
        let label = "A note saying why the counted cash differs from what was expected";
        Some(validate::text("note", label, input.note.as_deref().unwrap_or(""), 500)?)
    };
    let closed_at = utc_text(Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO day_closings (cashier_id, day, workstation, through_payment_id, expected_cash_paisa,
             counted_cash_paisa, difference_paisa, note, closed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(actor.staff_id)
    .bind(day.to_string())
    .bind(&actor.workstation)
    .bind(through)
    .bind(expected)
    .bind(counted.paisa())
    .bind(difference)
    .bind(&note)
    .bind(&closed_at)
    .fetch_one(tx.conn())
    .await?;
    for m in &methods {
        sqlx::query(
            "INSERT INTO day_closing_methods (closing_id, method, payments, paid_paisa, refunds, refunded_paisa)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&m.method)
        .bind(m.payments)
        .bind(m.paid_paisa)
        .bind(m.refunds)
        .bind(m.refunded_paisa)
        .execute(tx.conn())
        .await?;
    }
    tx.audit(actor.origin().entry(
        AuditAction::Create,
        "day_closing",
        Some(id.to_string()),
        format!(
            "closed {day}: {} entries, expected cash {expected}, counted {}, difference {difference} paisa",
            list.len(),
            counted.paisa()
        ),
    ))
    .await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

type ClosingRow = (i64, i64, String, String, String, i64, i64, i64, Option<String>, String);

pub(crate) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<DayClosing> {
    let row: Option<ClosingRow> = sqlx::query_as(
        "SELECT c.id, c.cashier_id, s.full_name, c.day, c.workstation, c.expected_cash_paisa, c.counted_cash_paisa,
                c.difference_paisa, c.note, c.closed_at
         FROM day_closings c JOIN staff s ON s.id = c.cashier_id WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, cashier_id, cashier_name, day, workstation, expected, counted, difference, note, closed_at) =
        row.ok_or_else(|| AppError::not_found("This closed day does not exist."))?;
    let mut methods: Vec<MethodTakings> = sqlx::query_as(
        "SELECT method, payments, paid_paisa, refunds, refunded_paisa FROM day_closing_methods WHERE closing_id = ?",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    methods.sort_by_key(|m| METHODS.iter().position(|k| *k == m.method));
    Ok(DayClosing {
        id,
        cashier_id,
        cashier_name,
        day,
        workstation,
        expected_cash_paisa: expected,
        counted_cash_paisa: counted,
        difference_paisa: difference,
        note,
        closed_at,
        methods,
    })
}

/// Closed days between two clinic days (at most a year): the administrator sees every
/// cashier's, a cashier their own.
pub async fn day_closings(store: &Store, actor: &Actor, from: &str, to: &str) -> AppResult<Vec<DayClosing>> {
    let own = if actor.may(Permission::ViewTakings) {
        None
    } else {
        actor.require(Permission::TakePayments)?;
        Some(actor.staff_id)
    };
    let (first, last) = range(from, to)?;
    let mut conn = store.pool().acquire().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM day_closings WHERE day >= ?1 AND day <= ?2 AND (?3 IS NULL OR cashier_id = ?3)
         ORDER BY day, cashier_id",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(own)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(&mut conn, id).await?);
    }
    Ok(out)
}

/// Two clinic days, in order, at most a year apart.
pub(crate) fn range(from: &str, to: &str) -> AppResult<(NaiveDate, NaiveDate)> {
    let (first, last) = (clock::parse_date("from", from)?, clock::parse_date("to", to)?);
    if last < first {
        return Err(AppError::validation("to", "The last day must be on or after the first."));
    }
    if (last - first).num_days() > 366 {
        return Err(AppError::validation("to", "Choose at most a year at a time."));
    }
    Ok((first, last))
}

/// A closed day's Z report: the totals per method, the count and the difference, and
/// every payment and refund it covers (numbers, methods and amounts; no patient). The
/// administrator prints anyone's, a cashier their own. Audited as a print.
pub async fn z_report_pdf(store: &Store, actor: &Actor, closing_id: i64) -> AppResult<ExportFile> {
    if !actor.may(Permission::ViewTakings) {
        actor.require(Permission::TakePayments)?;
    }
    let header = crate::clinic::letterhead(store).await?;
    let mut tx = store.begin_write().await?;
    let c = load(tx.conn(), closing_id).await?;
    if !actor.may(Permission::ViewTakings) && c.cashier_id != actor.staff_id {
        return Err(AppError::forbidden("A cashier prints the Z report of their own days only."));
    }
    let day = clock::parse_date("day", &c.day)?;
    let list = entries(tx.conn(), Some(c.cashier_id), day, day).await?;
    let printed_by: String = sqlx::query_scalar("SELECT full_name FROM staff WHERE id = ?")
        .bind(actor.staff_id)
        .fetch_one(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Print,
        "day_closing",
        Some(closing_id.to_string()),
        format!("Z report of {}, {} entries", c.day, list.len()),
    ))
    .await?;
    let report = ZReport {
        clinic: header,
        day,
        entries: list
            .iter()
            .map(|e| ZEntry {
                taken_at: parse_utc(&e.taken_at).unwrap_or_else(|_| Utc::now()),
                number: format!("#{}", e.id),
                refund: e.refund,
                method: e.method.clone(),
                reference: e.reference.clone(),
                amount_paisa: e.amount_paisa,
            })
            .collect(),
        closing: c,
        printed_by,
        printed_at: Utc::now(),
    };
    let name = format!("z-report-{}-{}.pdf", report.closing.day, report.closing.cashier_id);
    let bytes = tokio::task::spawn_blocking(move || z_report::z_report_pdf(&report)).await??;
    tx.commit().await?;
    Ok(ExportFile { name, bytes })
}
