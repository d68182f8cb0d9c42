//! Patients' rights: the requests register, its steps and letters, and disclosures.

use crate::app::Clinic;
use crate::error::AppResult;
use crate::staff::Language;
use crate::rights::{
    self, Dashboard, Disclosure, DisclosureInput, FulfilInput, Fulfilled, IdentityCheck, LetterTemplate,
    LetterTemplateInput, RefuseInput, RequestInput, RightsRequest, RightsRequestDetail,
};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

commands! {
    pub async fn rights_dashboard(s: &Clinic, token: String) -> AppResult<Dashboard> {
        let (store, actor) = s.authorize(&token).await?;
        rights::dashboard(&store, &actor, now()).await
    }

    pub async fn list_rights_requests(
        s: &Clinic,
        token: String,
        patient_id: Option<i64>,
    ) -> AppResult<Vec<RightsRequest>> {
        let (store, actor) = s.authorize(&token).await?;
        rights::list_requests(&store, &actor, patient_id).await
    }

    pub async fn get_rights_request(
        s: &Clinic,
        token: String,
        id: i64,
    ) -> AppResult<RightsRequestDetail> {
        let (store, actor) = s.authorize(&token).await?;
        rights::get_request(&store, &actor, id).await
    }

    pub async fn record_rights_request(
        s: &Clinic,
        token: String,
        req: RequestInput,
    ) -> AppResult<RightsRequest> {
        let (store, actor) = s.authorize(&token).await?;
        rights::record_request(&store, &actor, req, now()).await
    }

    pub async fn verify_rights_identity(
        s: &Clinic,
        token: String,
        id: i64,
        check: IdentityCheck,
    ) -> AppResult<RightsRequest> {
        let (store, actor) = s.authorize(&token).await?;
        rights::verify_identity(&store, &actor, id, check, now()).await
    }

    pub async fn start_rights_work(
        s: &Clinic,
        token: String,
        id: i64,
        note: String,
    ) -> AppResult<RightsRequest> {
        let (store, actor) = s.authorize(&token).await?;
        rights::start_work(&store, &actor, id, note, now()).await
    }

    pub async fn fulfil_rights_request(
        s: &Clinic,
        token: String,
        id: i64,
        req: FulfilInput,
    ) -> AppResult<Fulfilled> {
        let (store, actor) = s.authorize(&token).await?;
        rights::fulfil(&store, &actor, id, req, now()).await
    }

    pub async fn refuse_rights_request(
        s: &Clinic,
        token: String,
        id: i64,
        req: RefuseInput,
    ) -> AppResult<RightsRequest> {
        let (store, actor) = s.authorize(&token).await?;
        rights::refuse(&store, &actor, id, req, now()).await
    }

    pub async fn rights_letter_templates(s: &Clinic, token: String) -> AppResult<Vec<LetterTemplate>> {
        let (store, actor) = s.authorize(&token).await?;
        rights::letter_templates(&store, &actor).await
    }

    pub async fn set_rights_letter_template(
        s: &Clinic,
        token: String,
        req: LetterTemplateInput,
    ) -> AppResult<Vec<LetterTemplate>> {
        let (store, actor) = s.authorize(&token).await?;
        rights::set_letter_template(&store, &actor, req, now()).await
    }

    pub async fn rights_due_days(s: &Clinic, token: String) -> AppResult<u32> {
        let (store, actor) = s.authorize(&token).await?;
        rights::get_due_days(&store, &actor).await
    }

    pub async fn set_rights_due_days(s: &Clinic, token: String, days: u32) -> AppResult<u32> {
        let (store, actor) = s.authorize(&token).await?;
        rights::set_due_days(&store, &actor, days).await
    }

    pub async fn list_disclosures(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<Disclosure>> {
        let (store, actor) = s.authorize(&token).await?;
        rights::list_disclosures(&store, &actor, patient_id).await
    }

    pub async fn record_disclosure(
        s: &Clinic,
        token: String,
        req: DisclosureInput,
    ) -> AppResult<Vec<Disclosure>> {
        let (store, actor) = s.authorize(&token).await?;
        rights::record_disclosure(&store, &actor, req, now()).await
    }

    files:
    /// A request's letter as PDF.
    pub async fn export_rights_letter(s: &Clinic, token: String, id: i64, language: Language) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        rights::letter_pdf(&store, &actor, id, language, now()).await
    }
}
