//! The app's own backups: through a session (administrator only), when one is due by
//! the schedule, and when the last person signs out.

use alhayat::app::Clinic;
use alhayat::demo::DEMO_PASSWORD;
use chrono::Duration;

use super::*;
use crate::support::*;

#[tokio::test]
async fn the_schedule_the_last_sign_out_and_the_administrators_session() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let _forget = ForgetOnDrop(dir.clone());
    let clinic = Clinic::start(&dir, "desk-1", true).await;
    let admin = signed_in(clinic.sign_in("admin", DEMO_PASSWORD).await);
    let desk = signed_in(clinic.sign_in("reception", DEMO_PASSWORD).await);

    assert_eq!(clinic.back_up_now(&desk.token).await.unwrap_err().kind(), "forbidden");
    assert_eq!(clinic.backup_status(&desk.token).await.unwrap_err().kind(), "forbidden");
    let before = clinic.backup_status(&admin.token).await.unwrap();
    assert_eq!(before.newest_verified_at, None);
    let run = clinic.back_up_now(&admin.token).await.unwrap();
    assert!(run.verified, "{run:?}");
    let status = clinic.backup_status(&admin.token).await.unwrap();
    assert!(status.newest_verified_at.is_some());
    assert_eq!(status.policy.every_hours, 4);

    // Due every 4 hours counted from the newest copy.
    let now = chrono::Utc::now();
    assert!(clinic.back_up_if_due(now + Duration::hours(1)).await.is_none());
    let due = clinic.back_up_if_due(now + Duration::hours(5)).await.expect("4 hours passed: due");
    assert!(due.verified);
    assert!(clinic.back_up_if_due(now + Duration::hours(6)).await.is_none());

    // The desk leaves (someone is still signed in): no copy; the administrator leaves last: a copy.
    let count = || backups::list(&dir, &[]).len();
    let n = count();
    clinic.sign_out(&desk.token).await.unwrap();
    clinic.sign_out(&admin.token).await.unwrap();
    let mut waited = 0;
    while !backups::list(&dir, &[]).iter().any(|b| b.name.ends_with("-sign-out.db") && b.verified) {
        assert!(waited < 200, "no copy after the last sign-out");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_eq!(count(), n + 1);
    clinic.close().await;
}
