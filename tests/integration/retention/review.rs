//! The retention review: who is due, the count for the daily notice, bulk erasure with
//! progress and confirmation.

use alhayat::auth::Role;
use alhayat::retention::{self, RecordKind, ReviewAction, ReviewProgress};

use crate::support::actor;

use super::erase::audit_verifies;
use super::seed::{register, team, visit};

#[tokio::test]
async fn only_the_privacy_officer_is_told_how_many_patients_are_due() {
    let t = team().await;
    let old =
        register(&t, "Kulsoom Bano", "Rashid Mahmood Awan", "1950-01-01", "35202-1010101-1", "0300-1110001")
            .await;
    visit(&t, &old, "2014-01-15").await;
    assert_eq!(retention::count_due(&t.d.f.store, &t.privacy).await.unwrap(), 1);
    let physio = actor(t.d.bilal, &[Role::Physiotherapist]);
    for who in [&t.d.desk, &t.d.admin, &physio] {
        let e = retention::count_due(&t.d.f.store, who).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{:?}", who.roles);
    }
}

#[tokio::test]
async fn the_review_lists_what_is_due_and_erases_it_in_bulk_with_progress() {
    let t = team().await;
    let old =
        register(&t, "Kulsoom Bano", "Rashid Mahmood Awan", "1950-01-01", "35202-1010101-1", "0300-1110001")
            .await;
    visit(&t, &old, "2014-01-15").await;
    let mid =
        register(&t, "Tahira Naz", "Sajid Hussain Shah", "1972-07-07", "35202-2020202-2", "0300-2220002")
            .await;
    visit(&t, &mid, "2022-08-20").await;
    let recent =
        register(&t, "Bushra Rani", "Naveed Akram Malik", "1988-03-03", "35202-3030303-3", "0300-3330003")
            .await;
    visit(&t, &recent, "2026-10-01").await;

    assert_eq!(
        retention::count_due(&t.d.f.store, &t.privacy).await.unwrap(),
        2,
        "clinic()'s patients were registered today"
    );
    let items = retention::due_for_review(&t.d.f.store, &t.privacy).await.unwrap();
    let of = |id: i64| items.iter().find(|i| i.patient_id == id).cloned();
    let o = of(old.id).unwrap();
    assert!(o.whole_record);
    assert_eq!(o.full_name, "Kulsoom Bano");
    assert_eq!(
        o.due,
        [
            RecordKind::ClinicalNotes,
            RecordKind::PrescriptionsAndDispensings,
            RecordKind::Appointments,
            RecordKind::Consents,
            RecordKind::Demographics
        ]
    );
    let m = of(mid.id).unwrap();
    assert_eq!(m.due, [RecordKind::Appointments], "only the free (cancelled) appointment is due");
    assert!(of(recent.id).is_none());
    assert_eq!(retention::due_for_review(&t.d.f.store, &t.d.desk).await.unwrap_err().kind(), "forbidden");

    let ids = [old.id, mid.id];
    let mut seen: Vec<ReviewProgress> = Vec::new();
    let e = retention::process_review(&t.d.f.store, &t.privacy, &ids, ReviewAction::Erase, 3, &mut |p| {
        seen.push(p)
    })
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("confirm_count"));
    assert!(e.to_string().contains(": 2."), "{e}");
    assert!(seen.is_empty());

    let result =
        retention::process_review(&t.d.f.store, &t.privacy, &ids, ReviewAction::Erase, 2, &mut |p| {
            seen.push(p)
        })
        .await
        .unwrap();
    assert_eq!((result.processed, result.skipped), (2, 0));
    assert_eq!(seen.iter().map(|p| (p.done, p.total)).collect::<Vec<_>>(), [(1, 2), (2, 2)]);
    assert!(seen.iter().all(|p| p.problem.is_none()), "{seen:?}");

    let mut conn = t.d.f.store.pool().acquire().await.unwrap();
    assert!(retention::is_erased(&mut conn, old.id).await.unwrap());
    assert!(!retention::is_erased(&mut conn, mid.id).await.unwrap());
    let (mid_appointments, mid_notes): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM appointments WHERE patient_id = ?1), (SELECT count(*) FROM notes WHERE patient_id = ?1)",
    )
    .bind(mid.id)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!((mid_appointments, mid_notes), (1, 1), "the held appointment stays with its note");
    assert!(
        !retention::is_restricted(&mut conn, mid.id).await.unwrap(),
        "a review is not a deletion request"
    );
    drop(conn);
    assert!(retention::due_for_review(&t.d.f.store, &t.privacy)
        .await
        .unwrap()
        .iter()
        .all(|i| i.patient_id != mid.id));

    // Done twice: skipped with the reason, the run goes on.
    seen.clear();
    let result =
        retention::process_review(&t.d.f.store, &t.privacy, &[old.id], ReviewAction::Erase, 1, &mut |p| {
            seen.push(p)
        })
        .await
        .unwrap();
    assert_eq!((result.processed, result.skipped), (0, 1));
    assert!(seen[0].problem.as_deref().unwrap().contains("already erased"));
    // The processing runs, not the reads of the list (audited as views).
    let bulk: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'retention_review' AND action <> 'view'",
    )
    .fetch_one(t.d.f.store.pool())
    .await
    .unwrap();
    assert_eq!(bulk, 2);
    audit_verifies(&t).await;
}
