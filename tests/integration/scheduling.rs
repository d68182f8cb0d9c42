//! The appointment book on a real store: every conflict rule as the desk meets it,
//! a race for one slot, the status workflow, moves and cancellations that keep their
//! history, recurring series with a clashing week, and bad input.

use std::sync::Arc;

use alhayat::auth::{Actor, Role};
use alhayat::catalogue::{self, Discipline, HoursInput, ServiceInput, TimeOffInput};
use alhayat::error::AppError;
use alhayat::patients::{self, PatientInput, Sex};
use alhayat::scheduling::{
    self, BookingInput, CancelInput, CancelledBy, OccurrenceChoice, RangeFilter, RescheduleInput, Scope,
    SeriesInput, SlotQuery, Status,
};
use alhayat::staff::Language;
use chrono::{Datelike, Duration, NaiveDate};

use crate::support::*;

pub struct Desk {
    pub f: Fixture,
    pub desk: Actor,
    pub admin: Actor,
    /// Dr. Bilal Ahmed and Dr. Sara Javed (physiotherapists), Dr. Ayesha Siddiqui (psychologist).
    pub bilal: i64,
    pub sara: i64,
    pub ayesha: i64,
    /// 45-minute physiotherapy session; 50-minute psychology consultation.
    pub physio: i64,
    pub psych: i64,
    pub room1: i64,
    pub room2: i64,
    /// Three adult patients: Amna Riaz, Usman Ghani, Zainab Bibi.
    pub patients: Vec<i64>,
}

pub fn person(name: &str, phone: Option<&str>) -> PatientInput {
    PatientInput {
        full_name: name.into(),
        name_ur: None,
        relative_name: None,
        birth_date: Some("1985-03-10".into()),
        estimated_age: None,
        sex: Sex::Female,
        cnic: None,
        phone: phone.map(Into::into),
        phone_alt: None,
        email: None,
        address: None,
        city: Some("Lahore".into()),
        preferred_language: Language::En,
        insurance_payer: None,
        insurance_policy: None,
        reception_note: None,
        guardian: None,
        parental_consent: None,
        emergency_contact: None,
        acknowledged_duplicates: vec![],
    }
}

/// A clinic with three practitioners working Monday to Saturday, 09:00–13:00 and
/// 14:00–17:00, two rooms, two services and three patients.
pub async fn clinic() -> Desk {
    let f = fresh_store().await;
    let admin_id = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let desk_id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let bilal = add_staff(&f.store, "bilal", "Dr. Bilal Ahmed", &[Role::Physiotherapist]).await;
    let sara = add_staff(&f.store, "sara", "Dr. Sara Javed", &[Role::Physiotherapist]).await;
    let ayesha = add_staff(&f.store, "ayesha", "Dr. Ayesha Siddiqui", &[Role::Psychologist]).await;
    let admin = actor(admin_id, &[Role::Administrator]);
    let desk = actor(desk_id, &[Role::Reception]);
    let profile = alhayat::clinic::ClinicProfileInput {
        name: "Al-Hayat".into(),
        address: "Bahria Town, Lahore".into(),
        phone: "+92 300 1010592".into(),
        logo_data_url: None,
    };
    alhayat::clinic::update_profile(&f.store, &admin, profile).await.unwrap();
    let service = |name: &str, discipline, minutes| ServiceInput {
        name: name.into(),
        discipline,
        duration_minutes: minutes,
        price_pkr: 3000,
        active: true,
    };
    let physio = catalogue::save_service(
        &f.store,
        &admin,
        None,
        service("Physiotherapy session", Discipline::Physiotherapy, 45),
    )
    .await
    .unwrap()
    .id;
    let psych = catalogue::save_service(
        &f.store,
        &admin,
        None,
        service("Psychology consultation", Discipline::Psychology, 50),
    )
    .await
    .unwrap()
    .id;
    let room1 = catalogue::save_room(&f.store, &admin, None, "Therapy room 1", true).await.unwrap().id;
    let room2 = catalogue::save_room(&f.store, &admin, None, "Therapy room 2", true).await.unwrap().id;
    let week: Vec<HoursInput> = (1..=6)
        .flat_map(|d| {
            [
                HoursInput { weekday: d, starts: "09:00".into(), ends: "13:00".into() },
                HoursInput { weekday: d, starts: "14:00".into(), ends: "17:00".into() },
            ]
        })
        .collect();
    for id in [bilal, sara, ayesha] {
        catalogue::set_weekly_hours(&f.store, &admin, id, week.clone()).await.unwrap();
    }
    let mut ids = Vec::new();
    for (name, phone) in
        [("Amna Riaz", "0300-1111111"), ("Usman Ghani", "0301-2222222"), ("Zainab Bibi", "0302-3333333")]
    {
        ids.push(patients::register(&f.store, &desk, person(name, Some(phone))).await.unwrap().id);
    }
    Desk { f, desk, admin, bilal, sara, ayesha, physio, psych, room1, room2, patients: ids }
}

/// The Monday `weeks` weeks after the coming one, in the clinic's calendar.
pub fn monday(weeks: i64) -> NaiveDate {
    let today = patients::clinic_today();
    let ahead = 7 - i64::from(today.weekday().num_days_from_monday());
    today + Duration::days(ahead + 7 * weeks)
}

/// Clinic time `YYYY-MM-DDTHH:MM` on `day` plus `plus` days.
pub fn at(day: NaiveDate, plus: i64, hm: &str) -> String {
    format!("{}T{hm}", day + Duration::days(plus))
}

impl Desk {
    pub fn booking(&self, patient: usize, practitioner: i64, room: i64, starts_at: &str) -> BookingInput {
        BookingInput {
            patient_id: self.patients[patient],
            practitioner_id: practitioner,
            service_id: if practitioner == self.ayesha { self.psych } else { self.physio },
            room_id: room,
            starts_at: starts_at.into(),
            ends_at: None,
            past_reason: None,
        }
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(self.f.store.pool()).await.unwrap()
    }
}

fn conflict_message(e: AppError) -> String {
    match e {
        AppError::Conflict { message, .. } => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn every_conflict_rule_is_refused_in_words_and_nothing_is_saved() {
    let d = clinic().await;
    let mon = monday(1);
    // Bilal sees Amna 10:00–10:45 in room 1.
    let first = scheduling::book(&d.f.store, &d.desk, d.booking(0, d.bilal, d.room1, &at(mon, 0, "10:00")))
        .await
        .unwrap();
    assert_eq!(first.status, Status::Booked);
    assert_eq!(first.starts_at, format!("{mon}T05:00:00Z"), "stored in UTC: 10:00 in Karachi");
    let from = at(mon, 1, "09:00");
    let to = at(mon, 1, "13:00");
    let off = TimeOffInput { from, to, reason: Some("training".into()) };
    catalogue::add_time_off(&d.f.store, &d.admin, d.sara, off).await.unwrap();

    // (label, booking, words the message must contain)
    let cases: Vec<(&str, BookingInput, Vec<&str>)> = vec![
        (
            "practitioner busy",
            d.booking(1, d.bilal, d.room2, &at(mon, 0, "10:30")),
            vec![
                "Dr. Bilal Ahmed is already seeing Amna Riaz from 10:00 to 10:45 in Therapy room 1",
                "Next free",
            ],
        ),
        (
            "room busy",
            d.booking(1, d.sara, d.room1, &at(mon, 0, "10:15")),
            vec!["Therapy room 1 is taken from 10:00 to 10:45 by Dr. Bilal Ahmed with Amna Riaz"],
        ),
        (
            "patient busy",
            d.booking(0, d.sara, d.room2, &at(mon, 0, "09:30")),
            vec!["Amna Riaz is already booked from 10:00 to 10:45 with Dr. Bilal Ahmed in Therapy room 1"],
        ),
        (
            "outside working hours",
            d.booking(1, d.sara, d.room2, &at(mon, 0, "12:30")),
            vec!["outside Dr. Sara Javed's working hours", "09:00–13:00, 14:00–17:00"],
        ),
        ("a day off", d.booking(1, d.sara, d.room2, &at(mon, 6, "10:00")), vec!["does not work on Sundays"]),
        ("time off", d.booking(1, d.sara, d.room2, &at(mon, 1, "11:00")), vec!["Dr. Sara Javed is off from"]),
    ];
    for (label, b, words) in cases {
        let before = (d.count("appointments").await, d.count("audit_log").await);
        let message = conflict_message(scheduling::book(&d.f.store, &d.desk, b.clone()).await.unwrap_err());
        for w in words {
            assert!(message.contains(w), "{label}: {message:?} lacks {w:?}");
        }
        assert_eq!(
            (d.count("appointments").await, d.count("audit_log").await),
            before,
            "{label}: nothing saved"
        );
        // The booking form's check says the same, and offers free times.
        let check = scheduling::check_slot(&d.f.store, &d.desk, b, None).await.unwrap();
        assert!(!check.clashes.is_empty(), "{label}");
        assert!(!check.suggestions.is_empty(), "{label}: free slots offered");
    }

    // The first suggestion for the practitioner-busy case can be booked straight away.
    let busy = d.booking(1, d.bilal, d.room2, &at(mon, 0, "10:30"));
    let check = scheduling::check_slot(&d.f.store, &d.desk, busy.clone(), None).await.unwrap();
    assert_eq!(check.suggestions[0], format!("{mon}T05:45:00Z"), "10:45, when Amna's session ends");
    let taken = BookingInput { starts_at: check.suggestions[0].clone(), ..busy };
    scheduling::book(&d.f.store, &d.desk, taken).await.unwrap();

    // Back to back, a different room and practitioner at the same time: all fine.
    for b in [
        d.booking(2, d.bilal, d.room1, &at(mon, 0, "09:15")),
        d.booking(2, d.sara, d.room2, &at(mon, 0, "10:00")),
    ] {
        scheduling::book(&d.f.store, &d.desk, b).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_bookings_racing_for_one_slot_exactly_one_wins() {
    let d = clinic().await;
    let slot = at(monday(2), 2, "11:00");
    // Three patients, two practitioners, one room: every pair clashes on the room.
    let bookings: Vec<BookingInput> =
        [(0, d.bilal), (1, d.sara), (2, d.bilal), (1, d.bilal), (2, d.sara), (0, d.sara)]
            .into_iter()
            .map(|(patient, practitioner)| d.booking(patient, practitioner, d.room1, &slot))
            .collect();
    let Fixture { dir: _dir, store, .. } = d.f;
    let store = Arc::new(store);
    let tasks: Vec<_> = bookings
        .into_iter()
        .map(|b| {
            let (store, desk) = (store.clone(), d.desk.clone());
            tokio::spawn(async move { scheduling::book(&store, &desk, b).await })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_eq!(e.kind(), "conflict", "{e:?}"),
        }
    }
    assert_eq!(won, 1);
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool());
    assert_eq!(count("SELECT count(*) FROM appointments").await.unwrap(), 1);
    let entries = count("SELECT count(*) FROM audit_log WHERE entity = 'appointment' AND action = 'create'");
    assert_eq!(entries.await.unwrap(), 1, "one audit entry, for the one booking");
}

#[tokio::test]
async fn a_practitioner_changes_the_status_of_their_own_appointments_only_and_reception_of_any() {
    let d = clinic().await;
    let mon = monday(1);
    let bilals = scheduling::book(&d.f.store, &d.desk, d.booking(0, d.bilal, d.room1, &at(mon, 0, "09:00")))
        .await
        .unwrap();
    let saras = scheduling::book(&d.f.store, &d.desk, d.booking(1, d.sara, d.room2, &at(mon, 0, "09:00")))
        .await
        .unwrap();
    let bilal = actor(d.bilal, &[Role::Physiotherapist]);
    let pharmacist =
        actor(add_staff(&d.f.store, "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await, &[Role::Pharmacist]);
    let audited = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log")
            .fetch_one(d.f.store.pool())
            .await
            .unwrap()
    };
    let before = audited().await;
    for who in [&bilal, &pharmacist] {
        let e = scheduling::set_status(&d.f.store, who, saras.id, Status::Arrived).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{:?}", who.roles);
    }
    assert_eq!(audited().await, before, "a refused change writes nothing");
    let a = scheduling::get(&d.f.store, &d.desk, saras.id).await.unwrap();
    assert_eq!(a.status, Status::Booked);
    // His own patient he checks in and sees; the desk moves anyone's.
    let own = scheduling::set_status(&d.f.store, &bilal, bilals.id, Status::Arrived).await.unwrap();
    assert_eq!(own.status, Status::Arrived);
    let desk = scheduling::set_status(&d.f.store, &d.desk, saras.id, Status::Arrived).await.unwrap();
    assert_eq!(desk.status, Status::Arrived);
}

#[tokio::test]
async fn the_status_workflow_and_freed_slots() {
    let d = clinic().await;
    let mon = monday(1);
    let a = scheduling::book(&d.f.store, &d.desk, d.booking(0, d.bilal, d.room1, &at(mon, 0, "09:00")))
        .await
        .unwrap();
    let set = |to| scheduling::set_status(&d.f.store, &d.desk, a.id, to);
    let arrived = set(Status::Arrived).await.unwrap();
    assert!(arrived.arrived_at.is_some());
    assert_eq!(set(Status::Arrived).await.unwrap_err().kind(), "conflict", "already arrived");
    assert_eq!(set(Status::InSession).await.unwrap().status, Status::InSession);
    assert_eq!(set(Status::Completed).await.unwrap().status, Status::Completed);
    let e = set(Status::Booked).await.unwrap_err();
    assert!(e.to_string().contains("completed cannot become booked"), "{e}");
    assert_eq!(set(Status::Cancelled).await.unwrap_err().kind(), "validation", "cancel has its own call");

    // A no-show cannot be marked before the time; a cancellation frees the slot.
    let b = scheduling::book(&d.f.store, &d.desk, d.booking(1, d.bilal, d.room1, &at(mon, 0, "10:00")))
        .await
        .unwrap();
    let e = scheduling::set_status(&d.f.store, &d.desk, b.id, Status::NoShow).await.unwrap_err();
    assert!(e.to_string().contains("only after the appointment's time"), "{e}");
    let cancel =
        CancelInput { by: CancelledBy::Patient, reason: "Travelling to Karachi".into(), scope: Scope::This };
    let cancelled = scheduling::cancel(&d.f.store, &d.desk, b.id, cancel.clone()).await.unwrap();
    assert_eq!(cancelled[0].status, Status::Cancelled);
    assert_eq!(cancelled[0].cancelled_by.as_deref(), Some("patient"));
    let again = scheduling::cancel(&d.f.store, &d.desk, b.id, cancel).await.unwrap_err();
    assert_eq!(again.kind(), "conflict");
    let retaken =
        scheduling::book(&d.f.store, &d.desk, d.booking(2, d.bilal, d.room1, &at(mon, 0, "10:00"))).await;
    assert!(retaken.is_ok(), "a cancelled appointment gives its slot back: {retaken:?}");
    let empty = CancelInput { by: CancelledBy::Clinic, reason: "  ".into(), scope: Scope::This };
    let e = scheduling::cancel(&d.f.store, &d.desk, retaken.unwrap().id, empty).await.unwrap_err();
    assert_eq!(e.field(), Some("reason"));

    // Practitioners may check in but not book; the administrator sees no appointments.
    let physio = actor(d.bilal, &[Role::Physiotherapist]);
    let e = scheduling::book(&d.f.store, &physio, d.booking(0, d.bilal, d.room2, &at(mon, 1, "09:00")))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    assert_eq!(
        scheduling::day(&d.f.store, &d.admin, &mon.to_string()).await.unwrap_err().kind(),
        "forbidden"
    );
    let day = scheduling::day(&d.f.store, &physio, &mon.to_string()).await.unwrap();
    assert_eq!(day.iter().map(|a| a.starts_at.as_str()).collect::<Vec<_>>().len(), 3);
    assert!(day.windows(2).all(|w| w[0].starts_at <= w[1].starts_at), "in time order");

    // Every step is in the appointment's history.
    let h = scheduling::history(&d.f.store, &d.desk, a.id).await.unwrap();
    let steps: Vec<_> = h.iter().map(|e| e.to_status.clone().unwrap_or_default()).collect();
    assert_eq!(steps, ["booked", "arrived", "in_session", "completed"]);
}

#[tokio::test]
async fn a_move_keeps_the_history_and_is_conflict_checked() {
    let d = clinic().await;
    let mon = monday(1);
    let a = scheduling::book(&d.f.store, &d.desk, d.booking(0, d.bilal, d.room1, &at(mon, 0, "09:00")))
        .await
        .unwrap();
    scheduling::book(&d.f.store, &d.desk, d.booking(1, d.bilal, d.room1, &at(mon, 0, "11:00")))
        .await
        .unwrap();
    let moving = |starts_at: &str| RescheduleInput {
        starts_at: starts_at.into(),
        ends_at: None,
        practitioner_id: None,
        room_id: None,
        scope: Scope::This,
        reason: Some("patient asked".into()),
    };
    let e =
        scheduling::reschedule(&d.f.store, &d.desk, a.id, moving(&at(mon, 0, "11:30"))).await.unwrap_err();
    assert!(conflict_message(e).contains("already seeing Usman Ghani from 11:00 to 11:45"));
    // Onto itself, overlapping its own old time, is fine.
    let moved =
        scheduling::reschedule(&d.f.store, &d.desk, a.id, moving(&at(mon, 0, "09:30"))).await.unwrap();
    assert_eq!(moved[0].starts_at, format!("{mon}T04:30:00Z"));
    assert_eq!(moved[0].ends_at, format!("{mon}T05:15:00Z"), "the length is kept");
    let to_sara = RescheduleInput { practitioner_id: Some(d.sara), ..moving(&at(mon, 2, "14:00")) };
    let moved = scheduling::reschedule(&d.f.store, &d.desk, a.id, to_sara).await.unwrap();
    assert_eq!(moved[0].practitioner_name, "Dr. Sara Javed");
    let h = scheduling::history(&d.f.store, &d.desk, a.id).await.unwrap();
    let moves: Vec<_> = h.iter().filter(|e| e.kind == "rescheduled").collect();
    assert_eq!(moves.len(), 2);
    assert_eq!(moves[0].old_starts_at.as_deref(), Some(format!("{mon}T04:00:00Z").as_str()));
    assert_eq!(moves[1].old_practitioner_name.as_deref(), Some("Dr. Bilal Ahmed"));
    assert_eq!(moves[1].reason.as_deref(), Some("patient asked"));
    let week = scheduling::range(
        &d.f.store,
        &d.desk,
        &mon.to_string(),
        &(mon + Duration::days(6)).to_string(),
        RangeFilter { practitioner_id: Some(d.sara), room_id: None },
    )
    .await
    .unwrap();
    assert_eq!(week.iter().map(|a| a.id).collect::<Vec<_>>(), [a.id], "Sara's week has the moved visit only");
    let room = RangeFilter { practitioner_id: None, room_id: Some(d.room1) };
    let day = scheduling::range(&d.f.store, &d.desk, &mon.to_string(), &mon.to_string(), room).await.unwrap();
    assert_eq!(day.len(), 1, "room 1 on Monday: Usman at 11:00");
    let both = RangeFilter { practitioner_id: Some(d.sara), room_id: Some(d.room2) };
    let week_end = (mon + Duration::days(6)).to_string();
    assert!(scheduling::range(&d.f.store, &d.desk, &mon.to_string(), &week_end, both)
        .await
        .unwrap()
        .is_empty());
}

fn weekly(d: &Desk, first: &str, count: u32) -> SeriesInput {
    SeriesInput {
        first: d.booking(0, d.bilal, d.room1, first),
        every_weeks: 1,
        weekdays: vec![2],
        until: None,
        count: Some(count),
    }
}

#[tokio::test]
async fn a_weekly_series_with_one_clashing_week_is_skipped_or_moved() {
    let d = clinic().await;
    let tue = monday(1) + Duration::days(1);
    // Week 3 of the series is already taken by Usman with Bilal.
    let clash = scheduling::book(&d.f.store, &d.desk, d.booking(1, d.bilal, d.room2, &at(tue, 14, "10:00")))
        .await
        .unwrap();
    let series = weekly(&d, &at(tue, 0, "10:00"), 5);
    let preview = scheduling::preview_series(&d.f.store, &d.desk, series.clone()).await.unwrap();
    assert_eq!(preview.len(), 5);
    let clashing: Vec<_> = preview.iter().filter(|o| !o.clashes.is_empty()).collect();
    assert_eq!(clashing.len(), 1);
    assert_eq!(clashing[0].starts_at, clash.starts_at);
    assert!(clashing[0].clashes[0].contains("already seeing Usman Ghani"), "{:?}", clashing[0].clashes);
    assert!(!clashing[0].suggestions.is_empty());

    // As the rule says: refused as a whole, nothing saved.
    let before = d.count("appointments").await;
    let e = scheduling::book_series(&d.f.store, &d.desk, series.clone(), vec![]).await.unwrap_err();
    assert!(conflict_message(e).starts_with("Nothing was booked."));
    assert_eq!(d.count("appointments").await, before);
    assert_eq!(d.count("appointment_series").await, 0);

    // Skip the clashing week: four appointments, one series.
    let skip = OccurrenceChoice { starts_at: clashing[0].starts_at.clone(), move_to: None };
    let booked = scheduling::book_series(&d.f.store, &d.desk, series, vec![skip]).await.unwrap();
    assert_eq!(booked.len(), 4);
    let series_id = booked[0].series_id.expect("linked to its series");
    assert!(booked.iter().all(|a| a.series_id == Some(series_id)));
    assert!(!booked.iter().any(|a| a.starts_at == clash.starts_at));

    // Another series, moving the clashing week to a suggested time instead.
    let other =
        SeriesInput { first: d.booking(2, d.sara, d.room1, &at(tue, 0, "15:00")), ..weekly(&d, "", 3) };
    let taken = scheduling::book(&d.f.store, &d.desk, d.booking(1, d.sara, d.room2, &at(tue, 7, "15:00")))
        .await
        .unwrap();
    let preview = scheduling::preview_series(&d.f.store, &d.desk, other.clone()).await.unwrap();
    let bad = preview.iter().find(|o| !o.clashes.is_empty()).unwrap();
    assert_eq!(bad.starts_at, taken.starts_at);
    let moved =
        OccurrenceChoice { starts_at: bad.starts_at.clone(), move_to: Some(bad.suggestions[0].clone()) };
    let booked = scheduling::book_series(&d.f.store, &d.desk, other, vec![moved]).await.unwrap();
    assert_eq!(booked.len(), 3);
    assert!(booked.iter().any(|a| a.starts_at == bad.suggestions[0]));
}

#[tokio::test]
async fn this_one_following_or_the_whole_series() {
    let d = clinic().await;
    let tue = monday(1) + Duration::days(1);
    let booked = scheduling::book_series(&d.f.store, &d.desk, weekly(&d, &at(tue, 0, "09:00"), 6), vec![])
        .await
        .unwrap();
    let ids: Vec<i64> = booked.iter().map(|a| a.id).collect();
    let cancel =
        |scope| CancelInput { by: CancelledBy::Clinic, reason: "Practitioner on leave".into(), scope };
    // This one: the second.
    assert_eq!(scheduling::cancel(&d.f.store, &d.desk, ids[1], cancel(Scope::This)).await.unwrap().len(), 1);
    // This and following, from the fifth: fifth and sixth.
    let gone = scheduling::cancel(&d.f.store, &d.desk, ids[4], cancel(Scope::Following)).await.unwrap();
    assert_eq!(gone.iter().map(|a| a.id).collect::<Vec<_>>(), &ids[4..]);
    // Move the rest of the series an hour later: the third and fourth (the first is
    // earlier, the others cancelled).
    let later = RescheduleInput {
        starts_at: at(tue, 14, "10:00"),
        ends_at: None,
        practitioner_id: None,
        room_id: None,
        scope: Scope::Following,
        reason: None,
    };
    let moved = scheduling::reschedule(&d.f.store, &d.desk, ids[2], later).await.unwrap();
    assert_eq!(moved.iter().map(|a| a.id).collect::<Vec<_>>(), [ids[2], ids[3]]);
    assert_eq!(moved[1].starts_at, format!("{}T05:00:00Z", tue + Duration::days(21)));
    // The whole series: only the first is still booked.
    let gone = scheduling::cancel(&d.f.store, &d.desk, ids[3], cancel(Scope::Series)).await.unwrap();
    let mut gone_ids: Vec<i64> = gone.iter().map(|a| a.id).collect();
    gone_ids.sort();
    assert_eq!(gone_ids, [ids[0], ids[2], ids[3]]);
}

#[tokio::test]
async fn free_slots_for_keyboard_booking_pick_a_free_room() {
    let d = clinic().await;
    let mon = monday(1);
    // Room 1 is busy 09:00–09:45 with Sara; Bilal is free, so his 09:00 goes to room 2.
    scheduling::book(&d.f.store, &d.desk, d.booking(1, d.sara, d.room1, &at(mon, 0, "09:00"))).await.unwrap();
    let q = SlotQuery {
        patient_id: d.patients[0],
        practitioner_id: d.bilal,
        service_id: d.physio,
        room_id: None,
        from: Some(mon.to_string()),
        count: Some(3),
    };
    let slots = scheduling::free_slots(&d.f.store, &d.desk, q.clone()).await.unwrap();
    assert_eq!(slots.len(), 3);
    assert_eq!(slots[0].starts_at, format!("{mon}T04:00:00Z"));
    assert_eq!(slots[0].room_name, "Therapy room 2");
    assert_eq!(slots[1].starts_at, format!("{mon}T04:15:00Z"));
    let wrong = SlotQuery { service_id: d.psych, ..q };
    let e = scheduling::free_slots(&d.f.store, &d.desk, wrong).await.unwrap_err();
    assert_eq!(e.field(), Some("practitioner_id"), "{e:?}");
    assert!(e.to_string().contains("does not provide Psychology consultation"), "{e}");
}

#[tokio::test]
async fn bad_input_names_the_field_and_saves_nothing() {
    let d = clinic().await;
    let mon = monday(1);
    let ok = d.booking(0, d.bilal, d.room1, &at(mon, 0, "09:00"));
    let long = "x".repeat(10_000);
    let yesterday = (patients::clinic_today() - Duration::days(1)).to_string();
    let cases: Vec<(&str, BookingInput, &str)> = vec![
        ("31 February", BookingInput { starts_at: "2027-02-31T09:00".into(), ..ok.clone() }, "starts_at"),
        ("not a time", BookingInput { starts_at: "next Monday".into(), ..ok.clone() }, "starts_at"),
        (
            "SQL as a time",
            BookingInput { starts_at: "'; DROP TABLE appointments;--".into(), ..ok.clone() },
            "starts_at",
        ),
        ("end before start", BookingInput { ends_at: Some(at(mon, 0, "08:00")), ..ok.clone() }, "ends_at"),
        ("zero length", BookingInput { ends_at: Some(at(mon, 0, "09:00")), ..ok.clone() }, "ends_at"),
        ("nine hours", BookingInput { ends_at: Some(at(mon, 0, "18:00")), ..ok.clone() }, "ends_at"),
        ("no such patient", BookingInput { patient_id: 9999, ..ok.clone() }, "patient_id"),
        ("no such practitioner", BookingInput { practitioner_id: 9999, ..ok.clone() }, "practitioner_id"),
        (
            "reception is not a practitioner",
            BookingInput { practitioner_id: d.desk.staff_id, ..ok.clone() },
            "practitioner_id",
        ),
        (
            "psychology with a physiotherapist",
            BookingInput { service_id: d.psych, ..ok.clone() },
            "practitioner_id",
        ),
        ("no such service", BookingInput { service_id: 9999, ..ok.clone() }, "service_id"),
        ("no such room", BookingInput { room_id: 9999, ..ok.clone() }, "room_id"),
        (
            "in the past without a reason",
            BookingInput { starts_at: format!("{yesterday}T10:00"), ..ok.clone() },
            "past_reason",
        ),
        (
            "a reason of 10,000 characters",
            BookingInput { starts_at: format!("{yesterday}T10:00"), past_reason: Some(long), ..ok.clone() },
            "past_reason",
        ),
    ];
    for (label, b, field) in cases {
        let e = scheduling::book(&d.f.store, &d.desk, b).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{label}: {e:?}");
        assert_eq!(e.kind(), "validation", "{label}: {e:?}");
    }
    assert_eq!(d.count("appointments").await, 0);
    assert_eq!(d.count("appointment_events").await, 0);

    // A time gone by is booked with a reason (a walk-in written up afterwards), and an
    // emoji or SQL in the reason is kept as text.
    let past = BookingInput {
        starts_at: format!("{yesterday}T10:00"),
        past_reason: Some("Walk-in, entered late 🙏 '; DROP TABLE appointments;--".into()),
        ..ok
    };
    let a = scheduling::book(&d.f.store, &d.desk, past).await;
    // Yesterday may be a Sunday, outside hours: either way the answer is a sentence.
    match a {
        Ok(a) => {
            let h = scheduling::history(&d.f.store, &d.desk, a.id).await.unwrap();
            assert!(h[0].reason.as_deref().unwrap().contains("DROP TABLE"));
        }
        Err(e) => assert!(conflict_message(e).contains("does not work on Sundays")),
    }
    let series = SeriesInput { every_weeks: 9, ..weekly(&d, &at(mon, 1, "09:00"), 3) };
    let e = scheduling::book_series(&d.f.store, &d.desk, series, vec![]).await.unwrap_err();
    assert_eq!(e.field(), Some("every_weeks"), "{e:?}");
    let none = SeriesInput { weekdays: vec![], ..weekly(&d, &at(mon, 1, "09:00"), 3) };
    let e = scheduling::book_series(&d.f.store, &d.desk, none, vec![]).await.unwrap_err();
    assert_eq!(e.field(), Some("weekdays"), "{e:?}");
    let many = weekly(&d, &at(mon, 1, "09:00"), 105);
    let e = scheduling::book_series(&d.f.store, &d.desk, many, vec![]).await.unwrap_err();
    assert_eq!(e.field(), Some("count"), "{e:?}");
    let no_end = SeriesInput { count: None, ..weekly(&d, &at(mon, 1, "09:00"), 3) };
    let e = scheduling::book_series(&d.f.store, &d.desk, no_end, vec![]).await.unwrap_err();
    assert_eq!(e.field(), Some("until"), "{e:?}");
    assert_eq!(d.count("appointment_series").await, 0);
}
