//! The day's takings: a cashier's cash-up and Z report, and the administrator's money
//! reports. The rules live in `billing::cashup` and `billing::reports`.

use tauri::State;

use crate::app::Clinic;
use crate::billing::cashup::{self};
use crate::billing::reports::{self};
use crate::billing::revenue::{self};
use crate::downloads::Downloads;
use crate::error::AppResult;

/// Saves the closed day's Z report as PDF in the Downloads folder; returns the path.
#[tauri::command]
pub async fn z_report_pdf(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    closing_id: i64,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = cashup::z_report_pdf(&store, &actor, closing_id).await?;
    d.save(&f.name, &f.bytes)
}

/// Saves the takings report as CSV in the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_takings_csv(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    from: String,
    to: String,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = reports::takings_csv(&store, &actor, &from, &to).await?;
    d.save(&f.name, &f.bytes)
}

/// Saves the balances by age as CSV in the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_aged_balances_csv(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = reports::aged_balances_csv(&store, &actor).await?;
    d.save(&f.name, &f.bytes)
}

/// Saves the month's revenue as CSV in the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_monthly_revenue_csv(
    s: State<'_, Clinic>,
    d: State<'_, Downloads>,
    token: String,
    month: String,
) -> AppResult<String> {
    let (store, actor) = s.authorize(&token).await?;
    let f = revenue::monthly_revenue_csv(&store, &actor, &month).await?;
    d.save(&f.name, &f.bytes)
}
