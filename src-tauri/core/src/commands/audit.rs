use crate::app::Clinic;
use crate::audit::{AuditFilter, AuditPage, VerifyReport};
use crate::error::AppResult;

commands! {
    pub async fn list_audit(s: &Clinic, token: String, filter: AuditFilter) -> AppResult<AuditPage> {
        s.list_audit(&token, filter).await
    }

    pub async fn verify_audit(s: &Clinic, token: String) -> AppResult<VerifyReport> {
        s.verify_audit(&token).await
    }
}
