//! Medical history and attachments. Who may see or write what is decided in
//! `records`, never here. An attachment's bytes travel raw, through the window's own
//! `upload_attachment` and `open_attachment` (`src-tauri/src/commands/history.rs`).



use crate::app::Clinic;
use crate::error::AppResult;
use crate::records::{
    self, Allergy, AllergyInput, Attachment, Condition, ConditionInput, History,
    Medication, MedicationInput,
};

commands! {
    pub async fn list_history(s: &Clinic, token: String, patient_id: i64) -> AppResult<History> {
        let (store, actor) = s.authorize(&token).await?;
        records::history_of(&store, &actor, patient_id).await
    }

    pub async fn add_condition(
        s: &Clinic,
        token: String,
        patient_id: i64,
        req: ConditionInput,
    ) -> AppResult<Condition> {
        let (store, actor) = s.authorize(&token).await?;
        records::add_condition(&store, &actor, patient_id, req).await
    }

    pub async fn update_condition(
        s: &Clinic,
        token: String,
        id: i64,
        req: ConditionInput,
    ) -> AppResult<Condition> {
        let (store, actor) = s.authorize(&token).await?;
        records::update_condition(&store, &actor, id, req).await
    }

    pub async fn add_allergy(
        s: &Clinic,
        token: String,
        patient_id: i64,
        req: AllergyInput,
    ) -> AppResult<Allergy> {
        let (store, actor) = s.authorize(&token).await?;
        records::add_allergy(&store, &actor, patient_id, req).await
    }

    pub async fn update_allergy(
        s: &Clinic,
        token: String,
        id: i64,
        req: AllergyInput,
    ) -> AppResult<Allergy> {
        let (store, actor) = s.authorize(&token).await?;
        records::update_allergy(&store, &actor, id, req).await
    }

    pub async fn add_medication(
        s: &Clinic,
        token: String,
        patient_id: i64,
        req: MedicationInput,
    ) -> AppResult<Medication> {
        let (store, actor) = s.authorize(&token).await?;
        records::add_medication(&store, &actor, patient_id, req).await
    }

    pub async fn update_medication(
        s: &Clinic,
        token: String,
        id: i64,
        req: MedicationInput,
    ) -> AppResult<Medication> {
        let (store, actor) = s.authorize(&token).await?;
        records::update_medication(&store, &actor, id, req).await
    }

    pub async fn list_attachments(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<Attachment>> {
        let (store, actor) = s.authorize(&token).await?;
        records::list_attachments(&store, &actor, patient_id).await
    }
}
