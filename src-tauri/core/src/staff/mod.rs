//! Staff accounts: the administrator adds, edits, deactivates and resets passwords.
//! Nobody who appears in the audit trail is ever deleted.

pub mod changes;
pub mod grants;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use self::changes::AccountChangeKind;
use self::grants::GrantCause;
use crate::audit::{AuditAction, Origin};
use crate::auth::{password, Actor, Permission, Role, Sessions};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Language {
    En,
    Ur,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ur => "ur",
        }
    }
    fn parse(s: &str) -> Language {
        if s == "ur" {
            Language::Ur
        } else {
            Language::En
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StaffMember {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub full_name: String,
    /// The roles the person has (from their next sign-in, for one just given).
    pub roles: Vec<Role>,
    /// Clinical or privacy-officer roles waiting for a privacy officer's confirmation.
    pub pending_roles: Vec<Role>,
    pub language: Language,
    pub active: bool,
    /// RFC 3339 (UTC) while the account is locked after wrong passwords.
    pub locked_until: Option<String>,
    /// A one-time code is out: the person has not chosen their own password yet.
    pub waiting_for_password: bool,
}

/// A new account. The administrator never chooses its password: the account gets a
/// one-time code, and the person chooses their password when they first sign in.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StaffUpdate {
    #[ts(type = "number")]
    pub id: i64,
    pub full_name: String,
    /// Every role the person should have; clinical and privacy-officer roles not
    /// already held wait for a privacy officer's confirmation.
    pub roles: Vec<Role>,
}

/// A code that lets its holder choose a new password, once, until `expires_at`.
/// Shown to the administrator once, to hand to the person; only its hash is kept.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OneTimeCode {
    pub code: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StaffCreated {
    pub member: StaffMember,
    pub code: OneTimeCode,
}

/// How long a one-time code is good for.
pub const CODE_HOURS: i64 = 24;

type StaffRow = (i64, String, String, String, bool, Option<String>, bool);

macro_rules! select_staff {
    ($rest:literal) => {
        concat!(
            "SELECT id, username, full_name, language, active, locked_until, must_choose_password FROM staff ",
            $rest
        )
    };
}

fn member(row: StaffRow, roles: Vec<Role>, pending_roles: Vec<Role>) -> StaffMember {
    let (id, username, full_name, language, active, locked_until, waiting_for_password) = row;
    let locked_until = locked_until.filter(|t| t.as_str() > chrono::Utc::now().to_rfc3339().as_str());
    StaffMember {
        id,
        username,
        full_name,
        roles,
        pending_roles,
        language: Language::parse(&language),
        active,
        locked_until,
        waiting_for_password,
    }
}

async fn roles_by_staff(conn: &mut SqliteConnection) -> AppResult<HashMap<i64, Vec<Role>>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT staff_id, role FROM staff_roles ORDER BY staff_id, role")
            .fetch_all(&mut *conn)
            .await?;
    let mut map: HashMap<i64, Vec<Role>> = HashMap::new();
    for (id, role) in rows {
        if let Some(r) = Role::parse(&role) {
            map.entry(id).or_default().push(r);
        }
    }
    Ok(map)
}

pub async fn roles_of(conn: &mut SqliteConnection, id: i64) -> AppResult<Vec<Role>> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT role FROM staff_roles WHERE staff_id = ? ORDER BY role")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| Role::parse(r)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> AppResult<StaffMember> {
    let row: Option<StaffRow> =
        sqlx::query_as(select_staff!("WHERE id = ?")).bind(id).fetch_optional(&mut *conn).await?;
    let row = row.ok_or_else(|| AppError::not_found("This staff member does not exist."))?;
    let roles = roles_of(conn, id).await?;
    let pending = grants::pending_of(conn, id).await?;
    Ok(member(row, roles, pending))
}

pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<StaffMember>> {
    actor.require(Permission::ManageStaff)?;
    let mut conn = store.pool().acquire().await?;
    let rows: Vec<StaffRow> = sqlx::query_as(select_staff!("ORDER BY active DESC, full_name COLLATE NOCASE"))
        .fetch_all(&mut *conn)
        .await?;
    let mut roles = roles_by_staff(&mut conn).await?;
    let mut pending = grants::pending_by_staff(&mut conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let id = r.0;
            member(r, roles.remove(&id).unwrap_or_default(), pending.remove(&id).unwrap_or_default())
        })
        .collect())
}

fn check_roles(roles: &[Role]) -> AppResult<Vec<Role>> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(AppError::validation("roles", "Choose at least one role."));
    }
    Ok(roles)
}

async fn write_roles(conn: &mut SqliteConnection, id: i64, roles: &[Role]) -> AppResult<()> {
    sqlx::query("DELETE FROM staff_roles WHERE staff_id = ?").bind(id).execute(&mut *conn).await?;
    for r in roles {
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)")
            .bind(id)
            .bind(r.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn role_list(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "none".to_string();
    }
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Inserts an account with its roles in force, on `conn`; validation and audit are the
/// caller's. Only trusted code calls it directly (first-run setup, the demo seed): the
/// administrator's way in is `create`, where clinical roles wait for a second person.
pub async fn insert(
    conn: &mut SqliteConnection,
    username: &str,
    full_name: &str,
    password_hash: &str,
    roles: &[Role],
) -> AppResult<i64> {
    let now = chrono::Utc::now().to_rfc3339();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff (username, full_name, password_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(username)
    .bind(full_name)
    .bind(password_hash)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    write_roles(conn, id, roles).await?;
    Ok(id)
}

/// Validated fields of a new account, with the password already hashed.
pub(crate) struct CheckedStaff {
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
}

/// Checks the first administrator's account, who chooses their own password at setup.
pub(crate) async fn check_first_admin(
    username: &str,
    full_name: &str,
    password: &str,
) -> AppResult<CheckedStaff> {
    let full_name = validate::person_name("full_name", "Full name", full_name)?;
    let username = validate::username("username", username)?;
    password::check_new("password", password, &username)?;
    let password_hash = password::hash_off_thread(password.to_string()).await?;
    Ok(CheckedStaff { username, full_name, password_hash })
}

/// A one-time code and its hash, good for `CODE_HOURS`.
async fn new_code() -> AppResult<(OneTimeCode, String, String)> {
    let code = password::one_time_code();
    let hash = password::hash_off_thread(password::normalise_code(&code)).await?;
    let expires = (chrono::Utc::now() + chrono::Duration::hours(CODE_HOURS)).to_rfc3339();
    Ok((OneTimeCode { code, expires_at: expires.clone() }, hash, expires))
}

/// Adds an account. Roles that open clinical records wait for a privacy officer; the
/// person chooses their password with the one-time code returned (shown once).
pub async fn create(store: &Store, actor: &Actor, req: NewStaff) -> AppResult<StaffCreated> {
    actor.require(Permission::ManageStaff)?;
    let full_name = validate::person_name("full_name", "Full name", &req.full_name)?;
    let username = validate::username("username", &req.username)?;
    let roles = check_roles(&req.roles)?;
    let (code, hash, expires) = new_code().await?;
    let (sensitive, plain): (Vec<Role>, Vec<Role>) = roles.iter().partition(|r| r.is_sensitive());
    let mut tx = store.begin_write().await?;
    let id = insert(tx.conn(), &username, &full_name, &hash, &plain).await?;
    sqlx::query("UPDATE staff SET must_choose_password = 1, reset_code_expires_at = ? WHERE id = ?")
        .bind(&expires)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let mut grant_ids = Vec::new();
    for r in &sensitive {
        if let Some(g) = grants::request(tx.conn(), actor.staff_id, id, *r, GrantCause::Added).await? {
            grant_ids.push(g.to_string());
        }
    }
    let mut summary = format!("roles {}; one-time code issued", role_list(&plain));
    if !sensitive.is_empty() {
        summary.push_str(&format!(
            "; waiting for confirmation {} (grants {})",
            role_list(&sensitive),
            grant_ids.join(",")
        ));
    }
    tx.audit(actor.origin().entry(AuditAction::Create, "staff", Some(id.to_string()), summary)).await?;
    let member = get(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(StaffCreated { member, code })
}

/// Active accounts other than `id` that hold `role`.
pub(crate) async fn active_holders_other_than(
    conn: &mut SqliteConnection,
    role: Role,
    id: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE r.role = ? AND s.active = 1 AND s.id != ?",
    )
    .bind(role.as_str())
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

const LAST_ADMIN: &str =
    "The clinic needs at least one active administrator. Give another person that role first.";
const LAST_PRIVACY_OFFICER: &str =
    "The clinic needs at least one active privacy officer. Have another person confirmed in that role first.";
const NOT_YOURSELF: &str = "You cannot give yourself a clinical or privacy-officer role. Ask another administrator to give it; a privacy officer then confirms it.";

/// Changes a person's name and roles. A role taken away ends at once, in their open
/// sessions too; a role given counts from their next sign-in, and a clinical or
/// privacy-officer role only once a privacy officer has confirmed it.
pub async fn update(
    store: &Store,
    sessions: &Sessions,
    actor: &Actor,
    req: StaffUpdate,
) -> AppResult<StaffMember> {
    actor.require(Permission::ManageStaff)?;
    let full_name = validate::person_name("full_name", "Full name", &req.full_name)?;
    let wanted = check_roles(&req.roles)?;
    let mut tx = store.begin_write().await?;
    let before = get(tx.conn(), req.id).await?;
    let removed: Vec<Role> = before.roles.iter().copied().filter(|r| !wanted.contains(r)).collect();
    let withdrawn: Vec<Role> = before.pending_roles.iter().copied().filter(|r| !wanted.contains(r)).collect();
    let new: Vec<Role> = wanted
        .iter()
        .copied()
        .filter(|r| !before.roles.contains(r) && !before.pending_roles.contains(r))
        .collect();
    let (to_confirm, given): (Vec<Role>, Vec<Role>) = new.iter().partition(|r| r.is_sensitive());
    if req.id == actor.staff_id && !to_confirm.is_empty() {
        return Err(AppError::validation("roles", NOT_YOURSELF));
    }
    if removed.contains(&Role::Administrator)
        && active_holders_other_than(tx.conn(), Role::Administrator, req.id).await? == 0
    {
        return Err(AppError::validation("roles", LAST_ADMIN));
    }
    if before.active
        && removed.contains(&Role::PrivacyOfficer)
        && active_holders_other_than(tx.conn(), Role::PrivacyOfficer, req.id).await? == 0
    {
        return Err(AppError::validation("roles", LAST_PRIVACY_OFFICER));
    }
    let now = chrono::Utc::now().to_rfc3339();
    sqlx::query("UPDATE staff SET full_name = ?, updated_at = ? WHERE id = ?")
        .bind(&full_name)
        .bind(&now)
        .bind(req.id)
        .execute(tx.conn())
        .await?;
    let held: Vec<Role> =
        before.roles.iter().copied().filter(|r| wanted.contains(r)).chain(given.iter().copied()).collect();
    write_roles(tx.conn(), req.id, &held).await?;
    for r in &removed {
        changes::record(tx.conn(), req.id, AccountChangeKind::RoleRemoved, Some(*r), actor.staff_id, None)
            .await?;
    }
    for r in &given {
        changes::record(tx.conn(), req.id, AccountChangeKind::RoleGiven, Some(*r), actor.staff_id, None)
            .await?;
    }
    for r in &withdrawn {
        grants::withdraw(tx.conn(), actor.staff_id, req.id, *r).await?;
    }
    let mut grant_ids = Vec::new();
    for r in &to_confirm {
        if let Some(g) = grants::request(tx.conn(), actor.staff_id, req.id, *r, GrantCause::Added).await? {
            grant_ids.push(g.to_string());
        }
    }
    let mut changed = Vec::new();
    if before.full_name != full_name {
        changed.push("full_name".to_string());
    }
    if !removed.is_empty() || !given.is_empty() {
        let mut after = held.clone();
        after.sort();
        changed.push(format!("roles {} -> {}", role_list(&before.roles), role_list(&after)));
    }
    if !to_confirm.is_empty() {
        changed.push(format!(
            "waiting for confirmation {} (grants {})",
            role_list(&to_confirm),
            grant_ids.join(",")
        ));
    }
    if !withdrawn.is_empty() {
        changed.push(format!("withdrawn before confirmation {}", role_list(&withdrawn)));
    }
    let summary = if changed.is_empty() { "no change".to_string() } else { changed.join("; ") };
    tx.audit(actor.origin().entry(AuditAction::Update, "staff", Some(req.id.to_string()), summary)).await?;
    let m = get(tx.conn(), req.id).await?;
    tx.commit().await?;
    sessions.update_roles(req.id, &m.roles);
    Ok(m)
}

pub async fn set_active(
    store: &Store,
    sessions: &Sessions,
    actor: &Actor,
    id: i64,
    active: bool,
) -> AppResult<StaffMember> {
    actor.require(Permission::ManageStaff)?;
    if !active && id == actor.staff_id {
        return Err(AppError::invalid("You cannot deactivate your own account."));
    }
    let mut tx = store.begin_write().await?;
    let before = get(tx.conn(), id).await?;
    if before.active == active {
        return Ok(before);
    }
    if !active
        && before.roles.contains(&Role::Administrator)
        && active_holders_other_than(tx.conn(), Role::Administrator, id).await? == 0
    {
        return Err(AppError::invalid("The clinic needs at least one active administrator."));
    }
    if !active
        && before.roles.contains(&Role::PrivacyOfficer)
        && active_holders_other_than(tx.conn(), Role::PrivacyOfficer, id).await? == 0
    {
        return Err(AppError::invalid(LAST_PRIVACY_OFFICER));
    }
    sqlx::query("UPDATE staff SET active = ?, updated_at = ? WHERE id = ?")
        .bind(active)
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(id)
        .execute(tx.conn())
        .await?;
    let action = if active { AuditAction::Reactivate } else { AuditAction::Deactivate };
    tx.audit(actor.origin().entry(action, "staff", Some(id.to_string()), "")).await?;
    let m = get(tx.conn(), id).await?;
    tx.commit().await?;
    if !active {
        sessions.end_all_of(id);
    }
    Ok(m)
}

/// Replaces the person's password with a one-time code (shown once, to hand over):
/// the old password stops working, their sessions end, any lock-out is lifted, and
/// with the code they can only choose a new password. Since the administrator saw the
/// code, the person's clinical and privacy-officer roles wait for a privacy officer
/// again.
pub async fn reset_password(
    store: &Store,
    sessions: &Sessions,
    actor: &Actor,
    id: i64,
) -> AppResult<OneTimeCode> {
    actor.require(Permission::ManageStaff)?;
    let (code, hash, expires) = new_code().await?;
    let mut tx = store.begin_write().await?;
    let target = get(tx.conn(), id).await?;
    sqlx::query(
        "UPDATE staff SET password_hash = ?, must_choose_password = 1, reset_code_expires_at = ?,
             failed_attempts = 0, locked_until = NULL, updated_at = ?
         WHERE id = ?",
    )
    .bind(&hash)
    .bind(&expires)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(id)
    .execute(tx.conn())
    .await?;
    // Resetting one's own password tells nobody else anything: nothing to suspend.
    let suspended: Vec<Role> = if id == actor.staff_id {
        Vec::new()
    } else {
        target.roles.iter().copied().filter(|r| r.is_sensitive()).collect()
    };
    let mut grant_ids = Vec::new();
    for r in &suspended {
        sqlx::query("DELETE FROM staff_roles WHERE staff_id = ? AND role = ?")
            .bind(id)
            .bind(r.as_str())
            .execute(tx.conn())
            .await?;
        let grant = grants::request(tx.conn(), actor.staff_id, id, *r, GrantCause::PasswordReset).await?;
        if let Some(g) = grant {
            grant_ids.push(g.to_string());
        }
        changes::record(tx.conn(), id, AccountChangeKind::RoleSuspended, Some(*r), actor.staff_id, grant)
            .await?;
    }
    changes::record(tx.conn(), id, AccountChangeKind::PasswordReset, None, actor.staff_id, None).await?;
    let mut summary = "one-time code issued".to_string();
    if !suspended.is_empty() {
        summary.push_str(&format!(
            "; waiting for confirmation again {} (grants {})",
            role_list(&suspended),
            grant_ids.join(",")
        ));
    }
    tx.audit(actor.origin().entry(AuditAction::PasswordReset, "staff", Some(id.to_string()), summary))
        .await?;
    tx.commit().await?;
    if id != actor.staff_id {
        sessions.end_all_of(id);
    }
    Ok(code)
}

/// Anyone may choose their own language.
pub async fn set_language(store: &Store, actor: &Actor, language: Language) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    sqlx::query("UPDATE staff SET language = ? WHERE id = ?")
        .bind(language.as_str())
        .bind(actor.staff_id)
        .execute(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "staff",
        Some(actor.staff_id.to_string()),
        format!("language {}", language.as_str()),
    ))
    .await?;
    tx.commit().await
}

pub async fn count(store: &Store) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM staff").fetch_one(store.pool()).await?)
}

/// Origin for events with nobody signed in (setup, failed sign-in, key recovery).
pub fn anonymous(workstation: &str) -> Origin {
    Origin { staff_id: None, workstation: workstation.to_string() }
}
