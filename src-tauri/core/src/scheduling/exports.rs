//! What leaves the app from the appointment book: the slip handed to a patient and a
//! practitioner's diary as iCalendar. The writers in `export` get plain data; the
//! print or export is audited in the same step that produces the file.

use chrono::{Duration, Utc};

use super::views::{self, Appointment, RangeFilter};
use super::Status;
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clinic;
use crate::clock::{self, parse_utc, CLINIC_TZ};
use crate::error::{AppError, AppResult};
use crate::export::{ics, slip};
use crate::store::Store;

/// A file for the person to keep: its suggested name and its bytes.
#[derive(Debug)]
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

async fn staff_name(store: &Store, id: i64) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT full_name FROM staff WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?)
}

/// The appointment slip as a PDF; audited as a print of the patient's data.
pub async fn slip(store: &Store, actor: &Actor, id: i64) -> AppResult<ExportFile> {
    actor.require(Permission::ViewSchedule)?;
    let a: Appointment = views::load_open(&mut *store.pool().acquire().await?, id).await?;
    if a.status == Status::Cancelled {
        return Err(AppError::conflict("This appointment was cancelled, so there is no slip to print."));
    }
    let now = Utc::now();
    let starts_at = parse_utc(&a.starts_at)?;
    let data = slip::Slip {
        clinic: clinic::letterhead(store).await?,
        patient_name: a.patient_name.clone(),
        patient_name_ur: a.patient_name_ur.clone(),
        mrn: a.mrn.clone(),
        starts_at,
        ends_at: parse_utc(&a.ends_at)?,
        practitioner: a.practitioner_name.clone(),
        service: a.service_name.clone(),
        room: a.room_name.clone(),
        printed_by: staff_name(store, actor.staff_id).await?.unwrap_or_default(),
        printed_at: now,
    };
    let bytes = slip::slip_pdf(&data)?;
    let mut tx = store.begin_write().await?;
    tx.audit(super::book::entry(actor, AuditAction::Print, id, a.patient_id, "appointment slip".into()))
        .await?;
    tx.commit().await?;
    let local = starts_at.with_timezone(&CLINIC_TZ);
    Ok(ExportFile { name: format!("slip-{}-{}.pdf", a.mrn, local.format("%Y-%m-%d-%H%M")), bytes })
}

/// A practitioner's appointments between two clinic days (at most a year) as
/// iCalendar, with no clinical detail: the MRN, the room and the time. Audited as an
/// export.
pub async fn diary_ics(
    store: &Store,
    actor: &Actor,
    practitioner_id: i64,
    from: &str,
    to: &str,
) -> AppResult<ExportFile> {
    actor.require(Permission::ViewSchedule)?;
    let (first, last) = (clock::parse_date("from", from)?, clock::parse_date("to", to)?);
    if last < first {
        return Err(AppError::validation("to", "The last day must be on or after the first."));
    }
    if (last - first).num_days() > 366 {
        return Err(AppError::validation("to", "Export at most a year at a time."));
    }
    let practitioner = staff_name(store, practitioner_id)
        .await?
        .ok_or_else(|| AppError::validation("practitioner_id", "Choose a practitioner."))?;
    let filter = RangeFilter { practitioner_id: Some(practitioner_id), room_id: None };
    let rows = views::list_between(store, first, last + Duration::days(1), filter).await?;
    let mut events = Vec::with_capacity(rows.len());
    for a in rows.iter().filter(|a| a.status != Status::NoShow) {
        events.push(ics::CalendarEvent {
            uid: format!("appointment-{}@al-hayat-clinic", a.id),
            starts_at: parse_utc(&a.starts_at)?,
            ends_at: parse_utc(&a.ends_at)?,
            // A restricted patient's slot is exported as taken, without the MRN.
            summary: if a.restricted { "Appointment".to_string() } else { format!("Appointment {}", a.mrn) },
            location: a.room_name.clone(),
            status_cancelled: a.status == Status::Cancelled,
        });
    }
    let text = ics::ics(&format!("{practitioner} — Al-Hayat Clinic"), &events, Utc::now());
    // Names the patients whose MRNs the file holds, so each one's access report lists it.
    let shown: Vec<Appointment> = rows.into_iter().filter(|a| a.status != Status::NoShow).collect();
    let mut tx = store.begin_write().await?;
    let entry = actor.origin().entry(
        AuditAction::Export,
        "practitioner_diary",
        Some(practitioner_id.to_string()),
        format!("iCalendar {first} to {last}, {} appointments", events.len()),
    );
    tx.audit_naming(entry, &views::shown_patients(&shown)).await?;
    tx.commit().await?;
    Ok(ExportFile { name: format!("diary-{practitioner_id}-{first}-{last}.ics"), bytes: text.into_bytes() })
}
