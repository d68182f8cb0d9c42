//! The erasure ledger: which patients were erased and when (ids, kinds and dates only).
//!
//! It lives in the store (written in the erasing transaction) and in a small file beside
//! the store and beside every folder of backups, so that a restore, even onto a new PC
//! or in place of a store that no longer opens, knows whom to erase again (policy 8).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use sqlx::SqliteConnection;

use crate::retention::rules::RecordKind;
use crate::store::Store;

pub const FILE: &str = "erasure-ledger";
const HEADER: &str = "# Al-Hayat Clinic erasure ledger: patient id, kinds, erased at, staff id";
/// A whole patient (a deletion request), rather than some kinds of their records.
pub const ALL: &str = "all";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LedgerEntry {
    pub erased_at: String,
    pub patient_id: i64,
    pub kinds: String,
    pub staff_id: Option<i64>,
}

impl LedgerEntry {
    /// The record kinds of a partial erasure; `None` for a whole patient.
    pub fn record_kinds(&self) -> Option<Vec<RecordKind>> {
        if self.kinds == ALL {
            return None;
        }
        Some(self.kinds.split(',').filter_map(RecordKind::parse).collect())
    }
}

/// Inside the erasing transaction.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    patient_id: i64,
    kinds: Option<&[RecordKind]>,
    at: &str,
    staff_id: i64,
) -> Result<(), sqlx::Error> {
    let kinds = match kinds {
        None => ALL.to_string(),
        Some(k) => k.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
    };
    sqlx::query(
        "INSERT INTO erasure_ledger (patient_id, kinds, erased_at, staff_id) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(patient_id)
    .bind(kinds)
    .bind(at)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn entries(store: &Store) -> Result<Vec<LedgerEntry>, sqlx::Error> {
    let rows: Vec<(String, i64, String, Option<i64>)> =
        sqlx::query_as("SELECT erased_at, patient_id, kinds, staff_id FROM erasure_ledger ORDER BY id")
            .fetch_all(store.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(erased_at, patient_id, kinds, staff_id)| LedgerEntry {
            erased_at,
            patient_id,
            kinds,
            staff_id,
        })
        .collect())
}

pub fn to_text(entries: &[LedgerEntry]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for e in entries {
        let staff = e.staff_id.map(|s| s.to_string()).unwrap_or_default();
        out.push_str(&format!("{}\t{}\t{}\t{staff}\n", e.patient_id, e.kinds, e.erased_at));
    }
    out
}

/// Lines that do not read are skipped: the ledger only ever adds erasures.
pub fn parse(text: &str) -> Vec<LedgerEntry> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let patient_id = f.next()?.parse().ok()?;
            let kinds = f.next()?.to_string();
            let erased_at = f.next()?.to_string();
            let staff_id = f.next().and_then(|s| s.parse().ok());
            (!kinds.is_empty() && !erased_at.is_empty()).then_some(LedgerEntry {
                erased_at,
                patient_id,
                kinds,
                staff_id,
            })
        })
        .collect()
}

pub fn read_file(dir: &Path) -> Vec<LedgerEntry> {
    std::fs::read_to_string(dir.join(FILE)).map(|t| parse(&t)).unwrap_or_default()
}

/// Every entry of every source once, oldest first.
pub fn merge(sources: impl IntoIterator<Item = Vec<LedgerEntry>>) -> Vec<LedgerEntry> {
    let set: BTreeSet<LedgerEntry> = sources.into_iter().flatten().collect();
    set.into_iter().collect()
}

/// Replaces `dir/erasure-ledger` whole (temporary name, flushed, renamed).
pub fn write_file(dir: &Path, entries: &[LedgerEntry]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{FILE}.partial"));
    let mut f = crate::owner_only::open_for_writing(&tmp)?;
    f.set_len(0)?;
    f.write_all(to_text(entries).as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, dir.join(FILE))?;
    super::copy::sync_dir(dir)
}

/// Copies the store's ledger into `dirs` (the data folder, the backup folders). A folder
/// that cannot take it is logged and tried again next time.
pub async fn mirror(store: &Store, dirs: &[&Path]) {
    let Ok(entries) = entries(store).await else {
        tracing::warn!("the erasure ledger could not be read");
        return;
    };
    for dir in dirs {
        if write_file(dir, &entries).is_err() {
            tracing::warn!("the erasure ledger could not be copied into a folder");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: i64, kinds: &str, at: &str) -> LedgerEntry {
        LedgerEntry { erased_at: at.into(), patient_id: id, kinds: kinds.into(), staff_id: Some(3) }
    }

    #[test]
    fn text_reads_back_and_sources_merge_once() {
        let a =
            vec![e(7, ALL, "2026-12-01T10:00:00Z"), e(9, "appointments,invoices", "2026-12-02T10:00:00Z")];
        assert_eq!(parse(&to_text(&a)), a);
        let b =
            vec![e(9, "appointments,invoices", "2026-12-02T10:00:00Z"), e(4, ALL, "2026-11-01T10:00:00Z")];
        let m = merge([a, b]);
        assert_eq!(m.iter().map(|e| e.patient_id).collect::<Vec<_>>(), vec![4, 7, 9]);
        assert_eq!(parse("garbage\n12\tall\n\n"), vec![]);
        assert_eq!(e(1, ALL, "x").record_kinds(), None);
    }
}
