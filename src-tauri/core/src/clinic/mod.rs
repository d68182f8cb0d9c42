//! The clinic's profile (printed on letters and slips) and its settings.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClinicProfileInput {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// `data:image/png;base64,...` or `data:image/jpeg;base64,...`, at most 1 MB.
    pub logo_data_url: Option<String>,
}

pub type ClinicProfile = ClinicProfileInput;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClinicSettings {
    pub idle_lock_minutes: u32,
}

pub const DEFAULT_IDLE_MINUTES: u32 = 10;
const MAX_LOGO_BYTES: usize = 1024 * 1024;

struct Logo {
    mime: String,
    bytes: Vec<u8>,
}

fn parse_logo(data_url: &str) -> AppResult<Logo> {
    let bad = || AppError::validation("logo", "The logo must be a PNG or JPEG picture.");
    let rest = data_url.strip_prefix("data:").ok_or_else(bad)?;
    let (mime, b64) = rest.split_once(";base64,").ok_or_else(bad)?;
    if !matches!(mime, "image/png" | "image/jpeg") {
        return Err(bad());
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64.trim()).map_err(|_| bad())?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(AppError::validation("logo", "The logo picture is too large; it can be at most 1 MB."));
    }
    let magic_ok = match mime {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
    };
    if !magic_ok {
        return Err(bad());
    }
    Ok(Logo { mime: mime.to_string(), bytes })
}

struct CheckedProfile {
    name: String,
    address: String,
    phone: String,
    logo: Option<Logo>,
}

fn check_profile(p: &ClinicProfileInput) -> AppResult<CheckedProfile> {
    let name = validate::text("name", "The clinic's name", &p.name, 120)?;
    let address = validate::text("address", "The address", &p.address, 300)?;
    let phone = validate::text("phone", "The phone number", &p.phone, 40)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')) {
        return Err(AppError::validation(
            "phone",
            "The phone number can contain digits, spaces, +, - and brackets only.",
        ));
    }
    let logo = p.logo_data_url.as_deref().filter(|s| !s.is_empty()).map(parse_logo).transpose()?;
    Ok(CheckedProfile { name, address, phone, logo })
}

async fn write_profile(
    conn: &mut SqliteConnection,
    p: &CheckedProfile,
    keep_logo_when_none: bool,
) -> AppResult<()> {
    let now = chrono::Utc::now().to_rfc3339();
    let (mime, bytes) = match &p.logo {
        Some(l) => (Some(l.mime.as_str()), Some(l.bytes.as_slice())),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO clinic_profile (id, name, address, phone, logo, logo_mime, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name = ?1, address = ?2, phone = ?3,
             logo = CASE WHEN ?4 IS NULL AND ?7 THEN logo ELSE ?4 END,
             logo_mime = CASE WHEN ?4 IS NULL AND ?7 THEN logo_mime ELSE ?5 END,
             updated_at = ?6",
    )
    .bind(&p.name)
    .bind(&p.address)
    .bind(&p.phone)
    .bind(bytes)
    .bind(mime)
    .bind(&now)
    .bind(keep_logo_when_none)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Validates and writes the profile inside the caller's transaction (first-run setup).
pub(crate) async fn set_profile_in(conn: &mut SqliteConnection, p: &ClinicProfileInput) -> AppResult<()> {
    let checked = check_profile(p)?;
    write_profile(conn, &checked, false).await
}

pub(crate) fn validate_profile(p: &ClinicProfileInput) -> AppResult<()> {
    check_profile(p).map(|_| ())
}

pub async fn name(store: &Store) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM clinic_profile WHERE id = 1")
        .fetch_optional(store.pool())
        .await?)
}

/// Marks the store as the demo clinic's (inside the seed's first transaction), so that
/// `--demo` can tell it from a real clinic's.
pub(crate) async fn mark_demo(conn: &mut SqliteConnection) -> AppResult<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ('made_by', 'demo')").execute(conn).await?;
    Ok(())
}

/// Whether the store was made by the demo seed. Demo clinics made before the mark
/// existed are known by the name the seed gives them.
pub async fn is_demo(store: &Store) -> AppResult<bool> {
    let made_by: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'made_by'")
        .fetch_optional(store.pool())
        .await?;
    Ok(match made_by {
        Some(by) => by == "demo",
        None => name(store).await?.as_deref() == Some(crate::demo::CLINIC_NAME),
    })
}

/// name, address, phone, logo bytes, logo type
type ProfileRow = (String, String, String, Option<Vec<u8>>, Option<String>);

pub async fn profile(store: &Store) -> AppResult<ClinicProfile> {
    let row: Option<ProfileRow> =
        sqlx::query_as("SELECT name, address, phone, logo, logo_mime FROM clinic_profile WHERE id = 1")
            .fetch_optional(store.pool())
            .await?;
    let (name, address, phone, logo, mime) =
        row.ok_or_else(|| AppError::not_found("The clinic has not been set up yet."))?;
    let logo_data_url = match (logo, mime) {
        (Some(bytes), Some(mime)) => {
            Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
        }
        _ => None,
    };
    Ok(ClinicProfile { name, address, phone, logo_data_url })
}

/// The clinic as its letterhead prints it: name, address, phone and the logo's bytes
/// and type, for the PDF writers.
pub async fn letterhead(store: &Store) -> AppResult<crate::export::slip::ClinicHeader> {
    let row: Option<ProfileRow> =
        sqlx::query_as("SELECT name, address, phone, logo, logo_mime FROM clinic_profile WHERE id = 1")
            .fetch_optional(store.pool())
            .await?;
    let (name, address, phone, logo, mime) =
        row.ok_or_else(|| AppError::not_found("The clinic has not been set up yet."))?;
    Ok(crate::export::slip::ClinicHeader { name, address, phone, logo: logo.zip(mime) })
}

/// Any signed-in person may read the profile: it is printed on everything.
pub async fn get_profile(store: &Store, _actor: &Actor) -> AppResult<ClinicProfile> {
    profile(store).await
}

/// A `None` logo keeps the current one.
pub async fn update_profile(store: &Store, actor: &Actor, p: ClinicProfileInput) -> AppResult<ClinicProfile> {
    actor.require(Permission::EditClinicSettings)?;
    let checked = check_profile(&p)?;
    let mut tx = store.begin_write().await?;
    write_profile(tx.conn(), &checked, true).await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "clinic_profile",
        Some("1".into()),
        "profile updated",
    ))
    .await?;
    tx.commit().await?;
    profile(store).await
}

pub async fn settings(store: &Store) -> AppResult<ClinicSettings> {
    let idle: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'idle_lock_minutes'")
            .fetch_optional(store.pool())
            .await?;
    Ok(ClinicSettings {
        idle_lock_minutes: idle.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_IDLE_MINUTES),
    })
}

pub async fn get_settings(store: &Store, actor: &Actor) -> AppResult<ClinicSettings> {
    actor.require(Permission::EditClinicSettings)?;
    settings(store).await
}

pub async fn update_settings(store: &Store, actor: &Actor, s: ClinicSettings) -> AppResult<ClinicSettings> {
    actor.require(Permission::EditClinicSettings)?;
    if !(1..=120).contains(&s.idle_lock_minutes) {
        return Err(AppError::validation(
            "idle_lock_minutes",
            "The idle lock must be between 1 and 120 minutes.",
        ));
    }
    let before = settings(store).await?;
    let mut tx = store.begin_write().await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(s.idle_lock_minutes.to_string())
        .execute(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "settings",
        Some("idle_lock_minutes".into()),
        format!("idle_lock_minutes {} -> {}", before.idle_lock_minutes, s.idle_lock_minutes),
    ))
    .await?;
    tx.commit().await?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(phone: &str, logo: Option<&str>) -> ClinicProfileInput {
        ClinicProfileInput {
            name: "Al-Hayat".into(),
            address: "Bahria Town".into(),
            phone: phone.into(),
            logo_data_url: logo.map(str::to_string),
        }
    }

    #[test]
    fn profile_checks_name_fields() {
        assert!(check_profile(&input("+92 300 1010592", None)).is_ok());
        assert_eq!(check_profile(&input("call me", None)).err().unwrap().field(), Some("phone"));
        let mut empty = input("1", None);
        empty.name = "  ".into();
        assert_eq!(check_profile(&empty).err().unwrap().field(), Some("name"));
    }

    #[test]
    fn logos_must_be_real_png_or_jpeg() {
        let png = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nrest")
        );
        assert!(check_profile(&input("1", Some(&png))).is_ok());
        let fake =
            format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(b"<svg>"));
        assert_eq!(check_profile(&input("1", Some(&fake))).err().unwrap().field(), Some("logo"));
        assert!(check_profile(&input("1", Some("data:text/html;base64,PGI+"))).is_err());
        let big = format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(vec![0xFFu8; 2 * 1024 * 1024])
        );
        assert!(check_profile(&input("1", Some(&big))).err().unwrap().to_string().contains("1 MB"));
    }
}
