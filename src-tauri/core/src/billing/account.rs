//! A patient's account: what they owe on issued invoices and what credit they have.

use serde::Serialize;
use ts_rs::TS;

use super::money::Money;
use super::payments::{credit_of, open_invoices};
use super::require_reader;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OpenInvoice {
    #[ts(type = "number")]
    pub invoice_id: i64,
    pub number: String,
    #[ts(type = "number")]
    pub outstanding_paisa: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PatientAccount {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// Owed on issued invoices, after credit notes and payments.
    #[ts(type = "number")]
    pub balance_paisa: i64,
    /// Paid and neither applied to an invoice nor refunded.
    #[ts(type = "number")]
    pub credit_paisa: i64,
    pub balance_text: String,
    pub credit_text: String,
    /// Oldest first: the order payments are applied in.
    pub open_invoices: Vec<OpenInvoice>,
}

/// The patient's balance and credit; the reading is audited.
pub async fn patient_account(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<PatientAccount> {
    actor.require(Permission::Bill)?;
    let mut tx = store.begin_write().await?;
    require_reader(tx.conn(), actor, patient_id).await?;
    crate::records::require_patient(tx.conn(), patient_id).await?;
    let open = open_invoices(tx.conn(), patient_id).await?;
    let credit = credit_of(tx.conn(), patient_id).await?;
    let balance: i64 = open.iter().map(|o| o.2).sum();
    let mut e = actor.origin().entry(AuditAction::View, "billing_account", None, "");
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(PatientAccount {
        patient_id,
        balance_paisa: balance,
        credit_paisa: credit,
        balance_text: Money(balance).pkr(),
        credit_text: Money(credit).pkr(),
        open_invoices: open
            .into_iter()
            .map(|(invoice_id, number, outstanding_paisa)| OpenInvoice {
                invoice_id,
                number,
                outstanding_paisa,
            })
            .collect(),
    })
}
