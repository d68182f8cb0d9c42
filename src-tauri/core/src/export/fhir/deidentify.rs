//! De-identified records for a statistics export. What is kept is what anonymisation
//! keeps for statistics (`retention::anonymise`): sex, the year of birth, dates,
//! services, statuses, codes, scores and items. What goes is every identifier (name,
//! CNIC, MRN, phones, e-mail, address, insurance, relatives), staff names, and all free
//! text, since people write names into it: notes and attachments, consents (given by
//! named people), condition descriptions (the ICD-10 code stays), typed onsets, allergy
//! reactions, prescribers, dispensing instructions, cancellation reasons and PSFS
//! activities (the patient's own words; their scores stay in order).
//!
//! Resource ids are the store's ids hashed with a public seed (`Ref::uuid`), so anyone
//! could work a patient's id back from them; a statistics export hashes them again with
//! a key made for that export and then forgotten, so its ids link its resources to each
//! other and to nothing else — not to the store, not to another export.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::data::{AppointmentRow, ConditionRow, MeasureRow, PatientRecord, PatientRow};
use super::partial_date;
use crate::measures::Activity;

/// The statistics view of one patient's record.
pub fn for_statistics(r: &PatientRecord) -> PatientRecord {
    let p = &r.patient;
    PatientRecord {
        patient: PatientRow {
            id: p.id,
            birth_date: p.birth_date.get(..4).unwrap_or_default().to_string(),
            sex: p.sex.clone(),
            preferred_language: p.preferred_language.clone(),
            ..PatientRow::default()
        },
        related: Vec::new(),
        appointments: r
            .appointments
            .iter()
            .map(|a| AppointmentRow { cancel_reason: None, ..a.clone() })
            .collect(),
        conditions: r
            .conditions
            .iter()
            .map(|c| ConditionRow {
                description: match &c.icd10 {
                    Some(code) => format!("ICD-10 {code}"),
                    None => "Description removed".into(),
                },
                onset: c.onset.as_deref().and_then(partial_date),
                ..c.clone()
            })
            .collect(),
        allergies: r.allergies.iter().map(|a| super::AllergyRow { reaction: None, ..a.clone() }).collect(),
        medications: r
            .medications
            .iter()
            .map(|m| super::MedicationRow { prescriber: None, ..m.clone() })
            .collect(),
        dispensings: r
            .dispensings
            .iter()
            .map(|d| super::DispensingRow { instructions: String::new(), ..d.clone() })
            .collect(),
        measures: r
            .measures
            .iter()
            .map(|m| MeasureRow {
                activities: (m.activities.iter().zip(1..))
                    .map(|(a, n)| Activity { activity: format!("Activity {n}"), score: a.score })
                    .collect(),
                ..m.clone()
            })
            .collect(),
        consents: Vec::new(),
        notes: Vec::new(),
        attachments: Vec::new(),
        // What a patient paid is no statistic of care, and invoice numbers identify.
        invoices: Vec::new(),
    }
}

/// Ids of one statistics export: a random key, kept in memory for the export only.
pub struct Pseudonyms([u8; 32]);

impl Pseudonyms {
    pub fn fresh() -> Pseudonyms {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source is available");
        Pseudonyms(key)
    }

    fn id(&self, id: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update(id.as_bytes());
        super::uuid_of(h.finalize().into())
    }

    /// Gives the resource, and every reference in it, this export's ids.
    pub fn apply(&self, resource: &mut Value) {
        if let Some(Value::String(id)) = resource.get_mut("id") {
            *id = self.id(id);
        }
        self.references(resource);
    }

    fn references(&self, v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    match (k.as_str(), child) {
                        ("reference", Value::String(r)) => {
                            if let Some((kind, id)) = r.split_once('/') {
                                *r = format!("{kind}/{}", self.id(id));
                            }
                        }
                        (_, child) => self.references(child),
                    }
                }
            }
            Value::Array(list) => list.iter_mut().for_each(|c| self.references(c)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::export::fhir::{patient_resources, Links, Ref};

    #[test]
    fn nothing_that_names_the_patient_is_left() {
        let r = PatientRecord {
            patient: PatientRow {
                id: 7,
                mrn: "AH-000007".into(),
                full_name: "Amna Riaz".into(),
                relative_name: Some("Riaz Ahmed".into()),
                birth_date: "1990-04-17".into(),
                sex: "female".into(),
                cnic: Some("35202-1234567-1".into()),
                phone: Some("+92 300 1234567".into()),
                address: Some("12 Mall Road".into()),
                city: Some("Lahore".into()),
                preferred_language: "ur".into(),
                reception_note: Some("prefers mornings".into()),
                ..PatientRow::default()
            },
            ..PatientRecord::default()
        };
        let s = for_statistics(&r);
        let text = serde_json::to_string(&patient_resources(&s, Links::Bulk)).unwrap();
        for gone in
            ["AH-000007", "Amna", "Riaz", "35202", "300 1234567", "Mall Road", "Lahore", "mornings", "04-17"]
        {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
        assert!(text.contains("\"birthDate\":\"1990\"") && text.contains("\"gender\":\"female\""), "{text}");
    }

    #[test]
    fn ids_are_hashed_again_with_a_key_of_the_export() {
        let (a, b) = (Pseudonyms::fresh(), Pseudonyms::fresh());
        let patient = Ref::Patient(7).uuid();
        let mut res = json!({ "id": Ref::Appointment(3).uuid(), "participant": [
            { "actor": { "reference": format!("Patient/{patient}") } }
        ]});
        let mut again = res.clone();
        a.apply(&mut res);
        b.apply(&mut again);
        let to = |r: &Value| r["participant"][0]["actor"]["reference"].as_str().unwrap().to_string();
        assert_eq!(to(&res), format!("Patient/{}", a.id(&patient)), "references follow the ids");
        assert!(
            !to(&res).contains(&patient) && to(&res) != to(&again),
            "no link to the store or another export"
        );
        assert_eq!(res["id"].as_str().unwrap().len(), 36);
    }
}
