//! What a restriction means for the rest of the app: a patient whose records are kept
//! past a deletion request (privacy policy 7 and 8) has them used for nothing but what
//! the law keeps them for. Only the privacy officer, who answers to the law and to the
//! patient for them, may open them or add to them; every other path asks here first.
//!
//! An erased patient (only a tombstone row left) or an anonymised one (no identifiers
//! left) is nobody's record any more: nothing may be added to it, by anyone.
//!
//! The refusal says only that the record is restricted and whom to ask: not why (a
//! deletion request), nor until when. Reception is not told that a patient asked to be
//! forgotten.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use crate::auth::{Actor, Role};
use crate::error::{AppError, AppResult};

/// The ids of patients with records kept past a deletion request, for queries that
/// leave such patients out (`p.id NOT IN (…)`); one statement, so every list agrees.
pub const RESTRICTED_PATIENTS: &str = "SELECT patient_id FROM retention_restrictions";

/// What everyone but the privacy officer is told about a restricted patient.
pub const RESTRICTED: &str = "This patient's record is restricted. Ask the privacy officer.";

/// The refusal of a restricted patient's record.
pub fn restricted() -> AppError {
    AppError::forbidden(RESTRICTED)
}

/// A patient's standing restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    /// The first day any of the kept records may go; `None` when all are kept always.
    pub until: Option<NaiveDate>,
}

/// Where a patient's record stands, as far as reading and adding to it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Open,
    /// Kept past a deletion request: the privacy officer's alone.
    Restricted,
    /// Only the tombstone row is left.
    Erased,
    /// Identifiers removed for good; the clinical data kept for statistics.
    Anonymised,
}

impl Standing {
    /// Erased or anonymised: there is nobody's record left to add to.
    pub fn is_closed(self) -> bool {
        matches!(self, Standing::Erased | Standing::Anonymised)
    }

    /// What anyone is told who would add to a closed record.
    pub fn closed_refusal(self) -> Option<AppError> {
        match self {
            Standing::Erased => Some(AppError::forbidden(
                "This patient's record was erased at their request; nothing can be added to it.",
            )),
            Standing::Anonymised => {
                Some(AppError::forbidden("This patient's record was anonymised; nothing can be added to it."))
            }
            Standing::Open | Standing::Restricted => None,
        }
    }
}

/// The patient's standing, or `None` when there is no such patient. One statement.
pub async fn standing(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Option<Standing>> {
    let row: Option<(bool, bool, bool)> = sqlx::query_as(
        "SELECT erased_at IS NOT NULL, anonymised_at IS NOT NULL,
                EXISTS (SELECT 1 FROM retention_restrictions r WHERE r.patient_id = p.id)
         FROM patients p WHERE p.id = ?1",
    )
    .bind(patient_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(erased, anonymised, restricted)| match (erased, anonymised, restricted) {
        (true, _, _) => Standing::Erased,
        (_, true, _) => Standing::Anonymised,
        (_, _, true) => Standing::Restricted,
        _ => Standing::Open,
    }))
}

/// The patient's restriction, if any. The earliest `until` is given: it is the first day
/// the privacy officer can act on the records again (erase what has come due).
pub async fn restriction_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Option<Restriction>> {
    let (kept, until): (i64, Option<String>) =
        sqlx::query_as("SELECT count(*), min(until) FROM retention_restrictions WHERE patient_id = ?1")
            .bind(patient_id)
            .fetch_one(conn)
            .await?;
    if kept == 0 {
        return Ok(None);
    }
    let until = until
        .map(|u| NaiveDate::parse_from_str(&u, "%Y-%m-%d"))
        .transpose()
        .map_err(|_| AppError::internal("a retention restriction has a malformed date"))?;
    Ok(Some(Restriction { until }))
}

/// Whether any of the patient's records are kept past a deletion request.
pub async fn is_restricted(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<bool> {
    Ok(restriction_of(conn, patient_id).await?.is_some())
}

pub fn is_privacy_officer(actor: &Actor) -> bool {
    actor.roles.contains(&Role::PrivacyOfficer)
}

/// Refuses anyone but the privacy officer a restricted patient's records (for reads).
/// A patient who does not exist passes: the caller says "not found" in its own words.
pub async fn require_open(conn: &mut SqliteConnection, actor: &Actor, patient_id: i64) -> AppResult<()> {
    if is_privacy_officer(actor) {
        return Ok(());
    }
    match standing(conn, patient_id).await? {
        Some(Standing::Restricted) => Err(restricted()),
        _ => Ok(()),
    }
}

/// For anything that adds to or changes a patient's record: the patient exists, is
/// neither erased nor anonymised (refused to everyone), and is not restricted (refused
/// to all but the privacy officer).
pub async fn require_writable(conn: &mut SqliteConnection, actor: &Actor, patient_id: i64) -> AppResult<()> {
    match standing(conn, patient_id).await? {
        None => Err(AppError::not_found("This patient does not exist.")),
        Some(s) => refuse_write(s, actor),
    }
}

/// `require_writable`'s rule for a standing already read.
pub fn refuse_write(s: Standing, actor: &Actor) -> AppResult<()> {
    match s {
        Standing::Restricted if !is_privacy_officer(actor) => Err(restricted()),
        other => other.closed_refusal().map_or(Ok(()), Err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { staff_id: 1, roles: vec![role], workstation: "ws".into() }
    }

    #[test]
    fn the_refusal_names_neither_the_reason_nor_the_day() {
        assert_eq!(restricted().to_string(), "This patient's record is restricted. Ask the privacy officer.");
        assert_eq!(restricted().kind(), "forbidden");
        for word in ["delet", "law", "until", "kept"] {
            assert!(!RESTRICTED.to_lowercase().contains(word), "{word}");
        }
    }

    #[test]
    fn who_may_add_to_which_record() {
        let (desk, privacy) = (actor(Role::Reception), actor(Role::PrivacyOfficer));
        assert!(refuse_write(Standing::Open, &desk).is_ok());
        assert_eq!(refuse_write(Standing::Restricted, &desk).unwrap_err().to_string(), RESTRICTED);
        assert!(refuse_write(Standing::Restricted, &privacy).is_ok());
        for closed in [Standing::Erased, Standing::Anonymised] {
            assert!(closed.is_closed());
            for who in [&desk, &privacy] {
                assert_eq!(refuse_write(closed, who).unwrap_err().kind(), "forbidden", "{closed:?}");
            }
        }
    }
}
