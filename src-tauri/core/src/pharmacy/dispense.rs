//! Handing a medicine to a patient: checked against the patient's active allergies,
//! taken from an unexpired batch (the one chosen, or the first to expire that has
//! enough), and recorded with the stock taken in one transaction.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::items::{self, PharmacyItem};
use super::stock::{self, StockBatch};
use super::{allergy_match, today, whole_quantity};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::{active_allergies, require_patient, Allergy, Part, Sight};
use crate::store::Store;
use crate::validate;

/// The most units handed over at once.
const MAX_DISPENSED: i64 = 10_000;
/// An override reason short enough to be a reflex ("ok", "checked") is refused.
const MIN_OVERRIDE_CHARS: usize = 10;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct DispenseInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub item_id: i64,
    /// The batch taken from; none: the first to expire that has enough.
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    /// Whole units, more than 0.
    pub quantity: f64,
    /// The label: how to take it.
    pub instructions: String,
    /// Needed only when an active allergy concerns the item: why it is given anyway.
    pub allergy_override_reason: Option<String>,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Dispensing {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub item_id: i64,
    pub item_name: String,
    pub generic_name: String,
    pub strength: String,
    pub form: String,
    #[ts(type = "number")]
    pub batch_id: i64,
    pub batch_no: String,
    pub expires_on: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub instructions: String,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    /// Why an allergy warning was overridden, when one was.
    pub allergy_override: Option<String>,
    pub dispensed_by_name: String,
    pub dispensed_at: String,
}

macro_rules! select {
    () => {
        "SELECT d.id, d.patient_id, d.item_id, i.name AS item_name, i.generic_name, i.strength, i.form,
                d.batch_id, b.batch_no, b.expires_on, d.quantity, d.instructions, d.appointment_id,
                d.allergy_override, s.full_name AS dispensed_by_name, d.dispensed_at
         FROM dispensings d
         JOIN pharmacy_items i ON i.id = d.item_id
         JOIN stock_batches b ON b.id = d.batch_id
         JOIN staff s ON s.id = d.dispensed_by"
    };
}

/// Dispenses, or refuses with what stands in the way: an allergy without an override
/// reason, an expired or short batch, no stock. Nothing is saved unless all is well.
pub async fn dispense(store: &Store, actor: &Actor, input: DispenseInput) -> AppResult<Dispensing> {
    let mut tx = store.begin_write().await?;
    Sight::of(tx.conn(), actor, input.patient_id).await?.require_write(Part::Dispensings)?;
    require_patient(tx.conn(), input.patient_id).await?;
    let quantity = whole_quantity("quantity", input.quantity, MAX_DISPENSED)?;
    let instructions = validate::text("instructions", "The instructions", &input.instructions, 500)?;
    let item = items::load(tx.conn(), input.item_id).await?;
    if !item.active {
        return Err(AppError::validation(
            "item_id",
            format!("{} {} is no longer stocked and cannot be dispensed.", item.name, item.strength),
        ));
    }
    if let Some(appointment_id) = input.appointment_id {
        check_appointment(tx.conn(), appointment_id, input.patient_id).await?;
    }

    // Safety before stock: an allergy is worth knowing even when the shelf is empty.
    let allergies: Vec<Allergy> = active_allergies(tx.conn(), input.patient_id)
        .await?
        .into_iter()
        .filter(|a| allergy_match::concerns(&a.substance, &item.name, &item.generic_name))
        .collect();
    let override_reason = if allergies.is_empty() {
        None
    } else {
        Some(override_reason(&allergies, &item, input.allergy_override_reason.as_deref())?)
    };

    let batch = match input.batch_id {
        Some(id) => chosen_batch(tx.conn(), id, &item, quantity).await?,
        None => first_to_expire(tx.conn(), &item, quantity).await?,
    };
    // Guarded, so stock never goes below zero whatever else is writing.
    let taken = sqlx::query(
        "UPDATE stock_batches SET quantity = quantity - ?1 WHERE id = ?2 AND quantity >= ?1 AND expires_on >= ?3",
    )
    .bind(quantity)
    .bind(batch.id)
    .bind(today())
    .execute(tx.conn())
    .await?;
    if taken.rows_affected() != 1 {
        let now = stock::load(tx.conn(), batch.id).await?;
        return Err(short(&now));
    }

    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dispensings (patient_id, item_id, batch_id, quantity, instructions, appointment_id,
             allergy_override, dispensed_by, dispensed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.patient_id)
    .bind(item.id)
    .bind(batch.id)
    .bind(quantity)
    .bind(&instructions)
    .bind(input.appointment_id)
    .bind(&override_reason)
    .bind(actor.staff_id)
    .bind(crate::clock::utc_text(chrono::Utc::now()))
    .fetch_one(tx.conn())
    .await?;
    let entity_id = Some(id.to_string());
    let summary = format!("item {}, batch {}", item.id, batch.id);
    let mut e = actor.origin().entry(AuditAction::Create, "dispensing", entity_id.clone(), summary);
    e.patient_id = Some(input.patient_id);
    tx.audit(e).await?;
    if override_reason.is_some() {
        // Ids only: the reason is clinical text and stays on the dispensing.
        let ids = allergies.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join(",");
        let mut e =
            actor.origin().entry(AuditAction::Override, "dispensing", entity_id, format!("allergy {ids}"));
        e.patient_id = Some(input.patient_id);
        tx.audit(e).await?;
    }
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The reason for going ahead despite `allergies`, or the warning that asks for one.
fn override_reason(allergies: &[Allergy], item: &PharmacyItem, given: Option<&str>) -> AppResult<String> {
    let given = given.unwrap_or("").trim();
    if given.is_empty() {
        let which = allergies
            .iter()
            .map(|a| {
                let reaction = a.reaction.as_deref().map(|r| format!("reaction: {r}; ")).unwrap_or_default();
                format!("{} ({reaction}severity: {})", a.substance, a.severity.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Err(AppError::Conflict {
            message: format!(
                "Allergy warning: this patient has an active allergy to {which}, and {} ({}) may be or contain it. Check with the patient or the prescriber; to dispense anyway, give the reason for overriding the warning (at least {MIN_OVERRIDE_CHARS} characters).",
                item.name, item.generic_name
            ),
            field: Some("allergy_override_reason".into()),
        });
    }
    let reason = validate::text("allergy_override_reason", "The reason for overriding", given, 500)?;
    if reason.chars().count() < MIN_OVERRIDE_CHARS {
        return Err(AppError::validation(
            "allergy_override_reason",
            format!("Say why the allergy warning is overridden in at least {MIN_OVERRIDE_CHARS} characters, for example who confirmed it is safe."),
        ));
    }
    Ok(reason)
}

fn short(batch: &StockBatch) -> AppError {
    AppError::Conflict {
        message: format!("Only {} left in batch {}.", batch.quantity, batch.batch_no),
        field: Some("quantity".into()),
    }
}

async fn chosen_batch(
    conn: &mut SqliteConnection,
    id: i64,
    item: &PharmacyItem,
    quantity: i64,
) -> AppResult<StockBatch> {
    let batch = stock::load(conn, id).await?;
    if batch.item_id != item.id {
        return Err(AppError::validation(
            "batch_id",
            format!(
                "Batch {} is not of {} {}. Choose one of its own batches.",
                batch.batch_no, item.name, item.strength
            ),
        ));
    }
    if batch.expired {
        return Err(AppError::validation(
            "batch_id",
            format!("Batch {} expired on {} and cannot be dispensed.", batch.batch_no, batch.expires_on),
        ));
    }
    if batch.quantity < quantity {
        return Err(short(&batch));
    }
    Ok(batch)
}

/// First expiry, first out: the unexpired batch that expires soonest and has enough.
async fn first_to_expire(
    conn: &mut SqliteConnection,
    item: &PharmacyItem,
    quantity: i64,
) -> AppResult<StockBatch> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM stock_batches WHERE item_id = ? AND expires_on >= ? AND quantity >= ?
         ORDER BY expires_on, id LIMIT 1",
    )
    .bind(item.id)
    .bind(today())
    .bind(quantity)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = found {
        return stock::load(conn, id).await;
    }
    let largest: Option<(String, i64)> = sqlx::query_as(
        "SELECT batch_no, quantity FROM stock_batches WHERE item_id = ? AND expires_on >= ? AND quantity > 0
         ORDER BY quantity DESC, expires_on LIMIT 1",
    )
    .bind(item.id)
    .bind(today())
    .fetch_optional(conn)
    .await?;
    let what = format!("{} {} {}", item.name, item.strength, item.form);
    Err(AppError::Conflict {
        message: match largest {
            None => format!("There is no unexpired stock of {what}."),
            Some((batch_no, left)) => format!(
                "No single batch of {what} has {quantity}; the most in one batch is {left} (batch {batch_no}). Dispense from two batches, one after the other."
            ),
        },
        field: Some("quantity".into()),
    })
}

async fn check_appointment(
    conn: &mut SqliteConnection,
    appointment_id: i64,
    patient_id: i64,
) -> AppResult<()> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM appointments WHERE id = ?")
        .bind(appointment_id)
        .fetch_optional(conn)
        .await?;
    match owner {
        Some(p) if p == patient_id => Ok(()),
        Some(_) => Err(AppError::validation("appointment_id", "This appointment is another patient's.")),
        None => Err(AppError::validation("appointment_id", "This appointment does not exist.")),
    }
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Dispensing> {
    let row: Option<Dispensing> =
        sqlx::query_as(concat!(select!(), " WHERE d.id = ?")).bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| AppError::not_found("This dispensing is not in the record."))
}

/// A patient's dispensings, newest first, when `sight` may read them. Does not
/// audit: for the timeline and the record PDF, whose callers do.
pub async fn dispensings_for(
    conn: &mut SqliteConnection,
    sight: &Sight,
    patient_id: i64,
) -> AppResult<Option<Vec<Dispensing>>> {
    if !sight.reads(Part::Dispensings) {
        return Ok(None);
    }
    let sql = concat!(select!(), " WHERE d.patient_id = ? ORDER BY d.dispensed_at DESC, d.id DESC");
    Ok(Some(sqlx::query_as(sql).bind(patient_id).fetch_all(conn).await?))
}

/// What the pharmacy gave a patient; the reading is audited.
pub async fn list_dispensings(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<Dispensing>> {
    let mut tx = store.begin_write().await?;
    let sight = Sight::of(tx.conn(), actor, patient_id).await?;
    sight.require_read(Part::Dispensings)?;
    require_patient(tx.conn(), patient_id).await?;
    let list = dispensings_for(tx.conn(), &sight, patient_id).await?.unwrap_or_default();
    let summary = if sight.by_emergency(Part::Dispensings) { "emergency access" } else { "" };
    let mut e = actor.origin().entry(AuditAction::View, "dispensings", None, summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(list)
}
