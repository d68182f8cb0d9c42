//! The pharmacy: the items it sells, their stock in batches with expiry dates, and
//! what was handed to which patient. Only the pharmacist manages stock and dispenses
//! (`records::access`, `Part::Dispensings`); clinicians may see what is stocked and
//! what their patients were given. Stock can never go below zero: every dispensing
//! takes its quantity with a guarded update in the same transaction as its record.

pub mod allergy_match;
mod dispense;
mod items;
mod stock;

pub use dispense::{dispense, dispensings_for, list_dispensings, DispenseInput, Dispensing};
pub use items::{list_items, save_item, PharmacyItem, PharmacyItemInput};
pub use stock::{list_stock, receive_stock, ItemStock, StockBatch, StockReceipt};

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::access::{role_reads, role_writes};
use crate::records::Part;

/// Managing items and stock is the dispenser's work.
fn require_pharmacist(actor: &Actor) -> AppResult<()> {
    if actor.roles.iter().any(|r| role_writes(*r, Part::Dispensings)) {
        Ok(())
    } else {
        Err(AppError::forbidden("Only the pharmacist can change the pharmacy's items and stock."))
    }
}

/// Whoever may see dispensings may see what is stocked (clinicians, to prescribe
/// what is there); reception and the administrator may not.
fn require_stock_reader(actor: &Actor) -> AppResult<()> {
    if actor.roles.iter().any(|r| role_reads(*r, Part::Dispensings)) {
        Ok(())
    } else {
        Err(AppError::forbidden("Your role does not give access to the pharmacy."))
    }
}

/// A count of units (tablets, bottles, tubes) typed in a form: a whole number from 1
/// to `max`. It arrives as a JSON number, so 2.5 reaches here and is refused in words.
fn whole_quantity(field: &str, value: f64, max: i64) -> AppResult<i64> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(AppError::validation(
            field,
            "The quantity must be a whole number of units (tablets, bottles, tubes …).",
        ));
    }
    if value < 1.0 {
        return Err(AppError::validation(field, "The quantity must be more than 0."));
    }
    if value > max as f64 {
        return Err(AppError::validation(field, format!("The quantity can be at most {max} at a time.")));
    }
    Ok(value as i64)
}

/// The clinic's date today, as stored in `expires_on`.
fn today() -> String {
    crate::patients::clinic_today().to_string()
}

#[cfg(test)]
mod tests {
    use super::whole_quantity;

    #[test]
    fn quantities_are_whole_and_positive() {
        assert_eq!(whole_quantity("quantity", 30.0, 10_000).unwrap(), 30);
        assert_eq!(whole_quantity("quantity", 10_000.0, 10_000).unwrap(), 10_000);
        for (bad, says) in [
            (0.0, "more than 0"),
            (-5.0, "more than 0"),
            (2.5, "whole number"),
            (f64::NAN, "whole number"),
            (f64::INFINITY, "whole number"),
            (10_001.0, "at most 10000"),
        ] {
            let e = whole_quantity("quantity", bad, 10_000).unwrap_err();
            assert_eq!(e.field(), Some("quantity"), "{bad}");
            assert!(e.to_string().contains(says), "{bad}: {e}");
        }
    }
}
