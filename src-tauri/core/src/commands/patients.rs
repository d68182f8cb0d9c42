use crate::app::Clinic;
use crate::error::AppResult;
use crate::patients::{self, Consent, ConsentInput, Patient, PatientInput, PatientSummary};

commands! {
    pub async fn search_patients(
        s: &Clinic,
        token: String,
        query: String,
    ) -> AppResult<Vec<PatientSummary>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::search(&store, &actor, &query, 20).await
    }

    pub async fn find_duplicate_patients(
        s: &Clinic,
        token: String,
        req: PatientInput,
    ) -> AppResult<Vec<PatientSummary>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::find_duplicates(&store, &actor, req).await
    }

    pub async fn register_patient(s: &Clinic, token: String, req: PatientInput) -> AppResult<Patient> {
        let (store, actor) = s.authorize(&token).await?;
        patients::register(&store, &actor, req).await
    }

    pub async fn get_patient(s: &Clinic, token: String, id: i64) -> AppResult<Patient> {
        let (store, actor) = s.authorize(&token).await?;
        patients::get(&store, &actor, id).await
    }

    pub async fn update_patient(
        s: &Clinic,
        token: String,
        id: i64,
        req: PatientInput,
    ) -> AppResult<Patient> {
        let (store, actor) = s.authorize(&token).await?;
        patients::update(&store, &actor, id, req).await
    }

    pub async fn record_consent(
        s: &Clinic,
        token: String,
        id: i64,
        req: ConsentInput,
    ) -> AppResult<Vec<Consent>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::record_consent(&store, &actor, id, req).await
    }

    pub async fn withdraw_consent(s: &Clinic, token: String, id: i64) -> AppResult<Vec<Consent>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::withdraw_consent(&store, &actor, id).await
    }
}
