//! The retention rules table: one rule per kind of record, edited by the administrator.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

/// The kinds of record a retention rule is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    /// Notes, conditions, allergies, medications, attachments, outcome measures (and
    /// their change history and emergency-access grants).
    ClinicalNotes,
    PrescriptionsAndDispensings,
    /// Invoices, credit notes, payments, refunds and session packages.
    Billing,
    /// Appointments with their history, series and reminders sent.
    Appointments,
    /// Consents given by the patient or their guardian.
    Consents,
    /// Name, CNIC, phones, address, email, related persons, objections, edit history.
    Demographics,
    /// Never erased nor edited.
    AuditTrail,
}

impl RecordKind {
    /// In the order erasure works through them: what refers to a kind goes before it.
    pub const ALL: [RecordKind; 7] = [
        RecordKind::ClinicalNotes,
        RecordKind::PrescriptionsAndDispensings,
        RecordKind::Billing,
        RecordKind::Appointments,
        RecordKind::Consents,
        RecordKind::Demographics,
        RecordKind::AuditTrail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::ClinicalNotes => "clinical_notes",
            RecordKind::PrescriptionsAndDispensings => "prescriptions_and_dispensings",
            RecordKind::Billing => "billing",
            RecordKind::Appointments => "appointments",
            RecordKind::Consents => "consents",
            RecordKind::Demographics => "demographics",
            RecordKind::AuditTrail => "audit_trail",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// As the kind is named in a sentence for the desk or a letter.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::ClinicalNotes => "clinical notes",
            RecordKind::PrescriptionsAndDispensings => "prescriptions and dispensings",
            RecordKind::Billing => "invoices and payments",
            RecordKind::Appointments => "appointments",
            RecordKind::Consents => "consents",
            RecordKind::Demographics => "personal details",
            RecordKind::AuditTrail => "audit trail",
        }
    }
}

/// The event a retention period is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CountedFrom {
    /// The last attended appointment or clinical entry; the registration day when
    /// there is neither.
    LastVisit,
    /// The later of the last visit and the 18th birthday.
    LastVisitOrAdulthood,
    /// The day the patient was registered.
    RecordCreated,
    /// As long as the patient's notes, dispensings and appointments are kept.
    WithOtherRecords,
    /// Never erased.
    KeptAlways,
}

impl CountedFrom {
    pub const ALL: [CountedFrom; 5] = [
        CountedFrom::LastVisit,
        CountedFrom::LastVisitOrAdulthood,
        CountedFrom::RecordCreated,
        CountedFrom::WithOtherRecords,
        CountedFrom::KeptAlways,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CountedFrom::LastVisit => "last_visit",
            CountedFrom::LastVisitOrAdulthood => "last_visit_or_adulthood",
            CountedFrom::RecordCreated => "record_created",
            CountedFrom::WithOtherRecords => "with_other_records",
            CountedFrom::KeptAlways => "kept_always",
        }
    }

    pub fn parse(s: &str) -> Option<CountedFrom> {
        CountedFrom::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RetentionRule {
    pub kind: RecordKind,
    pub period_years: u32,
    pub period_months: u32,
    pub counted_from: CountedFrom,
    pub updated_at: String,
    pub updated_by_name: Option<String>,
}

impl RetentionRule {
    /// A rule as the evaluator needs it (tests and callers without a store).
    pub fn new(kind: RecordKind, period_years: u32, period_months: u32, counted_from: CountedFrom) -> Self {
        RetentionRule {
            kind,
            period_years,
            period_months,
            counted_from,
            updated_at: String::new(),
            updated_by_name: None,
        }
    }
}

/// A change to one rule as the form sends it; the strings are checked here, so an
/// unknown kind or event is a field error rather than a failed call.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RetentionRuleInput {
    pub kind: String,
    #[ts(type = "number")]
    pub period_years: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub period_months: i64,
    pub counted_from: String,
}

pub const MAX_YEARS: i64 = 100;

/// Checks a rule change without touching the store.
pub fn check_rule(input: &RetentionRuleInput) -> AppResult<RetentionRule> {
    let kind = RecordKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::validation("kind", "Choose one of the kinds of record in the list."))?;
    if kind == RecordKind::AuditTrail {
        return Err(AppError::validation(
            "kind",
            "The audit trail is kept always and is never erased; it has no period to change.",
        ));
    }
    let counted_from = CountedFrom::parse(input.counted_from.trim()).ok_or_else(|| {
        AppError::validation("counted_from", "Choose the event the period is counted from, from the list.")
    })?;
    if counted_from == CountedFrom::WithOtherRecords
        && !matches!(kind, RecordKind::Demographics | RecordKind::Consents)
    {
        return Err(AppError::validation(
            "counted_from",
            "Only personal details and consents can be kept as long as the other records.",
        ));
    }
    if !(0..=MAX_YEARS).contains(&input.period_years) {
        return Err(AppError::validation("period_years", "The period must be between 0 and 100 years."));
    }
    if !(0..=11).contains(&input.period_months) {
        return Err(AppError::validation(
            "period_months",
            "Months must be between 0 and 11; put whole years in the years box.",
        ));
    }
    if input.period_years == MAX_YEARS && input.period_months > 0 {
        return Err(AppError::validation("period_months", "The period must be between 0 and 100 years."));
    }
    Ok(RetentionRule::new(kind, input.period_years as u32, input.period_months as u32, counted_from))
}

type RuleRow = (String, i64, i64, String, String, Option<String>);

pub(crate) async fn load(conn: &mut SqliteConnection) -> AppResult<Vec<RetentionRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT r.kind, r.period_years, r.period_months, r.counted_from, r.updated_at, s.full_name
         FROM retention_rules r LEFT JOIN staff s ON s.id = r.updated_by",
    )
    .fetch_all(conn)
    .await?;
    let mut rules = Vec::with_capacity(rows.len());
    for (kind, years, months, from, updated_at, updated_by_name) in rows {
        let (Some(kind), Some(counted_from)) = (RecordKind::parse(&kind), CountedFrom::parse(&from)) else {
            return Err(AppError::internal("a stored retention rule has an unknown kind or event"));
        };
        rules.push(RetentionRule {
            kind,
            period_years: years as u32,
            period_months: months as u32,
            counted_from,
            updated_at,
            updated_by_name,
        });
    }
    rules.sort_by_key(|r| r.kind);
    Ok(rules)
}

/// The rules, for the administrator who edits them and the privacy officer who applies them.
pub async fn rules(store: &Store, actor: &Actor) -> AppResult<Vec<RetentionRule>> {
    if !actor.may(Permission::EraseRecords) {
        actor.require(Permission::EditRetentionRules)?;
    }
    load(&mut *store.pool().acquire().await?).await
}

/// Changes one rule; it applies to every later evaluation (nothing is erased by the change itself).
pub async fn set_rule(
    store: &Store,
    actor: &Actor,
    input: RetentionRuleInput,
) -> AppResult<Vec<RetentionRule>> {
    actor.require(Permission::EditRetentionRules)?;
    let rule = check_rule(&input)?;
    let mut tx = store.begin_write().await?;
    let before: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT period_years, period_months, counted_from FROM retention_rules WHERE kind = ?1",
    )
    .bind(rule.kind.as_str())
    .fetch_optional(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO retention_rules (kind, period_years, period_months, counted_from, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (kind) DO UPDATE SET period_years = ?2, period_months = ?3, counted_from = ?4,
                                          updated_by = ?5, updated_at = ?6",
    )
    .bind(rule.kind.as_str())
    .bind(i64::from(rule.period_years))
    .bind(i64::from(rule.period_months))
    .bind(rule.counted_from.as_str())
    .bind(actor.staff_id)
    .bind(crate::clock::utc_text(chrono::Utc::now()))
    .execute(tx.conn())
    .await?;
    let was = before.map_or_else(|| "none".to_string(), |(y, m, from)| format!("{y}y{m}m from {from}"));
    let summary =
        format!("{was} -> {}y{}m from {}", rule.period_years, rule.period_months, rule.counted_from.as_str());
    tx.audit(actor.origin().entry(
        AuditAction::SettingsChange,
        "retention_rule",
        Some(rule.kind.as_str().to_string()),
        summary,
    ))
    .await?;
    let all = load(tx.conn()).await?;
    tx.commit().await?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, years: i64, months: i64, from: &str) -> RetentionRuleInput {
        RetentionRuleInput {
            kind: kind.into(),
            period_years: years,
            period_months: months,
            counted_from: from.into(),
        }
    }

    #[test]
    fn names_round_trip_with_serde() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        for c in CountedFrom::ALL {
            assert_eq!(CountedFrom::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn bad_rules_name_their_field() {
        let cases = [
            (input("x_rays", 7, 0, "last_visit"), "kind"),
            (input("audit_trail", 7, 0, "last_visit"), "kind"),
            (input("clinical_notes", 101, 0, "last_visit"), "period_years"),
            (input("clinical_notes", -1, 0, "last_visit"), "period_years"),
            (input("clinical_notes", 100, 1, "last_visit"), "period_months"),
            (input("clinical_notes", 7, 12, "last_visit"), "period_months"),
            (input("clinical_notes", 7, 0, "first_visit"), "counted_from"),
            (input("appointments", 7, 0, "with_other_records"), "counted_from"),
        ];
        for (i, field) in cases {
            let e = check_rule(&i).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{i:?}");
        }
        let ok = check_rule(&input(" clinical_notes ", 100, 0, "record_created")).unwrap();
        assert_eq!(
            (ok.kind, ok.period_years, ok.counted_from),
            (RecordKind::ClinicalNotes, 100, CountedFrom::RecordCreated)
        );
        assert!(check_rule(&input("demographics", 0, 6, "with_other_records")).is_ok());
        assert!(check_rule(&input("consents", 0, 0, "kept_always")).is_ok());
    }
}
