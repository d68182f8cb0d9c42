//! The audit trail: who did what to which record, when, from which workstation.
//!
//! Each entry carries the SHA-256 of the previous entry and of itself, so editing,
//! deleting or reordering entries breaks the chain; the newest hash is also kept in a
//! file outside the database, so cutting off the tail is detected too.

mod chain;
mod head;
pub mod named;
mod query;
mod verify;

pub(crate) use chain::append_after;
pub use chain::{entry_hash, last_link, ChainLink, GENESIS};
pub use head::HeadFile;
pub use query::{list, AuditFilter, AuditPage, AuditRow};
pub use verify::{verify, verify_split, VerifyReport};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What happened. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    Setup,
    SignIn,
    SignInFailed,
    SignOut,
    Lock,
    Unlock,
    AccountLocked,
    View,
    Create,
    Update,
    Deactivate,
    Reactivate,
    Delete,
    Export,
    Print,
    PasswordReset,
    KeyRecovery,
    BackupRestored,
    SettingsChange,
    AuditVerified,
    /// A clinical note signed (and so locked).
    Sign,
    /// Emergency access to a patient's whole record granted ("break the glass").
    EmergencyAccess,
    /// A safety warning set aside with a reason (an allergy at dispensing).
    Override,
    /// Records erased under the retention rules (the entry names kinds and counts only).
    Erase,
    /// A patient's identifiers removed for good, their clinical data kept for statistics.
    Anonymise,
    /// A backup of the store taken (the entry names how many folders got a verified copy).
    Backup,
}

impl AuditAction {
    pub const ALL: [AuditAction; 26] = [
        AuditAction::Setup,
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::Lock,
        AuditAction::Unlock,
        AuditAction::AccountLocked,
        AuditAction::View,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Deactivate,
        AuditAction::Reactivate,
        AuditAction::Delete,
        AuditAction::Export,
        AuditAction::Print,
        AuditAction::PasswordReset,
        AuditAction::KeyRecovery,
        AuditAction::BackupRestored,
        AuditAction::SettingsChange,
        AuditAction::AuditVerified,
        AuditAction::Sign,
        AuditAction::EmergencyAccess,
        AuditAction::Override,
        AuditAction::Erase,
        AuditAction::Anonymise,
        AuditAction::Backup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Setup => "setup",
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::Lock => "lock",
            AuditAction::Unlock => "unlock",
            AuditAction::AccountLocked => "account_locked",
            AuditAction::View => "view",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Deactivate => "deactivate",
            AuditAction::Reactivate => "reactivate",
            AuditAction::Delete => "delete",
            AuditAction::Export => "export",
            AuditAction::Print => "print",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::KeyRecovery => "key_recovery",
            AuditAction::BackupRestored => "backup_restored",
            AuditAction::SettingsChange => "settings_change",
            AuditAction::AuditVerified => "audit_verified",
            AuditAction::Sign => "sign",
            AuditAction::EmergencyAccess => "emergency_access",
            AuditAction::Override => "override",
            AuditAction::Erase => "erase",
            AuditAction::Anonymise => "anonymise",
            AuditAction::Backup => "backup",
        }
    }
}

/// A new entry, before it is chained. `summary` must hold no names and no clinical
/// content: ids and field names only.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub staff_id: Option<i64>,
    pub workstation: String,
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub patient_id: Option<i64>,
    pub summary: String,
}

/// Who is acting and from where; every service call that writes takes one.
#[derive(Debug, Clone)]
pub struct Origin {
    pub staff_id: Option<i64>,
    pub workstation: String,
}

impl Origin {
    pub fn entry(
        &self,
        action: AuditAction,
        entity: &'static str,
        entity_id: Option<String>,
        summary: impl Into<String>,
    ) -> AuditEntry {
        AuditEntry {
            staff_id: self.staff_id,
            workstation: self.workstation.clone(),
            action,
            entity,
            entity_id,
            patient_id: None,
            summary: summary.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_match_serde_names() {
        for a in AuditAction::ALL {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
        }
    }
}
