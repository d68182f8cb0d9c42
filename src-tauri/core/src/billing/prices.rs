//! Prices with history. A price (and its tax rate) holds from a day on until a newer
//! one does; nothing in the history is changed, a new price is added. An invoice line
//! copies the price it was made with, so a later price never changes an old bill.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::money::{self, Money};
use super::{now_text, today};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PriceInput {
    /// Rupees as typed: "1,500" or "1500.50".
    pub price: String,
    /// The tax rate as a percentage, "0" for none.
    pub tax_percent: String,
    /// YYYY-MM-DD: the first day the price holds.
    pub effective_from: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PricedThing {
    Service,
    Item,
}

/// The price of a service or item today.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PriceEntry {
    pub thing: PricedThing,
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// `None`: a pharmacy item with no sale price yet.
    #[ts(type = "number | null")]
    pub price_paisa: Option<i64>,
    pub price_text: Option<String>,
    #[ts(type = "number")]
    pub tax_bp: i64,
    pub effective_from: Option<String>,
}

/// A price in force on a day: the amount per unit and the tax rate in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub unit: Money,
    pub tax_bp: i64,
}

/// The service's price on `day`: the newest history row whose day has come, else the
/// catalogue's price in rupees with no tax.
pub(crate) async fn service_price(
    conn: &mut SqliteConnection,
    service_id: i64,
    day: NaiveDate,
) -> AppResult<Price> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT price_paisa, tax_bp FROM service_prices WHERE service_id = ?1 AND effective_from <= ?2
         ORDER BY effective_from DESC, id DESC LIMIT 1",
    )
    .bind(service_id)
    .bind(day.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((p, t)) = row {
        return Ok(Price { unit: Money(p), tax_bp: t });
    }
    let rupees: Option<i64> = sqlx::query_scalar("SELECT price_pkr FROM services WHERE id = ?")
        .bind(service_id)
        .fetch_optional(conn)
        .await?;
    match rupees {
        Some(r) => Ok(Price { unit: Money(r.saturating_mul(100)), tax_bp: 0 }),
        None => Err(AppError::validation("service_id", "This service does not exist.")),
    }
}

/// The item's sale price per unit on `day`, if one is set.
pub(crate) async fn item_price(
    conn: &mut SqliteConnection,
    item_id: i64,
    day: NaiveDate,
) -> AppResult<Option<Price>> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT price_paisa, tax_bp FROM item_prices WHERE item_id = ?1 AND effective_from <= ?2
         ORDER BY effective_from DESC, id DESC LIMIT 1",
    )
    .bind(item_id)
    .bind(day.to_string())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(p, t)| Price { unit: Money(p), tax_bp: t }))
}

struct Checked {
    price: Money,
    tax_bp: i64,
    from: NaiveDate,
}

fn check(input: &PriceInput) -> AppResult<Checked> {
    let price = Money::parse("price", &input.price)?;
    let tax_bp = if input.tax_percent.trim().is_empty() {
        0
    } else {
        money::parse_percent("tax_percent", &input.tax_percent)?
    };
    let from = crate::clock::parse_date("effective_from", input.effective_from.trim())?;
    if from < today() - chrono::Duration::days(366) {
        return Err(AppError::validation(
            "effective_from",
            "A price can start at most a year back; invoices already made keep their prices anyway.",
        ));
    }
    Ok(Checked { price, tax_bp, from })
}

async fn insert(
    store: &Store,
    actor: &Actor,
    thing: PricedThing,
    id: i64,
    input: PriceInput,
) -> AppResult<PriceEntry> {
    actor.require(Permission::SetPrices)?;
    let c = check(&input)?;
    let mut tx = store.begin_write().await?;
    let (table, exists_sql, entity, field) = match thing {
        PricedThing::Service => {
            ("service_prices", "SELECT name FROM services WHERE id = ?", "service_price", "service_id")
        }
        PricedThing::Item => {
            ("item_prices", "SELECT name FROM pharmacy_items WHERE id = ?", "item_price", "item_id")
        }
    };
    let name: Option<String> = sqlx::query_scalar(exists_sql).bind(id).fetch_optional(tx.conn()).await?;
    let Some(name) = name else {
        return Err(AppError::validation(field, "There is no such service or item."));
    };
    let column = if thing == PricedThing::Service { "service_id" } else { "item_id" };
    let sql = format!(
        "INSERT INTO {table} ({column}, price_paisa, tax_bp, effective_from, set_by, set_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id"
    );
    let row: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(c.price.paisa())
        .bind(c.tax_bp)
        .bind(c.from.to_string())
        .bind(actor.staff_id)
        .bind(now_text())
        .fetch_one(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Create,
        entity,
        Some(row.to_string()),
        format!("{field} {id}: {} paisa, tax {} bp, from {}", c.price.paisa(), c.tax_bp, c.from),
    ))
    .await?;
    tx.commit().await?;
    Ok(PriceEntry {
        thing,
        id,
        name,
        price_paisa: Some(c.price.paisa()),
        price_text: Some(c.price.pkr()),
        tax_bp: c.tax_bp,
        effective_from: Some(c.from.to_string()),
    })
}

/// Sets a service's price from a day on (the administrator's).
pub async fn set_service_price(
    store: &Store,
    actor: &Actor,
    service_id: i64,
    input: PriceInput,
) -> AppResult<PriceEntry> {
    insert(store, actor, PricedThing::Service, service_id, input).await
}

/// Sets a pharmacy item's sale price per unit from a day on (the administrator's).
pub async fn set_item_price(
    store: &Store,
    actor: &Actor,
    item_id: i64,
    input: PriceInput,
) -> AppResult<PriceEntry> {
    insert(store, actor, PricedThing::Item, item_id, input).await
}

/// Today's price of every active service and pharmacy item.
pub async fn price_list(store: &Store, actor: &Actor) -> AppResult<Vec<PriceEntry>> {
    if !(actor.may(Permission::Bill) || actor.may(Permission::SetPrices)) {
        return Err(AppError::forbidden(Permission::Bill.refusal()));
    }
    let mut conn = store.pool().acquire().await?;
    let day = today();
    let services: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM services WHERE active = 1 ORDER BY name")
            .fetch_all(&mut *conn)
            .await?;
    let items: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, strength FROM pharmacy_items WHERE active = 1 ORDER BY name, strength",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(services.len() + items.len());
    for (id, name) in services {
        let p = service_price(&mut conn, id, day).await?;
        let from: Option<String> = sqlx::query_scalar(
            "SELECT effective_from FROM service_prices WHERE service_id = ?1 AND effective_from <= ?2
             ORDER BY effective_from DESC, id DESC LIMIT 1",
        )
        .bind(id)
        .bind(day.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        out.push(PriceEntry {
            thing: PricedThing::Service,
            id,
            name,
            price_paisa: Some(p.unit.paisa()),
            price_text: Some(p.unit.pkr()),
            tax_bp: p.tax_bp,
            effective_from: from,
        });
    }
    for (id, name, strength) in items {
        let p = item_price(&mut conn, id, day).await?;
        out.push(PriceEntry {
            thing: PricedThing::Item,
            id,
            name: format!("{name} {strength}"),
            price_paisa: p.map(|p| p.unit.paisa()),
            price_text: p.map(|p| p.unit.pkr()),
            tax_bp: p.map_or(0, |p| p.tax_bp),
            effective_from: None,
        });
    }
    Ok(out)
}
