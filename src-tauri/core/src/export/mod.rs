//! Export writers: plain data in, bytes out. Nothing here reads the database, so the
//! writers are quick to test and easy to replace.

pub mod access_report;
pub mod csv_table;
pub mod fhir;
pub mod ics;
pub mod letter;
pub mod pdf;
pub mod receipt;
pub mod record;
pub mod slip;
pub mod tables;
pub mod z_report;
