//! A patient's record as CSV files, one per kind of record, for the portability
//! package: UTF-8 with a byte-order mark (so spreadsheet programs read Urdu right),
//! values as stored (a value a spreadsheet would run as a formula starts with `'`:
//! `csv_table::cell`), times in UTC as stored.

use super::csv_table::CsvTable;
use super::fhir::data::{PatientRecord, StaffNames};
use crate::error::AppResult;

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> AppResult<Vec<u8>> {
    let mut t = CsvTable::new(header)?;
    for row in rows {
        t.row(row)?;
    }
    t.finish()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn id(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// `(file name, bytes)` for every kind of record, each with its header even when empty.
pub fn csv_files(r: &PatientRecord, staff: &StaffNames) -> AppResult<Vec<(String, Vec<u8>)>> {
    let who = |id: i64| staff.get(&id).cloned().unwrap_or_default();
    let p = &r.patient;
    let mut out = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| out.push((format!("csv/{name}.csv"), bytes));
    add(
        "patients",
        table(
            &[
                "mrn",
                "full_name",
                "name_ur",
                "relative_name",
                "birth_date",
                "birth_date_estimated",
                "sex",
                "cnic",
                "phone",
                "phone_alt",
                "email",
                "address",
                "city",
                "preferred_language",
                "insurance_payer",
                "insurance_policy",
                "reception_note",
                "registered_at",
            ],
            std::iter::once(vec![
                p.mrn.clone(),
                p.full_name.clone(),
                opt(&p.name_ur),
                opt(&p.relative_name),
                p.birth_date.clone(),
                p.birth_date_estimated.to_string(),
                p.sex.clone(),
                opt(&p.cnic),
                opt(&p.phone),
                opt(&p.phone_alt),
                opt(&p.email),
                opt(&p.address),
                opt(&p.city),
                p.preferred_language.clone(),
                opt(&p.insurance_payer),
                opt(&p.insurance_policy),
                opt(&p.reception_note),
                p.created_at.clone(),
            ]),
        )?,
    );
    add(
        "related_persons",
        table(
            &["id", "kind", "name", "relationship", "cnic", "phone"],
            r.related.iter().map(|x| {
                vec![
                    x.id.to_string(),
                    x.kind.clone(),
                    x.name.clone(),
                    x.relationship.clone(),
                    opt(&x.cnic),
                    opt(&x.phone),
                ]
            }),
        )?,
    );
    add(
        "appointments",
        table(
            &[
                "id",
                "starts_at",
                "ends_at",
                "service",
                "practitioner",
                "room",
                "status",
                "cancelled_by",
                "cancel_reason",
                "arrived_at",
            ],
            r.appointments.iter().map(|a| {
                vec![
                    a.id.to_string(),
                    a.starts_at.clone(),
                    a.ends_at.clone(),
                    a.service.clone(),
                    who(a.practitioner_id),
                    a.room.clone(),
                    a.status.clone(),
                    opt(&a.cancelled_by),
                    opt(&a.cancel_reason),
                    opt(&a.arrived_at),
                ]
            }),
        )?,
    );
    add(
        "notes",
        table(
            &[
                "id",
                "discipline",
                "template",
                "author",
                "appointment_id",
                "written_at",
                "signed_at",
                "amends",
                "amend_reason",
                "amended_by",
                "text",
            ],
            r.notes.iter().map(|n| {
                vec![
                    n.id.to_string(),
                    n.discipline.as_str().into(),
                    n.template.clone(),
                    who(n.author_id),
                    id(n.appointment_id),
                    n.created_at.clone(),
                    n.signed_at.clone(),
                    id(n.amends),
                    opt(&n.amend_reason),
                    id(n.amended_by),
                    n.text(),
                ]
            }),
        )?,
    );
    add(
        "conditions",
        table(
            &["id", "description", "icd10", "onset", "status", "recorded_at"],
            r.conditions.iter().map(|c| {
                vec![
                    c.id.to_string(),
                    c.description.clone(),
                    opt(&c.icd10),
                    opt(&c.onset),
                    c.status.clone(),
                    c.recorded_at.clone(),
                ]
            }),
        )?,
    );
    add(
        "allergies",
        table(
            &["id", "substance", "reaction", "severity", "status", "recorded_at"],
            r.allergies.iter().map(|a| {
                vec![
                    a.id.to_string(),
                    a.substance.clone(),
                    opt(&a.reaction),
                    a.severity.clone(),
                    a.status.clone(),
                    a.recorded_at.clone(),
                ]
            }),
        )?,
    );
    add(
        "medications",
        table(
            &[
                "id",
                "name",
                "strength",
                "dose",
                "route",
                "frequency",
                "starts_on",
                "stops_on",
                "prescriber",
                "current",
                "recorded_at",
            ],
            r.medications.iter().map(|m| {
                vec![
                    m.id.to_string(),
                    m.name.clone(),
                    opt(&m.strength),
                    opt(&m.dose),
                    opt(&m.route),
                    opt(&m.frequency),
                    opt(&m.starts_on),
                    opt(&m.stops_on),
                    opt(&m.prescriber),
                    m.current.to_string(),
                    m.recorded_at.clone(),
                ]
            }),
        )?,
    );
    add(
        "dispensings",
        table(
            &[
                "id",
                "item",
                "generic_name",
                "strength",
                "form",
                "batch_no",
                "quantity",
                "instructions",
                "dispensed_by",
                "dispensed_at",
            ],
            r.dispensings.iter().map(|d| {
                vec![
                    d.id.to_string(),
                    d.item.clone(),
                    d.generic_name.clone(),
                    d.strength.clone(),
                    d.form.clone(),
                    d.batch_no.clone(),
                    d.quantity.to_string(),
                    d.instructions.clone(),
                    who(d.dispensed_by),
                    d.dispensed_at.clone(),
                ]
            }),
        )?,
    );
    add(
        "measures",
        table(
            &[
                "id",
                "instrument",
                "taken_on",
                "total",
                "band",
                "risk",
                "answers",
                "appointment_id",
                "recorded_by",
                "recorded_at",
            ],
            r.measures.iter().map(|m| {
                let answers = if m.activities.is_empty() {
                    m.items.iter().map(u8::to_string).collect::<Vec<_>>().join(" ")
                } else {
                    m.activities
                        .iter()
                        .map(|a| format!("{}: {}", a.activity, a.score))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                vec![
                    m.id.to_string(),
                    m.instrument.as_str().into(),
                    m.taken_on.clone(),
                    m.total.to_string(),
                    m.band.map(|b| b.as_str().to_string()).unwrap_or_default(),
                    m.risk.to_string(),
                    answers,
                    id(m.appointment_id),
                    who(m.recorded_by),
                    m.recorded_at.clone(),
                ]
            }),
        )?,
    );
    add(
        "consents",
        table(
            &["id", "purpose", "given_by", "method", "given_at", "withdrawn_at"],
            r.consents.iter().map(|c| {
                vec![
                    c.id.to_string(),
                    c.purpose.clone(),
                    c.given_by.clone(),
                    c.method.clone(),
                    c.given_at.clone(),
                    opt(&c.withdrawn_at),
                ]
            }),
        )?,
    );
    add(
        "attachments",
        table(
            &["id", "title", "file", "type", "bytes", "sha256", "uploaded_by", "uploaded_at"],
            r.attachments.iter().map(|a| {
                vec![
                    a.id.to_string(),
                    a.title.clone(),
                    a.package_path(),
                    a.mime.clone(),
                    a.size_bytes.to_string(),
                    a.sha256.clone(),
                    who(a.uploaded_by),
                    a.uploaded_at.clone(),
                ]
            }),
        )?,
    );
    Ok(out)
}
