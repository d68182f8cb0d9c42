//! The record PDF (privacy policy 7: access; 4.1: sharing with the care team): a
//! patient's record as the person printing it may see it, gathered in one read
//! transaction through the notes', history's and measures' own readers, laid out by
//! the pure writer in `export::record`, and audited as an export with its purpose.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::access::{is_clinician, Discipline, Part, Sight};
use super::{history_for, visible_notes, AllergyStatus, ConditionStatus, Note};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::clinic;
use crate::clock::{self, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::export::record::{
    self, AllergyLine, ConditionLine, MeasureLine, MedicationLine, NoteEntry, PatientIdentity, RecordExport,
};
use crate::measures::{self, Instrument};
use crate::scheduling::ExportFile;
use crate::store::Store;

/// Why a record is printed. A closed list, so the audit trail holds no free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportPurpose {
    /// For the clinic's own continuing care of the patient.
    Care,
    /// The patient (or their guardian) asked for a copy of their record.
    PatientRequest,
    /// To go with the patient to another provider.
    Referral,
    /// Required by law: a court order, public-health reporting (policy 4.2).
    Legal,
}

impl ExportPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportPurpose::Care => "care",
            ExportPurpose::PatientRequest => "patient_request",
            ExportPurpose::Referral => "referral",
            ExportPurpose::Legal => "legal",
        }
    }

    fn words(self) -> &'static str {
        match self {
            ExportPurpose::Care => "Continuing care",
            ExportPurpose::PatientRequest => "At the patient's request",
            ExportPurpose::Referral => "Referral to another provider",
            ExportPurpose::Legal => "Legal requirement",
        }
    }
}

type PatientRow = (String, String, Option<String>, String, bool, String);

async fn identity(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<PatientIdentity> {
    let row: Option<PatientRow> = sqlx::query_as(
        "SELECT mrn, full_name, name_ur, birth_date, birth_date_estimated, sex FROM patients WHERE id = ?",
    )
    .bind(patient_id)
    .fetch_optional(conn)
    .await?;
    let (mrn, full_name, name_ur, birth, estimated, sex) =
        row.ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    let birth_date = NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored birth date is unreadable"))?;
    let sex = match sex.as_str() {
        "female" => "Female",
        "male" => "Male",
        "other" => "Other",
        _ => "Not recorded",
    };
    Ok(PatientIdentity {
        full_name,
        name_ur,
        mrn,
        birth_date,
        birth_date_estimated: estimated,
        sex: sex.into(),
    })
}

fn note_entry(n: Note) -> AppResult<NoteEntry> {
    let s = n.summary;
    let written_at = clock::parse_utc(&s.created_at)?;
    let signed_at = s.signed_at.as_deref().map(clock::parse_utc).transpose()?;
    Ok(NoteEntry {
        id: s.id,
        discipline: s.discipline,
        template: s.template_name,
        author: s.author_name,
        written_at,
        signed_at,
        amends: s.amends,
        amend_reason: s.amend_reason,
        amended_by: s.amended_by,
        sections: n.sections.into_iter().map(|sec| (sec.title, sec.text)).collect(),
    })
}

/// What a copy leaves out, in words, for the parts `sight` does not read.
fn left_out(sight: &Sight) -> Vec<String> {
    let mut out = Vec::new();
    for d in Discipline::ALL {
        let (notes, measures) = (sight.reads(Part::Notes(d)), sight.reads(Part::Measures(d)));
        let name = match d {
            Discipline::Physiotherapy => "Physiotherapy",
            Discipline::Psychology => "Psychology",
            Discipline::Pharmacy => "Pharmacy",
        };
        // Pharmacy records no measures, so only its notes can be missing.
        let has_measures = Instrument::ALL.iter().any(|i| i.discipline() == d);
        match (notes, measures || !has_measures) {
            (false, false) => out.push(format!("{name} notes and outcome measures.")),
            (false, true) => out.push(format!("{name} notes.")),
            (true, false) => out.push(format!("{name} outcome measures.")),
            (true, true) => {}
        }
    }
    for (part, name) in
        [(Part::Conditions, "Problems"), (Part::Allergies, "Allergies"), (Part::Medications, "Medications")]
    {
        if !sight.reads(part) {
            out.push(format!("{name}."));
        }
    }
    out.push("Draft notes, dispensings and attachments are not part of a record copy.".into());
    out
}

/// The patient's record as a PDF with what `actor` may see of it, and its file name.
/// Signed notes only: a draft is not yet part of the record. Audited as an export of
/// the patient's record with its purpose.
pub async fn record_pdf(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    purpose: ExportPurpose,
) -> AppResult<ExportFile> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("A patient's record is printed by the clinicians of their care."));
    }
    // One read transaction, so every part is read from the same moment.
    let mut tx = store.pool().begin().await?;
    let patient = identity(&mut tx, patient_id).await?;
    let sight = Sight::of(&mut tx, actor, patient_id).await?;
    let history = history_for(&mut tx, &sight, patient_id).await?;
    let notes = visible_notes(&mut tx, &sight, patient_id).await?;
    let measures = measures::visible_measures(&mut tx, &sight, patient_id).await?;
    let statements = crate::portability::statements(&mut tx, patient_id, |disputes| {
        sight.reads_statement(disputes.map(crate::rights::DisputedRecord::part))
    })
    .await?;
    let printed_by: Option<String> = sqlx::query_scalar("SELECT full_name FROM staff WHERE id = ?")
        .bind(actor.staff_id)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;

    let by_emergency = Discipline::ALL
        .into_iter()
        .flat_map(|d| [Part::Notes(d), Part::Measures(d)])
        .chain([Part::Conditions, Part::Allergies, Part::Medications])
        .any(|p| sight.by_emergency(p));
    let data = RecordExport {
        clinic: clinic::letterhead(store).await?,
        purpose: purpose.words().into(),
        conditions: history.conditions.map(|list| {
            list.into_iter()
                .map(|c| ConditionLine {
                    description: c.description,
                    icd10: c.icd10,
                    onset: c.onset,
                    active: c.status == ConditionStatus::Active,
                })
                .collect()
        }),
        allergies: history.allergies.map(|list| {
            list.into_iter()
                .map(|a| AllergyLine {
                    substance: a.substance,
                    reaction: a.reaction,
                    severity: a.severity.as_str().into(),
                    active: a.status == AllergyStatus::Active,
                })
                .collect()
        }),
        medications: history.medications.map(|list| {
            list.into_iter()
                .map(|m| MedicationLine {
                    name: m.name,
                    strength: m.strength,
                    dose: m.dose,
                    route: m.route,
                    frequency: m.frequency,
                    starts_on: m.starts_on,
                    stops_on: m.stops_on,
                    prescriber: m.prescriber,
                    current: m.current,
                })
                .collect()
        }),
        measures: measures
            .into_iter()
            .map(|m| MeasureLine {
                instrument: m.instrument,
                taken_on: m.taken_on,
                total: m.total,
                band: m.band,
                risk: m.risk,
                items: m.items,
                activities: m.activities,
            })
            .collect(),
        notes: notes.into_iter().map(note_entry).collect::<AppResult<_>>()?,
        left_out: left_out(&sight),
        statements,
        printed_by: printed_by.unwrap_or_default(),
        printed_at: Utc::now(),
        patient,
    };
    let name = format!(
        "record-{}-{}.pdf",
        data.patient.mrn,
        data.printed_at.with_timezone(&CLINIC_TZ).format("%Y-%m-%d-%H%M")
    );
    // Hundreds of pages take a good part of a second: off the async workers.
    let bytes = tokio::task::spawn_blocking(move || record::record_pdf(&data)).await??;

    let mut summary = format!("record PDF, purpose {}", purpose.as_str());
    if by_emergency {
        summary.push_str(", by emergency access");
    }
    let mut w = store.begin_write().await?;
    let mut e =
        actor.origin().entry(AuditAction::Export, "patient_record", Some(patient_id.to_string()), summary);
    e.patient_id = Some(patient_id);
    w.audit(e).await?;
    w.commit().await?;
    Ok(ExportFile { name, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_are_stored_by_their_serde_names() {
        for p in [
            ExportPurpose::Care,
            ExportPurpose::PatientRequest,
            ExportPurpose::Referral,
            ExportPurpose::Legal,
        ] {
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
        }
        assert!(serde_json::from_str::<ExportPurpose>("\"curiosity\"").is_err(), "no free text");
    }
}
