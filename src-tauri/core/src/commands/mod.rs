//! Every command the window calls, declared once. On a standalone PC the window serves
//! them from here; on the clinic server the same declarations answer the desks. Each
//! takes the session token (where it needs one), calls one service, and returns its
//! result: no SQL and no rules here.
//!
//! A few commands stay with the window (`src-tauri/src/commands`): first run and key
//! recovery, and (until they are moved here) those that stream progress to the window,
//! carry an attachment's raw bytes, or save several files while they fulfil a request.

use crate::app::Clinic;
use crate::error::{AppError, AppResult};
use crate::scheduling::ExportFile;

/// Declares commands: each becomes a plain async function over the clinic, and the area
/// gets `NAMES` and a `dispatch` that runs one by name with its arguments as the window
/// sends them (a JSON object, camelCase keys, as Tauri's own commands take them).
///
/// Those after `files:` make a file for the person to keep. Their bytes are saved where
/// the person works (the window's Downloads, on a desk too), never on the server:
/// `FILES` names them and `dispatch_file` returns the file itself; through `dispatch`
/// it travels as `{ name, bytes }` with the bytes in base64.
macro_rules! commands {
    (
        $(
            $(#[$meta:meta])*
            pub async fn $name:ident($s:ident: &Clinic $(, $arg:ident: $ty:ty)* $(,)?) -> AppResult<$ret:ty> $body:block
        )*
        $(files: $(
            $(#[$fmeta:meta])*
            pub async fn $fname:ident($fs:ident: &Clinic $(, $farg:ident: $fty:ty)* $(,)?) -> AppResult<ExportFile> $fbody:block
        )*)?
    ) => {
        $(
            $(#[$meta])*
            pub async fn $name($s: &Clinic $(, $arg: $ty)*) -> AppResult<$ret> $body
        )*
        $($(
            $(#[$fmeta])*
            pub async fn $fname($fs: &Clinic $(, $farg: $fty)*) -> AppResult<$crate::scheduling::ExportFile> $fbody
        )*)?

        /// The commands this module declares.
        pub const NAMES: &[&str] = &[$(stringify!($name),)* $($(stringify!($fname),)*)?];

        /// Those of `NAMES` that make a file.
        pub const FILES: &[&str] = &[$($(stringify!($fname),)*)?];

        /// Runs the command `name` (one of `NAMES`).
        pub async fn dispatch(
            clinic: &Clinic,
            name: &str,
            args: serde_json::Value,
        ) -> AppResult<serde_json::Value> {
            match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($arg: $ty),* }
                    let Args { $($arg),* } = super::arguments(name, args)?;
                    super::reply($name(clinic $(, $arg)*).await?)
                })*
                _ if FILES.contains(&name) => super::file_reply(dispatch_file(clinic, name, args).await?),
                _ => Err(super::unknown(name)),
            }
        }

        /// Runs the file-making command `name` (one of `FILES`).
        #[allow(unused_variables)]
        pub async fn dispatch_file(
            clinic: &Clinic,
            name: &str,
            args: serde_json::Value,
        ) -> AppResult<$crate::scheduling::ExportFile> {
            match name {
                $($(stringify!($fname) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($farg: $fty),* }
                    let Args { $($farg),* } = super::arguments(name, args)?;
                    $fname(clinic $(, $farg)*).await
                })*)?
                _ => Err(super::unknown(name)),
            }
        }
    };
}

/// The areas, each a module of `commands!`.
macro_rules! areas {
    ($($area:ident),* $(,)?) => {
        $(pub mod $area;)*

        /// Every command declared here, by name.
        pub fn names() -> impl Iterator<Item = &'static str> {
            [$($area::NAMES),*].into_iter().flatten().copied()
        }

        /// Whether `name` is declared here.
        pub fn serves(name: &str) -> bool {
            $($area::NAMES.contains(&name))||*
        }

        /// Whether `name` makes a file, to be saved where the person works.
        pub fn makes_file(name: &str) -> bool {
            $($area::FILES.contains(&name))||*
        }

        /// Runs the file-making command `name`, returning the file.
        pub async fn dispatch_file(clinic: &Clinic, name: &str, args: serde_json::Value) -> AppResult<ExportFile> {
            $(if $area::FILES.contains(&name) {
                return Box::pin($area::dispatch_file(clinic, name, args)).await;
            })*
            Err(unknown(name))
        }

        /// Runs the command `name` with its arguments as the window sends them.
        pub async fn dispatch(clinic: &Clinic, name: &str, args: serde_json::Value) -> AppResult<serde_json::Value> {
            $(if $area::NAMES.contains(&name) {
                return Box::pin($area::dispatch(clinic, name, args)).await;
            })*
            Err(unknown(name))
        }
    };
}

areas!(
    audit,
    backups,
    billing,
    billing_records,
    catalogue,
    clinic,
    history,
    measures,
    patients,
    pharmacy,
    receipts,
    records,
    reminders,
    retention,
    rights,
    scheduling,
    session,
    staff,
    takings
);

fn arguments<T: serde::de::DeserializeOwned>(name: &str, args: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(args).map_err(|e| {
        // serde's message may quote what was sent (a name, a note): log only the command
        // and the kind of mistake.
        tracing::warn!(command = name, kind = ?e.classify(), "a command's arguments could not be read");
        AppError::invalid("The screen sent something the app could not read. Please try again.")
    })
}

fn reply<T: serde::Serialize>(value: T) -> AppResult<serde_json::Value> {
    serde_json::to_value(value).map_err(AppError::internal)
}

/// A file as JSON, for a caller that is not the window on this PC.
fn file_reply(file: ExportFile) -> AppResult<serde_json::Value> {
    use base64::Engine as _;
    Ok(serde_json::json!({
        "name": file.name,
        "bytes": base64::engine::general_purpose::STANDARD.encode(&file.bytes),
    }))
}

fn unknown(name: &str) -> AppError {
    tracing::warn!(command = name, "an unknown command was asked for");
    AppError::not_found("The app does not know that action. Please update this desk's app.")
}
