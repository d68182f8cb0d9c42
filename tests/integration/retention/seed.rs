//! Patients with identifiers everywhere they can be (name, CNIC, phones, a related
//! person, edit history, free text of notes and attachments), and clinical records
//! written straight into the store with dates in the past.

use alhayat::auth::{Actor, Role};
use alhayat::patients::{
    self, ConsentInput, ConsentMethod, ConsentPurpose, PatientInput, RelatedPersonInput,
};

use crate::scheduling::{clinic, Desk};
use crate::support::*;

pub struct Team {
    pub d: Desk,
    pub privacy: Actor,
}

pub async fn team() -> Team {
    let d = clinic().await;
    let privacy = add_staff(&d.f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    Team { privacy: actor(privacy, &[Role::PrivacyOfficer]), d }
}

/// Identifiers of one seeded patient, as a test looks for them in the file's bytes.
pub struct Person {
    pub id: i64,
    pub name: &'static str,
    pub cnic: &'static str,
    pub phone: &'static str,
    /// Their guardian or emergency contact.
    pub relative: &'static str,
    /// Distinctive parts that occur in every stored form (display, digits, search index).
    pub needles: Vec<&'static str>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Registers a patient whose every identifier (and their relative's) is their own, so a
/// search for it finds nobody else.
pub async fn register(
    t: &Team,
    name: &'static str,
    relative: &'static str,
    birth: &str,
    cnic: &'static str,
    phone: &'static str,
) -> Person {
    let first_name: &'static str = name.split(' ').next().unwrap();
    let cnic_digits: String = cnic.chars().filter(char::is_ascii_digit).collect();
    let phone_digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let mut input: PatientInput = crate::patients::adult(name, birth);
    input.cnic = Some(cnic.into());
    input.phone = Some(phone.into());
    input.address = Some(format!("House 12, {first_name} Street, Shadman"));
    input.email = Some("patient@example.pk".into());
    let child = patients::fields::age_on(
        chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap(),
        patients::clinic_today(),
    ) < 13;
    let related = RelatedPersonInput {
        name: relative.into(),
        relationship: if child { "father".into() } else { "brother".into() },
        // The patient's own numbers with the last digit changed.
        cnic: Some(format!("{}0", &cnic_digits[..12])),
        phone: Some(format!("{}0", &phone_digits[..10])),
    };
    if child {
        input.guardian = Some(related);
        input.parental_consent = Some(ConsentInput {
            purpose: ConsentPurpose::Parental,
            given_by: relative.into(),
            method: ConsentMethod::InPerson,
        });
    } else {
        input.emergency_contact = Some(related);
    }
    let p = patients::register(&t.d.f.store, &t.d.desk, input.clone()).await.unwrap();
    // An edit, so the history holds the old address.
    let moved = PatientInput { address: Some(format!("Flat 3, {first_name} Heights, Gulberg")), ..input };
    patients::update(&t.d.f.store, &t.d.desk, p.id, moved).await.unwrap();
    let surname = relative.rsplit(' ').next().unwrap();
    Person {
        id: p.id,
        name,
        cnic,
        phone,
        relative,
        needles: vec![
            name,
            first_name,
            // In every stored form: shown with dashes or spaces, as digits, in the search index.
            leak(cnic_digits[5..11].to_string()),
            leak(phone_digits[4..10].to_string()),
            relative,
            surname,
            leak(format!("{first_name} Street")),
            leak(format!("{first_name} Heights")),
        ],
    }
}

async fn exec(t: &Team, sql: &str, binds: &[&str]) -> i64 {
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()));
    for b in binds {
        q = q.bind(*b);
    }
    q.fetch_one(t.d.f.store.pool()).await.unwrap()
}

/// One completed visit on `day` (UTC morning) with a signed note naming the patient, a
/// pain score, history, an attachment, a dispensing; and one appointment nothing refers to.
pub async fn visit(t: &Team, p: &Person, day: &str) {
    let store = t.d.f.store.pool();
    let (pid, staff, service, room) =
        (p.id.to_string(), t.d.bilal.to_string(), t.d.physio.to_string(), t.d.room1.to_string());
    let start = format!("{day}T05:00:00Z");
    let end = format!("{day}T05:45:00Z");
    let appt = exec(
        t,
        "INSERT INTO appointments (patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status,
                                   created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'completed', ?2, ?5, ?5) RETURNING id",
        &[&pid, &staff, &service, &room, &start, &end],
    )
    .await;
    let later_start = format!("{day}T09:00:00Z");
    let later_end = format!("{day}T09:45:00Z");
    exec(
        t,
        "INSERT INTO appointments (patient_id, practitioner_id, service_id, room_id, starts_at, ends_at, status,
                                   cancelled_by, cancel_reason, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'cancelled', 'patient', ?7, ?2, ?5, ?5) RETURNING id",
        &[&pid, &staff, &service, &room, &later_start, &later_end, &format!("{} called to cancel", p.relative)],
    )
    .await;
    let appt = appt.to_string();
    let content = format!(
        r#"{{"subjective": "{} reports low back pain since lifting; phone {}", "pain": "6", "plan": "Review in 2 weeks"}}"#,
        p.name, p.phone
    );
    exec(
        t,
        "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                            created_at, updated_at, signed_at, content_sha256)
         VALUES (?1, ?2, 1, 'physiotherapy', ?3, 'signed', ?4, ?5, ?5, ?5, 'sha') RETURNING id",
        &[&pid, &appt, &staff, &content, &start],
    )
    .await;
    exec(
        t,
        "INSERT INTO measures (patient_id, instrument, answers, total, band, risk, taken_on, appointment_id,
                               recorded_by, recorded_at)
         VALUES (?1, 'nprs', '[6]', 6, 'moderate', 0, ?2, ?3, ?4, ?5) RETURNING id",
        &[&pid, day, &appt, &staff, &start],
    )
    .await;
    // Free text that names the relative, as clinicians write.
    let said = format!("as {} says", p.relative);
    for sql in [
        "INSERT INTO conditions (patient_id, description, icd10, onset, status, recorded_by, recorded_at, updated_at)
         VALUES (?1, 'Low back pain after lifting, ' || ?4, 'M54.5', '2014', 'active', ?2, ?3, ?3) RETURNING id",
        "INSERT INTO allergies (patient_id, substance, reaction, severity, status, recorded_by, recorded_at, updated_at)
         VALUES (?1, 'Penicillin', 'rash, ' || ?4, 'moderate', 'active', ?2, ?3, ?3) RETURNING id",
        "INSERT INTO medications (patient_id, name, strength, dose, frequency, prescriber, recorded_by, recorded_at, updated_at)
         VALUES (?1, 'Ibuprofen', '400 mg', '1 tablet', 'twice daily', ?4, ?2, ?3, ?3) RETURNING id",
    ] {
        exec(t, sql, &[&pid, &staff, &start, &said]).await;
    }
    sqlx::query(
        "INSERT INTO consents (patient_id, purpose, given_by, method, given_at, recorded_by)
         VALUES (?1, 'treatment', ?2, 'written', ?3, ?4)",
    )
    .bind(p.id)
    .bind(p.name)
    .bind(&start)
    .bind(t.d.desk.staff_id)
    .execute(store)
    .await
    .unwrap();
    let letter = format!("Referral letter for {} (CNIC {}), phone {}. ", p.name, p.cnic, p.phone).repeat(200);
    sqlx::query(
        "INSERT INTO attachments (patient_id, title, file_name, mime, size_bytes, sha256, uploaded_by, uploaded_at, content)
         VALUES (?1, 'Referral', 'referral.pdf', 'application/pdf', ?2, 'sha', ?3, ?4, ?5)",
    )
    .bind(p.id)
    .bind(letter.len() as i64)
    .bind(t.d.bilal)
    .bind(&start)
    .bind(letter.as_bytes())
    .execute(store)
    .await
    .unwrap();
    let item = exec(
        t,
        "INSERT INTO pharmacy_items (name, generic_name, strength, form) VALUES ('Brufen ' || ?1, 'ibuprofen', '400 mg', 'tablet')
         ON CONFLICT DO UPDATE SET active = 1 RETURNING id",
        &[day],
    )
    .await
    .to_string();
    let batch = exec(
        t,
        "INSERT INTO stock_batches (item_id, batch_no, expires_on, quantity, received_at, received_by)
         VALUES (?1, 'B-' || ?2, '2030-01-01', 100, ?3, ?4) RETURNING id",
        &[&item, &pid, &start, &staff],
    )
    .await
    .to_string();
    exec(
        t,
        "INSERT INTO dispensings (patient_id, item_id, batch_id, quantity, instructions, appointment_id, dispensed_by, dispensed_at)
         VALUES (?1, ?2, ?3, 20, 'Take with food; ' || ?7, ?4, ?5, ?6) RETURNING id",
        &[&pid, &item, &batch, &appt, &staff, &start, &said],
    )
    .await;
}
