//! Bulk FHIR export: many patients as NDJSON, one file per resource type
//! (`Patient.ndjson`, `Observation.ndjson` …) and `manifest.json` with each file's
//! count, size and SHA-256, as FHIR Bulk Data lays out its output.
//!
//! Written into a folder, not a zip: bulk importers read the NDJSON files as they
//! are, a folder streams with no compression on two shared cores, and a file can be
//! checked against its manifest without unpacking gigabytes. The folder is written
//! under a hidden `.partial` name and renamed when whole, so a cancelled or failed
//! export leaves nothing behind.
//!
//! Streamed: patients are read a page at a time by id, in one read transaction (one
//! moment for the whole export), while a second thread turns the previous page into
//! JSON and writes it; memory holds two pages, whatever the clinic's size.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::load;
use super::package::cancelled;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, CLINIC_TZ};
use crate::downloads::disk_error;
use crate::error::{AppError, AppResult};
use crate::export::fhir::deidentify::{self, Pseudonyms};
use crate::export::fhir::{self, ClinicRow, Links, PatientRecord, StaffNames};
use crate::patients::clinic_today;
use crate::patients::ObjectionPurpose;
use crate::retention::RESTRICTED_PATIENTS;
use crate::store::Store;

/// Why many records leave the clinic at once. A closed list, kept in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BulkPurpose {
    /// Statistics and service evaluation: patients who object to statistics are left out,
    /// and the others are de-identified (`export::fhir::deidentify`).
    Statistics,
    /// Sharing with the care team outside the clinic: patients who object to sharing are left out.
    Sharing,
    /// The clinic's own records moved to its next system: no objection applies.
    Transfer,
}

impl BulkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            BulkPurpose::Statistics => "statistics",
            BulkPurpose::Sharing => "sharing",
            BulkPurpose::Transfer => "transfer",
        }
    }

    /// The objection that keeps a patient out of an export for this purpose.
    pub fn objection(self) -> Option<ObjectionPurpose> {
        match self {
            BulkPurpose::Statistics => Some(ObjectionPurpose::Statistics),
            BulkPurpose::Sharing => Some(ObjectionPurpose::Sharing),
            BulkPurpose::Transfer => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BulkRequest {
    pub purpose: BulkPurpose,
    /// Some patients only; every patient when absent.
    #[serde(default)]
    #[ts(optional, type = "number[] | null")]
    pub patient_ids: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BulkProgress {
    /// Patients written so far.
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BulkFile {
    pub resource_type: String,
    pub path: String,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BulkSaved {
    /// The folder written.
    pub path: String,
    #[ts(type = "number")]
    pub patients: u64,
    /// Selected patients left out because they object to this purpose, or because
    /// retention sets them aside for it (erased, restricted; see `selected`).
    #[ts(type = "number")]
    pub skipped_for_objections: u64,
    pub files: Vec<BulkFile>,
}

/// Patients per page: large enough that statements are few, small enough that a
/// cancel is seen within a fraction of a second.
const PAGE: i64 = 500;

/// The patients selected, not objecting and not set aside by retention.
///
/// - Erased patients are left out of every export: only a tombstone is left of them.
/// - Restricted patients (records kept past a deletion request) are left out of
///   statistics and sharing (`?2` is set): the law keeps their records, not for these
///   uses. A transfer (`?2` NULL) takes them along, since the next system must go on
///   keeping them until their date.
/// - Anonymised patients stay in statistics, which is what anonymisation kept their
///   clinical data for, and in a transfer; they are left out of sharing with a care
///   team, as there is no longer a person whose care it would serve.
fn selected() -> String {
    format!(
        "FROM patients p
     WHERE (?1 IS NULL OR p.id IN (SELECT value FROM json_each(?1)))
       AND p.erased_at IS NULL
       AND (?2 IS NULL OR p.id NOT IN ({RESTRICTED_PATIENTS}))
       AND (?2 IS NOT 'sharing' OR p.anonymised_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM objections o
                       WHERE o.patient_id = p.id AND o.purpose = ?2 AND o.withdrawn_at IS NULL)"
    )
}

struct Ndjson {
    out: BufWriter<File>,
    hash: Sha256,
    count: u64,
    bytes: u64,
}

/// Turns pages of records into NDJSON files in `dir`.
struct Writer {
    dir: PathBuf,
    files: BTreeMap<&'static str, Ndjson>,
    staff: BTreeSet<i64>,
    line: Vec<u8>,
    /// A statistics export: records de-identified, ids of this export only.
    deidentified: Option<Pseudonyms>,
}

impl Writer {
    fn write(&mut self, resource_type: &'static str, mut value: serde_json::Value) -> AppResult<()> {
        if let Some(p) = &self.deidentified {
            p.apply(&mut value);
        }
        self.line.clear();
        serde_json::to_writer(&mut self.line, &value).expect("a resource serializes");
        self.line.push(b'\n');
        let f = match self.files.get_mut(resource_type) {
            Some(f) => f,
            None => {
                let file = crate::owner_only::create(&self.dir.join(format!("{resource_type}.ndjson")))
                    .map_err(|e| disk_error(&e))?;
                let f = Ndjson {
                    out: BufWriter::with_capacity(1 << 20, file),
                    hash: Sha256::new(),
                    count: 0,
                    bytes: 0,
                };
                self.files.entry(resource_type).or_insert(f)
            }
        };
        f.hash.update(&self.line);
        f.out.write_all(&self.line).map_err(|e| disk_error(&e))?;
        f.count += 1;
        f.bytes += self.line.len() as u64;
        Ok(())
    }

    fn page(&mut self, records: &[PatientRecord]) -> AppResult<()> {
        for r in records {
            let stats;
            let r = if self.deidentified.is_some() {
                stats = deidentify::for_statistics(r);
                &stats
            } else {
                r
            };
            self.staff.extend(r.staff_ids());
            for res in fhir::patient_resources(r, Links::Bulk) {
                let t = resource_type(&res);
                self.write(t, res)?;
            }
        }
        Ok(())
    }

    /// The clinic and the staff the records refer to, then every file flushed to disk.
    fn finish(mut self, clinic: &ClinicRow, names: &StaffNames) -> AppResult<Vec<BulkFile>> {
        self.write("Organization", fhir::organization(clinic))?;
        let named = self.deidentified.is_none();
        for id in std::mem::take(&mut self.staff) {
            let name = names.get(&id).map_or("Clinic staff", String::as_str);
            self.write("Practitioner", fhir::practitioner(id, named.then_some(name)))?;
        }
        let mut out = Vec::new();
        for (t, f) in self.files {
            let file = f.out.into_inner().map_err(|e| disk_error(e.error()))?;
            file.sync_all().map_err(|e| disk_error(&e))?;
            out.push(BulkFile {
                resource_type: t.into(),
                path: format!("{t}.ndjson"),
                count: f.count,
                bytes: f.bytes,
                sha256: hex::encode(f.hash.finalize()),
            });
        }
        Ok(out)
    }
}

/// The static name of a resource's type, for the file it goes in.
fn resource_type(res: &serde_json::Value) -> &'static str {
    const TYPES: [&str; 15] = [
        "Patient",
        "RelatedPerson",
        "Practitioner",
        "Organization",
        "Appointment",
        "Encounter",
        "Condition",
        "AllergyIntolerance",
        "MedicationStatement",
        "MedicationDispense",
        "Observation",
        "Consent",
        "DocumentReference",
        "Invoice",
        "ChargeItem",
    ];
    let t = res["resourceType"].as_str().unwrap_or_default();
    TYPES.into_iter().find(|x| *x == t).expect("every resource built here has a known type")
}

fn unique_dir(parent: &Path, name: &str) -> PathBuf {
    let mut path = parent.join(name);
    let mut n = 2;
    while path.exists() {
        path = parent.join(format!("{name} ({n})"));
        n += 1;
    }
    path
}

/// Exports the selected patients as FHIR NDJSON into a new folder under `dest`,
/// leaving out those who object to the purpose. `progress` is told after each page;
/// `cancel` is read before each page is read and after each is written.
pub async fn bulk_export(
    store: &Store,
    actor: &Actor,
    req: BulkRequest,
    dest: &Path,
    progress: impl Fn(BulkProgress) + Send + 'static,
    cancel: Arc<AtomicBool>,
) -> AppResult<BulkSaved> {
    actor.require(Permission::ExportPatientData)?;
    let at = Utc::now();
    let selection = req.patient_ids.as_ref().map(|ids| serde_json::to_string(ids).expect("ids serialize"));
    let objection = req.purpose.objection().map(ObjectionPurpose::as_str);
    let mut tx = store.pool().begin().await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) {}", selected())))
        .bind(&selection)
        .bind(objection)
        .fetch_one(&mut *tx)
        .await?;
    let chosen: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM patients WHERE ?1 IS NULL OR id IN (SELECT value FROM json_each(?1))",
    )
    .bind(&selection)
    .fetch_one(&mut *tx)
    .await?;
    let templates = load::templates(&mut tx).await?;
    let staff = load::staff_names(&mut tx).await?;
    let clinic = load::clinic(&mut tx).await?;
    let today = clinic_today().to_string();

    crate::owner_only::create_dir_all(dest).map_err(|e| disk_error(&e))?;
    let stamp = at.with_timezone(&CLINIC_TZ).format("%Y-%m-%d-%H%M%S");
    let partial = dest.join(format!(".fhir-bulk-{stamp}.partial"));
    crate::owner_only::create_dir_all(&partial).map_err(|e| disk_error(&e))?;

    let deidentified = req.purpose == BulkPurpose::Statistics;
    let (pages, mut incoming) = tokio::sync::mpsc::channel::<Vec<PatientRecord>>(2);
    let total = total as u64;
    let writer_cancel = cancel.clone();
    let writer_dir = partial.clone();
    let writing = tokio::task::spawn_blocking(move || {
        let mut w = Writer {
            dir: writer_dir,
            files: BTreeMap::new(),
            staff: BTreeSet::new(),
            line: Vec::new(),
            deidentified: deidentified.then(Pseudonyms::fresh),
        };
        let mut done = 0u64;
        progress(BulkProgress { done, total });
        while let Some(records) = incoming.blocking_recv() {
            w.page(&records)?;
            done += records.len() as u64;
            progress(BulkProgress { done, total });
            if writer_cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
        }
        if writer_cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        w.finish(&clinic, &staff)
    });

    // Every patient written, for the audit entry (each one's access report lists the export).
    let mut exported: Vec<i64> = Vec::with_capacity(total as usize);
    let reading = async {
        let mut after = 0i64;
        while !cancel.load(Ordering::Relaxed) {
            let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT p.id {} AND p.id > ?3 ORDER BY p.id LIMIT ?4",
                selected()
            )))
            .bind(&selection)
            .bind(objection)
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *tx)
            .await?;
            let Some(last) = ids.last() else { break };
            after = *last;
            exported.extend_from_slice(&ids);
            let records = load::records(&mut tx, &ids, &templates, &today).await?;
            if pages.send(records).await.is_err() {
                break; // the writer stopped: its error says why
            }
        }
        drop(pages);
        AppResult::Ok(())
    };
    let read = reading.await;
    let written = writing.await.map_err(AppError::from).and_then(|r| r);
    let _ = tx.commit().await;
    let files = match (read, written) {
        (Ok(()), Ok(files)) => files,
        (Err(e), _) | (Ok(()), Err(e)) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };

    let manifest = json!({
        "transactionTime": fhir::instant(&clock::utc_text(at)),
        "format": "FHIR R4 (4.0.1) NDJSON",
        "purpose": req.purpose.as_str(),
        "deidentified": deidentified,
        "patients": total,
        "skippedForObjections": chosen as u64 - total,
        "output": files.iter().map(|f| json!({
            "type": f.resource_type, "url": f.path, "count": f.count, "bytes": f.bytes, "sha256": f.sha256,
        })).collect::<Vec<_>>(),
    });
    let finished = crate::owner_only::create(&partial.join("manifest.json"))
        .and_then(|mut f| f.write_all(&serde_json::to_vec_pretty(&manifest).expect("json")))
        .map_err(|e| disk_error(&e))
        .and_then(|()| {
            let path = unique_dir(dest, &format!("fhir-bulk-{stamp}"));
            std::fs::rename(&partial, &path).map_err(|e| disk_error(&e))?;
            Ok(path)
        });
    let path = match finished {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };

    let skipped = chosen as u64 - total;
    let summary = format!(
        "FHIR bulk export, purpose {}, {total} patients, {skipped} left out for objections or retention{}{}",
        req.purpose.as_str(),
        if req.patient_ids.is_some() { ", a selection" } else { ", all patients" },
        if deidentified { ", de-identified" } else { "" },
    );
    let audited = async {
        let mut w = store.begin_write().await?;
        w.audit_naming(actor.origin().entry(AuditAction::Export, "patients", None, summary), &exported)
            .await?;
        w.commit().await
    };
    if let Err(e) = audited.await {
        let _ = std::fs::remove_dir_all(&path);
        return Err(e);
    }
    Ok(BulkSaved {
        path: path.to_string_lossy().into_owned(),
        patients: total,
        skipped_for_objections: skipped,
        files,
    })
}
