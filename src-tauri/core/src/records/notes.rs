//! Session notes (privacy policy 2.2, 7): written in a template's sections, saved as a
//! draft while the therapist types, signed once and then never changed. A correction
//! is a new note that amends the signed one, with a reason; both stay readable.
//!
//! Every call works out the actor's [`Sight`](super::Sight) of the patient first: a
//! note of a discipline the actor may not read is refused, not only hidden.

mod content;
mod drafting;
mod reading;
mod rows;

pub use content::{check_content, MAX_NOTE_CHARS};
pub use drafting::{amend_note, discard_draft, my_drafts, save_draft, sign_note, start_note};
pub use reading::{get_note, latest_note, notes_of, visible_note_summaries, visible_notes};

use serde::Serialize;
use ts_rs::TS;

use super::access::Discipline;
use super::templates::SectionKind;

/// A note is a draft until its author signs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoteStatus {
    Draft,
    Signed,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Draft => "draft",
            NoteStatus::Signed => "signed",
        }
    }
}

/// One note in a list: who wrote it, when, in which template, and how it stands in
/// its amendment chain. No clinical content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NoteSummary {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    #[ts(type = "number")]
    pub template_id: i64,
    pub template_name: String,
    pub discipline: Discipline,
    #[ts(type = "number")]
    pub author_id: i64,
    pub author_name: String,
    pub status: NoteStatus,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    /// The last autosave (or the signing).
    pub updated_at: String,
    pub signed_at: Option<String>,
    /// The signed note this one corrects.
    #[ts(type = "number | null")]
    pub amends: Option<i64>,
    pub amend_reason: Option<String>,
    /// The signed note that corrects this one: shown as "amended".
    #[ts(type = "number | null")]
    pub amended_by: Option<i64>,
}

/// One section of a note, in the template's order, with the template's title.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NoteSection {
    pub key: String,
    pub title: String,
    pub kind: SectionKind,
    /// Empty when the section was left blank.
    pub text: String,
}

/// A whole note: its sections and its amendment chain.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Note {
    pub summary: NoteSummary,
    pub sections: Vec<NoteSection>,
    /// SHA-256 of the stored content, fixed at signing.
    pub content_sha256: Option<String>,
    /// Every version of this note the reader may see, oldest first, this one included:
    /// the original, its amendments, and the reader's own correction in progress.
    pub versions: Vec<NoteSummary>,
}

/// What an autosave answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DraftSaved {
    #[ts(type = "number")]
    pub note_id: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub saved_at: String,
}
