//! The commands that stay with the window, as `#[tauri::command]`s. Every other
//! command is declared once in the core (`alhayat_core::commands`) and served from
//! there, to this window and to the clinic server's desks alike.
//!
//! Here, and why:
//! - `setup`: first run, key recovery and restore with the recovery key act on this
//!   PC's own store and keyring, before anyone can sign in.
//! - the rest save a file in this PC's Downloads, stream progress to this window
//!   (`Channel`), or carry an attachment's raw bytes; to be served remotely they must
//!   first return their bytes from the core and save them here.

pub mod history;
pub mod measures;
pub mod portability;
pub mod receipts;
pub mod reminders;
pub mod retention;
pub mod rights;
pub mod scheduling;
pub mod setup;
pub mod takings;

/// The window's own commands, for `tauri::generate_handler!`.
#[macro_export]
macro_rules! all_commands {
    () => {
        tauri::generate_handler![
            $crate::commands::history::upload_attachment,
            $crate::commands::history::open_attachment,
            $crate::commands::measures::export_record_pdf,
            $crate::commands::portability::export_fhir_bulk,
            $crate::commands::portability::cancel_export,
            $crate::commands::receipts::invoice_pdf,
            $crate::commands::receipts::receipt_pdf,
            $crate::commands::reminders::export_reminders_csv,
            $crate::commands::retention::process_retention_review,
            $crate::commands::rights::export_rights_letter,
            $crate::commands::rights::fulfil_access_request,
            $crate::commands::rights::fulfil_portability_request,
            $crate::commands::rights::fulfil_deletion_request,
            $crate::commands::scheduling::print_slip,
            $crate::commands::scheduling::export_practitioner_ics,
            $crate::commands::setup::app_status,
            $crate::commands::setup::begin_setup,
            $crate::commands::setup::confirm_recovery_key,
            $crate::commands::setup::complete_setup,
            $crate::commands::setup::recover_with_key,
            $crate::commands::setup::restore_with_recovery_key,
            $crate::commands::takings::z_report_pdf,
            $crate::commands::takings::export_takings_csv,
            $crate::commands::takings::export_aged_balances_csv,
            $crate::commands::takings::export_monthly_revenue_csv,
        ]
    };
}
