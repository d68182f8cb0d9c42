//! Correcting an issued invoice: voiding it, or a credit note taking an amount off it.
//! Both are the administrator's and both are new facts, never edits: the invoice itself
//! stays as it was issued (the store's triggers hold it).

use serde::Deserialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::invoices::{credited_and_paid, head, insert_line, load, year_now, Invoice};
use super::lines::{self, PricedLine};
use super::money::Money;
use super::numbering::{self, Series};
use super::{now_text, payments, require_writer};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CreditNoteInput {
    /// Rupees taken off the invoice, as typed.
    pub amount: String,
    pub reason: String,
}

/// Voids an issued invoice with a reason (the administrator's). What was paid on it
/// becomes the patient's credit.
pub async fn void_invoice(store: &Store, actor: &Actor, invoice_id: i64, reason: &str) -> AppResult<Invoice> {
    let mut tx = store.begin_write().await?;
    let h = head(tx.conn(), invoice_id).await?;
    require_writer(tx.conn(), actor, Permission::CorrectInvoices, h.patient_id).await?;
    if h.kind == "credit_note" {
        return Err(AppError::conflict("A credit note cannot be voided."));
    }
    match h.status.as_str() {
        "issued" => {}
        "void" => return Err(AppError::conflict("This invoice is already voided.")),
        _ => return Err(AppError::conflict("A draft is not voided; discard it instead.")),
    }
    let reason = validate::text("reason", "The reason for voiding", reason, 300)?;
    sqlx::query("UPDATE invoices SET status = 'void', voided_by = ?, voided_at = ?, void_reason = ? WHERE id = ? AND status = 'issued'")
        .bind(actor.staff_id)
        .bind(now_text())
        .bind(&reason)
        .bind(invoice_id)
        .execute(tx.conn())
        .await?;
    let released = payments::release(tx.conn(), invoice_id, i64::MAX).await?;
    let mut e = actor.origin().entry(
        AuditAction::Update,
        "invoice",
        Some(invoice_id.to_string()),
        format!("voided {}, {} paisa released to credit", h.number.unwrap_or_default(), released),
    );
    e.patient_id = Some(h.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), invoice_id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Issues a credit note taking `amount` off an issued invoice (the administrator's).
/// What was paid beyond the invoice's new due becomes the patient's credit.
pub async fn issue_credit_note(
    store: &Store,
    actor: &Actor,
    invoice_id: i64,
    input: CreditNoteInput,
) -> AppResult<Invoice> {
    let mut tx = store.begin_write().await?;
    let h = head(tx.conn(), invoice_id).await?;
    require_writer(tx.conn(), actor, Permission::CorrectInvoices, h.patient_id).await?;
    if h.kind == "credit_note" {
        return Err(AppError::validation(
            "invoice_id",
            "A credit note corrects an invoice, not another credit note.",
        ));
    }
    match h.status.as_str() {
        "issued" => {}
        "void" => {
            return Err(AppError::conflict("This invoice was voided; there is nothing left to credit."))
        }
        _ => return Err(AppError::conflict("A draft is corrected by changing it, not by a credit note.")),
    }
    let amount = Money::parse_positive("amount", &input.amount)?;
    let reason = validate::text("reason", "The reason for the credit note", &input.reason, 300)?;
    let (id, number, released) = credit_in(tx.conn(), actor, invoice_id, amount, &reason).await?;
    let mut e = actor.origin().entry(
        AuditAction::Create,
        "credit_note",
        Some(id.to_string()),
        format!(
            "{number} on invoice {invoice_id}: {} paisa, {released} paisa released to credit",
            amount.paisa()
        ),
    );
    e.patient_id = Some(h.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Issues a credit note of `amount` on an issued invoice inside the caller's
/// transaction, releasing what was paid beyond the new due to the patient's credit.
/// Returns the note's id, its number and what was released.
pub(crate) async fn credit_in(
    conn: &mut SqliteConnection,
    actor: &Actor,
    invoice_id: i64,
    amount: Money,
    reason: &str,
) -> AppResult<(i64, String, i64)> {
    let h = head(&mut *conn, invoice_id).await?;
    let (patient_id, total_paisa) = (h.patient_id, h.total_paisa);
    let number_on = h.number.unwrap_or_default();
    let (credited, paid) = credited_and_paid(&mut *conn, invoice_id).await?;
    let room = total_paisa - credited;
    if amount.paisa() > room {
        return Err(AppError::validation(
            "amount",
            format!("A credit note can take off at most {} from this invoice.", Money(room).pkr()),
        ));
    }
    let now = now_text();
    let number = numbering::next(&mut *conn, Series::CreditNote, year_now()).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (kind, patient_id, credits_invoice_id, subtotal_paisa, total_paisa, created_by, created_at)
         VALUES ('credit_note', ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(invoice_id)
    .bind(amount.paisa())
    .bind(amount.paisa())
    .bind(actor.staff_id)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    let line = PricedLine {
        kind: "credit",
        service_id: None,
        item_id: None,
        appointment_id: None,
        dispensing_id: None,
        description: format!("Credit on {}: {reason}", number_on),
        quantity: 1,
        unit: amount,
        tax_bp: 0,
        discount: None,
    };
    let a = lines::LineAmounts { gross: amount, total: amount, ..Default::default() };
    insert_line(&mut *conn, id, 0, &line, &a).await?;
    sqlx::query(
        "UPDATE invoices SET status = 'issued', number = ?, issued_by = ?, issued_at = ? WHERE id = ?",
    )
    .bind(&number)
    .bind(actor.staff_id)
    .bind(&now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let due = room - amount.paisa();
    let released = if paid > due { payments::release(&mut *conn, invoice_id, paid - due).await? } else { 0 };
    Ok((id, number, released))
}
