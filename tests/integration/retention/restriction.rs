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

/// Refused with the one sentence: restricted, ask the privacy officer. Not why, nor until when.
fn refused_until(what: &str, r: Result<(), AppError>, day: &str) {
    let e = r.expect_err(what);
    assert_eq!(e.kind(), "forbidden", "{what}: {e}");
    assert_eq!(e.to_string(), retention::RESTRICTED, "{what}");
    assert!(!e.to_string().contains(day), "{what}: {e}");
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
    assert_eq!((e.kind(), e.to_string()), ("forbidden", retention::RESTRICTED.to_string()), "{e}");

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

/// What reception types to find someone: name, a prefix, MRN, phone, CNIC.
fn ways_to_find(p: &Person, mrn: &str) -> Vec<String> {
    vec![
        p.name.to_string(),
        p.name[..2].to_string(),
        mrn.to_string(),
        p.phone.to_string(),
        p.cnic.to_string(),
    ]
}

async fn finds(s: &alhayat::store::Store, who: &alhayat::auth::Actor, q: String) -> Vec<i64> {
    patients::search(s, who, &q, 20).await.unwrap().into_iter().map(|p| p.id).collect()
}

async fn mrn_of(t: &Team, id: i64) -> String {
    sqlx::query_scalar("SELECT mrn FROM patients WHERE id = ?1")
        .bind(id)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn restricted_erased_and_anonymised_patients_are_not_found_and_their_slots_show_nobody() {
    let t = team().await;
    let s = &t.d.f.store;
    let restricted = register(
        &t,
        "Mehwish Akhtar",
        "Javed Iqbal Chaudhry",
        "1990-02-11",
        "35202-3334445-6",
        "0301-2223334",
    )
    .await;
    let erased = register(
        &t,
        "Shehzadi Kanwal",
        "Ghulam Mustafa Qazi",
        "1975-08-14",
        "35202-7654321-9",
        "0300-5551234",
    )
    .await;
    let anonymised =
        register(&t, "Nargis Sultana", "Asif Nawaz Gondal", "1968-11-03", "35202-6667778-1", "0345-1212343")
            .await;
    let open =
        register(&t, "Rukhsana Bibi", "Tariq Mehmood Butt", "1985-07-20", "35202-7778889-1", "0321-5556667")
            .await;
    visit(&t, &restricted, "2025-05-05").await;
    visit(&t, &erased, "2015-03-02").await;
    visit(&t, &anonymised, "2025-02-03").await;
    visit(&t, &open, "2025-05-06").await;
    let future =
        scheduling::book(s, &t.d.desk, booking(&t, &restricted, t.d.room1, &at(monday(1), 1, "10:00")))
            .await
            .unwrap()
            .id;
    let mrns = [
        mrn_of(&t, restricted.id).await,
        mrn_of(&t, erased.id).await,
        mrn_of(&t, anonymised.id).await,
        mrn_of(&t, open.id).await,
    ];
    let desk_finds = |q: String| finds(s, &t.d.desk, q);
    let officer_finds = |q: String| finds(s, &t.privacy, q);
    // Before: everyone is found every way.
    for (p, mrn) in [(&restricted, &mrns[0]), (&erased, &mrns[1]), (&anonymised, &mrns[2])] {
        for q in ways_to_find(p, mrn) {
            assert!(desk_finds(q.clone()).await.contains(&p.id), "{q} before");
        }
    }

    retention::erase_patient(s, &t.privacy, restricted.id, None).await.unwrap();
    assert!(retention::erase_patient(s, &t.privacy, erased.id, None).await.unwrap().patient_erased);
    retention::anonymise_patient(s, &t.privacy, anonymised.id, None).await.unwrap();

    for q in ways_to_find(&restricted, &mrns[0]) {
        assert!(
            !desk_finds(q.clone()).await.contains(&restricted.id),
            "reception finds the restricted by {q}"
        );
        // The privacy officer answers the patient's requests and erases what comes due: she finds them.
        assert!(officer_finds(q.clone()).await.contains(&restricted.id), "the officer misses {q}");
    }
    // Nobody finds an erased or anonymised patient, however asked (the tombstone keeps its MRN).
    for (p, mrn) in [(&erased, &mrns[1]), (&anonymised, &mrns[2])] {
        for q in ways_to_find(p, mrn).into_iter().chain([
            "Erased patient".into(),
            "Er".into(),
            "Anonymised".into(),
            "An".into(),
        ]) {
            assert!(!desk_finds(q.clone()).await.contains(&p.id), "{q}");
            assert!(!officer_finds(q.clone()).await.contains(&p.id), "{q}");
        }
    }
    for q in ways_to_find(&open, &mrns[3]) {
        assert!(desk_finds(q.clone()).await.contains(&open.id), "{q}");
    }

    // The duplicate check shows nobody restricted; the same CNIC is refused without a name.
    let mut again = crate::patients::adult("Mehwish Akhtar", "1990-02-11");
    again.phone = Some(restricted.phone.into());
    assert!(patients::find_duplicates(s, &t.d.desk, again.clone()).await.unwrap().is_empty());
    again.cnic = Some(restricted.cnic.into());
    let e = patients::register(s, &t.d.desk, again).await.unwrap_err();
    assert_eq!(e.field(), Some("cnic"));
    assert_eq!(
        e.to_string(),
        "This CNIC belongs to a patient whose record is restricted. Ask the privacy officer."
    );
    let mut twin = crate::patients::adult("Rukhsana Bibi", "1985-07-20");
    twin.phone = Some(open.phone.into());
    let found = patients::find_duplicates(s, &t.d.desk, twin).await.unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![open.id]);

    // The deletion request cancelled the future booking, so its slot is free again.
    let gone = &scheduling::day(s, &t.d.desk, &monday(1).succ_opt().unwrap().to_string()).await.unwrap();
    let slot = gone.iter().find(|a| a.id == future).expect("kept in the book");
    assert_eq!(slot.status, scheduling::Status::Cancelled);

    // The book: the kept visit is a taken slot with nobody in it; the open patient's is whole.
    let day = scheduling::day(s, &t.d.desk, "2025-05-05").await.unwrap();
    let kept = day.iter().find(|a| a.status == scheduling::Status::Completed).expect("the kept visit shows");
    assert!(kept.restricted);
    assert_eq!((kept.patient_id, kept.patient_name.as_str(), kept.mrn.as_str()), (0, "", ""));
    assert!(kept.patient_phone.is_none() && kept.patient_name_ur.is_none() && kept.steps.is_empty());
    let cancelled = day.iter().find(|a| a.status == scheduling::Status::Cancelled).unwrap();
    assert!(cancelled.restricted && cancelled.cancel_reason.is_none(), "the reason named a relative");
    let week = scheduling::range(s, &t.d.desk, "2025-05-05", "2025-05-06", Default::default()).await.unwrap();
    let names: Vec<&str> = week.iter().map(|a| a.patient_name.as_str()).collect();
    assert!(names.contains(&open.name) && !names.contains(&restricted.name), "{names:?}");
    for a in &week {
        assert_eq!(a.restricted, a.patient_id == 0, "{a:?}");
    }
    let e = scheduling::get(s, &t.d.desk, kept.id).await.unwrap_err();
    assert_eq!(e.to_string(), retention::RESTRICTED);

    // A clash with the kept visit names nobody.
    let b = BookingInput { starts_at: "2025-05-05T10:00".into(), ..booking(&t, &open, t.d.room1, "") };
    let check = scheduling::check_slot(s, &t.d.desk, b, None).await.unwrap();
    assert!(!check.clashes.is_empty());
    for c in &check.clashes {
        assert!(c.contains("another patient") && !c.contains(restricted.name), "{c}");
    }

    // The practitioner's diary keeps the slot, without the MRN.
    let ics = scheduling::diary_ics(s, &t.d.desk, t.d.bilal, "2025-05-05", "2025-05-06").await.unwrap();
    let text = String::from_utf8(ics.bytes).unwrap();
    assert!(!text.contains(&mrns[0]), "{text}");
    assert!(text.contains(&mrns[3]), "{text}");
    assert!(text.contains("SUMMARY:Appointment\r\n"), "{text}");

    // Nothing new for an erased or anonymised patient, whoever asks.
    for p in [erased.id, anonymised.id] {
        let c = ConsentInput {
            purpose: ConsentPurpose::RemindersSms,
            given_by: "the patient".into(),
            method: ConsentMethod::InPerson,
        };
        let e = patients::record_consent(s, &t.d.desk, p, c).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{e}");
        let e = patients::record_objection(s, &t.privacy, p, patients::ObjectionPurpose::Sharing)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{e}");
        let physio = actor(t.d.bilal, &[Role::Physiotherapist]);
        let e = records::break_glass(s, &physio, p, "Collapsed in the waiting room").await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{e}");
        let cond = records::ConditionInput {
            description: "Neck pain".into(),
            icd10: None,
            onset: None,
            status: records::ConditionStatus::Active,
        };
        let e = records::add_condition(s, &physio, p, cond).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{e}");
    }
    // The privacy officer may still record an objection for the restricted patient.
    patients::record_objection(s, &t.privacy, restricted.id, patients::ObjectionPurpose::Statistics)
        .await
        .unwrap();
}
