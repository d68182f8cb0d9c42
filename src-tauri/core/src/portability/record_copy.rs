//! The record PDF of a portability package: the record PDF writer's data, made from
//! the same rows as the bundle (one read), with every part in it, since a copy asked
//! for by the patient holds the patient's whole record.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::export::fhir::data::{PatientRecord, StaffNames};
use crate::export::record::{
    AllergyLine, ConditionLine, MeasureLine, MedicationLine, NoteEntry, PatientIdentity, RecordExport,
};
use crate::export::slip::ClinicHeader;

fn sex_words(sex: &str) -> &'static str {
    match sex {
        "female" => "Female",
        "male" => "Male",
        "other" => "Other",
        _ => "Not recorded",
    }
}

pub fn record_export(
    r: &PatientRecord,
    clinic: ClinicHeader,
    staff: &StaffNames,
    printed_by: i64,
    at: DateTime<Utc>,
) -> AppResult<RecordExport> {
    let who = |id: i64| staff.get(&id).cloned().unwrap_or_default();
    let p = &r.patient;
    let birth_date = NaiveDate::parse_from_str(&p.birth_date, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored birth date is unreadable"))?;
    let notes = r
        .notes
        .iter()
        .map(|n| {
            Ok(NoteEntry {
                id: n.id,
                discipline: n.discipline,
                template: n.template.clone(),
                author: who(n.author_id),
                written_at: clock::parse_utc(&n.created_at)?,
                signed_at: Some(clock::parse_utc(&n.signed_at)?),
                amends: n.amends,
                amend_reason: n.amend_reason.clone(),
                amended_by: n.amended_by,
                sections: n.sections.clone(),
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(RecordExport {
        clinic,
        patient: PatientIdentity {
            full_name: p.full_name.clone(),
            name_ur: p.name_ur.clone(),
            mrn: p.mrn.clone(),
            birth_date,
            birth_date_estimated: p.birth_date_estimated,
            sex: sex_words(&p.sex).into(),
        },
        purpose: "At the patient's request".into(),
        conditions: Some(
            r.conditions
                .iter()
                .map(|c| ConditionLine {
                    description: c.description.clone(),
                    icd10: c.icd10.clone(),
                    onset: c.onset.clone(),
                    active: c.status == "active",
                })
                .collect(),
        ),
        allergies: Some(
            r.allergies
                .iter()
                .map(|a| AllergyLine {
                    substance: a.substance.clone(),
                    reaction: a.reaction.clone(),
                    severity: a.severity.clone(),
                    active: a.status == "active",
                })
                .collect(),
        ),
        medications: Some(
            r.medications
                .iter()
                .map(|m| MedicationLine {
                    name: m.name.clone(),
                    strength: m.strength.clone(),
                    dose: m.dose.clone(),
                    route: m.route.clone(),
                    frequency: m.frequency.clone(),
                    starts_on: m.starts_on.clone(),
                    stops_on: m.stops_on.clone(),
                    prescriber: m.prescriber.clone(),
                    current: m.current,
                })
                .collect(),
        ),
        measures: r
            .measures
            .iter()
            .map(|m| MeasureLine {
                instrument: m.instrument,
                taken_on: m.taken_on.clone(),
                total: m.total,
                band: m.band,
                risk: m.risk,
                items: m.items.clone(),
                activities: m.activities.clone(),
            })
            .collect(),
        notes,
        left_out: vec![
            "Draft notes are not yet part of the record. Appointments, dispensings, consents and attachments \
             are in the package's other files."
                .into(),
        ],
        // Read apart by `portability::record_copy`, which has the store.
        statements: Vec::new(),
        printed_by: who(printed_by),
        printed_at: at,
    })
}
