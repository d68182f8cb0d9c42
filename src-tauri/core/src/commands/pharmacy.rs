//! The pharmacy: items, stock, dispensing. The rules live in `pharmacy`.

use crate::app::Clinic;
use crate::error::AppResult;
use crate::pharmacy::{
    self, DispenseInput, Dispensing, ItemStock, PharmacyItem, PharmacyItemInput, StockBatch, StockReceipt,
};

commands! {
    pub async fn list_pharmacy_items(
        s: &Clinic,
        token: String,
        include_inactive: bool,
    ) -> AppResult<Vec<PharmacyItem>> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::list_items(&store, &actor, include_inactive).await
    }

    pub async fn save_pharmacy_item(
        s: &Clinic,
        token: String,
        id: Option<i64>,
        req: PharmacyItemInput,
    ) -> AppResult<PharmacyItem> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::save_item(&store, &actor, id, req).await
    }

    pub async fn receive_stock(s: &Clinic, token: String, req: StockReceipt) -> AppResult<StockBatch> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::receive_stock(&store, &actor, req).await
    }

    pub async fn list_stock(
        s: &Clinic,
        token: String,
        item_id: Option<i64>,
    ) -> AppResult<Vec<ItemStock>> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::list_stock(&store, &actor, item_id).await
    }

    pub async fn dispense(s: &Clinic, token: String, req: DispenseInput) -> AppResult<Dispensing> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::dispense(&store, &actor, req).await
    }

    pub async fn list_dispensings(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<Dispensing>> {
        let (store, actor) = s.authorize(&token).await?;
        pharmacy::list_dispensings(&store, &actor, patient_id).await
    }
}
