//! Writing notes: start a draft (or be offered back the one already open), autosave
//! it, sign it, amend a signed note, discard a draft. Every change and its audit entry
//! commit together, and the audit entry never holds the note's content.

use std::collections::BTreeMap;

use chrono::Utc;
use sqlx::SqliteConnection;

use super::content::{check_content, from_json, sha256_hex, to_json};
use super::reading::load_note;
use super::rows::{self, from_notes, summary_select, Stored, SummaryRow};
use super::{DraftSaved, Note, NoteSummary};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::clock::utc_text;
use crate::error::{AppError, AppResult};
use crate::records::access::{is_clinician, role_writes, Discipline, Part, Sight};
use crate::records::require_patient;
use crate::records::templates;
use crate::store::{Store, WriteTx};
use crate::validate;

const AMEND_REASON_MAX: usize = 500;

async fn audit(
    tx: &mut WriteTx<'_>,
    actor: &Actor,
    action: AuditAction,
    note_id: i64,
    patient_id: i64,
    summary: String,
) -> AppResult<()> {
    let mut e = actor.origin().entry(action, "note", Some(note_id.to_string()), summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await
}

/// The note, if the actor may still write its discipline and it is their own draft.
async fn own_draft(tx: &mut WriteTx<'_>, actor: &Actor, note_id: i64, doing: &str) -> AppResult<Stored> {
    let note = rows::stored(tx.conn(), note_id).await?;
    Sight::of(tx.conn(), actor, note.patient_id).await?.require_write(Part::Notes(note.discipline()?))?;
    if note.author_id != actor.staff_id {
        return Err(AppError::forbidden(format!("Only the note's author can {doing} it.")));
    }
    if note.is_signed() {
        let on = note.signed_at.as_deref().map(|t| format!(" on {}", shown(t))).unwrap_or_default();
        return Err(AppError::conflict(format!(
            "This note was already signed{on}, and a signed note cannot be changed. To correct it, amend it."
        )));
    }
    Ok(note)
}

/// A stored instant as the clinic reads it: its date and time in Asia/Karachi.
fn shown(utc: &str) -> String {
    crate::clock::parse_utc(utc)
        .map(|t| t.with_timezone(&crate::clock::CLINIC_TZ).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| utc.to_string())
}

async fn check_appointment(
    conn: &mut SqliteConnection,
    patient_id: i64,
    appointment_id: i64,
) -> AppResult<()> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM appointments WHERE id = ?")
        .bind(appointment_id)
        .fetch_optional(&mut *conn)
        .await?;
    match owner {
        None => Err(AppError::validation("appointment_id", "This appointment does not exist.")),
        Some(p) if p != patient_id => Err(AppError::validation(
            "appointment_id",
            "This appointment is another patient's. Start the note from this patient's own appointment.",
        )),
        Some(_) => Ok(()),
    }
}

/// Starts a note in a template for a patient (and one of their appointments). The
/// author's draft already open for the same patient, appointment and discipline is
/// offered back instead of a second one.
pub async fn start_note(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    template_id: i64,
    appointment_id: Option<i64>,
) -> AppResult<Note> {
    let mut tx = store.begin_write().await?;
    let template = templates::load(tx.conn(), template_id)
        .await?
        .ok_or_else(|| AppError::validation("template_id", "Choose a note template."))?;
    let d = template.discipline;
    Sight::of(tx.conn(), actor, patient_id).await?.require_write(Part::Notes(d))?;
    require_patient(tx.conn(), patient_id).await?;
    if let Some(a) = appointment_id {
        check_appointment(tx.conn(), patient_id, a).await?;
    }
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM notes
         WHERE author_id = ? AND patient_id = ? AND appointment_id IS ? AND discipline = ?
           AND status = 'draft' AND amends_id IS NULL
         ORDER BY updated_at DESC, id DESC LIMIT 1",
    )
    .bind(actor.staff_id)
    .bind(patient_id)
    .bind(appointment_id)
    .bind(d.as_str())
    .fetch_optional(tx.conn())
    .await?;
    let (id, action, summary) = match open {
        Some(id) => (id, AuditAction::View, "draft offered back".to_string()),
        None => {
            if !template.active {
                return Err(AppError::validation(
                    "template_id",
                    format!("The template “{}” is no longer in use. Choose another one.", template.name),
                ));
            }
            let now = utc_text(Utc::now());
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                                    created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, 'draft', '{}', ?, ?) RETURNING id",
            )
            .bind(patient_id)
            .bind(appointment_id)
            .bind(template_id)
            .bind(d.as_str())
            .bind(actor.staff_id)
            .bind(&now)
            .bind(&now)
            .fetch_one(tx.conn())
            .await?;
            (id, AuditAction::Create, format!("draft started, template {template_id}"))
        }
    };
    audit(&mut tx, actor, action, id, patient_id, summary).await?;
    let note = rows::stored(tx.conn(), id).await?;
    let full = load_note(tx.conn(), actor.staff_id, &note).await?;
    tx.commit().await?;
    Ok(full)
}

/// The autosave: replaces a draft's content, section by section key. Only the author,
/// only a draft; nothing is saved unless all of it is acceptable. Saving what is
/// already saved writes nothing and answers the earlier time.
pub async fn save_draft(
    store: &Store,
    actor: &Actor,
    note_id: i64,
    content: BTreeMap<String, String>,
) -> AppResult<DraftSaved> {
    let mut tx = store.begin_write().await?;
    let note = own_draft(&mut tx, actor, note_id, "edit").await?;
    let template = templates::load(tx.conn(), note.template_id)
        .await?
        .ok_or_else(|| AppError::internal(format!("note {note_id}: its template is missing")))?;
    let json = to_json(&check_content(&template, &content)?)?;
    if json == note.content {
        return Ok(DraftSaved { note_id, saved_at: note.updated_at });
    }
    let now = utc_text(Utc::now());
    sqlx::query("UPDATE notes SET content = ?, updated_at = ? WHERE id = ? AND status = 'draft'")
        .bind(&json)
        .bind(&now)
        .bind(note_id)
        .execute(tx.conn())
        .await?;
    audit(&mut tx, actor, AuditAction::Update, note_id, note.patient_id, "draft saved".into()).await?;
    tx.commit().await?;
    Ok(DraftSaved { note_id, saved_at: now })
}

/// The signed note that already corrects `original`, if any.
async fn amended_by(conn: &mut SqliteConnection, original: i64) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT min(id) FROM notes WHERE amends_id = ? AND status = 'signed'")
        .bind(original)
        .fetch_one(&mut *conn)
        .await?)
}

/// Signs a draft: from then on it is locked (the database refuses any change to a
/// signed note) and its content's SHA-256 is kept with it.
pub async fn sign_note(store: &Store, actor: &Actor, note_id: i64) -> AppResult<Note> {
    let mut tx = store.begin_write().await?;
    let note = own_draft(&mut tx, actor, note_id, "sign").await?;
    if from_json(note_id, &note.content)?.is_empty() {
        return Err(AppError::validation(
            "content",
            "Write at least one section before signing: an empty note cannot be signed.",
        ));
    }
    if let Some(original) = note.amends_id {
        if let Some(newer) = amended_by(tx.conn(), original).await? {
            return Err(AppError::conflict(format!(
                "Note {original} has already been amended by note {newer}. Discard this draft, or amend note {newer} instead."
            )));
        }
    }
    let now = utc_text(Utc::now());
    sqlx::query(
        "UPDATE notes SET status = 'signed', signed_at = ?1, updated_at = ?1, content_sha256 = ?2
         WHERE id = ?3 AND status = 'draft'",
    )
    .bind(&now)
    .bind(sha256_hex(&note.content))
    .bind(note_id)
    .execute(tx.conn())
    .await?;
    let summary = match note.amends_id {
        Some(original) => format!("signed, amends note {original}"),
        None => "signed".to_string(),
    };
    audit(&mut tx, actor, AuditAction::Sign, note_id, note.patient_id, summary).await?;
    let signed = rows::stored(tx.conn(), note_id).await?;
    let full = load_note(tx.conn(), actor.staff_id, &signed).await?;
    tx.commit().await?;
    Ok(full)
}

/// Starts the correction of a signed note: a new draft that amends it, with the
/// reason, holding a copy of its content to edit and sign. The original stays as it
/// was and is shown as amended once the correction is signed. One correction at a
/// time: the actor's own open one is offered back.
pub async fn amend_note(store: &Store, actor: &Actor, note_id: i64, reason: &str) -> AppResult<Note> {
    let mut tx = store.begin_write().await?;
    let original = rows::stored(tx.conn(), note_id).await?;
    let d = original.discipline()?;
    Sight::of(tx.conn(), actor, original.patient_id).await?.require_write(Part::Notes(d))?;
    if !original.is_signed() {
        return Err(AppError::conflict(
            "This note is not signed yet, so there is nothing to amend: sign it or keep editing it.",
        ));
    }
    let reason = validate::text("reason", "The reason for the amendment", reason, AMEND_REASON_MAX)?;
    if let Some(newer) = amended_by(tx.conn(), note_id).await? {
        return Err(AppError::conflict(format!(
            "This note has already been amended by note {newer}. Open that one and amend it instead."
        )));
    }
    let open: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT n.id, n.author_id, s.full_name FROM notes n JOIN staff s ON s.id = n.author_id
         WHERE n.amends_id = ? AND n.status = 'draft' ORDER BY n.id LIMIT 1",
    )
    .bind(note_id)
    .fetch_optional(tx.conn())
    .await?;
    let (id, action, summary) = match open {
        Some((id, author, _)) if author == actor.staff_id => {
            (id, AuditAction::View, "draft offered back".to_string())
        }
        Some((_, _, author_name)) => {
            return Err(AppError::conflict(format!(
                "{author_name} is already writing an amendment of this note. It can be amended again once theirs is signed."
            )))
        }
        None => {
            let now = utc_text(Utc::now());
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                                    amends_id, amend_reason, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(original.patient_id)
            .bind(original.appointment_id)
            .bind(original.template_id)
            .bind(d.as_str())
            .bind(actor.staff_id)
            .bind(&original.content)
            .bind(note_id)
            .bind(&reason)
            .bind(&now)
            .bind(&now)
            .fetch_one(tx.conn())
            .await?;
            (id, AuditAction::Create, format!("amendment of note {note_id}"))
        }
    };
    audit(&mut tx, actor, action, id, original.patient_id, summary).await?;
    let draft = rows::stored(tx.conn(), id).await?;
    let full = load_note(tx.conn(), actor.staff_id, &draft).await?;
    tx.commit().await?;
    Ok(full)
}

/// Throws away the author's own draft (started in the wrong template or for the wrong
/// patient). A signed note is never discarded.
pub async fn discard_draft(store: &Store, actor: &Actor, note_id: i64) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    let note = own_draft(&mut tx, actor, note_id, "discard").await?;
    sqlx::query("DELETE FROM notes WHERE id = ? AND status = 'draft'")
        .bind(note_id)
        .execute(tx.conn())
        .await?;
    audit(&mut tx, actor, AuditAction::Delete, note_id, note.patient_id, "draft discarded".into()).await?;
    tx.commit().await
}

/// The actor's unsigned drafts (of one patient, or all), newest first, to offer back
/// when a note screen is reopened. Only the author sees a draft; nothing is shown of
/// its content here, so the list is not audited.
pub async fn my_drafts(store: &Store, actor: &Actor, patient_id: Option<i64>) -> AppResult<Vec<NoteSummary>> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("Only clinicians write session notes."));
    }
    if let Some(id) = patient_id {
        crate::retention::require_open(&mut *store.pool().acquire().await?, actor, id).await?;
    }
    // A draft for a patient restricted since cannot be finished: it is not offered back.
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        summary_select!(),
        from_notes!(),
        " WHERE n.author_id = ?1 AND n.status = 'draft' AND (?2 IS NULL OR n.patient_id = ?2)
            AND n.patient_id NOT IN (SELECT patient_id FROM retention_restrictions)
          ORDER BY n.updated_at DESC, n.id DESC"
    ))
    .bind(actor.staff_id)
    .bind(patient_id)
    .fetch_all(store.pool())
    .await?;
    let writes = |d: Discipline| actor.roles.iter().any(|r| role_writes(*r, Part::Notes(d)));
    Ok(rows::summaries(rows)?.into_iter().filter(|n| writes(n.discipline)).collect())
}
