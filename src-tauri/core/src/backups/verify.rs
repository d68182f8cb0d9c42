//! Checking a copy: it opens with the key, every page's HMAC and SQLite's own structure
//! hold, its audit chain verifies and ends where the live chain stood when it was taken.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::sqlite::SqlitePoolOptions;
use sqlx::SqlitePool;

use super::manifest::AuditLink;
use crate::audit::ChainLink;
use crate::store::key::DbKey;

/// What a sound copy holds.
#[derive(Debug, Clone)]
pub struct Checked {
    pub counts: BTreeMap<String, i64>,
    pub audit_newest: Option<AuditLink>,
    pub schema_version: Option<i64>,
}

const NOT_OPENED: &str = "The backup cannot be opened with this clinic's key: it was made by another clinic (another key), or the file is damaged.";

/// Runs every check on the copy at `path`. `expected`: the newest audit entry the copy
/// must end with (from its manifest), when known. Err is a sentence for the administrator.
pub async fn check_copy(path: &Path, key: &DbKey, expected: Option<&AuditLink>) -> Result<Checked, String> {
    let len = std::fs::metadata(path).map_err(|_| "The backup file could not be read.".to_string())?.len();
    if len == 0 || len % 4096 != 0 {
        return Err("The backup file is empty or cut short.".into());
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(super::copy::read_only_options(path, key))
        .await
        .map_err(|_| NOT_OPENED.to_string())?;
    let result = checks(&pool, expected).await;
    pool.close().await;
    result
}

async fn checks(pool: &SqlitePool, expected: Option<&AuditLink>) -> Result<Checked, String> {
    let damaged = |_| "The backup is damaged: SQLite could not read it whole.".to_string();
    sqlx::query("SELECT count(*) FROM sqlite_master")
        .execute(pool)
        .await
        .map_err(|_| NOT_OPENED.to_string())?;
    let bad_pages: Vec<String> =
        sqlx::query_scalar("PRAGMA cipher_integrity_check").fetch_all(pool).await.map_err(damaged)?;
    if !bad_pages.is_empty() {
        return Err(format!(
            "The backup is damaged: {} of its pages fail their checksum (cipher_integrity_check).",
            bad_pages.len()
        ));
    }
    let integrity: Vec<String> =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_all(pool).await.map_err(damaged)?;
    if integrity != ["ok"] {
        return Err("The backup is damaged: it fails SQLite's integrity check.".into());
    }
    let newest: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(pool)
            .await
            .map_err(damaged)?;
    let newest = newest.map(|(seq, hash)| AuditLink { seq, hash });
    if let Some(want) = expected {
        if newest.as_ref() != Some(want) {
            return Err("The backup's audit trail does not end with the entry its manifest names.".into());
        }
    }
    let head = newest.as_ref().map(|l| ChainLink { seq: l.seq, hash: l.hash.clone() });
    let report = crate::audit::verify(pool, head.as_ref()).await.map_err(damaged)?;
    if !report.ok {
        return Err(format!(
            "The backup's audit trail does not verify at entry #{}: {}",
            report.first_bad_seq.unwrap_or_default(),
            report.problem.unwrap_or_default()
        ));
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .map_err(damaged)?;
    let mut counts = BTreeMap::new();
    for t in tables {
        let n: i64 = // The names come from the copy's own schema, quoted.
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM \"{}\"", t.replace('"', "\"\""))))
            .fetch_one(pool)
            .await
            .map_err(damaged)?;
        counts.insert(t, n);
    }
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(pool)
            .await
            .ok()
            .flatten();
    Ok(Checked { counts, audit_newest: newest, schema_version })
}

/// The live store's audit entry number `seq`, to compare a copy's newest with.
pub async fn live_link(pool: &SqlitePool, seq: i64) -> Result<Option<AuditLink>, sqlx::Error> {
    let hash: Option<String> = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = ?1")
        .bind(seq)
        .fetch_optional(pool)
        .await?;
    Ok(hash.map(|hash| AuditLink { seq, hash }))
}

pub async fn live_newest(pool: &SqlitePool) -> Result<Option<AuditLink>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(seq, hash)| AuditLink { seq, hash }))
}
