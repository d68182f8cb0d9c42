//! Anonymisation: scores, dates and codes stay; no identifier is left anywhere.

use alhayat::patients::{self, ObjectionPurpose};
use alhayat::retention;

use super::erase::{audit_verifies, found_in, plaintext};
use super::seed::{register, team, visit};

#[tokio::test]
async fn anonymisation_keeps_scores_and_dates_but_no_identifier() {
    let t = team().await;
    let p =
        register(&t, "Nargis Sultana", "Asif Nawaz Gondal", "1968-11-03", "35202-6667778-1", "0345-1212343")
            .await;
    visit(&t, &p, "2025-02-03").await;
    // The patient's own words in a PSFS activity.
    sqlx::query(
        "INSERT INTO measures (patient_id, instrument, answers, total, band, risk, taken_on, recorded_by, recorded_at)
         VALUES (?1, 'psfs', ?2, 5, 'unbanded', 0, '2025-02-03', ?3, '2025-02-03T05:00:00Z')",
    )
    .bind(p.id)
    .bind(r#"[{"activity": "carrying Nargis Sultana's grandson", "score": 4}, {"activity": "stairs", "score": 6}]"#)
    .bind(t.d.bilal)
    .execute(t.d.f.store.pool())
    .await
    .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(t.d.f.store.pool()).await.unwrap();
    let (file, _) = plaintext(&t);
    assert_eq!(found_in(&file, &p), p.needles, "the reader finds the patient before");

    let out = retention::anonymise_patient(&t.d.f.store, &t.privacy, p.id, Some(7)).await.unwrap();
    assert_eq!((out.notes_removed, out.attachments_removed), (1, 1));

    let (file, wal) = plaintext(&t);
    assert_eq!(found_in(&file, &p), Vec::<&str>::new(), "identifiers left on the file's pages");
    assert_eq!(found_in(&wal, &p), Vec::<&str>::new(), "identifiers left in the WAL");

    let pool = t.d.f.store.pool();
    let patient: (String, String, Option<String>, Option<String>, String) =
        sqlx::query_as("SELECT full_name, birth_date, cnic, phone, sex FROM patients WHERE id = ?1")
            .bind(p.id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(patient, ("Anonymised patient".into(), "1968-01-01".into(), None, None, "female".into()));
    let measures: Vec<(String, String, f64, String)> = sqlx::query_as(
        "SELECT instrument, answers, total, taken_on FROM measures WHERE patient_id = ?1 ORDER BY id",
    )
    .bind(p.id)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(measures[0], ("nprs".into(), "[6]".into(), 6.0, "2025-02-03".into()));
    assert_eq!(measures[1].0, "psfs");
    assert_eq!(measures[1].1, r#"[{"activity":"Activity 1","score":4},{"activity":"Activity 2","score":6}]"#);
    let kept: (String, String, String, i64, String) = sqlx::query_as(
        "SELECT (SELECT icd10 || ' ' || description FROM conditions WHERE patient_id = ?1),
                (SELECT substance FROM allergies WHERE patient_id = ?1),
                (SELECT group_concat(starts_at || ' ' || status) FROM appointments WHERE patient_id = ?1),
                (SELECT quantity FROM dispensings WHERE patient_id = ?1),
                (SELECT dispensed_at FROM dispensings WHERE patient_id = ?1)",
    )
    .bind(p.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(kept.0, "M54.5 ICD-10 M54.5");
    assert_eq!(kept.1, "Penicillin");
    assert_eq!(kept.2, "2025-02-03T05:00:00Z completed,2025-02-03T09:00:00Z cancelled");
    assert_eq!((kept.3, kept.4.as_str()), (20, "2025-02-03T05:00:00Z"));
    let gone: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM related_persons WHERE patient_id = ?1),
                (SELECT count(*) FROM patient_changes WHERE patient_id = ?1),
                (SELECT count(*) FROM patient_search WHERE rowid = ?1),
                (SELECT count(*) FROM consents WHERE patient_id = ?1)",
    )
    .bind(p.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(gone, (0, 0, 0, 0));
    let summary: String = sqlx::query_scalar("SELECT summary FROM audit_log WHERE action = 'anonymise'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(summary, "identifiers removed; 1 notes and 1 attachments deleted; request #7");
    audit_verifies(&t).await;

    let again = retention::anonymise_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap_err();
    assert_eq!(again.kind(), "conflict");
    let erase = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap_err();
    assert_eq!(erase.kind(), "conflict");
}

#[tokio::test]
async fn a_patient_who_objects_to_statistics_is_not_anonymised() {
    let t = team().await;
    let p =
        register(&t, "Saima Noreen", "Babar Ali Khan", "1985-05-05", "35202-4443332-1", "0312-9090901").await;
    patients::record_objection(&t.d.f.store, &t.privacy, p.id, ObjectionPurpose::Statistics).await.unwrap();
    let e = retention::anonymise_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert!(e.to_string().contains("objects to the use of their data for statistics"), "{e}");
    let name: String = sqlx::query_scalar("SELECT full_name FROM patients WHERE id = ?1")
        .bind(p.id)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(name, "Saima Noreen");
}
