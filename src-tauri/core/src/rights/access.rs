//! Fulfilling an access request (policy 7): the patient's whole record as PDF and the
//! access report (what is held, why, who it went to, how long it is kept, the
//! patient's rights), saved to the downloads folder, then the request fulfilled with
//! the files named. Psychology is in the record: it is the patient's own request.
//!
//! Everything the two files show is read in one read transaction, so they agree. The
//! files are saved (each atomically) before the write that audits both exports and
//! fulfils the request; if that write fails, the files are removed, so a file on disk
//! always has its audit row and a fulfilled request always has its files.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::steps::{begin_fulfilment, finish_fulfilment};
use super::{clinic_date, corrections, disclosures, RequestKind, RightsRequest};
use crate::audit::named::ExportOf;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::catalogue::Discipline;
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::export::access_report::{
    self, AccessReport, CategoryCount, DisclosureLine, ExportLine, RetentionLine, StatementLine,
};
use crate::export::fhir::data::PatientRecord;
use crate::export::record;
use crate::patients::{self, ObjectionPurpose};
use crate::records::ExportPurpose;
use crate::retention::{self, RecordKind};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccessFulfilled {
    pub request: RightsRequest,
    /// Where the record PDF was saved.
    pub record_path: String,
    /// Where the access report was saved.
    pub report_path: String,
}

fn discipline_words(d: Discipline) -> &'static str {
    match d {
        Discipline::Physiotherapy => "physiotherapy",
        Discipline::Psychology => "psychology",
        Discipline::Pharmacy => "pharmacy",
    }
}

fn categories(rec: &PatientRecord) -> Vec<CategoryCount> {
    let c = |label: &str, count: usize| CategoryCount { label: label.into(), count: count as i64 };
    let mut out = vec![
        c("Personal details (name, CNIC, contact details)", 1),
        c("Guardians and emergency contacts", rec.related.len()),
        c("Appointments", rec.appointments.len()),
    ];
    for d in Discipline::ALL {
        let n = rec.notes.iter().filter(|n| n.discipline == d).count();
        out.push(c(&format!("Clinical notes, {}", discipline_words(d)), n));
    }
    out.extend([
        c("Conditions", rec.conditions.len()),
        c("Allergies", rec.allergies.len()),
        c("Medications", rec.medications.len()),
        c("Medicines dispensed", rec.dispensings.len()),
        c("Outcome measures (questionnaires, pain scores)", rec.measures.len()),
        c("Attachments (letters, scans)", rec.attachments.len()),
        c("Consents", rec.consents.len()),
        c("Invoices and credit notes (with what was paid on them)", rec.invoices.len()),
    ]);
    out
}

fn purposes(reminders: bool) -> Vec<String> {
    let mut out =
        vec!["Your care: to book and run your appointments and treatment, and to share with your care team."
            .into()];
    if reminders {
        out.push("Appointment reminders, as you agreed.".into());
    }
    out.push(
        "The law: to keep records as long as the law requires, and to disclose them when the law requires \
         (a court order, public health reporting, an emergency)."
            .into(),
    );
    out
}

/// An audit entry of an export or print, in the patient's words: what was made and why.
/// The trail holds kinds and ids only, so the words come from its entity and summary.
fn export_line(e: &ExportOf) -> ExportLine {
    let kind = match (e.entity.as_str(), e.action.as_str()) {
        ("appointment", _) => "Appointment slip (printed)",
        ("patient_record", _) if e.summary.starts_with("portability") => {
            "Your whole record for another clinic (portability file)"
        }
        ("patient_record", _) if e.summary.starts_with("access report") => "An access report like this one",
        ("patient_record", _) => "Your record (PDF)",
        ("rights_letter", _) => "A letter to you about your request",
        ("practitioner_diary", _) => {
            "A practitioner's appointment diary (calendar file with your record number)"
        }
        ("reminder_queue", _) => "The list of appointment reminders to send (spreadsheet)",
        ("patients", _) => "An export of several patients' records (FHIR files)",
        (_, "print") => "A print",
        _ => "An export",
    };
    let purpose = e
        .summary
        .split(", ")
        .find_map(|part| part.strip_prefix("purpose "))
        .map(|p| p.split([' ', ',', ';']).next().unwrap_or(p));
    let purpose = match (purpose, e.entity.as_str()) {
        (Some("care"), _) => "Your care",
        (Some("patient_request"), _) => "Your own request",
        (Some("referral"), _) => "A referral to another provider",
        (Some("legal"), _) => "Required by law",
        (Some("statistics"), _) => "Statistics",
        (Some("sharing"), _) => "Sharing with your care team outside the clinic",
        (Some("transfer"), _) => "Moving the clinic's records to another system",
        (_, "appointment") => "Your appointment",
        (_, "practitioner_diary") => "The practitioner's own calendar",
        (_, "reminder_queue") => "Sending you appointment reminders",
        _ => "Running the clinic",
    };
    ExportLine { on: clinic_date_of(&e.at), kind: kind.into(), purpose: purpose.into() }
}

/// The clinic day of a stored UTC instant.
fn clinic_date_of(at: &str) -> String {
    crate::clock::parse_utc(at)
        .map(|t| clinic_date(t).to_string())
        .unwrap_or_else(|_| at.get(..10).unwrap_or(at).to_string())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Saves the patient's record PDF and access report and fulfils access request
/// `request_id`, which must be in progress.
pub async fn fulfil_access(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    downloads: &Downloads,
    now: DateTime<Utc>,
) -> AppResult<AccessFulfilled> {
    actor.require(Permission::ManageRightsRequests)?;
    actor.require(Permission::ExportPatientData)?;
    let clinic = crate::clinic::letterhead(store).await?;

    let mut tx = store.pool().begin().await?;
    let cur = begin_fulfilment(&mut tx, request_id, RequestKind::Access).await?;
    // Refuses an erased or anonymised patient: there is nobody's record left to give.
    let state = retention::erase::load_patient(&mut tx, cur.patient_id).await?;
    let (rec, copy) =
        crate::portability::record_copy(&mut tx, clinic.clone(), cur.patient_id, actor.staff_id, now).await?;
    let shared = disclosures::disclosures_of(&mut tx, cur.patient_id).await?;
    let statements = corrections::statements_of(&mut tx, cur.patient_id).await?;
    let rules = retention::rules::load(&mut tx).await?;
    let objects_to_reminders =
        patients::objects_to(&mut tx, cur.patient_id, ObjectionPurpose::Reminders).await?;
    let exports = crate::audit::named::exports_of(&mut tx, cur.patient_id).await?;
    tx.commit().await?;

    let reminders = !objects_to_reminders
        && rec.consents.iter().any(|c| c.purpose.starts_with("reminders") && c.withdrawn_at.is_none());
    let verdicts = retention::evaluate(&rules, &state.facts()?, clinic_date(now));
    let reference = format!("R-{:06}", cur.id);
    let report = AccessReport {
        clinic,
        patient: copy.patient.clone(),
        reference: reference.clone(),
        categories: categories(&rec),
        purposes: purposes(reminders),
        disclosures: shared
            .into_iter()
            .map(|d| DisclosureLine {
                recipient: d.recipient,
                why: d.reason,
                what: d.what,
                on: d.disclosed_on,
            })
            .collect(),
        exports: exports.iter().map(export_line).collect(),
        retention: verdicts
            .into_iter()
            .map(|v| RetentionLine {
                category: match v.kind {
                    RecordKind::AuditTrail => "Audit trail (who saw or changed your record)".into(),
                    k => capitalised(k.label()),
                },
                keep_until: v.keep_until,
                reason: v.reason,
            })
            .collect(),
        statements: statements
            .into_iter()
            .map(|s| StatementLine {
                received_on: s.received_at.get(..10).unwrap_or(&s.received_at).to_string(),
                text: s.text,
            })
            .collect(),
        printed_at: now,
    };
    let (record_pdf, report_pdf) = tokio::task::spawn_blocking(move || {
        AppResult::Ok((record::record_pdf(&copy)?, access_report::access_report_pdf(&report)?))
    })
    .await??;

    let mrn = &rec.patient.mrn;
    let record_name = format!("record-{mrn}-{reference}.pdf");
    let report_name = format!("access-report-{mrn}-{reference}.pdf");
    let record_path = downloads.save(&record_name, &record_pdf)?;
    let report_path = match downloads.save(&report_name, &report_pdf) {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_file(&record_path);
            return Err(e);
        }
    };

    let details = format!(
        "We gave you two files: {record_name}, your whole record, and {report_name}, which says what \
         we hold about you, why, who it was disclosed to, how long it is kept, and your rights."
    );
    let written = async {
        let mut w = store.begin_write().await?;
        // Checked again: the request may have moved on while the files were written.
        let cur = begin_fulfilment(w.conn(), request_id, RequestKind::Access).await?;
        let purpose = ExportPurpose::PatientRequest.as_str();
        for what in ["record PDF", "access report PDF"] {
            let summary = format!("{what} for access request #{}, purpose {purpose}", cur.id);
            let mut e = actor.origin().entry(
                AuditAction::Export,
                "patient_record",
                Some(cur.patient_id.to_string()),
                summary,
            );
            e.patient_id = Some(cur.patient_id);
            w.audit(e).await?;
        }
        finish_fulfilment(w, actor, &cur, &details, "; record and access report saved", now).await
    };
    match written.await {
        Ok(request) => Ok(AccessFulfilled { request, record_path, report_path }),
        Err(e) => {
            let _ = std::fs::remove_file(&record_path);
            let _ = std::fs::remove_file(&report_path);
            Err(e)
        }
    }
}
