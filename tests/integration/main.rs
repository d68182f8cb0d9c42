//! One integration-test binary (faster to link on two cores than many). Every test
//! runs on a real SQLCipher file in a temporary folder; the keyring tests talk to a
//! real Secret Service (run them through the README's test command).

mod support;

mod audit_chain;
mod audit_reads;
mod catalogue;
mod cli;
mod exports;
mod history;
mod keyring_setup;
mod measures;
mod notes;
mod patients;
mod pharmacy;
mod portability;
mod reminders;
pub mod retention;
mod rights;
mod scheduling;
mod sessions;
mod store_file;
mod timeline;
mod write_atomicity;
