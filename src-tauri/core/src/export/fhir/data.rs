//! What the FHIR, CSV and record writers are given: one patient's whole record as
//! plain rows, read by `portability` in one transaction. Instants are stored UTC text
//! (`YYYY-MM-DDTHH:MM:SSZ`), days `YYYY-MM-DD`, as in the store.

use std::collections::HashMap;

use crate::catalogue::Discipline;
use crate::measures::{Activity, Band, Instrument};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicRow {
    pub name: String,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientRow {
    pub id: i64,
    pub mrn: String,
    pub full_name: String,
    pub name_ur: Option<String>,
    pub relative_name: Option<String>,
    pub birth_date: String,
    pub birth_date_estimated: bool,
    /// female, male, other, unknown.
    pub sex: String,
    pub cnic: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    /// en or ur.
    pub preferred_language: String,
    pub insurance_payer: Option<String>,
    pub insurance_policy: Option<String>,
    pub reception_note: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedRow {
    pub id: i64,
    /// guardian or emergency_contact.
    pub kind: String,
    pub name: String,
    pub relationship: String,
    pub cnic: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    pub id: i64,
    pub practitioner_id: i64,
    pub service: String,
    pub discipline: Discipline,
    pub room: String,
    pub starts_at: String,
    pub ends_at: String,
    /// booked, arrived, in_session, completed, cancelled, no_show.
    pub status: String,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub arrived_at: Option<String>,
}

impl AppointmentRow {
    /// The patient came: the visit is an encounter.
    pub fn attended(&self) -> bool {
        matches!(self.status.as_str(), "arrived" | "in_session" | "completed")
    }
}

/// An issued (or voided) invoice or credit note; drafts are not part of the record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceRow {
    pub id: i64,
    /// invoice or credit_note.
    pub kind: String,
    /// issued or void.
    pub status: String,
    pub number: String,
    pub issued_at: String,
    pub subtotal_paisa: i64,
    pub discount_paisa: i64,
    pub total_paisa: i64,
    /// What payments applied to it, net of releases.
    pub paid_paisa: i64,
    pub void_reason: Option<String>,
    pub lines: Vec<InvoiceLineRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLineRow {
    pub id: i64,
    pub position: i64,
    pub description: String,
    pub quantity: i64,
    pub total_paisa: i64,
    pub appointment_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionRow {
    pub id: i64,
    pub description: String,
    pub icd10: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub onset: Option<String>,
    /// active or resolved.
    pub status: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllergyRow {
    pub id: i64,
    pub substance: String,
    pub reaction: Option<String>,
    /// mild, moderate, severe, unknown.
    pub severity: String,
    /// active or inactive.
    pub status: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MedicationRow {
    pub id: i64,
    pub name: String,
    pub strength: Option<String>,
    pub dose: Option<String>,
    pub route: Option<String>,
    pub frequency: Option<String>,
    pub starts_on: Option<String>,
    pub stops_on: Option<String>,
    pub prescriber: Option<String>,
    pub current: bool,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispensingRow {
    pub id: i64,
    pub item: String,
    pub generic_name: String,
    pub strength: String,
    pub form: String,
    pub batch_no: String,
    pub quantity: i64,
    pub instructions: String,
    pub dispensed_by: i64,
    pub dispensed_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    pub id: i64,
    pub instrument: Instrument,
    pub items: Vec<u8>,
    pub activities: Vec<Activity>,
    pub total: f64,
    pub band: Option<Band>,
    pub risk: bool,
    pub taken_on: String,
    pub appointment_id: Option<i64>,
    pub recorded_by: i64,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
    pub id: i64,
    /// treatment, reminders_sms … parental.
    pub purpose: String,
    pub given_by: String,
    /// in_person, written, phone.
    pub method: String,
    pub given_at: String,
    pub withdrawn_at: Option<String>,
}

/// A signed note: drafts are not yet part of the record (as in the record copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    pub id: i64,
    pub discipline: Discipline,
    pub template: String,
    pub author_id: i64,
    pub appointment_id: Option<i64>,
    pub created_at: String,
    pub signed_at: String,
    pub amends: Option<i64>,
    pub amend_reason: Option<String>,
    /// The note that corrects this one.
    pub amended_by: Option<i64>,
    /// Section titles and their text in the template's order, blank ones left out.
    pub sections: Vec<(String, String)>,
}

impl NoteRow {
    /// The note as plain text: each section's title, then its text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (title, text) in &self.sections {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(title);
            out.push('\n');
            out.push_str(text);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub discipline: Option<Discipline>,
    pub uploaded_by: i64,
    pub uploaded_at: String,
}

impl AttachmentRow {
    /// Where the file sits inside a portability package.
    pub fn package_path(&self) -> String {
        let safe: String = self
            .file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '-' })
            .collect();
        format!("attachments/{}-{}", self.id, safe.trim_start_matches('.'))
    }
}

/// One patient's whole record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PatientRecord {
    pub patient: PatientRow,
    pub related: Vec<RelatedRow>,
    pub appointments: Vec<AppointmentRow>,
    pub conditions: Vec<ConditionRow>,
    pub allergies: Vec<AllergyRow>,
    pub medications: Vec<MedicationRow>,
    pub dispensings: Vec<DispensingRow>,
    pub measures: Vec<MeasureRow>,
    pub consents: Vec<ConsentRow>,
    pub notes: Vec<NoteRow>,
    pub attachments: Vec<AttachmentRow>,
    pub invoices: Vec<InvoiceRow>,
}

impl PatientRecord {
    /// The staff this record refers to, each once, in order.
    pub fn staff_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = (self.appointments.iter().map(|a| a.practitioner_id))
            .chain(self.notes.iter().map(|n| n.author_id))
            .chain(self.measures.iter().map(|m| m.recorded_by))
            .chain(self.dispensings.iter().map(|d| d.dispensed_by))
            .chain(self.attachments.iter().map(|a| a.uploaded_by))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Staff names by id, for Practitioner resources and the CSV and PDF copies.
pub type StaffNames = HashMap<i64, String>;
