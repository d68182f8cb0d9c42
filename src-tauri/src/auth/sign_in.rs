//! Signing in, with a lock-out after repeated wrong passwords, and unlocking a
//! locked screen (which counts towards the same lock-out).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{permissions_of, Permission, Role, Sessions};
use crate::audit::{AuditAction, Origin};
use crate::clock::CLINIC_TZ;
use crate::error::{AppError, AppResult};
use crate::staff::{self, Language};
use crate::store::Store;

pub const LOCKOUT_ATTEMPTS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

const WRONG: &str = "The user name or password is not right.";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Me {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub language: Language,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignedIn {
    pub token: String,
    pub me: Me,
    #[ts(type = "number")]
    pub idle_lock_seconds: u64,
}

pub async fn me(store: &Store, id: i64) -> AppResult<Me> {
    let m = staff::get(&mut *store.pool().acquire().await?, id).await?;
    Ok(Me {
        id: m.id,
        username: m.username,
        full_name: m.full_name,
        permissions: permissions_of(&m.roles),
        roles: m.roles,
        language: m.language,
    })
}

struct Account {
    id: i64,
    password_hash: String,
    active: bool,
    failed_attempts: i64,
    locked_until: Option<DateTime<Utc>>,
}

enum Find<'a> {
    Id(i64),
    Username(&'a str),
}

async fn find(store: &Store, by: Find<'_>) -> AppResult<Option<Account>> {
    let query = match by {
        Find::Id(id) => sqlx::query_as(
            "SELECT id, password_hash, active, failed_attempts, locked_until FROM staff WHERE id = ?",
        )
        .bind(id),
        Find::Username(name) => sqlx::query_as(
            "SELECT id, password_hash, active, failed_attempts, locked_until FROM staff WHERE username = ?",
        )
        .bind(name),
    };
    let row: Option<(i64, String, bool, i64, Option<String>)> = query.fetch_optional(store.pool()).await?;
    Ok(row.map(|(id, password_hash, active, failed_attempts, locked_until)| Account {
        id,
        password_hash,
        active,
        failed_attempts,
        locked_until: locked_until
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)),
    }))
}

fn locked_message(until: DateTime<Utc>) -> String {
    format!(
        "This account is locked for {LOCKOUT_MINUTES} minutes after {LOCKOUT_ATTEMPTS} wrong passwords. Try again after {}, or ask the administrator to reset the password.",
        until.with_timezone(&CLINIC_TZ).format("%H:%M")
    )
}

async fn audit_only(
    store: &Store,
    origin: &Origin,
    action: AuditAction,
    staff: Option<i64>,
    summary: &str,
) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    let mut entry = origin.entry(action, "staff", staff.map(|s| s.to_string()), summary);
    entry.staff_id = staff;
    tx.audit(entry).await?;
    tx.commit().await
}

/// Checks `password` for `account`, counting failures; returns the error to show.
async fn check_password(store: &Store, origin: &Origin, account: &Account, password: &str) -> AppResult<()> {
    let now = Utc::now();
    if let Some(until) = account.locked_until.filter(|u| *u > now) {
        audit_only(store, origin, AuditAction::SignInFailed, Some(account.id), "account locked").await?;
        return Err(AppError::locked(locked_message(until)));
    }
    if !account.active {
        audit_only(store, origin, AuditAction::SignInFailed, Some(account.id), "account deactivated").await?;
        return Err(AppError::forbidden("This account has been deactivated. Ask the administrator."));
    }
    if staff_password_ok(password, &account.password_hash).await? {
        if account.failed_attempts > 0 || account.locked_until.is_some() {
            let mut tx = store.begin_write().await?;
            sqlx::query("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?")
                .bind(account.id)
                .execute(tx.conn())
                .await?;
            tx.audit(origin.entry(
                AuditAction::Update,
                "staff",
                Some(account.id.to_string()),
                "failed attempts cleared",
            ))
            .await?;
            tx.commit().await?;
        }
        return Ok(());
    }
    let attempts = account.failed_attempts + 1;
    let mut tx = store.begin_write().await?;
    let mut failed =
        origin.entry(AuditAction::SignInFailed, "staff", Some(account.id.to_string()), "wrong password");
    failed.staff_id = Some(account.id);
    if attempts >= LOCKOUT_ATTEMPTS {
        let until = now + Duration::minutes(LOCKOUT_MINUTES);
        sqlx::query("UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?")
            .bind(until.to_rfc3339())
            .bind(account.id)
            .execute(tx.conn())
            .await?;
        tx.audit(failed).await?;
        let mut locked = origin.entry(
            AuditAction::AccountLocked,
            "staff",
            Some(account.id.to_string()),
            format!("{LOCKOUT_ATTEMPTS} wrong passwords"),
        );
        locked.staff_id = Some(account.id);
        tx.audit(locked).await?;
        tx.commit().await?;
        return Err(AppError::locked(locked_message(until)));
    }
    sqlx::query("UPDATE staff SET failed_attempts = ? WHERE id = ?")
        .bind(attempts)
        .bind(account.id)
        .execute(tx.conn())
        .await?;
    tx.audit(failed).await?;
    tx.commit().await?;
    let left = LOCKOUT_ATTEMPTS - attempts;
    Err(AppError::validation(
        "password",
        if left <= 2 {
            format!(
                "{WRONG} {left} more wrong {} will lock the account for {LOCKOUT_MINUTES} minutes.",
                if left == 1 { "try" } else { "tries" }
            )
        } else {
            WRONG.to_string()
        },
    ))
}

async fn staff_password_ok(password: &str, hash: &str) -> AppResult<bool> {
    super::password::verify_off_thread(password.to_string(), hash.to_string()).await
}

pub async fn sign_in(
    store: &Store,
    sessions: &Sessions,
    workstation: &str,
    username: &str,
    password: &str,
) -> AppResult<SignedIn> {
    let origin = staff::anonymous(workstation);
    if username.trim().is_empty() {
        return Err(AppError::validation("username", "Enter your user name."));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", "Enter your password."));
    }
    // Bounded so a pasted novel costs nothing; real names are at most 32 characters.
    let name: String = username.trim().to_lowercase().chars().take(64).collect();
    let Some(account) = find(store, Find::Username(&name)).await? else {
        audit_only(store, &origin, AuditAction::SignInFailed, None, "unknown user name").await?;
        return Err(AppError::validation("password", WRONG));
    };
    check_password(store, &origin, &account, password).await?;
    let me = me(store, account.id).await?;
    let token = sessions.start(account.id, me.roles.clone());
    audit_only(store, &origin, AuditAction::SignIn, Some(account.id), "").await?;
    Ok(SignedIn { token, me, idle_lock_seconds: sessions.idle().as_secs() })
}

/// Opens a locked session again with the owner's password.
pub async fn unlock(
    store: &Store,
    sessions: &Sessions,
    workstation: &str,
    token: &str,
    password: &str,
) -> AppResult<SignedIn> {
    let Some(staff_id) = sessions.staff_of(token) else {
        return Err(AppError::validation("session", super::session::ENDED));
    };
    let origin = Origin { staff_id: Some(staff_id), workstation: workstation.to_string() };
    let account = find(store, Find::Id(staff_id))
        .await?
        .ok_or_else(|| AppError::validation("session", super::session::ENDED))?;
    if let Err(e) = check_password(store, &origin, &account, password).await {
        if matches!(e, AppError::Locked { .. } | AppError::Forbidden { .. }) {
            sessions.end(token);
        }
        return Err(e);
    }
    let me = me(store, staff_id).await?;
    sessions.unlock(token, me.roles.clone());
    audit_only(store, &origin, AuditAction::Unlock, Some(staff_id), "").await?;
    Ok(SignedIn { token: token.to_string(), me, idle_lock_seconds: sessions.idle().as_secs() })
}
