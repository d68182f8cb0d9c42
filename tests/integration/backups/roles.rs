//! Only the administrator may back up now or read the backups' state; it is audited.

use alhayat::auth::Role;

use super::*;
use crate::support::*;

#[tokio::test]
async fn only_the_administrator_backs_up_now_and_reads_the_status() {
    let t = crate::scheduling::clinic().await;
    let store = &t.f.store;
    for role in Role::ALL {
        let id = add_staff(store, &format!("u-{}", role.as_str()), "Some One", &[role]).await;
        let who = actor(id, &[role]);
        let now = chrono::Utc::now() + chrono::Duration::seconds(id);
        let r = backups::back_up_now(store, &who, now).await;
        let s = backups::status(store, &who).await;
        if role == Role::Administrator {
            assert!(r.unwrap().verified);
            let s = s.unwrap();
            assert!(s.newest_verified_at.is_some());
            assert_eq!(s.destinations.len(), 1);
            assert_eq!(s.destinations[0].problem, None);
            let audited: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM audit_log WHERE action = 'backup' AND staff_id = ?1",
            )
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
            assert_eq!(audited, 1);
        } else {
            assert_eq!(r.unwrap_err().kind(), "forbidden", "{role:?}");
            assert_eq!(s.unwrap_err().kind(), "forbidden", "{role:?}");
        }
    }
    assert_eq!(backups::list(t.f.dir.path(), &[]).len(), 1, "refused calls wrote nothing");
}
