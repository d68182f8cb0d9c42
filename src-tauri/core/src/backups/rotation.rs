//! Which copies to keep: every copy of the last 48 hours, the newest of each day for 30
//! days, of each week for 12 weeks, of each month for 12 months, nothing older than the
//! longest time any backup is kept (policy 8: an erased patient leaves the backups by a
//! date the clinic can state). Deleted copies are overwritten first.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, Months, NaiveDateTime, TimeZone, Utc};

use super::BackupPolicy;
use crate::clock::CLINIC_TZ;

/// A file the rotation looks after: a copy, a pre-migration copy, a failed copy, a
/// damaged store set aside.
#[derive(Debug, Clone)]
pub struct Item {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    /// Failed copies count in no tier: they stay until the longest time, for inspection.
    pub tiered: bool,
}

/// The time written in a file name made by this app: `clinic-YYYYMMDD-HHMMSS-….db`,
/// `failed-clinic-…`, `damaged-YYYYMMDD-HHMMSS.db` (all UTC).
pub fn time_in_name(name: &str) -> Option<(DateTime<Utc>, bool)> {
    let (rest, tiered) = if let Some(r) = name.strip_prefix("failed-clinic-") {
        (r, false)
    } else if let Some(r) = name.strip_prefix("clinic-") {
        (r, true)
    } else if let Some(r) = name.strip_prefix("damaged-") {
        (r, true)
    } else if let Some(r) = name.strip_prefix(super::restore::REPLACED_PREFIX) {
        (r, true)
    } else {
        return None;
    };
    if !name.ends_with(".db") {
        return None;
    }
    let stamp = rest.get(..15)?;
    let t = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some((Utc.from_utc_datetime(&t), tiered))
}

pub fn items_in(dir: &Path) -> Vec<Item> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    rd.flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (taken_at, tiered) = time_in_name(&name)?;
            e.file_type().ok()?.is_file().then_some(Item { path: e.path(), taken_at, tiered })
        })
        .collect()
}

/// The copies to keep out of `items` at `now` (indexes into `items`). Pure, so the
/// tiers are tested over a simulated year.
pub fn keep(items: &[Item], now: DateTime<Utc>, p: &BackupPolicy) -> BTreeSet<usize> {
    let max_age = Duration::days(i64::from(p.max_age_days));
    let recent = Duration::hours(i64::from(p.keep_all_hours));
    let day_from = now - Duration::days(i64::from(p.daily_days));
    let week_from = now - Duration::weeks(i64::from(p.weekly_weeks));
    let month_from = now.checked_sub_months(Months::new(p.monthly_months)).unwrap_or(now);
    let mut kept = BTreeSet::new();
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Newest first: the first copy seen in a period is the one kept for it.
    order.sort_by(|a, b| items[*b].taken_at.cmp(&items[*a].taken_at));
    let (mut days, mut weeks, mut months) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for i in order {
        let it = &items[i];
        let age = now - it.taken_at;
        if age > max_age {
            continue;
        }
        if !it.tiered {
            kept.insert(i);
            continue;
        }
        let local = it.taken_at.with_timezone(&CLINIC_TZ).date_naive();
        // A recent copy keeps itself, and still stands for its day, week and month, so
        // that an older copy of the same period is not kept for it as well.
        let mut keep_it = age <= recent;
        if it.taken_at >= day_from && days.insert(local) {
            keep_it = true;
        }
        let week = local.iso_week();
        if it.taken_at >= week_from && weeks.insert((week.year(), week.week())) {
            keep_it = true;
        }
        if it.taken_at >= month_from && months.insert((local.year(), local.month())) {
            keep_it = true;
        }
        if keep_it {
            kept.insert(i);
        }
    }
    kept
}

/// Applies [`keep`] to the files in `dir`; returns the names deleted.
pub fn rotate(dir: &Path, now: DateTime<Utc>, p: &BackupPolicy) -> io::Result<Vec<String>> {
    rotate_items(dir, items_in(dir), now, p)
}

/// [`rotate`] over the files whose names start with `prefix` only (the data folder holds
/// the live store beside the damaged files set aside).
pub fn rotate_prefixed(
    dir: &Path,
    now: DateTime<Utc>,
    p: &BackupPolicy,
    prefix: &str,
) -> io::Result<Vec<String>> {
    let items = items_in(dir)
        .into_iter()
        .filter(|it| it.path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    rotate_items(dir, items, now, p)
}

fn rotate_items(
    dir: &Path,
    items: Vec<Item>,
    now: DateTime<Utc>,
    p: &BackupPolicy,
) -> io::Result<Vec<String>> {
    let kept = keep(&items, now, p);
    let mut deleted = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if kept.contains(&i) {
            continue;
        }
        let name = it.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        // Out of the list at once (a rename); a kill while overwriting leaves a hidden
        // file that the next run finishes (`finish_retired`), never a listed half-copy.
        let hidden = it.path.with_file_name(format!("{RETIRED}{name}"));
        std::fs::rename(&it.path, &hidden)?;
        let _ = std::fs::remove_file(super::manifest::manifest_path(&it.path));
        // A damaged store set aside has its WAL and head beside it.
        for side in ["-wal", "-shm", ".audit-head"] {
            let p = it.path.with_file_name(format!("{name}{side}"));
            if p.exists() {
                shred(&p)?;
            }
        }
        shred(&hidden)?;
        deleted.push(name);
    }
    if !deleted.is_empty() {
        super::copy::sync_dir(dir)?;
    }
    Ok(deleted)
}

/// The name a copy has while the rotation overwrites it.
pub const RETIRED: &str = ".retired-";

/// Finishes overwriting copies a killed rotation left half done.
pub fn finish_retired(dir: &Path) {
    for it in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if it.file_name().to_string_lossy().starts_with(RETIRED) {
            let _ = shred(&it.path());
        }
    }
}

/// Overwrites a file with zeros, flushes, then unlinks it. On a copy-on-write or
/// flash-translated disk the old blocks may survive the overwrite; the copy itself is
/// encrypted, so what could survive is ciphertext under the clinic's key.
pub fn shred(path: &Path) -> io::Result<()> {
    let len = std::fs::metadata(path)?.len();
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        let zeros = vec![0u8; 1 << 20];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n])?;
            left -= n as u64;
        }
        f.sync_all()?;
    }
    std::fs::remove_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_their_time_and_tier() {
        let (t, tiered) = time_in_name("clinic-20261203-101500-auto.db").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-03T10:15:00+00:00");
        assert!(tiered);
        assert!(!time_in_name("failed-clinic-20261203-101500-auto.db").unwrap().1);
        assert!(time_in_name("damaged-20261203-101500.db").unwrap().1);
        assert!(time_in_name("damaged-20261203-101500.db-wal").is_none());
        assert!(time_in_name("clinic-20261203-101500-auto.db.json").is_none());
        assert!(time_in_name(".clinic-20261203-101500-auto.db.partial").is_none());
        assert!(time_in_name("notes.db").is_none());
    }

    #[test]
    fn a_deleted_copy_is_overwritten_then_gone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("clinic-20260101-000000-auto.db");
        std::fs::write(&p, vec![0xAB; 10_000]).unwrap();
        shred(&p).unwrap();
        assert!(!p.exists());
    }
}
