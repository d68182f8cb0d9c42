//! The clinical record (privacy policy 2.2, 4.1, 5.1): who may see which part of it,
//! session notes, medical history and attachments, the treatment timeline, and the
//! record as a PDF.

pub mod access;
mod attachment_content;
mod attachments;
mod emergency;
mod history;
mod notes;
mod record_pdf;
mod shared;
mod templates;
mod timeline;

pub use access::{Discipline, Part, Sight, EMERGENCY_FOR};
// notes, templates, emergency access:
pub use emergency::{break_glass, emergency_status, EmergencyGrant};
pub use notes::{
    amend_note, check_content, discard_draft, get_note, latest_note, my_drafts, notes_of, save_draft,
    sign_note, start_note, visible_note_summaries, visible_notes, DraftSaved, Note, NoteSection, NoteStatus,
    NoteSummary, MAX_NOTE_CHARS,
};
pub use templates::{
    add_note_template, check_template, note_templates, set_note_template_active, NoteTemplate, SectionKind,
    TemplateInput, TemplateSection,
};
// history, attachments:
pub use attachment_content::{check_image, check_pdf, ActiveContent, Refusal};
pub use attachments::{
    attachments_for, list_attachments, open_attachment, upload_attachment, Attachment, AttachmentContent,
    AttachmentType, AttachmentUpload, MAX_ATTACHMENT_BYTES,
};
pub(crate) use history::{active_allergies, require_patient};
pub use history::{
    add_allergy, add_condition, add_medication, history_for, history_of, update_allergy, update_condition,
    update_medication, Allergy, AllergyInput, AllergySeverity, AllergyStatus, ClinicalChange, Condition,
    ConditionInput, ConditionStatus, History, Medication, MedicationInput,
};
// timeline, record PDF:
pub use record_pdf::{record_pdf, ExportPurpose};
pub use shared::{chart_disclosures, ChartDisclosure, DisclosureDetails};
pub use timeline::{timeline, EntryKind, TimelineEntry, TimelineItem, TimelinePage, TimelineQuery};
