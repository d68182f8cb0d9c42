//! A patient's demographic record: register, open (audited), correct (with history).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::consents::{self, Consent, ConsentInput, ConsentPurpose};
use super::{clinic_today, duplicates, fields, CHILD_UNDER};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::staff::Language;
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
            Sex::Unknown => "unknown",
        }
    }
    fn parse(s: &str) -> Sex {
        match s {
            "female" => Sex::Female,
            "male" => Sex::Male,
            "other" => Sex::Other,
            _ => Sex::Unknown,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RelatedPersonInput {
    pub name: String,
    pub relationship: String,
    pub cnic: Option<String>,
    pub phone: Option<String>,
}

/// What reception types. Empty text counts as not given.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PatientInput {
    pub full_name: String,
    pub name_ur: Option<String>,
    pub relative_name: Option<String>,
    /// YYYY-MM-DD; or leave empty and give `estimated_age`.
    pub birth_date: Option<String>,
    pub estimated_age: Option<u32>,
    pub sex: Sex,
    pub cnic: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub preferred_language: Language,
    pub insurance_payer: Option<String>,
    pub insurance_policy: Option<String>,
    pub reception_note: Option<String>,
    /// Required under 13 (registration only).
    pub guardian: Option<RelatedPersonInput>,
    /// Who gave parental consent and how; required under 13 (registration only).
    pub parental_consent: Option<ConsentInput>,
    pub emergency_contact: Option<RelatedPersonInput>,
    /// Possible duplicates the person has looked at and confirmed are someone else.
    #[serde(default)]
    #[ts(type = "Array<number>")]
    pub acknowledged_duplicates: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct RelatedPerson {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub relationship: String,
    pub cnic: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Patient {
    #[ts(type = "number")]
    pub id: i64,
    pub mrn: String,
    pub full_name: String,
    pub name_ur: Option<String>,
    pub relative_name: Option<String>,
    pub birth_date: String,
    pub birth_date_estimated: bool,
    pub age: u32,
    pub sex: Sex,
    pub cnic: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub preferred_language: Language,
    pub insurance_payer: Option<String>,
    pub insurance_policy: Option<String>,
    pub reception_note: Option<String>,
    pub related: Vec<RelatedPerson>,
    pub consents: Vec<Consent>,
}

/// The validated columns of a patient row, in table order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Checked {
    pub full_name: String,
    pub name_ur: Option<String>,
    pub relative_name: Option<String>,
    pub birth_date: NaiveDate,
    pub birth_date_estimated: bool,
    pub sex: Sex,
    pub cnic: Option<String>,
    pub phone: Option<fields::Phone>,
    pub phone_alt: Option<fields::Phone>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub preferred_language: Language,
    pub insurance_payer: Option<String>,
    pub insurance_policy: Option<String>,
    pub reception_note: Option<String>,
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

pub(super) fn check(p: &PatientInput, today: NaiveDate) -> AppResult<Checked> {
    let full_name = validate::person_name("full_name", "Full name", &p.full_name)?;
    if !full_name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_ascii() || c.is_alphabetic() && (c as u32) < 0x0250)
    {
        return Err(AppError::validation(
            "full_name",
            "Write the full name in English letters; the Urdu name has its own field.",
        ));
    }
    let name_ur = match opt(&p.name_ur).trim() {
        "" => None,
        n => Some(validate::person_name("name_ur", "Name in Urdu", n)?),
    };
    let relative_name = match opt(&p.relative_name).trim() {
        "" => None,
        n => Some(validate::person_name("relative_name", "Father's or husband's name", n)?),
    };
    let (birth_date, birth_date_estimated) = match (opt(&p.birth_date).trim(), p.estimated_age) {
        ("", Some(age)) => (fields::birth_date_from_age("estimated_age", age, today)?, true),
        ("", None) => {
            return Err(AppError::validation(
                "birth_date",
                "Enter the date of birth, or an estimated age if it is not known.",
            ))
        }
        (d, _) => (fields::birth_date("birth_date", d, today)?, false),
    };
    Ok(Checked {
        full_name,
        name_ur,
        relative_name,
        birth_date,
        birth_date_estimated,
        sex: p.sex,
        cnic: fields::cnic("cnic", opt(&p.cnic))?,
        phone: fields::phone("phone", opt(&p.phone))?,
        phone_alt: fields::phone("phone_alt", opt(&p.phone_alt))?,
        email: fields::email("email", opt(&p.email))?,
        address: validate::optional_text("address", "The address", opt(&p.address), 300)?,
        city: validate::optional_text("city", "The city", opt(&p.city), 80)?,
        preferred_language: p.preferred_language,
        insurance_payer: validate::optional_text(
            "insurance_payer",
            "The insurer",
            opt(&p.insurance_payer),
            120,
        )?,
        insurance_policy: validate::optional_text(
            "insurance_policy",
            "The policy number",
            opt(&p.insurance_policy),
            60,
        )?,
        reception_note: validate::optional_text(
            "reception_note",
            "The reception note",
            opt(&p.reception_note),
            1000,
        )?,
    })
}

struct CheckedRelated {
    name: String,
    relationship: String,
    cnic: Option<String>,
    phone: Option<String>,
}

fn check_related(prefix: &str, r: &RelatedPersonInput, cnic_required: bool) -> AppResult<CheckedRelated> {
    let f = |name: &str| format!("{prefix}.{name}");
    let name = validate::person_name(&f("name"), "The name", &r.name)?;
    let relationship = validate::text(&f("relationship"), "The relationship", &r.relationship, 40)?;
    let cnic = fields::cnic(&f("cnic"), opt(&r.cnic))?;
    if cnic_required && cnic.is_none() {
        return Err(AppError::validation(&f("cnic"), "Enter the guardian's CNIC."));
    }
    let phone = fields::phone(&f("phone"), opt(&r.phone))?
        .ok_or_else(|| AppError::validation(&f("phone"), "Enter a phone number to reach this person."))?;
    Ok(CheckedRelated { name, relationship, cnic, phone: Some(phone.shown) })
}

async fn insert_related(
    conn: &mut SqliteConnection,
    patient_id: i64,
    kind: &str,
    r: &CheckedRelated,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO related_persons (patient_id, kind, name, relationship, cnic, phone, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(patient_id)
    .bind(kind)
    .bind(&r.name)
    .bind(&r.relationship)
    .bind(&r.cnic)
    .bind(&r.phone)
    .bind(chrono::Utc::now().to_rfc3339())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A patient row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Stored {
    id: i64,
    mrn: String,
    full_name: String,
    name_ur: Option<String>,
    relative_name: Option<String>,
    birth_date: String,
    birth_date_estimated: bool,
    sex: String,
    cnic: Option<String>,
    phone: Option<String>,
    phone_alt: Option<String>,
    email: Option<String>,
    address: Option<String>,
    city: Option<String>,
    preferred_language: String,
    insurance_payer: Option<String>,
    insurance_policy: Option<String>,
    reception_note: Option<String>,
}

impl Stored {
    fn from_checked(id: i64, mrn: String, c: &Checked) -> Stored {
        Stored {
            id,
            mrn,
            full_name: c.full_name.clone(),
            name_ur: c.name_ur.clone(),
            relative_name: c.relative_name.clone(),
            birth_date: c.birth_date.to_string(),
            birth_date_estimated: c.birth_date_estimated,
            sex: c.sex.as_str().to_string(),
            cnic: c.cnic.clone(),
            phone: c.phone.as_ref().map(|p| p.shown.clone()),
            phone_alt: c.phone_alt.as_ref().map(|p| p.shown.clone()),
            email: c.email.clone(),
            address: c.address.clone(),
            city: c.city.clone(),
            preferred_language: c.preferred_language.as_str().to_string(),
            insurance_payer: c.insurance_payer.clone(),
            insurance_policy: c.insurance_policy.clone(),
            reception_note: c.reception_note.clone(),
        }
    }

    /// The editable columns by name, for the history of changes.
    fn columns(&self) -> [(&'static str, Option<String>); 16] {
        [
            ("full_name", Some(self.full_name.clone())),
            ("name_ur", self.name_ur.clone()),
            ("relative_name", self.relative_name.clone()),
            ("birth_date", Some(self.birth_date.clone())),
            ("birth_date_estimated", Some((self.birth_date_estimated as u8).to_string())),
            ("sex", Some(self.sex.clone())),
            ("cnic", self.cnic.clone()),
            ("phone", self.phone.clone()),
            ("phone_alt", self.phone_alt.clone()),
            ("email", self.email.clone()),
            ("address", self.address.clone()),
            ("city", self.city.clone()),
            ("preferred_language", Some(self.preferred_language.clone())),
            ("insurance_payer", self.insurance_payer.clone()),
            ("insurance_policy", self.insurance_policy.clone()),
            ("reception_note", self.reception_note.clone()),
        ]
    }
}

async fn stored(conn: &mut SqliteConnection, id: i64) -> AppResult<Stored> {
    let row: Option<Stored> = sqlx::query_as(
        "SELECT id, mrn, full_name, name_ur, relative_name, birth_date, birth_date_estimated, sex, cnic, phone,
                phone_alt, email, address, city, preferred_language, insurance_payer, insurance_policy, reception_note
         FROM patients WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or_else(|| AppError::not_found("This patient does not exist."))
}

/// Writes the row: a new patient, or new values for an existing one (its MRN and
/// `created_at` stay).
async fn save_row(conn: &mut SqliteConnection, id: i64, mrn: &str, c: &Checked, now: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO patients (id, mrn, full_name, name_ur, relative_name, birth_date, birth_date_estimated, sex,
             cnic, phone, phone_digits, phone_alt, phone_alt_digits, email, address, city, preferred_language,
             insurance_payer, insurance_policy, reception_note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)
         ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, name_ur = excluded.name_ur,
             relative_name = excluded.relative_name, birth_date = excluded.birth_date,
             birth_date_estimated = excluded.birth_date_estimated, sex = excluded.sex, cnic = excluded.cnic,
             phone = excluded.phone, phone_digits = excluded.phone_digits, phone_alt = excluded.phone_alt,
             phone_alt_digits = excluded.phone_alt_digits, email = excluded.email, address = excluded.address,
             city = excluded.city, preferred_language = excluded.preferred_language,
             insurance_payer = excluded.insurance_payer, insurance_policy = excluded.insurance_policy,
             reception_note = excluded.reception_note, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(mrn)
    .bind(&c.full_name)
    .bind(&c.name_ur)
    .bind(&c.relative_name)
    .bind(c.birth_date.to_string())
    .bind(c.birth_date_estimated)
    .bind(c.sex.as_str())
    .bind(&c.cnic)
    .bind(c.phone.as_ref().map(|p| &p.shown))
    .bind(c.phone.as_ref().map(|p| &p.digits))
    .bind(c.phone_alt.as_ref().map(|p| &p.shown))
    .bind(c.phone_alt.as_ref().map(|p| &p.digits))
    .bind(&c.email)
    .bind(&c.address)
    .bind(&c.city)
    .bind(c.preferred_language.as_str())
    .bind(&c.insurance_payer)
    .bind(&c.insurance_policy)
    .bind(&c.reception_note)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Who else holds this CNIC: their name and MRN, or the restriction refusal when theirs
/// is a restricted record (its name is not for reception).
async fn cnic_taken_by(
    conn: &mut SqliteConnection,
    cnic: &str,
    except: i64,
) -> AppResult<Option<(String, String)>> {
    let row: Option<(String, String, bool)> = sqlx::query_as(
        "SELECT full_name, mrn, EXISTS (SELECT 1 FROM retention_restrictions r WHERE r.patient_id = p.id)
         FROM patients p WHERE cnic = ? AND id != ?",
    )
    .bind(cnic)
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((_, _, true)) => Err(AppError::Conflict {
            message: "This CNIC belongs to a patient whose record is restricted. Ask the privacy officer."
                .into(),
            field: Some("cnic".into()),
        }),
        other => Ok(other.map(|(name, mrn, _)| (name, mrn))),
    }
}

fn cnic_conflict(name: &str, mrn: &str) -> AppError {
    AppError::Conflict {
        message: format!("This CNIC is already registered to {name} (MRN {mrn}). Open that record instead of registering again."),
        field: Some("cnic".into()),
    }
}

pub async fn register(store: &Store, actor: &Actor, input: PatientInput) -> AppResult<Patient> {
    actor.require(Permission::RegisterPatients)?;
    let today = clinic_today();
    let c = check(&input, today)?;
    let is_child = fields::age_on(c.birth_date, today) < CHILD_UNDER;
    let guardian = match (&input.guardian, is_child) {
        (Some(g), _) => Some(check_related("guardian", g, is_child)?),
        (None, true) => return Err(AppError::validation(
            "guardian.name",
            "A child under 13 is registered only with a parent or guardian: enter the guardian's details.",
        )),
        (None, false) => None,
    };
    if is_child {
        let Some(consent) = input.parental_consent.as_ref().filter(|c| c.purpose == ConsentPurpose::Parental)
        else {
            return Err(AppError::validation("parental_consent.given_by", "A child under 13 is registered only with a parent's or guardian's consent: record who gave it and how."));
        };
        validate::text("parental_consent.given_by", "Who gave the consent", &consent.given_by, 100)?;
    }
    let emergency =
        input.emergency_contact.as_ref().map(|e| check_related("emergency_contact", e, false)).transpose()?;

    let mut tx = store.begin_write().await?;
    if let Some(cnic) = &c.cnic {
        if let Some((name, mrn)) = cnic_taken_by(tx.conn(), cnic, 0).await? {
            return Err(cnic_conflict(&name, &mrn));
        }
    }
    let candidates = duplicates::candidates(tx.conn(), &c, 0).await?;
    let unconfirmed: Vec<_> =
        candidates.iter().filter(|d| !input.acknowledged_duplicates.contains(&d.id)).collect();
    if !unconfirmed.is_empty() {
        let list = unconfirmed
            .iter()
            .map(|d| format!("{} (MRN {}, born {})", d.full_name, d.mrn, d.birth_date))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(AppError::Conflict {
            message: format!("This may be a patient who is already registered: {list}. Check, then confirm to register a new patient."),
            field: Some("duplicates".into()),
        });
    }
    let id: i64 =
        sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1 FROM patients").fetch_one(tx.conn()).await?;
    let mrn = format!("AH-{id:06}");
    let now = chrono::Utc::now().to_rfc3339();
    save_row(tx.conn(), id, &mrn, &c, &now).await?;
    if let Some(g) = &guardian {
        insert_related(tx.conn(), id, "guardian", g).await?;
    }
    if let Some(e) = &emergency {
        insert_related(tx.conn(), id, "emergency_contact", e).await?;
    }
    if let (true, Some(consent)) = (is_child, &input.parental_consent) {
        consents::insert(tx.conn(), id, actor.staff_id, consent).await?;
    }
    let mut e = actor.origin().entry(
        AuditAction::Create,
        "patient",
        Some(id.to_string()),
        if is_child { "child, with guardian and parental consent" } else { "" },
    );
    e.patient_id = Some(id);
    tx.audit(e).await?;
    let patient = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(patient)
}

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Patient> {
    let r = stored(conn, id).await?;
    let related = sqlx::query_as(
        "SELECT id, kind, name, relationship, cnic, phone FROM related_persons WHERE patient_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let consents = consents::of_patient(conn, id).await?;
    let birth = NaiveDate::parse_from_str(&r.birth_date, "%Y-%m-%d")
        .map_err(|e| AppError::internal(format!("stored birth date: {e}")))?;
    Ok(Patient {
        id: r.id,
        mrn: r.mrn,
        full_name: r.full_name,
        name_ur: r.name_ur,
        relative_name: r.relative_name,
        age: fields::age_on(birth, clinic_today()),
        birth_date: r.birth_date,
        birth_date_estimated: r.birth_date_estimated,
        sex: Sex::parse(&r.sex),
        cnic: r.cnic,
        phone: r.phone,
        phone_alt: r.phone_alt,
        email: r.email,
        address: r.address,
        city: r.city,
        preferred_language: if r.preferred_language == "en" { Language::En } else { Language::Ur },
        insurance_payer: r.insurance_payer,
        insurance_policy: r.insurance_policy,
        reception_note: r.reception_note,
        related,
        consents,
    })
}

/// Opens a patient's record; the opening is audited.
pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<Patient> {
    actor.require(Permission::ViewPatients)?;
    let mut tx = store.begin_write().await?;
    // Reception opening a restricted patient would be a use the law does not keep them for.
    crate::retention::require_open(tx.conn(), actor, id).await?;
    let patient = load(tx.conn(), id).await?;
    let mut e = actor.origin().entry(AuditAction::View, "patient", Some(id.to_string()), "");
    e.patient_id = Some(id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(patient)
}

/// Corrects the demographic fields. Each changed field is kept in the history with
/// its old and new value; the audit entry names the fields, not their values.
pub async fn update(store: &Store, actor: &Actor, id: i64, input: PatientInput) -> AppResult<Patient> {
    actor.require(Permission::RegisterPatients)?;
    let c = check(&input, clinic_today())?;
    let mut tx = store.begin_write().await?;
    let before = stored(tx.conn(), id).await?;
    // Restricted: kept for the law alone, not to be changed; erased or anonymised: nobody's.
    crate::retention::require_writable(tx.conn(), actor, id).await?;
    if let Some(cnic) = &c.cnic {
        if let Some((name, mrn)) = cnic_taken_by(tx.conn(), cnic, id).await? {
            return Err(cnic_conflict(&name, &mrn));
        }
    }
    let old = before.columns();
    let new = Stored::from_checked(id, before.mrn.clone(), &c).columns();
    let now = chrono::Utc::now().to_rfc3339();
    let mut changed = Vec::new();
    for ((field, was), (_, is)) in old.iter().zip(&new) {
        if was != is {
            sqlx::query("INSERT INTO patient_changes (patient_id, changed_at, staff_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(id)
                .bind(&now)
                .bind(actor.staff_id)
                .bind(*field)
                .bind(was)
                .bind(is)
                .execute(tx.conn())
                .await?;
            changed.push(*field);
        }
    }
    if changed.is_empty() {
        return load(tx.conn(), id).await;
    }
    save_row(tx.conn(), id, &before.mrn, &c, &now).await?;
    let mut e = actor.origin().entry(AuditAction::Update, "patient", Some(id.to_string()), changed.join(","));
    e.patient_id = Some(id);
    tx.audit(e).await?;
    let patient = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(patient)
}
