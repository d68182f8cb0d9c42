//! Each request kind fulfilled end to end at the service level: deletion (erasure or
//! anonymisation, the letter saying what was kept and until when), access (the record
//! and the access report, read back with poppler and checked by qpdf) and portability.

use std::process::Command;

use alhayat::downloads::Downloads;
use alhayat::retention::RecordKind;
use alhayat::rights::{
    self, DeletionMode, IdentityCheck, IdentityMethod, RequestInput, RequestState, RequestedBy,
};
use alhayat::staff::Language;

use crate::retention::seed::{register, team, visit, Person, Team};

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): install poppler-utils and qpdf"));
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a saved PDF, whitespace folded, after qpdf found nothing wrong.
pub fn pdf_text(path: &str) -> String {
    let check = run("qpdf", &["--check", path]);
    assert!(!check.contains("WARNING"), "{check}");
    let text =
        run("pdftotext", &["-enc", "UTF-8", path, "-"]).replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A request of `kind` by the patient (by their guardian for a child under 13),
/// received today, taken into progress.
async fn in_progress(t: &Team, p: &Person, kind: &str) -> i64 {
    let now = chrono::Utc::now();
    let guardian: Option<i64> =
        sqlx::query_scalar("SELECT id FROM related_persons WHERE patient_id = ?1 AND kind = 'guardian'")
            .bind(p.id)
            .fetch_optional(t.d.f.store.pool())
            .await
            .unwrap();
    let input = RequestInput {
        kind: kind.into(),
        patient_id: p.id,
        requested_by: if guardian.is_some() { RequestedBy::Guardian } else { RequestedBy::Patient },
        guardian_id: guardian,
        details: String::new(),
        received_on: rights::clinic_date(now).to_string(),
        due_on: String::new(),
    };
    let store = &t.d.f.store;
    let r = rights::record_request(store, &t.privacy, input, now).await.unwrap();
    let check = IdentityCheck { method: IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
    rights::verify_identity(store, &t.privacy, r.id, check, now).await.unwrap();
    rights::start_work(store, &t.privacy, r.id, String::new(), now).await.unwrap();
    r.id
}

/// A downloads folder of its own (kept while the first value lives).
fn downloads() -> (tempfile::TempDir, Downloads) {
    let out = tempfile::tempdir().unwrap();
    let dl = Downloads::new(Some(out.path().to_path_buf()), out.path());
    (out, dl)
}

async fn letter(t: &Team, id: i64) -> String {
    let now = chrono::Utc::now();
    let file = rights::letter_pdf(&t.d.f.store, &t.privacy, id, Language::En, now).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path =
        Downloads::new(Some(out.path().to_path_buf()), out.path()).save(&file.name, &file.bytes).unwrap();
    pdf_text(&path)
}

#[tokio::test]
async fn a_deletion_erases_what_may_go_and_the_letter_lists_what_is_kept_until_when() {
    let t = team().await;
    let (_out, dl) = downloads();
    let p =
        register(&t, "Rukhsana Bibi", "Aslam Pervaiz Gill", "1970-04-04", "35202-9998887-1", "0333-1212121")
            .await;
    visit(&t, &p, "2020-06-01").await;
    let id = in_progress(&t, &p, "deletion").await;

    // Only a deletion request is fulfilled this way.
    let access = in_progress(&t, &p, "access").await;
    let now = chrono::Utc::now();
    let e = rights::fulfil_deletion(&t.d.f.store, &t.privacy, access, DeletionMode::Erase, &dl, now)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "conflict");
    // Reception cannot.
    let e = rights::fulfil_deletion(&t.d.f.store, &t.d.desk, id, DeletionMode::Erase, &dl, now)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "forbidden");

    let done =
        rights::fulfil_deletion(&t.d.f.store, &t.privacy, id, DeletionMode::Erase, &dl, now).await.unwrap();
    assert_eq!(done.fulfilled.request.state, RequestState::Fulfilled);
    let out = done.erasure.unwrap();
    let kind = |k: RecordKind| out.kinds.iter().find(|o| o.kind == k).unwrap().clone();
    assert_eq!(kind(RecordKind::PrescriptionsAndDispensings).erased, 1, "5 years after 2020-06-01 passed");
    assert_eq!((kind(RecordKind::ClinicalNotes).erased, kind(RecordKind::ClinicalNotes).kept), (0, 6));
    let dispensings: i64 = sqlx::query_scalar("SELECT count(*) FROM dispensings WHERE patient_id = ?1")
        .bind(p.id)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(dispensings, 0);

    let text = letter(&t, id).await;
    assert!(text.contains("Erased: - prescriptions and dispensings (1 record)"), "{text}");
    assert!(text.contains("- clinical notes (6 records), kept until 1 June 2027."), "{text}");
    assert!(text.contains("Kept 7 years after the last visit (2020-06-01)."), "{text}");
    assert!(text.contains("personal details (1 record), kept until 1 June 2027"), "{text}");
    let gone_by =
        alhayat::retention::erase::long_date(alhayat::patients::clinic_today() + chrono::Duration::days(365));
    assert!(text.contains(&format!("Copies in the clinic's backups are overwritten by {gone_by}")), "{text}");
    // The erasure, the two letters and the step, in the same commit (then the letter above).
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 5")
        .fetch_all(t.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(actions[1..], ["update", "export", "export", "erase"], "{actions:?}");
    let report =
        alhayat::audit::verify(t.d.f.store.pool(), t.d.f.store.head().read().as_ref()).await.unwrap();
    assert!(report.ok, "{:?}", report.problem);
}

#[tokio::test]
async fn a_deletion_for_a_child_counts_to_the_18th_birthday_and_an_erased_patient_is_refused() {
    let t = team().await;
    let (_out, dl) = downloads();
    let child =
        register(&t, "Hoorain Fatima", "Waqas Ahmed Sandhu", "2016-09-30", "35202-4443332-2", "0304-9090909")
            .await;
    visit(&t, &child, "2018-04-10").await;
    let id = in_progress(&t, &child, "deletion").await;
    let now = chrono::Utc::now();
    rights::fulfil_deletion(&t.d.f.store, &t.privacy, id, DeletionMode::Erase, &dl, now).await.unwrap();
    let text = letter(&t, id).await;
    assert!(text.contains("clinical notes (6 records), kept until 30 September 2041"), "{text}");
    assert!(text.contains("18th birthday (2034-09-30)"), "{text}");

    // An adult whose records may all go: erased, then no request can be made for them.
    let gone =
        register(&t, "Nusrat Jabeen", "Sajid Hussain Awan", "1950-01-01", "35202-1010101-3", "0345-3030303")
            .await;
    visit(&t, &gone, "2012-01-01").await;
    let id = in_progress(&t, &gone, "deletion").await;
    let done =
        rights::fulfil_deletion(&t.d.f.store, &t.privacy, id, DeletionMode::Erase, &dl, now).await.unwrap();
    assert!(done.erasure.unwrap().patient_erased);
    // The letters were written before the name went, so they are still addressed to her.
    assert_eq!(done.letters.len(), 2);
    assert!(done.letters[1].ends_with("-ur.pdf"), "{:?}", done.letters);
    let saved = pdf_text(&done.letters[0]);
    assert!(saved.contains("Nusrat Jabeen") && saved.contains("Erased:"), "{saved}");
    assert!(!letter(&t, id).await.contains("Nusrat Jabeen"), "a letter written later no longer can be");
    let text = letter(&t, id).await;
    assert!(
        text.contains("Kept, as the law requires, and used for nothing else until then: - nothing"),
        "{text}"
    );
    let input = RequestInput {
        kind: "access".into(),
        patient_id: gone.id,
        requested_by: RequestedBy::Patient,
        guardian_id: None,
        details: String::new(),
        received_on: rights::clinic_date(now).to_string(),
        due_on: String::new(),
    };
    let e = rights::record_request(&t.d.f.store, &t.privacy, input, now).await.unwrap_err();
    assert_eq!(e.field(), Some("patient_id"));
    assert!(e.to_string().contains("erased"), "{e}");

    // Reception neither finds nor books an erased patient.
    assert!(alhayat::patients::search(&t.d.f.store, &t.d.desk, "Nusrat", 10).await.unwrap().is_empty());
    let tomorrow = crate::scheduling::at(rights::clinic_date(now), 1, "10:00");
    let booking = alhayat::scheduling::BookingInput {
        patient_id: gone.id,
        ..t.d.booking(0, t.d.bilal, t.d.room1, &tomorrow)
    };
    let e = alhayat::scheduling::book(&t.d.f.store, &t.d.desk, booking).await.unwrap_err();
    assert_eq!(e.field(), Some("patient_id"));
    assert!(e.to_string().contains("cannot be booked"), "{e}");
}

#[tokio::test]
async fn a_deletion_may_anonymise_instead() {
    let t = team().await;
    let (_out, dl) = downloads();
    let p =
        register(&t, "Saima Noreen", "Zahid Mahmood Bhatti", "1982-02-02", "35202-6060606-5", "0312-5050505")
            .await;
    visit(&t, &p, "2024-01-15").await;
    let id = in_progress(&t, &p, "deletion").await;
    let now = chrono::Utc::now();
    let done = rights::fulfil_deletion(&t.d.f.store, &t.privacy, id, DeletionMode::Anonymise, &dl, now)
        .await
        .unwrap();
    assert_eq!(done.anonymisation.unwrap().notes_removed, 1);
    let text = letter(&t, id).await;
    assert!(text.contains("removed for good, with 1 clinical note and 1 attachment"), "{text}");
    assert!(!text.contains("Saima"), "{text}");
}

#[tokio::test]
async fn access_saves_the_record_and_a_report_listing_disclosures_and_retention() {
    let t = team().await;
    let p = register(
        &t,
        "Parveen Akhtar",
        "Naveed Anjum Cheema",
        "1978-07-07",
        "35202-2323232-7",
        "0300-8787878",
    )
    .await;
    visit(&t, &p, "2020-06-01").await;
    let now = chrono::Utc::now();
    let disclosure = rights::DisclosureInput {
        patient_id: p.id,
        recipient: "Mayo Hospital Orthopaedics".into(),
        purpose: rights::DisclosurePurpose::CareTeam,
        reason: "Referral for an MRI".into(),
        what: "Physiotherapy notes".into(),
        disclosed_on: rights::clinic_date(now).to_string(),
    };
    rights::record_disclosure(&t.d.f.store, &t.privacy, disclosure, now).await.unwrap();
    let id = in_progress(&t, &p, "access").await;
    let out = tempfile::tempdir().unwrap();
    let downloads = Downloads::new(Some(out.path().to_path_buf()), out.path());
    let e = rights::fulfil_access(&t.d.f.store, &t.d.desk, id, &downloads, now).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap();

    let done = rights::fulfil_access(&t.d.f.store, &t.privacy, id, &downloads, now).await.unwrap();
    assert_eq!(done.request.state, RequestState::Fulfilled);
    let record = pdf_text(&done.record_path);
    assert!(record.contains("Parveen Akhtar") && record.contains("low back pain"), "{record}");
    let report = pdf_text(&done.report_path);
    for want in [
        "Access report",
        "Parveen Akhtar",
        "Mayo Hospital Orthopaedics",
        "Referral for an MRI",
        "Clinical notes, physiotherapy 1",
        "Medicines dispensed 1",
        "Invoices and credit notes (with what was paid on them) 0",
        "Kept until 1 June 2027. Kept 7 years after the last visit (2020-06-01).",
        "Audit trail (who saw or changed your record) Kept always.",
        "Portability:",
    ] {
        assert!(report.contains(want), "{want:?} not in:\n{report}");
    }
    let outcome = done.request.outcome_details.clone().unwrap();
    assert!(outcome.contains("access-report-") && outcome.contains("record-"), "{outcome}");
    let exports: Vec<String> = sqlx::query_scalar(
        "SELECT summary FROM audit_log WHERE action = 'export' AND patient_id = ?1 ORDER BY seq",
    )
    .bind(p.id)
    .fetch_all(t.d.f.store.pool())
    .await
    .unwrap();
    assert_eq!(exports.len() as i64, 2, "{exports:?} (before: {before})");
    assert!(exports.iter().all(|s| s.contains("purpose patient_request") && !s.contains("Parveen")));
    // Fulfilled once: a second try is refused and saves nothing more.
    let e = rights::fulfil_access(&t.d.f.store, &t.privacy, id, &downloads, now).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 2);
}

#[tokio::test]
async fn portability_saves_the_zip_and_fulfils_the_request() {
    let t = team().await;
    let p =
        register(&t, "Kiran Shahzadi", "Asif Nawaz Khokhar", "1988-08-08", "35202-5454545-9", "0322-6767676")
            .await;
    visit(&t, &p, "2025-02-02").await;
    let id = in_progress(&t, &p, "portability").await;
    let out = tempfile::tempdir().unwrap();
    let downloads = Downloads::new(Some(out.path().to_path_buf()), out.path());
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let now = chrono::Utc::now();
    let done =
        rights::fulfil_portability(&t.d.f.store, &t.privacy, id, &downloads, cancel, now).await.unwrap();
    assert_eq!(done.request.state, RequestState::Fulfilled);
    assert!(std::path::Path::new(&done.package.path).exists());
    assert!(done.package.path.ends_with(".zip"));
    let name = std::path::Path::new(&done.package.path).file_name().unwrap().to_string_lossy().into_owned();
    assert!(done.request.outcome_details.unwrap().contains(&name));
    assert!(done.package.files.iter().any(|f| f.path == "fhir/bundle.json"));
}

/// The access report lists every copy of the patient's data that left the app, the bulk
/// export and the diary that held them among others too, and none that did not hold them.
#[tokio::test]
async fn the_access_report_lists_the_exports_and_prints_that_included_the_patient() {
    let t = team().await;
    let s = &t.d.f.store;
    let p = register(
        &t,
        "Parveen Akhtar",
        "Naveed Anjum Cheema",
        "1978-07-07",
        "35202-2323232-7",
        "0300-8787878",
    )
    .await;
    let other =
        register(&t, "Rukhsana Bibi", "Tariq Mehmood Butt", "1985-07-20", "35202-7778889-1", "0321-5556667")
            .await;
    visit(&t, &p, "2020-06-01").await;
    visit(&t, &other, "2020-06-02").await;
    let physio = alhayat::auth::Actor {
        staff_id: t.d.bilal,
        roles: vec![alhayat::auth::Role::Physiotherapist],
        workstation: "test-ws".into(),
    };
    // Held the patient: a bulk export of a selection, the diary of the day of their visit,
    // their record PDF for a referral.
    let dir = tempfile::tempdir().unwrap();
    let req = alhayat::portability::BulkRequest {
        purpose: alhayat::portability::BulkPurpose::Transfer,
        patient_ids: Some(vec![p.id]),
    };
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    alhayat::portability::bulk_export(s, &t.privacy, req, dir.path(), |_| {}, cancel.clone()).await.unwrap();
    alhayat::scheduling::diary_ics(s, &t.d.desk, t.d.bilal, "2020-06-01", "2020-06-01").await.unwrap();
    alhayat::records::record_pdf(s, &physio, p.id, alhayat::records::ExportPurpose::Referral).await.unwrap();
    // Did not: a bulk export and a diary of the other patient alone.
    let req = alhayat::portability::BulkRequest {
        purpose: alhayat::portability::BulkPurpose::Statistics,
        patient_ids: Some(vec![other.id]),
    };
    alhayat::portability::bulk_export(s, &t.privacy, req, dir.path(), |_| {}, cancel).await.unwrap();
    alhayat::scheduling::diary_ics(s, &t.d.desk, t.d.bilal, "2020-06-02", "2020-06-02").await.unwrap();

    let (_out, dl) = downloads();
    let now = chrono::Utc::now();
    let id = in_progress(&t, &p, "access").await;
    let mut report = pdf_text(&rights::fulfil_access(s, &t.privacy, id, &dl, now).await.unwrap().report_path);
    // A page break puts the running head between two lines of a section: read past it.
    while let Some(from) = report.find("Confidential — access report") {
        let to = report[from..].find("1010592 ").map_or(report.len(), |n| from + n + "1010592 ".len());
        report.replace_range(from..to, "");
    }
    let section = report
        .split("Copies made of your information")
        .nth(1)
        .and_then(|rest| rest.split("How long we keep it").next())
        .expect("the section is there");
    let today = rights::clinic_date(now).to_string();
    for want in [
        format!("{today} — An export of several patients' records (FHIR files) Why Moving the clinic's records to another system"),
        format!("{today} — A practitioner's appointment diary (calendar file with your record number) Why The practitioner's own calendar"),
        format!("{today} — Your record (PDF) Why A referral to another provider"),
    ] {
        assert!(section.contains(&want), "{want:?} not in:\n{section}");
    }
    assert!(!section.contains("Statistics"), "the statistics export held only the other patient: {section}");
    assert_eq!(section.matches(&today).count(), 3, "{section}");

    // The other patient's report lists theirs and not the first patient's.
    let id = in_progress(&t, &other, "access").await;
    let mut report = pdf_text(&rights::fulfil_access(s, &t.privacy, id, &dl, now).await.unwrap().report_path);
    // A page break puts the running head between two lines of a section: read past it.
    while let Some(from) = report.find("Confidential — access report") {
        let to = report[from..].find("1010592 ").map_or(report.len(), |n| from + n + "1010592 ".len());
        report.replace_range(from..to, "");
    }
    let section = report.split("Copies made of your information").nth(1).unwrap();
    let section = section.split("How long we keep it").next().unwrap();
    assert!(section.contains("Why Statistics") && !section.contains("Referral"), "{section}");
    assert!(!section.contains("Moving the clinic's records"), "{section}");
}
