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
