//! The record PDF through its service, on a real store with notes, history and
//! measures written by their own services: read back with poppler's `pdftotext` and
//! `pdfinfo`, checked with `qpdf`, and its export audited with its purpose.

use alhayat::auth::{Actor, Role};
use alhayat::downloads::Downloads;
use alhayat::measures::{self, Instrument, MeasureInput};
use alhayat::patients::{self, clinic_today, PatientInput};
use alhayat::records::{
    self, AllergyInput, AllergySeverity, AllergyStatus, ConditionInput, ConditionStatus, ExportPurpose,
};

use crate::scheduling::{clinic, person, Desk};
use crate::support::*;

fn tool(name: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} could not run ({e}): install poppler-utils and qpdf"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// pdftotext's words, without the bidi controls it wraps right-to-left lines in.
fn pdf_words(path: &str, page: Option<usize>) -> String {
    let page = page.map(|p| p.to_string());
    let mut args = vec!["-enc", "UTF-8"];
    if let Some(p) = &page {
        args.extend(["-f", p, "-l", p]);
    }
    args.extend([path, "-"]);
    let text = tool("pdftotext", &args).replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn signed_note(d: &Desk, who: &Actor, patient: i64, template: &str, sections: &[(&str, &str)]) -> i64 {
    let template: i64 = sqlx::query_scalar("SELECT id FROM note_templates WHERE name = ?")
        .bind(template)
        .fetch_one(d.f.store.pool())
        .await
        .unwrap();
    let note = records::start_note(&d.f.store, who, patient, template, None).await.unwrap();
    let id = note.summary.id;
    let content = sections.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    records::save_draft(&d.f.store, who, id, content).await.unwrap();
    records::sign_note(&d.f.store, who, id).await.unwrap();
    id
}

#[tokio::test]
async fn the_record_pdf_holds_what_its_printer_may_see_on_marked_pages_and_is_audited_with_its_purpose() {
    let d = clinic().await;
    let store = &d.f.store;
    let input =
        PatientInput { name_ur: Some("عائشہ صدیقی".into()), ..person("Ayesha Siddiqui", None) };
    let p = patients::register(store, &d.desk, input).await.unwrap();
    let (bilal, ayesha) = (actor(d.bilal, &[Role::Physiotherapist]), actor(d.ayesha, &[Role::Psychologist]));
    let allergy = AllergyInput {
        substance: "Penicillin".into(),
        reaction: Some("hives".into()),
        severity: AllergySeverity::Severe,
        status: AllergyStatus::Active,
    };
    records::add_allergy(store, &bilal, p.id, allergy).await.unwrap();
    let condition = ConditionInput {
        description: "Osteoarthritis of the right knee".into(),
        icd10: Some("M17.1".into()),
        onset: Some("2025-03".into()),
        status: ConditionStatus::Active,
    };
    records::add_condition(store, &bilal, p.id, condition).await.unwrap();

    let first = signed_note(
        &d,
        &bilal,
        p.id,
        "Physiotherapy session",
        &[("subjective", "Pain in the left knee on stairs")],
    )
    .await;
    let correction =
        records::amend_note(store, &bilal, first, "The right knee, not the left").await.unwrap().summary.id;
    let fixed = [("subjective".to_string(), "Pain in the right knee on stairs".to_string())].into();
    records::save_draft(store, &bilal, correction, fixed).await.unwrap();
    records::sign_note(store, &bilal, correction).await.unwrap();
    // Enough later sessions for several pages, one in Urdu.
    for k in 0..24 {
        let text = format!("Session {k}: quadriceps strengthening, step-ups and balance work. ").repeat(12);
        signed_note(
            &d,
            &bilal,
            p.id,
            "Physiotherapy session",
            &[("assessment", &text), ("plan", "گھر پر روزانہ ورزش")],
        )
        .await;
    }
    signed_note(
        &d,
        &ayesha,
        p.id,
        "Psychology session",
        &[("presenting_concerns", "Low mood since the accident")],
    )
    .await;
    let today = clinic_today().to_string();
    let form = |instrument, items: &[f64]| MeasureInput {
        patient_id: p.id,
        instrument,
        items: items.to_vec(),
        activities: vec![],
        taken_on: today.clone(),
        appointment_id: None,
    };
    measures::record(store, &bilal, form(Instrument::Nprs, &[7.0])).await.unwrap();
    measures::record(store, &ayesha, form(Instrument::Phq9, &[1.0; 9])).await.unwrap();

    let file = records::record_pdf(store, &bilal, p.id, ExportPurpose::Referral).await.unwrap();
    assert!(
        file.name.starts_with(&format!("record-{}-", p.mrn)) && file.name.ends_with(".pdf"),
        "{}",
        file.name
    );
    let out = tempfile::tempdir().unwrap();
    let path =
        Downloads::new(Some(out.path().to_path_buf()), out.path()).save(&file.name, &file.bytes).unwrap();
    let check = tool("qpdf", &["--check", &path]);
    assert!(!check.contains("WARNING"), "{check}");
    let info = tool("pdfinfo", &[&path]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 3, "{info}");
    for page in 1..=pages {
        let text = pdf_words(&path, Some(page));
        assert!(text.contains(&format!("Page {page} of {pages}")), "page {page}: {text}");
        assert!(text.contains("CONFIDENTIAL"), "page {page}: {text}");
        assert!(text.contains("Al-Hayat"), "letterhead on page {page}");
    }
    let all = pdf_words(&path, None);
    for want in [
        "Ayesha Siddiqui",
        "عائشہ صدیقی",
        p.mrn.as_str(),
        "10 March 1985",
        "Female",
        "Purpose: Referral to another provider.",
        "Printed by Dr. Bilal Ahmed",
        "Osteoarthritis of the right knee (M17.1)",
        "Penicillin: hives (severe severity)",
        "Pain in the left knee on stairs",
        &format!("AMENDED: corrected by note {correction}, which follows."),
        &format!("AMENDMENT of note {first}. Reason: The right knee, not the left"),
        "Pain in the right knee on stairs",
        "گھر پر روزانہ ورزش",
        "NPRS — Numeric Pain Rating Scale",
        "7 of 10 · Severe",
        "Not included: Psychology notes and outcome measures.",
    ] {
        assert!(all.contains(want), "{want:?} not in the record:\n{all}");
    }
    assert!(all.find("Pain in the left knee").unwrap() < all.find("Pain in the right knee").unwrap());
    for sealed in ["Low mood", "PHQ-9"] {
        assert!(!all.contains(sealed), "{sealed:?} is psychology's");
    }

    let exports: Vec<(String, Option<String>, Option<i64>, String)> = sqlx::query_as(
        "SELECT action, entity_id, patient_id, summary FROM audit_log WHERE entity = 'patient_record' ORDER BY seq",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(
        exports,
        [("export".into(), Some(p.id.to_string()), Some(p.id), "record PDF, purpose referral".into())]
    );

    // The psychologist's copy has the psychology note and PHQ-9 and not the physiotherapy notes.
    let theirs = records::record_pdf(store, &ayesha, p.id, ExportPurpose::PatientRequest).await.unwrap();
    let path =
        Downloads::new(Some(out.path().to_path_buf()), out.path()).save(&theirs.name, &theirs.bytes).unwrap();
    let text = pdf_words(&path, None);
    assert!(
        text.contains("Low mood since the accident")
            && text.contains("PHQ-9")
            && text.contains("RISK: item 9 answered 1")
    );
    assert!(!text.contains("knee on stairs"), "{text}");
    for who in [&d.desk, &d.admin] {
        let e = records::record_pdf(store, who, p.id, ExportPurpose::Care).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden");
    }
    assert_eq!(
        records::record_pdf(store, &bilal, 999_999, ExportPurpose::Care).await.unwrap_err().kind(),
        "not_found"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = 'patient_record'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(count, 2, "refusals export nothing and are not audited as exports");
}
