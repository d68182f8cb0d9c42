//! Signed-in sessions: every call after sign-in comes through `authorize`.

use std::sync::Arc;
use std::time::Duration;

use super::{idle_override, Clinic};
use crate::audit::AuditAction;
use crate::auth::{self, state_error, Actor, SessionState, SignInOutcome, SignedIn};
use crate::clinic;
use crate::error::{AppError, AppResult};
use crate::staff::{self, Language};
use crate::store::Store;

impl Clinic {
    /// The store and the signed-in actor behind `token`. An idle session locks here,
    /// and one signed in for 12 hours ends here; both are audited, whatever the window
    /// did. Being called is not activity: see [`Clinic::note_activity`].
    pub async fn authorize(&self, token: &str) -> AppResult<(Arc<Store>, Actor)> {
        let store = self.store().await?;
        match self.sessions.check(token, &self.workstation) {
            Ok(actor) => Ok((store, actor)),
            Err(refusal) => Err(self.refused(&store, refusal).await?),
        }
    }

    /// The person at the window pressed a key or clicked: the idle time starts again.
    pub async fn note_activity(&self, token: &str) -> AppResult<()> {
        let store = self.store().await?;
        match self.sessions.note_activity(token) {
            Ok(()) => Ok(()),
            Err(refusal) => Err(self.refused(&store, refusal).await?),
        }
    }

    /// Audits a session that locked or ended just now, and returns the error to show.
    async fn refused(
        &self,
        store: &Store,
        (state, changed_now): auth::session::Refusal,
    ) -> AppResult<AppError> {
        if let Some(staff_id) = changed_now {
            let origin =
                crate::audit::Origin { staff_id: Some(staff_id), workstation: self.workstation.clone() };
            let entry = match state {
                SessionState::Expired => origin.entry(AuditAction::SignOut, "session", None, "12 hours"),
                _ => origin.entry(AuditAction::Lock, "session", None, "idle"),
            };
            let mut tx = store.begin_write().await?;
            tx.audit(entry).await?;
            tx.commit().await?;
        }
        Ok(state_error(state))
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> AppResult<SignInOutcome> {
        let store = self.store().await?;
        auth::sign_in(&store, &self.sessions, &self.workstation, username, password).await
    }

    pub async fn choose_password(
        &self,
        username: &str,
        code: &str,
        new_password: &str,
    ) -> AppResult<SignedIn> {
        let store = self.store().await?;
        auth::choose_password(&store, &self.sessions, &self.workstation, username, code, new_password).await
    }

    pub async fn unlock(&self, token: &str, password: &str) -> AppResult<SignedIn> {
        let store = self.store().await?;
        auth::unlock(&store, &self.sessions, &self.workstation, token, password).await
    }

    pub async fn lock(&self, token: &str) -> AppResult<()> {
        let store = self.store().await?;
        if let Some(staff_id) = self.sessions.lock(token) {
            let origin =
                crate::audit::Origin { staff_id: Some(staff_id), workstation: self.workstation.clone() };
            let mut tx = store.begin_write().await?;
            tx.audit(origin.entry(AuditAction::Lock, "session", None, "by hand")).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn sign_out(&self, token: &str) -> AppResult<()> {
        let store = self.store().await?;
        if let Some(staff_id) = self.sessions.end(token) {
            let origin =
                crate::audit::Origin { staff_id: Some(staff_id), workstation: self.workstation.clone() };
            let mut tx = store.begin_write().await?;
            tx.audit(origin.entry(AuditAction::SignOut, "session", None, "")).await?;
            tx.commit().await?;
            if self.sessions.count() == 0 {
                // The last person left: take a copy while nobody is writing, without making
                // them wait. Its failure shows on the administrator's status.
                let (store, workstation) = (store.clone(), self.workstation.clone());
                let backup = tokio::spawn(async move {
                    let _ =
                        crate::backups::scheduled(&store, &workstation, "sign-out", chrono::Utc::now()).await;
                });
                // Two people signing out in turn start two copies; none may be forgotten.
                let mut running = self.sign_out_backups.lock().unwrap_or_else(|e| e.into_inner());
                running.retain(|b| !b.is_finished());
                running.push(backup);
            }
        }
        Ok(())
    }

    pub async fn set_my_language(&self, token: &str, language: Language) -> AppResult<auth::Me> {
        let (store, actor) = self.authorize(token).await?;
        staff::set_language(&store, &actor, language).await?;
        auth::me(&store, &actor).await
    }

    pub async fn update_settings(
        &self,
        token: &str,
        s: clinic::ClinicSettings,
    ) -> AppResult<clinic::ClinicSettings> {
        let (store, actor) = self.authorize(token).await?;
        let saved = clinic::update_settings(&store, &actor, s).await?;
        if idle_override().is_none() {
            self.sessions.set_idle(Duration::from_secs(60 * u64::from(saved.idle_lock_minutes)));
        }
        Ok(saved)
    }

    pub async fn verify_audit(&self, token: &str) -> AppResult<crate::audit::VerifyReport> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(auth::Permission::VerifyAuditTrail)?;
        let report = crate::audit::verify(store.pool(), store.head().read().as_ref()).await?;
        let mut tx = store.begin_write().await?;
        let summary = match report.first_bad_seq {
            None => format!("ok, {} entries", report.entries_checked),
            Some(seq) => format!("broken at #{seq}"),
        };
        tx.audit(actor.origin().entry(AuditAction::AuditVerified, "audit_log", None, summary)).await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn list_audit(
        &self,
        token: &str,
        filter: crate::audit::AuditFilter,
    ) -> AppResult<crate::audit::AuditPage> {
        let (store, actor) = self.authorize(token).await?;
        actor.require(auth::Permission::ViewAuditTrail)?;
        crate::audit::list(store.pool(), &filter).await
    }
}
