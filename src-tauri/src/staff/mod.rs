//! Staff accounts: the administrator adds, edits, deactivates and resets passwords.
//! Nobody who appears in the audit trail is ever deleted.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

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
    pub roles: Vec<Role>,
    pub language: Language,
    pub active: bool,
    /// RFC 3339 (UTC) while the account is locked after wrong passwords.
    pub locked_until: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub username: String,
    pub full_name: String,
    pub password: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StaffUpdate {
    #[ts(type = "number")]
    pub id: i64,
    pub full_name: String,
    pub roles: Vec<Role>,
}

type StaffRow = (i64, String, String, String, bool, Option<String>);

macro_rules! select_staff {
    ($rest:literal) => {
        concat!("SELECT id, username, full_name, language, active, locked_until FROM staff ", $rest)
    };
}

fn member(row: StaffRow, roles: Vec<Role>) -> StaffMember {
    let (id, username, full_name, language, active, locked_until) = row;
    let locked_until = locked_until.filter(|t| t.as_str() > chrono::Utc::now().to_rfc3339().as_str());
    StaffMember { id, username, full_name, roles, language: Language::parse(&language), active, locked_until }
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
    Ok(rows.iter().filter_map(|r| Role::parse(r)).collect())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> AppResult<StaffMember> {
    let row: Option<StaffRow> =
        sqlx::query_as(select_staff!("WHERE id = ?")).bind(id).fetch_optional(&mut *conn).await?;
    let row = row.ok_or_else(|| AppError::not_found("This staff member does not exist."))?;
    let roles = roles_of(conn, id).await?;
    Ok(member(row, roles))
}

pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<StaffMember>> {
    actor.require(Permission::ManageStaff)?;
    let mut conn = store.pool().acquire().await?;
    let rows: Vec<StaffRow> = sqlx::query_as(select_staff!("ORDER BY active DESC, full_name COLLATE NOCASE"))
        .fetch_all(&mut *conn)
        .await?;
    let mut roles = roles_by_staff(&mut conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let id = r.0;
            member(r, roles.remove(&id).unwrap_or_default())
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
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Inserts an account and its roles on `conn`; validation and audit are the caller's.
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
    pub roles: Vec<Role>,
}

pub(crate) async fn check_new(req: &NewStaff) -> AppResult<CheckedStaff> {
    let full_name = validate::person_name("full_name", "Full name", &req.full_name)?;
    let username = validate::username("username", &req.username)?;
    password::check_new("password", &req.password, &username)?;
    let roles = check_roles(&req.roles)?;
    let password_hash = password::hash_off_thread(req.password.clone()).await?;
    Ok(CheckedStaff { username, full_name, password_hash, roles })
}

pub async fn create(store: &Store, actor: &Actor, req: NewStaff) -> AppResult<StaffMember> {
    actor.require(Permission::ManageStaff)?;
    let c = check_new(&req).await?;
    let mut tx = store.begin_write().await?;
    let id = insert(tx.conn(), &c.username, &c.full_name, &c.password_hash, &c.roles).await?;
    tx.audit(actor.origin().entry(
        AuditAction::Create,
        "staff",
        Some(id.to_string()),
        format!("roles {}", role_list(&c.roles)),
    ))
    .await?;
    let m = get(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(m)
}

async fn active_admins_other_than(conn: &mut SqliteConnection, id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE r.role = 'administrator' AND s.active = 1 AND s.id != ?",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn update(
    store: &Store,
    sessions: &Sessions,
    actor: &Actor,
    req: StaffUpdate,
) -> AppResult<StaffMember> {
    actor.require(Permission::ManageStaff)?;
    let full_name = validate::person_name("full_name", "Full name", &req.full_name)?;
    let roles = check_roles(&req.roles)?;
    let mut tx = store.begin_write().await?;
    let before = get(tx.conn(), req.id).await?;
    if before.roles.contains(&Role::Administrator)
        && !roles.contains(&Role::Administrator)
        && active_admins_other_than(tx.conn(), req.id).await? == 0
    {
        return Err(AppError::validation(
            "roles",
            "The clinic needs at least one active administrator. Give another person that role first.",
        ));
    }
    let now = chrono::Utc::now().to_rfc3339();
    sqlx::query("UPDATE staff SET full_name = ?, updated_at = ? WHERE id = ?")
        .bind(&full_name)
        .bind(&now)
        .bind(req.id)
        .execute(tx.conn())
        .await?;
    write_roles(tx.conn(), req.id, &roles).await?;
    let mut changed = Vec::new();
    if before.full_name != full_name {
        changed.push("full_name".to_string());
    }
    if before.roles != roles {
        changed.push(format!("roles {} -> {}", role_list(&before.roles), role_list(&roles)));
    }
    let summary = if changed.is_empty() { "no change".to_string() } else { changed.join("; ") };
    tx.audit(actor.origin().entry(AuditAction::Update, "staff", Some(req.id.to_string()), summary)).await?;
    let m = get(tx.conn(), req.id).await?;
    tx.commit().await?;
    sessions.update_roles(req.id, &roles);
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
        && active_admins_other_than(tx.conn(), id).await? == 0
    {
        return Err(AppError::invalid("The clinic needs at least one active administrator."));
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

/// Sets a new password chosen by the administrator and lifts any lock-out.
pub async fn reset_password(
    store: &Store,
    sessions: &Sessions,
    actor: &Actor,
    id: i64,
    new_password: String,
) -> AppResult<()> {
    actor.require(Permission::ManageStaff)?;
    let target = get(&mut *store.pool().acquire().await?, id).await?;
    password::check_new("password", &new_password, &target.username)?;
    let hash = password::hash_off_thread(new_password).await?;
    let mut tx = store.begin_write().await?;
    sqlx::query("UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?")
        .bind(&hash)
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.audit(actor.origin().entry(AuditAction::PasswordReset, "staff", Some(id.to_string()), "")).await?;
    tx.commit().await?;
    if id != actor.staff_id {
        sessions.end_all_of(id);
    }
    Ok(())
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
