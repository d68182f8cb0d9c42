//! One integration-test binary (faster to link on two cores than many). Every test
//! runs on a real SQLCipher file in a temporary folder; the keyring tests talk to a
//! real Secret Service (run them through the README's test command).

mod support;

mod attachment_content;
mod audit_chain;
mod audit_reads;
mod backups;
mod billing;
mod catalogue;
mod cli;
mod commands;
mod csv_cells;
mod exports;
mod file_modes;
mod grants;
mod history;
mod idle_lock;
mod keyring_setup;
mod measures;
mod names;
mod notes;
mod patients;
mod pharmacy;
mod portability;
mod reminders;
pub mod retention;
mod rights;
mod scheduling;
mod secrets;
mod sessions;
mod store_file;
mod text_input;
mod timeline;
mod write_atomicity;
