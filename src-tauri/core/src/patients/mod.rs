//! Patients: registration with the under-13 rule, duplicate checks, edits that keep
//! their history, consents, and the search box at the front desk.

mod consents;
mod duplicates;
pub mod fields;
mod objections;
mod record;
mod search;

pub use consents::{record_consent, withdraw_consent, Consent, ConsentInput, ConsentMethod, ConsentPurpose};
pub use duplicates::find_duplicates;
pub(crate) use objections::insert_objection;
pub use objections::{
    objections, objects_to, record_objection, withdraw_objection, Objection, ObjectionPurpose,
};
pub use record::{get, register, update, Patient, PatientInput, RelatedPerson, RelatedPersonInput, Sex};
pub use search::{search, PatientSummary};

use chrono::NaiveDate;

/// Below this age a patient is registered only with a guardian and a recorded
/// parental consent (privacy policy 10).
pub const CHILD_UNDER: u32 = 13;

/// Today's date at the clinic.
pub fn clinic_today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&crate::clock::CLINIC_TZ).date_naive()
}
