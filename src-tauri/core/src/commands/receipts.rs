//! Printing invoices, credit notes and receipts for the patient. The rules live in
//! `billing::documents`.

use crate::app::Clinic;
use crate::billing::{self, Paper};
use crate::error::AppResult;
use crate::staff::Language;

commands! {
    files:
    /// The invoice (or credit note) as PDF; `language`: the patient's own when not given.
    pub async fn invoice_pdf(
        s: &Clinic,
        token: String,
        invoice_id: i64,
        paper: Paper,
        language: Option<Language>,
    ) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        billing::invoice_pdf(&store, &actor, invoice_id, paper, language).await
    }

    /// The receipt of a payment (or the slip of a refund) as PDF.
    pub async fn receipt_pdf(
        s: &Clinic,
        token: String,
        payment_id: i64,
        paper: Paper,
        language: Option<Language>,
    ) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        billing::receipt_pdf(&store, &actor, payment_id, paper, language).await
    }
}
