//! A patient's billing statement: every invoice and credit note (drafts and voided ones
//! too, so the desk sees what happened) and every payment and refund, newest first.

use serde::Serialize;
use ts_rs::TS;

use super::invoices::{InvoiceKind, InvoiceStatus};
use super::payments::Payment;
use super::require_reader;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::AppResult;
use crate::store::Store;

/// The most rows of each kind one statement shows; a patient's whole history is far less.
const MAX_ROWS: i64 = 1_000;

/// One invoice or credit note as listed in the patient's record (no lines).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InvoiceSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub number: Option<String>,
    /// When it was issued, else when the draft was made (UTC).
    pub dated_at: String,
    #[ts(type = "number | null")]
    pub credits_invoice_id: Option<i64>,
    #[ts(type = "number")]
    pub total_paisa: i64,
    #[ts(type = "number")]
    pub credited_paisa: i64,
    #[ts(type = "number")]
    pub paid_paisa: i64,
    /// What is still owed on it (0 for a draft, a void invoice or a credit note).
    #[ts(type = "number")]
    pub outstanding_paisa: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BillingStatement {
    #[ts(type = "number")]
    pub patient_id: i64,
    pub invoices: Vec<InvoiceSummary>,
    /// Payments and refunds (`kind` says which).
    pub payments: Vec<Payment>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    status: String,
    number: Option<String>,
    dated_at: String,
    credits_invoice_id: Option<i64>,
    total_paisa: i64,
    credited: i64,
    paid: i64,
}

impl From<Row> for InvoiceSummary {
    fn from(r: Row) -> Self {
        let kind = if r.kind == "credit_note" { InvoiceKind::CreditNote } else { InvoiceKind::Invoice };
        let status = match r.status.as_str() {
            "draft" => InvoiceStatus::Draft,
            "void" => InvoiceStatus::Void,
            _ => InvoiceStatus::Issued,
        };
        let owes = kind == InvoiceKind::Invoice && status == InvoiceStatus::Issued;
        InvoiceSummary {
            outstanding_paisa: if owes { r.total_paisa - r.credited - r.paid } else { 0 },
            id: r.id,
            kind,
            status,
            number: r.number,
            dated_at: r.dated_at,
            credits_invoice_id: r.credits_invoice_id,
            total_paisa: r.total_paisa,
            credited_paisa: r.credited,
            paid_paisa: r.paid,
        }
    }
}

/// The patient's invoices, credit notes, payments and refunds; the reading is audited.
pub async fn billing_statement(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<BillingStatement> {
    actor.require(Permission::Bill)?;
    let mut tx = store.begin_write().await?;
    require_reader(tx.conn(), actor, patient_id).await?;
    crate::records::require_patient(tx.conn(), patient_id).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.id, i.kind, i.status, i.number, coalesce(i.issued_at, i.created_at) AS dated_at,
                i.credits_invoice_id, i.total_paisa,
                coalesce((SELECT sum(c.total_paisa) FROM invoices c WHERE c.credits_invoice_id = i.id AND c.status = 'issued'), 0) AS credited,
                coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS paid
         FROM invoices i WHERE i.patient_id = ? ORDER BY dated_at DESC, i.id DESC LIMIT ?",
    )
    .bind(patient_id)
    .bind(MAX_ROWS)
    .fetch_all(tx.conn())
    .await?;
    let payments: Vec<Payment> = sqlx::query_as(
        "SELECT id, kind, patient_id, method, amount_paisa, tendered_paisa, change_paisa, reference, refund_of, reason,
                taken_at FROM payments WHERE patient_id = ? ORDER BY taken_at DESC, id DESC LIMIT ?",
    )
    .bind(patient_id)
    .bind(MAX_ROWS)
    .fetch_all(tx.conn())
    .await?;
    let mut e = actor.origin().entry(AuditAction::View, "billing_statement", None, "");
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(BillingStatement { patient_id, invoices: rows.into_iter().map(Into::into).collect(), payments })
}
