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
//! - Appointments in the record (the timeline) follow their discipline too: that a
//!   patient sees a psychologist every week is itself psychology's to know.
//! - A risk flag is a safety warning: every clinician sees that one stands and whom to
//!   ask; its answers and score follow the measure that raised it.
//! - A statement of disagreement follows the record it disputes.
//! - Of a disclosure outside the clinic the chart shows every clinician to whom, when
//!   and for what purpose; what was shared and why stay with the privacy officer.
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
    /// Appointments of a discipline, as the clinical record lists them.
    Appointments(Discipline),
}

/// Whether `role`, without emergency access, may read `part`.
pub fn role_reads(role: Role, part: Part) -> bool {
    use Part::*;
    use Role::*;
    match role {
        Administrator | Reception | PrivacyOfficer => false,
        Physiotherapist | Psychologist | Pharmacist => match part {
            Notes(d) | Measures(d) | Appointments(d) | Attachments(Some(d)) => d.role() == role,
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

/// Whether `role` reads what was shared outside the clinic and why (a disclosure's free
/// text, which may name any part of the record, psychology too): the privacy officer,
/// who keeps the register. Clinicians see to whom, when and for what purpose only.
pub fn role_reads_disclosure_details(role: Role) -> bool {
    role == Role::PrivacyOfficer
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

    /// Whether the answers and score behind a risk flag raised by a measure of
    /// `discipline` are shown; that the flag stands is shown to every clinician.
    pub fn reads_risk_details(&self, discipline: Discipline) -> bool {
        self.reads(Part::Measures(discipline))
    }

    /// Whether a statement of disagreement disputing `disputes` is shown: it follows the
    /// record it disputes (`Some(None)`: the patient's details, in every copy). One
    /// recorded before statements named what they dispute (`None`) is kept to the
    /// patient's own copies, since nobody can tell whose record it is about.
    pub fn reads_statement(&self, disputes: Option<Option<Part>>) -> bool {
        disputes.is_some_and(|part| part.is_none_or(|p| self.reads(p)))
    }

    /// Whether the chart shows what was shared and why, besides to whom, when and for
    /// what purpose. Emergency access opens the clinical record, not the register.
    pub fn reads_disclosure_details(&self) -> bool {
        self.roles.iter().any(|r| role_reads_disclosure_details(*r))
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
        Part::Notes(_) | Part::Measures(_) | Part::Appointments(_) => {
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
            Appointments(Physiotherapy),
            Appointments(Psychology),
            Appointments(Pharmacy),
        ];
        let expected: &[(Role, [bool; 14])] = &[
            (Administrator, [false; 14]),
            (Reception, [false; 14]),
            (PrivacyOfficer, [false; 14]),
            (
                Physiotherapist,
                [true, false, false, true, false, true, true, true, true, true, false, true, false, false],
            ),
            (
                Psychologist,
                [false, true, false, false, true, true, true, true, true, true, true, false, true, false],
            ),
            (
                Pharmacist,
                [false, false, true, false, false, false, true, true, true, true, false, false, false, true],
            ),
        ];
        for (role, row) in expected {
            for (part, want) in parts.iter().zip(row) {
                assert_eq!(role_reads(*role, *part), *want, "{role:?} reads {part:?}");
            }
        }
        assert!(role_writes(Pharmacist, Dispensings));
        assert!(!role_writes(Physiotherapist, Dispensings) && role_reads(Physiotherapist, Dispensings));
        for role in Role::ALL {
            assert_eq!(role_reads_disclosure_details(role), role == PrivacyOfficer, "{role:?}");
        }
    }

    #[test]
    fn risk_details_and_statements_follow_the_record_behind_them() {
        let physio = Sight { roles: vec![Physiotherapist], emergency: false, closed: None };
        let psych = Sight { roles: vec![Psychologist], emergency: false, closed: None };
        assert!(!physio.reads_risk_details(Psychology) && psych.reads_risk_details(Psychology));
        let about_psychology = Some(Some(Notes(Psychology)));
        assert!(!physio.reads_statement(about_psychology) && psych.reads_statement(about_psychology));
        assert!(physio.reads_statement(Some(None)), "one about the patient's details goes with every copy");
        assert!(
            !psych.reads_statement(None),
            "one whose subject is unknown stays in the patient's own copies"
        );
        let both = Sight { roles: vec![Pharmacist, PrivacyOfficer], emergency: false, closed: None };
        assert!(both.reads_disclosure_details() && !psych.reads_disclosure_details());
        let emergency = Sight { roles: vec![Pharmacist], emergency: true, closed: None };
        assert!(!emergency.reads_disclosure_details(), "emergency access opens the record, not the register");
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
