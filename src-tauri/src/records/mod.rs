//! The clinical record (privacy policy 2.2, 4.1, 5.1): who may see which part of it,
//! session notes, medical history and attachments, the treatment timeline, and the
//! record as a PDF.

pub mod access;
mod attachments;
mod emergency;
mod history;
mod notes;
mod record_pdf;
mod templates;
mod timeline;

pub use access::{Discipline, Part, Sight, EMERGENCY_FOR};
// notes, templates, emergency access:
// history, attachments:
// timeline, record PDF:
