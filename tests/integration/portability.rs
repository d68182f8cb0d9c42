//! Portability on a real store: the patient's zip (FHIR bundle, CSVs, record PDF,
//! attachments, manifest) and the bulk NDJSON export, both checked by our own
//! reference check and by the independent validator in `tests/fhir/validate.py`
//! (FHIR models from PyPI's `fhir.resources`), which must also reject a broken bundle.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use alhayat::auth::{Actor, Role};
use alhayat::downloads::Downloads;
use alhayat::export::fhir::{check, Ref};
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, ObjectionPurpose};
use alhayat::portability::{self, BulkPurpose, BulkRequest};
use alhayat::records::{
    self, AllergyInput, AllergySeverity, AllergyStatus, ConditionInput, ConditionStatus, MedicationInput,
};
use alhayat::rights;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::*;
use crate::timeline::{seen_by_everyone, Seen};

/// The patient of `seen_by_everyone` with a full history, a consent, an emergency
/// contact and an attended visit; the privacy officer; the export folder.
struct Package {
    s: Seen,
    officer: Actor,
    downloads: Downloads,
    out: tempfile::TempDir,
}

async fn package_fixture() -> Package {
    let s = seen_by_everyone().await;
    let store = &s.d.f.store;
    let p = s.d.patients[0];
    records::add_condition(
        store,
        &s.bilal,
        p,
        ConditionInput {
            description: "Osteoarthritis of the right knee".into(),
            icd10: Some("M17.1".into()),
            onset: Some("2025-03".into()),
            status: ConditionStatus::Active,
        },
    )
    .await
    .unwrap();
    let allergy = AllergyInput {
        substance: "Penicillin".into(),
        reaction: Some("hives".into()),
        severity: AllergySeverity::Severe,
        status: AllergyStatus::Active,
    };
    records::add_allergy(store, &s.bilal, p, allergy).await.unwrap();
    let medication = MedicationInput {
        name: "Paracetamol".into(),
        strength: Some("500 mg".into()),
        dose: Some("1 tablet".into()),
        route: Some("by mouth".into()),
        frequency: Some("every six hours".into()),
        starts_on: Some("2026-11-01".into()),
        stops_on: None,
        prescriber: Some("Dr. Kamran".into()),
    };
    records::add_medication(store, &s.bilal, p, medication).await.unwrap();
    let consent = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::Written,
    };
    patients::record_consent(store, &s.d.desk, p, consent).await.unwrap();
    sqlx::query(
        "INSERT INTO related_persons (patient_id, kind, name, relationship, phone, created_at)
         VALUES (?1, 'emergency_contact', 'Riaz Ahmed', 'Father', '+92 300 1234567', '2026-11-01T00:00:00Z')",
    )
    .bind(p)
    .execute(store.pool())
    .await
    .unwrap();
    // The physiotherapy visit took place: an Encounter, which its note points at.
    sqlx::query("UPDATE appointments SET status = 'completed', arrived_at = starts_at WHERE id = ?1")
        .bind(s.physio_appointment)
        .execute(store.pool())
        .await
        .unwrap();
    // The visit was billed and paid; a second invoice was voided.
    let input = alhayat::billing::InvoiceInput {
        patient_id: p,
        appointment_id: Some(s.physio_appointment),
        dispensing_id: None,
        lines: Vec::new(),
        discount: None,
    };
    let draft = alhayat::billing::create_invoice(store, &s.d.desk, input).await.unwrap();
    let paid = alhayat::billing::issue_invoice(store, &s.d.desk, draft.id).await.unwrap();
    let part = alhayat::billing::PaymentPart {
        method: alhayat::billing::PaymentMethod::Cash,
        amount: (paid.total_paisa / 100).to_string(),
        tendered: None,
        reference: None,
    };
    let payment =
        alhayat::billing::PaymentInput { patient_id: p, invoice_id: Some(paid.id), parts: vec![part] };
    alhayat::billing::take_payment(store, &s.d.desk, payment).await.unwrap();
    let line = alhayat::billing::LineInput {
        kind: alhayat::billing::LineKind::Other,
        service_id: None,
        item_id: None,
        quantity: 2.0,
        description: Some("Exercise band".into()),
        unit_price: Some("450".into()),
        discount: None,
    };
    let input = alhayat::billing::InvoiceInput {
        patient_id: p,
        appointment_id: None,
        dispensing_id: None,
        lines: vec![line],
        discount: None,
    };
    let draft = alhayat::billing::create_invoice(store, &s.d.desk, input).await.unwrap();
    let voided = alhayat::billing::issue_invoice(store, &s.d.desk, draft.id).await.unwrap();
    let admin_id = add_staff(store, "imran", "Imran Admin", &[Role::Administrator]).await;
    alhayat::billing::void_invoice(
        store,
        &actor(admin_id, &[Role::Administrator]),
        voided.id,
        "Band not taken",
    )
    .await
    .unwrap();
    let officer_id = add_staff(store, "nadia", "Nadia Privacy", &[Role::PrivacyOfficer]).await;
    let out = tempfile::tempdir().unwrap();
    let downloads = Downloads::new(Some(out.path().join("Downloads")), s.d.f.dir.path());
    Package { s, officer: actor(officer_id, &[Role::PrivacyOfficer]), downloads, out }
}

/// A portability request of the fixture's patient, identity verified and work started.
async fn request_in_progress(t: &Package) -> i64 {
    request_of(t, "portability", true).await
}

async fn request_of(t: &Package, kind: &str, start: bool) -> i64 {
    let store = &t.s.d.f.store;
    let now = chrono::Utc::now();
    let input = rights::RequestInput {
        kind: kind.into(),
        patient_id: t.s.d.patients[0],
        requested_by: rights::RequestedBy::Patient,
        guardian_id: None,
        details: String::new(),
        received_on: rights::clinic_date(now).to_string(),
        due_on: String::new(),
    };
    let r = rights::record_request(store, &t.officer, input, now).await.unwrap();
    if start {
        start_work(t, r.id).await;
    }
    r.id
}

/// Identity verified, work started.
async fn start_work(t: &Package, request: i64) {
    let (store, now) = (&t.s.d.f.store, chrono::Utc::now());
    let check = rights::IdentityCheck { method: rights::IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
    rights::verify_identity(store, &t.officer, request, check, now).await.unwrap();
    rights::start_work(store, &t.officer, request, String::new(), now).await.unwrap();
}

fn no_cancel() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

/// The independent validator, run with the test venv's Python.
fn validate(kind: &str, path: &Path) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("ALHAYAT_FHIR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv-e2e/bin/python"));
    let out = std::process::Command::new(&python)
        .arg(root.join("tests/fhir/validate.py"))
        .arg(kind)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("{} could not run ({e}): run scripts/install-deps.sh --test", python.display())
        });
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn unzip(path: &str) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn of_type<'b>(bundle: &'b Value, t: &str) -> Vec<&'b Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == t)
        .collect()
}

#[tokio::test]
async fn the_package_holds_the_whole_record_valid_fhir_csvs_the_pdf_and_a_true_manifest() {
    let t = package_fixture().await;
    let (s, store) = (&t.s, &t.s.d.f.store);
    let p = s.d.patients[0];
    // An objection to sharing does not stop the patient's own request.
    patients::record_objection(store, &s.d.desk, p, ObjectionPurpose::Sharing).await.unwrap();
    let request = request_in_progress(&t).await;
    let saved =
        portability::patient_package(store, &t.officer, request, &t.downloads, no_cancel()).await.unwrap();
    let files = unzip(&saved.path);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "fhir/bundle.json",
        "csv/patients.csv",
        "csv/notes.csv",
        "csv/measures.csv",
        "csv/consents.csv",
        "manifest.json",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("record-") && n.ends_with(".pdf")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.starts_with("attachments/")).count(), 3, "{names:?}");

    // The manifest lists every other file with its true size and hash.
    let manifest: Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), files.len() - 1);
    for (name, bytes) in files.iter().filter(|(n, _)| n != "manifest.json") {
        let m =
            listed.iter().find(|m| m["path"] == name.as_str()).unwrap_or_else(|| panic!("{name} not listed"));
        assert_eq!(m["bytes"], bytes.len());
        assert_eq!(m["sha256"], hex::encode(Sha256::digest(bytes)));
    }

    let bundle_bytes = &files.iter().find(|(n, _)| n == "fhir/bundle.json").unwrap().1;
    let bundle: Value = serde_json::from_slice(bundle_bytes).unwrap();
    assert_eq!(bundle["type"], "collection");
    assert!(check::bundle_problems(&bundle).is_empty(), "{:?}", check::bundle_problems(&bundle));
    for t in [
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
    ] {
        assert!(!of_type(&bundle, t).is_empty(), "no {t} in the bundle");
    }
    // The billing records: the paid visit (its line points at the visit) and the voided one.
    let invoices = of_type(&bundle, "Invoice");
    let statuses: Vec<&str> = invoices.iter().filter_map(|i| i["status"].as_str()).collect();
    assert_eq!(statuses, ["balanced", "cancelled"], "{invoices:?}");
    assert_eq!(invoices[1]["cancelledReason"], "Band not taken");
    assert_eq!(invoices[1]["totalGross"], serde_json::json!({ "value": 900.0, "currency": "PKR" }));
    assert!(invoices[0]["identifier"][0]["value"].as_str().unwrap().starts_with("INV-"));
    let charges = of_type(&bundle, "ChargeItem");
    assert_eq!(charges.len(), 2);
    let encounter = of_type(&bundle, "Encounter")[0]["id"].as_str().unwrap().to_string();
    assert_eq!(charges[0]["context"]["reference"], format!("urn:uuid:{encounter}"));
    assert_eq!(charges[1]["status"], "aborted");
    let condition = of_type(&bundle, "Condition")[0];
    assert_eq!(condition["code"]["coding"][0]["system"], "http://hl7.org/fhir/sid/icd-10");
    assert_eq!(condition["code"]["coding"][0]["code"], "M17.1");
    let loinc: Vec<&str> = of_type(&bundle, "Observation")
        .iter()
        .filter_map(|o| o["code"]["coding"][0]["code"].as_str())
        .collect();
    assert!(loinc.contains(&"44261-6") && loinc.contains(&"72514-3"), "{loinc:?}");
    assert_eq!(of_type(&bundle, "Encounter").len(), 1, "only the attended visit");

    // Every signed note, psychology too; the amendment replaces the original.
    let notes: Vec<&Value> = of_type(&bundle, "DocumentReference")
        .into_iter()
        .filter(|d| d["type"]["coding"][0]["code"] == "11506-3")
        .collect();
    assert_eq!(notes.len(), 3, "two physiotherapy notes and the psychology note; no drafts");
    let texts: Vec<String> = notes
        .iter()
        .map(|n| {
            let data = n["content"][0]["attachment"]["data"].as_str().unwrap();
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(data).unwrap()).unwrap()
        })
        .collect();
    assert!(texts.iter().any(|t| t.contains("Low mood since the accident")), "{texts:?}");
    let amendment = notes.iter().find(|n| n["relatesTo"].is_array()).unwrap();
    assert_eq!(amendment["relatesTo"][0]["code"], "replaces");
    let original = notes.iter().find(|n| n["status"] == "superseded").unwrap();
    assert_eq!(
        amendment["relatesTo"][0]["target"]["reference"],
        format!("urn:uuid:{}", original["id"].as_str().unwrap())
    );
    assert!(
        notes.iter().any(|n| n["relatesTo"].is_null() && n["status"] == "current"),
        "the psychology note stands alone"
    );

    // The CSVs read back.
    let csv = &files.iter().find(|(n, _)| n == "csv/patients.csv").unwrap().1;
    let mut rows = csv::Reader::from_reader(&csv[3..]);
    let first = rows.records().next().unwrap().unwrap();
    assert_eq!(&first[1], "Amna Riaz");

    // The independent validator accepts it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, bundle_bytes).unwrap();
    let (ok, report) = validate("bundle", &file);
    assert!(ok, "the validator refused the bundle:\n{report}");

    // One export entry, with the purpose and no patient data.
    let (entity, summary, patient): (String, String, Option<i64>) = sqlx::query_as(
        "SELECT entity, summary, patient_id FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!((entity.as_str(), patient), ("patient_record", Some(p)));
    assert!(summary.contains("purpose patient_request") && !summary.contains("Amna"), "{summary}");
    assert!(summary.contains(&format!("request #{request}")), "{summary}");
}

#[tokio::test]
async fn the_validator_rejects_a_broken_bundle() {
    let t = package_fixture().await;
    let request = request_in_progress(&t).await;
    let saved = portability::patient_package(&t.s.d.f.store, &t.officer, request, &t.downloads, no_cancel())
        .await
        .unwrap();
    let files = unzip(&saved.path);
    let mut bundle: Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "fhir/bundle.json").unwrap().1).unwrap();
    let entries = bundle["entry"].as_array_mut().unwrap();
    let obs = entries.iter_mut().find(|e| e["resource"]["resourceType"] == "Observation").unwrap();
    obs["resource"].as_object_mut().unwrap().remove("status");
    obs["resource"]["effectiveDateTime"] = "2026-11-02 10:00".into();
    let appt = entries.iter_mut().find(|e| e["resource"]["resourceType"] == "Appointment").unwrap();
    appt["resource"]["status"] = "done".into();
    let enc = entries.iter_mut().find(|e| e["resource"]["resourceType"] == "Encounter").unwrap();
    enc["resource"]["subject"]["reference"] = "urn:uuid:00000000-0000-8000-8000-000000000000".into();
    assert_eq!(check::bundle_problems(&bundle).len(), 1, "our own check sees the dangling reference");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, serde_json::to_vec(&bundle).unwrap()).unwrap();
    let (ok, report) = validate("bundle", &file);
    assert!(!ok, "the validator accepted a broken bundle:\n{report}");
    for expected in ["status", "effectiveDateTime", "'done'", "does not resolve"] {
        assert!(report.contains(expected), "{expected:?} not reported:\n{report}");
    }
}

#[tokio::test]
async fn only_the_privacy_officer_exports_and_a_cancelled_export_leaves_nothing() {
    let t = package_fixture().await;
    let (s, store) = (&t.s, &t.s.d.f.store);
    let request = request_in_progress(&t).await;
    // The administrator runs the system and sees no patient records.
    for who in [&s.d.desk, &s.bilal, &s.ayesha, &s.d.admin] {
        let e =
            portability::patient_package(store, who, request, &t.downloads, no_cancel()).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden");
    }
    portability::patient_package(store, &t.officer, request, &t.downloads, no_cancel()).await.unwrap();
    let missing = portability::patient_package(store, &t.officer, 999_999, &t.downloads, no_cancel())
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), "not_found");

    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let e = portability::patient_package(
        store,
        &t.officer,
        request,
        &t.downloads,
        Arc::new(AtomicBool::new(true)),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("cancelled"), "{e}");
    let left: Vec<String> = std::fs::read_dir(t.downloads.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "only the first zip, no partial file: {left:?}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(before, after, "nothing exported, nothing audited");
    drop(t.out);
}

#[tokio::test]
async fn bulk_export_streams_valid_ndjson_leaves_out_objectors_and_cancels_cleanly() {
    let t = package_fixture().await;
    let (s, store) = (&t.s, &t.s.d.f.store);
    patients::record_objection(store, &s.d.desk, s.d.patients[1], ObjectionPurpose::Statistics)
        .await
        .unwrap();
    let dest = t.out.path().join("bulk");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let req = BulkRequest { purpose: BulkPurpose::Statistics, patient_ids: None };
    let saved = portability::bulk_export(
        store,
        &t.officer,
        req,
        &dest,
        move |p| log.lock().unwrap().push(p),
        no_cancel(),
    )
    .await
    .unwrap();
    assert_eq!((saved.patients, saved.skipped_for_objections), (2, 1));
    let progress = seen.lock().unwrap().clone();
    assert_eq!(progress.first().map(|p| (p.done, p.total)), Some((0, 2)));
    assert_eq!(progress.last().map(|p| (p.done, p.total)), Some((2, 2)));

    let folder = PathBuf::from(&saved.path);
    let patients_file = std::fs::read_to_string(folder.join("Patient.ndjson")).unwrap();
    assert_eq!(patients_file.lines().count(), 2);
    assert!(!patients_file.contains("Usman Ghani"), "the objector is left out");
    let all: Vec<Value> = saved
        .files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(folder.join(&f.path))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(check::bulk_problems(&all).is_empty(), "{:?}", check::bulk_problems(&all));
    let (ok, report) = validate("ndjson", &folder);
    assert!(ok, "the validator refused the bulk export:\n{report}");

    // For the clinic's own transfer nobody is left out; a selection is honoured.
    let req = BulkRequest { purpose: BulkPurpose::Transfer, patient_ids: Some(vec![s.d.patients[1]]) };
    let saved = portability::bulk_export(store, &t.officer, req, &dest, |_| {}, no_cancel()).await.unwrap();
    assert_eq!((saved.patients, saved.skipped_for_objections), (1, 0));

    let req = BulkRequest { purpose: BulkPurpose::Statistics, patient_ids: None };
    let refused =
        portability::bulk_export(store, &s.bilal, req.clone(), &dest, |_| {}, no_cancel()).await.unwrap_err();
    assert_eq!(refused.kind(), "forbidden");
    let before: Vec<_> = std::fs::read_dir(&dest).unwrap().collect();
    // Cancelled once a page is written: its files go with the folder.
    let cancel = no_cancel();
    let flag = cancel.clone();
    let stop = move |p: alhayat::portability::BulkProgress| {
        if p.done > 0 {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let e = portability::bulk_export(store, &t.officer, req, &dest, stop, cancel).await.unwrap_err();
    assert!(e.to_string().contains("cancelled"));
    assert_eq!(
        std::fs::read_dir(&dest).unwrap().count(),
        before.len(),
        "a cancelled export leaves no folder"
    );

    let summary: String = sqlx::query_scalar(
        "SELECT summary FROM audit_log WHERE action = 'export' AND entity = 'patients' ORDER BY seq LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert!(summary.contains("purpose statistics, 2 patients, 1 left out for objections"), "{summary}");
}

#[tokio::test]
async fn a_whole_record_leaves_only_for_a_portability_request_in_progress() {
    let t = package_fixture().await;
    let store = &t.s.d.f.store;
    let exports = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log WHERE action = 'export'")
            .fetch_one(store.pool())
            .await
            .unwrap()
    };
    // Received but not yet identified, or another kind of request: nothing leaves.
    let received = request_of(&t, "portability", false).await;
    let access = request_of(&t, "access", true).await;
    for (request, says) in [(received, "identity must be verified"), (access, "not a portability request")] {
        let e = portability::patient_package(store, &t.officer, request, &t.downloads, no_cancel())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "conflict", "{e}");
        assert!(e.to_string().contains(says), "{e}");
    }
    assert_eq!(exports().await, 0, "nothing exported, nothing audited");
    assert!(!t.downloads.dir().exists() || std::fs::read_dir(t.downloads.dir()).unwrap().next().is_none());

    // Once the requester is identified and work has started, it leaves, named in the trail.
    let request = received;
    start_work(&t, request).await;
    portability::patient_package(store, &t.officer, request, &t.downloads, no_cancel()).await.unwrap();
    let (patient, summary): (Option<i64>, String) = sqlx::query_as(
        "SELECT patient_id, summary FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(patient, Some(t.s.d.patients[0]));
    assert!(summary.contains(&format!("purpose patient_request, request #{request}")), "{summary}");
}

#[tokio::test]
async fn a_statistics_export_is_de_identified_and_still_valid_fhir() {
    let t = package_fixture().await;
    let (s, store) = (&t.s, &t.s.d.f.store);
    let dest = t.out.path().join("bulk");
    let req = BulkRequest { purpose: BulkPurpose::Statistics, patient_ids: None };
    let saved = portability::bulk_export(store, &t.officer, req, &dest, |_| {}, no_cancel()).await.unwrap();
    assert_eq!(saved.patients, 3);
    let folder = PathBuf::from(&saved.path);
    let mut text = String::new();
    let mut all: Vec<Value> = Vec::new();
    for f in std::fs::read_dir(&folder).unwrap() {
        let path = f.unwrap().path();
        let content = std::fs::read_to_string(&path).unwrap();
        if path.extension().is_some_and(|e| e == "ndjson") {
            all.extend(content.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()));
        }
        // The clinic itself (its address in Lahore, its phone) is no patient's data.
        if !path.ends_with("Organization.ndjson") {
            text.push_str(&content);
        }
    }

    // Nothing that names a patient: identifiers, contacts, relatives, free text, staff.
    type Identity = (String, String, String, Option<String>, Option<String>);
    let people: Vec<Identity> =
        sqlx::query_as("SELECT mrn, full_name, birth_date, phone, city FROM patients")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(people.len(), 3);
    for (mrn, name, birth, phone, city) in &people {
        for gone in [Some(mrn), Some(name), Some(birth), phone.as_ref(), city.as_ref()].into_iter().flatten()
        {
            assert!(!text.contains(gone.as_str()), "{gone:?} is in the statistics export");
        }
    }
    for gone in [
        "Riaz Ahmed",      // the emergency contact
        "Dr. Kamran",      // the prescriber
        "hives",           // the allergy's reaction
        "Osteoarthritis",  // the condition's description (its code stays)
        "Low mood",        // a note
        "Dr. Bilal Ahmed", // staff
        "Dr. Ayesha Siddiqui",
        "the patient",                // a consent's giver
        "One tablet every six hours", // dispensing instructions
    ] {
        assert!(!text.contains(gone), "{gone:?} is in the statistics export");
    }
    for kind in ["RelatedPerson", "Consent", "DocumentReference", "Invoice", "ChargeItem"] {
        assert!(!folder.join(format!("{kind}.ndjson")).exists(), "{kind} in a statistics export");
    }
    let patients: Vec<Value> = std::fs::read_to_string(folder.join("Patient.ndjson"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for p in &patients {
        assert_eq!(p["birthDate"].as_str().map(str::len), Some(4), "birth year only: {p}");
        assert!(
            p.get("identifier").is_none() && p.get("name").is_none() && p.get("telecom").is_none(),
            "{p}"
        );
    }
    // The ids are this export's own: none is the one the store's id gives in every other export.
    for id in &s.d.patients {
        assert!(!text.contains(&Ref::Patient(*id).uuid()), "patient {id}'s usual id is in the export");
    }
    assert!(text.contains("M17.1"), "codes stay, for statistics");
    assert!(check::bulk_problems(&all).is_empty(), "{:?}", check::bulk_problems(&all));
    let (ok, report) = validate("ndjson", &folder);
    assert!(ok, "the validator refused the de-identified export:\n{report}");

    // A transfer to the clinic's next system is the record itself, named.
    let req = BulkRequest { purpose: BulkPurpose::Transfer, patient_ids: None };
    let saved = portability::bulk_export(store, &t.officer, req, &dest, |_| {}, no_cancel()).await.unwrap();
    let named = std::fs::read_to_string(PathBuf::from(&saved.path).join("Patient.ndjson")).unwrap();
    assert!(named.contains("Amna Riaz") && named.contains(&Ref::Patient(s.d.patients[0]).uuid()));
}

#[tokio::test]
async fn an_export_is_cancelled_only_by_the_person_who_started_it() {
    let t = package_fixture().await;
    let store = &t.s.d.f.store;
    let other = actor(
        add_staff(store, "farah", "Farah Privacy", &[Role::PrivacyOfficer]).await,
        &[Role::PrivacyOfficer],
    );
    let jobs = portability::ExportJobs::default();
    let mine = jobs.start(&t.officer, "export-1");
    // The same name from another desk is another job.
    let theirs = jobs.start(&other, "export-1");
    assert!(!portability::cancel_export(&jobs, &other, "export-2").unwrap(), "no such job of theirs");
    assert_eq!(portability::cancel_export(&jobs, &t.s.d.desk, "export-1").unwrap_err().kind(), "forbidden");
    assert!(
        !mine.load(std::sync::atomic::Ordering::Relaxed)
            && !theirs.load(std::sync::atomic::Ordering::Relaxed)
    );
    assert!(portability::cancel_export(&jobs, &t.officer, "export-1").unwrap());
    assert!(mine.load(std::sync::atomic::Ordering::Relaxed), "the starter stops their own");
    assert!(!theirs.load(std::sync::atomic::Ordering::Relaxed), "and nobody else's");
    jobs.finish(&other, "export-1");
    assert!(!portability::cancel_export(&jobs, &other, "export-1").unwrap(), "a finished job is gone");
}
