//! Every read of patient data leaves an audit entry: one naming the patient when it is
//! one patient's data, one naming every patient shown when it is a list (the ids in
//! `audit_patients`, their count and digest in the chained summary); exports name the
//! patients they hold. Editing the list of ids is caught by the verifier.

use alhayat::audit;
use alhayat::auth::Role;
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, ObjectionPurpose};
use alhayat::portability::{self, BulkPurpose, BulkRequest};
use alhayat::reminders;
use alhayat::retention;
use alhayat::rights::{self, DisclosureInput, DisclosurePurpose, RequestInput, RequestedBy};
use alhayat::scheduling::{self, BookingInput};
use alhayat::store::Store;
use chrono::{DateTime, Duration, Utc};

use crate::retention::seed::{register, team, visit, Team};
use crate::scheduling::{at, monday};
use crate::support::*;

/// The newest entry: (seq, action, entity, patient id, summary).
type Entry = (i64, String, String, Option<i64>, String);

async fn newest(s: &Store) -> Entry {
    sqlx::query_as("SELECT seq, action, entity, patient_id, summary FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_one(s.pool())
        .await
        .unwrap()
}

/// The patients listed with entry `seq`, ascending.
async fn listed(s: &Store, seq: i64) -> Vec<i64> {
    let text: Option<String> = sqlx::query_scalar("SELECT patient_ids FROM audit_patients WHERE seq = ?1")
        .bind(seq)
        .fetch_optional(s.pool())
        .await
        .unwrap();
    text.map(|t| t.split(',').map(|id| id.parse().unwrap()).collect()).unwrap_or_default()
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The newest entry is a read of one patient's data.
async fn read_of_one(s: &Store, what: &str, entity: &str, patient: i64) {
    let (_, action, e, p, _) = newest(s).await;
    assert_eq!((action.as_str(), e.as_str(), p), ("view", entity, Some(patient)), "{what}");
}

/// The newest entry names exactly `ids` (and claims them in its summary).
async fn names(s: &Store, what: &str, action: &str, entity: &str, ids: Vec<i64>) -> String {
    let (seq, a, e, _, summary) = newest(s).await;
    assert_eq!((a.as_str(), e.as_str()), (action, entity), "{what}: {summary}");
    let ids = sorted(ids);
    assert_eq!(listed(s, seq).await, ids, "{what}");
    assert!(summary.contains(&format!("[patients:{}:", ids.len())), "{what}: {summary}");
    summary
}

fn booking(t: &Team, patient: i64, room: i64, starts_at: String) -> BookingInput {
    BookingInput {
        patient_id: patient,
        practitioner_id: if room == t.d.room1 { t.d.bilal } else { t.d.sara },
        service_id: t.d.physio,
        room_id: room,
        starts_at,
        ends_at: None,
        past_reason: None,
    }
}

#[tokio::test]
async fn every_read_of_patient_data_writes_its_entry_naming_the_patients_shown() {
    let t = team().await;
    let s = &t.d.f.store;
    let amna =
        register(&t, "Saima Khalid", "Javed Iqbal Chaudhry", "1990-02-11", "35202-3334445-6", "0301-2223334")
            .await;
    let usman =
        register(&t, "Saima Farooq", "Tariq Mehmood Butt", "1985-07-20", "35202-7778889-1", "0321-5556667")
            .await;
    let old = register(
        &t,
        "Shehzadi Kanwal",
        "Ghulam Mustafa Qazi",
        "1975-08-14",
        "35202-7654321-9",
        "0300-5551234",
    )
    .await;
    visit(&t, &old, "2015-03-02").await;

    // Searches: the kind of query and the ids shown, never what was typed.
    let found = patients::search(s, &t.d.desk, "Saima", 20).await.unwrap();
    assert_eq!(sorted(found.iter().map(|p| p.id).collect()), sorted(vec![amna.id, usman.id]));
    let summary = names(s, "search by name", "view", "patient_search", vec![amna.id, usman.id]).await;
    assert!(summary.starts_with("search by name") && !summary.contains("Saima"), "{summary}");
    patients::search(s, &t.d.desk, amna.phone, 20).await.unwrap();
    let summary = names(s, "search by phone", "view", "patient_search", vec![amna.id]).await;
    assert!(summary.starts_with("search by phone") && !summary.contains("2223334"), "{summary}");
    patients::search(s, &t.d.desk, amna.cnic, 20).await.unwrap();
    assert!(names(s, "search by CNIC", "view", "patient_search", vec![amna.id])
        .await
        .starts_with("search by cnic"));
    patients::search(s, &t.d.desk, "zzz-nobody", 20).await.unwrap();
    names(s, "a search that finds nobody", "view", "patient_search", vec![]).await;

    // The duplicate check.
    let mut twin = crate::patients::adult("Saima Khalid", "1990-02-11");
    twin.phone = Some(usman.phone.into());
    patients::find_duplicates(s, &t.d.desk, twin).await.unwrap();
    names(s, "duplicate check", "view", "patient_duplicates", vec![amna.id, usman.id]).await;

    // The appointment book: the day, a range, one appointment, its history.
    let day = monday(1) + Duration::days(1);
    let a = scheduling::book(s, &t.d.desk, booking(&t, amna.id, t.d.room1, at(monday(1), 1, "10:00")))
        .await
        .unwrap();
    scheduling::book(s, &t.d.desk, booking(&t, usman.id, t.d.room2, at(monday(1), 1, "10:00")))
        .await
        .unwrap();
    let shown = scheduling::day(s, &t.d.desk, &day.to_string()).await.unwrap();
    assert_eq!(shown.len(), 2);
    names(s, "day view", "view", "appointments", vec![amna.id, usman.id]).await;
    let physio = actor(t.d.bilal, &[Role::Physiotherapist]);
    let filter = scheduling::RangeFilter { practitioner_id: Some(t.d.bilal), room_id: None };
    scheduling::range(s, &physio, &day.to_string(), &day.to_string(), filter).await.unwrap();
    names(s, "a practitioner's week", "view", "appointments", vec![amna.id]).await;
    scheduling::get(s, &t.d.desk, a.id).await.unwrap();
    read_of_one(s, "one appointment", "appointment", amna.id).await;
    scheduling::history(s, &t.d.desk, a.id).await.unwrap();
    read_of_one(s, "an appointment's history", "appointment_history", amna.id).await;

    // The reminder queue and its CSV export.
    let c = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::InPerson,
    };
    patients::record_consent(s, &t.d.desk, amna.id, c).await.unwrap();
    let now: DateTime<Utc> = a.starts_at.parse::<DateTime<Utc>>().unwrap() - Duration::hours(30);
    assert_eq!(reminders::queue(s, &t.d.desk, now).await.unwrap().len(), 1);
    names(s, "reminder queue", "view", "reminder_queue", vec![amna.id]).await;
    reminders::export_csv(s, &t.d.desk, now).await.unwrap();
    names(s, "reminder CSV", "export", "reminder_queue", vec![amna.id]).await;

    // The practitioner's diary as iCalendar names whose MRNs it holds.
    scheduling::diary_ics(s, &t.d.desk, t.d.sara, &day.to_string(), &day.to_string()).await.unwrap();
    names(s, "diary", "export", "practitioner_diary", vec![usman.id]).await;

    // Objections.
    patients::record_objection(s, &t.d.desk, usman.id, ObjectionPurpose::Statistics).await.unwrap();
    patients::objections(s, &t.d.desk, usman.id).await.unwrap();
    read_of_one(s, "objections", "objections", usman.id).await;

    // The privacy officer's registers: requests (list, one, dashboard), disclosures, the review.
    let today = rights::clinic_date(Utc::now()).to_string();
    let input = RequestInput {
        kind: "access".into(),
        patient_id: amna.id,
        requested_by: RequestedBy::Patient,
        guardian_id: None,
        details: String::new(),
        received_on: today.clone(),
        due_on: String::new(),
    };
    let r = rights::record_request(s, &t.privacy, input, Utc::now()).await.unwrap();
    rights::list_requests(s, &t.privacy, None).await.unwrap();
    names(s, "rights register", "view", "rights_requests", vec![amna.id]).await;
    rights::dashboard(s, &t.privacy, Utc::now()).await.unwrap();
    names(s, "rights dashboard", "view", "rights_requests", vec![amna.id]).await;
    rights::get_request(s, &t.privacy, r.id).await.unwrap();
    read_of_one(s, "one request", "rights_request", amna.id).await;
    let d = DisclosureInput {
        patient_id: usman.id,
        recipient: "Services Hospital".into(),
        purpose: DisclosurePurpose::Legal,
        reason: "Court order".into(),
        what: "Appointments".into(),
        disclosed_on: today,
    };
    rights::record_disclosure(s, &t.privacy, d, Utc::now()).await.unwrap();
    rights::list_disclosures(s, &t.privacy, usman.id).await.unwrap();
    read_of_one(s, "disclosures", "disclosures", usman.id).await;
    let due = retention::due_for_review(s, &t.privacy).await.unwrap();
    assert_eq!(due.iter().map(|i| i.patient_id).collect::<Vec<_>>(), vec![old.id]);
    names(s, "retention review", "view", "retention_review", vec![old.id]).await;

    // A bulk export names every patient written.
    let dir = tempfile::tempdir().unwrap();
    let req = BulkRequest { purpose: BulkPurpose::Transfer, patient_ids: Some(vec![amna.id, old.id]) };
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let saved = portability::bulk_export(s, &t.privacy, req, dir.path(), |_| {}, cancel).await.unwrap();
    assert_eq!(saved.patients, 2);
    names(s, "bulk export", "export", "patients", vec![amna.id, old.id]).await;

    let report = audit::verify(s.pool(), s.head().read().as_ref()).await.unwrap();
    assert!(report.ok, "{report:?}");
}

/// A store with a few list entries (searches), and the newest entry's seq per search.
async fn with_lists() -> (Team, Vec<i64>) {
    let t = team().await;
    let mut seqs = Vec::new();
    for (name, cnic, phone) in [
        ("Saima Khalid", "35202-3334445-6", "0301-2223334"),
        ("Saima Farooq", "35202-7778889-1", "0321-5556667"),
    ] {
        register(&t, name, "Javed Iqbal Chaudhry", "1990-02-11", cnic, phone).await;
    }
    for q in ["Saima", "Farooq", "Khalid"] {
        patients::search(&t.d.f.store, &t.d.desk, q, 20).await.unwrap();
        seqs.push(newest(&t.d.f.store).await.0);
    }
    (t, seqs)
}

async fn tampered(t: &Team, sql: &str) -> audit::VerifyReport {
    let mut conn = raw_connection(&t.d.f.path(), &t.d.f.key).await;
    // Whoever edits the file can switch the foreign keys off too.
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut conn).await.unwrap();
    for drop in ["audit_patients_no_update", "audit_patients_no_delete", "audit_patients_only_newest"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER IF EXISTS {drop}")))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(&mut conn).await.unwrap();
    drop(conn);
    let s = &t.d.f.store;
    audit::verify(s.pool(), s.head().read().as_ref()).await.unwrap()
}

#[tokio::test]
async fn the_listed_patients_are_append_only_and_any_edit_is_caught_by_the_verifier() {
    let (t, seqs) = with_lists().await;
    let s = &t.d.f.store;
    let first = seqs[0];
    let ids = listed(s, first).await;
    assert_eq!(ids.len(), 2);
    let ok = audit::verify(s.pool(), s.head().read().as_ref()).await.unwrap();
    assert!(ok.ok, "{ok:?}");

    // The triggers refuse edits, deletions, and a list for an entry already written.
    let refused = [
        format!("UPDATE audit_patients SET patient_ids = '{}' WHERE seq = {first}", ids[0]),
        format!("DELETE FROM audit_patients WHERE seq = {first}"),
        format!("INSERT INTO audit_patients (seq, patient_ids) VALUES ({}, '999')", first - 1),
    ];
    for sql in &refused {
        let e = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(s.pool()).await.unwrap_err();
        assert!(e.to_string().contains("audit"), "{sql}: {e}");
    }

    let cases = [
        // A patient taken off a list, one swapped for another, one added.
        (format!("UPDATE audit_patients SET patient_ids = '{}' WHERE seq = {first}", ids[1]), first),
        (format!("UPDATE audit_patients SET patient_ids = '{},999' WHERE seq = {first}", ids[0]), first),
        (
            format!("UPDATE audit_patients SET patient_ids = patient_ids || ',999' WHERE seq = {}", seqs[1]),
            seqs[1],
        ),
        // A list removed, one given to an entry that never named any, one under no entry.
        (format!("DELETE FROM audit_patients WHERE seq = {first}"), first),
        (format!("INSERT INTO audit_patients (seq, patient_ids) VALUES ({}, '999')", first - 1), first - 1),
        ("INSERT INTO audit_patients (seq, patient_ids) VALUES (1000000, '999')".to_string(), 1_000_000),
    ];
    for (sql, bad) in cases {
        let (t, _) = with_lists().await;
        let r = tampered(&t, &sql).await;
        assert!(!r.ok, "{sql}: not caught");
        assert_eq!(r.first_bad_seq, Some(bad), "{sql}: {:?}", r.problem);
        assert!(r.problem.unwrap().contains(&format!("#{bad}")), "{sql}");
    }
    // Dropping the whole side table is caught too.
    let (t, seqs) = with_lists().await;
    let r = tampered(&t, "DROP TABLE audit_patients").await;
    assert_eq!(r.first_bad_seq, Some(seqs[0]), "{:?}", r.problem);
}
