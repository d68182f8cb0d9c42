//! What is kept past a deletion request is restricted: used for nothing but the law's
//! reason. Clinicians, reception, booking and reminders are refused a restricted patient
//! at the service level; the privacy officer still reads; others are untouched.

use alhayat::auth::Role;
use alhayat::error::AppError;
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose};
use alhayat::records::{self, ExportPurpose, TimelineQuery};
use alhayat::reminders;
use alhayat::retention;
use alhayat::scheduling::{self, BookingInput};
use chrono::{DateTime, Duration, Utc};

use super::seed::{register, team, visit, Person, Team};
use crate::scheduling::{at, monday};
use crate::support::*;

/// Tomorrow-ish booking with consent to SMS reminders, so the queue would list them.
async fn booked_with_reminders(t: &Team, p: &Person, room: i64, hm: &str) -> String {
    let c = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::InPerson,
    };
    patients::record_consent(&t.d.f.store, &t.d.desk, p.id, c).await.unwrap();
    let b = booking(t, p, room, &at(monday(1), 1, hm));
    scheduling::book(&t.d.f.store, &t.d.desk, b).await.unwrap().starts_at
}

fn booking(t: &Team, p: &Person, room: i64, starts_at: &str) -> BookingInput {
    BookingInput {
        patient_id: p.id,
        practitioner_id: if room == t.d.room1 { t.d.bilal } else { t.d.sara },
        service_id: t.d.physio,
        room_id: room,
        starts_at: starts_at.into(),
        ends_at: None,
        past_reason: None,
    }
}

fn refused_until(what: &str, r: Result<(), AppError>, day: &str) {
    let e = r.expect_err(what);
    assert_eq!(e.kind(), "forbidden", "{what}: {e}");
    assert!(
        e.to_string().contains(&format!("kept only because the law requires it, until {day}")),
        "{what}: {e}"
    );
    assert!(e.to_string().contains("only the privacy officer can open them"), "{what}: {e}");
}

#[tokio::test]
async fn a_restricted_patient_is_refused_to_all_but_the_privacy_officer() {
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
    let other =
        register(&t, "Rukhsana Bibi", "Tariq Mehmood Butt", "1985-07-20", "35202-7778889-1", "0321-5556667")
            .await;
    visit(&t, &p, "2025-05-05").await;
    visit(&t, &other, "2025-05-06").await;
    let starts = booked_with_reminders(&t, &p, t.d.room1, "10:00").await;
    booked_with_reminders(&t, &other, t.d.room2, "10:00").await;
    let now: DateTime<Utc> = starts.parse::<DateTime<Utc>>().unwrap() - Duration::hours(30);
    let queued = |q: &[reminders::Reminder]| q.iter().map(|r| r.patient_id).collect::<Vec<_>>();
    let before = reminders::queue(&t.d.f.store, &t.d.desk, now).await.unwrap();
    assert!(queued(&before).contains(&p.id) && queued(&before).contains(&other.id), "{:?}", queued(&before));

    let out = retention::erase_patient(&t.d.f.store, &t.privacy, p.id, None).await.unwrap();
    assert!(!out.patient_erased, "the recent records are kept, so is the patient");
    let mut conn = t.d.f.store.pool().acquire().await.unwrap();
    let r = retention::restriction_of(&mut conn, p.id).await.unwrap().expect("restricted");
    drop(conn);
    // The earliest of the kept kinds: the appointments, three years after the last visit.
    assert_eq!(r.until.unwrap().to_string(), "2028-05-05");
    let day = "5 May 2028";

    let s = &t.d.f.store;
    let physio = actor(t.d.bilal, &[Role::Physiotherapist]);
    let chart = |id| records::history_of(s, &physio, id);
    let notes = |id| records::notes_of(s, &physio, id, None);
    let timeline = |id| records::timeline(s, &physio, TimelineQuery { patient_id: id, ..Default::default() });
    let pdf = |id| records::record_pdf(s, &physio, id, ExportPurpose::Care);

    refused_until("chart", chart(p.id).await.map(|_| ()), day);
    refused_until("notes", notes(p.id).await.map(|_| ()), day);
    refused_until("timeline", timeline(p.id).await.map(|_| ()), day);
    refused_until("record PDF", pdf(p.id).await.map(|_| ()), day);
    refused_until("reception opening the record", patients::get(s, &t.d.desk, p.id).await.map(|_| ()), day);
    let renamed = crate::patients::adult("Someone Else", "1970-04-04");
    refused_until(
        "reception changing the details",
        patients::update(s, &t.d.desk, p.id, renamed.clone()).await.map(|_| ()),
        day,
    );

    let e = scheduling::book(s, &t.d.desk, booking(&t, &p, t.d.room1, &at(monday(2), 1, "10:00")))
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.field()), ("validation", Some("patient_id")), "{e}");
    assert!(e.to_string().contains(day) && e.to_string().contains("cannot be booked"), "{e}");

    let after = reminders::queue(s, &t.d.desk, now).await.unwrap();
    assert!(!queued(&after).contains(&p.id), "a restricted patient is not reminded");
    assert!(queued(&after).contains(&other.id), "{:?}", queued(&after));

    // The privacy officer, who answers for the kept records, still opens them.
    assert_eq!(patients::get(s, &t.privacy, p.id).await.unwrap().id, p.id);

    // A patient without a restriction is unaffected.
    chart(other.id).await.unwrap();
    assert!(!notes(other.id).await.unwrap().is_empty());
    assert!(!timeline(other.id).await.unwrap().entries.is_empty());
    pdf(other.id).await.unwrap();
    patients::get(s, &t.d.desk, other.id).await.unwrap();
    patients::update(s, &t.d.desk, other.id, renamed).await.unwrap();
    scheduling::book(s, &t.d.desk, booking(&t, &other, t.d.room2, &at(monday(2), 1, "10:00"))).await.unwrap();
}
