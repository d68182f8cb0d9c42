//! First run: the key and its recovery form, then the clinic and its first administrator.

use super::{vault_save, AppStatus, Clinic, ClinicSetup, Phase, RecoveryKeyOffer, KEYRING_DOWN};
use crate::audit::AuditAction;
use crate::auth;
use crate::clinic;
use crate::error::{AppError, AppResult};
use crate::staff;
use crate::store::key::{DbKey, GROUP_LEN};
use crate::store::keyring::KeyVault;
use crate::store::{db_path, OpenMode};

impl Clinic {
    /// Makes the key and shows its recovery form once. Calling again shows the same key.
    pub async fn begin_setup(&self) -> AppResult<RecoveryKeyOffer> {
        let mut phase = self.phase.write().await;
        let Phase::FirstRun { pending } = &mut *phase else {
            return Err(AppError::conflict("The clinic is already set up."));
        };
        let (key, groups) = pending.get_or_insert_with(|| {
            let key = DbKey::generate();
            let mut pick = [0u8; 2];
            getrandom::fill(&mut pick).expect("random source");
            let first = 1 + usize::from(pick[0]) % 7;
            let second = 8 + usize::from(pick[1]) % 7;
            (key, vec![first, second])
        });
        Ok(RecoveryKeyOffer { recovery_key: key.recovery_key(), confirm_groups: groups.clone() })
    }

    /// Checks the groups typed back, keeps the key in the keyring and creates the store.
    pub async fn confirm_recovery_key(&self, typed: Vec<String>) -> AppResult<AppStatus> {
        {
            let mut phase = self.phase.write().await;
            let Phase::FirstRun { pending: Some((key, groups)) } = &*phase else {
                return Err(AppError::conflict(
                    "Start the setup again: no recovery key is waiting to be confirmed.",
                ));
            };
            let text = key.recovery_key();
            let parts: Vec<&str> = text.split('-').collect();
            let all_match = typed.len() == groups.len()
                && groups.iter().zip(&typed).all(|(g, t)| {
                    crate::store::key::normalise_recovery_text(t).ok().as_deref() == parts.get(g - 1).copied()
                });
            if !all_match {
                return Err(AppError::validation(
                    "groups",
                    format!("The groups you typed do not match the recovery key. Each group has {GROUP_LEN} characters; check them and try again."),
                ));
            }
            let key = key.clone();
            if db_path(&self.data_dir).exists() {
                return Err(AppError::conflict(
                    "A clinic database already exists in this folder; it was left untouched.",
                ));
            }
            if let Err(e) = vault_save(KeyVault::for_data_dir(&self.data_dir), key.clone()).await {
                tracing::warn!(error = %e, "first run: keyring unavailable");
                return Err(AppError::locked(KEYRING_DOWN));
            }
            *phase = self.open_phase(&key, OpenMode::FIRST_RUN).await;
        }
        self.status().await
    }

    /// Saves the clinic profile and the first administrator, in one transaction.
    pub async fn complete_setup(&self, req: ClinicSetup) -> AppResult<AppStatus> {
        let store = self.store().await?;
        if staff::count(&store).await? > 0 {
            return Err(AppError::conflict("The clinic is already set up. Sign in instead."));
        }
        clinic::validate_profile(&req.clinic)?;
        let admin =
            staff::check_first_admin(&req.admin.username, &req.admin.full_name, &req.admin.password).await?;
        let origin = staff::anonymous(&self.workstation);
        let mut tx = store.begin_write().await?;
        clinic::set_profile_in(tx.conn(), &req.clinic).await?;
        let roles = [auth::Role::Administrator];
        let id =
            staff::insert(tx.conn(), &admin.username, &admin.full_name, &admin.password_hash, &roles).await?;
        tx.audit(origin.entry(
            AuditAction::Setup,
            "clinic_profile",
            Some("1".into()),
            "clinic profile created",
        ))
        .await?;
        tx.audit(origin.entry(AuditAction::Create, "staff", Some(id.to_string()), "roles administrator"))
            .await?;
        tx.commit().await?;
        self.status().await
    }
}
