//! The administrator's billing settings: how much discount the desk may give alone.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

/// Without a setting, the desk may take up to 10 % off an invoice.
pub const DEFAULT_LIMIT_PERCENT: u32 = 10;
const KEY: &str = "billing.reception_discount_limit_percent";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BillingSettings {
    /// The most discount (all of an invoice's discounts together, as a share of its
    /// lines before discount) reception may give; more needs the administrator.
    pub reception_discount_limit_percent: u32,
}

pub(crate) async fn read(conn: &mut SqliteConnection) -> AppResult<BillingSettings> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?").bind(KEY).fetch_optional(conn).await?;
    Ok(BillingSettings {
        reception_discount_limit_percent: v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_LIMIT_PERCENT),
    })
}

/// Reception reads the limit too, to say so before it refuses.
pub async fn billing_settings(store: &Store, actor: &Actor) -> AppResult<BillingSettings> {
    actor.require(Permission::Bill)?;
    read(&mut *store.pool().acquire().await?).await
}

pub async fn set_billing_settings(
    store: &Store,
    actor: &Actor,
    s: BillingSettings,
) -> AppResult<BillingSettings> {
    actor.require(Permission::SetPrices)?;
    if s.reception_discount_limit_percent > 100 {
        return Err(AppError::validation(
            "reception_discount_limit_percent",
            "The discount limit is a percentage from 0 to 100.",
        ));
    }
    let mut tx = store.begin_write().await?;
    let before = read(tx.conn()).await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(KEY)
        .bind(s.reception_discount_limit_percent.to_string())
        .execute(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "settings",
        Some(KEY.into()),
        format!(
            "reception discount limit {} -> {} %",
            before.reception_discount_limit_percent, s.reception_discount_limit_percent
        ),
    ))
    .await?;
    tx.commit().await?;
    Ok(s)
}
