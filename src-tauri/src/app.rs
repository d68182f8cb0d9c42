//! The application core behind every front (the Tauri window, the command line):
//! finds and opens the store, walks first-run setup and key recovery, and hands
//! signed-in callers the store together with who they are. Knows nothing of Tauri.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{self, state_error, Actor, SessionState, Sessions, SignedIn};
use crate::clinic::{self, ClinicProfileInput};
use crate::error::{AppError, AppResult};
use crate::staff::{self, Language, NewStaff};
use crate::store::backup::{self, BackupFile};
use crate::store::key::{DbKey, RecoveryKeyError, GROUP_LEN};
use crate::store::keyring::{KeyVault, KeyringError};
use crate::store::{db_path, OpenError, OpenMode, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecoveryReason {
    KeyMissing,
    KeyDoesNotOpen,
    KeyringUnavailable,
}

/// What the window should show before anyone signs in.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum AppStatus {
    FirstRun,
    /// `backups` are offered too: when the recovery key does not open the file either,
    /// the file itself is likely damaged.
    RecoveryNeeded {
        reason: RecoveryReason,
        backups: Vec<BackupFile>,
    },
    Damaged {
        backups: Vec<BackupFile>,
    },
    Unavailable {
        message: String,
    },
    ClinicSetupNeeded,
    Ready {
        clinic_name: String,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RecoveryKeyOffer {
    pub recovery_key: String,
    /// 1-based numbers of the groups the person must type back.
    pub confirm_groups: Vec<usize>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewAdmin {
    pub username: String,
    pub full_name: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ClinicSetup {
    pub clinic: ClinicProfileInput,
    pub admin: NewAdmin,
}

enum Phase {
    FirstRun { pending: Option<(DbKey, Vec<usize>)> },
    NeedsRecovery(RecoveryReason),
    Damaged,
    Unavailable(String),
    Open(Arc<Store>),
}

pub struct Clinic {
    data_dir: PathBuf,
    workstation: String,
    demo: bool,
    phase: RwLock<Phase>,
    sessions: Sessions,
}

const READ_ONLY: &str = "The clinic's data folder cannot be written to, so nothing could be saved. Ask IT to give this computer's user write access to the folder, then try again.";
const IN_USE: &str = "Al-Hayat Clinic is already open on this computer with the same data. Use the window that is already open, or close it and try again.";
const KEYRING_DOWN: &str = "The system keyring (where the database key is kept) is not available. Sign in to the computer's desktop session and try again.";

fn open_error_phase(e: OpenError) -> Phase {
    match e {
        OpenError::WrongKeyOrNotADatabase => Phase::NeedsRecovery(RecoveryReason::KeyDoesNotOpen),
        OpenError::Damaged => Phase::Damaged,
        OpenError::ReadOnly => Phase::Unavailable(READ_ONLY.into()),
        OpenError::InUse => Phase::Unavailable(IN_USE.into()),
        OpenError::Missing => Phase::FirstRun { pending: None },
        other => {
            tracing::error!(error = %other, "the store could not be opened");
            Phase::Unavailable(
                "The clinic's data could not be opened. The file was left as it is. Tell the administrator."
                    .into(),
            )
        }
    }
}

async fn vault_load(vault: KeyVault) -> Result<DbKey, KeyringError> {
    tokio::task::spawn_blocking(move || vault.load())
        .await
        .unwrap_or_else(|e| Err(KeyringError::Unavailable(e.to_string())))
}

async fn vault_save(vault: KeyVault, key: DbKey) -> Result<(), KeyringError> {
    tokio::task::spawn_blocking(move || vault.save(&key))
        .await
        .unwrap_or_else(|e| Err(KeyringError::Unavailable(e.to_string())))
}

/// Idle time before a session locks: the clinic's setting, or `ALHAYAT_IDLE_SECONDS`
/// (used by the end-to-end tests so they need not wait minutes).
fn idle_override() -> Option<Duration> {
    std::env::var("ALHAYAT_IDLE_SECONDS").ok()?.parse().ok().map(Duration::from_secs)
}

impl Clinic {
    /// Decides what the window shows first. Never creates a database over an existing
    /// file, and never writes to a file it cannot open.
    pub async fn start(data_dir: &Path, workstation: &str, demo: bool) -> Clinic {
        let clinic = Clinic {
            data_dir: data_dir.to_path_buf(),
            workstation: workstation.to_string(),
            demo,
            phase: RwLock::new(Phase::FirstRun { pending: None }),
            sessions: Sessions::new(Duration::from_secs(60 * u64::from(clinic::DEFAULT_IDLE_MINUTES))),
        };
        let phase = clinic.first_phase().await;
        *clinic.phase.write().await = phase;
        clinic
    }

    async fn first_phase(&self) -> Phase {
        if !db_path(&self.data_dir).exists() {
            return if self.demo { self.start_demo().await } else { Phase::FirstRun { pending: None } };
        }
        match vault_load(KeyVault::for_data_dir(&self.data_dir)).await {
            Ok(key) => self.open_phase(&key, OpenMode::APP).await,
            Err(KeyringError::Missing | KeyringError::Malformed) => {
                Phase::NeedsRecovery(RecoveryReason::KeyMissing)
            }
            Err(KeyringError::Unavailable(e)) => {
                tracing::warn!(error = %e, "keyring unavailable at start");
                Phase::NeedsRecovery(RecoveryReason::KeyringUnavailable)
            }
        }
    }

    async fn open_phase(&self, key: &DbKey, mode: OpenMode) -> Phase {
        match Store::open(&self.data_dir, key, mode).await {
            Ok(store) => {
                self.apply_settings(&store).await;
                Phase::Open(Arc::new(store))
            }
            Err(e) => open_error_phase(e),
        }
    }

    async fn apply_settings(&self, store: &Store) {
        let idle = match idle_override() {
            Some(d) => d,
            None => match clinic::settings(store).await {
                Ok(s) => Duration::from_secs(60 * u64::from(s.idle_lock_minutes)),
                Err(_) => return,
            },
        };
        self.sessions.set_idle(idle);
    }

    async fn start_demo(&self) -> Phase {
        let key = DbKey::generate();
        if let Err(e) = vault_save(KeyVault::for_data_dir(&self.data_dir), key.clone()).await {
            tracing::warn!(error = %e, "demo: keyring unavailable");
            return Phase::Unavailable(KEYRING_DOWN.into());
        }
        let phase = self.open_phase(&key, OpenMode::FIRST_RUN).await;
        if let Phase::Open(store) = &phase {
            if let Err(e) = crate::demo::seed(store, &self.workstation).await {
                return Phase::Unavailable(format!("The demo clinic could not be created: {e}"));
            }
        }
        phase
    }

    /// Closes the store (checkpointing the WAL) and lets go of the data folder; the
    /// window calls it on exit.
    pub async fn close(&self) {
        let mut phase = self.phase.write().await;
        if let Phase::Open(store) = &*phase {
            store.pool().close().await;
        }
        *phase = Phase::Unavailable("The clinic's data has been closed.".into());
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn workstation(&self) -> &str {
        &self.workstation
    }

    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    pub async fn status(&self) -> AppResult<AppStatus> {
        Ok(match &*self.phase.read().await {
            Phase::FirstRun { .. } => AppStatus::FirstRun,
            Phase::NeedsRecovery(reason) => {
                AppStatus::RecoveryNeeded { reason: *reason, backups: backup::list_backups(&self.data_dir) }
            }
            Phase::Damaged => AppStatus::Damaged { backups: backup::list_backups(&self.data_dir) },
            Phase::Unavailable(message) => AppStatus::Unavailable { message: message.clone() },
            Phase::Open(store) => match clinic::name(store).await? {
                Some(clinic_name) if staff::count(store).await? > 0 => AppStatus::Ready { clinic_name },
                _ => AppStatus::ClinicSetupNeeded,
            },
        })
    }

    /// The open store, once the window is past setup and recovery.
    pub async fn store(&self) -> AppResult<Arc<Store>> {
        match &*self.phase.read().await {
            Phase::Open(store) => Ok(store.clone()),
            _ => Err(AppError::locked("The clinic's data is not open yet.")),
        }
    }

    // ---- first run ----

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
        let admin = staff::check_new(&NewStaff {
            username: req.admin.username,
            full_name: req.admin.full_name,
            password: req.admin.password,
            roles: vec![auth::Role::Administrator],
        })
        .await?;
        let origin = staff::anonymous(&self.workstation);
        let mut tx = store.begin_write().await?;
        clinic::set_profile_in(tx.conn(), &req.clinic).await?;
        let id =
            staff::insert(tx.conn(), &admin.username, &admin.full_name, &admin.password_hash, &admin.roles)
                .await?;
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

    // ---- recovery ----

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

    // ---- sessions ----

    /// The store and the signed-in actor behind `token`. An idle session locks here,
    /// and the lock is audited, whatever the window did.
    pub async fn authorize(&self, token: &str) -> AppResult<(Arc<Store>, Actor)> {
        let store = self.store().await?;
        match self.sessions.touch(token, &self.workstation) {
            Ok(actor) => Ok((store, actor)),
            Err((state, newly_locked)) => {
                if let (SessionState::Locked, Some(staff_id)) = (&state, newly_locked) {
                    let origin = crate::audit::Origin {
                        staff_id: Some(staff_id),
                        workstation: self.workstation.clone(),
                    };
                    let mut tx = store.begin_write().await?;
                    tx.audit(origin.entry(AuditAction::Lock, "session", None, "idle")).await?;
                    tx.commit().await?;
                }
                Err(state_error(state))
            }
        }
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> AppResult<SignedIn> {
        let store = self.store().await?;
        auth::sign_in(&store, &self.sessions, &self.workstation, username, password).await
    }

    pub async fn unlock(&self, token: &str, password: &str) -> AppResult<SignedIn> {
        let store = self.store().await?;
        auth::unlock(&store, &self.sessions, &self.workstation, token, password).await
    }

    pub async fn lock(&self, token: &str) -> AppResult<()> {
        let store = self.store().await?;
        if let Some(staff_id) = self.sessions.lock(token) {
            let origin =
                crate::audit::Origin { staff_id: Some(staff_id), workstation: self.workstation.clone() };
            let mut tx = store.begin_write().await?;
            tx.audit(origin.entry(AuditAction::Lock, "session", None, "by hand")).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn sign_out(&self, token: &str) -> AppResult<()> {
        let store = self.store().await?;
        if let Some(staff_id) = self.sessions.end(token) {
            let origin =
                crate::audit::Origin { staff_id: Some(staff_id), workstation: self.workstation.clone() };
            let mut tx = store.begin_write().await?;
            tx.audit(origin.entry(AuditAction::SignOut, "session", None, "")).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn set_my_language(&self, token: &str, language: Language) -> AppResult<auth::Me> {
        let (store, actor) = self.authorize(token).await?;
        staff::set_language(&store, &actor, language).await?;
        auth::me(&store, actor.staff_id).await
    }

    pub async fn update_settings(
        &self,
        token: &str,
        s: clinic::ClinicSettings,
    ) -> AppResult<clinic::ClinicSettings> {
        let (store, actor) = self.authorize(token).await?;
        let saved = clinic::update_settings(&store, &actor, s).await?;
        if idle_override().is_none() {
            self.sessions.set_idle(Duration::from_secs(60 * u64::from(saved.idle_lock_minutes)));
        }
        Ok(saved)
    }

    pub async fn verify_audit(&self, token: &str) -> AppResult<crate::audit::VerifyReport> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(auth::Permission::VerifyAuditTrail)?;
        let report = crate::audit::verify(store.pool(), store.head().read().as_ref()).await?;
        let mut tx = store.begin_write().await?;
        let summary = match report.first_bad_seq {
            None => format!("ok, {} entries", report.entries_checked),
            Some(seq) => format!("broken at #{seq}"),
        };
        tx.audit(actor.origin().entry(AuditAction::AuditVerified, "audit_log", None, summary)).await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn list_audit(
        &self,
        token: &str,
        filter: crate::audit::AuditFilter,
    ) -> AppResult<crate::audit::AuditPage> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(auth::Permission::ViewAuditTrail)?;
        crate::audit::list(store.pool(), &filter).await
    }
}
