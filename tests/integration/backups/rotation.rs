//! Rotation over a simulated year: exactly the tiers are kept, nothing past the longest
//! time; pre-migration copies and damaged files set aside fall under it too.

use std::collections::BTreeSet;

use alhayat::backups::rotation;
use alhayat::clock::CLINIC_TZ;
use chrono::{Datelike, Duration, Months};

use super::*;

/// What the tiers keep at `now` out of every copy ever made (`made`, oldest first),
/// worked out afresh: the newest copy of each day, week, month in its window.
fn expected(made: &[DateTime<Utc>], now: DateTime<Utc>, p: &BackupPolicy) -> BTreeSet<DateTime<Utc>> {
    let existing: Vec<DateTime<Utc>> = made.iter().copied().filter(|t| *t <= now).collect();
    let day = |t: &DateTime<Utc>| t.with_timezone(&CLINIC_TZ).date_naive();
    let last_of = |t: &DateTime<Utc>, same: &dyn Fn(&DateTime<Utc>, &DateTime<Utc>) -> bool| {
        existing.iter().filter(|o| same(o, t)).max() == Some(t)
    };
    existing
        .iter()
        .copied()
        .filter(|t| {
            let age = now - *t;
            if age > Duration::days(p.max_age_days.into()) {
                return false;
            }
            age <= Duration::hours(p.keep_all_hours.into())
                || (age <= Duration::days(p.daily_days.into()) && last_of(t, &|a, b| day(a) == day(b)))
                || (age <= Duration::weeks(p.weekly_weeks.into())
                    && last_of(t, &|a, b| day(a).iso_week() == day(b).iso_week()))
                || (*t >= now.checked_sub_months(Months::new(p.monthly_months)).unwrap()
                    && last_of(t, &|a, b| (day(a).year(), day(a).month()) == (day(b).year(), day(b).month())))
        })
        .collect()
}

fn kept_in(dir: &Path) -> BTreeSet<DateTime<Utc>> {
    rotation::items_in(dir).into_iter().map(|it| it.taken_at).collect()
}

#[test]
fn a_simulated_year_and_more_keeps_exactly_the_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let p = BackupPolicy::default();
    let start = at(2026, 1, 1, 3);
    let mut made = Vec::new();
    let mut t = start;
    // A copy every 4 hours for 420 days, the rotation after each, as the app would.
    while t < start + Duration::days(420) {
        let name = format!("clinic-{}-auto.db", t.format("%Y%m%d-%H%M%S"));
        std::fs::write(dir.path().join(&name), b"c").unwrap();
        made.push(t);
        rotation::rotate(dir.path(), t, &p).unwrap();
        if made.len() % 240 == 0 {
            assert_eq!(kept_in(dir.path()), expected(&made, t, &p), "at {t}");
        }
        t += Duration::hours(4);
    }
    let now = *made.last().unwrap();
    let kept = kept_in(dir.path());
    assert_eq!(kept, expected(&made, now, &p));
    // The shape of it, said plainly: every copy of the last 48 h (12 a day), one a day
    // after that for 30 days, then a week's, then a month's, none past a year.
    let recent = kept.iter().filter(|t| now - **t <= Duration::hours(48)).count();
    assert_eq!(recent, 13);
    assert!(kept.iter().all(|t| now - *t <= Duration::days(365)));
    let days_30: BTreeSet<_> = kept
        .iter()
        .filter(|t| now - **t <= Duration::days(30))
        .map(|t| t.with_timezone(&CLINIC_TZ).date_naive())
        .collect();
    assert!(days_30.len() >= 30, "{}", days_30.len());
    assert!(kept.len() <= 13 + 31 + 13 + 13, "{}", kept.len());
    assert!(kept.iter().any(|t| now - *t > Duration::days(300)), "a monthly copy from most of a year ago");
    // Only the ones the tiers keep are left, and every other was deleted (none lingering).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), kept.len());
}

#[tokio::test]
async fn pre_migration_copies_and_damaged_files_age_out_too() {
    let f = crate::support::fresh_store().await;
    let data = f.dir.path();
    let old = at(2025, 1, 10, 8);
    let bdir = backups_dir(data);
    std::fs::create_dir_all(&bdir).unwrap();
    let pre = bdir.join(format!("clinic-{}-before-migration-20261125000001.db", old.format("%Y%m%d-%H%M%S")));
    std::fs::write(&pre, vec![9u8; 8192]).unwrap();
    let damaged = data.join(format!("damaged-{}.db", old.format("%Y%m%d-%H%M%S")));
    for side in ["", "-wal", ".audit-head"] {
        std::fs::write(format!("{}{side}", damaged.display()), b"old").unwrap();
    }
    // Not yet a year old: kept.
    let run = run_at(&f.store, &BackupPolicy::default(), old + Duration::days(200)).await;
    assert!(run.verified && pre.exists() && damaged.exists());
    // Past the longest time: overwritten and gone, with their WAL and head.
    let run = run_at(&f.store, &BackupPolicy::default(), old + Duration::days(366)).await;
    assert_eq!(run.deleted, 2, "the pre-migration copy and the damaged file: {run:?}");
    assert!(!pre.exists() && !damaged.exists());
    assert!(!Path::new(&format!("{}-wal", damaged.display())).exists());
    assert!(!Path::new(&format!("{}.audit-head", damaged.display())).exists());
    assert!(crate::support::db_path_exists(data));
}
