//! What changed on a person's account (roles given, removed, suspended or declined, a
//! password reset), told to them once, at their next sign-in.

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::auth::Role;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AccountChangeKind {
    /// A role the person has from this sign-in on.
    RoleGiven,
    RoleRemoved,
    /// A clinical role set aside by a password reset until a privacy officer confirms it again.
    RoleSuspended,
    /// A role an administrator asked for that the privacy officer declined.
    RoleDeclined,
    PasswordReset,
}

impl AccountChangeKind {
    fn as_str(self) -> &'static str {
        match self {
            AccountChangeKind::RoleGiven => "role_given",
            AccountChangeKind::RoleRemoved => "role_removed",
            AccountChangeKind::RoleSuspended => "role_suspended",
            AccountChangeKind::RoleDeclined => "role_declined",
            AccountChangeKind::PasswordReset => "password_reset",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            AccountChangeKind::RoleGiven,
            AccountChangeKind::RoleRemoved,
            AccountChangeKind::RoleSuspended,
            AccountChangeKind::RoleDeclined,
            AccountChangeKind::PasswordReset,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountChange {
    pub kind: AccountChangeKind,
    pub role: Option<Role>,
    /// Who made the change (the administrator who gave, removed or reset).
    pub by: Option<String>,
    /// Who confirmed or declined a role given by someone else.
    pub decided_by: Option<String>,
    /// Why a role was declined.
    pub reason: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

/// Notes a change for the person to see at their next sign-in; part of the caller's write.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    staff_id: i64,
    kind: AccountChangeKind,
    role: Option<Role>,
    by: i64,
    grant_id: Option<i64>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO account_changes (staff_id, at, kind, role, by_staff, grant_id) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(staff_id)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(kind.as_str())
    .bind(role.map(Role::as_str))
    .bind(by)
    .bind(grant_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The changes the person has not been shown yet, marked as shown; part of the
/// sign-in's write, so they are shown exactly once.
pub(crate) async fn take_unseen(conn: &mut SqliteConnection, staff_id: i64) -> AppResult<Vec<AccountChange>> {
    type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.kind, c.role, s.full_name, d.full_name, g.decline_reason, c.at
         FROM account_changes c
         LEFT JOIN staff s ON s.id = c.by_staff
         LEFT JOIN role_grants g ON g.id = c.grant_id
         LEFT JOIN staff d ON d.id = g.decided_by
         WHERE c.staff_id = ? AND c.shown_at IS NULL
         ORDER BY c.id",
    )
    .bind(staff_id)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query("UPDATE account_changes SET shown_at = ? WHERE staff_id = ? AND shown_at IS NULL")
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, role, by, decided_by, reason, at)| {
            let kind = AccountChangeKind::parse(&kind)?;
            let decided = matches!(kind, AccountChangeKind::RoleGiven | AccountChangeKind::RoleDeclined);
            Some(AccountChange {
                kind,
                role: role.as_deref().and_then(Role::parse),
                by,
                decided_by: decided_by.filter(|_| decided),
                reason: reason.filter(|_| kind == AccountChangeKind::RoleDeclined),
                at,
            })
        })
        .collect())
}
