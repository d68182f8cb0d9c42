//! The history of one service's or pharmacy item's price, for the administrator's
//! prices screen: every price set, newest first, and who set it.

use serde::Serialize;
use ts_rs::TS;

use super::money::Money;
use super::prices::PricedThing;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct PriceChange {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub price_paisa: i64,
    #[sqlx(skip)]
    pub price_text: String,
    #[ts(type = "number")]
    pub tax_bp: i64,
    /// YYYY-MM-DD: the first day it holds.
    pub effective_from: String,
    pub set_at: String,
    pub set_by: Option<String>,
}

/// Every price set for the service or item, newest first (reception and administrator).
pub async fn price_history(
    store: &Store,
    actor: &Actor,
    thing: PricedThing,
    id: i64,
) -> AppResult<Vec<PriceChange>> {
    if !(actor.may(Permission::Bill) || actor.may(Permission::SetPrices)) {
        return Err(AppError::forbidden(Permission::Bill.refusal()));
    }
    // Fixed texts chosen by the enum, never typed: safe to put in the statement.
    let (table, column) = match thing {
        PricedThing::Service => ("service_prices", "service_id"),
        PricedThing::Item => ("item_prices", "item_id"),
    };
    let sql = format!(
        "SELECT p.id, p.price_paisa, p.tax_bp, p.effective_from, p.set_at, s.full_name AS set_by
         FROM {table} p LEFT JOIN staff s ON s.id = p.set_by WHERE p.{column} = ?
         ORDER BY p.effective_from DESC, p.id DESC"
    );
    let mut rows: Vec<PriceChange> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(store.pool()).await?;
    for r in &mut rows {
        r.price_text = Money(r.price_paisa).pkr();
    }
    Ok(rows)
}
