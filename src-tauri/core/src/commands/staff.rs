use crate::app::Clinic;
use crate::error::AppResult;
use crate::staff::grants::{self, RoleGrant};
use crate::staff::{self, NewStaff, OneTimeCode, StaffCreated, StaffMember, StaffUpdate};

commands! {
    pub async fn list_staff(s: &Clinic, token: String) -> AppResult<Vec<StaffMember>> {
        let (store, actor) = s.authorize(&token).await?;
        staff::list(&store, &actor).await
    }

    pub async fn create_staff(s: &Clinic, token: String, req: NewStaff) -> AppResult<StaffCreated> {
        let (store, actor) = s.authorize(&token).await?;
        staff::create(&store, &actor, req).await
    }

    pub async fn update_staff(s: &Clinic, token: String, req: StaffUpdate) -> AppResult<StaffMember> {
        let (store, actor) = s.authorize(&token).await?;
        staff::update(&store, s.sessions(), &actor, req).await
    }

    pub async fn set_staff_active(
        s: &Clinic,
        token: String,
        id: i64,
        active: bool,
    ) -> AppResult<StaffMember> {
        let (store, actor) = s.authorize(&token).await?;
        staff::set_active(&store, s.sessions(), &actor, id, active).await
    }

    pub async fn reset_staff_password(s: &Clinic, token: String, id: i64) -> AppResult<OneTimeCode> {
        let (store, actor) = s.authorize(&token).await?;
        staff::reset_password(&store, s.sessions(), &actor, id).await
    }

    pub async fn list_role_grants(s: &Clinic, token: String) -> AppResult<Vec<RoleGrant>> {
        let (store, actor) = s.authorize(&token).await?;
        grants::list(&store, &actor).await
    }

    pub async fn confirm_role_grant(s: &Clinic, token: String, id: i64) -> AppResult<RoleGrant> {
        let (store, actor) = s.authorize(&token).await?;
        grants::confirm(&store, &actor, id).await
    }

    pub async fn decline_role_grant(
        s: &Clinic,
        token: String,
        id: i64,
        reason: String,
    ) -> AppResult<RoleGrant> {
        let (store, actor) = s.authorize(&token).await?;
        grants::decline(&store, &actor, id, &reason).await
    }

    pub async fn confirm_role_grant_with_recovery_key(
        s: &Clinic,
        token: String,
        id: i64,
        recovery_key: String,
    ) -> AppResult<RoleGrant> {
        let (store, actor) = s.authorize(&token).await?;
        grants::confirm_with_recovery_key(&store, &actor, id, &recovery_key).await
    }
}
