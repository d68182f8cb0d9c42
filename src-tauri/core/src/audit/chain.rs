//! Appending to the chain and computing an entry's hash.

use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::AuditEntry;
use crate::error::AppResult;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The position and hash of the entry just appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub seq: i64,
    pub hash: String,
}

/// The text an entry's hash is taken over: every stored field in order, each written
/// as `<length in bytes>:<text>;` (an absent value is empty), so no two different
/// entries serialise alike. `CANONICAL_SQL` builds the same text inside SQLite, which
/// lets the verifier read one column a row instead of eleven.
#[allow(clippy::too_many_arguments)]
pub fn canonical(
    seq: i64,
    at: &str,
    staff_id: Option<i64>,
    workstation: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    patient_id: Option<i64>,
    summary: &str,
    prev_hash: &str,
) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(160 + summary.len());
    let mut field = |text: &str| {
        let _ = write!(out, "{}:{};", text.len(), text);
    };
    let opt_num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    field(&seq.to_string());
    field(at);
    field(&opt_num(staff_id));
    field(workstation);
    field(action);
    field(entity);
    field(entity_id.unwrap_or(""));
    field(&opt_num(patient_id));
    field(summary);
    field(prev_hash);
    out
}

/// `canonical` computed by SQLite from a row of `audit_log`.
pub const CANONICAL_SQL: &str = "
    octet_length(CAST(seq AS TEXT)) || ':' || seq || ';' ||
    octet_length(at) || ':' || at || ';' ||
    octet_length(coalesce(CAST(staff_id AS TEXT), '')) || ':' || coalesce(staff_id, '') || ';' ||
    octet_length(workstation) || ':' || workstation || ';' ||
    octet_length(action) || ':' || action || ';' ||
    octet_length(entity) || ':' || entity || ';' ||
    octet_length(coalesce(entity_id, '')) || ':' || coalesce(entity_id, '') || ';' ||
    octet_length(coalesce(CAST(patient_id AS TEXT), '')) || ':' || coalesce(patient_id, '') || ';' ||
    octet_length(summary) || ':' || summary || ';' ||
    octet_length(prev_hash) || ':' || prev_hash || ';'";

/// The summary read back out of an entry's canonical text (its ninth field), or `None`
/// when the text is not in canonical form.
pub fn summary_field(canonical: &str) -> Option<&str> {
    let mut rest = canonical;
    for field in 0..10 {
        let (len, after) = rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let text = after.get(..len)?;
        if field == 8 {
            return Some(text);
        }
        rest = after.get(len..)?.strip_prefix(';')?;
    }
    None
}

pub fn hash_of(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// The hash of an entry with these fields, exactly as stored.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at: &str,
    staff_id: Option<i64>,
    workstation: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    patient_id: Option<i64>,
    summary: &str,
    prev_hash: &str,
) -> String {
    hash_of(&canonical(
        seq,
        at,
        staff_id,
        workstation,
        action,
        entity,
        entity_id,
        patient_id,
        summary,
        prev_hash,
    ))
}

/// Fixed width, so text order is time order.
pub fn timestamp_now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The newest entry of the trail, if there is one.
pub async fn last_link(conn: &mut SqliteConnection) -> Result<Option<ChainLink>, sqlx::Error> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(last.map(|(seq, hash)| ChainLink { seq, hash }))
}

/// Appends `entry` after `prev` (None: the trail is empty). `prev` must be the newest
/// entry: only `WriteTx`, which holds the store's write gate, calls this.
pub(crate) async fn append_after(
    conn: &mut SqliteConnection,
    entry: &AuditEntry,
    prev: Option<&ChainLink>,
) -> AppResult<ChainLink> {
    let (seq, prev_hash) = match prev {
        Some(link) => (link.seq + 1, link.hash.clone()),
        None => (1, GENESIS.to_string()),
    };
    let at = timestamp_now();
    let action = entry.action.as_str();
    let hash = entry_hash(
        seq,
        &at,
        entry.staff_id,
        &entry.workstation,
        action,
        entry.entity,
        entry.entity_id.as_deref(),
        entry.patient_id,
        &entry.summary,
        &prev_hash,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, staff_id, workstation, action, entity, entity_id,
                                patient_id, summary, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(&at)
    .bind(entry.staff_id)
    .bind(&entry.workstation)
    .bind(action)
    .bind(entry.entity)
    .bind(entry.entity_id.as_deref())
    .bind(entry.patient_id)
    .bind(&entry.summary)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(ChainLink { seq, hash })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(summary: &str, prev: &str) -> String {
        entry_hash(
            1,
            "2026-01-01T00:00:00.000000Z",
            Some(1),
            "ws",
            "view",
            "staff",
            None,
            None,
            summary,
            prev,
        )
    }

    #[test]
    fn every_field_changes_the_hash() {
        let h = base("a", GENESIS);
        assert_eq!(h.len(), 64);
        assert_ne!(h, base("b", GENESIS));
        assert_ne!(h, base("a", &"1".repeat(64)));
        assert_ne!(
            h,
            entry_hash(
                2,
                "2026-01-01T00:00:00.000000Z",
                Some(1),
                "ws",
                "view",
                "staff",
                None,
                None,
                "a",
                GENESIS
            )
        );
        assert_ne!(
            h,
            entry_hash(
                1,
                "2026-01-01T00:00:00.000000Z",
                None,
                "ws",
                "view",
                "staff",
                None,
                None,
                "a",
                GENESIS
            )
        );
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let a = entry_hash(1, "t", None, "ab", "c", "e", None, None, "s", GENESIS);
        let b = entry_hash(1, "t", None, "a", "bc", "e", None, None, "s", GENESIS);
        assert_ne!(a, b);
    }

    #[test]
    fn the_summary_reads_back_out_of_the_canonical_text() {
        let text = canonical(
            7,
            "t",
            Some(2),
            "ws;1:x",
            "view",
            "e",
            Some("9"),
            Some(4),
            "a: b; [patients:1:ab]",
            GENESIS,
        );
        assert_eq!(summary_field(&text), Some("a: b; [patients:1:ab]"));
        assert_eq!(summary_field("3:abc"), None);
    }

    #[test]
    fn timestamps_sort_as_text() {
        let a = timestamp_now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = timestamp_now();
        assert!(a < b);
        assert_eq!(a.len(), "2026-01-01T00:00:00.000000Z".len());
    }
}
