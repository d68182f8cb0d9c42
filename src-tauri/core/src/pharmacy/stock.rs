//! Stock in batches: received with a batch number and an expiry date, taken by
//! dispensing, shown per item with totals and expiries.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::items::{self, PharmacyItem};
use super::{require_pharmacist, require_stock_reader, today, whole_quantity};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// The most units received in one delivery of one batch.
const MAX_RECEIVED: i64 = 1_000_000;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StockReceipt {
    #[ts(type = "number")]
    pub item_id: i64,
    pub batch_no: String,
    /// `YYYY-MM-DD`, or `YYYY-MM` as printed on many packs (the end of that month).
    pub expires_on: String,
    /// Whole units, more than 0.
    pub quantity: f64,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct StockBatch {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub item_id: i64,
    pub batch_no: String,
    /// `YYYY-MM-DD`; the batch may be dispensed up to and including this day.
    pub expires_on: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub expired: bool,
    pub received_at: String,
    pub received_by_name: String,
}

/// One item's stock: its batches that still hold units, the soonest expiring first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ItemStock {
    pub item: PharmacyItem,
    pub batches: Vec<StockBatch>,
    /// Units in expired batches, to be taken off the shelf.
    #[ts(type = "number")]
    pub expired_quantity: i64,
}

macro_rules! select {
    () => {
        "SELECT b.id, b.item_id, b.batch_no, b.expires_on, b.quantity, b.expires_on < ?1 AS expired,
                b.received_at, s.full_name AS received_by_name
         FROM stock_batches b JOIN staff s ON s.id = b.received_by"
    };
}

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<StockBatch> {
    let row: Option<StockBatch> = sqlx::query_as(concat!(select!(), " WHERE b.id = ?2"))
        .bind(today())
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| AppError::not_found("This batch is not in the pharmacy's stock."))
}

/// An expiry as printed: a full date, or a month meaning its last day.
fn expiry(value: &str) -> AppResult<NaiveDate> {
    let v = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(day);
    }
    let month = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok().filter(|_| v.len() == 7);
    let next = month.and_then(|m| {
        if m.month() == 12 {
            NaiveDate::from_ymd_opt(m.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1)
        }
    });
    next.and_then(|n| n.pred_opt()).ok_or_else(|| {
        AppError::validation(
            "expires_on",
            "Enter the expiry as year-month-day or year-month, as printed on the pack, for example 2027-03-31 or 2027-03.",
        )
    })
}

/// Receives a delivery. A second delivery of a batch already in stock (same number,
/// same expiry) adds to it; the same number with another expiry is refused, as one of
/// the two must be mistyped.
pub async fn receive_stock(store: &Store, actor: &Actor, r: StockReceipt) -> AppResult<StockBatch> {
    require_pharmacist(actor)?;
    let batch_no = validate::text("batch_no", "The batch number", &r.batch_no, 40)?;
    let expires_on = expiry(&r.expires_on)?;
    if expires_on < crate::patients::clinic_today() {
        return Err(AppError::validation(
            "expires_on",
            format!("This batch expired on {expires_on}; expired stock cannot be received."),
        ));
    }
    let quantity = whole_quantity("quantity", r.quantity, MAX_RECEIVED)?;

    let mut tx = store.begin_write().await?;
    let item = items::load(tx.conn(), r.item_id).await?;
    if !item.active {
        return Err(AppError::validation(
            "item_id",
            format!(
                "{} {} is no longer stocked; make it active again before receiving it.",
                item.name, item.strength
            ),
        ));
    }
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, expires_on FROM stock_batches WHERE item_id = ? AND batch_no = ?")
            .bind(item.id)
            .bind(&batch_no)
            .fetch_optional(tx.conn())
            .await?;
    let (id, action) = match existing {
        Some((_, on)) if on != expires_on.to_string() => {
            return Err(AppError::Conflict {
                message: format!(
                    "Batch {batch_no} of {} is already in stock with expiry {on}. Check the batch number and the expiry on the pack.",
                    item.name
                ),
                field: Some("expires_on".into()),
            })
        }
        Some((id, _)) => {
            sqlx::query("UPDATE stock_batches SET quantity = quantity + ? WHERE id = ?")
                .bind(quantity)
                .bind(id)
                .execute(tx.conn())
                .await?;
            (id, AuditAction::Update)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO stock_batches (item_id, batch_no, expires_on, quantity, received_at, received_by)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(item.id)
            .bind(&batch_no)
            .bind(expires_on.to_string())
            .bind(quantity)
            .bind(crate::clock::utc_text(chrono::Utc::now()))
            .bind(actor.staff_id)
            .fetch_one(tx.conn())
            .await?;
            (id, AuditAction::Create)
        }
    };
    let summary = format!("item {}, received {quantity}", item.id);
    tx.audit(actor.origin().entry(action, "stock_batch", Some(id.to_string()), summary)).await?;
    let batch = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(batch)
}

/// Stock per item (one item, or every active one): batches that still hold units,
/// first to expire first, with unexpired and expired totals.
pub async fn list_stock(store: &Store, actor: &Actor, item_id: Option<i64>) -> AppResult<Vec<ItemStock>> {
    require_stock_reader(actor)?;
    let items: Vec<PharmacyItem> = match item_id {
        Some(id) => vec![items::load(&mut *store.pool().acquire().await?, id).await?],
        None => items::list_items(store, actor, false).await?,
    };
    let batches: Vec<StockBatch> = sqlx::query_as(concat!(
        select!(),
        " WHERE b.quantity > 0 AND (?2 IS NULL OR b.item_id = ?2) ORDER BY b.item_id, b.expires_on, b.id"
    ))
    .bind(today())
    .bind(item_id)
    .fetch_all(store.pool())
    .await?;
    Ok(items
        .into_iter()
        .map(|item| {
            let batches: Vec<StockBatch> = batches.iter().filter(|b| b.item_id == item.id).cloned().collect();
            let expired_quantity = batches.iter().filter(|b| b.expired).map(|b| b.quantity).sum();
            ItemStock { item, batches, expired_quantity }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::expiry;

    #[test]
    fn expiries_as_printed_on_packs() {
        assert_eq!(expiry("2027-03-15").unwrap().to_string(), "2027-03-15");
        assert_eq!(expiry("2027-03").unwrap().to_string(), "2027-03-31");
        assert_eq!(expiry("2028-02").unwrap().to_string(), "2028-02-29");
        assert_eq!(expiry(" 2027-12 ").unwrap().to_string(), "2027-12-31");
        for bad in ["03/2027", "2027-13", "2027-3", "2027-02-30", "next year", ""] {
            assert_eq!(expiry(bad).unwrap_err().field(), Some("expires_on"), "{bad}");
        }
    }
}
