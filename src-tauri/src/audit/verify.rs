//! Walks the whole chain and names the first entry that does not fit.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::{entry_hash, ChainLink, GENESIS};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries_checked: i64,
    /// The first entry that does not fit, when one does not.
    #[ts(type = "number | null")]
    pub first_bad_seq: Option<i64>,
    /// A sentence saying what is wrong, for the administrator.
    pub problem: Option<String>,
}

type Row =
    (i64, String, Option<i64>, String, String, String, Option<String>, Option<i64>, String, String, String);

const CHUNK: i64 = 20_000;

/// `head` is the link kept outside the database, when there is one.
pub async fn verify(pool: &SqlitePool, head: Option<&ChainLink>) -> Result<VerifyReport, sqlx::Error> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut checked = 0i64;
    let mut hash_at_head: Option<String> = None;
    let fail = |seq: i64, checked: i64, problem: String| VerifyReport {
        ok: false,
        entries_checked: checked,
        first_bad_seq: Some(seq),
        problem: Some(problem),
    };
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT seq, at, staff_id, workstation, action, entity, entity_id, patient_id,
                    summary, prev_hash, hash
             FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?",
        )
        .bind(expected_seq)
        .bind(CHUNK)
        .fetch_all(pool)
        .await?;
        let done = (rows.len() as i64) < CHUNK;
        for (seq, at, staff, ws, action, entity, entity_id, patient, summary, prev_hash, hash) in rows {
            if seq != expected_seq {
                return Ok(fail(
                    expected_seq,
                    checked,
                    format!(
                        "Entry #{expected_seq} is missing: the trail jumps from #{} to #{seq}.",
                        expected_seq - 1
                    ),
                ));
            }
            if prev_hash != prev {
                return Ok(fail(
                    seq,
                    checked,
                    format!("Entry #{seq} does not follow the entry before it: entries were removed, reordered or rewritten here."),
                ));
            }
            let computed = entry_hash(
                seq,
                &at,
                staff,
                &ws,
                &action,
                &entity,
                entity_id.as_deref(),
                patient,
                &summary,
                &prev_hash,
            );
            if computed != hash {
                return Ok(fail(seq, checked, format!("Entry #{seq} was changed after it was written.")));
            }
            if head.is_some_and(|h| h.seq == seq) {
                hash_at_head = Some(hash.clone());
            }
            prev = hash;
            expected_seq += 1;
            checked += 1;
        }
        if done {
            break;
        }
    }
    if let Some(head) = head {
        let last = expected_seq - 1;
        if last < head.seq {
            return Ok(fail(
                last + 1,
                checked,
                format!("Entries after #{last} are missing: entry #{} had been written.", head.seq),
            ));
        }
        if hash_at_head.as_deref() != Some(head.hash.as_str()) {
            return Ok(fail(
                head.seq,
                checked,
                format!(
                    "Entry #{} differs from the copy kept outside the database: the trail was rewritten.",
                    head.seq
                ),
            ));
        }
    }
    Ok(VerifyReport { ok: true, entries_checked: checked, first_bad_seq: None, problem: None })
}
