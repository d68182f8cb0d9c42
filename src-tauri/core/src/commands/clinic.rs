use crate::app::Clinic;
use crate::clinic::{self, ClinicProfile, ClinicProfileInput, ClinicSettings};
use crate::error::AppResult;

commands! {
    pub async fn get_clinic_profile(s: &Clinic, token: String) -> AppResult<ClinicProfile> {
        let (store, actor) = s.authorize(&token).await?;
        clinic::get_profile(&store, &actor).await
    }

    pub async fn update_clinic_profile(
        s: &Clinic,
        token: String,
        req: ClinicProfileInput,
    ) -> AppResult<ClinicProfile> {
        let (store, actor) = s.authorize(&token).await?;
        clinic::update_profile(&store, &actor, req).await
    }

    pub async fn get_settings(s: &Clinic, token: String) -> AppResult<ClinicSettings> {
        let (store, actor) = s.authorize(&token).await?;
        clinic::get_settings(&store, &actor).await
    }

    pub async fn update_settings(
        s: &Clinic,
        token: String,
        req: ClinicSettings,
    ) -> AppResult<ClinicSettings> {
        s.update_settings(&token, req).await
    }
}
