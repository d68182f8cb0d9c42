//! Recurring series: the rule is expanded, every occurrence is checked before anything
//! is saved, the desk chooses to skip or move the ones that clash, and the whole
//! series is then booked in one transaction (or not at all).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::{self, entry, BookingInput, Checked};
use super::changes::booked;
use super::conflicts::{Booked, Span};
use super::diary;
use super::recurrence::{self, Rule, Until};
use super::views::{self, Appointment};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clock::{self, utc_text, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SeriesInput {
    /// The first appointment; its time of day is every occurrence's.
    pub first: BookingInput,
    pub every_weeks: u32,
    /// 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u32>,
    /// The last day (`YYYY-MM-DD`), or …
    pub until: Option<String>,
    /// … the number of appointments.
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OccurrencePreview {
    /// RFC 3339, UTC; also the occurrence's name in [`OccurrenceChoice`].
    pub starts_at: String,
    pub ends_at: String,
    pub clashes: Vec<String>,
    pub suggestions: Vec<String>,
}

/// What to do with one occurrence instead of booking it as the rule says.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct OccurrenceChoice {
    pub starts_at: String,
    /// A new start (clinic time or RFC 3339), or none to skip the occurrence.
    pub move_to: Option<String>,
}

fn rule_of(s: &SeriesInput) -> AppResult<Rule> {
    let until = match (s.until.as_deref().map(str::trim).filter(|u| !u.is_empty()), s.count) {
        (Some(d), None) => Until::Date(clock::parse_date("until", d)?),
        (None, Some(n)) => Until::Count(n),
        _ => {
            return Err(AppError::validation(
                "until",
                "Say when the series ends: a last date or a number of appointments.",
            ))
        }
    };
    Ok(Rule { every_weeks: s.every_weeks, weekdays: s.weekdays.clone(), until })
}

/// The occurrences' spans, from the checked first appointment and the rule.
fn expand(first: &Checked, s: &SeriesInput) -> AppResult<Vec<Span>> {
    let rule = rule_of(s)?;
    let length = first.proposal.span.end - first.proposal.span.start;
    let local = first.proposal.span.start.with_timezone(&CLINIC_TZ).naive_local();
    let starts = recurrence::expand(local, &rule).map_err(|e| AppError::validation(e.field, e.message))?;
    starts
        .into_iter()
        .map(|t| {
            let start = t
                .and_local_timezone(CLINIC_TZ)
                .earliest()
                .ok_or_else(|| {
                    AppError::validation("starts_at", "That time does not exist in the clinic's time zone.")
                })?
                .with_timezone(&Utc);
            Ok(Span { start, end: start + length })
        })
        .collect()
}

pub async fn preview(store: &Store, actor: &Actor, s: SeriesInput) -> AppResult<Vec<OccurrencePreview>> {
    actor.require(Permission::ViewSchedule)?;
    let now = Utc::now();
    let conn = &mut *store.pool().acquire().await?;
    let first = book::check(conn, &s.first, now, false).await?;
    let mut out = Vec::new();
    for span in expand(&first, &s)? {
        let p = super::conflicts::Proposal { span, ..first.proposal.clone() };
        let clashes = book::clash_words(conn, &p, &first.practitioner_name, &[], &[]).await?;
        let suggestions = if clashes.is_empty() {
            Vec::new()
        } else {
            let day = clock::day_start_utc(span.start.with_timezone(&CLINIC_TZ).date_naive());
            diary::suggestions(conn, &p, day.max(now), &[]).await?.into_iter().map(utc_text).collect()
        };
        out.push(OccurrencePreview {
            starts_at: utc_text(span.start),
            ends_at: utc_text(span.end),
            clashes,
            suggestions,
        });
    }
    Ok(out)
}

fn same_instant(a: &str, b: DateTime<Utc>) -> bool {
    clock::parse_instant("starts_at", a).map(|t| t == b).unwrap_or(false)
}

/// Books the series with the desk's choices for clashing occurrences. Any occurrence
/// that still clashes refuses the whole series: nothing is saved.
pub async fn book_series(
    store: &Store,
    actor: &Actor,
    s: SeriesInput,
    choices: Vec<OccurrenceChoice>,
) -> AppResult<Vec<Appointment>> {
    actor.require(Permission::BookAppointments)?;
    // A choice that names no time would match no occurrence and be dropped unseen.
    for c in &choices {
        clock::parse_instant("starts_at", &c.starts_at)?;
    }
    let now = Utc::now();
    let mut tx = store.begin_write().await?;
    let first = book::check(tx.conn(), &s.first, now, true).await?;
    let mut spans = Vec::new();
    for span in expand(&first, &s)? {
        match choices.iter().find(|c| same_instant(&c.starts_at, span.start)) {
            None => spans.push(span),
            Some(OccurrenceChoice { move_to: None, .. }) => {}
            Some(OccurrenceChoice { move_to: Some(to), .. }) => {
                let start = clock::parse_instant("move_to", to)?;
                spans.push(Span { start, end: start + (span.end - span.start) });
            }
        }
    }
    if spans.is_empty() {
        return Err(AppError::invalid("Every appointment of this series was skipped; nothing to book."));
    }
    let mut placed: Vec<Booked> = Vec::new();
    let mut problems = Vec::new();
    for span in &spans {
        if span.start + chrono::Duration::minutes(15) < now && first.past_reason.is_none() {
            problems.push(format!("{}: this time has already passed.", diary::when(span.start)));
            continue;
        }
        let p = super::conflicts::Proposal { span: *span, ..first.proposal.clone() };
        let clashes = book::clash_words(tx.conn(), &p, &first.practitioner_name, &[], &placed).await?;
        if !clashes.is_empty() {
            problems.push(format!("{}: {}", diary::when(span.start), clashes.join(" ")));
        }
        placed.push(booked(&p));
    }
    if !problems.is_empty() {
        return Err(AppError::Conflict {
            message: format!("Nothing was booked. Skip these or pick other times: {}", problems.join(" ")),
            field: None,
        });
    }
    let stamp = utc_text(now);
    let weekdays: Vec<String> = s.weekdays.iter().map(u32::to_string).collect();
    let series_id: i64 = sqlx::query_scalar(
        "INSERT INTO appointment_series (every_weeks, weekdays, created_by, created_at)
         VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(s.every_weeks)
    .bind(weekdays.join(","))
    .bind(actor.staff_id)
    .bind(&stamp)
    .fetch_one(tx.conn())
    .await?;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let c = Checked {
            proposal: super::conflicts::Proposal { span, ..first.proposal.clone() },
            ..first.clone()
        };
        let id = book::insert(tx.conn(), &c, Some(series_id), actor, &stamp).await?;
        let summary = format!("booked in series #{series_id}");
        tx.audit(entry(actor, AuditAction::Create, id, c.proposal.patient_id, summary)).await?;
        out.push(views::load(tx.conn(), id).await?);
    }
    tx.commit().await?;
    Ok(out)
}
