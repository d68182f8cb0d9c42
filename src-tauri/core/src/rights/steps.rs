//! The steps a request takes: identity verified → in progress → fulfilled or refused.
//! Each is one write transaction: the state, its history row and its audit row.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::corrections::{self, CorrectionAccepted, DisputedRecord};
use super::disclosures::Disclosure;
use super::requests::{add_event, load, RightsRequest};
use super::{check_step, RequestKind, RequestState};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::utc_text;
use crate::error::{AppError, AppResult};
use crate::patients::{self, ObjectionPurpose};
use crate::store::{Store, WriteTx};
use crate::validate;

/// How the privacy officer made sure the requester is who they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IdentityMethod {
    /// The original CNIC (or B-form for a child, with the guardian's CNIC) was seen.
    CnicSeen,
    /// Staff know the person and saw them at the desk.
    KnownInPerson,
    /// A call back to the phone number on record.
    PhoneCallBack,
    /// A signed letter matching the signature on record.
    SignedLetter,
    Other,
}

impl IdentityMethod {
    const ALL: [IdentityMethod; 5] = [
        IdentityMethod::CnicSeen,
        IdentityMethod::KnownInPerson,
        IdentityMethod::PhoneCallBack,
        IdentityMethod::SignedLetter,
        IdentityMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdentityMethod::CnicSeen => "cnic_seen",
            IdentityMethod::KnownInPerson => "known_in_person",
            IdentityMethod::PhoneCallBack => "phone_call_back",
            IdentityMethod::SignedLetter => "signed_letter",
            IdentityMethod::Other => "other",
        }
    }

    pub(super) fn parse(s: &str) -> AppResult<IdentityMethod> {
        IdentityMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| AppError::internal("a stored identity method is unknown"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IdentityCheck {
    pub method: IdentityMethod,
    /// What was seen or asked, e.g. "CNIC seen, matches the record".
    pub notes: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FulfilInput {
    /// What was done, for the letter's {outcome_details} (the deletion flow passes
    /// "kept: … until …; erased: …").
    #[serde(default)]
    pub outcome_details: String,
    /// For an objection request: the purposes now objected to.
    #[serde(default)]
    pub objection_purposes: Vec<ObjectionPurpose>,
    /// For a correction request: what was changed and where.
    #[ts(optional)]
    #[serde(default)]
    pub correction: Option<CorrectionAccepted>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RefuseInput {
    pub reason: String,
    /// For a correction request: the patient's statement of disagreement, kept with
    /// the record and included in later exports.
    #[ts(optional)]
    #[serde(default)]
    pub statement: Option<String>,
    /// With a statement: what it disputes. The statement is read with that part of the
    /// record, and only by those who may read it.
    #[ts(optional)]
    #[serde(default)]
    pub disputes: Option<DisputedRecord>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Fulfilled {
    pub request: RightsRequest,
    /// After a correction: who received the old data (from the disclosures register),
    /// so they can be told.
    pub recipients_to_tell: Vec<Disclosure>,
}

/// The request as the step finds it, with the step checked.
pub(super) struct Current {
    pub id: i64,
    pub kind: RequestKind,
    pub patient_id: i64,
    pub state: RequestState,
}

pub(super) async fn begin(conn: &mut SqliteConnection, id: i64, to: RequestState) -> AppResult<Current> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT kind, patient_id, state FROM rights_requests WHERE id = ?1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    let (kind, patient_id, state) = row.ok_or_else(|| AppError::not_found("This request does not exist."))?;
    let state = RequestState::parse(&state)?;
    check_step(state, to).map_err(AppError::conflict)?;
    Ok(Current { id, kind: RequestKind::parse(&kind)?, patient_id, state })
}

/// Moves the request to `to`, writes its history and its one audit row, commits.
pub(super) async fn finish(
    mut tx: WriteTx<'_>,
    actor: &Actor,
    cur: &Current,
    to: RequestState,
    note: Option<&str>,
    extra: &str,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    let closed = (!to.is_open()).then(|| utc_text(now));
    sqlx::query("UPDATE rights_requests SET state = ?1, closed_at = ?2 WHERE id = ?3")
        .bind(to.as_str())
        .bind(closed)
        .bind(cur.id)
        .execute(tx.conn())
        .await?;
    add_event(tx.conn(), cur.id, Some(cur.state), to, note, actor.staff_id, now).await?;
    let summary = format!("{} request {} -> {}{extra}", cur.kind.as_str(), cur.state.as_str(), to.as_str());
    let mut e =
        actor.origin().entry(AuditAction::Update, "rights_request", Some(cur.id.to_string()), summary);
    e.patient_id = Some(cur.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), cur.id).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn verify_identity(
    store: &Store,
    actor: &Actor,
    id: i64,
    check: IdentityCheck,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    actor.require(Permission::ManageRightsRequests)?;
    let notes = validate::text("notes", "How the identity was checked", &check.notes, 500)?;
    let mut tx = store.begin_write().await?;
    let cur = begin(tx.conn(), id, RequestState::IdentityVerified).await?;
    sqlx::query("UPDATE rights_requests SET identity_method = ?1, identity_notes = ?2 WHERE id = ?3")
        .bind(check.method.as_str())
        .bind(&notes)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let extra = format!(" ({})", check.method.as_str());
    finish(tx, actor, &cur, RequestState::IdentityVerified, None, &extra, now).await
}

pub async fn start_work(
    store: &Store,
    actor: &Actor,
    id: i64,
    note: String,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    actor.require(Permission::ManageRightsRequests)?;
    let note = validate::optional_text("note", "The note", &note, 1000)?;
    let mut tx = store.begin_write().await?;
    let cur = begin(tx.conn(), id, RequestState::InProgress).await?;
    finish(tx, actor, &cur, RequestState::InProgress, note.as_deref(), "", now).await
}

/// Objection purposes in words, for the letter when the officer wrote nothing else.
fn purposes_words(purposes: &[ObjectionPurpose]) -> String {
    let words: Vec<&str> = purposes
        .iter()
        .map(|p| match p {
            ObjectionPurpose::Reminders => "appointment reminders",
            ObjectionPurpose::Sharing => "sharing outside the care team",
            ObjectionPurpose::Statistics => "use for statistics",
        })
        .collect();
    format!("Objections recorded: {}.", words.join(", "))
}

/// Marks the request fulfilled, doing in the same transaction what the kind needs:
/// an objection request records its objections, a correction its outcome.
pub async fn fulfil(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: FulfilInput,
    now: DateTime<Utc>,
) -> AppResult<Fulfilled> {
    actor.require(Permission::ManageRightsRequests)?;
    let mut details =
        validate::optional_text("outcome_details", "What was done", &input.outcome_details, 4000)?;
    let mut tx = store.begin_write().await?;
    let cur = begin(tx.conn(), id, RequestState::Fulfilled).await?;
    let mut extra = String::new();
    let mut recipients = Vec::new();

    let mut purposes: Vec<ObjectionPurpose> = Vec::new();
    for p in &input.objection_purposes {
        if !purposes.contains(p) {
            purposes.push(*p);
        }
    }
    match (cur.kind, purposes.is_empty()) {
        (RequestKind::Objection, true) => return Err(AppError::validation(
            "objection_purposes",
            "Choose what the patient objects to: reminders, sharing outside the care team, or statistics.",
        )),
        (RequestKind::Objection, false) => {
            let mut ids = Vec::new();
            for p in &purposes {
                // One already on record stays as it is; the request is still answered.
                if !patients::objects_to(tx.conn(), cur.patient_id, *p).await? {
                    ids.push(
                        patients::insert_objection(tx.conn(), cur.patient_id, *p, actor.staff_id).await?,
                    );
                }
            }
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            extra = format!("; objections {}", list.join(","));
            details.get_or_insert_with(|| purposes_words(&purposes));
        }
        (_, false) => {
            return Err(AppError::validation(
                "objection_purposes",
                "Objections are chosen only for an objection request.",
            ))
        }
        (_, true) => {}
    }

    match (cur.kind, &input.correction) {
        (RequestKind::Correction, Some(c)) => {
            let c = corrections::check_accepted(c)?;
            recipients = corrections::record_accepted(tx.conn(), cur.id, cur.patient_id, &c).await?;
            extra = format!("; amended {} {}", c.amended.entity.as_str(), c.amended.id);
            details.get_or_insert_with(|| c.change.clone());
        }
        (RequestKind::Correction, None) => {
            return Err(AppError::validation(
                "correction.change",
                "Describe the change made to the record, and choose the record that was amended.",
            ))
        }
        (_, Some(_)) => {
            return Err(AppError::validation(
                "correction.change",
                "A change is recorded only for a correction request.",
            ))
        }
        (_, None) => {}
    }

    sqlx::query("UPDATE rights_requests SET outcome_details = ?1 WHERE id = ?2")
        .bind(&details)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let request = finish(tx, actor, &cur, RequestState::Fulfilled, None, &extra, now).await?;
    Ok(Fulfilled { request, recipients_to_tell: recipients })
}

/// The start of a fulfilment whose work a service of its own does (access, portability,
/// deletion): the request must be of `kind` and in progress.
pub(super) async fn begin_fulfilment(
    conn: &mut SqliteConnection,
    id: i64,
    kind: RequestKind,
) -> AppResult<Current> {
    let cur = begin(conn, id, RequestState::Fulfilled).await?;
    if cur.kind != kind {
        return Err(AppError::conflict(format!(
            "This is a {} request, not a {} request.",
            cur.kind.as_str(),
            kind.as_str()
        )));
    }
    Ok(cur)
}

/// Records what was done and marks the request fulfilled, in `tx` with its audit row.
pub(super) async fn finish_fulfilment(
    mut tx: WriteTx<'_>,
    actor: &Actor,
    cur: &Current,
    details: &str,
    extra: &str,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    sqlx::query("UPDATE rights_requests SET outcome_details = ?1 WHERE id = ?2")
        .bind(details)
        .bind(cur.id)
        .execute(tx.conn())
        .await?;
    finish(tx, actor, cur, RequestState::Fulfilled, None, extra, now).await
}

pub async fn refuse(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: RefuseInput,
    now: DateTime<Utc>,
) -> AppResult<RightsRequest> {
    actor.require(Permission::ManageRightsRequests)?;
    let reason = validate::text("reason", "The reason for refusing", &input.reason, 2000)?;
    let statement = match input.statement.as_deref() {
        Some(s) => validate::optional_text("statement", "The patient's statement", s, 4000)?,
        None => None,
    };
    let disputes = input.disputes.filter(|_| statement.is_some());
    let mut tx = store.begin_write().await?;
    let cur = begin(tx.conn(), id, RequestState::Refused).await?;
    let mut extra = String::new();
    if let Some(text) = &statement {
        if cur.kind != RequestKind::Correction {
            return Err(AppError::validation(
                "statement",
                "A statement of disagreement is kept only for a refused correction.",
            ));
        }
        let disputes = disputes.ok_or_else(|| {
            AppError::validation(
                "disputes",
                "Choose which part of the record the statement disagrees with, so it goes with that record.",
            )
        })?;
        let sid = corrections::record_statement(
            tx.conn(),
            cur.patient_id,
            cur.id,
            text,
            disputes,
            actor.staff_id,
            now,
        )
        .await?;
        extra = format!("; statement {sid} about {}", disputes.as_str());
    }
    sqlx::query("UPDATE rights_requests SET refusal_reason = ?1 WHERE id = ?2")
        .bind(&reason)
        .bind(id)
        .execute(tx.conn())
        .await?;
    finish(tx, actor, &cur, RequestState::Refused, None, &extra, now).await
}
