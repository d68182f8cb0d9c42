//! Billing records for reading: a patient's statement and a price's history.
//! The rules live in `billing`.

use crate::app::Clinic;
use crate::billing::{self, BillingStatement, PriceChange, PricedThing};
use crate::error::AppResult;

commands! {
    pub async fn billing_statement(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<BillingStatement> {
        let (store, actor) = s.authorize(&token).await?;
        billing::billing_statement(&store, &actor, patient_id).await
    }

    pub async fn price_history(
        s: &Clinic,
        token: String,
        thing: PricedThing,
        id: i64,
    ) -> AppResult<Vec<PriceChange>> {
        let (store, actor) = s.authorize(&token).await?;
        billing::price_history(&store, &actor, thing, id).await
    }
}
