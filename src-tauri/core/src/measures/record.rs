//! The measures service: record a scored form for a patient, list a patient's scores
//! over time for the chart, and the current risk flag. PHQ-9 and GAD-7 are psychology's,
//! NPRS and PSFS physiotherapy's (`Part::Measures`); every call works out the actor's
//! `Sight` of the patient first and every call is audited with ids only, never scores.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::scoring::{self, Activity, ActivityInput, Band, Instrument, InstrumentInfo};
use crate::audit::{AuditAction, AuditEntry};
use crate::auth::Actor;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::patients::clinic_today;
use crate::records::access::is_clinician;
use crate::records::{Part, Sight};
use crate::store::Store;

/// A form as the clinician filled it in.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MeasureInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    pub instrument: Instrument,
    /// PHQ-9, GAD-7 and NPRS: each item's answer, in order.
    #[serde(default)]
    pub items: Vec<f64>,
    /// PSFS: each activity the patient named, with its score.
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
    /// The clinic day it was taken, `YYYY-MM-DD`; not in the future.
    pub taken_on: String,
    /// The appointment it was taken at, if any (one of this patient's).
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub appointment_id: Option<i64>,
}

/// A recorded measure with its score.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Measure {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub instrument: Instrument,
    /// Empty for the PSFS.
    pub items: Vec<u8>,
    /// PSFS only.
    pub activities: Vec<Activity>,
    /// The sum of the items, or for the PSFS the mean of the activities.
    pub total: f64,
    /// `null` for the PSFS, which has no bands.
    pub band: Option<Band>,
    /// PHQ-9 item 9 answered above 0.
    pub risk: bool,
    /// `YYYY-MM-DD`, clinic calendar.
    pub taken_on: String,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    #[ts(type = "number")]
    pub recorded_by: i64,
    pub recorded_by_name: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub recorded_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskKind {
    /// The latest PHQ-9 answered item 9 (thoughts of self-harm) above 0.
    SelfHarm,
}

/// A standing risk flag, for the banner every clinician sees on the patient: that it
/// stands and whom to ask ("see the psychologist"). What raised it is shown only to
/// those who read the measure behind it (`Sight::reads_risk_details`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RiskFlag {
    /// Whom to ask: the discipline whose measure raised the flag.
    pub ask: crate::catalogue::Discipline,
    /// `null` for a clinician who does not read that discipline's measures.
    pub details: Option<RiskDetails>,
}

/// What raised a risk flag: the measure, its answer on the risk item and its score.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RiskDetails {
    pub kind: RiskKind,
    pub instrument: Instrument,
    /// The day of the measure that raised it.
    pub raised_on: String,
    #[ts(type = "number")]
    pub measure_id: i64,
    /// The 1-based item whose answer raised it (PHQ-9 item 9), and that answer.
    pub item: u32,
    pub answer: u8,
    pub total: f64,
    pub band: Option<Band>,
}

/// Every instrument with its items, range and bands, for the form and the chart.
pub fn instruments() -> Vec<InstrumentInfo> {
    Instrument::ALL.into_iter().map(Instrument::info).collect()
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    patient_id: i64,
    instrument: String,
    answers: String,
    total: f64,
    band: String,
    risk: bool,
    taken_on: String,
    appointment_id: Option<i64>,
    recorded_by: i64,
    recorded_by_name: String,
    recorded_at: String,
}

/// How `band` is stored for an instrument without bands (the PSFS).
const UNBANDED: &str = "unbanded";

impl Row {
    fn into_measure(self) -> AppResult<Measure> {
        let instrument = Instrument::parse(&self.instrument)
            .ok_or_else(|| AppError::internal(format!("measure {}: unknown instrument", self.id)))?;
        let bad = |what: &str| AppError::internal(format!("measure {}: stored {what} unreadable", self.id));
        let (items, activities) = if instrument == Instrument::Psfs {
            (Vec::new(), serde_json::from_str(&self.answers).map_err(|_| bad("answers"))?)
        } else {
            (serde_json::from_str(&self.answers).map_err(|_| bad("answers"))?, Vec::new())
        };
        let band = match self.band.as_str() {
            UNBANDED => None,
            other => Some(Band::parse(other).ok_or_else(|| bad("band"))?),
        };
        Ok(Measure {
            id: self.id,
            patient_id: self.patient_id,
            instrument,
            items,
            activities,
            total: self.total,
            band,
            risk: self.risk,
            taken_on: self.taken_on,
            appointment_id: self.appointment_id,
            recorded_by: self.recorded_by,
            recorded_by_name: self.recorded_by_name,
            recorded_at: self.recorded_at,
        })
    }
}

const SELECT: &str =
    "SELECT m.id, m.patient_id, m.instrument, m.answers, m.total, m.band, m.risk, m.taken_on,
        m.appointment_id, m.recorded_by, s.full_name AS recorded_by_name, m.recorded_at
    FROM measures m JOIN staff s ON s.id = m.recorded_by";

/// The instruments whose measures `sight` reads.
fn readable(sight: &Sight) -> Vec<Instrument> {
    Instrument::ALL.into_iter().filter(|i| sight.reads(Part::Measures(i.discipline()))).collect()
}

/// A patient's measures of the instruments the viewer may read, oldest first within
/// each instrument. For the timeline and the record PDF, which audit their own read.
pub async fn visible_measures(
    conn: &mut SqliteConnection,
    sight: &Sight,
    patient_id: i64,
) -> AppResult<Vec<Measure>> {
    let wanted: String = readable(sight).iter().map(|i| format!(",{}", i.as_str())).collect::<String>() + ",";
    of_instruments(conn, patient_id, &wanted).await
}

/// `wanted`: instrument names between commas (",phq9,gad7,"), so one prepared
/// statement serves any set of them.
async fn of_instruments(
    conn: &mut SqliteConnection,
    patient_id: i64,
    wanted: &str,
) -> AppResult<Vec<Measure>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.patient_id = ?1 AND instr(?2, ',' || m.instrument || ',') > 0
         ORDER BY m.instrument, m.taken_on, m.id"
    )))
    .bind(patient_id)
    .bind(wanted)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Row::into_measure).collect()
}

async fn birth_date(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<NaiveDate> {
    let birth: Option<String> = sqlx::query_scalar("SELECT birth_date FROM patients WHERE id = ?")
        .bind(patient_id)
        .fetch_optional(conn)
        .await?;
    let birth = birth.ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map_err(|_| AppError::internal("a stored birth date is unreadable"))
}

fn entry(
    actor: &Actor,
    action: AuditAction,
    entity: &'static str,
    id: i64,
    patient_id: i64,
    summary: String,
) -> AuditEntry {
    let mut e = actor.origin().entry(action, entity, Some(id.to_string()), summary);
    e.patient_id = Some(patient_id);
    e
}

/// Records a measure: refused unless the actor writes this instrument's discipline,
/// the answers score, the day is not in the future (nor before the patient's birth),
/// and the appointment, when given, is this patient's.
pub async fn record(store: &Store, actor: &Actor, input: MeasureInput) -> AppResult<Measure> {
    let mut tx = store.begin_write().await?;
    let born = birth_date(tx.conn(), input.patient_id).await?;
    Sight::of(tx.conn(), actor, input.patient_id)
        .await?
        .require_write(Part::Measures(input.instrument.discipline()))?;
    let scored = scoring::score(input.instrument, &input.items, &input.activities)?;
    let taken_on = clock::parse_date("taken_on", &input.taken_on)?;
    if taken_on > clinic_today() {
        return Err(AppError::validation("taken_on", "A measure cannot be dated in the future."));
    }
    if taken_on < born {
        return Err(AppError::validation("taken_on", "This date is before the patient's date of birth."));
    }
    if let Some(appointment_id) = input.appointment_id {
        let of: Option<i64> = sqlx::query_scalar("SELECT patient_id FROM appointments WHERE id = ?")
            .bind(appointment_id)
            .fetch_optional(tx.conn())
            .await?;
        if of != Some(input.patient_id) {
            return Err(AppError::validation("appointment_id", "Choose one of this patient's appointments."));
        }
    }
    let answers = if scored.instrument == Instrument::Psfs {
        serde_json::to_string(&scored.activities)
    } else {
        serde_json::to_string(&scored.items)
    }
    .map_err(|e| AppError::internal(format!("measure answers: {e}")))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO measures (patient_id, instrument, answers, total, band, risk, taken_on, appointment_id,
                               recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.patient_id)
    .bind(scored.instrument.as_str())
    .bind(answers)
    .bind(scored.total)
    .bind(scored.band.map_or(UNBANDED, Band::as_str))
    .bind(scored.risk)
    .bind(taken_on.to_string())
    .bind(input.appointment_id)
    .bind(actor.staff_id)
    .bind(clock::utc_text(Utc::now()))
    .fetch_one(tx.conn())
    .await?;
    // The instrument is named; its answers, total and band are clinical content and are not.
    let summary = scored.instrument.as_str().to_string();
    tx.audit(entry(actor, AuditAction::Create, "measure", id, input.patient_id, summary)).await?;
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.id = ?")))
        .bind(id)
        .fetch_one(tx.conn())
        .await?;
    tx.commit().await?;
    row.into_measure()
}

/// A patient's measures for the line chart, oldest first: of one instrument, or of
/// every instrument the actor may read. Audited as a view.
pub async fn list(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
    instrument: Option<Instrument>,
) -> AppResult<Vec<Measure>> {
    let mut conn = store.pool().acquire().await?;
    birth_date(&mut conn, patient_id).await?;
    let sight = Sight::of(&mut conn, actor, patient_id).await?;
    let measures = match instrument {
        Some(i) => {
            sight.require_read(Part::Measures(i.discipline()))?;
            of_instruments(&mut conn, patient_id, &format!(",{},", i.as_str())).await?
        }
        None => {
            if readable(&sight).is_empty() {
                return Err(AppError::forbidden(
                    "Outcome measures are kept for the physiotherapy and psychology staff of the patient's care.",
                ));
            }
            visible_measures(&mut conn, &sight, patient_id).await?
        }
    };
    drop(conn);
    let shown = instrument.map_or("all readable instruments", Instrument::as_str);
    let emergency = Instrument::ALL
        .into_iter()
        .filter(|i| instrument.is_none_or(|x| x == *i))
        .any(|i| sight.by_emergency(Part::Measures(i.discipline())));
    let summary = if emergency { format!("{shown}, by emergency access") } else { shown.to_string() };
    let mut tx = store.begin_write().await?;
    tx.audit(entry(actor, AuditAction::View, "measures", patient_id, patient_id, summary)).await?;
    tx.commit().await?;
    Ok(measures)
}

/// The patient's standing risk flags, for every clinician of their care (a safety
/// warning is not sealed to one discipline, though the answers behind it are): raised
/// when the latest PHQ-9 answered item 9 above 0, cleared by a later PHQ-9 that did
/// not. Reception, the administrator and the privacy officer are refused.
pub async fn risk_flags(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<RiskFlag>> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden("Risk flags are shown to the clinicians of the patient's care."));
    }
    let mut conn = store.pool().acquire().await?;
    birth_date(&mut conn, patient_id).await?;
    let sight = Sight::of(&mut conn, actor, patient_id).await?;
    let latest: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.patient_id = ? AND m.instrument = 'phq9' ORDER BY m.taken_on DESC, m.id DESC LIMIT 1"
    )))
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    drop(conn);
    let instrument = Instrument::Phq9;
    let risk_item = instrument.info().risk_item.unwrap_or(9);
    let details = sight.reads_risk_details(instrument.discipline());
    let flags: Vec<RiskFlag> = latest
        .map(Row::into_measure)
        .transpose()?
        .filter(|m| m.risk)
        .map(|m| RiskFlag {
            ask: instrument.discipline(),
            details: details.then(|| RiskDetails {
                kind: RiskKind::SelfHarm,
                instrument,
                raised_on: m.taken_on.clone(),
                measure_id: m.id,
                item: risk_item,
                answer: m.items.get(risk_item as usize - 1).copied().unwrap_or_default(),
                total: m.total,
                band: m.band,
            }),
        })
        .into_iter()
        .collect();
    let mut summary = match (flags.is_empty(), details) {
        (true, _) => "no standing flag".to_string(),
        (false, true) => "flag with its answers and score".to_string(),
        (false, false) => "flag only".to_string(),
    };
    if !flags.is_empty() && details && sight.by_emergency(Part::Measures(instrument.discipline())) {
        summary.push_str(", by emergency access");
    }
    let mut tx = store.begin_write().await?;
    tx.audit(entry(actor, AuditAction::View, "risk_flags", patient_id, patient_id, summary)).await?;
    tx.commit().await?;
    Ok(flags)
}
