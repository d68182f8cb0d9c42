//! First run, restart, key recovery and the demo clinic, through the app core and a
//! real Secret Service keyring.

use alhayat::app::{AppStatus, Clinic, ClinicSetup, NewAdmin, RecoveryReason};
use alhayat::clinic::ClinicProfileInput;
use alhayat::store::key::DbKey;
use alhayat::store::keyring::KeyVault;

use crate::support::*;

/// Removes the test's keyring entry even when the test fails.
fn setup_request(password: &str) -> ClinicSetup {
    ClinicSetup {
        clinic: ClinicProfileInput {
            name: "Al-Hayat Test Clinic".into(),
            address: "Bahria Town, Lahore".into(),
            phone: "+92 300 1010592".into(),
            logo_data_url: None,
        },
        admin: NewAdmin {
            username: "rukhsana".into(),
            full_name: "Rukhsana Parveen".into(),
            password: password.into(),
        },
    }
}

fn state(s: &AppStatus) -> String {
    serde_json::to_value(s).unwrap()["state"].as_str().unwrap().to_string()
}

/// A real clinic made through the first-run screens, closed again.
async fn real_clinic(dir: &std::path::Path) {
    let clinic = Clinic::start(dir, "desk-1", false).await;
    let offer = clinic.begin_setup().await.unwrap();
    let groups: Vec<&str> = offer.recovery_key.split('-').collect();
    let typed = offer.confirm_groups.iter().map(|n| groups[n - 1].to_string()).collect();
    clinic.confirm_recovery_key(typed).await.unwrap();
    clinic.complete_setup(setup_request("Lahore-clinic-desk")).await.unwrap();
    clinic.close().await;
}

#[tokio::test]
async fn the_demo_flag_opens_the_demos_folder_and_never_a_real_clinics() {
    let real = tempfile::tempdir().unwrap();
    let _forget_real = ForgetOnDrop(real.path().to_path_buf());
    real_clinic(real.path()).await;
    let clinic = Clinic::start(real.path(), "desk-1", true).await;
    let status = clinic.status().await.unwrap();
    let AppStatus::Unavailable { message } = &status else { panic!("{status:?}") };
    assert!(message.contains("real clinic, not the demo"), "{message}");
    assert!(clinic.sign_in("rukhsana", "Lahore-clinic-desk").await.is_err(), "nothing is open");
    assert!(clinic.sign_in("admin", alhayat::demo::DEMO_PASSWORD).await.is_err());
    clinic.close().await;
    // Without the flag the same folder opens as it always did.
    let clinic = Clinic::start(real.path(), "desk-1", false).await;
    assert_eq!(state(&clinic.status().await.unwrap()), "ready");
    clinic.close().await;

    let demo = tempfile::tempdir().unwrap();
    let _forget_demo = ForgetOnDrop(demo.path().to_path_buf());
    Clinic::start(demo.path(), "desk-1", true).await.close().await;
    let clinic = Clinic::start(demo.path(), "desk-1", true).await;
    assert_eq!(state(&clinic.status().await.unwrap()), "ready", "the demo's own folder opens again");
}

#[tokio::test]
async fn first_run_restart_and_recovery_with_a_real_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let _cleanup = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", false).await;
    assert_eq!(state(&clinic.status().await.unwrap()), "first_run");

    let offer = clinic.begin_setup().await.unwrap();
    assert_eq!(
        clinic.begin_setup().await.unwrap().recovery_key,
        offer.recovery_key,
        "the same key until confirmed"
    );
    let groups: Vec<&str> = offer.recovery_key.split('-').collect();
    let typed = |ns: &[usize]| ns.iter().map(|n| groups[n - 1].to_lowercase()).collect::<Vec<_>>();
    // The right groups in the wrong order, and one group mistyped, are both refused.
    let mut swapped = typed(&offer.confirm_groups);
    swapped.reverse();
    assert_eq!(clinic.confirm_recovery_key(swapped).await.unwrap_err().field(), Some("groups"));
    let mut mistyped = typed(&offer.confirm_groups);
    mistyped[1] = if mistyped[1] == "zzzz" { "yyyy".into() } else { "zzzz".into() };
    assert_eq!(clinic.confirm_recovery_key(mistyped).await.unwrap_err().field(), Some("groups"));
    assert!(!alhayat::store::db_path(dir.path()).exists(), "nothing is created before the key is confirmed");
    let status = clinic.confirm_recovery_key(typed(&offer.confirm_groups)).await.unwrap();
    assert_eq!(state(&status), "clinic_setup_needed");
    let stored = KeyVault::for_data_dir(dir.path()).load().expect("the key is in the Secret Service");
    assert_eq!(stored, DbKey::from_recovery_key(&offer.recovery_key).unwrap());

    assert_eq!(clinic.complete_setup(setup_request("short")).await.unwrap_err().field(), Some("password"));
    let status = clinic.complete_setup(setup_request("Lahore-clinic-desk")).await.unwrap();
    assert!(matches!(status, AppStatus::Ready { ref clinic_name } if clinic_name == "Al-Hayat Test Clinic"));
    assert!(clinic.complete_setup(setup_request("Lahore-clinic-desk")).await.is_err(), "setup happens once");
    let signed = clinic.sign_in("rukhsana", "Lahore-clinic-desk").await.unwrap().signed_in().unwrap();
    clinic.sign_out(&signed.token).await.unwrap();
    clinic.close().await;

    // A restart opens the store with the key from the keyring.
    let clinic = Clinic::start(dir.path(), "desk-1", false).await;
    assert_eq!(state(&clinic.status().await.unwrap()), "ready");
    clinic.close().await;

    // The keyring loses the key: the recovery key puts it back.
    KeyVault::for_data_dir(dir.path()).forget().unwrap();
    let before = std::fs::read(alhayat::store::db_path(dir.path())).unwrap();
    let clinic = Clinic::start(dir.path(), "desk-1", false).await;
    let status = clinic.status().await.unwrap();
    assert!(
        matches!(status, AppStatus::RecoveryNeeded { reason: RecoveryReason::KeyMissing, .. }),
        "{status:?}"
    );
    assert!(std::fs::read(alhayat::store::db_path(dir.path())).unwrap() == before, "the file is untouched");
    let other = DbKey::generate().recovery_key();
    assert_eq!(clinic.recover_with_key(&other).await.unwrap_err().field(), Some("recovery_key"));
    assert_eq!(clinic.recover_with_key("not a key").await.unwrap_err().field(), Some("recovery_key"));
    let status = clinic.recover_with_key(&offer.recovery_key.replace('-', " ")).await.unwrap();
    assert_eq!(state(&status), "ready");
    assert!(KeyVault::for_data_dir(dir.path()).load().is_ok(), "the key is back in the keyring");
    let s = clinic.sign_in("rukhsana", "Lahore-clinic-desk").await.unwrap().signed_in().unwrap();
    let page = clinic.list_audit(&s.token, Default::default()).await.unwrap();
    let acts: Vec<&str> = page.rows.iter().map(|r| r.action.as_str()).collect();
    for a in ["setup", "create", "sign_in", "sign_out", "key_recovery"] {
        assert!(acts.contains(&a), "{a} missing from {acts:?}");
    }
    assert!(clinic.verify_audit(&s.token).await.unwrap().ok);
    clinic.close().await;

    // A key that does not open the file: recovery is offered and nothing is written.
    KeyVault::for_data_dir(dir.path()).save(&DbKey::generate()).unwrap();
    let before = std::fs::read(alhayat::store::db_path(dir.path())).unwrap();
    let clinic = Clinic::start(dir.path(), "desk-1", false).await;
    let status = clinic.status().await.unwrap();
    assert!(
        matches!(status, AppStatus::RecoveryNeeded { reason: RecoveryReason::KeyDoesNotOpen, .. }),
        "{status:?}"
    );
    assert!(std::fs::read(alhayat::store::db_path(dir.path())).unwrap() == before, "the file is untouched");
}

#[tokio::test]
async fn the_demo_clinic_has_one_account_per_role_and_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let _cleanup = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    assert_eq!(state(&clinic.status().await.unwrap()), "ready");
    let mut seen_roles = Vec::new();
    for (username, _, roles) in alhayat::demo::ACCOUNTS {
        let s = clinic.sign_in(username, alhayat::demo::DEMO_PASSWORD).await.unwrap().signed_in().unwrap();
        assert_eq!(&s.me.roles[..], *roles);
        seen_roles.extend_from_slice(roles);
    }
    seen_roles.sort();
    seen_roles.dedup();
    assert_eq!(seen_roles.len(), alhayat::auth::Role::ALL.len());
    let bytes = all_bytes(dir.path());
    for (_, full_name, _) in alhayat::demo::ACCOUNTS {
        assert!(!contains(&bytes, full_name), "{full_name} readable in the data folder");
    }
    for patient in ["Zara Tariq", "زارا طارق", "Tariq Mehmood", "35202-7654321-3", "923217654321"] {
        assert!(!contains(&bytes, patient), "a demo patient's {patient} is readable in the data folder");
    }
    let reception =
        clinic.sign_in("reception", alhayat::demo::DEMO_PASSWORD).await.unwrap().signed_in().unwrap();
    let (store, desk) = clinic.authorize(&reception.token).await.unwrap();
    let found = alhayat::patients::search(&store, &desk, "zara", 20).await.unwrap();
    assert_eq!(found.len(), 1, "the demo has its children with guardians");
    assert!(found[0].age < 13);
    assert_eq!(alhayat::catalogue::services(&store).await.unwrap().len(), 4);
    assert_eq!(alhayat::catalogue::rooms(&store).await.unwrap().len(), 3);
    let physio = clinic.sign_in("physio", alhayat::demo::DEMO_PASSWORD).await.unwrap().signed_in().unwrap();
    assert_eq!(alhayat::catalogue::weekly_hours(&store, physio.me.id).await.unwrap().len(), 12);

    // Five practitioners across the three disciplines, 200 patients, two weeks of
    // appointments with recurring series, and a reminder queue with work in it.
    let practitioners = alhayat::scheduling::practitioners(&store, &desk).await.unwrap();
    assert_eq!(practitioners.len(), 5);
    for role in ["physiotherapist", "psychologist", "pharmacist"] {
        assert!(practitioners.iter().any(|p| p.roles.contains(role)), "{role}");
    }
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool());
    assert_eq!(count("SELECT count(*) FROM patients").await.unwrap(), 200);
    let children = count("SELECT count(DISTINCT patient_id) FROM related_persons WHERE kind = 'guardian'");
    assert!(children.await.unwrap() >= 5);
    let today = alhayat::patients::clinic_today();
    let day = |plus: i64| (today + chrono::Duration::days(plus)).to_string();
    let (store_ref, desk_ref) = (&*store, &desk);
    let range = |from: String, to: String| async move {
        alhayat::scheduling::range(store_ref, desk_ref, &from, &to, Default::default()).await.unwrap()
    };
    let last_week = range(day(-7), day(-1)).await;
    let next_week = range(day(1), day(7)).await;
    assert!(last_week.len() > 80 && next_week.len() > 80, "{} / {}", last_week.len(), next_week.len());
    use alhayat::scheduling::Status;
    assert!(last_week.iter().all(|a| !matches!(a.status, Status::Booked)), "last week is closed");
    for s in [Status::Completed, Status::NoShow, Status::Cancelled] {
        assert!(last_week.iter().any(|a| a.status == s), "{s:?} in last week");
    }
    assert!(next_week.iter().all(|a| a.status == Status::Booked));
    assert!(count("SELECT count(DISTINCT series_id) FROM appointments").await.unwrap() >= 3);
    let queue = alhayat::reminders::queue(&store, &desk, chrono::Utc::now()).await.unwrap();
    assert!(!queue.is_empty(), "reminders to send");

    // Clinical records: signed notes with an amendment, history, dispensings, scores.
    assert!(count("SELECT count(*) FROM notes WHERE status = 'signed'").await.unwrap() >= 20);
    assert_eq!(
        count("SELECT count(*) FROM notes WHERE amends_id IS NOT NULL AND status = 'signed'").await.unwrap(),
        1
    );
    assert!(count("SELECT count(DISTINCT discipline) FROM notes").await.unwrap() >= 2);
    assert!(count("SELECT count(*) FROM allergies").await.unwrap() >= 3);
    assert_eq!(count("SELECT count(*) FROM dispensings").await.unwrap(), 3);
    assert!(count("SELECT count(*) FROM measures WHERE instrument = 'phq9'").await.unwrap() >= 14);
    assert_eq!(count("SELECT count(DISTINCT patient_id) FROM measures WHERE risk = 1").await.unwrap(), 1);
}

#[tokio::test]
async fn an_idle_session_is_locked_by_the_core_and_the_lock_audited() {
    let dir = tempfile::tempdir().unwrap();
    let _cleanup = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    clinic.sessions().set_idle(std::time::Duration::from_millis(150));
    let s = clinic.sign_in("admin", alhayat::demo::DEMO_PASSWORD).await.unwrap().signed_in().unwrap();
    assert!(clinic.authorize(&s.token).await.is_ok());
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let e = clinic.authorize(&s.token).await.err().unwrap();
    assert_eq!(e.kind(), "locked");
    clinic.unlock(&s.token, alhayat::demo::DEMO_PASSWORD).await.unwrap();
    let page = clinic.list_audit(&s.token, Default::default()).await.unwrap();
    let acts: Vec<&str> = page.rows.iter().map(|r| r.action.as_str()).collect();
    assert!(acts.contains(&"lock") && acts.contains(&"unlock"), "{acts:?}");
}

/// Makes a folder unwritable even for root (`chattr +i`) until dropped.
struct Immutable(std::path::PathBuf);
impl Immutable {
    fn set(dir: &std::path::Path) -> Option<Immutable> {
        let ok = std::process::Command::new("chattr").arg("+i").arg(dir).status().is_ok_and(|s| s.success());
        ok.then(|| Immutable(dir.to_path_buf()))
    }
}
impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_read_only_data_folder_gives_a_clear_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let _cleanup = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    clinic.close().await;
    let before = std::fs::read(alhayat::store::db_path(dir.path())).unwrap();
    let Some(_lock) = Immutable::set(dir.path()) else {
        eprintln!("chattr is not available here (needs root on ext4): read-only folder not tested");
        return;
    };
    let clinic = Clinic::start(dir.path(), "desk-1", false).await;
    match clinic.status().await.unwrap() {
        AppStatus::Unavailable { message } => assert!(message.contains("cannot be written"), "{message}"),
        other => panic!("expected the read-only message, got {other:?}"),
    }
    assert!(clinic.sign_in("admin", alhayat::demo::DEMO_PASSWORD).await.is_err());
    assert!(std::fs::read(alhayat::store::db_path(dir.path())).unwrap() == before, "the file is untouched");
}
