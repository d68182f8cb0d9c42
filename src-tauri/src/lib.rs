//! Al-Hayat Clinic: the desktop window over the core's services.
//!
//! Layers (data flows one way): `commands` (Tauri) → services in `alhayat_core`
//! (re-exported here whole, so `alhayat::patients` is the core's) → `store`.

pub mod commands;

pub use alhayat_core::*;

use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Runtime};

/// Starts the window. `demo` seeds the demo clinic on first run.
pub fn run(demo: bool) {
    tauri::Builder::default()
        .setup(move |app| {
            let dir = data_dir(app.path().app_data_dir().ok());
            init_logging(&dir);
            let clinic = tauri::async_runtime::block_on(app::Clinic::start(&dir, &workstation_name(), demo));
            app.manage(clinic);
            app.manage(downloads::Downloads::new(app.path().download_dir().ok(), &dir));
            app.manage(portability::ExportJobs::default());
            // The backup schedule: every few minutes, a copy when one is due.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_secs(10 * 60)).await;
                    if let Some(clinic) = handle.try_state::<app::Clinic>() {
                        clinic.back_up_if_due(chrono::Utc::now()).await;
                    }
                }
            });
            Ok(())
        })
        .invoke_handler(invoke_handler())
        .build(tauri::generate_context!())
        .expect("the window could not start")
        .run(|app, event| {
            // Close the store on the way out, so the WAL is checkpointed into the file.
            if let tauri::RunEvent::Exit = event {
                if let Some(clinic) = app.try_state::<app::Clinic>() {
                    tauri::async_runtime::block_on(clinic.back_up_at_close());
                    tauri::async_runtime::block_on(clinic.close());
                }
            }
        });
}

/// The core's commands, served by name (a file one makes is saved in this PC's
/// Downloads and its path returned); the window's own (`commands`) by Tauri's
/// generated handler.
fn invoke_handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    // Typed here: the generated closure's argument is not annotated.
    fn typed<R: Runtime, F: Fn(Invoke<R>) -> bool>(handler: F) -> F {
        handler
    }
    let own = typed::<R, _>(all_commands!());
    move |invoke: Invoke<R>| {
        if !alhayat_core::commands::serves(invoke.message.command()) {
            return own(invoke);
        }
        let name = invoke.message.command().to_string();
        let args = match invoke.message.payload() {
            InvokeBody::Json(args) => args.clone(),
            InvokeBody::Raw(_) => serde_json::Value::Null,
        };
        let webview = invoke.message.webview();
        invoke.resolver.respond_async(async move {
            let clinic = webview.state::<app::Clinic>();
            let done = if alhayat_core::commands::makes_file(&name) {
                // Saved in this PC's Downloads; the window is told where.
                let file = alhayat_core::commands::dispatch_file(&clinic, &name, args).await;
                file.and_then(|f| webview.state::<downloads::Downloads>().save(&f.name, &f.bytes))
                    .map(serde_json::Value::from)
            } else {
                alhayat_core::commands::dispatch(&clinic, &name, args).await
            };
            done.map_err(InvokeError::from)
        });
        true
    }
}
