//! Restoring a backup: by the administrator signed in, or with the recovery key when the
//! store does not open or on a new PC. The work itself is in `backups::restore`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::recovery::parse_recovery_key;
use super::{open_error_phase, vault_save, Clinic, Phase};
use crate::audit::Origin;
use crate::auth::Permission;
use crate::backups::restore::{self, Replaced, RestoreOutcome, RestorePreview, Staged};
use crate::backups::{self, BackupEntry};
use crate::error::{AppError, AppResult};
use crate::staff;
use crate::store::key::DbKey;
use crate::store::keyring::KeyVault;
use crate::store::{OpenMode, Store};

const OTHERS_SIGNED_IN: &str = "Someone else is signed in. A restore replaces the data they are working on: ask them to sign out first, then restore.";
const RESTORING: &str = "A backup is being restored. Wait a moment.";
const BUSY: &str = "The clinic's data is busy (a backup or a long task is running). Nothing was changed: try the restore again in a minute.";

impl Clinic {
    /// What restoring this backup would lose (administrator).
    pub async fn restore_preview(&self, token: &str, folder: &str, name: &str) -> AppResult<RestorePreview> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(Permission::ManageBackups)?;
        let (entry, _) = locate(&store, folder, name).await?;
        let replaced = restore::read_live(&store).await?;
        restore::preview(&store, &entry, &replaced).await
    }

    /// Restores a listed backup in place of the open store (administrator, nobody else
    /// signed in). Every session ends: the people of the restored store sign in again.
    pub async fn restore_backup(&self, token: &str, folder: &str, name: &str) -> AppResult<RestoreOutcome> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(Permission::ManageBackups)?;
        if self.sessions.others(token) > 0 {
            return Err(AppError::conflict(OTHERS_SIGNED_IN));
        }
        let (_, path) = locate(&store, folder, name).await?;
        let now = Utc::now();
        let key = store.key().clone();
        let staged = restore::stage(&self.data_dir, &key, &path, now).await?;
        drop(store);
        let mut phase = self.phase.write().await;
        let Phase::Open(live) = std::mem::replace(&mut *phase, Phase::Unavailable(RESTORING.into())) else {
            staged.discard();
            return Err(AppError::conflict("The clinic's data is not open."));
        };
        let replaced = match restore::read_live(&live).await {
            Ok(r) => r,
            Err(e) => {
                *phase = Phase::Open(live);
                staged.discard();
                return Err(e);
            }
        };
        let live = match sole_owner(live).await {
            Ok(s) => s,
            Err(live) => {
                *phase = Phase::Open(live);
                staged.discard();
                return Err(AppError::conflict(BUSY));
            }
        };
        // Closing releases the store's write lock, which the restored store takes.
        live.close().await;
        let outcome = self
            .swap_and_open(&mut phase, &key, &staged, &replaced, actor.origin(), Some(actor.staff_id), now)
            .await;
        self.sessions.end_all();
        outcome
    }

    /// Restores `file` (a name in the data folder's backups, or a full path) with the
    /// recovery key: when the store does not open, or on a new PC before any setup.
    pub async fn restore_with_recovery_key(
        &self,
        file: &str,
        recovery_key: &str,
    ) -> AppResult<RestoreOutcome> {
        let key = parse_recovery_key(recovery_key)?;
        let path = self.backup_path(file)?;
        let now = Utc::now();
        let mut phase = self.phase.write().await;
        if !matches!(*phase, Phase::FirstRun { .. } | Phase::NeedsRecovery(_) | Phase::Damaged) {
            return Err(AppError::conflict(
                "The clinic's data is open: an administrator restores a backup from the Backups screen after signing in.",
            ));
        }
        let staged = restore::stage(&self.data_dir, &key, &path, now).await?;
        let replaced = replaced_unopened(&self.data_dir, &key).await;
        let outcome = self
            .swap_and_open(
                &mut phase,
                &key,
                &staged,
                &replaced,
                staff::anonymous(&self.workstation),
                None,
                now,
            )
            .await?;
        if vault_save(KeyVault::for_data_dir(&self.data_dir), key).await.is_err() {
            tracing::warn!("restored, but the key could not be kept in the keyring");
        }
        Ok(outcome)
    }

    #[allow(clippy::too_many_arguments)]
    async fn swap_and_open(
        &self,
        phase: &mut Phase,
        key: &DbKey,
        staged: &Staged,
        replaced: &Replaced,
        origin: Origin,
        restorer: Option<i64>,
        now: DateTime<Utc>,
    ) -> AppResult<RestoreOutcome> {
        let aside = match restore::swap(&self.data_dir, staged, now) {
            Ok(aside) => aside,
            Err(e) => {
                // Nothing was replaced: the current file is where it was.
                *phase = self.open_phase(key, OpenMode::APP).await;
                tracing::error!(error = %e, "a restore could not put the backup in place");
                return Err(AppError::conflict(
                    "The backup could not be put in place, so nothing was changed. Check that the data folder has room and can be written to.",
                ));
            }
        };
        tracing::info!(kept_as = ?aside, "backup restored; the replaced store was kept");
        match Store::open(&self.data_dir, key, OpenMode::APP).await {
            Ok(store) => {
                let outcome = restore::finish(&store, origin, restorer, replaced, staged, aside).await;
                self.apply_settings(&store).await;
                *phase = Phase::Open(Arc::new(store));
                outcome
            }
            Err(e) => {
                *phase = open_error_phase(e);
                Err(AppError::internal("the restored store could not be opened"))
            }
        }
    }

    fn backup_path(&self, file: &str) -> AppResult<PathBuf> {
        let file = file.trim();
        if file.is_empty() {
            return Err(AppError::validation("file", "Choose the backup file to restore."));
        }
        if file.contains('/') {
            let p = PathBuf::from(file);
            if !p.is_absolute() {
                return Err(AppError::validation("file", "Give the backup file's full path, for example /media/usb/clinic-20261203-140000-auto.db."));
            }
            return Ok(p);
        }
        if file.starts_with('.') || file.contains('\\') {
            return Err(AppError::validation("file", "That is not the name of a backup."));
        }
        Ok(crate::store::backup::backups_dir(&self.data_dir).join(file))
    }
}

/// The listed backup `name` in `folder`, and its path.
async fn locate(store: &Store, folder: &str, name: &str) -> AppResult<(BackupEntry, PathBuf)> {
    let p = backups::policy(store).await?;
    backups::locate(store.data_dir(), &p.extra_folders, folder, name)
        .ok_or_else(|| AppError::not_found("That backup is no longer there. Refresh the list."))
}

/// The store being replaced, when the window could not open it: read with the typed key
/// if it opens after all, else from the files kept beside it.
async fn replaced_unopened(data_dir: &Path, key: &DbKey) -> Replaced {
    match Store::open(data_dir, key, OpenMode::INSPECT).await {
        Ok(s) => {
            let r = restore::read_live(&s).await.unwrap_or_else(|_| restore::read_unopened(data_dir));
            s.close().await;
            r
        }
        Err(_) => restore::read_unopened(data_dir),
    }
}

/// The store, once no command or background task holds it any more (they finish within
/// seconds; a backup in progress can take longer on a big clinic).
async fn sole_owner(mut store: Arc<Store>) -> Result<Store, Arc<Store>> {
    for _ in 0..600 {
        match Arc::try_unwrap(store) {
            Ok(s) => return Ok(s),
            Err(again) => store = again,
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(store)
}
