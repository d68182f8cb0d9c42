//! Fulfilling a portability request (policy 7): the portability package (FHIR bundle,
//! CSV files, record PDF, manifest) saved, then the request fulfilled with the zip
//! named. The package audits its own export once the zip exists; if fulfilling then
//! fails (the request moved on meanwhile), the zip is removed so no copy is left that
//! the register does not account for.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use sqlx::SqliteConnection;

use super::steps::{begin_fulfilment, finish_fulfilment};
use super::{RequestKind, RightsRequest};
use crate::auth::{Actor, Permission};
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::portability::{patient_package, PackageSaved};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PortabilityFulfilled {
    pub request: RightsRequest,
    pub package: PackageSaved,
}

/// The patient of a portability request that is in progress (and so may be fulfilled
/// now), for the package; any other request is refused with the step it is at.
pub(crate) async fn portability_patient(conn: &mut SqliteConnection, request_id: i64) -> AppResult<i64> {
    Ok(begin_fulfilment(conn, request_id, RequestKind::Portability).await?.patient_id)
}

pub async fn fulfil_portability(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    downloads: &Downloads,
    cancel: Arc<AtomicBool>,
    now: DateTime<Utc>,
) -> AppResult<PortabilityFulfilled> {
    actor.require(Permission::ManageRightsRequests)?;
    // Checked first so a wrong request costs no export.
    let mut conn = store.pool().acquire().await?;
    let cur = begin_fulfilment(&mut conn, request_id, RequestKind::Portability).await?;
    drop(conn);
    let package = patient_package(store, actor, cur.id, downloads, cancel).await?;
    let name = std::path::Path::new(&package.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let details = format!(
        "We gave you {name}: your whole record as a FHIR file another clinic's system can read, \
         spreadsheets (CSV) of each kind of record, the record as PDF, and a list of every file \
         with its checksum ({} files).",
        package.files.len()
    );
    let fulfilled = async {
        let mut w = store.begin_write().await?;
        let cur = begin_fulfilment(w.conn(), request_id, RequestKind::Portability).await?;
        finish_fulfilment(w, actor, &cur, &details, "; portability package saved", now).await
    };
    match fulfilled.await {
        Ok(request) => Ok(PortabilityFulfilled { request, package }),
        Err(e) => {
            let _ = std::fs::remove_file(&package.path);
            Err(e)
        }
    }
}
