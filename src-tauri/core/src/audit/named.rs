//! The patients a list entry names. A search, a day's appointments or a bulk export
//! read many patients at once; their ids go to `audit_patients` (one row per entry: the
//! ids ascending, comma-separated; append-only), and the chained entry's summary ends
//! with their count and the SHA-256 of that text, so the chain vouches for the side
//! table: the verifier recomputes the digest and any list added, changed or removed shows.
//!
//! The canonical form of an entry is untouched (the claim is part of the summary),
//! so trails written before this still verify.

use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::error::AppResult;

/// How a claim starts inside a summary; nothing else a summary holds looks like it.
pub const MARK: &str = "[patients:";

/// The ids in ascending order, each once.
pub fn normalised(ids: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The text a list's digest is taken over, and what `audit_patients` stores: the sorted
/// ids in decimal, comma-separated.
pub fn id_text(sorted: &[i64]) -> String {
    let mut out = String::with_capacity(sorted.len() * 7);
    for (i, id) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out
}

pub fn digest_of_text(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// `[patients:<count>:<sha256 of the sorted ids>]`, for ids already normalised.
pub fn claim(sorted: &[i64]) -> String {
    format!("{MARK}{}:{}]", sorted.len(), digest_of_text(&id_text(sorted)))
}

/// The count and digest a summary claims, if it names a list.
pub fn parse_claim(summary: &str) -> Option<(i64, &str)> {
    let at = summary.rfind(MARK)?;
    let rest = summary[at + MARK.len()..].strip_suffix(']')?;
    let (count, digest) = rest.split_once(':')?;
    Some((count.parse().ok()?, digest))
}

/// `summary` with the claim for `sorted` appended.
pub fn with_claim(summary: &str, sorted: &[i64]) -> String {
    if summary.is_empty() {
        claim(sorted)
    } else {
        format!("{summary} {}", claim(sorted))
    }
}

/// Writes the ids of entry `seq` (just appended, in the same transaction). An empty list
/// writes nothing: its claim says 0 and the verifier expects no row.
pub(crate) async fn insert(conn: &mut SqliteConnection, seq: i64, sorted: &[i64]) -> AppResult<()> {
    if sorted.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO audit_patients (seq, patient_ids) VALUES (?1, ?2)")
        .bind(seq)
        .bind(id_text(sorted))
        .execute(conn)
        .await?;
    Ok(())
}

/// An export or print that held a patient's data, as the audit trail has it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportOf {
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// `export` or `print`.
    pub action: String,
    pub entity: String,
    pub summary: String,
}

/// Every export and print that included the patient, oldest first: those naming them
/// as the entry's patient and those listing them among many (a bulk export, a diary, the
/// reminder CSV). Exports are few, so their lists are searched directly.
pub async fn exports_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<ExportOf>> {
    Ok(sqlx::query_as(
        "SELECT a.seq, a.at, a.action, a.entity, a.summary FROM audit_log a
         WHERE a.action IN ('export', 'print')
           AND (a.patient_id = ?1
                OR EXISTS (SELECT 1 FROM audit_patients l
                           WHERE l.seq = a.seq AND instr(',' || l.patient_ids || ',', ?2) > 0))
         ORDER BY a.seq",
    )
    .bind(patient_id)
    .bind(format!(",{patient_id},"))
    .fetch_all(conn)
    .await?)
}

/// What the verifier finds wrong with entry `seq`'s list, given the claim in its
/// summary and the ids the side table holds for it (as `id_text`, `None` for none).
pub fn mismatch(seq: i64, claimed: Option<(i64, &str)>, stored: Option<&str>) -> Option<String> {
    match (claimed, stored) {
        (None, None) => None,
        (None, Some(_)) => Some(format!("Entry #{seq} has patients listed with it that it never named.")),
        (Some((count, digest)), stored) => {
            let text = stored.unwrap_or("");
            let n = if text.is_empty() { 0 } else { text.split(',').count() as i64 };
            (n != count || digest_of_text(text) != digest)
                .then(|| format!("The patients listed with entry #{seq} were changed after it was written."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_reads_back_and_depends_on_every_id() {
        let ids = normalised(&[30, 2, 30, 1000]);
        assert_eq!(ids, vec![2, 30, 1000]);
        let s = with_claim("search by name", &ids);
        assert!(s.starts_with("search by name [patients:3:"), "{s}");
        let (count, digest) = parse_claim(&s).unwrap();
        assert_eq!(count, 3);
        assert_eq!(mismatch(7, Some((count, digest)), Some("2,30,1000")), None);
        assert!(mismatch(7, Some((count, digest)), Some("2,30")).is_some());
        assert!(mismatch(7, Some((count, digest)), Some("2,31,1000")).is_some());
        assert!(mismatch(7, Some((count, digest)), None).is_some());
        assert!(mismatch(7, None, Some("2")).is_some());
        assert_eq!(mismatch(7, None, None), None);
        // An empty list is a claim too: no ids were read.
        let empty = with_claim("", &[]);
        assert_eq!(mismatch(8, parse_claim(&empty), None), None);
        assert!(mismatch(8, parse_claim(&empty), Some("5")).is_some());
        assert_eq!(parse_claim("record opened"), None);
    }
}
