//! The idle lock and the session's lifetime, on the core's own clock (moved by hand):
//! a screen that refreshes itself does not keep a session open, the person's activity
//! does, and nothing keeps one open past 12 hours.

use std::sync::Arc;
use std::time::Duration;

use alhayat::app::Clinic;
use alhayat::audit::{AuditAction, AuditFilter};
use alhayat::auth::uptime::ManualUptime;
use alhayat::auth::MAX_SESSION;
use alhayat::demo::DEMO_PASSWORD;

use crate::support::*;

const MINUTE: Duration = Duration::from_secs(60);

async fn demo_clinic() -> (tempfile::TempDir, ForgetOnDrop, Clinic, Arc<ManualUptime>) {
    let dir = tempfile::tempdir().unwrap();
    let forget = ForgetOnDrop(dir.path().to_path_buf());
    let clock = Arc::new(ManualUptime::default());
    let clinic = Clinic::start_with_clock(dir.path(), "desk-1", true, clock.clone()).await;
    (dir, forget, clinic, clock)
}

/// The trail's lock and sign-out entries about sessions, as (action, summary).
async fn session_entries(clinic: &Clinic, token: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for action in [AuditAction::Lock, AuditAction::SignOut] {
        let filter = AuditFilter { action: Some(action), limit: Some(500), ..Default::default() };
        let page = clinic.list_audit(token, filter).await.unwrap();
        out.extend(page.rows.into_iter().filter(|r| r.entity == "session").map(|r| (r.action, r.summary)));
    }
    out
}

#[tokio::test]
async fn a_screen_that_refreshes_itself_locks_after_the_idle_time() {
    let (_dir, _forget, clinic, clock) = demo_clinic().await;
    let desk = signed_in(clinic.sign_in("reception", DEMO_PASSWORD).await);
    assert_eq!(desk.idle_lock_seconds, 600);
    let today = alhayat::patients::clinic_today().to_string();

    // Today asks for the day every minute; nobody touches the keyboard.
    for _ in 0..10 {
        clock.advance(MINUTE);
        let (store, actor) = clinic.authorize(&desk.token).await.unwrap();
        alhayat::scheduling::day(&store, &actor, &today).await.unwrap();
    }
    clock.advance(Duration::from_secs(1));
    let e = clinic.authorize(&desk.token).await.err().unwrap();
    assert_eq!((e.kind(), e.to_string().contains("locked")), ("locked", true), "{e}");
    // Activity reported after the idle time does not reopen it either.
    assert_eq!(clinic.note_activity(&desk.token).await.unwrap_err().kind(), "locked");

    clinic.unlock(&desk.token, DEMO_PASSWORD).await.unwrap();
    let admin = signed_in(clinic.sign_in("admin", DEMO_PASSWORD).await);
    let entries = session_entries(&clinic, &admin.token).await;
    assert!(entries.contains(&("lock".into(), "idle".into())), "{entries:?}");
    assert_eq!(entries.iter().filter(|(a, _)| a == "lock").count(), 1, "the lock is audited once");
}

#[tokio::test]
async fn the_persons_activity_keeps_a_session_but_never_past_twelve_hours() {
    let (_dir, _forget, clinic, clock) = demo_clinic().await;
    let physio = signed_in(clinic.sign_in("physio", DEMO_PASSWORD).await);
    // A long day of work: a key or click every nine minutes, a lunch break locked by hand.
    let mut worked = Duration::ZERO;
    while worked + 9 * MINUTE < MAX_SESSION {
        clock.advance(9 * MINUTE);
        worked += 9 * MINUTE;
        clinic.note_activity(&physio.token).await.unwrap();
        clinic.authorize(&physio.token).await.unwrap();
        if worked == 27 * 9 * MINUTE {
            clinic.lock(&physio.token).await.unwrap();
            clinic.unlock(&physio.token, DEMO_PASSWORD).await.unwrap();
        }
    }
    clock.advance(MAX_SESSION - worked);
    let e = clinic.authorize(&physio.token).await.err().unwrap();
    assert_eq!(e.kind(), "locked");
    assert!(e.to_string().contains("12 hours"), "{e}");
    // The session is gone: neither activity nor the password brings it back.
    assert_eq!(clinic.note_activity(&physio.token).await.unwrap_err().kind(), "locked");
    let e = clinic.unlock(&physio.token, DEMO_PASSWORD).await.unwrap_err();
    assert!(e.to_string().contains("sign in again"), "{e}");

    let admin = signed_in(clinic.sign_in("admin", DEMO_PASSWORD).await);
    let entries = session_entries(&clinic, &admin.token).await;
    assert!(entries.contains(&("sign_out".into(), "12 hours".into())), "{entries:?}");
}
