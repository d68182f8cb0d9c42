//! DocumentReference for signed notes (the text itself, base64 plain text) and for
//! attachments (a file beside the bundle in the package).

use base64::Engine;
use serde_json::{json, Value};

use super::{coding, instant, resource, text, AttachmentRow, Links, NoteRow, Ref, LOINC};
use crate::catalogue::Discipline;

fn discipline(d: Discipline) -> Value {
    text(match d {
        Discipline::Physiotherapy => "Physiotherapy",
        Discipline::Psychology => "Psychology",
        Discipline::Pharmacy => "Pharmacy",
    })
}

pub fn note(patient: i64, n: &NoteRow, visit: Option<i64>, links: Links) -> Value {
    let data = base64::engine::general_purpose::STANDARD.encode(n.text());
    // An amended note is kept, superseded by the note that corrects it.
    let status = if n.amended_by.is_some() { "superseded" } else { "current" };
    let relates =
        n.amends.map(|original| json!([{ "code": "replaces", "target": links.to(Ref::Note(original)) }]));
    let description = match (&n.amends, &n.amend_reason) {
        (Some(_), Some(reason)) => format!("{} (amendment: {reason})", n.template),
        _ => n.template.clone(),
    };
    resource(
        Ref::Note(n.id),
        json!({
            "status": status,
            "docStatus": if n.amends.is_some() { "amended" } else { "final" },
            "type": coding(LOINC, "11506-3", "Progress note"),
            "category": [discipline(n.discipline)],
            "subject": links.to(Ref::Patient(patient)),
            "date": instant(&n.signed_at),
            "author": [links.to(Ref::Practitioner(n.author_id))],
            "authenticator": links.to(Ref::Practitioner(n.author_id)),
            "custodian": links.to(Ref::Organization),
            "relatesTo": relates,
            "description": description,
            "content": [{ "attachment": {
                "contentType": "text/plain; charset=utf-8",
                "data": data,
                "title": n.template,
                "creation": instant(&n.created_at),
            }}],
            "context": visit.map(|a| json!({ "encounter": [links.to(Ref::Encounter(a))] })),
        }),
    )
}

/// `in_package`: the file lies beside the bundle at [`AttachmentRow::package_path`];
/// bulk export lists attachments without their bytes.
pub fn attachment(patient: i64, a: &AttachmentRow, links: Links, in_package: bool) -> Value {
    let mut file = json!({
        "contentType": a.mime,
        "size": a.size_bytes,
        "title": a.file_name,
        "creation": instant(&a.uploaded_at),
    });
    if in_package {
        file["url"] = json!(a.package_path());
    }
    resource(
        Ref::Attachment(a.id),
        json!({
            "status": "current",
            "type": text(&a.title),
            "category": a.discipline.map(|d| vec![discipline(d)]),
            "subject": links.to(Ref::Patient(patient)),
            "date": instant(&a.uploaded_at),
            "author": [links.to(Ref::Practitioner(a.uploaded_by))],
            "custodian": links.to(Ref::Organization),
            "description": format!("SHA-256 {}", a.sha256),
            "content": [{ "attachment": file }],
        }),
    )
}
