//! Appointment, and an Encounter for each appointment the patient attended.

use serde_json::{json, Value};

use super::{instant, resource, text, AppointmentRow, Links, Ref};
use crate::catalogue::Discipline;

fn appointment_status(status: &str) -> &'static str {
    match status {
        "booked" => "booked",
        "arrived" => "arrived",
        "in_session" => "checked-in",
        "completed" => "fulfilled",
        "cancelled" => "cancelled",
        "no_show" => "noshow",
        _ => "entered-in-error",
    }
}

fn discipline(d: Discipline) -> &'static str {
    match d {
        Discipline::Physiotherapy => "Physiotherapy",
        Discipline::Psychology => "Psychology",
        Discipline::Pharmacy => "Pharmacy",
    }
}

fn minutes(a: &AppointmentRow) -> Option<i64> {
    let s = chrono::DateTime::parse_from_rfc3339(&a.starts_at).ok()?;
    let e = chrono::DateTime::parse_from_rfc3339(&a.ends_at).ok()?;
    Some((e - s).num_minutes()).filter(|m| *m > 0)
}

pub fn appointment(patient: i64, a: &AppointmentRow, links: Links) -> Value {
    let cancel = a.cancel_reason.as_ref().map(|r| {
        let who =
            if a.cancelled_by.as_deref() == Some("patient") { "by the patient" } else { "by the clinic" };
        text(&format!("Cancelled {who}: {r}"))
    });
    resource(
        Ref::Appointment(a.id),
        json!({
            "status": appointment_status(&a.status),
            "cancelationReason": cancel,
            "serviceType": [text(&a.service)],
            "specialty": [text(discipline(a.discipline))],
            "start": instant(&a.starts_at),
            "end": instant(&a.ends_at),
            "minutesDuration": minutes(a),
            "comment": format!("Room: {}", a.room),
            "participant": [
                { "actor": links.to(Ref::Patient(patient)), "required": "required", "status": "accepted" },
                { "actor": links.to(Ref::Practitioner(a.practitioner_id)), "required": "required", "status": "accepted" },
            ],
        }),
    )
}

pub fn encounter(patient: i64, a: &AppointmentRow, links: Links) -> Value {
    let status = match a.status.as_str() {
        "completed" => "finished",
        "in_session" => "in-progress",
        _ => "arrived",
    };
    let start = a.arrived_at.as_deref().and_then(instant).or_else(|| instant(&a.starts_at));
    let end = (a.status == "completed").then(|| instant(&a.ends_at)).flatten();
    resource(
        Ref::Encounter(a.id),
        json!({
            "status": status,
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
                "display": "ambulatory",
            },
            "type": [text(&a.service)],
            "serviceType": text(discipline(a.discipline)),
            "subject": links.to(Ref::Patient(patient)),
            "participant": [{ "individual": links.to(Ref::Practitioner(a.practitioner_id)) }],
            "appointment": [links.to(Ref::Appointment(a.id))],
            "period": match end {
                Some(end) => json!({ "start": start, "end": end }),
                None => json!({ "start": start }),
            },
            "serviceProvider": links.to(Ref::Organization),
        }),
    )
}
