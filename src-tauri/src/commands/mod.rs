//! The commands that stay with the window, as `#[tauri::command]`s. Every other
//! command is declared once in the core (`alhayat_core::commands`) and served from
//! there, to this window and to the clinic server's desks alike.
//!
//! Here, and why:
//! - `setup`: first run, key recovery and restore with the recovery key act on this
//!   PC's own store and keyring, before anyone can sign in.
//! - the rest stream progress to this window (`Channel`), carry an attachment's raw
//!   bytes, or save several files while they fulfil a request; to be served to desks
//!   they must first return their bytes from the core, as the core's `files:` commands
//!   do, and be saved here.

pub mod history;
pub mod portability;
pub mod retention;
pub mod rights;
pub mod setup;

/// The window's own commands, for `tauri::generate_handler!`.
#[macro_export]
macro_rules! all_commands {
    () => {
        tauri::generate_handler![
            $crate::commands::history::upload_attachment,
            $crate::commands::history::open_attachment,
            $crate::commands::portability::export_fhir_bulk,
            $crate::commands::portability::cancel_export,
            $crate::commands::retention::process_retention_review,
            $crate::commands::rights::fulfil_access_request,
            $crate::commands::rights::fulfil_portability_request,
            $crate::commands::rights::fulfil_deletion_request,
            $crate::commands::setup::app_status,
            $crate::commands::setup::begin_setup,
            $crate::commands::setup::confirm_recovery_key,
            $crate::commands::setup::complete_setup,
            $crate::commands::setup::recover_with_key,
            $crate::commands::setup::restore_with_recovery_key,
        ]
    };
}
