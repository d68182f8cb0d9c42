//! Foundation benchmark: the encrypted store and the audit trail, on real SQLCipher
//! files in a temporary folder.
//!
//! ```text
//! cargo bench --bench foundation
//! ```
//!
//! Measures
//!   a. opening an existing, migrated store with the raw key (goal: median and p95 ≤ 50 ms);
//!   b. a settings write with its audit entry against the same write without one
//!      (goal: ≤ 1.1×, judged on the medians; every commit fsyncs, synchronous = FULL);
//!   c. verifying a real 1,000,000-entry chain (goal ≤ 3 s) and reading audit pages at
//!      that size (goal ≤ 5 ms a page);
//!   d. signing in (argon2id, 64 MiB, 3 passes): right password, wrong password and
//!      unknown user name (goal: median ≤ 1 s, and the three within 25 % of each other).
//!
//! Environment:
//!   ALHAYAT_BENCH_DIR      folder for the temporary data (default: the system temp dir;
//!                          put it on the disk the clinic will use, fsync cost differs)
//!   ALHAYAT_BENCH_ENTRIES  audit entries for part c (default 1000000; smaller for a quick run)
//!   ALHAYAT_BENCH_STRICT=1 exit with status 1 when a goal is missed
//!   ALHAYAT_BENCH_ONLY     run only these parts, e.g. `d` or `a,d`
//!
//! Every row written is synthetic: ids, field names and fixed labels, nothing that looks
//! like a person.

use std::path::Path;
use std::time::{Duration, Instant};

use alhayat::audit::{self, AuditAction, AuditFilter, ChainLink, Origin, GENESIS};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use sqlx::{QueryBuilder, Sqlite};

const OPENS: usize = 30;
const WRITES_EACH: usize = 320;
const WRITE_BLOCK: usize = 10;
const WRITE_WARMUP: usize = 20;
const DEFAULT_ENTRIES: i64 = 1_000_000;
const INSERT_BATCH: usize = 500;
const VERIFY_RUNS: usize = 3;
const PAGE_RUNS: usize = 30;
const PAGE_GOAL_MS: f64 = 5.0;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let missed = runtime.block_on(run());
    if missed > 0 && std::env::var("ALHAYAT_BENCH_STRICT").is_ok_and(|v| v == "1") {
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------- reporting

enum Verdict {
    Info,
    Pass,
    Fail,
}

struct Row {
    measure: String,
    figure: String,
    goal: String,
    verdict: Verdict,
}

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
}

impl Report {
    fn info(&mut self, measure: impl Into<String>, figure: impl Into<String>) {
        self.rows.push(Row {
            measure: measure.into(),
            figure: figure.into(),
            goal: "-".into(),
            verdict: Verdict::Info,
        });
    }

    fn goal(
        &mut self,
        measure: impl Into<String>,
        figure: impl Into<String>,
        goal: impl Into<String>,
        met: bool,
    ) {
        let verdict = if met { Verdict::Pass } else { Verdict::Fail };
        self.rows.push(Row { measure: measure.into(), figure: figure.into(), goal: goal.into(), verdict });
    }

    /// Prints the table; returns how many goals were missed.
    fn print(&self) -> usize {
        let w_measure = self.rows.iter().map(|r| r.measure.chars().count()).max().unwrap_or(0).max(7);
        let w_figure = self.rows.iter().map(|r| r.figure.chars().count()).max().unwrap_or(0).max(6);
        let w_goal = self.rows.iter().map(|r| r.goal.chars().count()).max().unwrap_or(0).max(4);
        let line = format!(
            "+-{}-+-{}-+-{}-+------+",
            "-".repeat(w_measure),
            "-".repeat(w_figure),
            "-".repeat(w_goal)
        );
        println!();
        println!("{line}");
        println!("| {:<w_measure$} | {:<w_figure$} | {:<w_goal$} | {:<4} |", "measure", "figure", "goal", "");
        println!("{line}");
        for r in &self.rows {
            let v = match r.verdict {
                Verdict::Info => "",
                Verdict::Pass => "PASS",
                Verdict::Fail => "FAIL",
            };
            println!(
                "| {:<w_measure$} | {:<w_figure$} | {:<w_goal$} | {v:<4} |",
                r.measure, r.figure, r.goal
            );
        }
        println!("{line}");
        let goals = self.rows.iter().filter(|r| !matches!(r.verdict, Verdict::Info)).count();
        let missed = self.rows.iter().filter(|r| matches!(r.verdict, Verdict::Fail)).count();
        println!("{} of {goals} goals met", goals - missed);
        missed
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Stats {
    mean: f64,
    median: f64,
    p95: f64,
    min: f64,
    max: f64,
}

/// Figures in milliseconds.
fn stats(samples: &[Duration]) -> Stats {
    assert!(!samples.is_empty());
    let mut v: Vec<f64> = samples.iter().copied().map(ms).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    // Nearest rank.
    let p95 = v[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats { mean: v.iter().sum::<f64>() / n as f64, median, p95, min: v[0], max: v[n - 1] }
}

/// The 1-minute load average, where the system tells it; other work on the machine
/// shows up in every figure.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "n/a".into())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

fn progress(text: &str) {
    eprintln!("[foundation] {text}");
}

// ---------------------------------------------------------------- the run

async fn run() -> usize {
    let base = std::env::var_os("ALHAYAT_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let tmp =
        tempfile::Builder::new().prefix("alhayat-bench-").tempdir_in(&base).expect("a temporary folder");
    let entries: i64 = std::env::var("ALHAYAT_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_ENTRIES);
    progress(&format!("data in {}", tmp.path().display()));

    let mut report = Report::default();
    let started = Instant::now();
    let load_at_start = load_average();

    let only = std::env::var("ALHAYAT_BENCH_ONLY").unwrap_or_default();
    let part = |p: &str| only.is_empty() || only.split(',').any(|x| x.trim() == p);
    if part("a") {
        bench_open(&tmp.path().join("open"), &mut report).await;
    }
    if part("b") {
        bench_writes(&tmp.path().join("writes"), &mut report).await;
    }
    if part("c") {
        bench_audit(&tmp.path().join("audit"), entries, &mut report).await;
    }
    if part("d") {
        bench_sign_in(&tmp.path().join("sign-in"), &mut report).await;
    }

    report.info("total bench time", format!("{:.1} s", started.elapsed().as_secs_f64()));
    report.info(
        format!("machine: {} cpus; load average (1 min) at start / end", cpus()),
        format!("{load_at_start} / {}", load_average()),
    );
    let missed = report.print();
    drop(tmp);
    missed
}

// ---------------------------------------------------------------- a. open

async fn bench_open(dir: &Path, report: &mut Report) {
    progress("a. opening the store");
    let key = DbKey::generate();
    let created = Instant::now();
    let store = Store::open(dir, &key, OpenMode::FIRST_RUN).await.expect("create the store");
    let create_time = created.elapsed();
    // A little content, so the file is an ordinary migrated clinic file.
    let origin = Origin { staff_id: None, workstation: "bench-ws".into() };
    let mut tx = store.begin_write().await.expect("begin");
    sqlx::query("INSERT INTO settings (key, value) VALUES ('bench.open', '1')")
        .execute(tx.conn())
        .await
        .expect("write");
    tx.audit(origin.entry(
        AuditAction::SettingsChange,
        "settings",
        Some("bench.open".into()),
        "key bench.open",
    ))
    .await
    .expect("audit");
    tx.commit().await.expect("commit");
    store.close().await;

    let mut samples = Vec::with_capacity(OPENS);
    for _ in 0..OPENS {
        let t = Instant::now();
        let store = Store::open(dir, &key, OpenMode::APP).await.expect("open the store");
        samples.push(t.elapsed());
        store.close().await;
    }
    let s = stats(&samples);
    report.info("a. create + migrate a new store (once)", format!("{:.1} ms", ms(create_time)));
    report.goal(
        format!("a. open existing store, raw key: median ({OPENS} opens)"),
        format!("{:.2} ms", s.median),
        "<= 50 ms",
        s.median <= 50.0,
    );
    report.goal(
        "a. open existing store, raw key: p95",
        format!("{:.2} ms", s.p95),
        "<= 50 ms",
        s.p95 <= 50.0,
    );
    report.info("a. open: min / max", format!("{:.2} / {:.2} ms", s.min, s.max));
}

// ---------------------------------------------------------------- d. sign-in

const SIGN_INS: usize = 15;

async fn bench_sign_in(dir: &Path, report: &mut Report) {
    use alhayat::auth::{self, Role, Sessions};
    progress("d. signing in");
    let store = Store::open(dir, &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("create the store");
    let password = "bench-kettle-42";
    let hash = alhayat::auth::password::hash_off_thread(password.into()).await.expect("hash");
    let origin = Origin { staff_id: None, workstation: "bench-ws".into() };
    let mut tx = store.begin_write().await.expect("begin");
    let id = alhayat::staff::insert(tx.conn(), "bench.user", "Bench User", &hash, &[Role::Reception])
        .await
        .expect("insert");
    tx.audit(origin.entry(AuditAction::Create, "staff", Some(id.to_string()), "bench")).await.expect("audit");
    tx.commit().await.expect("commit");
    let sessions = Sessions::new(Duration::from_secs(600));

    let mut right = Vec::with_capacity(SIGN_INS);
    let mut wrong = Vec::with_capacity(SIGN_INS);
    let mut unknown = Vec::with_capacity(SIGN_INS);
    for i in 0..SIGN_INS {
        let t = Instant::now();
        auth::sign_in(&store, &sessions, "bench-ws", "bench.user", password).await.expect("sign in");
        right.push(t.elapsed());
        // Alternating with right ones keeps the account below the lock-out.
        let t = Instant::now();
        assert!(auth::sign_in(&store, &sessions, "bench-ws", "bench.user", "not-the-password")
            .await
            .is_err());
        wrong.push(t.elapsed());
        let t = Instant::now();
        let name = format!("nobody.{i}");
        assert!(auth::sign_in(&store, &sessions, "bench-ws", &name, password).await.is_err());
        unknown.push(t.elapsed());
    }
    let (r, w, u) = (stats(&right), stats(&wrong), stats(&unknown));
    report.goal(
        format!("d. sign-in, right password: median ({SIGN_INS})"),
        format!("{:.0} ms", r.median),
        "<= 1000 ms",
        r.median <= 1000.0,
    );
    report.info("d. sign-in, right password: p95", format!("{:.0} ms", r.p95));
    report.info("d. sign-in, wrong password: median / p95", format!("{:.0} / {:.0} ms", w.median, w.p95));
    report.info("d. sign-in, unknown user name: median / p95", format!("{:.0} / {:.0} ms", u.median, u.p95));
    let (lo, hi) = (r.median.min(w.median).min(u.median), r.median.max(w.median).max(u.median));
    report.goal(
        "d. slowest / fastest of the three medians",
        format!("{:.2}", hi / lo),
        "<= 1.25",
        hi / lo <= 1.25,
    );
    store.close().await;
}

// ---------------------------------------------------------------- b. writes

const UPSERT: &str = "INSERT INTO settings (key, value) VALUES (?, ?)
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value";

async fn write_with_audit(store: &Store, origin: &Origin, key: &str, value: &str) {
    let mut tx = store.begin_write().await.expect("begin");
    sqlx::query(UPSERT).bind(key).bind(value).execute(tx.conn()).await.expect("write");
    tx.audit(origin.entry(
        AuditAction::SettingsChange,
        "settings",
        Some(key.to_string()),
        format!("key {key}"),
    ))
    .await
    .expect("audit");
    tx.commit().await.expect("commit");
}

async fn write_without_audit(store: &Store, key: &str, value: &str) {
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await.expect("begin");
    sqlx::query(UPSERT).bind(key).bind(value).execute(&mut *tx).await.expect("write");
    tx.commit().await.expect("commit");
}

/// What one small write plus fsync costs on this disk: the floor of every commit.
fn fsync_probe(dir: &Path) -> Stats {
    use std::io::{Seek, SeekFrom, Write};
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).expect("probe file");
    let page = [0x5au8; 4096];
    let mut samples = Vec::with_capacity(100);
    for _ in 0..100 {
        let t = Instant::now();
        f.seek(SeekFrom::Start(0)).expect("seek");
        f.write_all(&page).expect("write");
        f.sync_data().expect("fsync");
        samples.push(t.elapsed());
    }
    drop(f);
    let _ = std::fs::remove_file(&path);
    stats(&samples)
}

#[derive(Clone, Copy, PartialEq)]
enum WriteKind {
    Audited,
    Plain,
}

async fn bench_writes(dir: &Path, report: &mut Report) {
    progress("b. writes with and without their audit entry");
    let key = DbKey::generate();
    let store = Store::open(dir, &key, OpenMode::FIRST_RUN).await.expect("create the store");
    let origin = Origin { staff_id: Some(1), workstation: "bench-ws".into() };
    // Eight keys, written in turn, so every kind updates existing rows of the same table.
    let keys: Vec<String> = (0..8).map(|i| format!("bench.setting.{i}")).collect();
    for k in &keys {
        write_with_audit(&store, &origin, k, "0").await;
    }
    for i in 0..WRITE_WARMUP {
        let k = &keys[i % keys.len()];
        write_with_audit(&store, &origin, k, &i.to_string()).await;
        write_without_audit(&store, k, &i.to_string()).await;
    }

    use WriteKind::*;
    // Blocks run in every order in turn, so drift (other work on the machine, the WAL
    // growing until it is checkpointed) weighs on each kind alike.
    const ORDERS: [[WriteKind; 2]; 2] = [[Audited, Plain], [Plain, Audited]];
    let mut with = Vec::with_capacity(WRITES_EACH);
    let mut without = Vec::with_capacity(WRITES_EACH);
    let mut n = 0usize;
    let mut round = 0usize;
    while with.len() < WRITES_EACH {
        for kind in ORDERS[round % ORDERS.len()] {
            for _ in 0..WRITE_BLOCK {
                let k = &keys[n % keys.len()];
                let v = n.to_string();
                n += 1;
                let t = Instant::now();
                match kind {
                    Audited => {
                        write_with_audit(&store, &origin, k, &v).await;
                        with.push(t.elapsed());
                    }
                    Plain => {
                        write_without_audit(&store, k, &v).await;
                        without.push(t.elapsed());
                    }
                }
            }
        }
        round += 1;
    }
    let chain = audit::verify(store.pool(), store.head().read().as_ref()).await.expect("verify");
    assert!(chain.ok, "the chain written by the write bench does not verify: {:?}", chain.problem);
    store.close().await;
    let disk = fsync_probe(dir);

    let w = stats(&with);
    let wo = stats(&without);
    let ratio_median = w.median / wo.median;
    let ratio_mean = w.mean / wo.mean;
    let fig = |s: &Stats| format!("mean {:.3} / median {:.3} / p95 {:.3} ms", s.mean, s.median, s.p95);
    report.info(format!("b. write + audit entry, WriteTx ({} writes)", with.len()), fig(&w));
    report.info(format!("b. same write, no audit ({} writes)", without.len()), fig(&wo));
    report.goal(
        "b. audit overhead: ratio of medians",
        format!("{ratio_median:.3}x"),
        "<= 1.10x",
        ratio_median <= 1.10,
    );
    report.info("b. audit overhead: ratio of means", format!("{ratio_mean:.3}x"));
    report
        .info("b. audit cost per write (difference of medians)", format!("+{:.3} ms", w.median - wo.median));
    report.info(
        "b. this disk: 4 KiB write + fdatasync",
        format!("median {:.3} / p95 {:.3} ms", disk.median, disk.p95),
    );
}

// ---------------------------------------------------------------- c. audit trail

/// A small deterministic generator, so every run builds the same trail.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Synthetic {
    at: String,
    staff_id: Option<i64>,
    workstation: &'static str,
    action: &'static str,
    entity: &'static str,
    entity_id: Option<String>,
    patient_id: Option<i64>,
    summary: String,
    /// The patients a list entry names (a search, a day's appointments), sorted.
    listed: Vec<i64>,
}

/// `n` distinct patient ids, sorted, as a list read would name them.
fn some_patients(rng: &mut XorShift, n: u64) -> Vec<i64> {
    let ids: Vec<i64> = (0..n).map(|_| 1 + rng.below(5000) as i64).collect();
    audit::named::normalised(&ids)
}

const WORKSTATIONS: [&str; 3] = ["reception-1", "therapy-2", "office-3"];
const STAFF: i64 = 6;
const FIRST_AT: &str = "2025-11-25T04:00:00Z";
/// One entry every 30 s: a million entries span about 347 days.
const STEP_SECONDS: i64 = 30;

fn synthetic(seq: i64, rng: &mut XorShift, first: chrono::DateTime<chrono::Utc>) -> Synthetic {
    let at =
        (first + chrono::Duration::seconds(seq * STEP_SECONDS)).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let staff_id = Some(1 + rng.below(STAFF as u64) as i64);
    let workstation = WORKSTATIONS[rng.below(3) as usize];
    let patient = Some(1 + rng.below(5000) as i64);
    let roll = rng.below(100);
    // Reads of lists name their patients (audit_patients): searches typed at the desk
    // (up to 20 each) and the day's appointments (a busy day: 40 to 120).
    let mut listed = Vec::new();
    let (action, entity, entity_id, patient_id, summary) = match roll {
        0..=29 => (AuditAction::View, "patient", patient.map(|p| p.to_string()), patient, "record opened"),
        30..=44 => {
            let n = rng.below(21);
            listed = some_patients(rng, n);
            (AuditAction::View, "patient_search", None, None, "search by name")
        }
        45..=49 => {
            let n = 40 + rng.below(81);
            listed = some_patients(rng, n);
            (AuditAction::View, "appointments", None, None, "day 2026-01-05")
        }
        50..=64 => {
            (AuditAction::Update, "patient", patient.map(|p| p.to_string()), patient, "fields phone,address")
        }
        65..=72 => {
            (AuditAction::Create, "appointment", Some(rng.below(100_000).to_string()), patient, "slot booked")
        }
        73..=80 => (AuditAction::SignIn, "session", None, None, ""),
        81..=87 => (AuditAction::SignOut, "session", None, None, ""),
        88..=91 => (AuditAction::Lock, "session", None, None, "idle"),
        92..=94 => (AuditAction::Unlock, "session", None, None, ""),
        95..=96 => (AuditAction::Print, "patient", patient.map(|p| p.to_string()), patient, "summary sheet"),
        97 => (AuditAction::SignInFailed, "session", None, None, "wrong password"),
        98 => (AuditAction::Export, "patient", patient.map(|p| p.to_string()), patient, "pdf"),
        _ => (
            AuditAction::SettingsChange,
            "settings",
            Some("idle_lock_minutes".into()),
            None,
            "key idle_lock_minutes",
        ),
    };
    let summary = if entity == "patient_search" || entity == "appointments" {
        audit::named::with_claim(summary, &listed)
    } else {
        summary.to_string()
    };
    Synthetic {
        at,
        staff_id,
        workstation,
        action: action.as_str(),
        entity,
        entity_id,
        patient_id,
        summary,
        listed,
    }
}

/// Builds a real hash chain of `entries` entries in one transaction: each hash is
/// computed with the application's own `entry_hash`, the rows go in by batches.
/// Returns the newest link and the time spent in `entry_hash` alone.
async fn build_trail(store: &Store, entries: i64) -> (ChainLink, Duration) {
    let first: chrono::DateTime<chrono::Utc> = FIRST_AT.parse().expect("a timestamp");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await.expect("begin");
    let now = chrono::Utc::now().to_rfc3339();
    for i in 1..=STAFF {
        sqlx::query(
            "INSERT INTO staff (id, username, full_name, password_hash, created_at, updated_at)
             VALUES (?, ?, ?, 'not-a-hash', ?, ?)",
        )
        .bind(i)
        .bind(format!("bench{i}"))
        .bind(format!("Bench Staff {i}"))
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .expect("staff row");
    }

    // The app lists patients only with the newest entry; the bench writes whole batches,
    // so the guard is lifted while the synthetic trail is built and put back after.
    sqlx::query("DROP TRIGGER audit_patients_only_newest").execute(&mut *tx).await.expect("lift the guard");
    let mut prev = GENESIS.to_string();
    let mut seq = 1i64;
    let mut hashing = Duration::ZERO;
    let mut batch: Vec<(i64, Synthetic, String, String)> = Vec::with_capacity(INSERT_BATCH);
    while seq <= entries {
        batch.clear();
        while batch.len() < INSERT_BATCH && seq <= entries {
            let e = synthetic(seq, &mut rng, first);
            let t = Instant::now();
            let hash = audit::entry_hash(
                seq,
                &e.at,
                e.staff_id,
                e.workstation,
                e.action,
                e.entity,
                e.entity_id.as_deref(),
                e.patient_id,
                &e.summary,
                &prev,
            );
            hashing += t.elapsed();
            let prev_hash = std::mem::replace(&mut prev, hash.clone());
            batch.push((seq, e, prev_hash, hash));
            seq += 1;
        }
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO audit_log (seq, at, staff_id, workstation, action, entity, entity_id,
                                    patient_id, summary, prev_hash, hash) ",
        );
        q.push_values(batch.iter(), |mut b, (seq, e, prev_hash, hash)| {
            b.push_bind(*seq)
                .push_bind(e.at.as_str())
                .push_bind(e.staff_id)
                .push_bind(e.workstation)
                .push_bind(e.action)
                .push_bind(e.entity)
                .push_bind(e.entity_id.as_deref())
                .push_bind(e.patient_id)
                .push_bind(e.summary.as_str())
                .push_bind(prev_hash.as_str())
                .push_bind(hash.as_str());
        });
        q.build().execute(&mut *tx).await.expect("insert a batch of audit entries");
        let listed: Vec<(i64, String)> = batch
            .iter()
            .filter(|(_, e, _, _)| !e.listed.is_empty())
            .map(|(seq, e, _, _)| (*seq, audit::named::id_text(&e.listed)))
            .collect();
        for rows in listed.chunks(1000) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT INTO audit_patients (seq, patient_ids) ");
            q.push_values(rows, |mut b, (seq, ids)| {
                b.push_bind(*seq).push_bind(ids.as_str());
            });
            q.build().execute(&mut *tx).await.expect("insert the listed patients");
        }
        if (seq - 1) % 200_000 == 0 {
            progress(&format!("   {} entries", seq - 1));
        }
    }
    sqlx::query(
        "CREATE TRIGGER audit_patients_only_newest BEFORE INSERT ON audit_patients
         WHEN NEW.seq <> (SELECT max(seq) FROM audit_log)
         BEGIN SELECT RAISE(ABORT, 'patients are listed only with the newest audit entry'); END",
    )
    .execute(&mut *tx)
    .await
    .expect("put the guard back");
    tx.commit().await.expect("commit the trail");
    (ChainLink { seq: entries, hash: prev }, hashing)
}

fn last_at(entries: i64) -> chrono::NaiveDate {
    let first: chrono::DateTime<chrono::Utc> = FIRST_AT.parse().expect("a timestamp");
    (first + chrono::Duration::seconds(entries * STEP_SECONDS)).date_naive()
}

async fn time_page(store: &Store, filter: &AuditFilter) -> (Stats, usize) {
    let mut samples = Vec::with_capacity(PAGE_RUNS);
    let mut rows = 0;
    // One untimed read first, so every figure is for a warm cache.
    audit::list(store.pool(), filter).await.expect("audit page");
    for _ in 0..PAGE_RUNS {
        let t = Instant::now();
        let page = audit::list(store.pool(), filter).await.expect("audit page");
        samples.push(t.elapsed());
        rows = page.rows.len();
    }
    (stats(&samples), rows)
}

async fn bench_audit(dir: &Path, entries: i64, report: &mut Report) {
    let label = if entries == DEFAULT_ENTRIES { "1M".to_string() } else { entries.to_string() };
    progress(&format!("c. building a real chain of {entries} audit entries"));
    let key = DbKey::generate();
    let store = Store::open(dir, &key, OpenMode::FIRST_RUN).await.expect("create the store");
    let t = Instant::now();
    let (head, hashing) = build_trail(&store, entries).await;
    let build_time = t.elapsed();
    store.head().record(&head);
    let (lists, listed): (i64, i64) = sqlx::query_as(
        "SELECT count(*), coalesce(sum(length(patient_ids) - length(replace(patient_ids, ',', '')) + 1), 0)
         FROM audit_patients",
    )
    .fetch_one(store.pool())
    .await
    .expect("count");
    report.info(
        format!("c. patients named by the {label} entries (searches 15 %, day views 5 %)"),
        format!("{listed} ids in {lists} lists"),
    );
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.expect("checkpoint");
    store.close().await;
    let db_mb =
        std::fs::metadata(dir.join(alhayat::store::DB_FILE)).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    report.info(
        format!("c. build {label}-entry chain (one transaction, setup only)"),
        format!("{:.1} s, file {db_mb:.0} MB", build_time.as_secs_f64()),
    );

    // Reopen, as the application would after a restart.
    let t = Instant::now();
    let store = Store::open(dir, &key, OpenMode::APP).await.expect("reopen");
    report
        .info(format!("c. open the {label}-entry store (first open)"), format!("{:.2} ms", ms(t.elapsed())));

    progress("c. verifying the chain");
    let head = store.head().read();
    assert_eq!(head.as_ref().map(|h| h.seq), Some(entries), "the head file was not written");
    let mut samples = Vec::with_capacity(VERIFY_RUNS);
    for run in 0..VERIFY_RUNS {
        let t = Instant::now();
        let r = audit::verify(store.pool(), head.as_ref()).await.expect("verify");
        samples.push(t.elapsed());
        assert!(r.ok, "the synthetic chain does not verify: {:?} at {:?}", r.problem, r.first_bad_seq);
        assert_eq!(r.entries_checked, entries, "verify did not walk every entry");
        progress(&format!("   run {}: {:.2} s", run + 1, samples[run].as_secs_f64()));
    }
    // Also without the head link, as asked of the command line tool.
    let r = audit::verify(store.pool(), None).await.expect("verify");
    assert!(r.ok && r.entries_checked == entries, "the chain does not verify without the head link");
    let best = samples.iter().min().copied().unwrap_or_default();
    let v = stats(&samples);
    report.goal(
        format!("c. verify {label} entries: best of {VERIFY_RUNS} (ok=true asserted)"),
        format!("{:.2} s", best.as_secs_f64()),
        "<= 3 s",
        best.as_secs_f64() <= 3.0,
    );
    report.info(
        format!("c. verify {label} entries: median of {VERIFY_RUNS}"),
        format!("{:.2} s", v.median / 1000.0),
    );
    report.info(
        format!("c.   of which: entry_hash x {label} (timed while building)"),
        format!("{:.2} s", hashing.as_secs_f64()),
    );

    progress("c. audit viewer pages");
    let last_day = last_at(entries);
    let first_day = last_at(0);
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let recent_from = day(last_day - chrono::Duration::days(30));
    let old_from = day(first_day + chrono::Duration::days(14));
    let old_to = day(first_day + chrono::Duration::days(44));
    let pages: Vec<(String, AuditFilter)> = vec![
        ("newest page, no filter".into(), AuditFilter { ..Default::default() }),
        (
            "page deep in the trail (before_seq = n/2)".into(),
            AuditFilter { before_seq: Some(entries / 2), ..Default::default() },
        ),
        ("action = sign_in".into(), AuditFilter { action: Some(AuditAction::SignIn), ..Default::default() }),
        (
            "sign_in, last 30 days".into(),
            AuditFilter {
                action: Some(AuditAction::SignIn),
                from: Some(recent_from.clone()),
                to: Some(day(last_day)),
                ..Default::default()
            },
        ),
        (
            "sign_in, a month ~11 months back".into(),
            AuditFilter {
                action: Some(AuditAction::SignIn),
                from: Some(old_from.clone()),
                to: Some(old_to.clone()),
                ..Default::default()
            },
        ),
        (
            "date range only, a month ~11 months back".into(),
            AuditFilter { from: Some(old_from.clone()), to: Some(old_to.clone()), ..Default::default() },
        ),
        ("one staff member".into(), AuditFilter { staff_id: Some(3), ..Default::default() }),
        ("one patient".into(), AuditFilter { patient_id: Some(42), ..Default::default() }),
    ];
    for (name, filter) in &pages {
        let (s, rows) = time_page(&store, filter).await;
        report.goal(
            format!("c. audit page at {label}: {name} ({rows} rows)"),
            format!("median {:.2} / p95 {:.2} ms", s.median, s.p95),
            format!("<= {PAGE_GOAL_MS} ms"),
            s.median <= PAGE_GOAL_MS,
        );
    }

    // What a write costs once the trail is long (append reads the newest entry first).
    let origin = Origin { staff_id: Some(1), workstation: "bench-ws".into() };
    let mut writes = Vec::with_capacity(50);
    for i in 0..50 {
        let t = Instant::now();
        write_with_audit(&store, &origin, "bench.late", &i.to_string()).await;
        writes.push(t.elapsed());
    }
    let w = stats(&writes);
    report.info(
        format!("c. write + audit entry at {label} entries (50 writes)"),
        format!("median {:.3} ms", w.median),
    );
    store.close().await;
}
