//! The slip and the practitioner's diary, as files the desk saves: read back with
//! poppler's `pdftotext`, `qpdf --check` and an independent iCalendar parser.

use std::process::Command;

use alhayat::downloads::Downloads;
use alhayat::patients::{self, PatientInput};
use alhayat::scheduling::{self, BookingInput, CancelInput, CancelledBy, Scope};
use icalendar::{Calendar, CalendarComponent, Component, EventLike};

use crate::scheduling::{at, clinic, monday, person};

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): install poppler-utils and qpdf"));
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

async fn audit_actions(d: &crate::scheduling::Desk, entity: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = ? ORDER BY seq")
        .bind(entity)
        .fetch_all(d.f.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_slip_prints_both_scripts_in_clinic_time_and_is_audited() {
    let d = clinic().await;
    let input = PatientInput {
        name_ur: Some("عائشہ صدیقی".into()),
        ..person("Ayesha Siddiqui", Some("0300-7777777"))
    };
    let p = patients::register(&d.f.store, &d.desk, input).await.unwrap();
    let mon = monday(1);
    let b = BookingInput { patient_id: p.id, ..d.booking(0, d.bilal, d.room1, &at(mon, 0, "10:00")) };
    let a = scheduling::book(&d.f.store, &d.desk, b).await.unwrap();

    let file = scheduling::slip(&d.f.store, &d.desk, a.id).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path =
        Downloads::new(Some(out.path().to_path_buf()), out.path()).save(&file.name, &file.bytes).unwrap();
    assert!(path.ends_with(&format!("slip-{}-{mon}-1000.pdf", p.mrn)), "{path}");
    run("qpdf", &["--check", &path]);
    let text =
        run("pdftotext", &["-enc", "UTF-8", &path, "-"]).replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
    for want in [
        "Ayesha Siddiqui",
        "عائشہ صدیقی",
        p.mrn.as_str(),
        "10:00",
        "10:45",
        "Dr. Bilal Ahmed",
        "Therapy room 1",
    ] {
        assert!(text.contains(want), "the slip lacks {want:?}:\n{text}");
    }
    assert!(text.contains("Bahria Town, Lahore"), "the clinic's address:\n{text}");
    assert!(text.contains("Printed by Sana Malik"), "{text}");
    assert_eq!(audit_actions(&d, "appointment").await, ["create", "print"]);
    let patient_of_print: Option<i64> =
        sqlx::query_scalar("SELECT patient_id FROM audit_log WHERE action = 'print'")
            .fetch_one(d.f.store.pool())
            .await
            .unwrap();
    assert_eq!(patient_of_print, Some(p.id));

    // A cancelled appointment has no slip; the administrator prints none.
    let cancel = CancelInput { by: CancelledBy::Patient, reason: "moved away".into(), scope: Scope::This };
    scheduling::cancel(&d.f.store, &d.desk, a.id, cancel).await.unwrap();
    assert_eq!(scheduling::slip(&d.f.store, &d.desk, a.id).await.err().unwrap().kind(), "conflict");
    assert_eq!(scheduling::slip(&d.f.store, &d.admin, a.id).await.err().unwrap().kind(), "forbidden");
    assert_eq!(scheduling::slip(&d.f.store, &d.desk, 999_999).await.err().unwrap().kind(), "not_found");
}

#[tokio::test]
async fn a_practitioners_diary_as_icalendar_has_no_clinical_detail() {
    let d = clinic().await;
    let mon = monday(1);
    let mut ids = Vec::new();
    for (patient, hm) in [(0, "09:00"), (1, "10:00"), (2, "11:00")] {
        let b = d.booking(patient, d.bilal, d.room1, &at(mon, 0, hm));
        ids.push(scheduling::book(&d.f.store, &d.desk, b).await.unwrap());
    }
    let cancel = CancelInput { by: CancelledBy::Clinic, reason: "leave".into(), scope: Scope::This };
    scheduling::cancel(&d.f.store, &d.desk, ids[2].id, cancel).await.unwrap();
    // Another practitioner's appointment stays out.
    scheduling::book(&d.f.store, &d.desk, d.booking(0, d.sara, d.room2, &at(mon, 1, "09:00"))).await.unwrap();

    let week_end = (mon + chrono::Duration::days(6)).to_string();
    let file =
        scheduling::diary_ics(&d.f.store, &d.desk, d.bilal, &mon.to_string(), &week_end).await.unwrap();
    assert!(file.name.ends_with(".ics"));
    let text = String::from_utf8(file.bytes).unwrap();
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line endings");
    for private in ["Amna Riaz", "Usman Ghani", "Physiotherapy", "0300"] {
        assert!(!text.contains(private), "{private:?} must not leave in a calendar");
    }
    let cal: Calendar = text.parse().expect("a calendar an independent parser reads");
    let events: Vec<_> = cal.components.iter().filter_map(CalendarComponent::as_event).collect();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].get_summary(), Some(format!("Appointment {}", ids[0].mrn).as_str()));
    assert_eq!(events[0].get_location(), Some("Therapy room 1"));
    let cancelled: Vec<_> =
        events.iter().filter(|e| e.property_value("STATUS") == Some("CANCELLED")).collect();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(audit_actions(&d, "practitioner_diary").await, ["export"]);

    let e =
        scheduling::diary_ics(&d.f.store, &d.desk, d.bilal, &week_end, &mon.to_string()).await.unwrap_err();
    assert_eq!(e.field(), Some("to"));
    let e = scheduling::diary_ics(&d.f.store, &d.desk, 999, &mon.to_string(), &week_end).await.unwrap_err();
    assert_eq!(e.field(), Some("practitioner_id"));
}
