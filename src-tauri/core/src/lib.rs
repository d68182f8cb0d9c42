//! Al-Hayat Clinic's core: the store, the services, the exports and the command line,
//! with no dependency on Tauri or a webview, so the same rules serve the window, the
//! command line and the clinic server.
//!
//! Layers (data flows one way): callers (the window's commands, the CLI) → services
//! (`staff`, `clinic`, `audit`, `auth`, … via the `app::Clinic` core) → `store`.

pub mod app;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod billing;
pub mod catalogue;
pub mod cli;
pub mod clinic;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod downloads;
pub mod error;
pub mod export;
pub mod measures;
pub mod owner_only;
pub mod patients;
pub mod pharmacy;
pub mod portability;
pub mod records;
pub mod reminders;
pub mod retention;
pub mod rights;
pub mod scheduling;
pub mod staff;
pub mod store;
pub mod validate;

use std::path::{Path, PathBuf};

/// `ALHAYAT_DATA_DIR` when set (tests, the demo), else the platform's app-data folder.
pub fn data_dir(platform_default: Option<PathBuf>) -> PathBuf {
    match std::env::var_os("ALHAYAT_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => platform_default.unwrap_or_else(|| PathBuf::from(".")),
    }
}

pub fn workstation_name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// Logs go to `logs/alhayat.log` in the data folder. They carry ids, kinds and
/// timings, never patient data.
pub fn init_logging(data_dir: &Path) {
    let dir = data_dir.join("logs");
    let file = owner_only::create_dir_all(&dir).and_then(|()| owner_only::append(&dir.join("alhayat.log")));
    let filter = tracing_subscriber::EnvFilter::try_from_env("ALHAYAT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false);
    let _ = match file {
        Ok(f) => builder.with_writer(std::sync::Mutex::new(f)).try_init(),
        Err(_) => builder.with_writer(std::io::stderr).try_init(),
    };
}
