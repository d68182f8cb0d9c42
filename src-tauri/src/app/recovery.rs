//! Opening the store again when the keyring lost its key, or from a backup.

use std::sync::Arc;

use super::{open_error_phase, vault_load, vault_save, AppStatus, Clinic, Phase, RecoveryReason};
use crate::audit::AuditAction;
use crate::error::{AppError, AppResult};
use crate::staff;
use crate::store::backup;
use crate::store::key::{DbKey, RecoveryKeyError};
use crate::store::keyring::KeyVault;
use crate::store::{OpenError, OpenMode, Store};

impl Clinic {
    /// Opens the store with a typed recovery key and puts the key back in the keyring.
    pub async fn recover_with_key(&self, typed: &str) -> AppResult<AppStatus> {
        let key = DbKey::from_recovery_key(typed).map_err(|e| {
            AppError::validation(
                "recovery_key",
                match e {
                    RecoveryKeyError::BadCharacter(c) => format!("“{c}” is not part of any recovery key. Recovery keys use the digits 0–9 and English capital letters."),
                    RecoveryKeyError::WrongLength => "The recovery key is too short or too long: it has 14 groups of 4 characters.".to_string(),
                    RecoveryKeyError::Checksum => "One or more characters of the recovery key are mistyped. Check each group against the printed sheet.".to_string(),
                },
            )
        })?;
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

    /// Puts a backup in place of a damaged file; the damaged file is kept, renamed.
    pub async fn restore_backup(&self, name: &str) -> AppResult<AppStatus> {
        {
            let mut phase = self.phase.write().await;
            if !matches!(*phase, Phase::Damaged | Phase::NeedsRecovery(_)) {
                return Err(AppError::conflict(
                    "Backups can be restored only when the current file cannot be opened.",
                ));
            }
            let aside = backup::restore_backup(&self.data_dir, name).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidInput => {
                    AppError::not_found("That backup does not exist.")
                }
                _ => AppError::from(e),
            })?;
            tracing::info!(kept_as = %aside, "backup restored; the previous file was kept");
            *phase = match vault_load(KeyVault::for_data_dir(&self.data_dir)).await {
                Ok(key) => self.open_phase(&key, OpenMode::APP).await,
                Err(_) => Phase::NeedsRecovery(RecoveryReason::KeyMissing),
            };
            if let Phase::Open(store) = &*phase {
                let mut tx = store.begin_write().await?;
                tx.audit(staff::anonymous(&self.workstation).entry(
                    AuditAction::BackupRestored,
                    "store",
                    None,
                    "backup restored",
                ))
                .await?;
                tx.commit().await?;
            }
        }
        self.status().await
    }
}
