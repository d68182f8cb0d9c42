//! What the pharmacy sells: a name as sold, its generic name, strength and form. An
//! item is never deleted once stocked; it is deactivated.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::{require_pharmacist, require_stock_reader, today};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PharmacyItemInput {
    /// As sold, e.g. "Panadol".
    pub name: String,
    /// e.g. "paracetamol"; the allergy check reads it.
    pub generic_name: String,
    /// e.g. "500 mg".
    pub strength: String,
    /// e.g. "tablet", "syrup".
    pub form: String,
    pub active: bool,
}

/// An item with what is on the shelf: unexpired units and the nearest expiry.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct PharmacyItem {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub generic_name: String,
    pub strength: String,
    pub form: String,
    pub active: bool,
    /// Units in unexpired batches.
    #[ts(type = "number")]
    pub in_stock: i64,
    /// The nearest expiry of an unexpired batch that still has units.
    pub next_expiry: Option<String>,
}

macro_rules! select {
    () => {
        "SELECT i.id, i.name, i.generic_name, i.strength, i.form, i.active,
                coalesce((SELECT sum(b.quantity) FROM stock_batches b
                          WHERE b.item_id = i.id AND b.expires_on >= ?1), 0) AS in_stock,
                (SELECT min(b.expires_on) FROM stock_batches b
                 WHERE b.item_id = i.id AND b.expires_on >= ?1 AND b.quantity > 0) AS next_expiry
         FROM pharmacy_items i"
    };
}

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<PharmacyItem> {
    let row: Option<PharmacyItem> = sqlx::query_as(concat!(select!(), " WHERE i.id = ?2"))
        .bind(today())
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| AppError::not_found("This item is not in the pharmacy's list."))
}

/// The items by name; inactive ones only when asked for.
pub async fn list_items(
    store: &Store,
    actor: &Actor,
    include_inactive: bool,
) -> AppResult<Vec<PharmacyItem>> {
    require_stock_reader(actor)?;
    Ok(sqlx::query_as(concat!(
        select!(),
        " WHERE ?2 OR i.active = 1 ORDER BY i.active DESC, i.name COLLATE NOCASE, i.strength, i.form"
    ))
    .bind(today())
    .bind(include_inactive)
    .fetch_all(store.pool())
    .await?)
}

/// Runs of spaces collapsed, so "500  mg" and "500 mg" are one strength.
fn tidy(field: &str, label: &str, value: &str, max: usize) -> AppResult<String> {
    let v = validate::text(field, label, value, max)?;
    Ok(v.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Adds an item (`id` None) or changes one; `active: false` takes it off the list
/// for dispensing and receiving, keeping its history.
pub async fn save_item(
    store: &Store,
    actor: &Actor,
    id: Option<i64>,
    input: PharmacyItemInput,
) -> AppResult<PharmacyItem> {
    require_pharmacist(actor)?;
    let name = tidy("name", "The name as sold", &input.name, 100)?;
    let generic_name = tidy("generic_name", "The generic name", &input.generic_name, 100)?;
    let strength = tidy("strength", "The strength", &input.strength, 40)?;
    let form = tidy("form", "The form", &input.form, 40)?.to_lowercase();

    let mut tx = store.begin_write().await?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM pharmacy_items
         WHERE name = ?1 AND lower(strength) = lower(?2) AND lower(form) = lower(?3) AND id != ?4",
    )
    .bind(&name)
    .bind(&strength)
    .bind(&form)
    .bind(id.unwrap_or(0))
    .fetch_optional(tx.conn())
    .await?;
    if taken.is_some() {
        return Err(AppError::Conflict {
            message: format!("{name} {strength} {form} is already in the pharmacy's list."),
            field: Some("name".into()),
        });
    }
    let (saved, action, summary) = match id {
        None => {
            let new: i64 = sqlx::query_scalar(
                "INSERT INTO pharmacy_items (name, generic_name, strength, form, active) VALUES (?, ?, ?, ?, ?)
                 RETURNING id",
            )
            .bind(&name)
            .bind(&generic_name)
            .bind(&strength)
            .bind(&form)
            .bind(input.active)
            .fetch_one(tx.conn())
            .await?;
            (new, AuditAction::Create, String::new())
        }
        Some(id) => {
            let before = load(tx.conn(), id).await?;
            let changed: Vec<&str> = [
                ("name", before.name != name),
                ("generic_name", before.generic_name != generic_name),
                ("strength", before.strength != strength),
                ("form", before.form != form),
                ("active", before.active != input.active),
            ]
            .into_iter()
            .filter_map(|(field, differs)| differs.then_some(field))
            .collect();
            if changed.is_empty() {
                return Ok(before);
            }
            sqlx::query(
                "UPDATE pharmacy_items SET name = ?, generic_name = ?, strength = ?, form = ?, active = ? WHERE id = ?",
            )
            .bind(&name)
            .bind(&generic_name)
            .bind(&strength)
            .bind(&form)
            .bind(input.active)
            .bind(id)
            .execute(tx.conn())
            .await?;
            let action = match (before.active, input.active) {
                (true, false) => AuditAction::Deactivate,
                (false, true) => AuditAction::Reactivate,
                _ => AuditAction::Update,
            };
            (id, action, changed.join(","))
        }
    };
    tx.audit(actor.origin().entry(action, "pharmacy_item", Some(saved.to_string()), summary)).await?;
    let item = load(tx.conn(), saved).await?;
    tx.commit().await?;
    Ok(item)
}
