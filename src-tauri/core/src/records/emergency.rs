//! Emergency access ("break the glass", privacy policy 4.2): a clinician who must see
//! the whole of one patient's record in an emergency opens it for themselves for
//! [`EMERGENCY_FOR`], with a reason. The grant is audited at once, and every reading
//! it alone allows is audited as emergency access, for the privacy officer to review.

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use super::access::{emergency_until, is_clinician, EMERGENCY_FOR};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::clock::utc_text;
use crate::error::{AppError, AppResult};
use crate::store::Store;

const REASON_MIN: usize = 10;
const REASON_MAX: usize = 500;

/// A clinician's standing emergency access to one patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EmergencyGrant {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub expires_at: String,
}

/// The reason as kept: trimmed, 10 to 500 characters, so that it says something the
/// privacy officer can check later.
pub fn check_reason(reason: &str) -> AppResult<String> {
    let r = reason.trim();
    if r.chars().count() < REASON_MIN {
        return Err(AppError::validation(
            "reason",
            format!(
                "Write why you need emergency access to this record (at least {REASON_MIN} characters). The privacy officer reviews every use."
            ),
        ));
    }
    crate::validate::text("reason", "The reason", r, REASON_MAX)
}

/// Opens the patient's whole record to the actor for [`EMERGENCY_FOR`]. Clinicians only.
/// Breaking the glass again while a grant stands starts a new period from now.
pub async fn break_glass(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    reason: &str,
) -> AppResult<EmergencyGrant> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("Only a clinician can use emergency access to a patient's record."));
    }
    let reason = check_reason(reason)?;
    let mut tx = store.begin_write().await?;
    // A restricted record is the privacy officer's alone, emergency or not; an erased or
    // anonymised one is nobody's. Also "not found".
    crate::retention::require_writable(tx.conn(), actor, patient_id).await?;
    let now = Utc::now();
    let expires_at = utc_text(now + EMERGENCY_FOR);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO emergency_access (patient_id, staff_id, reason, granted_at, expires_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(patient_id)
    .bind(actor.staff_id)
    .bind(&reason)
    .bind(utc_text(now))
    .bind(&expires_at)
    .fetch_one(tx.conn())
    .await?;
    // The reason may describe the patient's condition, so it stays in its own table.
    let mut e = actor.origin().entry(
        AuditAction::EmergencyAccess,
        "emergency_access",
        Some(id.to_string()),
        format!("emergency access to patient {patient_id} granted until {expires_at}"),
    );
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(EmergencyGrant { patient_id, expires_at })
}

/// The actor's standing emergency access to this patient, if any.
pub async fn emergency_status(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
) -> AppResult<Option<EmergencyGrant>> {
    let mut conn = store.pool().acquire().await?;
    crate::retention::require_open(&mut conn, actor, patient_id).await?;
    let until = emergency_until(&mut conn, actor, patient_id, Utc::now()).await?;
    Ok(until.map(|expires_at| EmergencyGrant { patient_id, expires_at }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_says_something() {
        for bad in ["", "          ", "urgent", " emergency "] {
            let e = check_reason(bad).unwrap_err();
            assert_eq!(e.field(), Some("reason"), "{bad:?}");
            assert!(e.to_string().contains("at least 10 characters"));
        }
        assert_eq!(check_reason(&"x".repeat(501)).unwrap_err().field(), Some("reason"));
        assert_eq!(
            check_reason("  Collapsed in the waiting room  ").unwrap(),
            "Collapsed in the waiting room"
        );
        // Counted in characters: ten Urdu letters are enough.
        assert!(check_reason("مریض بے ہوش ہے").is_ok());
    }
}
