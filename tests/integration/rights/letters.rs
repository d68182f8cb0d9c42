//! The letters: English and Urdu PDFs read back with poppler and checked by qpdf,
//! templates the clinic edits, and the export audited with its purpose.

use std::process::Command;

use alhayat::downloads::Downloads;
use alhayat::rights::{
    self, FulfilInput, LetterTemplateInput, Outcome, RefuseInput, RequestKind, RequestedBy,
};
use alhayat::staff::Language;

use super::{office, Office};

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): install poppler-utils and qpdf"));
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Saves the letter as the command does, checks it with qpdf, returns its text.
async fn letter_text(o: &Office, id: i64, language: Language) -> String {
    let file = rights::letter_pdf(o.store(), &o.po, id, language, o.now).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path =
        Downloads::new(Some(out.path().to_path_buf()), out.path()).save(&file.name, &file.bytes).unwrap();
    assert!(path.ends_with(&format!("-{}.pdf", language.as_str())), "{path}");
    if let Ok(keep) = std::env::var("ALHAYAT_KEEP_LETTERS") {
        std::fs::copy(&path, format!("{keep}/{}", file.name)).unwrap();
    }
    let check = run("qpdf", &["--check", &path]);
    assert!(!check.contains("WARNING"), "{check}");
    let text =
        run("pdftotext", &["-enc", "UTF-8", &path, "-"]).replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn fulfilled_access(o: &Office) -> i64 {
    let r = rights::record_request(o.store(), &o.po, o.request(RequestKind::Access), o.now).await.unwrap();
    o.to_in_progress(&r).await;
    let input =
        FulfilInput { outcome_details: "Record PDF of 12 pages handed over.".into(), ..Default::default() };
    rights::fulfil(o.store(), &o.po, r.id, input, o.now).await.unwrap();
    r.id
}

#[tokio::test]
async fn a_fulfilled_request_gets_its_letter_in_english_and_urdu_and_each_export_is_audited() {
    let o = office().await;
    let open =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Deletion), o.now).await.unwrap();
    let e = rights::letter_pdf(o.store(), &o.po, open.id, Language::En, o.now).await.unwrap_err();
    assert_eq!(e.kind(), "conflict", "no letter for an open request");

    let id = fulfilled_access(&o).await;
    let before = o.audit_rows().await;
    let en = letter_text(&o, id, Language::En).await;
    for want in [
        "Al-Hayat Clinic",
        "Dear Amna Riaz,",
        "a copy of your information (access)",
        &format!("On {} we received", o.today().format("%-d %B %Y")),
        "Record PDF of 12 pages handed over.",
        &format!("R-{id:06}"),
        "+92 300 1010592",
        "Page 1 of 1",
    ] {
        assert!(en.contains(want), "{want:?} not in the English letter:\n{en}");
    }
    assert_eq!(o.audit_rows().await, before + 1);
    let (action, entity, eid, patient, summary) = o.last_audit().await;
    assert_eq!((action.as_str(), entity.as_str()), ("export", "rights_letter"));
    assert_eq!((eid, patient), (Some(id.to_string()), Some(o.adult)));
    assert_eq!(summary, "access fulfilled letter, en, purpose patient_request");

    let ur = letter_text(&o, id, Language::Ur).await;
    let urdu_date = o.today().format("%d/%m/%Y").to_string();
    for want in [
        "محترم آمنہ ریاض",
        "اپنی معلومات کی نقل",
        "منسلک",
        "Record PDF of 12 pages handed over.",
        "تاریخ",
        urdu_date.as_str(),
    ] {
        assert!(ur.contains(want), "{want:?} not in the Urdu letter:\n{ur}");
    }
    assert!(!ur.contains("Amna Riaz"), "the Urdu letter uses the Urdu name:\n{ur}");
    assert_eq!(o.audit_rows().await, before + 2);
    assert!(o.last_audit().await.4.contains(", ur, purpose patient_request"));

    let e = rights::letter_pdf(o.store(), &o.desk, id, Language::En, o.now).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
}

#[tokio::test]
async fn a_refusal_letter_gives_the_reason_and_goes_to_the_guardian() {
    let o = office().await;
    let input = rights::RequestInput {
        patient_id: o.child,
        requested_by: RequestedBy::Guardian,
        guardian_id: Some(o.guardian),
        ..o.request(RequestKind::Deletion)
    };
    let r = rights::record_request(o.store(), &o.po, input, o.now).await.unwrap();
    let reason = "Treatment records of a child must be kept until the child turns 25.";
    rights::refuse(
        o.store(),
        &o.po,
        r.id,
        RefuseInput { reason: reason.into(), statement: None, disputes: None },
        o.now,
    )
    .await
    .unwrap();
    let en = letter_text(&o, r.id, Language::En).await;
    for want in ["Dear Tariq Mehmood,", "concerning Zara Tariq", "deletion of your information", reason] {
        assert!(en.contains(want), "{want:?} not in:\n{en}");
    }
    let ur = letter_text(&o, r.id, Language::Ur).await;
    // Latin runs inside an Urdu line come back in visual order, so each is checked alone.
    for want in
        ["محترم", "Tariq Mehmood", "Zara Tariq", "افسوس", "حذف", "Treatment records of a child must be kept"]
    {
        assert!(ur.contains(want), "{want:?} not in:\n{ur}");
    }
}

#[tokio::test]
async fn templates_are_edited_with_known_placeholders_only() {
    let o = office().await;
    let all = rights::letter_templates(o.store(), &o.po).await.unwrap();
    assert_eq!(all.len(), 20, "five kinds, two outcomes, two languages");
    let edit = |body: &str| LetterTemplateInput {
        kind: RequestKind::Access,
        outcome: Outcome::Fulfilled,
        language: Language::En,
        subject: "About your request {reference}".into(),
        body: body.into(),
    };
    let before = o.audit_rows().await;
    let e = rights::set_letter_template(o.store(), &o.po, edit("Dear {nmae},"), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("body"));
    assert!(e.to_string().contains("{nmae}") && e.to_string().contains("{requester_name}"), "{e}");
    let e = rights::set_letter_template(o.store(), &o.po, edit(""), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("body"));
    let bad_subject =
        LetterTemplateInput { subject: "Re {request}".into(), ..edit("Dear {requester_name},") };
    assert_eq!(
        rights::set_letter_template(o.store(), &o.po, bad_subject, o.now).await.unwrap_err().field(),
        Some("subject")
    );
    let e = rights::set_letter_template(o.store(), &o.desk, edit("Hello"), o.now).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    assert_eq!(o.audit_rows().await, before);

    let body = "Salaam {requester_name},\n\nDone on {decided_on}: {outcome_details}\n\n{clinic_name}";
    let saved = rights::set_letter_template(o.store(), &o.po, edit(body), o.now).await.unwrap();
    let t =
        saved.iter().find(|t| t.kind == "access" && t.outcome == "fulfilled" && t.language == "en").unwrap();
    assert_eq!(t.body, body);
    assert_eq!(o.last_audit().await.1, "rights_letter_template");
    let id = fulfilled_access(&o).await;
    let en = letter_text(&o, id, Language::En).await;
    let want = format!(
        "Salaam Amna Riaz, Done on {}: Record PDF of 12 pages handed over.",
        o.today().format("%-d %B %Y")
    );
    assert!(en.contains(&want), "{want:?} not in:\n{en}");
    assert!(en.contains(&format!("About your request R-{id:06}")), "{en}");
}
