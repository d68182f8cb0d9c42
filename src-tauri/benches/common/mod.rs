//! What the benchmarks share: generated patients with Pakistani names in both scripts,
//! a small deterministic generator, and percentiles.

#![allow(dead_code)] // each bench binary uses its own part

pub mod clinic;

use alhayat::store::Store;

pub const FIRST: &[(&str, &str)] = &[
    ("Ayesha", "عائشہ"),
    ("Fatima", "فاطمہ"),
    ("Zainab", "زینب"),
    ("Maryam", "مریم"),
    ("Hira", "حرا"),
    ("Sana", "ثنا"),
    ("Amna", "آمنہ"),
    ("Khadija", "خدیجہ"),
    ("Iqra", "اقرا"),
    ("Nadia", "نادیہ"),
    ("Muhammad", "محمد"),
    ("Ali", "علی"),
    ("Ahmed", "احمد"),
    ("Bilal", "بلال"),
    ("Hamza", "حمزہ"),
    ("Usman", "عثمان"),
    ("Imran", "عمران"),
    ("Tariq", "طارق"),
    ("Faisal", "فیصل"),
    ("Zubair", "زبیر"),
    ("Saad", "سعد"),
    ("Hassan", "حسن"),
    ("Hussain", "حسین"),
    ("Omar", "عمر"),
    ("Yasir", "یاسر"),
];
pub const LAST: &[(&str, &str)] = &[
    ("Khan", "خان"),
    ("Ahmed", "احمد"),
    ("Malik", "ملک"),
    ("Sheikh", "شیخ"),
    ("Qureshi", "قریشی"),
    ("Siddiqui", "صدیقی"),
    ("Butt", "بٹ"),
    ("Chaudhry", "چودھری"),
    ("Raza", "رضا"),
    ("Hussain", "حسین"),
    ("Iqbal", "اقبال"),
    ("Javed", "جاوید"),
    ("Aslam", "اسلم"),
    ("Mirza", "مرزا"),
    ("Abbasi", "عباسی"),
    ("Rana", "رانا"),
    ("Bhatti", "بھٹی"),
    ("Awan", "اعوان"),
    ("Gill", "گل"),
    ("Baig", "بیگ"),
];

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Inserts `n` patients (ids 1..=n) straight into the store, with the search index.
pub async fn seed_patients(store: &Store, n: usize) {
    let mut rng = Rng(0x5eed_1234_abcd);
    let mut tx = store.pool().begin().await.expect("begin");
    for id in 1..=n {
        let (f, fu) = FIRST[rng.below(FIRST.len())];
        let (l, lu) = LAST[rng.below(LAST.len())];
        let mobile = format!("923{:09}", rng.next() % 1_000_000_000);
        let shown = format!("+92 {} {}", &mobile[2..5], &mobile[5..]);
        let cnic = format!("{:05}-{:07}-{}", 35_000 + rng.below(999), rng.next() % 10_000_000, rng.below(10));
        let birth = format!("{}-{:02}-{:02}", 1940 + rng.below(85), 1 + rng.below(12), 1 + rng.below(28));
        sqlx::query(
            "INSERT INTO patients (id, mrn, full_name, name_ur, birth_date, sex, cnic, phone, phone_digits,
                                   preferred_language, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ur', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .bind(id as i64)
        .bind(format!("AH-{id:06}"))
        .bind(format!("{f} {l}"))
        .bind(format!("{fu} {lu}"))
        .bind(birth)
        .bind(if rng.below(2) == 0 { "female" } else { "male" })
        .bind(cnic)
        .bind(shown)
        .bind(mobile)
        .execute(&mut *tx)
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");
}

/// The `p` quantile (0..=1) of the samples.
pub fn pct(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}
