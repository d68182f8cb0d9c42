//! The pharmacy: items, stock, dispensing. The rules live in `pharmacy`.

use tauri::State;

use crate::app::Clinic;
use crate::error::AppResult;
use crate::pharmacy::{
    self, DispenseInput, Dispensing, ItemStock, PharmacyItem, PharmacyItemInput, StockBatch, StockReceipt,
};

#[tauri::command]
pub async fn list_pharmacy_items(
    s: State<'_, Clinic>,
    token: String,
    include_inactive: bool,
) -> AppResult<Vec<PharmacyItem>> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::list_items(&store, &actor, include_inactive).await
}

#[tauri::command]
pub async fn save_pharmacy_item(
    s: State<'_, Clinic>,
    token: String,
    id: Option<i64>,
    req: PharmacyItemInput,
) -> AppResult<PharmacyItem> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::save_item(&store, &actor, id, req).await
}

#[tauri::command]
pub async fn receive_stock(s: State<'_, Clinic>, token: String, req: StockReceipt) -> AppResult<StockBatch> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::receive_stock(&store, &actor, req).await
}

#[tauri::command]
pub async fn list_stock(
    s: State<'_, Clinic>,
    token: String,
    item_id: Option<i64>,
) -> AppResult<Vec<ItemStock>> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::list_stock(&store, &actor, item_id).await
}

#[tauri::command]
pub async fn dispense(s: State<'_, Clinic>, token: String, req: DispenseInput) -> AppResult<Dispensing> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::dispense(&store, &actor, req).await
}

#[tauri::command]
pub async fn list_dispensings(
    s: State<'_, Clinic>,
    token: String,
    patient_id: i64,
) -> AppResult<Vec<Dispensing>> {
    let (store, actor) = s.authorize(&token).await?;
    pharmacy::list_dispensings(&store, &actor, patient_id).await
}
