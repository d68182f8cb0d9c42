//! Services, rooms, working hours and time off.

use alhayat::auth::Role;
use alhayat::catalogue::{self, Discipline, HoursInput, ServiceInput, TimeOffInput};
use alhayat::error::AppError;

use crate::support::*;

fn physio_session() -> ServiceInput {
    ServiceInput {
        name: "Physiotherapy session".into(),
        discipline: Discipline::Physiotherapy,
        duration_minutes: 45,
        price_pkr: 3500,
        active: true,
    }
}

#[tokio::test]
async fn the_administrator_keeps_the_catalogue_and_names_must_be_unique() {
    let f = fresh_store().await;
    let admin_id = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let admin = actor(admin_id, &[Role::Administrator]);
    let s = catalogue::save_service(&f.store, &admin, None, physio_session()).await.unwrap();
    assert_eq!((s.duration_minutes, s.price_pkr, s.discipline.as_str()), (45, 3500, "physiotherapy"));
    let dup = catalogue::save_service(
        &f.store,
        &admin,
        None,
        ServiceInput { name: "PHYSIOTHERAPY SESSION".into(), ..physio_session() },
    )
    .await
    .unwrap_err();
    assert_eq!(dup.field(), Some("name"), "{dup:?}");
    for (bad, field) in [
        (ServiceInput { duration_minutes: 0, ..physio_session() }, "duration_minutes"),
        (ServiceInput { duration_minutes: 600, ..physio_session() }, "duration_minutes"),
        (ServiceInput { name: " ".into(), ..physio_session() }, "name"),
    ] {
        assert_eq!(
            catalogue::save_service(&f.store, &admin, None, bad).await.unwrap_err().field(),
            Some(field)
        );
    }
    let changed = catalogue::save_service(
        &f.store,
        &admin,
        Some(s.id),
        ServiceInput { active: false, ..physio_session() },
    )
    .await
    .unwrap();
    assert!(!changed.active);
    assert!(matches!(
        catalogue::save_service(&f.store, &admin, Some(999), physio_session()).await,
        Err(AppError::NotFound { .. })
    ));
    let room = catalogue::save_room(&f.store, &admin, None, "Room 1", true).await.unwrap();
    assert_eq!(
        catalogue::save_room(&f.store, &admin, None, "room 1", true).await.unwrap_err().field(),
        Some("name")
    );
    assert_eq!(catalogue::rooms(&f.store).await.unwrap()[0].id, room.id);

    let desk = actor(admin_id, &[Role::Reception]);
    assert!(matches!(
        catalogue::save_room(&f.store, &desk, None, "Room 2", true).await,
        Err(AppError::Forbidden { .. })
    ));
}

#[tokio::test]
async fn practitioners_have_a_week_of_hours_and_time_off() {
    let f = fresh_store().await;
    let admin_id = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let physio = add_staff(&f.store, "bilal", "Bilal Ahmed", &[Role::Physiotherapist]).await;
    let desk = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let admin = actor(admin_id, &[Role::Administrator]);
    let week: Vec<HoursInput> = (1..=5)
        .flat_map(|d| {
            [
                HoursInput { weekday: d, starts: "09:00".into(), ends: "13:00".into() },
                HoursInput { weekday: d, starts: "14:00".into(), ends: "18:00".into() },
            ]
        })
        .collect();
    let saved = catalogue::set_weekly_hours(&f.store, &admin, physio, week).await.unwrap();
    assert_eq!(saved.len(), 10);
    // Replacing the week keeps only the new one.
    let saturday = vec![HoursInput { weekday: 6, starts: "10:00".into(), ends: "14:00".into() }];
    assert_eq!(catalogue::set_weekly_hours(&f.store, &admin, physio, saturday).await.unwrap().len(), 1);
    // Reception staff are not practitioners.
    assert!(catalogue::set_weekly_hours(&f.store, &admin, desk, vec![]).await.is_err());

    let off = catalogue::add_time_off(
        &f.store,
        &admin,
        physio,
        TimeOffInput {
            from: "2026-12-01T09:00".into(),
            to: "2026-12-03T18:00".into(),
            reason: Some("leave".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(off[0].starts_at, "2026-12-01T04:00:00Z", "stored in UTC");
    let backwards =
        TimeOffInput { from: "2026-12-03T09:00".into(), to: "2026-12-01T09:00".into(), reason: None };
    assert_eq!(
        catalogue::add_time_off(&f.store, &admin, physio, backwards).await.unwrap_err().field(),
        Some("to")
    );
}

#[tokio::test]
async fn time_off_reasons_are_for_the_administrator_and_the_dates_for_the_appointment_book() {
    let f = fresh_store().await;
    let admin = actor(
        add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await,
        &[Role::Administrator],
    );
    let physio = add_staff(&f.store, "bilal", "Bilal Ahmed", &[Role::Physiotherapist]).await;
    let desk = actor(add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await, &[Role::Reception]);
    let psych = actor(
        add_staff(&f.store, "ayesha", "Ayesha Siddiqui", &[Role::Psychologist]).await,
        &[Role::Psychologist],
    );
    let privacy = actor(
        add_staff(&f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await,
        &[Role::PrivacyOfficer],
    );
    let leave = TimeOffInput {
        from: "2026-12-01T09:00".into(),
        to: "2026-12-03T18:00".into(),
        reason: Some("hospital appointment".into()),
    };
    catalogue::add_time_off(&f.store, &admin, physio, leave).await.unwrap();

    let listed = catalogue::time_off(&f.store, &admin, physio).await.unwrap();
    assert_eq!(listed[0].reason.as_deref(), Some("hospital appointment"));
    // The desk and colleagues know he is away, not why.
    for who in [&desk, &psych] {
        let listed = catalogue::time_off(&f.store, who, physio).await.unwrap();
        assert_eq!(
            (listed.len(), listed[0].starts_at.as_str(), listed[0].reason.as_deref()),
            (1, "2026-12-01T04:00:00Z", None),
            "{:?}",
            who.roles
        );
    }
    // Whoever sees no appointment book is told nothing.
    assert_eq!(catalogue::time_off(&f.store, &privacy, physio).await.unwrap_err().kind(), "forbidden");
}
