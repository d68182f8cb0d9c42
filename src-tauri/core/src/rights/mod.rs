//! Patients' rights (privacy policy 7 and 10): the register of requests with their due
//! dates and steps, the letters sent at each outcome, corrections with statements of
//! disagreement, and the register of disclosures outside the clinic (policy 4).
//!
//! Every step is one write transaction with its audit row; audit rows carry ids and
//! kinds only, never names or what the patient asked.

mod access;
mod corrections;
mod dashboard;
mod deletion;
mod disclosures;
mod letters;
mod portability;
mod requests;
mod scrub;
mod steps;

pub use access::{fulfil_access, AccessFulfilled};
pub use corrections::{
    statements_of, AmendedEntity, AmendedRecord, CorrectionAccepted, DisputedRecord, PatientStatement,
};
pub use dashboard::{dashboard, Dashboard, MonthCount, OpenRequest};
pub use deletion::{erasure_words, fulfil_deletion, DeletionFulfilled, DeletionMode};
pub use disclosures::{
    disclosures_of, list_disclosures, record_disclosure, Disclosure, DisclosureInput, DisclosurePurpose,
};
pub use letters::{
    letter_pdf, letter_templates, set_letter_template, LetterTemplate, LetterTemplateInput, Outcome,
    LETTER_PLACEHOLDERS,
};
pub(crate) use portability::portability_patient;
pub use portability::{fulfil_portability, PortabilityFulfilled};
pub use requests::{
    due_days, get_due_days, get_request, list_requests, record_request, set_due_days, RequestEvent,
    RequestInput, RequestedBy, RightsRequest, RightsRequestDetail, DEFAULT_DUE_DAYS,
};
pub(crate) use scrub::{clear_patient_text, DELETABLE_RELATED};
pub use steps::{
    fulfil, refuse, start_work, verify_identity, FulfilInput, Fulfilled, IdentityCheck, IdentityMethod,
    RefuseInput,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::clock::CLINIC_TZ;
use crate::error::{AppError, AppResult};

/// What the requester asks for (policy 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestKind {
    Access,
    Correction,
    Deletion,
    Portability,
    Objection,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        RequestKind::Access,
        RequestKind::Correction,
        RequestKind::Deletion,
        RequestKind::Portability,
        RequestKind::Objection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Correction => "correction",
            RequestKind::Deletion => "deletion",
            RequestKind::Portability => "portability",
            RequestKind::Objection => "objection",
        }
    }

    pub fn parse(s: &str) -> AppResult<RequestKind> {
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| AppError::internal("a stored request kind is unknown"))
    }

    /// How a letter names the request.
    pub fn words(self, urdu: bool) -> &'static str {
        match (self, urdu) {
            (RequestKind::Access, false) => "a copy of your information (access)",
            (RequestKind::Correction, false) => "correction of your information",
            (RequestKind::Deletion, false) => "deletion of your information",
            (RequestKind::Portability, false) => "a copy of your information to take elsewhere (portability)",
            (RequestKind::Objection, false) => "an objection to a use of your information",
            (RequestKind::Access, true) => "اپنی معلومات کی نقل (رسائی)",
            (RequestKind::Correction, true) => "معلومات کی درستی",
            (RequestKind::Deletion, true) => "معلومات حذف کرنے",
            (RequestKind::Portability, true) => "معلومات کی منتقلی کے قابل نقل",
            (RequestKind::Objection, true) => "معلومات کے کسی استعمال پر اعتراض",
        }
    }
}

/// Where a request stands. Steps only go forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestState {
    Received,
    IdentityVerified,
    InProgress,
    Fulfilled,
    Refused,
}

impl RequestState {
    pub const ALL: [RequestState; 5] = [
        RequestState::Received,
        RequestState::IdentityVerified,
        RequestState::InProgress,
        RequestState::Fulfilled,
        RequestState::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Received => "received",
            RequestState::IdentityVerified => "identity_verified",
            RequestState::InProgress => "in_progress",
            RequestState::Fulfilled => "fulfilled",
            RequestState::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> AppResult<RequestState> {
        RequestState::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| AppError::internal("a stored request state is unknown"))
    }

    pub fn is_open(self) -> bool {
        !matches!(self, RequestState::Fulfilled | RequestState::Refused)
    }

    fn words(self) -> &'static str {
        match self {
            RequestState::Received => "received",
            RequestState::IdentityVerified => "identity verified",
            RequestState::InProgress => "in progress",
            RequestState::Fulfilled => "fulfilled",
            RequestState::Refused => "refused",
        }
    }
}

/// Whether a request may go from `from` to `to`, and if not, why, for the desk.
/// Refusing is possible at any open step (identity not proven, request unfounded);
/// fulfilling only once the work is in progress.
pub fn check_step(from: RequestState, to: RequestState) -> Result<(), String> {
    use RequestState::*;
    let ok = matches!(
        (from, to),
        (Received, IdentityVerified)
            | (IdentityVerified, InProgress)
            | (InProgress, Fulfilled)
            | (Received | IdentityVerified | InProgress, Refused)
    );
    if ok {
        return Ok(());
    }
    Err(match (from, to) {
        (Fulfilled | Refused, _) => {
            format!("This request is already {}; it cannot change any more.", from.words())
        }
        (Received, InProgress | Fulfilled) => {
            "The requester's identity must be verified before work on the request starts.".into()
        }
        (IdentityVerified, Fulfilled) => "Start work on the request before marking it fulfilled.".into(),
        _ => format!("A request that is {} cannot be marked {}.", from.words(), to.words()),
    })
}

/// Today's date at the clinic for the instant `now` (tests pass their own `now`).
pub fn clinic_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&CLINIC_TZ).date_naive()
}

/// The few facts of a patient a request needs.
pub(crate) struct PatientRef {
    pub id: i64,
    pub birth_date: NaiveDate,
}

/// Whether the patient's record has been erased (policy 8). This is the one place
/// that knows how erasure shows in the patients table: by an `erased_at` column once
/// the retention migration adds it, and in any case by the row being gone.
pub(crate) async fn patient_is_erased(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<bool> {
    let has_column: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('patients') WHERE name = 'erased_at')",
    )
    .fetch_one(&mut *conn)
    .await?;
    let sql = if has_column {
        "SELECT NOT EXISTS (SELECT 1 FROM patients WHERE id = ?1 AND erased_at IS NULL)"
    } else {
        "SELECT NOT EXISTS (SELECT 1 FROM patients WHERE id = ?1)"
    };
    Ok(sqlx::query_scalar(sql).bind(patient_id).fetch_one(conn).await?)
}

/// The patient, or a refusal when there is no such patient or their record is erased.
pub(crate) async fn live_patient(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<PatientRef> {
    let birth: Option<String> = sqlx::query_scalar("SELECT birth_date FROM patients WHERE id = ?1")
        .bind(patient_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(birth) = birth else {
        return Err(AppError::not_found("This patient does not exist."));
    };
    if patient_is_erased(conn, patient_id).await? {
        return Err(AppError::validation(
            "patient_id",
            "This patient's record has been erased, so no request or disclosure can be recorded for it.",
        ));
    }
    let birth_date = NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored birth date is unreadable"))?;
    Ok(PatientRef { id: patient_id, birth_date })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestState::*;

    #[test]
    fn only_forward_steps_are_allowed() {
        let allowed = [
            (Received, IdentityVerified),
            (IdentityVerified, InProgress),
            (InProgress, Fulfilled),
            (Received, Refused),
            (IdentityVerified, Refused),
            (InProgress, Refused),
        ];
        for from in RequestState::ALL {
            for to in RequestState::ALL {
                assert_eq!(check_step(from, to).is_ok(), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert!(check_step(Received, Fulfilled).unwrap_err().contains("identity must be verified"));
        assert!(check_step(Fulfilled, Refused).unwrap_err().contains("already fulfilled"));
        assert!(check_step(InProgress, Received)
            .unwrap_err()
            .contains("in progress cannot be marked received"));
    }

    #[test]
    fn names_round_trip() {
        for k in RequestKind::ALL {
            assert_eq!(RequestKind::parse(k.as_str()).unwrap(), k);
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        for s in RequestState::ALL {
            assert_eq!(RequestState::parse(s.as_str()).unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn the_clinic_date_is_karachi_time() {
        let late = chrono::DateTime::parse_from_rfc3339("2026-11-30T20:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(clinic_date(late).to_string(), "2026-12-01");
    }
}
