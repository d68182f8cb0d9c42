//! Demo services, rooms, and a six-day week for each practitioner.

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

pub async fn seed(store: &Store, admin: &Actor, practitioners: &[i64]) -> AppResult<()> {
    for (name, discipline, duration_minutes, price_pkr) in SERVICES {
        let s = ServiceInput {
            name: (*name).into(),
            discipline: *discipline,
            duration_minutes: *duration_minutes,
            price_pkr: *price_pkr,
            active: true,
        };
        catalogue::save_service(store, admin, None, s).await?;
    }
    for room in ROOMS {
        catalogue::save_room(store, admin, None, room, true).await?;
    }
    let week: Vec<HoursInput> = (1..=6)
        .flat_map(|d| {
            [
                HoursInput { weekday: d, starts: "09:00".into(), ends: "13:00".into() },
                HoursInput { weekday: d, starts: "14:00".into(), ends: "17:00".into() },
            ]
        })
        .collect();
    for id in practitioners {
        catalogue::set_weekly_hours(store, admin, *id, week.clone()).await?;
    }
    Ok(())
}
