//! The treatment timeline: one list of a patient's history across disciplines,
//! newest first — appointments, notes, outcome measures, dispensings, attachments —
//! holding only what the viewer may see.
//!
//! Appointments, notes, measures and attachments follow the record's visibility rules
//! (`Part::Appointments` by the service's discipline: a physiotherapist's timeline
//! holds no psychology visits); a note shows when it is signed or is the viewer's own
//! draft. Reception, the administrator and the privacy officer are
//! refused. Each kind is read with one set-based statement (sqlx costs ~75 µs a
//! statement, so nothing is read row by row), merged here, and every call is audited
//! as one view.

mod reads;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::access::{is_clinician, Discipline, Part, Sight};
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::measures::{self, Band, Instrument};
use crate::scheduling::Status;
use crate::store::Store;
use reads::{appointments, attachments, dispensings, listed, measure_at, notes};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryKind {
    Appointment,
    Note,
    Measure,
    Dispensing,
    Attachment,
}

impl EntryKind {
    const ALL: [EntryKind; 5] = [
        EntryKind::Appointment,
        EntryKind::Note,
        EntryKind::Measure,
        EntryKind::Dispensing,
        EntryKind::Attachment,
    ];

    fn as_str(self) -> &'static str {
        match self {
            EntryKind::Appointment => "appointment",
            EntryKind::Note => "note",
            EntryKind::Measure => "measure",
            EntryKind::Dispensing => "dispensing",
            EntryKind::Attachment => "attachment",
        }
    }

    fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Which part of the timeline to show.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct TimelineQuery {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// Only these disciplines; empty for all. Attachments meant for every clinician
    /// belong to no discipline and show only when this is empty.
    #[serde(default)]
    pub disciplines: Vec<Discipline>,
    /// Only these kinds; empty for all.
    #[serde(default)]
    pub kinds: Vec<EntryKind>,
    /// The `next` of the page before, to read further back.
    #[serde(default)]
    #[ts(optional, type = "string | null")]
    pub before: Option<String>,
    /// Entries per page: 500 when not given, at most 2000.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub limit: Option<u32>,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    /// When it happened, UTC `YYYY-MM-DDTHH:MM:SSZ`; the list is ordered by it, newest first.
    pub at: String,
    /// `null` for an attachment meant for every clinician.
    pub discipline: Option<Discipline>,
    pub item: TimelineItem,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineItem {
    Appointment {
        #[ts(type = "number")]
        id: i64,
        service: String,
        practitioner: String,
        status: Status,
        ends_at: String,
    },
    Note {
        #[ts(type = "number")]
        id: i64,
        template_name: String,
        author_name: String,
        signed: bool,
        signed_at: Option<String>,
        #[ts(type = "number | null")]
        appointment_id: Option<i64>,
        /// The note this one corrects.
        #[ts(type = "number | null")]
        amends: Option<i64>,
        amend_reason: Option<String>,
        /// The signed note that corrects this one (as the notes service reads it): shown as "amended".
        #[ts(type = "number | null")]
        amended_by: Option<i64>,
    },
    Measure {
        #[ts(type = "number")]
        id: i64,
        instrument: Instrument,
        total: f64,
        band: Option<Band>,
        risk: bool,
        taken_on: String,
    },
    Dispensing {
        #[ts(type = "number")]
        id: i64,
        /// "Panadol 500 mg tablet".
        medicine: String,
        #[ts(type = "number")]
        quantity: i64,
        instructions: String,
        dispensed_by: String,
        allergy_overridden: bool,
    },
    Attachment {
        #[ts(type = "number")]
        id: i64,
        title: String,
        file_name: String,
        mime: String,
        #[ts(type = "number")]
        size_bytes: i64,
        uploaded_by: String,
    },
}

impl TimelineItem {
    fn kind(&self) -> EntryKind {
        match self {
            TimelineItem::Appointment { .. } => EntryKind::Appointment,
            TimelineItem::Note { .. } => EntryKind::Note,
            TimelineItem::Measure { .. } => EntryKind::Measure,
            TimelineItem::Dispensing { .. } => EntryKind::Dispensing,
            TimelineItem::Attachment { .. } => EntryKind::Attachment,
        }
    }

    fn id(&self) -> i64 {
        match self {
            TimelineItem::Appointment { id, .. }
            | TimelineItem::Note { id, .. }
            | TimelineItem::Measure { id, .. }
            | TimelineItem::Dispensing { id, .. }
            | TimelineItem::Attachment { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    /// Pass as `before` for the next, older page; `null` on the last page.
    pub next: Option<String>,
    /// Part of what is shown is open to the viewer only through emergency access.
    pub by_emergency: bool,
}

const DEFAULT_LIMIT: u32 = 500;
const MAX_LIMIT: u32 = 2000;

/// Where an entry stands in the list: newest first, and a fixed order among entries
/// of the same instant so pages neither repeat nor skip one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    at: String,
    kind: EntryKind,
    id: i64,
}

impl Key {
    fn of(e: &TimelineEntry) -> Key {
        Key { at: e.at.clone(), kind: e.item.kind(), id: e.item.id() }
    }

    fn cursor(&self) -> String {
        format!("{}~{}~{}", self.at, self.kind.as_str(), self.id)
    }

    fn parse(cursor: &str) -> AppResult<Key> {
        let bad = || {
            AppError::validation(
                "before",
                "This page of the timeline is out of date. Open the timeline again.",
            )
        };
        let mut parts = cursor.split('~');
        let (Some(at), Some(kind), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        clock::parse_utc(at).map_err(|_| bad())?;
        Ok(Key {
            at: at.to_string(),
            kind: EntryKind::parse(kind).ok_or_else(bad)?,
            id: id.parse().map_err(|_| bad())?,
        })
    }

    /// Newest first; at one instant, in the order of `EntryKind`, then newest id first.
    fn order(&self, other: &Key) -> Ordering {
        other.at.cmp(&self.at).then(self.kind.cmp(&other.kind)).then(other.id.cmp(&self.id))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order(other)
    }
}

/// One page of the patient's timeline, newest first, holding only what the actor may
/// see; audited as a view of the patient's record.
pub async fn timeline(store: &Store, actor: &Actor, q: TimelineQuery) -> AppResult<TimelinePage> {
    if !is_clinician(actor) {
        return Err(AppError::forbidden(
            "The treatment timeline is open to the clinicians of the patient's care.",
        ));
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::validation("limit", format!("Show from 1 to {MAX_LIMIT} entries at a time.")));
    }
    let before = q.before.as_deref().map(Key::parse).transpose()?;
    let shows_kind = |k: EntryKind| q.kinds.is_empty() || q.kinds.contains(&k);
    let shows_discipline = |d: Discipline| q.disciplines.is_empty() || q.disciplines.contains(&d);

    // One read transaction, so the kinds are read from the same moment.
    let mut tx = store.pool().begin().await?;
    super::require_patient(&mut tx, q.patient_id).await?;
    let sight = Sight::of(&mut tx, actor, q.patient_id).await?;
    let disciplines: Vec<Discipline> = Discipline::ALL.into_iter().filter(|d| shows_discipline(*d)).collect();
    let names = |part: fn(Discipline) -> Part| {
        listed(disciplines.iter().filter(|d| sight.reads(part(**d))).map(|d| d.as_str()))
    };
    let mut by_emergency = false;
    let mut entries = Vec::new();
    if shows_kind(EntryKind::Appointment) {
        by_emergency |= disciplines.iter().any(|d| sight.by_emergency(Part::Appointments(*d)));
        entries.extend(appointments(&mut tx, q.patient_id, &names(Part::Appointments)).await?);
    }
    if shows_kind(EntryKind::Note) {
        by_emergency |= disciplines.iter().any(|d| sight.by_emergency(Part::Notes(*d)));
        entries.extend(notes(&mut tx, q.patient_id, &names(Part::Notes), actor.staff_id).await?);
    }
    if shows_kind(EntryKind::Measure) {
        by_emergency |= disciplines.iter().any(|d| sight.by_emergency(Part::Measures(*d)));
        let measures = measures::visible_measures(&mut tx, &sight, q.patient_id).await?;
        entries.extend(measures.iter().filter(|m| shows_discipline(m.instrument.discipline())).map(|m| {
            TimelineEntry {
                at: measure_at(m),
                discipline: Some(m.instrument.discipline()),
                item: TimelineItem::Measure {
                    id: m.id,
                    instrument: m.instrument,
                    total: m.total,
                    band: m.band,
                    risk: m.risk,
                    taken_on: m.taken_on.clone(),
                },
            }
        }));
    }
    if shows_kind(EntryKind::Dispensing)
        && shows_discipline(Discipline::Pharmacy)
        && sight.reads(Part::Dispensings)
    {
        by_emergency |= sight.by_emergency(Part::Dispensings);
        entries.extend(dispensings(&mut tx, q.patient_id).await?);
    }
    if shows_kind(EntryKind::Attachment) {
        let unmarked = q.disciplines.is_empty() && sight.reads(Part::Attachments(None));
        by_emergency |= disciplines.iter().any(|d| sight.by_emergency(Part::Attachments(Some(*d))));
        entries.extend(
            attachments(&mut tx, q.patient_id, &names(|d| Part::Attachments(Some(d))), unmarked).await?,
        );
    }
    tx.commit().await?;

    let mut keyed: Vec<(Key, TimelineEntry)> = entries
        .into_iter()
        .map(|e| (Key::of(&e), e))
        .filter(|(k, _)| before.as_ref().is_none_or(|b| k.order(b) == Ordering::Greater))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let more = keyed.len() > limit as usize;
    keyed.truncate(limit as usize);
    let next = if more { keyed.last().map(|(k, _)| k.cursor()) } else { None };

    let summary = match (q.before.is_some(), by_emergency) {
        (false, false) => "timeline",
        (false, true) => "timeline, by emergency access",
        (true, false) => "timeline, older entries",
        (true, true) => "timeline, older entries, by emergency access",
    };
    let mut write = store.begin_write().await?;
    let mut e = actor.origin().entry(AuditAction::View, "timeline", Some(q.patient_id.to_string()), summary);
    e.patient_id = Some(q.patient_id);
    write.audit(e).await?;
    write.commit().await?;
    Ok(TimelinePage { entries: keyed.into_iter().map(|(_, e)| e).collect(), next, by_emergency })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: &str, item: TimelineItem) -> TimelineEntry {
        TimelineEntry { at: at.into(), discipline: None, item }
    }

    fn appointment(id: i64) -> TimelineItem {
        TimelineItem::Appointment {
            id,
            service: String::new(),
            practitioner: String::new(),
            status: Status::Completed,
            ends_at: String::new(),
        }
    }

    fn attachment(id: i64) -> TimelineItem {
        TimelineItem::Attachment {
            id,
            title: String::new(),
            file_name: String::new(),
            mime: String::new(),
            size_bytes: 1,
            uploaded_by: String::new(),
        }
    }

    #[test]
    fn newest_first_with_a_fixed_order_at_one_instant() {
        let mut keys: Vec<Key> = [
            entry("2026-12-01T05:00:00Z", attachment(1)),
            entry("2026-12-01T05:00:00Z", appointment(7)),
            entry("2026-12-02T05:00:00Z", attachment(2)),
            entry("2026-12-01T05:00:00Z", appointment(9)),
        ]
        .iter()
        .map(Key::of)
        .collect();
        keys.sort();
        let order: Vec<(EntryKind, i64)> = keys.iter().map(|k| (k.kind, k.id)).collect();
        assert_eq!(
            order,
            [
                (EntryKind::Attachment, 2),
                (EntryKind::Appointment, 9),
                (EntryKind::Appointment, 7),
                (EntryKind::Attachment, 1)
            ]
        );
    }

    #[test]
    fn cursors_round_trip_and_bad_ones_name_the_field() {
        let k = Key { at: "2026-12-01T05:00:00Z".into(), kind: EntryKind::Note, id: 42 };
        assert_eq!(Key::parse(&k.cursor()).unwrap(), k);
        for bad in [
            "",
            "x",
            "2026-12-01T05:00:00Z~note",
            "2026-12-01T05:00:00Z~memo~1",
            "soon~note~1",
            "2026-12-01T05:00:00Z~note~x~y",
        ] {
            assert_eq!(Key::parse(bad).unwrap_err().field(), Some("before"), "{bad:?}");
        }
    }
}
