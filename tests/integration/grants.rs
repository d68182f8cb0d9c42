//! Nobody grants themselves access to clinical records: clinical and privacy-officer
//! roles need a second person, role changes reach the person at their next sign-in
//! (removals at once), and a password reset hands over a one-time code, never a
//! password.

use std::time::Duration;

use alhayat::audit::{self, AuditAction, AuditFilter};
use alhayat::auth::{self, Actor, Role, Sessions, REFUSED};
use alhayat::error::AppError;
use alhayat::staff::changes::AccountChangeKind;
use alhayat::staff::grants::{self, GrantCause, GrantState, RoleGrant};
use alhayat::staff::{self, NewStaff, StaffMember, StaffUpdate};
use alhayat::store::key::DbKey;

use crate::support::*;

struct Clinic {
    f: Fixture,
    sessions: Sessions,
    admin: Actor,
    privacy: Actor,
    /// Sana, at reception.
    sana: i64,
}

async fn clinic() -> Clinic {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let privacy = add_staff(&f.store, "privacy", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    let sana = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    Clinic {
        f,
        sessions: Sessions::new(Duration::from_secs(600)),
        admin: actor(admin, &[Role::Administrator]),
        privacy: actor(privacy, &[Role::PrivacyOfficer]),
        sana,
    }
}

impl Clinic {
    async fn set_roles(&self, by: &Actor, id: i64, roles: &[Role]) -> Result<StaffMember, AppError> {
        let name = self.member(id).await.full_name;
        staff::update(
            &self.f.store,
            &self.sessions,
            by,
            StaffUpdate { id, full_name: name, roles: roles.to_vec() },
        )
        .await
    }

    async fn member(&self, id: i64) -> StaffMember {
        staff::get(&mut self.f.store.pool().acquire().await.unwrap(), id).await.unwrap()
    }

    async fn pending(&self, id: i64, role: Role) -> RoleGrant {
        grants::list(&self.f.store, &self.privacy)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.staff_id == id && g.role == role && g.state == GrantState::Pending)
            .expect("a pending grant")
    }

    async fn sign_in(&self, username: &str, password: &str) -> auth::SignedIn {
        signed_in(auth::sign_in(&self.f.store, &self.sessions, "ws", username, password).await)
    }

    async fn choose(&self, username: &str, code: String, new: &str) -> Result<auth::SignedIn, AppError> {
        auth::choose_password(&self.f.store, &self.sessions, "ws", username, &code, new).await
    }

    async fn audit_rows(&self) -> Vec<alhayat::audit::AuditRow> {
        let filter = AuditFilter { limit: Some(1000), ..Default::default() };
        audit::list(self.f.store.pool(), &filter).await.unwrap().rows
    }

    async fn grant_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM role_grants").fetch_one(self.f.store.pool()).await.unwrap()
    }
}

#[tokio::test]
async fn an_administrator_cannot_give_himself_a_clinical_role() {
    let c = clinic().await;
    for role in [Role::Psychologist, Role::Physiotherapist, Role::Pharmacist, Role::PrivacyOfficer] {
        let e = c.set_roles(&c.admin, c.admin.staff_id, &[Role::Administrator, role]).await.unwrap_err();
        assert_eq!(e.field(), Some("roles"), "{role:?}");
        assert!(e.to_string().contains("cannot give yourself"), "{e}");
    }
    assert_eq!(c.grant_count().await, 0, "not even a pending request is left");
    assert_eq!(c.member(c.admin.staff_id).await.roles, vec![Role::Administrator]);
    // A role that opens no record is his to take (from his next sign-in).
    let m = c.set_roles(&c.admin, c.admin.staff_id, &[Role::Administrator, Role::Reception]).await.unwrap();
    assert_eq!(m.roles, vec![Role::Administrator, Role::Reception]);
    // Nor can he make a new account that is really his: roles wait, and he never knows its password.
    let made = staff::create(
        &c.f.store,
        &c.admin,
        NewStaff { username: "imran2".into(), full_name: "Imran Q".into(), roles: vec![Role::Psychologist] },
    )
    .await
    .unwrap();
    assert!(made.member.roles.is_empty());
    assert_eq!(made.member.pending_roles, vec![Role::Psychologist]);
    assert!(made.member.waiting_for_password);
}

#[tokio::test]
async fn a_clinical_role_waits_until_a_privacy_officer_confirms_it() {
    let c = clinic().await;
    let m = c.set_roles(&c.admin, c.sana, &[Role::Reception, Role::Psychologist]).await.unwrap();
    assert_eq!(m.roles, vec![Role::Reception]);
    assert_eq!(m.pending_roles, vec![Role::Psychologist]);
    let s = c.sign_in("sana", PASSWORD).await;
    assert_eq!(s.me.roles, vec![Role::Reception], "not hers before it is confirmed");

    let g = c.pending(c.sana, Role::Psychologist).await;
    assert_eq!((g.cause, g.may_decide, g.recovery_key_confirms), (GrantCause::Added, true, false));
    assert_eq!(g.requested_by, "Imran Qureshi");
    // The administrator sees the request, but confirming is not his to do.
    assert!(grants::list(&c.f.store, &c.admin).await.unwrap().iter().any(|x| x.id == g.id && !x.may_decide));
    let e = grants::confirm(&c.f.store, &c.admin, g.id).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { .. }));
    let reception = actor(c.sana, &[Role::Reception]);
    assert!(matches!(grants::list(&c.f.store, &reception).await, Err(AppError::Forbidden { .. })));

    let done = grants::confirm(&c.f.store, &c.privacy, g.id).await.unwrap();
    assert_eq!(done.state, GrantState::Confirmed);
    assert_eq!(done.decided_by.as_deref(), Some("Nadia Hussain"));
    assert!(matches!(grants::confirm(&c.f.store, &c.privacy, g.id).await, Err(AppError::Conflict { .. })));
    let m = c.member(c.sana).await;
    assert_eq!(m.roles, vec![Role::Reception, Role::Psychologist]);
    assert!(m.pending_roles.is_empty());
}

#[tokio::test]
async fn neither_the_one_who_asked_nor_the_one_who_gets_the_role_can_confirm_it() {
    let c = clinic().await;
    // An administrator who is also a privacy officer gives a role: someone else confirms.
    let both =
        add_staff(&c.f.store, "omar", "Omar Farooq", &[Role::Administrator, Role::PrivacyOfficer]).await;
    let both = actor(both, &[Role::Administrator, Role::PrivacyOfficer]);
    c.set_roles(&both, c.sana, &[Role::Reception, Role::Pharmacist]).await.unwrap();
    let g = c.pending(c.sana, Role::Pharmacist).await;
    let e = grants::confirm(&c.f.store, &both, g.id).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { .. }), "{e:?}");
    let e = grants::decline(&c.f.store, &both, g.id, "changed my mind").await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { .. }));

    // A privacy officer who would get a clinical role cannot confirm it for herself.
    c.set_roles(&c.admin, c.privacy.staff_id, &[Role::PrivacyOfficer, Role::Psychologist]).await.unwrap();
    let own = c.pending(c.privacy.staff_id, Role::Psychologist).await;
    assert!(!own.may_decide);
    let e = grants::confirm(&c.f.store, &c.privacy, own.id).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { .. }));
    // The other privacy officer can, and can decline with a reason the person is shown.
    assert_eq!(grants::decline(&c.f.store, &both, own.id, "  ").await.unwrap_err().field(), Some("reason"));
    let declined = grants::decline(&c.f.store, &both, own.id, "Not on the psychology rota").await.unwrap();
    assert_eq!(declined.state, GrantState::Declined);
    grants::confirm(&c.f.store, &c.privacy, g.id).await.unwrap();

    let s = c.sign_in("privacy", PASSWORD).await;
    assert_eq!(s.me.roles, vec![Role::PrivacyOfficer]);
    let change = s.changes.iter().find(|x| x.kind == AccountChangeKind::RoleDeclined).unwrap();
    assert_eq!(change.reason.as_deref(), Some("Not on the psychology rota"));
    assert_eq!(change.decided_by.as_deref(), Some("Omar Farooq"));
}

#[tokio::test]
async fn the_recovery_key_confirms_only_the_clinics_only_privacy_officer() {
    // A first run: an administrator and nobody else.
    let f = fresh_store().await;
    let admin = actor(
        add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await,
        &[Role::Administrator],
    );
    let sessions = Sessions::new(Duration::from_secs(600));
    let made = staff::create(
        &f.store,
        &admin,
        NewStaff {
            username: "nadia".into(),
            full_name: "Nadia Hussain".into(),
            roles: vec![Role::PrivacyOfficer],
        },
    )
    .await
    .unwrap();
    let nadia = made.member.id;
    let list = grants::list(&f.store, &admin).await.unwrap();
    let g = list.iter().find(|g| g.staff_id == nadia).unwrap().clone();
    assert!(g.recovery_key_confirms && g.waiting_for_password);
    let key = f.key.recovery_key();
    // Not before Nadia has chosen her own password with her code.
    let e = grants::confirm_with_recovery_key(&f.store, &admin, g.id, &key).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }), "{e:?}");
    auth::choose_password(&f.store, &sessions, "ws", "nadia", &made.code.code, "owns-this-one-9")
        .await
        .unwrap();

    let other = DbKey::generate().recovery_key();
    for wrong in [other.as_str(), "not a key", &key[..20]] {
        let e = grants::confirm_with_recovery_key(&f.store, &admin, g.id, wrong).await.unwrap_err();
        assert_eq!(e.field(), Some("recovery_key"), "{wrong}");
        assert!(!e.to_string().contains(wrong));
    }
    let nobody = actor(nadia, &[]);
    assert!(matches!(
        grants::confirm_with_recovery_key(&f.store, &nobody, g.id, &key).await,
        Err(AppError::Forbidden { .. })
    ));
    let done = grants::confirm_with_recovery_key(&f.store, &admin, g.id, &key.to_lowercase()).await.unwrap();
    assert!(done.state == GrantState::Confirmed && done.with_recovery_key);
    let s = signed_in(auth::sign_in(&f.store, &sessions, "ws", "nadia", "owns-this-one-9").await);
    assert_eq!(s.me.roles, vec![Role::PrivacyOfficer]);

    // Now there is a privacy officer: she confirms, the key does not.
    let sana = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let m = staff::update(
        &f.store,
        &sessions,
        &admin,
        StaffUpdate { id: sana, full_name: "Sana Malik".into(), roles: vec![Role::PrivacyOfficer] },
    )
    .await
    .unwrap();
    assert_eq!(m.pending_roles, vec![Role::PrivacyOfficer]);
    let list = grants::list(&f.store, &admin).await.unwrap();
    let g2 = list.iter().find(|g| g.staff_id == sana && g.state == GrantState::Pending).unwrap();
    assert!(!g2.recovery_key_confirms);
    let e = grants::confirm_with_recovery_key(&f.store, &admin, g2.id, &key).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }), "{e:?}");
    // And the key never confirms a clinical role.
    staff::update(
        &f.store,
        &sessions,
        &admin,
        StaffUpdate {
            id: sana,
            full_name: "Sana Malik".into(),
            roles: vec![Role::PrivacyOfficer, Role::Pharmacist],
        },
    )
    .await
    .unwrap();
    let list = grants::list(&f.store, &admin).await.unwrap();
    let g3 = list.iter().find(|g| g.role == Role::Pharmacist).unwrap();
    let e = grants::confirm_with_recovery_key(&f.store, &admin, g3.id, &key).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { .. }), "{e:?}");

    // The trail says how, with ids only, and never holds the key.
    let rows = audit::list(f.store.pool(), &AuditFilter { limit: Some(500), ..Default::default() })
        .await
        .unwrap()
        .rows;
    assert!(rows.iter().any(|r| r.entity == "role_grant" && r.summary.contains("with the recovery key")));
    assert!(rows.iter().any(|r| r.summary == "recovery key refused"));
    for r in &rows {
        assert!(!r.summary.contains(&key[..9]) && !r.summary.contains("Nadia"), "{}", r.summary);
    }
}

#[tokio::test]
async fn the_last_privacy_officer_cannot_be_removed_or_deactivated() {
    let c = clinic().await;
    let p = c.privacy.staff_id;
    let e = c.set_roles(&c.admin, p, &[Role::Reception]).await.unwrap_err();
    assert_eq!(e.field(), Some("roles"));
    assert!(e.to_string().contains("privacy officer"));
    let e = staff::set_active(&c.f.store, &c.sessions, &c.admin, p, false).await.unwrap_err();
    assert!(e.to_string().contains("privacy officer"), "{e}");
    // A pending second one does not count; a confirmed one does.
    c.set_roles(&c.admin, c.sana, &[Role::PrivacyOfficer]).await.unwrap();
    assert!(staff::set_active(&c.f.store, &c.sessions, &c.admin, p, false).await.is_err());
    let g = c.pending(c.sana, Role::PrivacyOfficer).await;
    grants::confirm(&c.f.store, &c.privacy, g.id).await.unwrap();
    staff::set_active(&c.f.store, &c.sessions, &c.admin, p, false).await.unwrap();
}

#[tokio::test]
async fn a_role_given_in_a_live_session_waits_for_the_next_sign_in_and_is_told_once() {
    let c = clinic().await;
    let first = c.sign_in("sana", PASSWORD).await;
    assert!(first.changes.is_empty());
    c.set_roles(&c.admin, c.sana, &[Role::Reception, Role::Physiotherapist]).await.unwrap();
    let g = c.pending(c.sana, Role::Physiotherapist).await;
    grants::confirm(&c.f.store, &c.privacy, g.id).await.unwrap();
    assert_eq!(c.member(c.sana).await.roles, vec![Role::Reception, Role::Physiotherapist]);

    assert_eq!(c.sessions.check(&first.token, "ws").unwrap().roles, vec![Role::Reception]);
    // Not through the lock screen either.
    c.sessions.lock(&first.token);
    let again = auth::unlock(&c.f.store, &c.sessions, "ws", &first.token, PASSWORD).await.unwrap();
    assert_eq!(again.me.roles, vec![Role::Reception]);
    assert_eq!(c.sessions.check(&first.token, "ws").unwrap().roles, vec![Role::Reception]);

    let next = c.sign_in("sana", PASSWORD).await;
    assert_eq!(next.me.roles, vec![Role::Reception, Role::Physiotherapist]);
    assert_eq!(next.changes.len(), 1, "{:?}", next.changes);
    let change = &next.changes[0];
    assert_eq!((change.kind, change.role), (AccountChangeKind::RoleGiven, Some(Role::Physiotherapist)));
    assert_eq!(change.by.as_deref(), Some("Imran Qureshi"));
    assert_eq!(change.decided_by.as_deref(), Some("Nadia Hussain"));
    assert!(c.sign_in("sana", PASSWORD).await.changes.is_empty(), "shown once");
}

#[tokio::test]
async fn a_removed_role_ends_at_once_in_open_sessions() {
    let c = clinic().await;
    let pharmacist =
        add_staff(&c.f.store, "hamza", "Hamza Sheikh", &[Role::Pharmacist, Role::Reception]).await;
    let s = c.sign_in("hamza", PASSWORD).await;
    assert_eq!(s.me.roles, vec![Role::Reception, Role::Pharmacist]);
    c.set_roles(&c.admin, pharmacist, &[Role::Reception]).await.unwrap();
    assert_eq!(c.sessions.check(&s.token, "ws").unwrap().roles, vec![Role::Reception]);
    let next = c.sign_in("hamza", PASSWORD).await;
    assert_eq!(next.changes.len(), 1);
    assert_eq!(next.changes[0].kind, AccountChangeKind::RoleRemoved);
    assert_eq!(next.changes[0].role, Some(Role::Pharmacist));
    // Taking back a role still waiting withdraws the request.
    c.set_roles(&c.admin, pharmacist, &[Role::Reception, Role::Psychologist]).await.unwrap();
    c.set_roles(&c.admin, pharmacist, &[Role::Reception]).await.unwrap();
    let list = grants::list(&c.f.store, &c.privacy).await.unwrap();
    assert!(list.iter().any(|g| g.staff_id == pharmacist && g.state == GrantState::Withdrawn));
    assert!(!list.iter().any(|g| g.staff_id == pharmacist && g.state == GrantState::Pending));
}

#[tokio::test]
async fn a_password_reset_hands_over_a_one_time_code_and_suspends_clinical_roles() {
    let c = clinic().await;
    let psych =
        add_staff(&c.f.store, "ayesha", "Ayesha Siddiqui", &[Role::Psychologist, Role::Reception]).await;
    let open = c.sign_in("ayesha", PASSWORD).await;
    let code = staff::reset_password(&c.f.store, &c.sessions, &c.admin, psych).await.unwrap();
    assert_eq!(code.code.len(), 19);
    assert!(c.sessions.check(&open.token, "ws").is_err(), "her sessions end");
    let m = c.member(psych).await;
    assert_eq!((m.roles.clone(), m.pending_roles.clone()), (vec![Role::Reception], vec![Role::Psychologist]));
    assert!(m.waiting_for_password);

    // The old password no longer works; the code only leads to choosing a new one.
    let e = auth::sign_in(&c.f.store, &c.sessions, "ws", "ayesha", PASSWORD).await.unwrap_err();
    assert_eq!(e.to_string(), REFUSED);
    let typed = code.code.to_lowercase().replace('-', " ");
    let step = auth::sign_in(&c.f.store, &c.sessions, "ws", "ayesha", &typed).await.unwrap();
    assert!(step.signed_in().is_none(), "no session from the code");
    let choose = |code: String, new: &'static str| c.choose("ayesha", code, new);
    assert_eq!(choose(code.code.clone(), "short").await.unwrap_err().field(), Some("new_password"));
    assert_eq!(choose(code.code.clone(), "").await.unwrap_err().field(), Some("new_password"));
    let e = auth::choose_password(&c.f.store, &c.sessions, "ws", "ayesha", &code.code, &code.code).await;
    assert_eq!(e.unwrap_err().field(), Some("new_password"), "the code is not a password of her own");
    assert_eq!(
        choose("AAAA-BBBB-CCCC-DDDD".into(), "her-own-secret-7").await.unwrap_err().to_string(),
        REFUSED
    );
    assert_eq!(choose(PASSWORD.into(), "her-own-secret-7").await.unwrap_err().to_string(), REFUSED);

    let s = choose(code.code.clone(), "her-own-secret-7").await.unwrap();
    assert_eq!(s.me.roles, vec![Role::Reception], "psychology waits for the privacy officer");
    let kinds: Vec<_> = s.changes.iter().map(|x| (x.kind, x.role)).collect();
    assert!(kinds.contains(&(AccountChangeKind::PasswordReset, None)), "{kinds:?}");
    assert!(kinds.contains(&(AccountChangeKind::RoleSuspended, Some(Role::Psychologist))), "{kinds:?}");
    assert!(s.changes.iter().all(|x| x.by.as_deref() == Some("Imran Qureshi")));

    // Single use.
    assert!(auth::sign_in(&c.f.store, &c.sessions, "ws", "ayesha", &code.code).await.is_err());
    assert_eq!(choose(code.code.clone(), "another-secret-8").await.unwrap_err().to_string(), REFUSED);
    let again = c.sign_in("ayesha", "her-own-secret-7").await;
    assert_eq!(again.me.roles, vec![Role::Reception]);

    let g = c.pending(psych, Role::Psychologist).await;
    assert_eq!(g.cause, GrantCause::PasswordReset);
    assert!(!g.waiting_for_password);
    grants::confirm(&c.f.store, &c.privacy, g.id).await.unwrap();
    let back = c.sign_in("ayesha", "her-own-secret-7").await;
    assert_eq!(back.me.roles, vec![Role::Reception, Role::Psychologist]);

    // Ids and kinds only in the trail: no names, no code.
    for r in c.audit_rows().await {
        for secret in ["Ayesha", "ayesha", code.code.as_str(), &code.code.replace('-', ""), "her-own"] {
            assert!(!r.summary.contains(secret), "{}", r.summary);
        }
    }
    let resets: Vec<_> = c
        .audit_rows()
        .await
        .into_iter()
        .filter(|r| r.action == AuditAction::PasswordReset.as_str())
        .collect();
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].entity_id.as_deref(), Some(psych.to_string().as_str()));
    assert!(resets[0].summary.contains("psychologist"), "{}", resets[0].summary);
}

#[tokio::test]
async fn a_one_time_code_expires_after_a_day() {
    let c = clinic().await;
    let code = staff::reset_password(&c.f.store, &c.sessions, &c.admin, c.sana).await.unwrap();
    let left = chrono::DateTime::parse_from_rfc3339(&code.expires_at).unwrap().with_timezone(&chrono::Utc)
        - chrono::Utc::now();
    assert!(left > chrono::Duration::hours(23) && left <= chrono::Duration::hours(24));
    let mut conn = raw_connection(&c.f.path(), &c.f.key).await;
    sqlx::query("UPDATE staff SET reset_code_expires_at = '2020-01-01T00:00:00+00:00' WHERE id = ?")
        .bind(c.sana)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let e = auth::sign_in(&c.f.store, &c.sessions, "ws", "sana", &code.code).await.unwrap_err();
    assert_eq!(e.to_string(), REFUSED);
    let e =
        auth::choose_password(&c.f.store, &c.sessions, "ws", "sana", &code.code, "fresh-start-new-1").await;
    assert_eq!(e.unwrap_err().to_string(), REFUSED);
    assert!(c.audit_rows().await.iter().any(|r| r.summary == "one-time code expired"));
    // A new reset gives a new code that works.
    let fresh = staff::reset_password(&c.f.store, &c.sessions, &c.admin, c.sana).await.unwrap();
    assert_ne!(fresh.code, code.code);
    auth::choose_password(&c.f.store, &c.sessions, "ws", "sana", &fresh.code, "fresh-start-new-1")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_new_account_signs_in_first_with_its_code_and_chooses_its_password() {
    let c = clinic().await;
    let made = staff::create(
        &c.f.store,
        &c.admin,
        NewStaff { username: "bilal".into(), full_name: "Bilal Ahmed".into(), roles: vec![Role::Reception] },
    )
    .await
    .unwrap();
    assert_eq!(made.member.roles, vec![Role::Reception]);
    let (step, work) = auth::password::count_verifications(auth::sign_in(
        &c.f.store,
        &c.sessions,
        "ws",
        "bilal",
        &made.code.code,
    ))
    .await;
    assert_eq!(work, 1);
    assert!(step.unwrap().signed_in().is_none());
    let s =
        auth::choose_password(&c.f.store, &c.sessions, "ws", "BILAL", &made.code.code, "his-own-secret-3")
            .await
            .unwrap();
    assert_eq!(s.me.roles, vec![Role::Reception]);
    assert!(c.sessions.check(&s.token, "ws").is_ok());
    assert!(!c.member(made.member.id).await.waiting_for_password);
}
