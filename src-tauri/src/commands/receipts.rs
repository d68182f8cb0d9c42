//! Printing invoices, credit notes and receipts for the patient. The rules live in
//! `billing::documents`.

use tauri::State;

use crate::app::Clinic;
use crate::billing::{self, Paper};
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::staff::Language;

/// Saves the invoice (or credit note) as PDF in the Downloads folder; returns the path.
/// `language`: the patient's own when not given.
#[tauri::command]
pub async fn invoice_pdf(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    invoice_id: i64,
    paper: Paper,
    language: Option<Language>,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = billing::invoice_pdf(&store, &actor, invoice_id, paper, language).await?;
    d.save(&f.name, &f.bytes)
}

/// Saves the receipt of a payment (or the slip of a refund) as PDF; returns the path.
#[tauri::command]
pub async fn receipt_pdf(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    payment_id: i64,
    paper: Paper,
    language: Option<Language>,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = billing::receipt_pdf(&store, &actor, payment_id, paper, language).await?;
    d.save(&f.name, &f.bytes)
}
