//! Clinical and privacy-officer roles need two people: an administrator gives one, and
//! it waits here until a privacy officer who neither asked for it nor would hold it
//! confirms it (or declines it, with a reason). A clinic whose only privacy officer is
//! the person concerned (the first one, or the only one after a password reset)
//! confirms that role with its recovery key instead.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::changes::{self, AccountChangeKind};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission, Role};
use crate::error::{AppError, AppResult};
use crate::store::key::{DbKey, RecoveryKeyError};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GrantCause {
    /// An administrator gave the role.
    Added,
    /// A password reset set the role aside: the administrator saw the one-time code.
    PasswordReset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GrantState {
    Pending,
    Confirmed,
    Declined,
    /// The administrator took the role off the account before anyone decided.
    Withdrawn,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoleGrant {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub staff_id: i64,
    pub staff_name: String,
    pub username: String,
    pub role: Role,
    pub cause: GrantCause,
    pub requested_by: String,
    pub requested_at: String,
    pub state: GrantState,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decline_reason: Option<String>,
    /// Confirmed with the clinic's recovery key rather than by a privacy officer.
    pub with_recovery_key: bool,
    /// The person has not chosen their own password yet (a new account or a reset):
    /// the role can be confirmed once they have.
    pub waiting_for_password: bool,
    /// The one asking may confirm or decline it (a privacy officer who did not ask for
    /// it and would not hold it).
    pub may_decide: bool,
    /// The clinic has no other active privacy officer, so the recovery key confirms it.
    pub recovery_key_confirms: bool,
}

const SECOND_PERSON: &str = "A role is confirmed by a privacy officer other than the person who gave it and the person who would hold it.";
const WAITING_FOR_PASSWORD: &str = "This person has not chosen their own password yet. Confirm the role after they have signed in with their one-time code.";
const DECIDED: &str = "This role change has already been decided.";

type GrantRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    bool,
);

macro_rules! select_grants {
    ($rest:literal) => {
        concat!(
            "SELECT g.id, g.staff_id, s.full_name, s.username, g.role, g.cause, g.requested_by,
                 r.full_name, g.requested_at, g.state, d.full_name, g.decided_at, g.decline_reason,
                 g.confirmed_with, s.must_choose_password, s.active
             FROM role_grants g
             JOIN staff s ON s.id = g.staff_id
             JOIN staff r ON r.id = g.requested_by
             LEFT JOIN staff d ON d.id = g.decided_by ",
            $rest
        )
    };
}

struct Loaded {
    grant: RoleGrant,
    requested_by_id: i64,
    active: bool,
}

async fn other_active_privacy_officers(conn: &mut SqliteConnection, id: i64) -> AppResult<i64> {
    super::active_holders_other_than(conn, Role::PrivacyOfficer, id).await
}

async fn to_grant(conn: &mut SqliteConnection, row: GrantRow, actor: &Actor) -> AppResult<Loaded> {
    let (id, staff_id, staff_name, username, role, cause, requested_by_id, requested_by, requested_at, state) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9);
    let (decided_by, decided_at, decline_reason, confirmed_with, must_choose, active) =
        (row.10, row.11, row.12, row.13, row.14, row.15);
    let role = Role::parse(&role).ok_or_else(|| AppError::internal("unknown role in role_grants"))?;
    let state = match state.as_str() {
        "pending" => GrantState::Pending,
        "confirmed" => GrantState::Confirmed,
        "declined" => GrantState::Declined,
        _ => GrantState::Withdrawn,
    };
    let pending = state == GrantState::Pending;
    let recovery_key_confirms =
        pending && role == Role::PrivacyOfficer && other_active_privacy_officers(conn, staff_id).await? == 0;
    Ok(Loaded {
        grant: RoleGrant {
            id,
            staff_id,
            staff_name,
            username,
            role,
            cause: if cause == "password_reset" { GrantCause::PasswordReset } else { GrantCause::Added },
            requested_by,
            requested_at,
            state,
            decided_by,
            decided_at,
            decline_reason,
            with_recovery_key: confirmed_with.as_deref() == Some("recovery_key"),
            waiting_for_password: must_choose,
            may_decide: pending
                && actor.may(Permission::ConfirmRoleGrants)
                && actor.staff_id != requested_by_id
                && actor.staff_id != staff_id,
            recovery_key_confirms,
        },
        requested_by_id,
        active,
    })
}

async fn load(conn: &mut SqliteConnection, id: i64, actor: &Actor) -> AppResult<Loaded> {
    let row: Option<GrantRow> =
        sqlx::query_as(select_grants!("WHERE g.id = ?")).bind(id).fetch_optional(&mut *conn).await?;
    let row = row.ok_or_else(|| AppError::not_found("This role change does not exist."))?;
    to_grant(conn, row, actor).await
}

/// Pending role changes, then those decided in the last 30 days: the privacy officer
/// works the first, the administrator sees both.
pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<RoleGrant>> {
    if !actor.may(Permission::ConfirmRoleGrants) {
        actor.require(Permission::ManageStaff)?;
    }
    let since = (chrono::Utc::now() - chrono::Duration::days(30)).to_rfc3339();
    let mut conn = store.pool().acquire().await?;
    let rows: Vec<GrantRow> = sqlx::query_as(select_grants!(
        "WHERE g.state = 'pending' OR g.decided_at >= ?
         ORDER BY g.state = 'pending' DESC, coalesce(g.decided_at, g.requested_at) DESC, g.id DESC"
    ))
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(to_grant(&mut conn, row, actor).await?.grant);
    }
    Ok(out)
}

/// The roles waiting for confirmation, per person.
pub(crate) async fn pending_by_staff(
    conn: &mut SqliteConnection,
) -> AppResult<std::collections::HashMap<i64, Vec<Role>>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT staff_id, role FROM role_grants WHERE state = 'pending' ORDER BY staff_id, role",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut map: std::collections::HashMap<i64, Vec<Role>> = std::collections::HashMap::new();
    for (id, role) in rows {
        if let Some(r) = Role::parse(&role) {
            map.entry(id).or_default().push(r);
        }
    }
    for roles in map.values_mut() {
        roles.sort();
    }
    Ok(map)
}

pub(crate) async fn pending_of(conn: &mut SqliteConnection, staff_id: i64) -> AppResult<Vec<Role>> {
    Ok(pending_by_staff(conn).await?.remove(&staff_id).unwrap_or_default())
}

/// Asks for `role` on `staff_id`'s account; nothing when it is already asked for.
/// Part of the caller's write (and audit).
pub(crate) async fn request(
    conn: &mut SqliteConnection,
    requested_by: i64,
    staff_id: i64,
    role: Role,
    cause: GrantCause,
) -> AppResult<Option<i64>> {
    debug_assert!(role.is_sensitive());
    Ok(sqlx::query_scalar(
        "INSERT INTO role_grants (staff_id, role, cause, requested_by, requested_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING
         RETURNING id",
    )
    .bind(staff_id)
    .bind(role.as_str())
    .bind(if cause == GrantCause::PasswordReset { "password_reset" } else { "added" })
    .bind(requested_by)
    .bind(chrono::Utc::now().to_rfc3339())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Takes back a role still waiting for confirmation. Part of the caller's write.
pub(crate) async fn withdraw(
    conn: &mut SqliteConnection,
    by: i64,
    staff_id: i64,
    role: Role,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE role_grants SET state = 'withdrawn', decided_by = ?, decided_at = ?
         WHERE staff_id = ? AND role = ? AND state = 'pending'",
    )
    .bind(by)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(staff_id)
    .bind(role.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn check_decidable(loaded: &Loaded) -> AppResult<()> {
    if loaded.grant.state != GrantState::Pending {
        return Err(AppError::conflict(DECIDED));
    }
    if !loaded.active {
        return Err(AppError::conflict("This account is deactivated; its role changes cannot be confirmed."));
    }
    Ok(())
}

async fn give(
    tx: &mut crate::store::WriteTx<'_>,
    actor: &Actor,
    loaded: &Loaded,
    confirmed_with: &str,
) -> AppResult<()> {
    let g = &loaded.grant;
    sqlx::query("INSERT OR IGNORE INTO staff_roles (staff_id, role) VALUES (?, ?)")
        .bind(g.staff_id)
        .bind(g.role.as_str())
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "UPDATE role_grants SET state = 'confirmed', decided_by = ?, decided_at = ?, confirmed_with = ?
         WHERE id = ? AND state = 'pending'",
    )
    .bind(actor.staff_id)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(confirmed_with)
    .bind(g.id)
    .execute(tx.conn())
    .await?;
    changes::record(
        tx.conn(),
        g.staff_id,
        AccountChangeKind::RoleGiven,
        Some(g.role),
        loaded.requested_by_id,
        Some(g.id),
    )
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Update,
        "role_grant",
        Some(g.id.to_string()),
        format!(
            "confirmed{}: staff {} role {}",
            if confirmed_with == "recovery_key" { " with the recovery key" } else { "" },
            g.staff_id,
            g.role.as_str()
        ),
    ))
    .await
}

/// A privacy officer confirms a role: the person has it from their next sign-in.
pub async fn confirm(store: &Store, actor: &Actor, id: i64) -> AppResult<RoleGrant> {
    actor.require(Permission::ConfirmRoleGrants)?;
    let mut tx = store.begin_write().await?;
    let loaded = load(tx.conn(), id, actor).await?;
    check_decidable(&loaded)?;
    if !loaded.grant.may_decide {
        return Err(AppError::forbidden(SECOND_PERSON));
    }
    if loaded.grant.waiting_for_password {
        return Err(AppError::conflict(WAITING_FOR_PASSWORD));
    }
    give(&mut tx, actor, &loaded, "privacy_officer").await?;
    let g = load(tx.conn(), id, actor).await?.grant;
    tx.commit().await?;
    Ok(g)
}

/// A privacy officer declines a role, saying why (the administrator and the person see it).
pub async fn decline(store: &Store, actor: &Actor, id: i64, reason: &str) -> AppResult<RoleGrant> {
    actor.require(Permission::ConfirmRoleGrants)?;
    let reason = validate::text("reason", "The reason", reason, 500)?;
    let mut tx = store.begin_write().await?;
    let loaded = load(tx.conn(), id, actor).await?;
    if loaded.grant.state != GrantState::Pending {
        return Err(AppError::conflict(DECIDED));
    }
    if !loaded.grant.may_decide {
        return Err(AppError::forbidden(SECOND_PERSON));
    }
    let g = &loaded.grant;
    sqlx::query(
        "UPDATE role_grants SET state = 'declined', decided_by = ?, decided_at = ?, decline_reason = ?
         WHERE id = ? AND state = 'pending'",
    )
    .bind(actor.staff_id)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(&reason)
    .bind(id)
    .execute(tx.conn())
    .await?;
    changes::record(
        tx.conn(),
        g.staff_id,
        AccountChangeKind::RoleDeclined,
        Some(g.role),
        loaded.requested_by_id,
        Some(id),
    )
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Update,
        "role_grant",
        Some(id.to_string()),
        format!("declined: staff {} role {}", g.staff_id, g.role.as_str()),
    ))
    .await?;
    let g = load(tx.conn(), id, actor).await?.grant;
    tx.commit().await?;
    Ok(g)
}

fn recovery_key_refusal(e: RecoveryKeyError) -> AppError {
    AppError::validation(
        "recovery_key",
        match e {
            RecoveryKeyError::BadCharacter(_) => "A recovery key uses only the digits 0–9 and English capital letters. Check what you typed against the printed sheet.",
            RecoveryKeyError::WrongLength => "The recovery key has 14 groups of 4 characters. Check that every group is there.",
            RecoveryKeyError::Checksum => "One or more characters of the recovery key are mistyped. Check each group against the printed sheet.",
        },
    )
}

/// With no other active privacy officer, an administrator confirms the privacy-officer
/// role with the clinic's recovery key (whoever holds it can open every record anyway).
pub async fn confirm_with_recovery_key(
    store: &Store,
    actor: &Actor,
    id: i64,
    recovery_key: &str,
) -> AppResult<RoleGrant> {
    actor.require(Permission::ManageStaff)?;
    // Only its fingerprint is compared; the key itself goes out of scope here.
    let right_key =
        store.is_clinic_key(&DbKey::from_recovery_key(recovery_key).map_err(recovery_key_refusal)?);
    let mut tx = store.begin_write().await?;
    let loaded = load(tx.conn(), id, actor).await?;
    check_decidable(&loaded)?;
    if loaded.grant.role != Role::PrivacyOfficer {
        return Err(AppError::forbidden(
            "The recovery key confirms only the privacy-officer role. The privacy officer confirms the others.",
        ));
    }
    if !loaded.grant.recovery_key_confirms {
        return Err(AppError::conflict(
            "The clinic has a privacy officer: they confirm this role, not the recovery key.",
        ));
    }
    if !right_key {
        tx.audit(actor.origin().entry(
            AuditAction::Update,
            "role_grant",
            Some(id.to_string()),
            "recovery key refused",
        ))
        .await?;
        tx.commit().await?;
        return Err(AppError::validation("recovery_key", "This is not this clinic's recovery key."));
    }
    if loaded.grant.waiting_for_password {
        return Err(AppError::conflict(WAITING_FOR_PASSWORD));
    }
    give(&mut tx, actor, &loaded, "recovery_key").await?;
    let g = load(tx.conn(), id, actor).await?.grant;
    tx.commit().await?;
    Ok(g)
}
