//! Reception benchmark: the front-desk search over 100,000 generated patients, through
//! the service (permission check, reading the query, ranking) and the same SQL sent
//! straight through sqlx, on a real encrypted file.
//!
//! ```text
//! cargo bench --bench reception
//! ```
//! `ALHAYAT_BENCH_PATIENTS` sets the number of patients (default 100000).

use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::patients;
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};

mod common;

use common::{pct, seed_patients as seed};

/// The SQL the service sends for a text query, sent straight through sqlx.
async fn raw_text_query(store: &Store, text: &str) -> usize {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1 LIMIT 300) hits
         JOIN patients p ON p.id = hits.rowid
         ORDER BY CASE WHEN p.full_name = ?2 COLLATE NOCASE OR p.name_ur = ?2 THEN 0
                       WHEN p.full_name LIKE ?2 || '%' OR p.name_ur LIKE ?2 || '%' THEN 1
                       WHEN p.full_name LIKE '% ' || ?2 || '%' OR p.name_ur LIKE '% ' || ?2 || '%' THEN 2
                       ELSE 3 END, p.full_name COLLATE NOCASE
         LIMIT 20",
    )
    .bind(format!("{{full_name name_ur}} : \"{text}\""))
    .bind(text)
    .fetch_all(store.pool())
    .await
    .expect("raw query");
    rows.len()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let n: usize = std::env::var("ALHAYAT_BENCH_PATIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("store");
        let t = Instant::now();
        seed(&store, n).await;
        println!("seeded {n} patients (with the search index) in {:.1} s", t.elapsed().as_secs_f64());
        let desk = Actor { staff_id: 1, roles: vec![Role::Reception], workstation: "bench".into() };

        // Real numbers from the data, typed the ways the desk types them.
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT phone_digits, cnic FROM patients WHERE id IN (17, 4242, 77777)")
                .fetch_all(store.pool())
                .await
                .expect("sample");
        let mut phones = Vec::new();
        let mut cnics = Vec::new();
        for (digits, cnic) in &rows {
            phones.push(format!("0{}-{}", &digits[2..5], &digits[5..]));
            phones.push(format!("+{digits}"));
            phones.push(digits[5..].to_string());
            cnics.push(cnic.clone());
            cnics.push(cnic.replace('-', ""));
        }
        let phones: Vec<&str> = phones.iter().map(String::as_str).collect();
        let cnics: Vec<&str> = cnics.iter().map(String::as_str).collect();
        let classes: &[(&str, &[&str])] = &[
            ("2 letters (start of name)", &["ay", "Ha", "zu", "mu", "sa"]),
            ("3-letter fragment", &["aye", "kha", "ham", "sid", "ali"]),
            ("full name", &["Ayesha Khan", "Hamza Qureshi", "Bilal Siddiqui"]),
            ("Urdu fragment", &["عائش", "خان", "قریشی"]),
            ("phone, any spelling", &phones),
            ("CNIC, with or without dashes", &cnics),
            ("MRN", &["AH-012345", "ah99999"]),
        ];
        println!("{:<28} {:>10} {:>10} {:>12}", "query kind", "p50 ms", "p95 ms", "results");
        let mut all = Vec::new();
        for (label, queries) in classes {
            let mut samples = Vec::new();
            let mut results = 0;
            for _round in 0..40 {
                for q in *queries {
                    let t = Instant::now();
                    let r = patients::search(&store, &desk, q, 20).await.expect("search");
                    samples.push(t.elapsed().as_secs_f64() * 1000.0);
                    results = results.max(r.len());
                }
            }
            all.extend(samples.iter().copied());
            println!("{:<28} {:>10.3} {:>10.3} {:>12}", label, pct(samples.clone(), 0.5), pct(samples, 0.95), results);
        }
        let p95_service = pct(all.clone(), 0.95);
        println!("{:<28} {:>10.3} {:>10.3}   goal p95 <= 5 ms: {}", "ALL (service)", pct(all, 0.5), p95_service, if p95_service <= 5.0 { "PASS" } else { "FAIL" });

        // The same text queries: the service against its SQL sent straight through sqlx.
        let mut service = Vec::new();
        let mut raw = Vec::new();
        for _ in 0..60 {
            for q in ["aye", "kha", "Ayesha Khan", "خان"] {
                let t = Instant::now();
                patients::search(&store, &desk, q, 20).await.expect("search");
                service.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                raw_text_query(&store, q).await;
                raw.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let (s95, r95) = (pct(service, 0.95), pct(raw, 0.95));
        println!("text queries, p95: service {s95:.3} ms, same SQL straight through sqlx {r95:.3} ms (ratio {:.2})", s95 / r95);
        store.close().await;
    });
}
