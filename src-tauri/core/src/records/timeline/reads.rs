//! The timeline's reads: one set-based statement per kind of entry, each holding only
//! the rows the caller's `wanted` disciplines allow.

use chrono::{Duration, NaiveDate, NaiveTime};
use sqlx::SqliteConnection;

use super::{TimelineEntry, TimelineItem};
use crate::clock::{self, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::measures::Measure;
use crate::records::access::Discipline;
use crate::scheduling::Status;

/// Names between commas (",physiotherapy,psychology,"), matched with `instr` so one
/// prepared statement serves any set.
pub(super) fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().fold(String::from(","), |acc, n| acc + n + ",")
}

/// The instant a measure is placed at: when it was recorded if that was on the day
/// it was taken, otherwise noon of that day at the clinic.
pub(super) fn measure_at(m: &Measure) -> String {
    let recorded_day =
        clock::parse_utc(&m.recorded_at).ok().map(|t| t.with_timezone(&CLINIC_TZ).date_naive());
    match NaiveDate::parse_from_str(&m.taken_on, "%Y-%m-%d") {
        Ok(day) if recorded_day == Some(day) => m.recorded_at.clone(),
        Ok(day) => {
            let noon = clock::day_start_utc(day) + Duration::hours(12);
            debug_assert_eq!(
                noon.with_timezone(&CLINIC_TZ).time(),
                NaiveTime::from_hms_opt(12, 0, 0).unwrap()
            );
            clock::utc_text(noon)
        }
        Err(_) => m.recorded_at.clone(),
    }
}

type AppointmentRow = (i64, String, String, String, String, String, String);
type NoteRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    String,
    String,
    Option<i64>,
);
type DispensingRow = (i64, String, i64, String, bool, String, String, String, String);
type AttachmentRow = (i64, String, String, String, String, i64, Option<String>, String);

fn discipline(text: &str) -> AppResult<Discipline> {
    Discipline::parse(text).ok_or_else(|| AppError::internal("a stored discipline is unknown"))
}

pub(super) async fn appointments(
    conn: &mut SqliteConnection,
    patient_id: i64,
    wanted: &str,
) -> AppResult<Vec<TimelineEntry>> {
    let rows: Vec<AppointmentRow> = sqlx::query_as(
        "SELECT a.id, a.starts_at, a.ends_at, a.status, sv.name, sv.discipline, s.full_name
         FROM appointments a JOIN services sv ON sv.id = a.service_id JOIN staff s ON s.id = a.practitioner_id
         WHERE a.patient_id = ?1 AND instr(?2, ',' || sv.discipline || ',') > 0",
    )
    .bind(patient_id)
    .bind(wanted)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, starts_at, ends_at, status, service, d, practitioner)| {
            let status =
                Status::parse(&status).ok_or_else(|| AppError::internal("a stored status is unknown"))?;
            Ok(TimelineEntry {
                at: starts_at,
                discipline: Some(discipline(&d)?),
                item: TimelineItem::Appointment { id, service, practitioner, status, ends_at },
            })
        })
        .collect()
}

/// Signed notes, and the viewer's own drafts, of the disciplines in `wanted`.
pub(super) async fn notes(
    conn: &mut SqliteConnection,
    patient_id: i64,
    wanted: &str,
    viewer: i64,
) -> AppResult<Vec<TimelineEntry>> {
    let rows: Vec<NoteRow> = sqlx::query_as(
        "SELECT n.id, n.created_at, n.discipline, n.status, n.signed_at, n.appointment_id, n.amends_id,
                n.amend_reason, t.name, s.full_name,
                (SELECT min(x.id) FROM notes x WHERE x.amends_id = n.id AND x.status = 'signed')
         FROM notes n JOIN note_templates t ON t.id = n.template_id JOIN staff s ON s.id = n.author_id
         WHERE n.patient_id = ?1 AND instr(?2, ',' || n.discipline || ',') > 0
           AND (n.status = 'signed' OR n.author_id = ?3)",
    )
    .bind(patient_id)
    .bind(wanted)
    .bind(viewer)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(
            |(
                id,
                created_at,
                d,
                status,
                signed_at,
                appointment_id,
                amends,
                amend_reason,
                template_name,
                author_name,
                amended_by,
            )| {
                Ok(TimelineEntry {
                    at: created_at,
                    discipline: Some(discipline(&d)?),
                    item: TimelineItem::Note {
                        id,
                        template_name,
                        author_name,
                        signed: status == "signed",
                        signed_at,
                        appointment_id,
                        amends,
                        amend_reason,
                        amended_by,
                    },
                })
            },
        )
        .collect()
}

pub(super) async fn dispensings(
    conn: &mut SqliteConnection,
    patient_id: i64,
) -> AppResult<Vec<TimelineEntry>> {
    let rows: Vec<DispensingRow> = sqlx::query_as(
        "SELECT d.id, d.dispensed_at, d.quantity, d.instructions, d.allergy_override IS NOT NULL,
                i.name, i.strength, i.form, s.full_name
         FROM dispensings d JOIN pharmacy_items i ON i.id = d.item_id JOIN staff s ON s.id = d.dispensed_by
         WHERE d.patient_id = ?",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, quantity, instructions, allergy_overridden, name, strength, form, dispensed_by)| {
            TimelineEntry {
                at,
                discipline: Some(Discipline::Pharmacy),
                item: TimelineItem::Dispensing {
                    id,
                    medicine: format!("{name} {strength} {form}"),
                    quantity,
                    instructions,
                    dispensed_by,
                    allergy_overridden,
                },
            }
        })
        .collect())
}

/// Attachments of the disciplines in `wanted`, and those for every clinician when
/// `unmarked`. The file's bytes are not read.
pub(super) async fn attachments(
    conn: &mut SqliteConnection,
    patient_id: i64,
    wanted: &str,
    unmarked: bool,
) -> AppResult<Vec<TimelineEntry>> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(
        "SELECT a.id, a.uploaded_at, a.title, a.file_name, a.mime, a.size_bytes, a.discipline, s.full_name
         FROM attachments a JOIN staff s ON s.id = a.uploaded_by
         WHERE a.patient_id = ?1
           AND (CASE WHEN a.discipline IS NULL THEN ?3 ELSE instr(?2, ',' || a.discipline || ',') > 0 END)",
    )
    .bind(patient_id)
    .bind(wanted)
    .bind(unmarked)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, at, title, file_name, mime, size_bytes, d, uploaded_by)| {
            Ok(TimelineEntry {
                at,
                discipline: d.as_deref().map(discipline).transpose()?,
                item: TimelineItem::Attachment { id, title, file_name, mime, size_bytes, uploaded_by },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::{Band, Instrument};

    #[test]
    fn a_measure_stands_when_recorded_or_at_noon_of_its_day() {
        let m = |taken_on: &str, recorded_at: &str| Measure {
            id: 1,
            patient_id: 1,
            instrument: Instrument::Nprs,
            items: vec![3],
            activities: vec![],
            total: 3.0,
            band: Some(Band::Mild),
            risk: false,
            taken_on: taken_on.into(),
            appointment_id: None,
            recorded_by: 1,
            recorded_by_name: String::new(),
            recorded_at: recorded_at.into(),
        };
        // 22:00 UTC on 30 November is 03:00 on 1 December in Lahore.
        assert_eq!(measure_at(&m("2026-12-01", "2026-11-30T22:00:00Z")), "2026-11-30T22:00:00Z");
        assert_eq!(measure_at(&m("2026-11-28", "2026-12-01T06:00:00Z")), "2026-11-28T07:00:00Z");
    }
}
