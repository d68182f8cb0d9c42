//! The letter at each outcome: templates per kind × outcome × language that the clinic
//! edits, filled from the request and written by `export::letter`. Printing one is
//! audited as an export at the patient's request.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sqlx::SqliteConnection;

use super::requests::{load, RightsRequest};
use super::{clinic_date, RequestKind, RequestState};
use crate::audit::{AuditAction, AuditEntry};
use crate::auth::{Actor, Permission};
use crate::clinic;
use crate::clock::parse_utc;
use crate::error::{AppError, AppResult};
use crate::export::letter::{self, Letter};
use crate::records::ExportPurpose;
use crate::scheduling::ExportFile;
use crate::staff::Language;
use crate::store::Store;
use crate::validate;

/// The placeholders a letter may use, in the order the template editor lists them.
pub const LETTER_PLACEHOLDERS: [&str; 11] = [
    "patient_name",
    "requester_name",
    "request_type",
    "received_on",
    "due_on",
    "decided_on",
    "outcome_details",
    "reason",
    "clinic_name",
    "clinic_phone",
    "reference",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    Fulfilled,
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Fulfilled => "fulfilled",
            Outcome::Refused => "refused",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterTemplateInput {
    pub kind: RequestKind,
    pub outcome: Outcome,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct LetterTemplate {
    pub kind: String,
    pub outcome: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    pub updated_at: Option<String>,
}

/// The `{words}` of a text that are not placeholders.
fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let key = &after[..close];
        if !LETTER_PLACEHOLDERS.contains(&key) && !out.iter().any(|k| k == key) {
            out.push(key.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// Puts the values in; anything else between braces stays as typed.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = after
            .find('}')
            .and_then(|close| values.iter().find(|(k, _)| *k == &after[..close]).map(|(_, v)| (close, *v)));
        match hit {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn check_placeholders(field: &str, text: &str) -> AppResult<()> {
    let unknown = unknown_placeholders(text);
    if unknown.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = unknown.iter().map(|k| format!("{{{k}}}")).collect();
    let known: Vec<String> = LETTER_PLACEHOLDERS.iter().map(|k| format!("{{{k}}}")).collect();
    Err(AppError::validation(
        field,
        format!("The letter uses {} which the app does not know. Use {}.", list.join(", "), known.join(", ")),
    ))
}

async fn all_templates(store: &Store) -> AppResult<Vec<LetterTemplate>> {
    Ok(sqlx::query_as(
        "SELECT kind, outcome, language, subject, body, updated_at FROM rights_letter_templates
         ORDER BY kind, outcome, language",
    )
    .fetch_all(store.pool())
    .await?)
}

pub async fn letter_templates(store: &Store, actor: &Actor) -> AppResult<Vec<LetterTemplate>> {
    actor.require(Permission::ManageRightsRequests)?;
    all_templates(store).await
}

pub async fn set_letter_template(
    store: &Store,
    actor: &Actor,
    t: LetterTemplateInput,
    now: DateTime<Utc>,
) -> AppResult<Vec<LetterTemplate>> {
    actor.require(Permission::ManageRightsRequests)?;
    let subject = validate::text("subject", "The letter's subject", &t.subject, 200)?;
    let body = validate::text("body", "The letter", &t.body, 6000)?;
    check_placeholders("subject", &subject)?;
    check_placeholders("body", &body)?;
    let key = format!("{}/{}/{}", t.kind.as_str(), t.outcome.as_str(), t.language.as_str());
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "UPDATE rights_letter_templates SET subject = ?1, body = ?2, updated_by = ?3, updated_at = ?4
         WHERE kind = ?5 AND outcome = ?6 AND language = ?7",
    )
    .bind(&subject)
    .bind(&body)
    .bind(actor.staff_id)
    .bind(crate::clock::utc_text(now))
    .bind(t.kind.as_str())
    .bind(t.outcome.as_str())
    .bind(t.language.as_str())
    .execute(tx.conn())
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "rights_letter_template",
        Some(key),
        "letter changed",
    ))
    .await?;
    tx.commit().await?;
    all_templates(store).await
}

/// Whom a letter is addressed to and about, read while the store still holds the names:
/// a deletion writes its letters in the transaction that erases them.
pub(crate) struct Addressee {
    patient_name: String,
    name_ur: Option<String>,
    requester_name: String,
}

pub(crate) async fn addressee(conn: &mut SqliteConnection, r: &RightsRequest) -> AppResult<Addressee> {
    let name_ur: Option<String> = sqlx::query_scalar("SELECT name_ur FROM patients WHERE id = ?1")
        .bind(r.patient_id)
        .fetch_one(conn)
        .await?;
    Ok(Addressee { patient_name: r.patient_name.clone(), name_ur, requester_name: r.requester_name.clone() })
}

/// The letter for a decided request, in `language`, as a PDF file to save; audited as
/// an export.
pub async fn letter_pdf(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    language: Language,
    now: DateTime<Utc>,
) -> AppResult<ExportFile> {
    actor.require(Permission::ManageRightsRequests)?;
    let mut conn = store.pool().acquire().await?;
    let r = load(&mut conn, request_id).await?;
    let to = addressee(&mut conn, &r).await?;
    let file = letter_file(&mut conn, store, &r, &to, language, now).await?;
    drop(conn);
    let mut tx = store.begin_write().await?;
    tx.audit(letter_audit(actor, &r, language)?).await?;
    tx.commit().await?;
    Ok(file)
}

/// The letter for `r` as given (decided, with its outcome), to `to`. Not audited: the
/// caller audits the export in the transaction that hands the file out.
pub(crate) async fn letter_file(
    conn: &mut SqliteConnection,
    store: &Store,
    r: &RightsRequest,
    to: &Addressee,
    language: Language,
    now: DateTime<Utc>,
) -> AppResult<ExportFile> {
    let outcome = outcome_of(r)?;
    let (subject, body): (String, String) = sqlx::query_as(
        "SELECT subject, body FROM rights_letter_templates WHERE kind = ?1 AND outcome = ?2 AND language = ?3",
    )
    .bind(r.kind.as_str())
    .bind(outcome.as_str())
    .bind(language.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::internal("a letter template is missing"))?;
    let urdu = language == Language::Ur;
    let patient_name = match (&to.name_ur, urdu) {
        (Some(n), true) if !n.trim().is_empty() => n.clone(),
        _ => to.patient_name.clone(),
    };
    let requester_name =
        if r.guardian_id.is_some() { to.requester_name.clone() } else { patient_name.clone() };
    let decided = match r.closed_at.as_deref() {
        Some(t) => clinic_date(parse_utc(t)?),
        None => clinic_date(now),
    };
    let header = clinic::letterhead(store).await?;
    let reference = format!("R-{:06}", r.id);
    let date = |text: &str| -> AppResult<String> {
        let d = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| AppError::internal("a stored request date is unreadable"))?;
        Ok(letter::letter_date(d, urdu))
    };
    let (decided_on, received_on, due_on) =
        (letter::letter_date(decided, urdu), date(&r.received_on)?, date(&r.due_on)?);
    let values = [
        ("patient_name", patient_name.as_str()),
        ("requester_name", requester_name.as_str()),
        ("request_type", r.kind.words(urdu)),
        ("received_on", received_on.as_str()),
        ("due_on", due_on.as_str()),
        ("decided_on", decided_on.as_str()),
        ("outcome_details", r.outcome_details.as_deref().unwrap_or("")),
        ("reason", r.refusal_reason.as_deref().unwrap_or("")),
        ("clinic_name", header.name.as_str()),
        ("clinic_phone", header.phone.as_str()),
        ("reference", reference.as_str()),
    ];
    let doc = Letter {
        subject: fill(&subject, &values),
        body: fill(&body, &values),
        clinic: header,
        urdu,
        date: decided,
        reference: reference.clone(),
        printed_at: now,
    };
    let bytes = tokio::task::spawn_blocking(move || letter::letter_pdf(&doc)).await??;
    let name = format!("letter-{reference}-{}-{}.pdf", r.kind.as_str(), language.as_str());
    Ok(ExportFile { name, bytes })
}

fn outcome_of(r: &RightsRequest) -> AppResult<Outcome> {
    match r.state {
        RequestState::Fulfilled => Ok(Outcome::Fulfilled),
        RequestState::Refused => Ok(Outcome::Refused),
        _ => Err(AppError::conflict("The letter is written once the request has been fulfilled or refused.")),
    }
}

/// The audit entry of a letter handed out: ids, kinds and the purpose, no names.
pub(crate) fn letter_audit(actor: &Actor, r: &RightsRequest, language: Language) -> AppResult<AuditEntry> {
    let outcome = outcome_of(r)?;
    let summary = format!(
        "{} {} letter, {}, purpose {}",
        r.kind.as_str(),
        outcome.as_str(),
        language.as_str(),
        ExportPurpose::PatientRequest.as_str()
    );
    let mut e = actor.origin().entry(AuditAction::Export, "rights_letter", Some(r.id.to_string()), summary);
    e.patient_id = Some(r.patient_id);
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_found() {
        let v = [("patient_name", "Amna Riaz"), ("reason", "")];
        assert_eq!(fill("Dear {patient_name}, {reason}{x} {", &v), "Dear Amna Riaz, {x} {");
        assert_eq!(unknown_placeholders("{patient_name} {nmae} {nmae} {clinic}"), vec!["nmae", "clinic"]);
        assert!(unknown_placeholders("{reason} and an open { only").is_empty());
        let e = check_placeholders("body", "Dear {name}").unwrap_err();
        assert_eq!(e.field(), Some("body"));
        assert!(e.to_string().contains("{name}") && e.to_string().contains("{patient_name}"), "{e}");
    }

    #[test]
    fn the_seeded_templates_use_known_placeholders_only() {
        let sql = include_str!("../../../migrations/20261201000002_rights_requests.sql");
        let seed = &sql[sql.find("INSERT INTO rights_letter_templates").unwrap()..];
        assert!(unknown_placeholders(seed).is_empty(), "{:?}", unknown_placeholders(seed));
        for k in RequestKind::ALL {
            for o in ["fulfilled", "refused"] {
                for l in ["en", "ur"] {
                    assert!(seed.contains(&format!("('{}', '{o}', '{l}'", k.as_str())), "{k:?} {o} {l}");
                }
            }
        }
    }
}
