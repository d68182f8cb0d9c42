//! Opening the store again when the keyring lost its key, or from a backup.

use std::sync::Arc;

use super::{open_error_phase, vault_save, AppStatus, Clinic, Phase};
use crate::audit::AuditAction;
use crate::error::{AppError, AppResult};
use crate::staff;
use crate::store::key::{DbKey, RecoveryKeyError};
use crate::store::keyring::KeyVault;
use crate::store::{OpenError, OpenMode, Store};

impl Clinic {
    /// Opens the store with a typed recovery key and puts the key back in the keyring.
    pub async fn recover_with_key(&self, typed: &str) -> AppResult<AppStatus> {
        let key = parse_recovery_key(typed)?;
        {
            let mut phase = self.phase.write().await;
            if matches!(*phase, Phase::Open(_) | Phase::FirstRun { .. }) {
                return Err(AppError::conflict("The clinic's data is already open."));
            }
            match Store::open(&self.data_dir, &key, OpenMode::APP).await {
                Ok(store) => {
                    let kept = vault_save(KeyVault::for_data_dir(&self.data_dir), key).await;
                    let summary = if kept.is_ok() { "key restored to the keyring" } else { "opened; keyring unavailable" };
                    let mut tx = store.begin_write().await?;
                    tx.audit(staff::anonymous(&self.workstation).entry(AuditAction::KeyRecovery, "store", None, summary)).await?;
                    tx.commit().await?;
                    self.apply_settings(&store).await;
                    *phase = Phase::Open(Arc::new(store));
                }
                Err(OpenError::WrongKeyOrNotADatabase) => {
                    return Err(AppError::validation(
                        "recovery_key",
                        "This recovery key does not open this clinic's data. It may belong to another installation, or the file may be damaged.",
                    ))
                }
                Err(e) => *phase = open_error_phase(e),
            }
        }
        self.status().await
    }
}

/// A typed recovery key, or a message saying which part of it is wrong.
pub(super) fn parse_recovery_key(typed: &str) -> AppResult<DbKey> {
    DbKey::from_recovery_key(typed).map_err(|e| {
        AppError::validation(
            "recovery_key",
            match e {
                RecoveryKeyError::BadCharacter(c) => format!("“{c}” is not part of any recovery key. Recovery keys use the digits 0–9 and English capital letters."),
                RecoveryKeyError::WrongLength => "The recovery key is too short or too long: it has 14 groups of 4 characters.".to_string(),
                RecoveryKeyError::Checksum => "One or more characters of the recovery key are mistyped. Check each group against the printed sheet.".to_string(),
            },
        )
    })
}
