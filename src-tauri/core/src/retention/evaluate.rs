//! The retention evaluator: from the rules and a few facts about one patient, when each
//! kind of their record may go. Pure (no store, no clock), so it is table-tested.
//!
//! Choices, kept in one place:
//! - A *visit* is an attended appointment (arrived, in session, completed) or any
//!   clinical entry (note, measure, dispensing, condition, allergy, medication,
//!   attachment). A patient with no visit at all counts from the day they were registered.
//! - *Adulthood* is the 18th birthday. "Last visit or adulthood" takes the later of the
//!   two, so a child's record is kept the whole period past their 18th birthday (with the
//!   default 7 years: to age 25), while an adult's is counted from the last visit.
//! - Periods are added with chrono's calendar-month arithmetic: a day that does not
//!   exist in the target month becomes that month's last day, so someone born on
//!   29 February turns 18 on 28 February in a common year.
//! - `keep_until` is the first day the records may go: kept while `today < keep_until`.
//! - Consents are kept at least as long as the records they cover (notes, dispensings,
//!   appointments); personal details at least as long as every other kind, so records
//!   never outlive the name that says whose they are. The audit trail is kept always.

use chrono::{Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::rules::{CountedFrom, RecordKind, RetentionRule};

/// What the evaluator needs to know about a patient, as clinic-calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatientFacts {
    pub birth_date: NaiveDate,
    pub last_visit: Option<NaiveDate>,
    pub created: NaiveDate,
}

/// Whether one kind of a patient's record may go today and, if not, until when it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Verdict {
    pub kind: RecordKind,
    pub can_go: bool,
    /// The first day the records may go; `null` when they are kept always.
    #[ts(type = "string | null")]
    pub keep_until: Option<NaiveDate>,
    /// Why, in a sentence a letter can quote.
    pub reason: String,
}

pub const ADULT_AT_YEARS: u32 = 18;

/// The kinds whose records consents and personal details are kept alongside.
const CLINICAL: [RecordKind; 4] = [
    RecordKind::ClinicalNotes,
    RecordKind::PrescriptionsAndDispensings,
    RecordKind::Billing,
    RecordKind::Appointments,
];

fn add_period(day: NaiveDate, years: u32, months: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(years * 12 + months))
}

pub fn eighteenth_birthday(birth: NaiveDate) -> Option<NaiveDate> {
    add_period(birth, ADULT_AT_YEARS, 0)
}

fn period_text(years: u32, months: u32) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (years, months) {
        (0, 0) => "no further time".to_string(),
        (y, 0) => plural(y, "year", "years"),
        (0, m) => plural(m, "month", "months"),
        (y, m) => format!("{} {}", plural(y, "year", "years"), plural(m, "month", "months")),
    }
}

/// `None` is "kept always", which outlasts any date.
fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    Some(a?.max(b?))
}

#[derive(Clone)]
struct Kept {
    until: Option<NaiveDate>,
    reason: String,
}

fn visit_basis(facts: &PatientFacts) -> (NaiveDate, String) {
    match facts.last_visit {
        Some(v) => (v, format!("the last visit ({v})")),
        None => {
            (facts.created, format!("the record was opened ({}), as there has been no visit", facts.created))
        }
    }
}

fn own_rule(rule: &RetentionRule, facts: &PatientFacts, others: Option<&Kept>) -> Kept {
    let period = period_text(rule.period_years, rule.period_months);
    let after = |start: NaiveDate, what: String| Kept {
        until: add_period(start, rule.period_years, rule.period_months),
        reason: format!("Kept {period} after {what}."),
    };
    match rule.counted_from {
        CountedFrom::KeptAlways => Kept { until: None, reason: "Kept always.".to_string() },
        CountedFrom::RecordCreated => {
            after(facts.created, format!("the record was opened ({})", facts.created))
        }
        CountedFrom::LastVisit => {
            let (start, what) = visit_basis(facts);
            after(start, what)
        }
        CountedFrom::LastVisitOrAdulthood => {
            let (visit, what) = visit_basis(facts);
            match eighteenth_birthday(facts.birth_date) {
                Some(adult) if adult > visit => {
                    after(adult, format!("the 18th birthday ({adult}), which is later than {what}"))
                }
                _ => after(visit, what),
            }
        }
        CountedFrom::WithOtherRecords => {
            let others = others.expect("the other kinds are evaluated first");
            let until = others.until.and_then(|d| add_period(d, rule.period_years, rule.period_months));
            let reason = match (others.until, rule.period_years + rule.period_months) {
                (None, _) => "Kept as long as the other records, which are kept always.".to_string(),
                (Some(d), 0) => format!("Kept as long as the other records (until {d})."),
                (Some(d), _) => format!("Kept {period} after the other records (until {d})."),
            };
            Kept { until, reason }
        }
    }
}

/// The later of a kind's own rule and the kinds it must outlast.
fn at_least(own: Kept, floors: &[(RecordKind, &Kept)]) -> Kept {
    let mut out = own;
    for (kind, floor) in floors {
        let until = later(out.until, floor.until);
        if until != out.until {
            out = Kept {
                until,
                reason: match floor.until {
                    Some(d) => format!("Kept as long as the patient's {} (until {d}).", kind.label()),
                    None => format!("Kept as long as the patient's {}, which are kept always.", kind.label()),
                },
            };
        }
    }
    out
}

/// When each kind of the patient's record may go, as of `today`.
pub fn evaluate(rules: &[RetentionRule], facts: &PatientFacts, today: NaiveDate) -> Vec<Verdict> {
    let rule_of = |kind: RecordKind| rules.iter().find(|r| r.kind == kind);
    let kept = |kind: RecordKind, others: Option<&Kept>| match rule_of(kind) {
        Some(rule) => own_rule(rule, facts, others),
        None => Kept {
            until: None,
            reason: format!("No retention rule is set for {}, so they are kept.", kind.label()),
        },
    };

    let clinical: Vec<(RecordKind, Kept)> = CLINICAL.iter().map(|&k| (k, kept(k, None))).collect();
    let others =
        clinical.iter().fold(Kept { until: Some(NaiveDate::MIN), reason: String::new() }, |acc, (_, k)| {
            Kept { until: later(acc.until, k.until), reason: String::new() }
        });
    let floors: Vec<(RecordKind, &Kept)> = clinical.iter().map(|(kind, k)| (*kind, k)).collect();
    let consents = at_least(kept(RecordKind::Consents, Some(&others)), &floors);
    let mut all_floors = floors.clone();
    all_floors.push((RecordKind::Consents, &consents));
    let demographics = at_least(kept(RecordKind::Demographics, Some(&others)), &all_floors);
    let audit = Kept {
        until: None,
        reason: "The audit trail is kept always; it names the patient by number only.".to_string(),
    };

    let mut out: Vec<(RecordKind, Kept)> = clinical.clone();
    out.push((RecordKind::Consents, consents));
    out.push((RecordKind::Demographics, demographics));
    out.push((RecordKind::AuditTrail, audit));
    out.sort_by_key(|(k, _)| *k);
    out.into_iter()
        .map(|(kind, k)| Verdict {
            kind,
            can_go: k.until.is_some_and(|d| today >= d),
            keep_until: k.until,
            reason: k.reason,
        })
        .collect()
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
