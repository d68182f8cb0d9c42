//! Signing in, with a lock-out after repeated wrong passwords; choosing a new password
//! with a one-time code; unlocking a locked screen (which counts towards the same
//! lock-out).
//!
//! An unknown user name, a wrong password, a locked and a deactivated account get the
//! same answer after the same work (one argon2 verification, one write), so nobody
//! learns from the sign-in screen which accounts exist or what state they are in.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{password, permissions_of, Actor, Permission, Role, Sessions};
use crate::audit::{AuditAction, Origin};
use crate::error::{AppError, AppResult};
use crate::staff::changes::{self, AccountChange};
use crate::staff::{self, Language};
use crate::store::{Store, WriteTx};

pub const LOCKOUT_ATTEMPTS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

/// The one answer to every refused sign-in.
pub const REFUSED: &str = "The user name or password is not right, or the account is locked or closed. After 5 wrong tries an account locks for 15 minutes; the administrator can help.";

fn refused() -> AppError {
    AppError::validation("password", REFUSED)
}

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
    /// What changed on the account since the person last signed in, shown once.
    pub changes: Vec<AccountChange>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum SignInOutcome {
    SignedIn(SignedIn),
    /// The one-time code was right: the person chooses their own password
    /// (`choose_password`) before any session exists.
    ChoosePassword,
}

impl SignInOutcome {
    /// The session, when the attempt opened one.
    pub fn signed_in(self) -> Option<SignedIn> {
        match self {
            SignInOutcome::SignedIn(s) => Some(s),
            SignInOutcome::ChoosePassword => None,
        }
    }
}

/// The person behind a session, with that session's roles (which may be fewer than the
/// account's: a role given since sign-in waits for the next one).
pub async fn me(store: &Store, actor: &Actor) -> AppResult<Me> {
    let m = staff::get(&mut *store.pool().acquire().await?, actor.staff_id).await?;
    Ok(me_of(m, actor.roles.clone()))
}

fn me_of(m: staff::StaffMember, mut roles: Vec<Role>) -> Me {
    roles.sort();
    Me {
        id: m.id,
        username: m.username,
        full_name: m.full_name,
        permissions: permissions_of(&roles),
        roles,
        language: m.language,
    }
}

struct Account {
    id: i64,
    password_hash: String,
    must_choose_password: bool,
}

enum Find<'a> {
    Id(i64),
    Username(&'a str),
}

async fn find(store: &Store, by: Find<'_>) -> AppResult<Option<Account>> {
    const BY_ID: &str = "SELECT id, password_hash, must_choose_password FROM staff WHERE id = ?";
    const BY_NAME: &str = "SELECT id, password_hash, must_choose_password FROM staff WHERE username = ?";
    let query = match by {
        Find::Id(id) => sqlx::query_as(BY_ID).bind(id),
        Find::Username(name) => sqlx::query_as(BY_NAME).bind(name),
    };
    let row: Option<(i64, String, bool)> = query.fetch_optional(store.pool()).await?;
    Ok(row.map(|(id, password_hash, must_choose_password)| Account {
        id,
        password_hash,
        must_choose_password,
    }))
}

fn parse_time(t: Option<String>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc))
}

/// Why an attempt was refused; only the audit trail and the session logic see it.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    Unknown,
    Wrong,
    Locked,
    Deactivated,
}

/// An attempt that passed, with its write still open for the caller's own changes.
enum Passed<'s> {
    /// The account's password: sign in (or unlock).
    Password(WriteTx<'s>, i64),
    /// A one-time code still valid: only a new password may follow.
    Code(WriteTx<'s>, i64),
}

async fn audit_refusal(
    mut tx: WriteTx<'_>,
    origin: &Origin,
    staff_id: Option<i64>,
    summary: &str,
) -> AppResult<()> {
    let mut entry =
        origin.entry(AuditAction::SignInFailed, "staff", staff_id.map(|s| s.to_string()), summary);
    entry.staff_id = staff_id;
    tx.audit(entry).await?;
    tx.commit().await
}

/// One argon2 verification of `typed` (against a dummy hash when there is no account),
/// then one write that reads the account's lock state and counts a failure atomically.
async fn attempt<'s>(
    store: &'s Store,
    origin: &Origin,
    account: Option<Account>,
    typed: &str,
) -> AppResult<Result<Passed<'s>, Refusal>> {
    let (hash, as_code) = match &account {
        Some(a) => (a.password_hash.clone(), a.must_choose_password),
        None => (password::dummy_hash().to_string(), false),
    };
    let typed_form = if as_code { password::normalise_code(typed) } else { typed.to_string() };
    let ok = password::verify_off_thread(typed_form, hash.clone()).await?;
    let rehash = if ok && !as_code && password::needs_rehash(&hash) {
        Some(password::hash_off_thread(typed.to_string()).await?)
    } else {
        None
    };

    let mut tx = store.begin_write().await?;
    let Some(account) = account else {
        audit_refusal(tx, origin, None, "unknown user name").await?;
        return Ok(Err(Refusal::Unknown));
    };
    let id = account.id;
    let (active, locked_until, current_hash, must_choose, code_expires): (
        bool,
        Option<String>,
        String,
        bool,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT active, locked_until, password_hash, must_choose_password, reset_code_expires_at
         FROM staff WHERE id = ?",
    )
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    let now = Utc::now();
    if parse_time(locked_until.clone()).is_some_and(|u| u > now) {
        audit_refusal(tx, origin, Some(id), "account locked").await?;
        return Ok(Err(Refusal::Locked));
    }
    if !active {
        audit_refusal(tx, origin, Some(id), "account deactivated").await?;
        return Ok(Err(Refusal::Deactivated));
    }
    // The hash checked must still be the account's: a reset in between voids the old password.
    let still_current = current_hash == hash && must_choose == as_code;
    let code_alive = parse_time(code_expires).is_some_and(|e| e > now);
    if ok && still_current && (!must_choose || code_alive) {
        let cleared = sqlx::query(
            "UPDATE staff SET failed_attempts = 0, locked_until = NULL
             WHERE id = ? AND (failed_attempts > 0 OR locked_until IS NOT NULL)",
        )
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if cleared > 0 {
            tx.audit(origin.entry(
                AuditAction::Update,
                "staff",
                Some(id.to_string()),
                "failed attempts cleared",
            ))
            .await?;
        }
        if let Some(new_hash) = rehash {
            sqlx::query("UPDATE staff SET password_hash = ? WHERE id = ? AND password_hash = ?")
                .bind(new_hash)
                .bind(id)
                .bind(&hash)
                .execute(tx.conn())
                .await?;
            tx.audit(origin.entry(
                AuditAction::Update,
                "staff",
                Some(id.to_string()),
                "password hash renewed with the current parameters",
            ))
            .await?;
        }
        return Ok(Ok(if must_choose { Passed::Code(tx, id) } else { Passed::Password(tx, id) }));
    }

    let attempts: i64 = sqlx::query_scalar(
        "UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts",
    )
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    let mut failed = origin.entry(
        AuditAction::SignInFailed,
        "staff",
        Some(id.to_string()),
        if ok && must_choose { "one-time code expired" } else { "wrong password" },
    );
    failed.staff_id = Some(id);
    tx.audit(failed).await?;
    if attempts >= LOCKOUT_ATTEMPTS {
        sqlx::query("UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?")
            .bind((now + Duration::minutes(LOCKOUT_MINUTES)).to_rfc3339())
            .bind(id)
            .execute(tx.conn())
            .await?;
        let mut locked = origin.entry(
            AuditAction::AccountLocked,
            "staff",
            Some(id.to_string()),
            format!("{LOCKOUT_ATTEMPTS} wrong passwords"),
        );
        locked.staff_id = Some(id);
        tx.audit(locked).await?;
        tx.commit().await?;
        return Ok(Err(Refusal::Locked));
    }
    tx.commit().await?;
    Ok(Err(Refusal::Wrong))
}

/// Starts a session in `tx`'s write: the account's roles in force now, the changes it
/// has not been shown, the sign-in audit entry.
async fn start_session(
    mut tx: WriteTx<'_>,
    sessions: &Sessions,
    origin: &Origin,
    id: i64,
) -> AppResult<SignedIn> {
    let member = staff::get(tx.conn(), id).await?;
    let roles = member.roles.clone();
    let changes = changes::take_unseen(tx.conn(), id).await?;
    let mut entry = origin.entry(AuditAction::SignIn, "staff", Some(id.to_string()), "");
    entry.staff_id = Some(id);
    tx.audit(entry).await?;
    tx.commit().await?;
    let token = sessions.start(id, roles.clone());
    Ok(SignedIn { token, me: me_of(member, roles), idle_lock_seconds: sessions.idle().as_secs(), changes })
}

/// Bounded so a pasted novel costs nothing; real names are at most 32 characters.
fn user_name(username: &str) -> AppResult<String> {
    if username.trim().is_empty() {
        return Err(AppError::validation("username", "Enter your user name."));
    }
    Ok(username.trim().to_lowercase().chars().take(64).collect())
}

pub async fn sign_in(
    store: &Store,
    sessions: &Sessions,
    workstation: &str,
    username: &str,
    password: &str,
) -> AppResult<SignInOutcome> {
    let origin = staff::anonymous(workstation);
    let name = user_name(username)?;
    if password.is_empty() {
        return Err(AppError::validation("password", "Enter your password."));
    }
    let account = find(store, Find::Username(&name)).await?;
    match attempt(store, &origin, account, password).await? {
        Ok(Passed::Password(tx, id)) => {
            Ok(SignInOutcome::SignedIn(start_session(tx, sessions, &origin, id).await?))
        }
        Ok(Passed::Code(mut tx, id)) => {
            tx.audit(origin.entry(
                AuditAction::Update,
                "staff",
                Some(id.to_string()),
                "one-time code accepted; a new password is needed",
            ))
            .await?;
            tx.commit().await?;
            Ok(SignInOutcome::ChoosePassword)
        }
        Err(_) => Err(refused()),
    }
}

/// With the one-time code from the administrator, the person sets their own password
/// and is signed in. The code works once.
pub async fn choose_password(
    store: &Store,
    sessions: &Sessions,
    workstation: &str,
    username: &str,
    code: &str,
    new_password: &str,
) -> AppResult<SignedIn> {
    let origin = staff::anonymous(workstation);
    let name = user_name(username)?;
    if code.is_empty() {
        return Err(AppError::validation("password", "Enter the one-time code."));
    }
    password::check_new("new_password", new_password, &name)?;
    if password::normalise_code(new_password) == password::normalise_code(code) {
        return Err(AppError::validation(
            "new_password",
            "Choose a password of your own, not the one-time code.",
        ));
    }
    // Hashed before the code is checked, so a wrong code costs the same as a right one.
    let new_hash = password::hash_off_thread(new_password.to_string()).await?;
    let account = find(store, Find::Username(&name)).await?;
    match attempt(store, &origin, account, code).await? {
        Ok(Passed::Code(mut tx, id)) => {
            sqlx::query(
                "UPDATE staff SET password_hash = ?, must_choose_password = 0, reset_code_expires_at = NULL,
                     updated_at = ?
                 WHERE id = ?",
            )
            .bind(&new_hash)
            .bind(Utc::now().to_rfc3339())
            .bind(id)
            .execute(tx.conn())
            .await?;
            tx.audit(origin.entry(
                AuditAction::Update,
                "staff",
                Some(id.to_string()),
                "own password chosen with the one-time code",
            ))
            .await?;
            start_session(tx, sessions, &origin, id).await
        }
        // The account's ordinary password is not a one-time code (the write is dropped).
        Ok(Passed::Password(..)) | Err(_) => Err(refused()),
    }
}

/// Opens a locked session again with the owner's password. Wrong passwords count
/// towards the lock-out; a locked or deactivated account ends the session.
pub async fn unlock(
    store: &Store,
    sessions: &Sessions,
    workstation: &str,
    token: &str,
    password: &str,
) -> AppResult<SignedIn> {
    let ended = || AppError::validation("session", super::session::ENDED);
    let Some(staff_id) = sessions.staff_of(token) else {
        return Err(ended());
    };
    let origin = Origin { staff_id: Some(staff_id), workstation: workstation.to_string() };
    let account = find(store, Find::Id(staff_id)).await?.ok_or_else(ended)?;
    match attempt(store, &origin, Some(account), password).await? {
        Ok(Passed::Password(mut tx, id)) => {
            let member = staff::get(tx.conn(), id).await?;
            tx.audit(origin.entry(AuditAction::Unlock, "staff", Some(id.to_string()), "")).await?;
            tx.commit().await?;
            let roles = sessions.unlock(token, member.roles.clone()).ok_or_else(ended)?;
            Ok(SignedIn {
                token: token.to_string(),
                me: me_of(member, roles),
                idle_lock_seconds: sessions.idle().as_secs(),
                changes: Vec::new(),
            })
        }
        // The person's own password was reset meanwhile: sign in with the code instead.
        Ok(Passed::Code(..)) => {
            sessions.end(token);
            Err(ended())
        }
        Err(why) => {
            if matches!(why, Refusal::Locked | Refusal::Deactivated) {
                sessions.end(token);
            }
            Err(refused())
        }
    }
}
