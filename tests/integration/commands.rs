//! Every command is declared once. The core's declarations are served by name, with the
//! arguments as the window sends them; the window's crate keeps only a short list of its
//! own, each for a stated reason.

use std::collections::BTreeSet;
use std::path::Path;

use alhayat::app::Clinic;
use alhayat::demo::DEMO_PASSWORD;
use alhayat_core::commands::{dispatch, names, serves};
use serde_json::{json, Value};

use crate::support::*;

/// Commands that act on this PC itself, before anyone signs in: they will never be
/// served to another desk.
const LOCAL_ONLY: &[(&str, &str)] = &[
    ("app_status", "which state this PC's store is in (first run, locked, damaged)"),
    ("begin_setup", "first run: creates this PC's key and store"),
    ("confirm_recovery_key", "first run: the recovery key shown on this screen"),
    ("complete_setup", "first run: the first administrator of this PC's store"),
    ("recover_with_key", "opens this PC's store with the recovery key when the keyring lost it"),
    ("restore_with_recovery_key", "a backup file on this PC restored when the store does not open"),
];

/// The window's commands that stream progress to this window, carry an attachment's raw
/// bytes, or save several files while they fulfil a request. To be served to desks they
/// must first return their bytes from the core (as its `files:` commands do).
const NOT_YET_SERVED: &[&str] = &[
    "upload_attachment",
    "open_attachment",
    "export_fhir_bulk",
    "cancel_export",
    "process_retention_review",
    "fulfil_access_request",
    "fulfil_portability_request",
    "fulfil_deletion_request",
];

/// The `#[tauri::command]`s in the window's crate.
fn windows_own() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src/commands");
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for (i, _) in text.match_indices("\n#[tauri::command]\n") {
            let after = &text[i..];
            let at = after.find("pub async fn ").unwrap() + "pub async fn ".len();
            out.insert(after[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

#[test]
fn every_command_is_served_by_the_core_or_is_the_windows_own_for_a_reason() {
    let own = windows_own();
    let listed: BTreeSet<String> = LOCAL_ONLY
        .iter()
        .map(|(c, _)| c.to_string())
        .chain(NOT_YET_SERVED.iter().map(|c| c.to_string()))
        .collect();
    assert_eq!(own, listed, "the window's own commands and the lists here differ");
    for c in &own {
        assert!(!serves(c), "{c} is declared in both crates");
    }
    let served: BTreeSet<&str> = names().collect();
    assert_eq!(served.len(), names().count(), "a command is declared twice in the core");
    assert!(served.len() >= 140, "only {} commands are served", served.len());
    // The window's front end calls nothing that is neither.
    let api = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/api.ts")).unwrap();
    for called in api.split(['\'', '"']).skip(1).step_by(2) {
        let is_name = !called.is_empty() && called.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if is_name && (served.contains(called) || own.contains(called)) {
            continue;
        }
        if is_name && api.contains(&format!("('{called}'")) {
            panic!("the UI calls {called}, which no crate declares");
        }
    }
}

async fn demo() -> (tempfile::TempDir, ForgetOnDrop, Clinic) {
    let dir = tempfile::tempdir().unwrap();
    let forget = ForgetOnDrop(dir.path().to_path_buf());
    let clinic = Clinic::start(dir.path(), "desk-1", true).await;
    (dir, forget, clinic)
}

async fn call(clinic: &Clinic, name: &str, args: Value) -> Result<Value, alhayat::error::AppError> {
    dispatch(clinic, name, args).await
}

#[tokio::test]
async fn a_command_runs_by_name_with_the_arguments_as_the_window_sends_them() {
    let (_dir, _forget, clinic) = demo().await;
    let outcome = call(&clinic, "sign_in", json!({ "username": "reception", "password": DEMO_PASSWORD }))
        .await
        .unwrap();
    assert_eq!(outcome["state"], "signed_in", "{outcome}");
    let token = outcome["token"].as_str().unwrap().to_string();

    // The same answer as the service gives, serialized as the window reads it.
    let today = alhayat::patients::clinic_today().to_string();
    let by_name =
        call(&clinic, "appointments_on_day", json!({ "token": token, "date": today })).await.unwrap();
    let (store, actor) = clinic.authorize(&token).await.unwrap();
    let direct = alhayat::scheduling::day(&store, &actor, &today).await.unwrap();
    assert_eq!(by_name, serde_json::to_value(&direct).unwrap());
    assert!(!direct.is_empty(), "the demo clinic has appointments today");

    // Several words: camelCase, as Tauri's own commands take them; an absent Option is None.
    let id = direct[0].id;
    let one = call(&clinic, "get_appointment", json!({ "token": token, "id": id })).await.unwrap();
    assert_eq!(one["id"], id);
    let patient = direct[0].patient_id;
    let statement = call(&clinic, "patient_account", json!({ "token": token, "patientId": patient })).await;
    assert!(statement.is_ok(), "{statement:?}");
    let snake = call(&clinic, "patient_account", json!({ "token": token, "patient_id": patient })).await;
    assert_eq!(snake.unwrap_err().kind(), "validation");

    // Refusals are the service's own.
    let e = call(&clinic, "list_history", json!({ "token": token, "patientId": patient })).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden", "reception never sees clinical history: {e}");
    let e = call(&clinic, "appointments_on_day", json!({ "token": "not-a-session", "date": today }))
        .await
        .unwrap_err();
    assert_ne!(e.kind(), "internal", "{e}");
}

#[tokio::test]
async fn arguments_that_cannot_be_read_are_refused_without_repeating_them() {
    let (_dir, _forget, clinic) = demo().await;
    let outcome = call(&clinic, "sign_in", json!({ "username": "reception", "password": DEMO_PASSWORD }))
        .await
        .unwrap();
    let token = outcome["token"].as_str().unwrap();
    for args in [
        json!({ "token": token, "id": "Ayesha Khan 35202-1234567-1" }),
        json!({ "token": token }),
        json!(["Ayesha Khan"]),
        Value::Null,
    ] {
        let e = call(&clinic, "get_appointment", args.clone()).await.unwrap_err();
        assert_eq!(e.kind(), "validation", "{args}");
        assert!(!e.to_string().contains("Ayesha") && !e.to_string().contains("35202"), "{e}");
    }
    let e = call(&clinic, "drop_every_table", json!({ "token": token })).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
}

#[tokio::test]
async fn a_file_is_handed_back_to_be_saved_where_the_person_works() {
    use base64::Engine as _;
    let (_dir, _forget, clinic) = demo().await;
    let outcome = call(&clinic, "sign_in", json!({ "username": "reception", "password": DEMO_PASSWORD }))
        .await
        .unwrap();
    let token = outcome["token"].as_str().unwrap();
    let today = alhayat::patients::clinic_today().to_string();
    let day = call(&clinic, "appointments_on_day", json!({ "token": token, "date": today })).await.unwrap();
    let id = day[0]["id"].clone();

    assert!(alhayat_core::commands::makes_file("print_slip"));
    assert!(!alhayat_core::commands::makes_file("appointments_on_day"));
    let file =
        alhayat_core::commands::dispatch_file(&clinic, "print_slip", json!({ "token": token, "id": id }))
            .await
            .unwrap();
    assert!(file.bytes.starts_with(b"%PDF-"), "a PDF");
    // Through `dispatch` (a desk's way), the same file travels as base64.
    let sent = call(&clinic, "print_slip", json!({ "token": token, "id": id })).await.unwrap();
    let bytes = base64::engine::general_purpose::STANDARD.decode(sent["bytes"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(sent["name"], file.name.as_str());
    // A file command's refusals are the service's own.
    let e = alhayat_core::commands::dispatch_file(
        &clinic,
        "export_record_pdf",
        json!({ "token": token, "patientId": day[0]["patient_id"], "purpose": "patient_request" }),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), "forbidden", "{e}");
    let e =
        alhayat_core::commands::dispatch_file(&clinic, "appointments_on_day", json!({})).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
}
