//! Condition, AllergyIntolerance, MedicationStatement, MedicationDispense, Observation
//! (outcome measures) and Consent.

use serde_json::{json, Value};

use super::{
    coding, instant, partial_date, resource, text, AllergyRow, ConditionRow, ConsentRow, DispensingRow,
    Links, MeasureRow, MedicationRow, Ref, ICD10, LOINC,
};
use crate::measures::Instrument;

const TERMINOLOGY: &str = "http://terminology.hl7.org/CodeSystem";

fn status(system: &str, code: &str) -> Value {
    json!({ "coding": [{ "system": format!("{TERMINOLOGY}/{system}"), "code": code }] })
}

pub fn condition(patient: i64, c: &ConditionRow, links: Links) -> Value {
    let code = match &c.icd10 {
        Some(icd) => json!({
            "coding": [{ "system": ICD10, "code": icd, "display": c.description }],
            "text": c.description,
        }),
        None => text(&c.description),
    };
    let onset = c.onset.as_deref();
    let clinical = if c.status == "resolved" { "resolved" } else { "active" };
    resource(
        Ref::Condition(c.id),
        json!({
            "clinicalStatus": status("condition-clinical", clinical),
            "verificationStatus": status("condition-ver-status", "confirmed"),
            "category": [status("condition-category", "problem-list-item")],
            "code": code,
            "subject": links.to(Ref::Patient(patient)),
            // An onset as typed that is no date stays readable as a string.
            "onsetDateTime": onset.and_then(partial_date),
            "onsetString": onset.filter(|o| partial_date(o).is_none()),
            "recordedDate": instant(&c.recorded_at),
        }),
    )
}

pub fn allergy(patient: i64, a: &AllergyRow, links: Links) -> Value {
    let severity =
        matches!(a.severity.as_str(), "mild" | "moderate" | "severe").then_some(a.severity.as_str());
    // R4 requires a manifestation in every reaction: none is written without one.
    let reaction = a.reaction.as_ref().map(|r| json!([{ "manifestation": [text(r)], "severity": severity }]));
    let mut body = json!({
        "clinicalStatus": status(
            "allergyintolerance-clinical",
            if a.status == "active" { "active" } else { "inactive" },
        ),
        "verificationStatus": status("allergyintolerance-verification", "confirmed"),
        "code": text(&a.substance),
        "patient": links.to(Ref::Patient(patient)),
        "recordedDate": instant(&a.recorded_at),
        "reaction": reaction,
    });
    if severity.is_none() {
        if let Some(r) = body.pointer_mut("/reaction/0").and_then(Value::as_object_mut) {
            r.remove("severity");
        }
    }
    resource(Ref::Allergy(a.id), body)
}

pub fn medication_statement(patient: i64, m: &MedicationRow, links: Links) -> Value {
    let name = match &m.strength {
        Some(s) => format!("{} {s}", m.name),
        None => m.name.clone(),
    };
    let how: Vec<&str> =
        [&m.dose, &m.route, &m.frequency].into_iter().flatten().map(String::as_str).collect();
    let period =
        match (m.starts_on.as_deref().and_then(partial_date), m.stops_on.as_deref().and_then(partial_date)) {
            (None, None) => Value::Null,
            (Some(s), None) => json!({ "start": s }),
            (None, Some(e)) => json!({ "end": e }),
            (Some(s), Some(e)) => json!({ "start": s, "end": e }),
        };
    resource(
        Ref::Medication(m.id),
        json!({
            "status": if m.current { "active" } else { "completed" },
            "medicationCodeableConcept": text(&name),
            "subject": links.to(Ref::Patient(patient)),
            "effectivePeriod": period,
            "dateAsserted": instant(&m.recorded_at),
            "note": m.prescriber.as_ref().map(|p| vec![json!({ "text": format!("Prescribed by {p}") })]),
            "dosage": (!how.is_empty()).then(|| vec![json!({ "text": how.join(", ") })]),
        }),
    )
}

pub fn dispense(patient: i64, d: &DispensingRow, links: Links) -> Value {
    let medicine = format!("{} ({}) {} {}", d.item, d.generic_name, d.strength, d.form);
    resource(
        Ref::Dispensing(d.id),
        json!({
            "status": "completed",
            "medicationCodeableConcept": text(&medicine),
            "subject": links.to(Ref::Patient(patient)),
            "performer": [{ "actor": links.to(Ref::Practitioner(d.dispensed_by)) }],
            "quantity": { "value": d.quantity, "unit": d.form },
            "whenHandedOver": instant(&d.dispensed_at),
            // Blank in a de-identified export: FHIR allows no empty string.
            "dosageInstruction": (!d.instructions.trim().is_empty()).then(|| json!([{ "text": d.instructions }])),
            "note": [{ "text": format!("Batch {}", d.batch_no) }],
        }),
    )
}

/// The LOINC code of each instrument's total. The PSFS has none: text only.
fn measure_code(i: Instrument) -> Value {
    match i {
        Instrument::Phq9 => {
            coding(LOINC, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]")
        }
        Instrument::Gad7 => {
            coding(LOINC, "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]")
        }
        Instrument::Nprs => {
            coding(LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
        }
        Instrument::Psfs => text("Patient-Specific Functional Scale (PSFS), mean score of the activities"),
    }
}

pub fn observation(patient: i64, m: &MeasureRow, visit: Option<i64>, links: Links) -> Value {
    let components: Vec<Value> = if m.instrument == Instrument::Psfs {
        m.activities.iter().map(|a| json!({ "code": text(&a.activity), "valueInteger": a.score })).collect()
    } else if m.instrument == Instrument::Nprs {
        Vec::new()
    } else {
        m.items
            .iter()
            .zip(1..)
            .map(|(v, n)| json!({ "code": text(&format!("Item {n}")), "valueInteger": v }))
            .collect()
    };
    let mut interpretation: Vec<Value> = m.band.iter().map(|b| text(b.label())).collect();
    if m.risk {
        interpretation.push(text("Risk: PHQ-9 item 9 (thoughts of self-harm) answered above 0"));
    }
    resource(
        Ref::Observation(m.id),
        json!({
            "status": "final",
            "category": [coding(&format!("{TERMINOLOGY}/observation-category"), "survey", "Survey")],
            "code": measure_code(m.instrument),
            "subject": links.to(Ref::Patient(patient)),
            "encounter": visit.map(|a| links.to(Ref::Encounter(a))),
            "effectiveDateTime": partial_date(&m.taken_on),
            "issued": instant(&m.recorded_at),
            "performer": [links.to(Ref::Practitioner(m.recorded_by))],
            "valueQuantity": {
                "value": m.total,
                "unit": "{score}",
                "system": "http://unitsofmeasure.org",
                "code": "{score}",
            },
            "interpretation": (!interpretation.is_empty()).then_some(interpretation),
            "component": (!components.is_empty()).then_some(components),
        }),
    )
}

fn consent_words(purpose: &str) -> &'static str {
    match purpose {
        "treatment" => "Treatment",
        "reminders_sms" => "Appointment reminders by SMS",
        "reminders_whatsapp" => "Appointment reminders by WhatsApp",
        "reminders_phone" => "Appointment reminders by phone",
        "reminders_email" => "Appointment reminders by email",
        "care_team_sharing" => "Sharing with the care team outside the clinic",
        "parental" => "Parental consent for a child's care",
        _ => "Consent",
    }
}

pub fn consent(patient: i64, c: &ConsentRow, links: Links) -> Value {
    let treatment = matches!(c.purpose.as_str(), "treatment" | "parental");
    let scope = if treatment {
        json!({ "coding": [{ "system": format!("{TERMINOLOGY}/consentscope"), "code": "treatment" }] })
    } else {
        json!({ "coding": [{ "system": format!("{TERMINOLOGY}/consentscope"), "code": "patient-privacy" }] })
    };
    let method = match c.method.as_str() {
        "written" => "in writing",
        "phone" => "by phone",
        _ => "in person",
    };
    let period = match c.withdrawn_at.as_deref().and_then(instant) {
        Some(end) => json!({ "start": instant(&c.given_at), "end": end }),
        None => json!({ "start": instant(&c.given_at) }),
    };
    resource(
        Ref::Consent(c.id),
        json!({
            "status": if c.withdrawn_at.is_some() { "inactive" } else { "active" },
            "scope": scope,
            "category": [coding(LOINC, "59284-0", "Patient Consent"), text(consent_words(&c.purpose))],
            "patient": links.to(Ref::Patient(patient)),
            "dateTime": instant(&c.given_at),
            "performer": [{ "display": format!("{}, {method}", c.given_by) }],
            "organization": [links.to(Ref::Organization)],
            "policyRule": text("Al-Hayat Clinic privacy policy"),
            "provision": { "type": "permit", "period": period },
        }),
    )
}
