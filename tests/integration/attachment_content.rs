//! Attachments are read whole before they are kept: a PDF that does not parse or
//! carries active content, or a picture that does not decode, is refused through the
//! service with a message saying what to do, and nothing is saved or audited. A file
//! name with a bidirectional control is kept without it.

use std::process::Command;

use alhayat::records::{self, AttachmentUpload};

use crate::history::{minimal_pdf, team};

fn upload(patient_id: i64, file_name: &str, mime: &str) -> AttachmentUpload {
    AttachmentUpload {
        patient_id,
        title: None,
        file_name: file_name.into(),
        mime: mime.into(),
        discipline: None,
    }
}

/// A one-page PDF like `minimal_pdf`, with a script that runs when it is opened.
fn pdf_with_script() -> Vec<u8> {
    let text = "BT /F1 12 Tf 10 50 Td (Referral) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
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
    out.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes());
    out
}

/// The same document as `qpdf` packs it: objects in compressed object streams.
fn packed(pdf: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).unwrap();
    let out = Command::new("qpdf")
        .args(["--object-streams=generate", "--compress-streams=y"])
        .arg(&input)
        .arg(&output)
        .output()
        .expect("qpdf runs (apt-get install qpdf)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(output).unwrap()
}

fn qpdf_check(pdf: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, pdf).unwrap();
    Command::new("qpdf").arg("--check").arg(&file).output().unwrap().status.success()
}

#[tokio::test]
async fn active_or_unreadable_attachments_are_refused_and_nothing_is_kept() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let script = pdf_with_script();
    assert!(qpdf_check(&script), "the PDF itself is sound");
    let packed_script = packed(&script);
    assert!(!packed_script.windows(10).any(|w| w == b"JavaScript"), "packed out of sight");
    let good = minimal_pdf("Referral");
    let png = include_bytes!("../../assets/icons/32x32.png");
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        ("referral.pdf", "application/pdf", script, "contains a script (JavaScript)"),
        ("referral.pdf", "application/pdf", packed_script, "contains a script (JavaScript)"),
        (
            "referral.pdf",
            "application/pdf",
            good[..good.len() - 60].to_vec(),
            "could not be read as a whole PDF",
        ),
        ("xray.png", "image/png", png[..png.len() / 2].to_vec(), "is not a whole picture"),
    ];
    for (name, mime, content, says) in cases {
        let e = records::upload_attachment(s, &t.physio, upload(p, name, mime), &content).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some("file")), "{e}");
        assert!(e.to_string().contains(says), "{e}");
        if mime == "application/pdf" {
            assert!(e.to_string().contains("print it to PDF again"), "says what to do: {e}");
        }
    }
    assert_eq!(t.d.count("attachments").await, 0, "nothing refused is kept");
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = 'attachment'")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(audited, 0);

    // A name whose bidirectional override would show "scanfdp.jpg" is kept as it is
    // really spelled, and so is the title made from it.
    let saved =
        records::upload_attachment(s, &t.physio, upload(p, "scan\u{202E}gpj.pdf", "application/pdf"), &good)
            .await
            .unwrap();
    assert_eq!((saved.file_name.as_str(), saved.title.as_str()), ("scangpj.pdf", "scangpj"));
    let saved =
        records::upload_attachment(s, &t.physio, upload(p, "xray.png", "image/png"), png).await.unwrap();
    assert_eq!(saved.size_bytes as usize, png.len(), "a whole picture is kept");
}

#[tokio::test]
async fn names_saved_before_carry_no_bidirectional_controls_after_the_migration() {
    let t = team().await;
    let s = &t.d.f.store;
    let insert = "INSERT INTO attachments (patient_id, title, file_name, mime, size_bytes, sha256, content,
                      uploaded_by, uploaded_at)
                  VALUES (?, ?, ?, 'application/pdf', 1, 'x', x'25', ?, '2026-01-01T00:00:00Z')";
    for (title, name) in
        [("scan\u{202E}gpj", "scan\u{202E}gpj.pdf"), ("Report \u{2067}x\u{2069}", "report.pdf")]
    {
        sqlx::query(insert)
            .bind(t.patient)
            .bind(title)
            .bind(name)
            .bind(t.d.bilal)
            .execute(s.pool())
            .await
            .unwrap();
    }
    let migration =
        include_str!("../../src-tauri/migrations/20261210000001_attachment_names_without_bidi_controls.sql");
    sqlx::raw_sql(sqlx::AssertSqlSafe(migration)).execute(s.pool()).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT title, file_name FROM attachments ORDER BY id")
        .fetch_all(s.pool())
        .await
        .unwrap();
    assert_eq!(rows, [("scangpj".into(), "scangpj.pdf".into()), ("Report x".into(), "report.pdf".into())]);
}
