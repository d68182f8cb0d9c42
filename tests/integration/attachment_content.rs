//! Attachment names saved before the services dropped bidirectional control
//! characters lose them in a migration.

use crate::history::team;

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
