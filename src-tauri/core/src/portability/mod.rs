//! Portability (privacy policy 7): a patient's whole record handed to them, or to
//! whoever they name, in forms another system reads — a FHIR R4 bundle, CSV files —
//! and the record PDF, in one zip with a manifest of SHA-256s; and bulk FHIR NDJSON
//! of many patients (`bulk`). Only the privacy officer exports
//! (`Permission::ExportPatientData`), a patient's package only for their portability
//! request; every export is audited with its purpose.
//!
//! The package holds every part of the record, psychology too: it is the patient's
//! own data, asked for by the patient, so the clinicians' sight of the record
//! (`records::access`) does not apply. An objection to sharing or statistics does not
//! stop a patient's own request; bulk export obeys objections (`bulk`).

pub mod bulk;
mod load;
pub mod package;
mod record_copy;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

pub use bulk::{bulk_export, BulkProgress, BulkPurpose, BulkRequest, BulkSaved};
pub use package::ManifestEntry;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, CLINIC_TZ};
use crate::downloads::Downloads;
use crate::error::{AppError, AppResult};
use crate::export::{fhir, record, tables};
use crate::patients::clinic_today;
use crate::store::Store;
use package::PackageFile;

/// A saved portability package.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PackageSaved {
    /// Where the zip was saved, for the window to show.
    pub path: String,
    /// Every file in the zip but the manifest, with its size and SHA-256.
    pub files: Vec<ManifestEntry>,
}

/// The whole record of the patient of portability request `request_id` as a zip in
/// `downloads`. Only from a portability request in progress (identity verified, work
/// started): the register then holds who asked, how they were identified and when, so
/// a whole record never leaves the clinic "at the patient's request" without one.
/// `cancel` is checked between files; a cancelled or failed export leaves no file behind.
pub async fn patient_package(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    downloads: &Downloads,
    cancel: Arc<AtomicBool>,
) -> AppResult<PackageSaved> {
    actor.require(Permission::ExportPatientData)?;
    actor.require(Permission::ManageRightsRequests)?;
    let at = Utc::now();
    // One read transaction: the bundle, the CSVs and the PDF show the same moment.
    let mut tx = store.pool().begin().await?;
    let patient_id = crate::rights::portability_patient(&mut tx, request_id).await?;
    let templates = load::templates(&mut tx).await?;
    let today = clinic_today().to_string();
    let rec = load::records(&mut tx, &[patient_id], &templates, &today)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    let staff = load::staff_names(&mut tx).await?;
    let clinic = load::clinic(&mut tx).await?;
    // The patient's own copy: every statement of disagreement, whatever it disputes.
    let statements = statements(&mut tx, patient_id, |_| true).await?;
    let mut attachments = Vec::with_capacity(rec.attachments.len());
    for a in &rec.attachments {
        attachments.push(PackageFile {
            path: a.package_path(),
            bytes: load::attachment_bytes(&mut tx, a.id).await?,
        });
    }
    tx.commit().await?;

    let bundle = fhir::bundle(&rec, &clinic, &staff, at);
    let problems = fhir::check::bundle_problems(&bundle);
    if !problems.is_empty() {
        // A fault of ours, never of the record: say which rule, not which data.
        return Err(AppError::internal(format!(
            "portability bundle: {} unresolved references",
            problems.len()
        )));
    }
    let mut files = vec![PackageFile {
        path: "fhir/bundle.json".into(),
        bytes: serde_json::to_vec_pretty(&bundle).expect("a bundle serializes"),
    }];
    files.extend(
        tables::csv_files(&rec, &staff)?.into_iter().map(|(path, bytes)| PackageFile { path, bytes }),
    );
    let mut copy = record_copy::record_export(
        &rec,
        crate::clinic::letterhead(store).await?,
        &staff,
        actor.staff_id,
        at,
    )?;
    copy.statements = statements;
    let pdf = tokio::task::spawn_blocking(move || record::record_pdf(&copy)).await??;
    files.push(PackageFile { path: format!("record-{}.pdf", rec.patient.mrn), bytes: pdf });
    files.extend(attachments);

    let local = at.with_timezone(&CLINIC_TZ);
    let name = format!("portability-{}-{}.zip", rec.patient.mrn, local.format("%Y-%m-%d-%H%M"));
    let about = json!({
        "format": "Al-Hayat Clinic portability package 1",
        "fhirVersion": "4.0.1",
        "mrn": rec.patient.mrn,
        "purpose": "patient_request",
        "createdAt": clock::utc_text(at),
    });
    let d = downloads.clone();
    let (path, entries) = tokio::task::spawn_blocking(move || {
        let mut entries = Vec::new();
        let path = d.save_with(&name, |f| {
            entries = package::write_zip(std::io::BufWriter::new(f), &files, about, &cancel)?;
            Ok(())
        })?;
        AppResult::Ok((path, entries))
    })
    .await??;

    // Audited once the file exists; if the audit cannot be written, the file goes too.
    let summary = format!(
        "portability package (FHIR bundle, CSV, record PDF), purpose patient_request, request #{request_id}, {} files",
        entries.len()
    );
    let audited = async {
        let mut w = store.begin_write().await?;
        let mut e = actor.origin().entry(
            AuditAction::Export,
            "patient_record",
            Some(patient_id.to_string()),
            summary,
        );
        e.patient_id = Some(patient_id);
        w.audit(e).await?;
        w.commit().await
    };
    if let Err(e) = audited.await {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(PackageSaved { path, files: entries })
}

/// The patient's whole record (psychology too) as read for a copy at the patient's
/// request, and the record PDF writer's data made from it, the same way the package
/// makes it; the access request uses it for its record PDF. Reads on `conn`.
pub async fn record_copy(
    conn: &mut sqlx::SqliteConnection,
    clinic: crate::export::slip::ClinicHeader,
    patient_id: i64,
    printed_by: i64,
    at: chrono::DateTime<Utc>,
) -> AppResult<(fhir::data::PatientRecord, record::RecordExport)> {
    let templates = load::templates(&mut *conn).await?;
    let today = clinic_today().to_string();
    let rec = load::records(&mut *conn, &[patient_id], &templates, &today)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    let staff = load::staff_names(&mut *conn).await?;
    let mut copy = record_copy::record_export(&rec, clinic, &staff, printed_by, at)?;
    copy.statements = statements(&mut *conn, patient_id, |_| true).await?;
    Ok((rec, copy))
}

/// The patient's statements of disagreement for a copy of the record (policy 7): every
/// one in the patient's own copies; in anyone else's, those `shown` keeps — the ones
/// about a record its reader may read (`records::access::Sight::reads_statement`).
pub async fn statements(
    conn: &mut sqlx::SqliteConnection,
    patient_id: i64,
    shown: impl Fn(Option<crate::rights::DisputedRecord>) -> bool,
) -> AppResult<Vec<record::StatementLine>> {
    crate::rights::statements_of(conn, patient_id)
        .await?
        .into_iter()
        .filter(|s| shown(s.disputes))
        .map(|s| {
            Ok(record::StatementLine {
                received_at: crate::clock::parse_utc(&s.received_at)?,
                about: s.disputes.map(crate::rights::DisputedRecord::words),
                text: s.text,
            })
        })
        .collect()
}

/// Exports under way, by who started them and the id their window gave them, so that
/// window can cancel one. Nobody else can: the key holds the starter's staff id.
#[derive(Debug, Default)]
pub struct ExportJobs(std::sync::Mutex<std::collections::HashMap<(i64, String), Arc<AtomicBool>>>);

impl ExportJobs {
    pub fn start(&self, actor: &Actor, job: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().expect("jobs lock").insert((actor.staff_id, job.to_string()), flag.clone());
        flag
    }

    pub fn finish(&self, actor: &Actor, job: &str) {
        self.0.lock().expect("jobs lock").remove(&(actor.staff_id, job.to_string()));
    }
}

/// Asks an export `actor` started to stop; it removes what it had written. `false`: no
/// export of theirs by that name is running (another person's job is not theirs to stop,
/// and is not told apart from none).
pub fn cancel_export(jobs: &ExportJobs, actor: &Actor, job: &str) -> AppResult<bool> {
    actor.require(Permission::ExportPatientData)?;
    let jobs = jobs.0.lock().expect("jobs lock");
    Ok(jobs
        .get(&(actor.staff_id, job.to_string()))
        .inspect(|f| f.store(true, std::sync::atomic::Ordering::Relaxed))
        .is_some())
}
