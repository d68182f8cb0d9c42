//! FHIR R4 resources for a patient's record: a `collection` Bundle for the patient's
//! portability package, and one resource per line for bulk NDJSON. Pure: plain rows
//! in ([`data`]), JSON out. Each builder fills the elements R4 requires of its
//! resource; [`check`] proves that every reference resolves.
//!
//! Resource ids are UUIDs derived from the store's ids, so the same record keeps the
//! same id in every export and a reference is written without a lookup.

mod billing;
pub mod check;
mod clinical;
pub mod data;
pub mod deidentify;
mod documents;
mod people;
mod visits;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::clock::CLINIC_TZ;
pub use data::*;

/// Identifier systems of this clinic. Pakistan publishes no FHIR system for the MRN of
/// a private clinic nor for the CNIC, so these are the clinic's own, stable URIs.
pub const MRN_SYSTEM: &str = "urn:al-hayat-clinic:mrn";
pub const CNIC_SYSTEM: &str = "urn:pk:nadra:cnic";
pub const LOINC: &str = "http://loinc.org";
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
pub const INVOICE_SYSTEM: &str = "urn:al-hayat-clinic:invoice";

/// A resource of the export, by the store's id of what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    Patient(i64),
    Related(i64),
    Practitioner(i64),
    Organization,
    Appointment(i64),
    /// The visit of an attended appointment (the appointment's id).
    Encounter(i64),
    Condition(i64),
    Allergy(i64),
    Medication(i64),
    Dispensing(i64),
    Observation(i64),
    Consent(i64),
    Note(i64),
    Attachment(i64),
    Invoice(i64),
    /// One line of an invoice.
    ChargeItem(i64),
}

impl Ref {
    pub fn resource_type(self) -> &'static str {
        match self {
            Ref::Patient(_) => "Patient",
            Ref::Related(_) => "RelatedPerson",
            Ref::Practitioner(_) => "Practitioner",
            Ref::Organization => "Organization",
            Ref::Appointment(_) => "Appointment",
            Ref::Encounter(_) => "Encounter",
            Ref::Condition(_) => "Condition",
            Ref::Allergy(_) => "AllergyIntolerance",
            Ref::Medication(_) => "MedicationStatement",
            Ref::Dispensing(_) => "MedicationDispense",
            Ref::Observation(_) => "Observation",
            Ref::Consent(_) => "Consent",
            Ref::Note(_) | Ref::Attachment(_) => "DocumentReference",
            Ref::Invoice(_) => "Invoice",
            Ref::ChargeItem(_) => "ChargeItem",
        }
    }

    fn seed(self) -> (&'static str, i64) {
        match self {
            Ref::Patient(id) => ("patient", id),
            Ref::Related(id) => ("related", id),
            Ref::Practitioner(id) => ("staff", id),
            Ref::Organization => ("clinic", 1),
            Ref::Appointment(id) => ("appointment", id),
            Ref::Encounter(id) => ("encounter", id),
            Ref::Condition(id) => ("condition", id),
            Ref::Allergy(id) => ("allergy", id),
            Ref::Medication(id) => ("medication", id),
            Ref::Dispensing(id) => ("dispensing", id),
            Ref::Observation(id) => ("measure", id),
            Ref::Consent(id) => ("consent", id),
            Ref::Note(id) => ("note", id),
            Ref::Attachment(id) => ("attachment", id),
            Ref::Invoice(id) => ("invoice", id),
            Ref::ChargeItem(id) => ("invoice_line", id),
        }
    }

    /// A name-based UUID (RFC 9562 version 8) of the kind and id.
    pub fn uuid(self) -> String {
        let (kind, id) = self.seed();
        uuid_of(Sha256::digest(format!("al-hayat:{kind}:{id}")).into())
    }
}

/// A version 8 UUID made of the first 16 bytes of a hash.
fn uuid_of(mut h: [u8; 32]) -> String {
    h[6] = (h[6] & 0x0f) | 0x80;
    h[8] = (h[8] & 0x3f) | 0x80;
    let x = hex::encode(&h[..16]);
    format!("{}-{}-{}-{}-{}", &x[..8], &x[8..12], &x[12..16], &x[16..20], &x[20..32])
}

/// How references are written: to a bundle entry's `urn:uuid:` full URL, or to
/// `Type/id` as bulk NDJSON files (FHIR Bulk Data) refer to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Bundle,
    Bulk,
}

impl Links {
    pub fn to(self, r: Ref) -> Value {
        match self {
            Links::Bundle => json!({ "reference": format!("urn:uuid:{}", r.uuid()) }),
            Links::Bulk => json!({ "reference": format!("{}/{}", r.resource_type(), r.uuid()) }),
        }
    }
}

/// The resource's `resourceType` and `id`, then its own elements.
fn resource(r: Ref, body: Value) -> Value {
    let mut out = json!({ "resourceType": r.resource_type(), "id": r.uuid() });
    if let (Value::Object(out), Value::Object(body)) = (&mut out, body) {
        out.extend(body.into_iter().filter(|(_, v)| !v.is_null()));
    }
    out
}

/// A stored UTC instant as a FHIR `instant`/`dateTime` in clinic time (`+05:00`).
/// Unreadable text gives `None`, and the element is left out rather than invalid.
pub fn instant(stored: &str) -> Option<String> {
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339(stored).ok()?.with_timezone(&Utc);
    Some(t.with_timezone(&CLINIC_TZ).to_rfc3339_opts(SecondsFormat::Secs, false))
}

/// A stored day, month or year (`YYYY[-MM[-DD]]`) as a FHIR `date`, if it is one.
pub fn partial_date(stored: &str) -> Option<String> {
    let s = stored.trim();
    let ok = match s.len() {
        4 => s.parse::<u16>().is_ok(),
        7 => chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok(),
        10 => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        _ => false,
    };
    ok.then(|| s.to_string())
}

fn text(t: &str) -> Value {
    json!({ "text": t })
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code, "display": display }], "text": display })
}

/// Every resource of one patient's record, patient first. The clinic and the staff
/// the record refers to are not included: a bundle adds them once, bulk export once
/// for all patients.
pub fn patient_resources(r: &PatientRecord, links: Links) -> Vec<Value> {
    let p = r.patient.id;
    let mut out = vec![people::patient(&r.patient, links)];
    out.extend(r.related.iter().map(|x| people::related_person(p, x, links)));
    for a in &r.appointments {
        out.push(visits::appointment(p, a, links));
        if a.attended() {
            out.push(visits::encounter(p, a, links));
        }
    }
    out.extend(r.conditions.iter().map(|x| clinical::condition(p, x, links)));
    out.extend(r.allergies.iter().map(|x| clinical::allergy(p, x, links)));
    out.extend(r.medications.iter().map(|x| clinical::medication_statement(p, x, links)));
    out.extend(r.dispensings.iter().map(|x| clinical::dispense(p, x, links)));
    let attended: Vec<i64> = r.appointments.iter().filter(|a| a.attended()).map(|a| a.id).collect();
    let visit = |appointment: Option<i64>| appointment.filter(|id| attended.contains(id));
    out.extend(r.measures.iter().map(|x| clinical::observation(p, x, visit(x.appointment_id), links)));
    out.extend(r.consents.iter().map(|x| clinical::consent(p, x, links)));
    out.extend(r.notes.iter().map(|x| documents::note(p, x, visit(x.appointment_id), links)));
    out.extend(r.attachments.iter().map(|x| documents::attachment(p, x, links, links == Links::Bundle)));
    for inv in &r.invoices {
        out.push(billing::invoice(p, inv, links));
        out.extend(inv.lines.iter().map(|l| billing::charge_item(p, inv, l, visit(l.appointment_id), links)));
    }
    out
}

pub fn organization(c: &ClinicRow) -> Value {
    people::organization(c)
}

/// `name`: `None` in a de-identified export.
pub fn practitioner(id: i64, name: Option<&str>) -> Value {
    people::practitioner(id, name)
}

/// The patient's record as a FHIR R4 `collection` Bundle, with the clinic and every
/// member of staff it refers to.
pub fn bundle(r: &PatientRecord, clinic: &ClinicRow, staff: &StaffNames, at: DateTime<Utc>) -> Value {
    let mut resources = patient_resources(r, Links::Bundle);
    resources.push(organization(clinic));
    for id in r.staff_ids() {
        let name = staff.get(&id).map_or("Clinic staff", String::as_str);
        resources.push(practitioner(id, Some(name)));
    }
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|res| {
            let full_url = format!("urn:uuid:{}", res["id"].as_str().unwrap_or_default());
            json!({ "fullUrl": full_url, "resource": res })
        })
        .collect();
    json!({
        "resourceType": "Bundle",
        "id": Ref::Patient(r.patient.id).uuid(),
        "type": "collection",
        "timestamp": instant(&crate::clock::utc_text(at)),
        "entry": entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids_that_differ_by_kind() {
        let a = Ref::Note(7).uuid();
        assert_eq!(a, Ref::Note(7).uuid());
        assert_ne!(a, Ref::Attachment(7).uuid());
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
    }

    #[test]
    fn times_carry_the_clinic_offset_and_bad_dates_are_left_out() {
        assert_eq!(instant("2026-11-02T05:00:00Z").as_deref(), Some("2026-11-02T10:00:00+05:00"));
        assert_eq!(instant("yesterday"), None);
        assert_eq!(partial_date("2025-03").as_deref(), Some("2025-03"));
        assert_eq!(partial_date("2025"), Some("2025".into()));
        assert_eq!(partial_date("2025-13"), None);
        assert_eq!(partial_date("spring 2025"), None);
    }
}
