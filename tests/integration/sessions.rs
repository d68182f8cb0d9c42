//! Signing in, lock-out after five wrong passwords, unlocking a locked screen.

use std::time::Duration;

use alhayat::audit::{self, AuditAction, AuditFilter};
use alhayat::auth::{self, password, Role, Sessions, REFUSED};
use alhayat::error::AppError;

use crate::support::*;

async fn locked_until(f: &Fixture, id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT locked_until FROM staff WHERE id = ?")
        .bind(id)
        .fetch_one(f.store.pool())
        .await
        .unwrap()
}

async fn failed_attempts(f: &Fixture, id: i64) -> i64 {
    sqlx::query_scalar("SELECT failed_attempts FROM staff WHERE id = ?")
        .bind(id)
        .fetch_one(f.store.pool())
        .await
        .unwrap()
}

async fn summaries(f: &Fixture, action: AuditAction) -> Vec<String> {
    let filter = AuditFilter { action: Some(action), limit: Some(500), ..Default::default() };
    audit::list(f.store.pool(), &filter).await.unwrap().rows.into_iter().map(|r| r.summary).collect()
}

async fn actions(f: &Fixture) -> Vec<String> {
    let page =
        audit::list(f.store.pool(), &AuditFilter { limit: Some(500), ..Default::default() }).await.unwrap();
    page.rows.into_iter().rev().map(|r| r.action).collect()
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let f = fresh_store().await;
    let id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_secs(600));
    for i in 1..=5 {
        let e = auth::sign_in(&f.store, &sessions, "ws", "sana", "wrong-password").await.unwrap_err();
        assert_eq!(e.field(), Some("password"), "attempt {i}");
        assert!(e.to_string().contains("15 minutes"));
    }
    assert!(locked_until(&f, id).await.is_some());
    // Now even the right password is refused until the lock ends.
    let e = auth::sign_in(&f.store, &sessions, "ws", "SANA", PASSWORD).await.unwrap_err();
    assert_eq!(e.to_string(), REFUSED);

    // When the lock has passed, the right password works again and clears the count.
    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("UPDATE staff SET locked_until = '2000-01-01T00:00:00+00:00' WHERE id = ?")
        .bind(id)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let ok = signed_in(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await);
    assert_eq!(ok.me.roles, vec![Role::Reception]);
    let acts = actions(&f).await;
    assert_eq!(acts.iter().filter(|a| *a == "sign_in_failed").count(), 6);
    assert_eq!(acts.iter().filter(|a| *a == "account_locked").count(), 1);
    assert_eq!(acts.last().unwrap(), "sign_in");
    assert!(audit::verify(f.store.pool(), f.store.head().read().as_ref()).await.unwrap().ok);
}

#[tokio::test]
async fn unknown_users_and_deactivated_accounts_are_refused_and_audited() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let sana = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_secs(600));
    let e = auth::sign_in(&f.store, &sessions, "ws", "nobody", PASSWORD).await.unwrap_err();
    assert_eq!(e.to_string(), REFUSED);
    for (u, p) in
        [("", PASSWORD), ("sana", ""), (&"x".repeat(10_000)[..], PASSWORD), ("' OR 1=1 --", "' OR 1=1 --")]
    {
        assert!(auth::sign_in(&f.store, &sessions, "ws", u, p).await.is_err());
    }
    alhayat::staff::set_active(&f.store, &sessions, &actor(admin, &[Role::Administrator]), sana, false)
        .await
        .unwrap();
    let e = auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await.unwrap_err();
    assert_eq!(e.to_string(), REFUSED, "a deactivated account is not told apart");
    // The trail says a sign-in failed for an unknown name without recording the name.
    let page = audit::list(
        f.store.pool(),
        &AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() },
    )
    .await
    .unwrap();
    assert!(page.rows.iter().any(|r| r.summary == "unknown user name" && r.staff_id.is_none()));
    assert!(page.rows.iter().all(|r| !r.summary.contains("nobody")));
}

#[tokio::test]
async fn a_locked_screen_opens_only_with_the_owners_password() {
    let f = fresh_store().await;
    add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_millis(200));
    let s = signed_in(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await);
    assert!(sessions.check(&s.token, "ws").is_ok());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sessions.check(&s.token, "ws").is_err(), "idle session locks");
    let e = auth::unlock(&f.store, &sessions, "ws", &s.token, "not-my-password").await.unwrap_err();
    assert_eq!(e.field(), Some("password"));
    let again = auth::unlock(&f.store, &sessions, "ws", &s.token, PASSWORD).await.unwrap();
    assert_eq!(again.token, s.token, "the same session continues, so nothing typed is lost");
    assert!(sessions.check(&s.token, "ws").is_ok());
    let e = auth::unlock(&f.store, &sessions, "ws", "no-such-token", PASSWORD).await.unwrap_err();
    assert!(e.to_string().contains("sign in again"));
}

#[tokio::test]
async fn wrong_passwords_tried_at_the_same_time_are_each_counted() {
    let f = fresh_store().await;
    let id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_secs(600));
    let burst = |n: usize| {
        let attempts = (0..n)
            .map(|_| auth::sign_in(&f.store, &sessions, "ws", "sana", "wrong-password"))
            .collect::<Vec<_>>();
        futures_join(attempts)
    };
    let errors = burst(4).await;
    assert!(errors.iter().all(|r| r.as_ref().unwrap_err().to_string() == REFUSED));
    assert_eq!(failed_attempts(&f, id).await, 4, "four at once count four");
    assert!(locked_until(&f, id).await.is_none());

    burst(8).await;
    assert!(locked_until(&f, id).await.is_some(), "the fifth locks, however they interleave");
    let failed = summaries(&f, AuditAction::SignInFailed).await;
    assert_eq!(failed.iter().filter(|s| *s == "wrong password").count(), 5);
    assert_eq!(failed.iter().filter(|s| *s == "account locked").count(), 7);
    assert_eq!(summaries(&f, AuditAction::AccountLocked).await.len(), 1);
    assert!(signed_in_err(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await));
}

fn signed_in_err(r: Result<auth::SignInOutcome, AppError>) -> bool {
    r.is_err_and(|e| e.to_string() == REFUSED)
}

/// Runs the futures together on this task (no extra crate for join_all).
async fn futures_join<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futs {
        set.push(Box::pin(f));
    }
    let mut out: Vec<Option<F::Output>> = (0..set.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn every_refusal_says_the_same_after_the_same_argon2_work() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let locked = add_staff(&f.store, "bilal", "Bilal Ahmed", &[Role::Reception]).await;
    let closed = add_staff(&f.store, "hamza", "Hamza Sheikh", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_secs(600));
    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("UPDATE staff SET locked_until = '2999-01-01T00:00:00+00:00' WHERE id = ?")
        .bind(locked)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    alhayat::staff::set_active(&f.store, &sessions, &actor(admin, &[Role::Administrator]), closed, false)
        .await
        .unwrap();

    let mut answers = Vec::new();
    for (user, pass) in
        [("nobody", PASSWORD), ("sana", "wrong-password"), ("bilal", PASSWORD), ("hamza", PASSWORD)]
    {
        let (r, work) =
            password::count_verifications(auth::sign_in(&f.store, &sessions, "ws", user, pass)).await;
        assert_eq!(work, 1, "{user}: one argon2 verification");
        let e = r.unwrap_err();
        answers.push((e.kind(), e.field().map(str::to_string), e.to_string()));
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].2, REFUSED);
    assert!(!REFUSED.contains("more"), "no countdown that only real accounts would get");
    let (ok, work) =
        password::count_verifications(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD)).await;
    assert_eq!(work, 1);
    assert!(ok.unwrap().signed_in().is_some());
    // What the trail says differs; what the screen says does not.
    let failed = summaries(&f, AuditAction::SignInFailed).await;
    for s in ["unknown user name", "wrong password", "account locked", "account deactivated"] {
        assert!(failed.iter().any(|x| x == s), "{s} in {failed:?}");
    }
}

#[tokio::test]
async fn wrong_passwords_at_the_locked_screen_count_towards_the_lock_out() {
    let f = fresh_store().await;
    let id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(Duration::from_secs(600));
    let s = signed_in(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await);
    auth::sign_in(&f.store, &sessions, "ws", "sana", "wrong-password").await.unwrap_err();
    sessions.lock(&s.token);
    for _ in 0..4 {
        let (r, work) = password::count_verifications(auth::unlock(
            &f.store,
            &sessions,
            "ws",
            &s.token,
            "not-mine-at-all",
        ))
        .await;
        assert_eq!(work, 1);
        assert_eq!(r.unwrap_err().to_string(), REFUSED);
    }
    assert!(locked_until(&f, id).await.is_some(), "one at sign-in plus four at the lock screen");
    let e = auth::unlock(&f.store, &sessions, "ws", &s.token, PASSWORD).await.unwrap_err();
    assert!(e.to_string().contains("sign in again"), "the locked-out account's session has ended: {e}");
}

#[tokio::test]
async fn a_hash_with_older_parameters_still_signs_in_and_is_renewed() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let f = fresh_store().await;
    let old = argon2::Argon2::default()
        .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    let mut tx = f.store.begin_write().await.unwrap();
    let id = alhayat::staff::insert(tx.conn(), "sana", "Sana Malik", &old, &[Role::Reception]).await.unwrap();
    tx.audit(origin().entry(AuditAction::Create, "staff", Some(id.to_string()), "test")).await.unwrap();
    tx.commit().await.unwrap();
    let sessions = Sessions::new(Duration::from_secs(600));
    signed_in(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = ?")
        .bind(id)
        .fetch_one(f.store.pool())
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"), "{stored}");
    assert!(!password::needs_rehash(&stored));
    signed_in(auth::sign_in(&f.store, &sessions, "ws", "sana", PASSWORD).await);
    assert!(summaries(&f, AuditAction::Update).await.iter().any(|s| s.contains("current parameters")));
}
