//! Medical history and attachments on a real store: who reads and writes which part,
//! edits that keep the old value and audit only field names, files that must be what
//! their names say, and documents that leave no trace outside the encrypted file.

use alhayat::auth::{Actor, Role};
use alhayat::records::{
    self, AllergyInput, AllergySeverity, AllergyStatus, AttachmentType, AttachmentUpload, ConditionInput,
    ConditionStatus, Discipline, MedicationInput, MAX_ATTACHMENT_BYTES,
};
use sha2::{Digest, Sha256};

use crate::scheduling::{clinic, Desk};
use crate::support::*;

/// The clinic of `scheduling::clinic` with one of each role signed in.
pub struct Team {
    pub d: Desk,
    pub admin: Actor,
    pub reception: Actor,
    pub privacy: Actor,
    pub physio: Actor,
    pub psych: Actor,
    pub pharmacist: Actor,
    /// Amna Riaz.
    pub patient: i64,
}

pub async fn team() -> Team {
    let d = clinic().await;
    let pharmacist_id = add_staff(&d.f.store, "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await;
    let privacy_id = add_staff(&d.f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    Team {
        admin: d.admin.clone(),
        reception: d.desk.clone(),
        privacy: actor(privacy_id, &[Role::PrivacyOfficer]),
        physio: actor(d.bilal, &[Role::Physiotherapist]),
        psych: actor(d.ayesha, &[Role::Psychologist]),
        pharmacist: actor(pharmacist_id, &[Role::Pharmacist]),
        patient: d.patients[0],
        d,
    }
}

impl Team {
    /// Every role, with its name for assertion messages.
    fn everyone(&self) -> [(&'static str, &Actor); 6] {
        [
            ("administrator", &self.admin),
            ("reception", &self.reception),
            ("privacy officer", &self.privacy),
            ("physiotherapist", &self.physio),
            ("psychologist", &self.psych),
            ("pharmacist", &self.pharmacist),
        ]
    }
}

pub fn condition(description: &str) -> ConditionInput {
    ConditionInput {
        description: description.into(),
        icd10: Some("M54.5".into()),
        onset: Some("2024-03".into()),
        status: ConditionStatus::Active,
    }
}

pub fn allergy(substance: &str, severity: AllergySeverity) -> AllergyInput {
    AllergyInput {
        substance: substance.into(),
        reaction: Some("rash".into()),
        severity,
        status: AllergyStatus::Active,
    }
}

fn medication(name: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: Some("500 mg".into()),
        dose: Some("1 tablet".into()),
        route: Some("by mouth".into()),
        frequency: Some("twice a day".into()),
        starts_on: Some("2026-01-10".into()),
        stops_on: None,
        prescriber: Some("Dr. Khalid, Services Hospital".into()),
    }
}

fn upload(patient_id: i64, file_name: &str, mime: &str, discipline: Option<Discipline>) -> AttachmentUpload {
    AttachmentUpload { patient_id, title: None, file_name: file_name.into(), mime: mime.into(), discipline }
}

/// A minimal, valid one-page PDF (passes `qpdf --check`) showing `text` in plain
/// ASCII, so a test can look for it in raw bytes.
pub fn minimal_pdf(text: &str) -> Vec<u8> {
    padded_pdf(text, 0)
}

/// `minimal_pdf` grown to exactly `size` bytes by a comment inside its page's content.
pub fn pdf_of_size(text: &str, size: usize) -> Vec<u8> {
    let mut padding = 0;
    loop {
        let pdf = padded_pdf(text, padding);
        if pdf.len() == size {
            return pdf;
        }
        padding = (padding + size).checked_sub(pdf.len()).expect("larger than a bare PDF");
    }
}

fn padded_pdf(text: &str, padding: usize) -> Vec<u8> {
    let comment = if padding == 0 { String::new() } else { format!("\n%{}", "x".repeat(padding - 2)) };
    let content = format!("BT /F1 12 Tf 10 50 Td ({text}) Tj ET{comment}");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes(),
    );
    out
}

const PNG: &[u8] = include_bytes!("../../assets/icons/32x32.png");

async fn audit_rows(t: &Team, entity: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT action, summary FROM audit_log WHERE entity = ? ORDER BY seq")
        .bind(entity)
        .fetch_all(t.d.f.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn each_role_reads_and_writes_only_its_parts_of_the_history() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    // (role, writes conditions, writes allergies and medications)
    let writes = [(false, false), (false, false), (false, false), (true, true), (true, true), (false, true)];
    for ((role, who), (conditions, others)) in t.everyone().into_iter().zip(writes) {
        let c = records::add_condition(s, who, p, condition(&format!("Neck pain ({role})"))).await;
        let a = records::add_allergy(s, who, p, allergy("Latex", AllergySeverity::Mild)).await;
        let m = records::add_medication(s, who, p, medication("Omeprazole")).await;
        assert_eq!(c.is_ok(), conditions, "{role} adds a condition: {c:?}");
        assert_eq!(a.is_ok(), others, "{role} adds an allergy: {a:?}");
        assert_eq!(m.is_ok(), others, "{role} adds a medication: {m:?}");
        for refused in [c.err(), a.err().or(m.err())].into_iter().flatten() {
            assert_eq!(refused.kind(), "forbidden", "{role}: {refused:?}");
        }
    }
    let some_condition = records::add_condition(s, &t.physio, p, condition("Lumbar strain")).await.unwrap();
    let e = records::update_condition(s, &t.pharmacist, some_condition.id, condition("Changed"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "forbidden", "the pharmacist may not correct a condition either");

    // (role, sees conditions, sees allergies and medications); None: no history at all.
    let reads = [None, None, None, Some(true), Some(true), Some(false)];
    for ((role, who), want) in t.everyone().into_iter().zip(reads) {
        let h = records::history_of(s, who, p).await;
        match want {
            None => assert_eq!(h.unwrap_err().kind(), "forbidden", "{role}"),
            Some(conditions) => {
                let h = h.unwrap();
                assert_eq!(h.conditions.is_some(), conditions, "{role} sees conditions");
                assert_eq!(h.allergies.as_ref().map(Vec::len), Some(3), "{role} sees the three allergies");
                assert_eq!(
                    h.medications.as_ref().map(Vec::len),
                    Some(3),
                    "{role} sees the three medications"
                );
            }
        }
    }
    let physio_sees = records::history_of(s, &t.physio, p).await.unwrap();
    assert_eq!(physio_sees.conditions.unwrap().len(), 3, "two added by clinicians, one more above");
    let views = audit_rows(&t, "history").await;
    assert_eq!(views.len(), 4, "each reading of the history is audited: {views:?}");
    assert!(views.iter().all(|(action, _)| action == "view"));
    assert!(
        views.iter().any(|(_, summary)| summary == "allergies,medications"),
        "the pharmacist's: {views:?}"
    );
}

#[tokio::test]
async fn each_role_sees_only_the_attachments_of_its_discipline() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let general = upload(p, "referral.pdf", "application/pdf", None);
    let sealed = upload(p, "assessment.pdf", "application/pdf", Some(Discipline::Psychology));
    let pdf = minimal_pdf("Referral");
    // (role, attaches for everyone, attaches for psychology)
    let writes = [(false, false), (false, false), (false, false), (true, false), (true, true), (true, false)];
    let mut ids = Vec::new();
    for ((role, who), (for_all, for_psychology)) in t.everyone().into_iter().zip(writes) {
        let a = records::upload_attachment(s, who, general.clone(), &pdf).await;
        let b = records::upload_attachment(s, who, sealed.clone(), &pdf).await;
        assert_eq!(a.is_ok(), for_all, "{role}: {a:?}");
        assert_eq!(b.is_ok(), for_psychology, "{role}: {b:?}");
        for refused in [a.as_ref().err(), b.as_ref().err()].into_iter().flatten() {
            assert_eq!(refused.kind(), "forbidden", "{role}");
        }
        ids.extend(a.ok().map(|a| (a.id, false)));
        ids.extend(b.ok().map(|b| (b.id, true)));
    }
    assert_eq!(ids.len(), 4);
    // (role, how many listed); None: refused.
    let listed = [None, None, None, Some(3), Some(4), Some(3)];
    for ((role, who), want) in t.everyone().into_iter().zip(listed) {
        let list = records::list_attachments(s, who, p).await;
        assert_eq!(list.as_ref().ok().map(Vec::len), want, "{role}: {list:?}");
        for (id, psychology) in &ids {
            let opened = records::open_attachment(s, who, *id).await;
            let may = want.is_some() && (!psychology || role == "psychologist");
            assert_eq!(opened.is_ok(), may, "{role} opens {id}");
            if let Err(e) = opened {
                assert_eq!(e.kind(), "forbidden");
            }
        }
    }
    let opened = audit_rows(&t, "attachment").await.into_iter().filter(|(a, _)| a == "view").count();
    assert_eq!(opened, 3 * 3 + 1, "every opening is audited, refusals are not");
}

#[tokio::test]
async fn edits_keep_the_old_value_and_the_audit_names_only_the_fields() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let c = records::add_condition(s, &t.physio, p, condition("Lower back pain")).await.unwrap();
    assert_eq!((c.icd10.as_deref(), c.onset.as_deref()), (Some("M54.5"), Some("2024-03")));
    let mut edit = condition("Chronic lower back pain");
    edit.status = ConditionStatus::Resolved;
    let edited = records::update_condition(s, &t.psych, c.id, edit.clone()).await.unwrap();
    assert_eq!(
        (edited.description.as_str(), edited.status),
        ("Chronic lower back pain", ConditionStatus::Resolved)
    );
    records::update_condition(s, &t.psych, c.id, edit).await.unwrap();

    let a = records::add_allergy(s, &t.pharmacist, p, allergy("Penicillin", AllergySeverity::Moderate))
        .await
        .unwrap();
    records::update_allergy(s, &t.pharmacist, a.id, allergy("Penicillin", AllergySeverity::Severe))
        .await
        .unwrap();
    let m = records::add_medication(s, &t.physio, p, medication("Naproxen")).await.unwrap();
    let mut stop = medication("Naproxen");
    stop.stops_on = Some("2026-02-01".into());
    let stopped = records::update_medication(s, &t.physio, m.id, stop).await.unwrap();
    assert!(!stopped.current, "stopped in the past");

    let changes: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT entity, field, old_value, new_value FROM clinical_changes WHERE patient_id = ? ORDER BY id",
    )
    .bind(p)
    .fetch_all(s.pool())
    .await
    .unwrap();
    let text = |v: &str| Some(v.to_string());
    assert_eq!(
        changes,
        vec![
            (
                "conditions".into(),
                "description".into(),
                text("Lower back pain"),
                text("Chronic lower back pain")
            ),
            ("conditions".into(), "status".into(), text("active"), text("resolved")),
            ("allergies".into(), "severity".into(), text("moderate"), text("severe")),
            ("medications".into(), "stops_on".into(), None, text("2026-02-01")),
        ],
        "one row per changed field; an edit that changes nothing writes none"
    );
    let updates: Vec<(String, String)> = sqlx::query_as(
        "SELECT entity, summary FROM audit_log WHERE action = 'update' AND patient_id = ? ORDER BY seq",
    )
    .bind(p)
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(
        updates,
        vec![
            ("condition".into(), "description,status".into()),
            ("allergy".into(), "severity".into()),
            ("medication".into(), "stops_on".into()),
        ]
    );
    let all: Vec<String> =
        sqlx::query_scalar("SELECT summary FROM audit_log").fetch_all(s.pool()).await.unwrap();
    for value in ["back pain", "Penicillin", "Naproxen", "2026-02-01", "severe"] {
        assert!(all.iter().all(|summary| !summary.contains(value)), "{value} is in the audit trail");
    }

    let h = records::history_of(s, &t.pharmacist, p).await.unwrap();
    assert_eq!(h.changes.len(), 2, "the pharmacist sees the changes of the parts shown, not of conditions");
    assert!(h.changes.iter().all(|c| c.entity != "conditions"));
    assert_eq!(records::history_of(s, &t.physio, p).await.unwrap().changes.len(), 4);
}

#[tokio::test]
async fn bad_history_input_is_refused_naming_the_field_and_nothing_is_saved() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let with = |f: fn(&mut ConditionInput)| {
        let mut c = condition("Knee pain");
        f(&mut c);
        c
    };
    let cases = [
        (with(|c| c.description = "  ".into()), "description"),
        (with(|c| c.description = "x".repeat(301)), "description"),
        (with(|c| c.icd10 = Some("M5".into())), "icd10"),
        (with(|c| c.icd10 = Some("54.5".into())), "icd10"),
        (with(|c| c.onset = Some("2999".into())), "onset"),
        (with(|c| c.onset = Some("2024-13".into())), "onset"),
    ];
    for (input, field) in cases {
        let e = records::add_condition(s, &t.physio, p, input).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{e}");
    }
    let e = records::add_allergy(s, &t.physio, p, allergy(" ", AllergySeverity::Unknown)).await.unwrap_err();
    assert_eq!(e.field(), Some("substance"));
    let mut m = medication("Amoxicillin");
    m.stops_on = Some("2026-01-09".into());
    let e = records::add_medication(s, &t.physio, p, m).await.unwrap_err();
    assert_eq!(e.field(), Some("stops_on"));
    assert!(e.to_string().contains("before the start date"), "{e}");
    let mut m = medication("Amoxicillin");
    m.starts_on = Some("10/01/2026".into());
    assert_eq!(records::add_medication(s, &t.physio, p, m).await.unwrap_err().field(), Some("starts_on"));
    let e = records::add_condition(s, &t.physio, 9999, condition("Knee pain")).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
    for table in ["conditions", "allergies", "medications", "clinical_changes"] {
        assert_eq!(t.d.count(table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn a_pdf_and_a_png_come_back_byte_for_byte() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let pdf = minimal_pdf("MRI lumbar spine: mild disc bulge at L4-L5");
    let mut meta = upload(p, "mri-report.pdf", "application/pdf", None);
    meta.title = Some("ایم آر آئی رپورٹ".into());
    let saved_pdf = records::upload_attachment(s, &t.physio, meta, &pdf).await.unwrap();
    let png = records::upload_attachment(s, &t.physio, upload(p, "knee.PNG", "image/png", None), PNG)
        .await
        .unwrap();
    assert_eq!(saved_pdf.title, "ایم آر آئی رپورٹ");
    assert_eq!((png.title.as_str(), png.mime), ("knee", AttachmentType::Png));
    for (saved, original) in [(&saved_pdf, &pdf[..]), (&png, PNG)] {
        assert_eq!(saved.sha256, hex::encode(Sha256::digest(original)));
        assert_eq!(saved.size_bytes, original.len() as i64);
        let opened = records::open_attachment(s, &t.pharmacist, saved.id).await.unwrap();
        assert!(opened.content == original, "{} comes back as it went in", saved.file_name);
        assert_eq!(hex::encode(Sha256::digest(&opened.content)), saved.sha256);
        assert_eq!(opened.attachment.file_name, saved.file_name);
    }
    let listed = records::list_attachments(s, &t.psych, p).await.unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), vec![png.id, saved_pdf.id], "newest first");
    let views = audit_rows(&t, "attachment").await;
    assert_eq!(
        views,
        vec![
            ("create".into(), "application/pdf".into()),
            ("create".into(), "image/png".into()),
            ("view".into(), String::new()),
            ("view".into(), String::new()),
        ]
    );
    assert_eq!(audit_rows(&t, "attachments").await.len(), 1, "the listing is audited too");
}

#[tokio::test]
async fn files_that_are_not_what_they_say_are_refused_and_nothing_is_saved() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let too_big = pdf_of_size("big", MAX_ATTACHMENT_BYTES + 1);
    let cases: [(AttachmentUpload, Vec<u8>, &str); 5] = [
        (
            upload(p, "xray.pdf", "application/pdf", None),
            PNG.to_vec(),
            "“xray.pdf” is not a PDF document as its name says: it is a PNG image",
        ),
        (
            upload(p, "notes.png", "image/png", None),
            b"Patient says the pain is better.\n".to_vec(),
            "“notes.png” is not a PNG image as its name says, nor any other kind",
        ),
        (upload(p, "empty.pdf", "application/pdf", None), Vec::new(), "“empty.pdf” is empty"),
        (
            upload(p, "scan.pdf", "application/pdf", None),
            too_big,
            "is 20.1 MB; an attachment can be at most 20 MB",
        ),
        (
            upload(p, "letter.docx", "application/pdf", None),
            minimal_pdf("x"),
            "Only PDF documents and PNG or JPEG images",
        ),
    ];
    for (meta, content, says) in cases {
        let e = records::upload_attachment(s, &t.physio, meta, &content).await.unwrap_err();
        assert_eq!(e.kind(), "validation");
        assert!(e.to_string().contains(says), "{e}");
    }
    assert_eq!(t.d.count("attachments").await, 0);
    assert!(audit_rows(&t, "attachment").await.is_empty(), "no audit entry for what was not saved");

    let just_fits = pdf_of_size("big", MAX_ATTACHMENT_BYTES);
    let saved =
        records::upload_attachment(s, &t.physio, upload(p, "scan.pdf", "application/pdf", None), &just_fits)
            .await
            .unwrap();
    assert_eq!(saved.size_bytes, 20 * 1024 * 1024, "exactly 20 MB is kept");
}

#[tokio::test]
async fn an_attachment_leaves_no_trace_outside_the_encrypted_store() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let pdf = minimal_pdf("ZEBRA-CONTENT-4711 psychiatric referral");
    assert!(contains(&pdf, "ZEBRA-CONTENT-4711"), "the marker is plain in the file itself");
    let mut meta = upload(p, "ZEBRA-NAME-4711.pdf", "application/pdf", None);
    meta.title = Some("ZEBRA-TITLE-4711".into());
    let saved = records::upload_attachment(s, &t.physio, meta, &pdf).await.unwrap();
    let opened = records::open_attachment(s, &t.physio, saved.id).await.unwrap();
    assert!(contains(&opened.content, "ZEBRA-CONTENT-4711"));

    let files = all_bytes(t.d.f.dir.path());
    assert!(files.len() > 10_000, "the database and its WAL are there to search");
    for marker in ["ZEBRA-CONTENT-4711", "ZEBRA-NAME-4711", "ZEBRA-TITLE-4711", "%PDF-1.4"] {
        assert!(!contains(&files, marker), "{marker} found in a file of the data folder");
    }
}

#[tokio::test]
async fn emergency_access_opens_the_rest_of_the_history_and_is_audited_as_such() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    records::add_condition(s, &t.physio, p, condition("Panic disorder")).await.unwrap();
    let sealed = upload(p, "assessment.pdf", "application/pdf", Some(Discipline::Psychology));
    let a = records::upload_attachment(s, &t.psych, sealed, &minimal_pdf("Assessment")).await.unwrap();
    assert!(records::history_of(s, &t.pharmacist, p).await.unwrap().conditions.is_none());
    assert_eq!(records::open_attachment(s, &t.physio, a.id).await.unwrap_err().kind(), "forbidden");

    records::break_glass(s, &t.pharmacist, p, "Collapsed at the counter, needs the full history now")
        .await
        .unwrap();
    records::break_glass(s, &t.physio, p, "Collapsed in the gym, ambulance asks for the history")
        .await
        .unwrap();
    let h = records::history_of(s, &t.pharmacist, p).await.unwrap();
    assert_eq!(h.conditions.map(|c| c.len()), Some(1), "conditions shown through emergency access");
    let e = records::add_condition(s, &t.pharmacist, p, condition("Asthma")).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden", "emergency access reads; it does not write");
    assert!(records::open_attachment(s, &t.physio, a.id).await.is_ok());
    assert_eq!(records::list_attachments(s, &t.physio, p).await.unwrap().len(), 1);

    let history = audit_rows(&t, "history").await;
    assert_eq!(history.last().unwrap().1, "conditions,allergies,medications; emergency access");
    let listed = audit_rows(&t, "attachments").await;
    assert_eq!(listed.last().unwrap().1, "emergency access", "the sealed one was listed through it");
    let opened = audit_rows(&t, "attachment").await;
    assert_eq!(opened.last().unwrap(), &("view".to_string(), "emergency access".to_string()));
}
