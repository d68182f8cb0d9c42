//! Reading notes: a patient's list, one whole note with its amendment chain, the last
//! session's note, and the bulk readers behind the timeline and the record PDF.
//! Each opening by a person is audited; one that only emergency access allowed is
//! audited as such, so that it stands out in the trail.

use sqlx::SqliteConnection;

use super::rows::{self, from_notes, summary_select, Chains, FullRow, Stored, SummaryRow, Templates};
use super::{Note, NoteStatus, NoteSummary};
use crate::audit::{AuditAction, AuditEntry};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::records::access::{Discipline, Part, Sight};
use crate::records::require_patient;
use crate::store::Store;

/// The disciplines whose notes this sight reads, as three `IN (?, ?, ?)` values
/// (a NULL matches nothing).
fn readable(sight: &Sight, only: Option<Discipline>) -> [Option<&'static str>; 3] {
    Discipline::ALL.map(|d| (only.is_none_or(|o| o == d) && sight.reads(Part::Notes(d))).then(|| d.as_str()))
}

fn opening(actor: &Actor, note_id: Option<i64>, patient_id: i64, emergency: bool, what: &str) -> AuditEntry {
    let (action, summary) = if emergency {
        (AuditAction::EmergencyAccess, format!("{what} under emergency access"))
    } else {
        (AuditAction::View, what.to_string())
    };
    let mut e = actor.origin().entry(action, "note", note_id.map(|id| id.to_string()), summary);
    e.patient_id = Some(patient_id);
    e
}

/// A patient's notes the actor may see, newest first: the signed notes of the
/// disciplines they read (amended ones too, marked), and their own drafts.
pub async fn notes_of(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    discipline: Option<Discipline>,
) -> AppResult<Vec<NoteSummary>> {
    let mut tx = store.begin_write().await?;
    let sight = Sight::of(tx.conn(), actor, patient_id).await?;
    if let Some(d) = discipline {
        sight.require_read(Part::Notes(d))?;
    }
    let [a, b, c] = readable(&sight, discipline);
    if [a, b, c].iter().all(Option::is_none) {
        return Err(AppError::forbidden("Your role does not give access to session notes."));
    }
    require_patient(tx.conn(), patient_id).await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        summary_select!(),
        from_notes!(),
        " WHERE n.patient_id = ?1 AND n.discipline IN (?2, ?3, ?4) AND (n.status = 'signed' OR n.author_id = ?5)
          ORDER BY n.created_at DESC, n.id DESC"
    ))
    .bind(patient_id)
    .bind(a)
    .bind(b)
    .bind(c)
    .bind(actor.staff_id)
    .fetch_all(tx.conn())
    .await?;
    let list = rows::summaries(rows)?;
    let emergency = discipline.is_some_and(|d| sight.by_emergency(Part::Notes(d)))
        || list.iter().any(|n| sight.by_emergency(Part::Notes(n.discipline)));
    tx.audit(opening(actor, None, patient_id, emergency, "notes listed")).await?;
    tx.commit().await?;
    Ok(list)
}

/// The signed notes of one discipline and the reader's own drafts, oldest first:
/// every version a reader may see of any chain there.
async fn versions_seen(
    conn: &mut SqliteConnection,
    reader: i64,
    patient_id: i64,
    discipline: Discipline,
) -> AppResult<Vec<NoteSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        summary_select!(),
        from_notes!(),
        " WHERE n.patient_id = ? AND n.discipline = ? AND (n.status = 'signed' OR n.author_id = ?) ORDER BY n.id"
    ))
    .bind(patient_id)
    .bind(discipline.as_str())
    .bind(reader)
    .fetch_all(&mut *conn)
    .await?;
    rows::summaries(rows)
}

/// A whole note for `reader`, who has already been found allowed to read it.
pub(super) async fn load_note(conn: &mut SqliteConnection, reader: i64, note: &Stored) -> AppResult<Note> {
    let seen = versions_seen(conn, reader, note.patient_id, note.discipline()?).await?;
    let summary = seen
        .iter()
        .find(|n| n.id == note.id)
        .cloned()
        .ok_or_else(|| AppError::internal(format!("note {} is not among its own versions", note.id)))?;
    let versions = Chains::of(&seen).versions_of(note.id);
    rows::compose(
        conn,
        &mut Templates::default(),
        summary,
        &note.content,
        note.content_sha256.clone(),
        versions,
    )
    .await
}

/// Opens a note: its sections with the template's titles, and every version of it.
/// A draft opens to its author only.
pub async fn get_note(store: &Store, actor: &Actor, note_id: i64) -> AppResult<Note> {
    let mut tx = store.begin_write().await?;
    let note = rows::stored(tx.conn(), note_id).await?;
    let part = Part::Notes(note.discipline()?);
    let sight = Sight::of(tx.conn(), actor, note.patient_id).await?;
    sight.require_read(part)?;
    if !note.is_signed() && note.author_id != actor.staff_id {
        return Err(AppError::forbidden(
            "This note is still a draft: only its author can open it until it is signed.",
        ));
    }
    let full = load_note(tx.conn(), actor.staff_id, &note).await?;
    tx.audit(opening(actor, Some(note_id), note.patient_id, sight.by_emergency(part), "note viewed")).await?;
    tx.commit().await?;
    Ok(full)
}

/// The last session's note of a discipline, as it now stands (its newest signed
/// version), or `None` when there is none yet. "Last" is by when the session's note
/// was started, so a late correction of an older session does not take its place.
pub async fn latest_note(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    discipline: Discipline,
) -> AppResult<Option<Note>> {
    let part = Part::Notes(discipline);
    let mut tx = store.begin_write().await?;
    let sight = Sight::of(tx.conn(), actor, patient_id).await?;
    sight.require_read(part)?;
    require_patient(tx.conn(), patient_id).await?;
    let signed: Vec<NoteSummary> = versions_seen(tx.conn(), actor.staff_id, patient_id, discipline)
        .await?
        .into_iter()
        .filter(|n| n.status == NoteStatus::Signed)
        .collect();
    let newest = Chains::of(&signed)
        .into_chains()
        .max_by(|x, y| (&x[0].created_at, x[0].id).cmp(&(&y[0].created_at, y[0].id)))
        .and_then(|chain| chain.last().map(|n| n.id));
    let Some(id) = newest else { return Ok(None) };
    let note = rows::stored(tx.conn(), id).await?;
    let full = load_note(tx.conn(), actor.staff_id, &note).await?;
    tx.audit(opening(actor, Some(id), patient_id, sight.by_emergency(part), "note viewed")).await?;
    tx.commit().await?;
    Ok(Some(full))
}

/// Every signed note of the patient that `sight` reads, oldest first, each whole: its
/// sections in the template's order and its chain in `versions` (`amends` and
/// `amended_by` link them too). Not audited: the caller audits its own export or view.
pub async fn visible_notes(
    conn: &mut SqliteConnection,
    sight: &Sight,
    patient_id: i64,
) -> AppResult<Vec<Note>> {
    let [a, b, c] = readable(sight, None);
    let rows: Vec<FullRow> = sqlx::query_as(concat!(
        summary_select!(),
        ", n.content, n.content_sha256",
        from_notes!(),
        " WHERE n.patient_id = ?1 AND n.discipline IN (?2, ?3, ?4) AND n.status = 'signed'
          ORDER BY n.created_at, n.id"
    ))
    .bind(patient_id)
    .bind(a)
    .bind(b)
    .bind(c)
    .fetch_all(&mut *conn)
    .await?;
    let mut stored = Vec::with_capacity(rows.len());
    let mut all = Vec::with_capacity(rows.len());
    for r in rows {
        let summary = r.summary.into_summary()?;
        all.push(summary.clone());
        stored.push((summary, r.content, r.content_sha256));
    }
    let chains = Chains::of(&all);
    let mut templates = Templates::default();
    let mut out = Vec::with_capacity(stored.len());
    for (summary, content, sha) in stored {
        let versions = chains.versions_of(summary.id);
        out.push(rows::compose(conn, &mut templates, summary, &content, sha, versions).await?);
    }
    Ok(out)
}

/// The same notes as [`visible_notes`] without their content, oldest first.
pub async fn visible_note_summaries(
    conn: &mut SqliteConnection,
    sight: &Sight,
    patient_id: i64,
) -> AppResult<Vec<NoteSummary>> {
    let [a, b, c] = readable(sight, None);
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        summary_select!(),
        from_notes!(),
        " WHERE n.patient_id = ?1 AND n.discipline IN (?2, ?3, ?4) AND n.status = 'signed'
          ORDER BY n.created_at, n.id"
    ))
    .bind(patient_id)
    .bind(a)
    .bind(b)
    .bind(c)
    .fetch_all(&mut *conn)
    .await?;
    rows::summaries(rows)
}
