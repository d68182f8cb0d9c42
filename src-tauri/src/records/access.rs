//! Who may see and write which part of a patient's clinical record (privacy policy
//! 4.1, 5.1). One table, enforced in the services on every call; the UI only hides
//! what the services would refuse anyway.
//!
//! - Reception and the administrator see no clinical record at all (reception sees
//!   that an appointment happened, in the appointment book).
//! - Each clinician sees the notes and measures of their own discipline; psychology is
//!   sealed to psychology staff.
//! - Physiotherapists and psychologists see conditions; every clinician sees allergies,
//!   medications and dispensings (a pharmacist needs them to dispense safely).
//! - Attachments marked with a discipline follow that discipline; unmarked ones are
//!   for every clinician.
//! - Emergency access ("break the glass") opens one patient's whole record to one
//!   clinician for a limited time, with a reason, and is audited as such.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use crate::auth::{Actor, Role};
pub use crate::catalogue::Discipline;
use crate::error::{AppError, AppResult};
use crate::retention::{self, Standing};

/// A part of the clinical record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Notes(Discipline),
    Measures(Discipline),
    Conditions,
    Allergies,
    Medications,
    Dispensings,
    /// `None`: an attachment for every clinician.
    Attachments(Option<Discipline>),
}

/// Whether `role`, without emergency access, may read `part`.
pub fn role_reads(role: Role, part: Part) -> bool {
    use Part::*;
    use Role::*;
    match role {
        Administrator | Reception | PrivacyOfficer => false,
        Physiotherapist | Psychologist | Pharmacist => match part {
            Notes(d) | Measures(d) | Attachments(Some(d)) => d.role() == role,
            Attachments(None) | Allergies | Medications | Dispensings => true,
            Conditions => role != Pharmacist,
        },
    }
}

/// Whether `role` may write `part`: notes and measures of their own discipline, the
/// history a clinician reads, dispensings only by the pharmacist.
pub fn role_writes(role: Role, part: Part) -> bool {
    match part {
        Part::Dispensings => role == Role::Pharmacist,
        other => role_reads(role, other),
    }
}

pub fn is_clinician(actor: &Actor) -> bool {
    actor.roles.iter().any(|r| matches!(r, Role::Physiotherapist | Role::Psychologist | Role::Pharmacist))
}

/// How long emergency access lasts.
pub const EMERGENCY_FOR: Duration = Duration::hours(4);

/// The end of the actor's standing emergency access to this patient, if any.
pub async fn emergency_until(
    conn: &mut SqliteConnection,
    actor: &Actor,
    patient_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Option<String>> {
    if !is_clinician(actor) {
        return Ok(None);
    }
    Ok(sqlx::query_scalar(
        "SELECT max(expires_at) FROM emergency_access WHERE staff_id = ? AND patient_id = ? AND expires_at > ?",
    )
    .bind(actor.staff_id)
    .bind(patient_id)
    .bind(crate::clock::utc_text(now))
    .fetch_one(conn)
    .await?)
}

/// What one actor may see of one patient's record, worked out once per call.
#[derive(Debug, Clone)]
pub struct Sight {
    roles: Vec<Role>,
    emergency: bool,
    /// Erased or anonymised: nothing may be added, by anyone (the privacy officer too).
    closed: Option<Standing>,
}

impl Sight {
    /// Refuses outright a patient whose records are kept only by law (restricted after a
    /// deletion request): every read and write of the clinical record passes here, so
    /// notes, history, measures, dispensings, attachments, the timeline and the record
    /// PDF are closed to clinicians in one place, emergency access included.
    pub async fn of(conn: &mut SqliteConnection, actor: &Actor, patient_id: i64) -> AppResult<Sight> {
        let standing = retention::standing(conn, patient_id).await?;
        if standing == Some(Standing::Restricted) && !retention::is_privacy_officer(actor) {
            return Err(retention::restricted());
        }
        let emergency = emergency_until(conn, actor, patient_id, Utc::now()).await?.is_some();
        Ok(Sight { roles: actor.roles.clone(), emergency, closed: standing.filter(|s| s.is_closed()) })
    }

    pub fn reads(&self, part: Part) -> bool {
        self.emergency || self.roles.iter().any(|r| role_reads(*r, part))
    }

    pub fn writes(&self, part: Part) -> bool {
        self.roles.iter().any(|r| role_writes(*r, part))
    }

    /// Read through emergency access only (the audit entry says so).
    pub fn by_emergency(&self, part: Part) -> bool {
        self.emergency && !self.roles.iter().any(|r| role_reads(*r, part))
    }

    pub fn require_read(&self, part: Part) -> AppResult<()> {
        if self.reads(part) {
            Ok(())
        } else {
            Err(refusal(part))
        }
    }

    pub fn require_write(&self, part: Part) -> AppResult<()> {
        if let Some(refusal) = self.closed.and_then(Standing::closed_refusal) {
            return Err(refusal);
        }
        if self.writes(part) {
            Ok(())
        } else {
            Err(refusal(part))
        }
    }
}

fn refusal(part: Part) -> AppError {
    AppError::forbidden(match part {
        Part::Notes(Discipline::Psychology) | Part::Measures(Discipline::Psychology) => {
            "Psychology records are open to psychology staff only."
        }
        Part::Notes(_) | Part::Measures(_) => {
            "This part of the record is kept for its own discipline's staff."
        }
        Part::Dispensings => "Only the pharmacist can dispense medicines.",
        _ => "Your role does not give access to this part of the clinical record.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Discipline::*;
    use Part::*;
    use Role::*;

    /// The table written out in full: a change to the rules must be made here too.
    #[test]
    fn who_reads_what() {
        let parts = [
            Notes(Physiotherapy),
            Notes(Psychology),
            Notes(Pharmacy),
            Measures(Physiotherapy),
            Measures(Psychology),
            Conditions,
            Allergies,
            Medications,
            Dispensings,
            Attachments(None),
            Attachments(Some(Psychology)),
        ];
        let expected: &[(Role, [bool; 11])] = &[
            (Administrator, [false; 11]),
            (Reception, [false; 11]),
            (PrivacyOfficer, [false; 11]),
            (Physiotherapist, [true, false, false, true, false, true, true, true, true, true, false]),
            (Psychologist, [false, true, false, false, true, true, true, true, true, true, true]),
            (Pharmacist, [false, false, true, false, false, false, true, true, true, true, false]),
        ];
        for (role, row) in expected {
            for (part, want) in parts.iter().zip(row) {
                assert_eq!(role_reads(*role, *part), *want, "{role:?} reads {part:?}");
            }
        }
        assert!(role_writes(Pharmacist, Dispensings));
        assert!(!role_writes(Physiotherapist, Dispensings) && role_reads(Physiotherapist, Dispensings));
    }

    #[test]
    fn emergency_access_opens_everything_and_says_so() {
        let s = Sight { roles: vec![Physiotherapist], emergency: true, closed: None };
        assert!(s.reads(Notes(Psychology)) && s.by_emergency(Notes(Psychology)));
        assert!(!s.by_emergency(Notes(Physiotherapy)));
        assert!(!s.writes(Notes(Psychology)), "emergency access reads; it does not write another's notes");
        let plain = Sight { roles: vec![Physiotherapist], emergency: false, closed: None };
        assert_eq!(plain.require_read(Notes(Psychology)).unwrap_err().kind(), "forbidden");
    }
}
