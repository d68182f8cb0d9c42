//! A write and its audit entry commit together or not at all; services check
//! permission and input themselves.

use alhayat::auth::{Role, Sessions};
use alhayat::error::AppError;
use alhayat::staff::{self, NewStaff, StaffUpdate};

use crate::support::*;

fn new_staff(username: &str, full_name: &str) -> NewStaff {
    NewStaff { username: username.into(), full_name: full_name.into(), roles: vec![Role::Reception] }
}

async fn staff_count(f: &Fixture) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM staff").fetch_one(f.store.pool()).await.unwrap()
}

#[tokio::test]
async fn a_write_whose_audit_fails_leaves_nothing_behind() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let before = staff_count(&f).await;
    // Someone with the key makes audit inserts fail.
    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("CREATE TRIGGER break_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit broken'); END")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);

    let err = staff::create(&f.store, &actor(admin, &[Role::Administrator]), new_staff("sana", "Sana Malik"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "internal");
    assert_eq!(staff_count(&f).await, before, "the staff row was rolled back with its audit entry");
    let roles: i64 =
        sqlx::query_scalar("SELECT count(*) FROM staff_roles").fetch_one(f.store.pool()).await.unwrap();
    assert_eq!(roles, 1, "no orphan role rows");
}

#[tokio::test]
async fn a_write_without_an_audit_entry_cannot_commit() {
    let f = fresh_store().await;
    let mut tx = f.store.begin_write().await.unwrap();
    sqlx::query("INSERT INTO settings (key, value) VALUES ('sneaky', '1')").execute(tx.conn()).await.unwrap();
    assert_eq!(tx.commit().await.unwrap_err().kind(), "internal");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM settings WHERE key = 'sneaky'")
        .fetch_one(f.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn services_refuse_roles_without_the_permission() {
    let f = fresh_store().await;
    let id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    for roles in [
        &[Role::Reception][..],
        &[Role::Physiotherapist],
        &[Role::Psychologist],
        &[Role::Pharmacist],
        &[Role::PrivacyOfficer],
    ] {
        let a = actor(id, roles);
        assert!(matches!(staff::list(&f.store, &a).await, Err(AppError::Forbidden { .. })), "{roles:?}");
        assert!(matches!(
            staff::create(&f.store, &a, new_staff("x.y", "Xavier Y")).await,
            Err(AppError::Forbidden { .. })
        ));
        assert!(matches!(
            alhayat::clinic::update_settings(
                &f.store,
                &a,
                alhayat::clinic::ClinicSettings { idle_lock_minutes: 5 }
            )
            .await,
            Err(AppError::Forbidden { .. })
        ));
    }
    assert_eq!(staff_count(&f).await, 1);
}

#[tokio::test]
async fn bad_staff_input_names_the_field_and_saves_nothing() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let a = actor(admin, &[Role::Administrator]);
    let long = "x".repeat(10_000);
    let cases: Vec<(NewStaff, &str)> = vec![
        (new_staff("", "Sana Malik"), "username"),
        (new_staff("sana", ""), "full_name"),
        (new_staff("sana", &long), "full_name"),
        (new_staff("sana", "Sana 😀"), "full_name"),
        (new_staff("sana", "Sana\u{0000}Malik"), "full_name"),
        (new_staff("sana'; DROP TABLE staff;--", "Sana Malik"), "username"),
        (new_staff("ثنا", "Sana Malik"), "username"),
        (NewStaff { roles: vec![], ..new_staff("sana", "Sana Malik") }, "roles"),
        (new_staff("admin", "Another Admin"), "username"),
    ];
    for (req, field) in cases {
        let err = staff::create(&f.store, &a, req).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err:?}");
    }
    assert_eq!(staff_count(&f).await, 1);
    // Urdu names are people's names and are accepted.
    let m = staff::create(&f.store, &a, new_staff("sana", "ثنا ملک")).await.unwrap().member;
    assert_eq!(m.full_name, "ثنا ملک");
}

#[tokio::test]
async fn the_last_administrator_cannot_be_removed() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let other = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let a = actor(admin, &[Role::Administrator]);
    let sessions = Sessions::new(std::time::Duration::from_secs(600));
    let err = staff::update(
        &f.store,
        &sessions,
        &a,
        StaffUpdate { id: admin, full_name: "Imran Qureshi".into(), roles: vec![Role::Reception] },
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("roles"));
    assert!(staff::set_active(&f.store, &sessions, &a, admin, false).await.is_err(), "not yourself");
    // With a second administrator the first may step down.
    staff::update(
        &f.store,
        &sessions,
        &a,
        StaffUpdate { id: other, full_name: "Sana Malik".into(), roles: vec![Role::Administrator] },
    )
    .await
    .unwrap();
    let m = staff::update(
        &f.store,
        &sessions,
        &a,
        StaffUpdate { id: admin, full_name: "Imran Qureshi".into(), roles: vec![Role::Reception] },
    )
    .await
    .unwrap();
    assert_eq!(m.roles, vec![Role::Reception]);
}

#[tokio::test]
async fn people_in_the_audit_trail_cannot_be_deleted_only_deactivated() {
    let f = fresh_store().await;
    let admin = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let sana = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let sessions = Sessions::new(std::time::Duration::from_secs(600));
    let a = actor(admin, &[Role::Administrator]);
    staff::set_active(&f.store, &sessions, &a, sana, false).await.unwrap();
    let mut conn = raw_connection(&f.path(), &f.key).await;
    sqlx::query("DELETE FROM staff_roles WHERE staff_id = ?").bind(admin).execute(&mut conn).await.unwrap();
    let del = sqlx::query("DELETE FROM staff WHERE id = ?").bind(admin).execute(&mut conn).await;
    assert!(del.unwrap_err().to_string().contains("cannot be deleted"));
}
