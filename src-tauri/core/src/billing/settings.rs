//! The administrator's billing settings: how much discount the desk may give alone, and
//! the clinic's tax registration numbers printed on invoices and receipts.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// Without a setting, the desk may take up to 10 % off an invoice.
pub const DEFAULT_LIMIT_PERCENT: u32 = 10;
const KEY: &str = "billing.reception_discount_limit_percent";
const NTN_KEY: &str = "billing.ntn";
const STRN_KEY: &str = "billing.strn";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BillingSettings {
    /// The most discount (all of an invoice's discounts together, as a share of its
    /// lines before discount) reception may give; more needs the administrator.
    pub reception_discount_limit_percent: u32,
    /// The clinic's National Tax Number, printed on invoices and receipts when set.
    /// Left out (as older windows send it), the number is removed.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ntn: Option<String>,
    /// The Sales Tax Registration Number, printed when set.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub strn: Option<String>,
}

async fn setting(conn: &mut SqliteConnection, key: &str) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = ?").bind(key).fetch_optional(conn).await?)
}

pub(crate) async fn read(conn: &mut SqliteConnection) -> AppResult<BillingSettings> {
    let v = setting(&mut *conn, KEY).await?;
    Ok(BillingSettings {
        reception_discount_limit_percent: v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_LIMIT_PERCENT),
        ntn: setting(&mut *conn, NTN_KEY).await?.filter(|v| !v.is_empty()),
        strn: setting(&mut *conn, STRN_KEY).await?.filter(|v| !v.is_empty()),
    })
}

/// Reception reads the limit too, to say so before it refuses.
pub async fn billing_settings(store: &Store, actor: &Actor) -> AppResult<BillingSettings> {
    actor.require(Permission::Bill)?;
    read(&mut *store.pool().acquire().await?).await
}

/// A tax registration number: digits with hyphens (NTN `1234567-8`, a 13-digit CNIC,
/// STRN `32-77-8761-123-45`), as the certificate prints it.
fn tax_number(field: &str, label: &str, typed: Option<&str>) -> AppResult<Option<String>> {
    let Some(v) = validate::optional_text(field, label, typed.unwrap_or(""), 20)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !v.chars().all(|c| c.is_ascii_digit() || c == '-') || digits < 7 {
        return Err(AppError::validation(
            field,
            format!("{label} is written with digits and hyphens, as on the registration certificate."),
        ));
    }
    Ok(Some(v))
}

async fn put(conn: &mut SqliteConnection, key: &str, value: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
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
    let ntn = tax_number("ntn", "The NTN", s.ntn.as_deref())?;
    let strn = tax_number("strn", "The STRN", s.strn.as_deref())?;
    let mut tx = store.begin_write().await?;
    let before = read(tx.conn()).await?;
    put(tx.conn(), KEY, &s.reception_discount_limit_percent.to_string()).await?;
    put(tx.conn(), NTN_KEY, ntn.as_deref().unwrap_or("")).await?;
    put(tx.conn(), STRN_KEY, strn.as_deref().unwrap_or("")).await?;
    let changed = |a: &Option<String>, b: &Option<String>| if a == b { "kept" } else { "changed" };
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "settings",
        Some(KEY.into()),
        format!(
            "reception discount limit {} -> {} %; NTN {}; STRN {}",
            before.reception_discount_limit_percent,
            s.reception_discount_limit_percent,
            changed(&before.ntn, &ntn),
            changed(&before.strn, &strn),
        ),
    ))
    .await?;
    tx.commit().await?;
    Ok(BillingSettings { reception_discount_limit_percent: s.reception_discount_limit_percent, ntn, strn })
}
