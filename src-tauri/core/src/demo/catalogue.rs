//! Demo services and rooms, and each practitioner's week.

use crate::auth::Actor;
use crate::catalogue::{self, Discipline, HoursInput, ServiceInput};
use crate::error::AppResult;
use crate::store::Store;

const SERVICES: &[(&str, Discipline, u32, u32)] = &[
    ("Physiotherapy assessment", Discipline::Physiotherapy, 60, 4500),
    ("Physiotherapy session", Discipline::Physiotherapy, 45, 3500),
    ("Psychology consultation", Discipline::Psychology, 50, 5000),
    ("Pharmacy consultation", Discipline::Pharmacy, 15, 1000),
];
const ROOMS: &[&str] = &["Therapy room 1", "Therapy room 2", "Counselling room"];

/// Adds the services and rooms; returns their ids by name.
pub async fn seed(
    store: &Store,
    admin: &Actor,
) -> AppResult<(Vec<(&'static str, i64)>, Vec<(&'static str, i64)>)> {
    let mut services = Vec::new();
    for (name, discipline, duration_minutes, price_pkr) in SERVICES {
        let s = ServiceInput {
            name: (*name).into(),
            discipline: *discipline,
            duration_minutes: *duration_minutes,
            price_pkr: *price_pkr,
            active: true,
        };
        services.push((*name, catalogue::save_service(store, admin, None, s).await?.id));
    }
    let mut rooms = Vec::new();
    for room in ROOMS {
        rooms.push((*room, catalogue::save_room(store, admin, None, room, true).await?.id));
    }
    Ok((services, rooms))
}

/// A practitioner's week: the same periods (HH:MM) on each of `weekdays`.
pub async fn set_week(
    store: &Store,
    admin: &Actor,
    staff_id: i64,
    weekdays: &[u8],
    periods: &[(&str, &str)],
) -> AppResult<()> {
    let week: Vec<HoursInput> = weekdays
        .iter()
        .flat_map(|d| {
            periods.iter().map(|(s, e)| HoursInput { weekday: *d, starts: (*s).into(), ends: (*e).into() })
        })
        .collect();
    catalogue::set_weekly_hours(store, admin, staff_id, week).await?;
    Ok(())
}
