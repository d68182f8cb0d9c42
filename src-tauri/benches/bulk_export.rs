//! Bulk FHIR export benchmark on a real encrypted file: 100,000 patients with five
//! appointments each (most attended, so an Encounter each too) and two outcome
//! measures for every other patient, 1 % objecting to statistics. Exports every
//! patient for statistics as NDJSON and checks the goal: **≤ 60 s**. Then one
//! patient's portability package.
//!
//! ```text
//! cargo bench --bench bulk_export
//! ```
//! `ALHAYAT_BENCH_PATIENTS` sets the number of patients (default 100000).

mod common;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::downloads::Downloads;
use alhayat::portability::{self, BulkPurpose, BulkRequest};
use alhayat::rights;
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use common::{seed_patients, Rng};

const PRACTITIONERS: i64 = 10;
const VISITS: usize = 5;

async fn seed_clinic(store: &Store) {
    let mut tx = store.pool().begin().await.expect("begin");
    let now = "2026-01-01T00:00:00Z";
    sqlx::query("INSERT INTO clinic_profile (id, name, address, phone, updated_at) VALUES (1, 'Al-Hayat Clinic', '12 Main Boulevard, Lahore', '+92 42 3571 0000', ?1)")
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("clinic");
    for id in 1..=PRACTITIONERS + 1 {
        let (name, role) = if id == 1 {
            ("Privacy".to_string(), "privacy_officer")
        } else {
            (format!("Dr. P{id}"), "physiotherapist")
        };
        sqlx::query("INSERT INTO staff (id, username, full_name, password_hash, created_at, updated_at) VALUES (?1, ?2, ?3, 'x', ?4, ?4)")
            .bind(id)
            .bind(format!("user{id}"))
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("staff");
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?1, ?2)")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await
            .expect("role");
    }
    sqlx::query("INSERT INTO rooms (id, name) VALUES (1, 'Room 1')").execute(&mut *tx).await.expect("room");
    sqlx::query("INSERT INTO services (id, name, discipline, duration_minutes, price_pkr) VALUES (1, 'Physiotherapy session', 'physiotherapy', 45, 3500)")
        .execute(&mut *tx)
        .await
        .expect("service");
    tx.commit().await.expect("commit");
}

/// Multi-row inserts, 400 rows a statement.
async fn insert_many(store: &Store, head: &str, one: &str, rows: Vec<Vec<String>>) {
    let mut tx = store.pool().begin().await.expect("begin");
    for chunk in rows.chunks(400) {
        let sql = format!("{head} VALUES {}", vec![one; chunk.len()].join(","));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = q.bind(v.clone());
            }
        }
        q.execute(&mut *tx).await.expect("insert");
    }
    tx.commit().await.expect("commit");
}

async fn seed_records(store: &Store, patients: usize) -> (usize, usize) {
    let mut rng = Rng(0xb01c_e4a0);
    let mut appointments = Vec::with_capacity(patients * VISITS);
    let mut measures = Vec::new();
    for p in 1..=patients {
        for v in 0..VISITS {
            let day = 1 + (p + v * 37) % 28;
            let month = 1 + (p + v) % 10;
            let hour = 4 + rng.below(8);
            let start = format!("2026-{month:02}-{day:02}T{hour:02}:00:00Z");
            let end = format!("2026-{month:02}-{day:02}T{hour:02}:45:00Z");
            let status = if rng.below(12) == 0 { "no_show" } else { "completed" };
            let practitioner = 2 + rng.below(PRACTITIONERS as usize) as i64;
            appointments.push(vec![p.to_string(), practitioner.to_string(), start, end, status.into()]);
        }
        if p % 2 == 0 {
            let by = (2 + rng.below(PRACTITIONERS as usize)).to_string();
            let pain = rng.below(11);
            measures.push(vec![
                p.to_string(),
                "nprs".into(),
                format!("[{pain}]"),
                pain.to_string(),
                "moderate".into(),
                "2026-10-01".into(),
                by.clone(),
            ]);
            let items: Vec<String> = (0..9).map(|_| rng.below(4).to_string()).collect();
            let total: usize = items.iter().map(|i| i.parse::<usize>().expect("digit")).sum();
            measures.push(vec![
                p.to_string(),
                "phq9".into(),
                format!("[{}]", items.join(",")),
                total.to_string(),
                "mild".into(),
                "2026-10-02".into(),
                by,
            ]);
        }
    }
    let (a, m) = (appointments.len(), measures.len());
    insert_many(
        store,
        "INSERT INTO appointments (patient_id, practitioner_id, starts_at, ends_at, status, service_id, room_id, created_by, created_at, updated_at)",
        "(?, ?, ?, ?, ?, 1, 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        appointments,
    )
    .await;
    insert_many(
        store,
        "INSERT INTO measures (patient_id, instrument, answers, total, band, taken_on, recorded_by, recorded_at)",
        "(?, ?, ?, ?, ?, ?, ?, '2026-10-02T05:00:00Z')",
        measures,
    )
    .await;
    let objectors: Vec<Vec<String>> = (1..=patients).step_by(100).map(|p| vec![p.to_string()]).collect();
    insert_many(
        store,
        "INSERT INTO objections (patient_id, purpose, received_at, recorded_by)",
        "(?, 'statistics', '2026-01-01T00:00:00Z', 1)",
        objectors,
    )
    .await;
    sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");
    (a, m)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let patients: usize =
            std::env::var("ALHAYAT_BENCH_PATIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
        let dir = match std::env::var_os("ALHAYAT_BENCH_DIR") {
            Some(d) => tempfile::tempdir_in(d),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let store = Store::open(&dir.path().join("data"), &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("store");
        let t = Instant::now();
        seed_patients(&store, patients).await;
        seed_clinic(&store).await;
        let (appointments, measures) = seed_records(&store, patients).await;
        println!(
            "seeded {patients} patients, {appointments} appointments, {measures} measures in {:.1} s",
            t.elapsed().as_secs_f64()
        );

        let officer = Actor { staff_id: 1, roles: vec![Role::PrivacyOfficer], workstation: "bench".into() };
        let out = dir.path().join("exports");
        let req = BulkRequest { purpose: BulkPurpose::Statistics, patient_ids: None };
        let t = Instant::now();
        let saved = portability::bulk_export(&store, &officer, req, &out, |_| {}, Arc::new(AtomicBool::new(false)))
            .await
            .expect("bulk export");
        let secs = t.elapsed().as_secs_f64();
        let resources: u64 = saved.files.iter().map(|f| f.count).sum();
        let bytes: u64 = saved.files.iter().map(|f| f.bytes).sum();
        for f in &saved.files {
            println!("  {:<22} {:>9} resources {:>8.1} MB", f.path, f.count, f.bytes as f64 / 1e6);
        }
        println!(
            "bulk export: {} patients ({} left out for objections), {resources} resources, {:.0} MB in {secs:.1} s \
             ({:.0} patients/s)   goal <= 60 s: {}",
            saved.patients,
            saved.skipped_for_objections,
            bytes as f64 / 1e6,
            saved.patients as f64 / secs,
            if secs <= 60.0 { "PASS" } else { "FAIL" }
        );

        let downloads = Downloads::new(Some(out.clone()), dir.path());
        // A package leaves only for the patient's portability request, in progress.
        let now = chrono::Utc::now();
        let adult: i64 = sqlx::query_scalar("SELECT min(id) FROM patients WHERE birth_date < '2000-01-01'")
            .fetch_one(store.pool())
            .await
            .expect("an adult patient");
        let ask = rights::RequestInput {
            kind: "portability".into(),
            patient_id: adult,
            requested_by: rights::RequestedBy::Patient,
            guardian_id: None,
            details: String::new(),
            received_on: rights::clinic_date(now).to_string(),
            due_on: String::new(),
        };
        let request = rights::record_request(&store, &officer, ask, now).await.expect("request");
        let check = rights::IdentityCheck { method: rights::IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
        rights::verify_identity(&store, &officer, request.id, check, now).await.expect("identity");
        rights::start_work(&store, &officer, request.id, String::new(), now).await.expect("in progress");
        let t = Instant::now();
        let one =
            portability::patient_package(&store, &officer, request.id, &downloads, Arc::new(AtomicBool::new(false)))
                .await
                .expect("package");
        println!("one patient's portability package: {} files in {:.0} ms", one.files.len(), t.elapsed().as_secs_f64() * 1000.0);
        store.close().await;
    });
}
