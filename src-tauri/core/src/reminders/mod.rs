//! The reminder queue (privacy policy 3.2): booked appointments 24 to 48 hours ahead,
//! one line per channel the patient consented to, never for a patient who objects to
//! reminders. Reception sends them by hand and marks each as sent; the app itself
//! sends nothing over the network.

mod template;

pub use template::{fill, unknown_placeholders, Values, PLACEHOLDERS};

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clinic;
use crate::clock::{utc_text, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::export::csv_table::CsvTable;
use crate::retention::RESTRICTED_PATIENTS;
use crate::store::Store;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    Sms,
    Whatsapp,
    Phone,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Sms, Channel::Whatsapp, Channel::Phone, Channel::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Phone => "phone",
            Channel::Email => "email",
        }
    }

    fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One reminder to send: an appointment, by one channel.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub appointment_id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    pub mrn: String,
    pub channel: Channel,
    /// The phone number or e-mail address to use.
    pub contact: String,
    pub language: String,
    pub message: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub practitioner_name: String,
    pub sent_at: Option<String>,
    pub sent_by_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct ReminderTemplate {
    /// `en` or `ur`.
    pub language: String,
    pub body: String,
}

/// Reminders go out for appointments this far ahead.
pub const WINDOW_FROM: Duration = Duration::hours(24);
pub const WINDOW_TO: Duration = Duration::hours(48);

#[derive(sqlx::FromRow)]
struct QueueRow {
    appointment_id: i64,
    patient_id: i64,
    full_name: String,
    name_ur: Option<String>,
    mrn: String,
    phone: Option<String>,
    email: Option<String>,
    language: String,
    purpose: String,
    starts_at: String,
    practitioner_name: String,
    room_name: String,
    sent_at: Option<String>,
    sent_by_name: Option<String>,
}

const MONTHS_UR: [&str; 12] =
    ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"];
const DAYS_UR: [&str; 7] = ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"];

/// The day in the reminder's language: "Tuesday 8 December" or "منگل 8 دسمبر".
fn day_words(t: DateTime<Utc>, language: &str) -> String {
    let local = t.with_timezone(&CLINIC_TZ);
    if language == "ur" {
        let day = DAYS_UR[local.weekday().num_days_from_monday() as usize];
        format!("{day} {} {}", local.day(), MONTHS_UR[local.month0() as usize])
    } else {
        local.format("%A %-d %B").to_string()
    }
}

/// The queue at `now`: booked appointments starting 24 to 48 hours later, for each
/// channel with a standing consent, unless the patient objects to reminders. Audited as
/// a read naming the patients listed.
pub async fn queue(store: &Store, actor: &Actor, now: DateTime<Utc>) -> AppResult<Vec<Reminder>> {
    actor.require(Permission::SendReminders)?;
    let items = due(store, now).await?;
    let ids: Vec<i64> = items.iter().map(|r| r.patient_id).collect();
    let e = actor.origin().entry(AuditAction::View, "reminder_queue", None, format!("{} lines", items.len()));
    store.audit_read_naming(e, &ids).await?;
    Ok(items)
}

/// The queue, read without its audit entry: for the callers that audit what they do with it.
async fn due(store: &Store, now: DateTime<Utc>) -> AppResult<Vec<Reminder>> {
    // Erased and anonymised patients are nobody to remind, and a restricted one's details
    // are kept for the law alone, not for contacting them.
    let rows: Vec<QueueRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT a.id AS appointment_id, p.id AS patient_id, p.full_name, p.name_ur, p.mrn, p.phone, p.email,
                p.preferred_language AS language, c.purpose, a.starts_at,
                s.full_name AS practitioner_name, r.name AS room_name,
                rs.sent_at, ss.full_name AS sent_by_name
         FROM appointments a
         JOIN patients p ON p.id = a.patient_id
         JOIN staff s ON s.id = a.practitioner_id
         JOIN rooms r ON r.id = a.room_id
         JOIN consents c ON c.patient_id = p.id AND c.withdrawn_at IS NULL
              AND c.purpose IN ('reminders_sms', 'reminders_whatsapp', 'reminders_phone', 'reminders_email')
         LEFT JOIN reminders_sent rs ON rs.appointment_id = a.id AND 'reminders_' || rs.channel = c.purpose
         LEFT JOIN staff ss ON ss.id = rs.staff_id
         WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.status = 'booked'
           AND p.erased_at IS NULL AND p.anonymised_at IS NULL
           AND p.id NOT IN ({RESTRICTED_PATIENTS})
           AND NOT EXISTS (SELECT 1 FROM objections o
                           WHERE o.patient_id = p.id AND o.purpose = 'reminders' AND o.withdrawn_at IS NULL)
         GROUP BY a.id, c.purpose
         ORDER BY a.starts_at, p.full_name, c.purpose"
    )))
    .bind(utc_text(now + WINDOW_FROM))
    .bind(utc_text(now + WINDOW_TO))
    .fetch_all(store.pool())
    .await?;
    let profile = clinic::profile(store).await?;
    let templates = templates_in(store).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(channel) = r.purpose.strip_prefix("reminders_").and_then(Channel::parse) else {
            continue;
        };
        let contact = match channel {
            Channel::Email => r.email.clone(),
            _ => r.phone.clone(),
        };
        // Consent without a number or address: nothing to send it to.
        let Some(contact) = contact.filter(|c| !c.is_empty()) else { continue };
        let start = crate::clock::parse_utc(&r.starts_at)?;
        let body = templates.iter().find(|t| t.language == r.language).map_or("", |t| t.body.as_str());
        let name = match (&r.language[..], &r.name_ur) {
            ("ur", Some(ur)) if !ur.is_empty() => ur.as_str(),
            _ => r.full_name.as_str(),
        };
        let date = day_words(start, &r.language);
        let time = start.with_timezone(&CLINIC_TZ).format("%H:%M").to_string();
        let message = fill(
            body,
            &Values {
                name,
                clinic: &profile.name,
                date: &date,
                time: &time,
                practitioner: &r.practitioner_name,
                room: &r.room_name,
                clinic_phone: &profile.phone,
            },
        );
        out.push(Reminder {
            appointment_id: r.appointment_id,
            patient_id: r.patient_id,
            patient_name: r.full_name,
            mrn: r.mrn,
            channel,
            contact,
            language: r.language,
            message,
            starts_at: r.starts_at,
            practitioner_name: r.practitioner_name,
            sent_at: r.sent_at,
            sent_by_name: r.sent_by_name,
        });
    }
    Ok(out)
}

/// Records that reception has sent this reminder. The queue is checked again first,
/// so a reminder for a withdrawn consent or a standing objection cannot be marked.
pub async fn mark_sent(
    store: &Store,
    actor: &Actor,
    appointment_id: i64,
    channel: Channel,
    now: DateTime<Utc>,
) -> AppResult<Vec<Reminder>> {
    actor.require(Permission::SendReminders)?;
    let patient: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM appointments WHERE id = ?")
        .bind(appointment_id)
        .fetch_optional(store.pool())
        .await?;
    if let Some(p) = patient {
        crate::retention::require_writable(&mut *store.pool().acquire().await?, actor, p).await?;
    }
    let current = due(store, now).await?;
    let Some(item) = current.iter().find(|r| r.appointment_id == appointment_id && r.channel == channel)
    else {
        return Err(AppError::conflict(
            "This reminder is no longer due: the appointment moved, or the patient withdrew consent or objected.",
        ));
    };
    if item.sent_at.is_some() {
        return Err(AppError::conflict("This reminder has already been marked as sent."));
    }
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO reminders_sent (appointment_id, channel, sent_at, staff_id) VALUES (?, ?, ?, ?)",
    )
    .bind(appointment_id)
    .bind(channel.as_str())
    .bind(utc_text(now))
    .bind(actor.staff_id)
    .execute(tx.conn())
    .await?;
    let mut e = actor.origin().entry(
        AuditAction::Update,
        "reminder",
        Some(appointment_id.to_string()),
        format!("sent by {}", channel.as_str()),
    );
    e.patient_id = Some(item.patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    queue(store, actor, now).await
}

/// The queue as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Urdu right; no cell a spreadsheet would run as a formula). Audited as an export.
pub async fn export_csv(store: &Store, actor: &Actor, now: DateTime<Utc>) -> AppResult<Vec<u8>> {
    actor.require(Permission::SendReminders)?;
    let items = due(store, now).await?;
    let mut w = CsvTable::new(&[
        "date",
        "time",
        "patient",
        "mrn",
        "channel",
        "contact",
        "language",
        "practitioner",
        "message",
        "sent_at",
    ])?;
    for r in &items {
        let local = crate::clock::parse_utc(&r.starts_at)?.with_timezone(&CLINIC_TZ);
        let (date, time) = (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string());
        w.row([
            date.as_str(),
            time.as_str(),
            &r.patient_name,
            &r.mrn,
            r.channel.as_str(),
            &r.contact,
            &r.language,
            &r.practitioner_name,
            &r.message,
            r.sent_at.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = w.finish()?;
    let mut tx = store.begin_write().await?;
    let summary = format!("reminder queue CSV, {} lines", items.len());
    let ids: Vec<i64> = items.iter().map(|r| r.patient_id).collect();
    tx.audit_naming(actor.origin().entry(AuditAction::Export, "reminder_queue", None, summary), &ids).await?;
    tx.commit().await?;
    Ok(bytes)
}

async fn templates_in(store: &Store) -> AppResult<Vec<ReminderTemplate>> {
    Ok(sqlx::query_as("SELECT language, body FROM reminder_templates ORDER BY language")
        .fetch_all(store.pool())
        .await?)
}

pub async fn templates(store: &Store, actor: &Actor) -> AppResult<Vec<ReminderTemplate>> {
    if !(actor.may(Permission::SendReminders) || actor.may(Permission::EditReminderTemplates)) {
        return Err(AppError::forbidden(Permission::EditReminderTemplates.refusal()));
    }
    templates_in(store).await
}

pub async fn set_template(
    store: &Store,
    actor: &Actor,
    t: ReminderTemplate,
) -> AppResult<Vec<ReminderTemplate>> {
    actor.require(Permission::EditReminderTemplates)?;
    if !matches!(t.language.as_str(), "en" | "ur") {
        return Err(AppError::validation("language", "Choose English or Urdu."));
    }
    let body = validate::text("body", "The message", &t.body, 1000)?;
    let unknown = unknown_placeholders(&body);
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|k| format!("{{{k}}}")).collect();
        let known: Vec<String> = PLACEHOLDERS.iter().map(|k| format!("{{{k}}}")).collect();
        return Err(AppError::validation(
            "body",
            format!(
                "The message uses {} which the app does not know. Use {}.",
                list.join(", "),
                known.join(", ")
            ),
        ));
    }
    let mut tx = store.begin_write().await?;
    sqlx::query("UPDATE reminder_templates SET body = ? WHERE language = ?")
        .bind(&body)
        .bind(&t.language)
        .execute(tx.conn())
        .await?;
    let entry = actor.origin().entry(
        AuditAction::SettingsChange,
        "reminder_template",
        Some(t.language.clone()),
        "message changed",
    );
    tx.audit(entry).await?;
    tx.commit().await?;
    templates_in(store).await
}
