//! Erasure: bytes gone from every page and the WAL, what must be kept restricted with
//! its date, the audit trail intact and verifying.

use alhayat::retention::{self, RecordKind, RetentionRuleInput};
use alhayat::rights::{
    self, DisclosureInput, DisclosurePurpose, IdentityCheck, IdentityMethod, RefuseInput, RequestInput,
    RequestedBy,
};
use alhayat::store::key::DbKey;

use super::decrypt::{assert_decrypts, database_plaintext, wal_plaintext};
use super::seed::{register, team, visit, Person, Team};
use crate::support::*;

pub fn key_bytes(key: &DbKey) -> [u8; 32] {
    hex::decode(key.to_hex()).unwrap().try_into().unwrap()
}

/// The decrypted file and the decrypted WAL, as they are on disk now.
pub fn plaintext(t: &Team) -> (Vec<u8>, Vec<u8>) {
    let key = key_bytes(&t.d.f.key);
    let file = std::fs::read(t.d.f.path()).unwrap();
    assert_decrypts(&file, &key);
    let wal = std::fs::read(t.d.f.path().with_extension("db-wal")).unwrap_or_default();
    (database_plaintext(&file, &key), wal_plaintext(&wal, &key))
}

pub fn found_in(bytes: &[u8], p: &Person) -> Vec<&'static str> {
    p.needles.iter().copied().filter(|n| contains(bytes, n)).collect()
}

pub async fn audit_verifies(t: &Team) {
    let report =
        alhayat::audit::verify(t.d.f.store.pool(), t.d.f.store.head().read().as_ref()).await.unwrap();
    assert!(report.ok, "{:?}", report.problem);
}

/// A deletion request, a refused correction with a statement of disagreement and a
/// disclosure, each naming the patient in the officer's or the patient's own words.
/// Returns the deletion request's id.
async fn rights_in_own_words(t: &Team, p: &Person) -> i64 {
    let now = chrono::Utc::now();
    let today = rights::clinic_date(now).to_string();
    let ask = |kind: &str| RequestInput {
        kind: kind.into(),
        patient_id: p.id,
        requested_by: RequestedBy::Patient,
        guardian_id: None,
        details: format!("{} (CNIC {}) writes from {}", p.name, p.cnic, p.phone),
        received_on: today.clone(),
        due_on: String::new(),
    };
    let check = || IdentityCheck { method: IdentityMethod::CnicSeen, notes: format!("CNIC {} seen", p.cnic) };
    let store = &t.d.f.store;
    let deletion = rights::record_request(store, &t.privacy, ask("deletion"), now).await.unwrap();
    rights::verify_identity(store, &t.privacy, deletion.id, check(), now).await.unwrap();
    rights::start_work(store, &t.privacy, deletion.id, format!("Called {} back", p.relative), now)
        .await
        .unwrap();
    let correction = rights::record_request(store, &t.privacy, ask("correction"), now).await.unwrap();
    rights::verify_identity(store, &t.privacy, correction.id, check(), now).await.unwrap();
    let refusal = RefuseInput {
        reason: format!("{} asked to change a signed note", p.name),
        statement: Some(format!("I, {}, disagree with the note", p.name)),
        disputes: Some(rights::DisputedRecord::Physiotherapy),
    };
    rights::refuse(store, &t.privacy, correction.id, refusal, now).await.unwrap();
    let disclosure = DisclosureInput {
        patient_id: p.id,
        recipient: "Services Hospital, Lahore".into(),
        purpose: DisclosurePurpose::CareTeam,
        reason: format!("Referral of {} for imaging", p.name),
        what: format!("Notes of {}, phone {}", p.name, p.phone),
        disclosed_on: today,
    };
    rights::record_disclosure(store, &t.privacy, disclosure, now).await.unwrap();
    deletion.id
}

#[tokio::test]
async fn a_new_store_is_incremental_and_an_old_one_is_switched_once() {
    let f = fresh_store().await;
    let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum").fetch_one(f.store.pool()).await.unwrap();
    assert_eq!(mode, 2, "new stores are auto_vacuum = INCREMENTAL");
    let secure: i64 = sqlx::query_scalar("PRAGMA secure_delete").fetch_one(f.store.pool()).await.unwrap();
    assert_eq!(secure, 1);

    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate();
    {
        use sqlx::ConnectOptions;
        let options = alhayat::store::connect_options(&alhayat::store::db_path(dir.path()), &key)
            .auto_vacuum(sqlx::sqlite::SqliteAutoVacuum::None)
            .create_if_missing(true);
        let mut conn = options.connect().await.unwrap();
        sqlx::query("CREATE TABLE old_data (x)").execute(&mut conn).await.unwrap();
        let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum").fetch_one(&mut conn).await.unwrap();
        assert_eq!(mode, 0);
    }
    let store =
        alhayat::store::Store::open(dir.path(), &key, alhayat::store::OpenMode::FIRST_RUN).await.unwrap();
    let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum").fetch_one(store.pool()).await.unwrap();
    assert_eq!(mode, 2, "an existing store is switched at start");
}

#[tokio::test]
async fn after_erasure_no_identifier_is_left_on_any_page_nor_in_the_wal() {
    let t = team().await;
    let p = register(
        &t,
        "Shehzadi Kanwal",
        "Ghulam Mustafa Qazi",
        "1975-08-14",
        "35202-7654321-9",
        "0300-5551234",
    )
    .await;
    visit(&t, &p, "2015-03-02").await;
    let request = rights_in_own_words(&t, &p).await;
    // Someone else, kept, proves the reader still finds names after the erasure.
    let other = register(
        &t,
        "Farzana Yasmeen",
        "Tariq Mehmood Butt",
        "1980-01-20",
        "35201-1112223-4",
        "0321-4445556",
    )
    .await;
    visit(&t, &other, "2026-06-01").await;

    // The reader works: before erasure every identifier is there, in the WAL first…
    let (_, wal) = plaintext(&t);
    assert_eq!(found_in(&wal, &p), p.needles, "the decrypted WAL holds the patient");
    // …and in the file once checkpointed.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(t.d.f.store.pool()).await.unwrap();
    let (file, _) = plaintext(&t);
    assert_eq!(found_in(&file, &p), p.needles, "the decrypted file holds the patient");
    // Never in plain bytes.
    assert!(found_in(&all_bytes(t.d.f.dir.path()), &p).is_empty());
    let pages_before = std::fs::metadata(t.d.f.path()).unwrap().len() / 4096;

    let out = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, Some(request)).await.unwrap();
    assert!(out.patient_erased, "{out:?}");
    for k in &out.kinds {
        match k.kind {
            RecordKind::AuditTrail => assert!(k.kept > 0 && k.erased == 0),
            _ => assert_eq!(k.kept, 0, "{k:?}"),
        }
    }
    let erased = |kind: RecordKind| out.kinds.iter().find(|k| k.kind == kind).unwrap().erased;
    assert_eq!(
        erased(RecordKind::ClinicalNotes),
        6,
        "note, condition, allergy, medication, attachment, measure"
    );
    assert_eq!(erased(RecordKind::PrescriptionsAndDispensings), 1);
    assert_eq!(erased(RecordKind::Appointments), 2);
    assert_eq!(erased(RecordKind::Consents), 1);
    assert_eq!(erased(RecordKind::Demographics), 1);

    let (file, wal) = plaintext(&t);
    assert_eq!(found_in(&file, &p), Vec::<&str>::new(), "erased identifiers left on the file's pages");
    assert_eq!(found_in(&wal, &p), Vec::<&str>::new(), "erased identifiers left in the WAL");
    let mut both = file.clone();
    both.extend(&wal);
    assert_eq!(found_in(&both, &other), other.needles, "the other patient is still readable");
    assert!(found_in(&all_bytes(t.d.f.dir.path()), &p).is_empty());
    let pages_after = std::fs::metadata(t.d.f.path()).unwrap().len() / 4096;
    assert!(pages_after < pages_before, "freed pages left the file ({pages_before} -> {pages_after})");
    let free: i64 = sqlx::query_scalar("PRAGMA freelist_count").fetch_one(t.d.f.store.pool()).await.unwrap();
    assert_eq!(free, 0);

    // The tombstone: the id still resolves, to nobody.
    let (name, cnic, erased_at): (String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT full_name, cnic, erased_at FROM patients WHERE id = ?1")
            .bind(p.id)
            .fetch_one(t.d.f.store.pool())
            .await
            .unwrap();
    assert_eq!((name.as_str(), cnic), ("Erased patient", None));
    assert!(erased_at.is_some());
    let mut conn = t.d.f.store.pool().acquire().await.unwrap();
    assert!(retention::is_erased(&mut conn, p.id).await.unwrap());
    assert!(!retention::is_restricted(&mut conn, p.id).await.unwrap());
    drop(conn);
    let hits = alhayat::patients::search(&t.d.f.store, &t.d.desk, "Shehzadi", 10).await.unwrap();
    assert!(hits.is_empty());

    // The trail keeps every entry about the patient, and one for the erasure, with no identifier.
    let (n, summary): (i64, String) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM audit_log WHERE patient_id = ?1),
                (SELECT summary FROM audit_log WHERE action = 'erase' AND patient_id = ?1)",
    )
    .bind(p.id)
    .fetch_one(t.d.f.store.pool())
    .await
    .unwrap();
    assert!(n >= 3, "registration, edit, erasure");
    assert!(
        summary.contains("clinical_notes 6") && summary.contains(&format!("request #{request}")),
        "{summary}"
    );
    audit_verifies(&t).await;

    // The register keeps its rows, without the words that named the patient.
    let (requests, disclosures, statements): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM rights_requests WHERE patient_id = ?1 AND details IS NULL),
                (SELECT count(*) FROM disclosures WHERE patient_id = ?1),
                (SELECT count(*) FROM patient_statements WHERE patient_id = ?1)",
    )
    .bind(p.id)
    .fetch_one(t.d.f.store.pool())
    .await
    .unwrap();
    assert_eq!((requests, disclosures, statements), (2, 1, 1));

    let again = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap_err();
    assert_eq!(again.kind(), "conflict");
    assert!(again.to_string().contains("already erased"), "{again}");
}

#[tokio::test]
async fn what_must_be_kept_is_restricted_and_refused_with_the_day_it_can_go() {
    let t = team().await;
    let p = register(
        &t,
        "Mehwish Akhtar",
        "Javed Iqbal Chaudhry",
        "1990-02-11",
        "35202-3334445-6",
        "0301-2223334",
    )
    .await;
    visit(&t, &p, "2025-05-05").await;

    let out = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap();
    assert!(!out.patient_erased);
    let kind = |k: RecordKind| out.kinds.iter().find(|o| o.kind == k).unwrap().clone();
    let notes = kind(RecordKind::ClinicalNotes);
    assert_eq!((notes.erased, notes.kept), (0, 6));
    assert_eq!(notes.keep_until.unwrap().to_string(), "2032-05-05");
    assert_eq!(notes.reason, "Kept 7 years after the last visit (2025-05-05).");
    assert_eq!(kind(RecordKind::Demographics).keep_until.unwrap().to_string(), "2032-05-05");
    assert_eq!(kind(RecordKind::Appointments).keep_until.unwrap().to_string(), "2028-05-05");
    let mut conn = t.d.f.store.pool().acquire().await.unwrap();
    assert!(retention::is_restricted(&mut conn, p.id).await.unwrap());
    drop(conn);
    let restricted: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT kind, until FROM retention_restrictions WHERE patient_id = ?1 ORDER BY kind")
            .bind(p.id)
            .fetch_all(t.d.f.store.pool())
            .await
            .unwrap();
    assert_eq!(restricted.len(), 5, "{restricted:?}");

    let e = retention::erase_records(&t.d.f.store, &t.privacy, p.id, &[RecordKind::ClinicalNotes], None)
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.field()), ("conflict", Some("clinical_notes")));
    assert!(e.to_string().contains("must be kept until 5 May 2032"), "{e}");
    let e = retention::erase_records(&t.d.f.store, &t.privacy, p.id, &[RecordKind::AuditTrail], None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("kept always"), "{e}");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM notes WHERE patient_id = ?1")
        .bind(p.id)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 1, "nothing erased by a refused request");

    // Only the privacy officer erases.
    for who in [&t.d.desk, &t.d.admin] {
        let e = retention::erase_patient(&t.d.f.store, who, p.id, None).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden");
    }
    let e = retention::erase_patient(&t.d.f.store, &t.privacy, 999_999, None).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
    audit_verifies(&t).await;
}

#[tokio::test]
async fn a_childs_notes_are_kept_past_their_18th_birthday_and_a_rule_change_takes_effect() {
    let t = team().await;
    let p =
        register(&t, "Anaya Qureshi", "Kamran Saleem Rana", "2016-09-30", "35202-5556667-8", "0302-7778889")
            .await;
    visit(&t, &p, "2018-04-10").await;

    let out = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap();
    let kind =
        |o: &retention::ErasureOutcome, k: RecordKind| o.kinds.iter().find(|x| x.kind == k).unwrap().clone();
    let notes = kind(&out, RecordKind::ClinicalNotes);
    assert_eq!(notes.keep_until.unwrap().to_string(), "2041-09-30", "7 years after turning 18 on 2034-09-30");
    assert!(notes.reason.contains("18th birthday (2034-09-30)"), "{}", notes.reason);
    // Appointments may go, but the one the kept note refers to stays with it.
    let appts = kind(&out, RecordKind::Appointments);
    assert_eq!((appts.erased, appts.kept), (1, 1), "{appts:?}");
    assert_eq!(appts.keep_until.unwrap().to_string(), "2041-09-30");
    assert!(!out.patient_erased);

    // The administrator shortens clinical notes to 7 years from the last visit: the
    // next evaluation uses it.
    let rule = RetentionRuleInput {
        kind: "clinical_notes".into(),
        period_years: 7,
        period_months: 0,
        counted_from: "last_visit".into(),
    };
    let e = retention::set_rule(&t.d.f.store, &t.privacy, rule.clone()).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    let bad = RetentionRuleInput { period_years: 101, ..rule.clone() };
    assert_eq!(
        retention::set_rule(&t.d.f.store, &t.d.admin, bad).await.unwrap_err().field(),
        Some("period_years")
    );
    let unknown = RetentionRuleInput { kind: "x_rays".into(), ..rule.clone() };
    assert_eq!(
        retention::set_rule(&t.d.f.store, &t.d.admin, unknown).await.unwrap_err().field(),
        Some("kind")
    );
    let rules = retention::set_rule(&t.d.f.store, &t.d.admin, rule).await.unwrap();
    let notes_rule = rules.iter().find(|r| r.kind == RecordKind::ClinicalNotes).unwrap();
    assert_eq!(notes_rule.updated_by_name.as_deref(), Some("Imran Qureshi"));
    let (n, summary): (i64, String) = sqlx::query_as(
        "SELECT count(*), max(summary) FROM audit_log WHERE entity = 'retention_rule' AND action = 'settings_change'",
    )
    .fetch_one(t.d.f.store.pool())
    .await
    .unwrap();
    assert_eq!((n, summary.as_str()), (1, "7y0m from last_visit_or_adulthood -> 7y0m from last_visit"));

    let out = retention::erase_records(&t.d.f.store, &t.privacy, p.id, &[RecordKind::ClinicalNotes], None)
        .await
        .unwrap();
    assert_eq!(kind(&out, RecordKind::ClinicalNotes).erased, 6, "2018 + 7 years has passed");
    // Dispensings still follow the child rule (5 years past 18), and personal details with them.
    let e = retention::erase_records(&t.d.f.store, &t.privacy, p.id, &[RecordKind::Demographics], None)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("demographics"));
    assert!(e.to_string().contains("30 September 2039"), "{e}");
    audit_verifies(&t).await;
}
