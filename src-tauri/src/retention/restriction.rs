//! What a restriction means for the rest of the app: a patient whose records are kept
//! past a deletion request (privacy policy 7 and 8) has them used for nothing but what
//! the law keeps them for. Only the privacy officer, who answers to the law and to the
//! patient for them, may open them; every other read path asks here first.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::erase::long_date;
use crate::auth::{Actor, Role};
use crate::error::{AppError, AppResult};

/// The ids of patients with records kept past a deletion request, for queries that
/// leave such patients out (`p.id NOT IN (…)`); one statement, so every list agrees.
pub const RESTRICTED_PATIENTS: &str = "SELECT patient_id FROM retention_restrictions";

/// A patient's standing restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    /// The first day any of the kept records may go; `None` when all are kept always.
    pub until: Option<NaiveDate>,
}

impl Restriction {
    /// The sentence shown to whoever is refused.
    pub fn message(&self) -> String {
        match self.until {
            Some(d) => format!(
                "This patient's records are kept only because the law requires it, until {}; only the privacy officer can open them.",
                long_date(d)
            ),
            None => "This patient's records are kept only because the law requires it; only the privacy officer can open them."
                .into(),
        }
    }
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

/// Refuses anyone but the privacy officer access to a restricted patient's records.
pub async fn require_open(conn: &mut SqliteConnection, actor: &Actor, patient_id: i64) -> AppResult<()> {
    if actor.roles.contains(&Role::PrivacyOfficer) {
        return Ok(());
    }
    match restriction_of(conn, patient_id).await? {
        Some(r) => Err(AppError::forbidden(r.message())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_day_or_says_always() {
        let r = Restriction { until: NaiveDate::from_ymd_opt(2028, 5, 5) };
        assert_eq!(
            r.message(),
            "This patient's records are kept only because the law requires it, until 5 May 2028; only the privacy officer can open them."
        );
        assert!(!Restriction { until: None }.message().contains("until"));
    }
}
