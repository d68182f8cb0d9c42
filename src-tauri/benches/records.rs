//! Clinical-record benchmark on a real encrypted file: a clinic of 20,000 patients
//! with their appointments and notes, and one patient with 500 visits over four
//! years — appointments, signed notes of 1–3 KB (a few amended), outcome measures,
//! dispensings, attachments with their bytes, and a medical history — seeded with raw
//! SQL. It times, through the services, opening that patient's treatment timeline
//! (the first page, and the whole of it) and building the record PDF, with the PDF's
//! pages and size.
//!
//! ```text
//! cargo bench --features custom-protocol --bench records
//! ```
//! Environment:
//!   ALHAYAT_BENCH_VISITS    the patient's visits (default 500)
//!   ALHAYAT_BENCH_DIR       folder for the temporary data
//!   ALHAYAT_BENCH_STRICT=1  exit with status 1 when a goal is missed
//!
//! Goals: timeline p95 ≤ 50 ms; record PDF ≤ 1 s.

mod common;

use std::time::Instant;

use alhayat::auth::{Actor, Role};
use alhayat::records::{self, ExportPurpose, TimelineQuery};
use alhayat::store::key::DbKey;
use alhayat::store::{OpenMode, Store};
use chrono::{Duration, TimeZone, Utc};
use common::{pct, seed_patients, Rng};

const PATIENTS: usize = 20_000;
const OTHER_APPOINTMENTS: usize = 60_000;
const OTHER_NOTES: usize = 10_000;
const TIMELINE_GOAL_MS: f64 = 50.0;
const PDF_GOAL_MS: f64 = 1000.0;
// Staff ids as seeded.
const DESK: i64 = 1;
const PHYSIO: i64 = 2;
const PSYCH: i64 = 3;
const PHARMACIST: i64 = 4;

const PHYSIO_PHRASES: &[&str] = &[
    "Reports pain on climbing stairs, worse in the morning and after sitting long.",
    "Range of motion improved since last session; flexion now to about 110 degrees.",
    "Quadriceps strength 4/5 on the right, 5/5 on the left.",
    "McMurray negative, Lachman negative, mild tenderness over the medial joint line.",
    "Tolerated the session well; no increase in swelling afterwards.",
    "Plan: progress closed-chain exercises, add balance work, review in one week.",
    "Home programme: straight-leg raises 3 x 10, wall squats 3 x 8, walking 20 minutes daily.",
    "مریض نے بتایا کہ سیڑھیاں چڑھتے وقت گھٹنے میں درد ہوتا ہے۔",
];
const PSYCH_PHRASES: &[&str] = &[
    "Low mood most days since the accident; sleep broken, appetite reduced.",
    "Engaged well; affect restricted but reactive, no psychotic features.",
    "Denies current plans of self-harm; protective factors: children, faith, work.",
    "Behavioural activation reviewed: two of three planned activities completed.",
    "Thought record introduced; identified all-or-nothing thinking about recovery.",
    "Plan: continue weekly CBT, repeat PHQ-9 and GAD-7 in four weeks.",
    "مریضہ نے کہا کہ وہ پہلے سے بہتر محسوس کر رہی ہیں۔",
];

/// Syllables for words no phrase above has: a record's own words (names of places,
/// drugs, exercises, misspellings), so the PDF's word cache sees a realistic mix
/// rather than the same few dozen words.
const SYLLABLES: &[&str] = &[
    "ka", "ri", "mo", "sha", "tel", "bin", "dra", "ul", "vek", "no", "pa", "zim", "ter", "qua", "lo", "sen",
];

/// A word of 2 to 4 syllables: 16^2 + 16^3 + 16^4 of them, most never twice in a record.
fn own_word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(3);
    (0..syllables).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
}

/// Note content of 1 KB to `most` bytes in the template's sections: the stock
/// phrases with their own numbers, and a sentence in two of the record's own words.
fn content(rng: &mut Rng, psych: bool, most: usize) -> String {
    let target = 1_000 + rng.below(most - 1_000);
    let (keys, phrases): (&[&str], &[&str]) = if psych {
        (&["presenting_concerns", "mental_state", "risk_assessment", "interventions", "plan"], PSYCH_PHRASES)
    } else {
        (
            &[
                "subjective",
                "range_of_motion",
                "strength",
                "special_tests",
                "assessment",
                "plan",
                "home_exercises",
            ],
            PHYSIO_PHRASES,
        )
    };
    let mut sections = std::collections::BTreeMap::<String, String>::new();
    let mut size = 0;
    while size < target {
        let phrase = phrases[rng.below(phrases.len())];
        let text = sections.entry(keys[rng.below(keys.len())].to_string()).or_default();
        let before = text.len();
        text.push_str(phrase);
        text.push_str(&format!(
            " Seen {}/{}, {} degrees, {} x {}. ",
            1 + rng.below(28),
            1 + rng.below(12),
            60 + rng.below(80),
            2 + rng.below(3),
            5 + rng.below(11)
        ));
        if rng.below(2) == 0 {
            let words: Vec<String> = (0..4 + rng.below(8)).map(|_| own_word(rng)).collect();
            text.push_str(&words.join(" "));
            text.push_str(". ");
        }
        size += text.len() - before;
    }
    if !psych {
        sections.insert("pain".into(), rng.below(11).to_string());
    }
    serde_json::to_string(&sections).expect("json")
}

fn utc(t: chrono::DateTime<Utc>) -> String {
    alhayat::clock::utc_text(t)
}

async fn seed_clinic(store: &Store) {
    let mut tx = store.pool().begin().await.expect("begin");
    let now = "2026-01-01T00:00:00Z";
    for (id, name, role) in [
        (DESK, "Sana Malik", "reception"),
        (PHYSIO, "Dr. Bilal Ahmed", "physiotherapist"),
        (PSYCH, "Dr. Ayesha Siddiqui", "psychologist"),
        (PHARMACIST, "Hamza Sheikh", "pharmacist"),
    ] {
        sqlx::query("INSERT INTO staff (id, username, full_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)")
            .bind(id)
            .bind(format!("user{id}"))
            .bind(name)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("staff");
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await
            .expect("role");
    }
    for sql in [
        "INSERT INTO clinic_profile (id, name, address, phone, updated_at) VALUES (1, 'Al-Hayat Clinic', 'Bahria Town, Lahore', '+92 300 1010592', '2026-01-01T00:00:00Z')",
        "INSERT INTO services (id, name, discipline, duration_minutes, price_pkr) VALUES (1, 'Physiotherapy session', 'physiotherapy', 45, 3500), (2, 'Psychology consultation', 'psychology', 50, 5000)",
        "INSERT INTO rooms (id, name) VALUES (1, 'Therapy room 1'), (2, 'Counselling room')",
        "INSERT INTO pharmacy_items (id, name, generic_name, strength, form) VALUES (1, 'Panadol', 'paracetamol', '500 mg', 'tablet'), (2, 'Brufen', 'ibuprofen', '400 mg', 'tablet')",
        "INSERT INTO stock_batches (id, item_id, batch_no, expires_on, quantity, received_at, received_by) VALUES (1, 1, 'P-1', '2030-01-01', 100000, '2026-01-01T00:00:00Z', 4), (2, 2, 'B-1', '2030-01-01', 100000, '2026-01-01T00:00:00Z', 4)",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.expect("clinic");
    }
    tx.commit().await.expect("commit");
}

/// Appointments and signed notes of the rest of the clinic, so the indexes carry a
/// real load.
async fn seed_others(store: &Store, focus: i64) {
    let mut rng = Rng(0x07e5_5eed);
    let start = Utc.with_ymd_and_hms(2022, 1, 3, 4, 0, 0).unwrap();
    let mut tx = store.pool().begin().await.expect("begin");
    let mut written = 0;
    while written < OTHER_APPOINTMENTS {
        let batch = 400.min(OTHER_APPOINTMENTS - written);
        let mut sql = String::from("INSERT INTO appointments (patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status, created_by, created_at, updated_at) VALUES ");
        sql.push_str(
            &vec![
                "(?, ?, ?, ?, ?, ?, 'completed', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";
                batch
            ]
            .join(","),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for k in 0..batch {
            let mut patient = 1 + rng.below(PATIENTS) as i64;
            if patient == focus {
                patient += 1;
            }
            let psych = rng.below(3) == 0;
            let at = start + Duration::minutes(45 * (written + k) as i64);
            q = q
                .bind(patient)
                .bind(if psych { PSYCH } else { PHYSIO })
                .bind(if psych { 2 } else { 1 })
                .bind(if psych { 2 } else { 1 })
                .bind(utc(at))
                .bind(utc(at + Duration::minutes(45)));
        }
        q.execute(&mut *tx).await.expect("appointments");
        written += batch;
    }
    for i in 0..OTHER_NOTES {
        let mut patient = 1 + rng.below(PATIENTS) as i64;
        if patient == focus {
            patient += 1;
        }
        let psych = i % 3 == 0;
        let at = utc(start + Duration::hours(i as i64));
        sqlx::query(
            "INSERT INTO notes (patient_id, template_id, discipline, author_id, status, content, created_at, updated_at, signed_at, content_sha256)
             VALUES (?, ?, ?, ?, 'signed', ?, ?, ?, ?, 'sha')",
        )
        .bind(patient)
        .bind(if psych { 2 } else { 1 })
        .bind(if psych { "psychology" } else { "physiotherapy" })
        .bind(if psych { PSYCH } else { PHYSIO })
        .bind(content(&mut rng, psych, 3_000))
        .bind(&at)
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .expect("note");
    }
    tx.commit().await.expect("commit");
}

#[derive(Default)]
struct Seeded {
    appointments: usize,
    notes: usize,
    amendments: usize,
    measures: usize,
    dispensings: usize,
    attachments: usize,
    attachment_bytes: usize,
}

/// The patient with `visits` visits, weekly or so over about four years: seven in ten
/// physiotherapy, the rest psychology.
async fn seed_patient(store: &Store, patient: i64, visits: usize) -> Seeded {
    let mut rng = Rng(0x0500_7151);
    let mut s = Seeded::default();
    let first = Utc.with_ymd_and_hms(2022, 11, 7, 5, 0, 0).unwrap();
    let mut tx = store.pool().begin().await.expect("begin");
    for v in 0..visits {
        let psych = rng.below(10) >= 7;
        let starts = first + Duration::days(3 * v as i64) + Duration::minutes(45 * rng.below(8) as i64);
        let ends = starts + Duration::minutes(45);
        let status = match rng.below(20) {
            0 => "no_show",
            1 => "cancelled",
            _ => "completed",
        };
        let appointment: i64 = sqlx::query_scalar(
            "INSERT INTO appointments (patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status,
                                       cancelled_by, cancel_reason, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?7 = 'cancelled' THEN 'patient' END,
                     CASE WHEN ?7 = 'cancelled' THEN 'unwell' END, 1, ?5, ?5) RETURNING id",
        )
        .bind(patient)
        .bind(if psych { PSYCH } else { PHYSIO })
        .bind(if psych { 2 } else { 1 })
        .bind(if psych { 2 } else { 1 })
        .bind(utc(starts))
        .bind(utc(ends))
        .bind(status)
        .fetch_one(&mut *tx)
        .await
        .expect("appointment");
        s.appointments += 1;
        if status != "completed" {
            continue;
        }
        let (discipline, template, author) =
            if psych { ("psychology", 2, PSYCH) } else { ("physiotherapy", 1, PHYSIO) };
        let written = utc(ends + Duration::minutes(10));
        let note: i64 = sqlx::query_scalar(
            "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                                created_at, updated_at, signed_at, content_sha256)
             VALUES (?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?, 'sha') RETURNING id",
        )
        .bind(patient)
        .bind(appointment)
        .bind(template)
        .bind(discipline)
        .bind(author)
        .bind(content(&mut rng, psych, 3_000))
        .bind(&written)
        .bind(&written)
        .bind(&written)
        .fetch_one(&mut *tx)
        .await
        .expect("note");
        s.notes += 1;
        if rng.below(25) == 0 {
            let later = utc(ends + Duration::days(1));
            sqlx::query(
                "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                                    amends_id, amend_reason, created_at, updated_at, signed_at, content_sha256)
                 VALUES (?, ?, ?, ?, ?, 'signed', ?, ?, 'Wrong side recorded', ?, ?, ?, 'sha')",
            )
            .bind(patient)
            .bind(appointment)
            .bind(template)
            .bind(discipline)
            .bind(author)
            .bind(content(&mut rng, psych, 3_000))
            .bind(note)
            .bind(&later)
            .bind(&later)
            .bind(&later)
            .execute(&mut *tx)
            .await
            .expect("amendment");
            s.amendments += 1;
        }
        let taken_on = starts.with_timezone(&alhayat::clock::CLINIC_TZ).date_naive().to_string();
        let mut taken: Vec<(&str, String, f64, &str)> = Vec::new();
        if !psych && v % 2 == 0 {
            let pain = rng.below(11);
            let band = match pain {
                0 => "none",
                1..=3 => "mild",
                4..=6 => "moderate",
                _ => "severe",
            };
            taken.push(("nprs", format!("[{pain}]"), pain as f64, band));
        }
        if !psych && v % 8 == 0 {
            taken.push((
                "psfs",
                r#"[{"activity":"Climbing stairs","score":4},{"activity":"Kneeling to pray","score":6}]"#
                    .into(),
                5.0,
                "unbanded",
            ));
        }
        if psych && v % 3 == 0 {
            let items: Vec<usize> = (0..9).map(|_| rng.below(3)).collect();
            let total: usize = items.iter().sum();
            taken.push(("phq9", format!("{items:?}"), total as f64, "mild"));
            taken.push(("gad7", "[1,1,1,1,1,1,1]".into(), 7.0, "mild"));
        }
        for (instrument, answers, total, band) in taken {
            sqlx::query(
                "INSERT INTO measures (patient_id, instrument, answers, total, band, risk, taken_on, appointment_id, recorded_by, recorded_at)
                 VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
            )
            .bind(patient)
            .bind(instrument)
            .bind(answers)
            .bind(total)
            .bind(band)
            .bind(&taken_on)
            .bind(appointment)
            .bind(author)
            .bind(&written)
            .execute(&mut *tx)
            .await
            .expect("measure");
            s.measures += 1;
        }
        if v % 12 == 0 {
            sqlx::query(
                "INSERT INTO dispensings (patient_id, item_id, batch_id, quantity, instructions, dispensed_by, dispensed_at)
                 VALUES (?, ?, ?, 20, 'One tablet every eight hours after food', ?, ?)",
            )
            .bind(patient)
            .bind(1 + (v % 2) as i64)
            .bind(1 + (v % 2) as i64)
            .bind(PHARMACIST)
            .bind(utc(ends + Duration::minutes(30)))
            .execute(&mut *tx)
            .await
            .expect("dispensing");
            s.dispensings += 1;
        }
        if v % 25 == 0 {
            // Scans of a few hundred kilobytes, so the timeline must not read them.
            let size = 200_000 + rng.below(400_000);
            let bytes: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            sqlx::query(
                "INSERT INTO attachments (patient_id, title, file_name, mime, size_bytes, sha256, content, discipline, uploaded_by, uploaded_at)
                 VALUES (?, 'Scan', 'scan.pdf', 'application/pdf', ?, 'sha', ?, ?, ?, ?)",
            )
            .bind(patient)
            .bind(size as i64)
            .bind(bytes)
            .bind(if v % 50 == 0 { None } else { Some(discipline) })
            .bind(author)
            .bind(utc(ends + Duration::minutes(20)))
            .execute(&mut *tx)
            .await
            .expect("attachment");
            s.attachments += 1;
            s.attachment_bytes += size;
        }
    }
    for sql in [
        "INSERT INTO conditions (patient_id, description, icd10, onset, status, recorded_by, recorded_at, updated_at) VALUES (?1, 'Osteoarthritis of the right knee', 'M17.1', '2022-09', 'active', 2, '2022-11-07T05:00:00Z', '2022-11-07T05:00:00Z'), (?1, 'Depressive episode, moderate', 'F32.1', '2023-01', 'active', 3, '2023-01-10T05:00:00Z', '2023-01-10T05:00:00Z')",
        "INSERT INTO allergies (patient_id, substance, reaction, severity, status, recorded_by, recorded_at, updated_at) VALUES (?1, 'Penicillin', 'hives', 'severe', 'active', 2, '2022-11-07T05:00:00Z', '2022-11-07T05:00:00Z')",
        "INSERT INTO medications (patient_id, name, strength, dose, route, frequency, starts_on, recorded_by, recorded_at, updated_at) VALUES (?1, 'Sertraline', '50 mg', '1 tablet', 'by mouth', 'once a day', '2023-02-01', 3, '2023-02-01T05:00:00Z', '2023-02-01T05:00:00Z')",
    ] {
        sqlx::query(sql).bind(patient).execute(&mut *tx).await.expect("history");
    }
    tx.commit().await.expect("commit");
    s
}

fn report(label: &str, samples: Vec<f64>, goal_ms: f64) -> bool {
    let (p50, p95) = (pct(samples.clone(), 0.5), pct(samples, 0.95));
    let met = p95 <= goal_ms;
    println!(
        "{label:<48} p50 {p50:>8.2} ms   p95 {p95:>8.2} ms   goal p95 <= {goal_ms} ms: {}",
        if met { "met" } else { "MISSED" }
    );
    met
}

/// The page count as `pdfinfo` reads it, when poppler is installed.
fn pages(pdf: &[u8]) -> Option<usize> {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().ok()?;
    std::fs::write(file.path(), pdf).ok()?;
    let out = std::process::Command::new("pdfinfo").arg(file.path()).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let met = rt.block_on(async {
        let visits: usize = std::env::var("ALHAYAT_BENCH_VISITS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
        let dir = match std::env::var_os("ALHAYAT_BENCH_DIR") {
            Some(d) => tempfile::tempdir_in(d),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let store = Store::open(dir.path(), &DbKey::generate(), OpenMode::FIRST_RUN).await.expect("store");
        let focus = (PATIENTS / 2) as i64;
        let t = Instant::now();
        seed_patients(&store, PATIENTS).await;
        seed_clinic(&store).await;
        seed_others(&store, focus).await;
        let s = seed_patient(&store, focus, visits).await;
        sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");
        println!(
            "seeded {PATIENTS} patients, {OTHER_APPOINTMENTS} appointments and {OTHER_NOTES} notes of others in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        println!(
            "the patient: {} appointments, {} signed notes ({} amended), {} measures, {} dispensings, {} attachments ({:.1} MB)",
            s.appointments,
            s.notes + s.amendments,
            s.amendments,
            s.measures,
            s.dispensings,
            s.attachments,
            s.attachment_bytes as f64 / 1e6
        );
        let physio = Actor { staff_id: PHYSIO, roles: vec![Role::Physiotherapist], workstation: "bench".into() };
        let psych = Actor { staff_id: PSYCH, roles: vec![Role::Psychologist], workstation: "bench".into() };
        let mut met = true;

        for (who, actor) in [("physiotherapist", &physio), ("psychologist", &psych)] {
            for (what, limit) in [("first page", None), ("whole", Some(2000))] {
                let q = TimelineQuery { patient_id: focus, limit, ..Default::default() };
                let mut samples = Vec::new();
                let mut entries = 0;
                for run in 0..60 {
                    let t = Instant::now();
                    let page = records::timeline(&store, actor, q.clone()).await.expect("timeline");
                    if run >= 10 {
                        samples.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    entries = page.entries.len();
                }
                met &= report(&format!("timeline, {who}, {what} ({entries} entries)"), samples, TIMELINE_GOAL_MS);
            }
        }

        for (who, actor) in [("physiotherapist", &physio), ("psychologist", &psych)] {
            let mut samples = Vec::new();
            let mut last = None;
            for _ in 0..6 {
                let t = Instant::now();
                let file = records::record_pdf(&store, actor, focus, ExportPurpose::Care).await.expect("pdf");
                samples.push(t.elapsed().as_secs_f64() * 1000.0);
                last = Some(file);
            }
            let file = last.expect("a file");
            let pages = pages(&file.bytes).map_or("? (pdfinfo not found)".into(), |n| n.to_string());
            met &= report(&format!("record PDF, {who}"), samples, PDF_GOAL_MS);
            println!("    {pages} pages, {:.0} KB", file.bytes.len() as f64 / 1024.0);
        }
        store.close().await;
        met
    });
    if !met && std::env::var("ALHAYAT_BENCH_STRICT").is_ok_and(|v| v == "1") {
        std::process::exit(1);
    }
}
