//! The application core behind every front (the Tauri window, the command line):
//! finds and opens the store, walks first-run setup and key recovery, and hands
//! signed-in callers the store together with who they are. Knows nothing of Tauri.

mod backups;
mod recovery;
mod restore;
mod sessions;
mod setup;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use ts_rs::TS;

use crate::auth::uptime::{SystemUptime, Uptime};
use crate::auth::Sessions;
use crate::clinic::{self, ClinicProfileInput};
use crate::error::{AppError, AppResult};
use crate::staff;
use crate::store::backup::{self, BackupFile};
use crate::store::key::DbKey;
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
    /// The copies taken when the last person signs out, which run on without them.
    /// Closing waits for them: each holds the store, and with it the data folder's lock.
    sign_out_backups: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

const READ_ONLY: &str = "The clinic's data folder cannot be written to, so nothing could be saved. Ask IT to give this computer's user write access to the folder, then try again.";
const IN_USE: &str = "Al-Hayat Clinic is already open on this computer with the same data. Use the window that is already open, or close it and try again.";
const NOT_THE_DEMO: &str = "This data folder holds a real clinic, not the demo, so the demo does not open it. Start the app without --demo (and without ALHAYAT_DEMO) to use this clinic, or choose another data folder for the demo.";
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
/// (used by the end-to-end tests so they need not wait minutes). A release build
/// ignores the variable: nobody can stretch a clinic's idle lock from outside the app.
fn idle_override() -> Option<Duration> {
    if cfg!(debug_assertions) {
        std::env::var("ALHAYAT_IDLE_SECONDS").ok()?.parse().ok().map(Duration::from_secs)
    } else {
        None
    }
}

impl Clinic {
    /// Decides what the window shows first. Never creates a database over an existing
    /// file, and never writes to a file it cannot open.
    pub async fn start(data_dir: &Path, workstation: &str, demo: bool) -> Clinic {
        Self::start_with_clock(data_dir, workstation, demo, Arc::new(SystemUptime::new())).await
    }

    /// As [`Clinic::start`], with sessions timed on `clock` (tests move it by hand).
    pub async fn start_with_clock(
        data_dir: &Path,
        workstation: &str,
        demo: bool,
        clock: Arc<dyn Uptime>,
    ) -> Clinic {
        crate::owner_only::prepare_data_dir(data_dir);
        let idle = Duration::from_secs(60 * u64::from(clinic::DEFAULT_IDLE_MINUTES));
        let clinic = Clinic {
            data_dir: data_dir.to_path_buf(),
            workstation: workstation.to_string(),
            demo,
            phase: RwLock::new(Phase::FirstRun { pending: None }),
            sessions: Sessions::with_clock(idle, clock),
            sign_out_backups: std::sync::Mutex::new(Vec::new()),
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
            Ok(key) => self.refuse_real_clinic_in_demo(self.open_phase(&key, OpenMode::APP).await).await,
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

    /// `--demo` opens only a clinic the demo made: a real clinic's folder, reached by
    /// mistake with the demo's flag, is left closed.
    async fn refuse_real_clinic_in_demo(&self, phase: Phase) -> Phase {
        if !self.demo {
            return phase;
        }
        match &phase {
            Phase::Open(store) => match clinic::is_demo(store).await {
                Ok(true) => phase,
                Ok(false) => {
                    store.pool().close().await;
                    Phase::Unavailable(NOT_THE_DEMO.into())
                }
                Err(e) => {
                    tracing::error!(error = %e, "could not tell whether the store is the demo's");
                    store.pool().close().await;
                    Phase::Unavailable(NOT_THE_DEMO.into())
                }
            },
            _ => phase,
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
        let running = std::mem::take(&mut *self.sign_out_backups.lock().unwrap_or_else(|e| e.into_inner()));
        for backup in running {
            let _ = backup.await;
        }
        let mut phase = self.phase.write().await;
        if let Phase::Open(store) = &*phase {
            store.close_pool().await;
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
}
