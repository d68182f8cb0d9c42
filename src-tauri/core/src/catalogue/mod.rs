//! What the clinic offers and where: services (with their discipline, length and
//! price) and rooms; and when its practitioners work (`hours`).

mod hours;

pub use hours::{
    add_time_off, check_hours, set_weekly_hours, time_off, weekly_hours, HoursInput, TimeOff, TimeOffInput,
    WorkingHours,
};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission, Role};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Discipline {
    Physiotherapy,
    Psychology,
    Pharmacy,
}

impl Discipline {
    pub const ALL: [Discipline; 3] =
        [Discipline::Physiotherapy, Discipline::Psychology, Discipline::Pharmacy];

    pub fn as_str(self) -> &'static str {
        match self {
            Discipline::Physiotherapy => "physiotherapy",
            Discipline::Psychology => "psychology",
            Discipline::Pharmacy => "pharmacy",
        }
    }

    pub fn parse(s: &str) -> Option<Discipline> {
        Discipline::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The clinical role that practises this discipline.
    pub fn role(self) -> Role {
        match self {
            Discipline::Physiotherapy => Role::Physiotherapist,
            Discipline::Psychology => Role::Psychologist,
            Discipline::Pharmacy => Role::Pharmacist,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ServiceInput {
    pub name: String,
    pub discipline: Discipline,
    pub duration_minutes: u32,
    pub price_pkr: u32,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Service {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub discipline: String,
    #[ts(type = "number")]
    pub duration_minutes: i64,
    #[ts(type = "number")]
    pub price_pkr: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Room {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub active: bool,
}

fn check_service(s: &ServiceInput) -> AppResult<String> {
    let name = validate::text("name", "The service's name", &s.name, 80)?;
    if !(5..=480).contains(&s.duration_minutes) {
        return Err(AppError::validation(
            "duration_minutes",
            "A service lasts between 5 minutes and 8 hours.",
        ));
    }
    if s.price_pkr > 10_000_000 {
        return Err(AppError::validation("price_pkr", "The price is too high; enter it in rupees."));
    }
    Ok(name)
}

/// Everyone signed in sees the catalogue: booking needs it.
pub async fn services(store: &Store) -> AppResult<Vec<Service>> {
    Ok(sqlx::query_as(
        "SELECT id, name, discipline, duration_minutes, price_pkr, active FROM services
         ORDER BY active DESC, discipline, name",
    )
    .fetch_all(store.pool())
    .await?)
}

/// Adds a service (`id` None) or changes one.
pub async fn save_service(
    store: &Store,
    actor: &Actor,
    id: Option<i64>,
    s: ServiceInput,
) -> AppResult<Service> {
    actor.require(Permission::ManageCatalogue)?;
    let name = check_service(&s)?;
    let mut tx = store.begin_write().await?;
    let (sql, action) = match id {
        None => (
            "INSERT INTO services (name, discipline, duration_minutes, price_pkr, active, id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            AuditAction::Create,
        ),
        Some(_) => (
            "UPDATE services SET name = ?1, discipline = ?2, duration_minutes = ?3, price_pkr = ?4, active = ?5
             WHERE id = ?6 RETURNING id",
            AuditAction::Update,
        ),
    };
    let saved: Option<i64> = sqlx::query_scalar(sql)
        .bind(&name)
        .bind(s.discipline.as_str())
        .bind(s.duration_minutes)
        .bind(s.price_pkr)
        .bind(s.active)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let id = saved.ok_or_else(|| AppError::not_found("This service does not exist."))?;
    tx.audit(actor.origin().entry(
        action,
        "service",
        Some(id.to_string()),
        if s.active { "" } else { "inactive" },
    ))
    .await?;
    let service = sqlx::query_as(
        "SELECT id, name, discipline, duration_minutes, price_pkr, active FROM services WHERE id = ?",
    )
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(service)
}

pub async fn rooms(store: &Store) -> AppResult<Vec<Room>> {
    Ok(sqlx::query_as("SELECT id, name, active FROM rooms ORDER BY active DESC, name")
        .fetch_all(store.pool())
        .await?)
}

/// Adds a room (`id` None) or renames / (de)activates one.
pub async fn save_room(
    store: &Store,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
    active: bool,
) -> AppResult<Room> {
    actor.require(Permission::ManageCatalogue)?;
    let name = validate::text("name", "The room's name", name, 60)?;
    let mut tx = store.begin_write().await?;
    let (sql, action) = match id {
        None => {
            ("INSERT INTO rooms (name, active, id) VALUES (?1, ?2, ?3) RETURNING id", AuditAction::Create)
        }
        Some(_) => {
            ("UPDATE rooms SET name = ?1, active = ?2 WHERE id = ?3 RETURNING id", AuditAction::Update)
        }
    };
    let saved: Option<i64> =
        sqlx::query_scalar(sql).bind(&name).bind(active).bind(id).fetch_optional(tx.conn()).await?;
    let id = saved.ok_or_else(|| AppError::not_found("This room does not exist."))?;
    tx.audit(actor.origin().entry(
        action,
        "room",
        Some(id.to_string()),
        if active { "" } else { "inactive" },
    ))
    .await?;
    let room = sqlx::query_as("SELECT id, name, active FROM rooms WHERE id = ?")
        .bind(id)
        .fetch_one(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(room)
}
