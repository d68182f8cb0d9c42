//! Walks the whole chain and names the first entry that does not fit.
//!
//! The trail is cut into ranges checked side by side on the pool's connections (the
//! cost is in reading rows, not hashing); the links between ranges are checked when
//! the results are put back together, so the answer is the same as one walk.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::chain::{hash_of, summary_field, CANONICAL_SQL};
use super::named;
use super::{ChainLink, GENESIS};

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
    /// Each restore from a backup the trail records ("#N at <time>: restored from …"):
    /// the trail before it continues from the backup, not from the store it replaced.
    pub restores: Vec<String>,
}

/// seq, prev_hash, hash, and the text the hash is taken over.
type Row = (i64, String, String, String);

const CHUNK: i64 = 20_000;
/// Ranges checked at once; the pool has four connections.
const RANGES: i64 = 4;
/// Below this a single walk is as quick as the set-up of several.
const PARALLEL_FROM: i64 = 50_000;

/// What one range found. Its first row's number and link are checked by the caller.
#[derive(Default)]
struct RangeReport {
    first: Option<(i64, String)>,
    last: Option<(i64, String)>,
    checked: i64,
    problem: Option<(i64, String)>,
    hash_at_head: Option<String>,
}

async fn check_range(
    pool: SqlitePool,
    lo: i64,
    hi: i64,
    head_seq: Option<i64>,
    lists: bool,
) -> Result<RangeReport, sqlx::Error> {
    let mut report = RangeReport::default();
    let mut next = lo;
    loop {
        let sql = format!(
            "SELECT seq, prev_hash, hash, {CANONICAL_SQL} FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?"
        );
        // The text is a constant of this module; only numbers are bound.
        let rows: Vec<Row> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(next).bind(hi).bind(CHUNK).fetch_all(&pool).await?;
        let done = (rows.len() as i64) < CHUNK;
        let chunk_last = rows.last().map_or(next, |r| r.0);
        let listed = if lists { listed_between(&pool, next, chunk_last).await? } else { Vec::new() };
        let mut listed = listed.into_iter().peekable();
        for (seq, prev_hash, hash, canonical) in rows {
            match &report.last {
                None => report.first = Some((seq, prev_hash.clone())),
                Some((last_seq, last_hash)) => {
                    if seq != last_seq + 1 {
                        let missing = last_seq + 1;
                        report.problem = Some((
                            missing,
                            format!(
                                "Entry #{missing} is missing: the trail jumps from #{last_seq} to #{seq}."
                            ),
                        ));
                        return Ok(report);
                    }
                    if prev_hash != *last_hash {
                        report.problem = Some((seq, not_following(seq)));
                        return Ok(report);
                    }
                }
            }
            if hash_of(&canonical) != hash {
                report.problem = Some((seq, format!("Entry #{seq} was changed after it was written.")));
                return Ok(report);
            }
            // Ids listed under an entry that is not in the trail (a gap) show up here too.
            if let Some((stray, _)) = listed.next_if(|(s, _)| *s < seq) {
                report.problem = Some((
                    stray,
                    format!("Patients are listed with entry #{stray}, which is not in the trail."),
                ));
                return Ok(report);
            }
            let stored = listed.next_if(|(s, _)| *s == seq).map(|(_, ids)| ids);
            // Most entries claim nothing: look for the mark before reading the summary out.
            let claimed = if canonical.contains(named::MARK) {
                summary_field(&canonical).and_then(named::parse_claim)
            } else {
                None
            };
            if let Some(problem) = named::mismatch(seq, claimed, stored.as_deref()) {
                report.problem = Some((seq, problem));
                return Ok(report);
            }
            if head_seq == Some(seq) {
                report.hash_at_head = Some(hash.clone());
            }
            report.checked += 1;
            next = seq + 1;
            report.last = Some((seq, hash));
        }
        if done || next > hi {
            return Ok(report);
        }
    }
}

/// The ids listed with each entry from `lo` to `hi` (`named::id_text`), by entry.
async fn listed_between(pool: &SqlitePool, lo: i64, hi: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT seq, patient_ids FROM audit_patients WHERE seq >= ?1 AND seq <= ?2 ORDER BY seq")
        .bind(lo)
        .bind(hi)
        .fetch_all(pool)
        .await
}

/// A store opened without migrating (the command line on an older data folder) may
/// predate the side table; then no entry can claim a list, and any claim fails.
async fn has_lists(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_patients')",
    )
    .fetch_one(pool)
    .await
}

/// Ids listed under a number past the end of the trail (or before its start).
async fn listed_outside(pool: &SqlitePool, max_seq: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT min(seq) FROM audit_patients WHERE seq > ?1 OR seq < 1")
        .bind(max_seq)
        .fetch_one(pool)
        .await
}

fn not_following(seq: i64) -> String {
    format!("Entry #{seq} does not follow the entry before it: entries were removed, reordered or rewritten here.")
}

fn fail(seq: i64, checked: i64, problem: String) -> VerifyReport {
    VerifyReport {
        ok: false,
        entries_checked: checked,
        first_bad_seq: Some(seq),
        problem: Some(problem),
        restores: Vec::new(),
    }
}

async fn max_seq(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = sqlx::query_scalar("SELECT max(seq) FROM audit_log").fetch_one(pool).await?;
    Ok(max.unwrap_or(0))
}

/// `head` is the link kept outside the database, when there is one.
pub async fn verify(pool: &SqlitePool, head: Option<&ChainLink>) -> Result<VerifyReport, sqlx::Error> {
    walk(pool, head, None).await
}

/// `verify`, with the trail cut into `ranges` ranges checked side by side.
pub async fn verify_split(
    pool: &SqlitePool,
    head: Option<&ChainLink>,
    ranges: i64,
) -> Result<VerifyReport, sqlx::Error> {
    walk(pool, head, Some(ranges)).await
}

async fn walk(
    pool: &SqlitePool,
    head: Option<&ChainLink>,
    ranges: Option<i64>,
) -> Result<VerifyReport, sqlx::Error> {
    let mut report = walk_chain(pool, head, ranges).await?;
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT seq, at, summary FROM audit_log WHERE action = 'backup_restored' ORDER BY seq",
    )
    .fetch_all(pool)
    .await?;
    report.restores =
        rows.into_iter().map(|(seq, at, summary)| format!("#{seq} at {at}: {summary}")).collect();
    Ok(report)
}

/// `ranges` None: one walk for short trails, `RANGES` side by side for long ones.
async fn walk_chain(
    pool: &SqlitePool,
    head: Option<&ChainLink>,
    ranges: Option<i64>,
) -> Result<VerifyReport, sqlx::Error> {
    let max_seq = max_seq(pool).await?;
    let ranges = ranges.unwrap_or(if max_seq >= PARALLEL_FROM { RANGES } else { 1 }).clamp(1, max_seq.max(1));
    let width = (max_seq + ranges - 1) / ranges.max(1);
    let head_seq = head.map(|h| h.seq);
    let lists = has_lists(pool).await?;
    let mut tasks = Vec::new();
    for k in 0..ranges {
        let (lo, hi) = (1 + k * width, ((k + 1) * width).min(max_seq));
        tasks.push(tokio::spawn(check_range(pool.clone(), lo, hi, head_seq, lists)));
    }

    // Put the ranges back in order; the earliest problem wins.
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut checked = 0i64;
    let mut hash_at_head = None;
    for task in tasks {
        let r = task.await.map_err(|e| sqlx::Error::Protocol(format!("verifier task: {e}")))??;
        if let Some((seq, first_prev)) = &r.first {
            if *seq != expected_seq {
                return Ok(fail(
                    expected_seq,
                    checked,
                    format!(
                        "Entry #{expected_seq} is missing: the trail jumps from #{} to #{seq}.",
                        expected_seq - 1
                    ),
                ));
            }
            if *first_prev != prev {
                return Ok(fail(*seq, checked, not_following(*seq)));
            }
        }
        if let Some((seq, problem)) = r.problem {
            return Ok(fail(seq, checked + r.checked, problem));
        }
        checked += r.checked;
        if let Some((seq, hash)) = r.last {
            expected_seq = seq + 1;
            prev = hash;
        }
        hash_at_head = hash_at_head.or(r.hash_at_head);
    }
    if let Some(seq) = if lists { listed_outside(pool, expected_seq - 1).await? } else { None } {
        return Ok(fail(
            seq,
            checked,
            format!("Patients are listed with entry #{seq}, which is not in the trail."),
        ));
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
    Ok(VerifyReport {
        ok: true,
        entries_checked: checked,
        first_bad_seq: None,
        problem: None,
        restores: Vec::new(),
    })
}
