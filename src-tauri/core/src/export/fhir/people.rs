//! Patient, RelatedPerson (guardian, emergency contact), Practitioner, Organization.

use serde_json::{json, Value};

use super::{coding, resource, text, ClinicRow, Links, PatientRow, Ref, RelatedRow, CNIC_SYSTEM, MRN_SYSTEM};

fn phone(number: &str, rank: u32) -> Value {
    json!({ "system": "phone", "value": number, "rank": rank })
}

fn cnic(number: &Option<String>) -> Option<Value> {
    number.as_ref().map(|c| {
        json!({
            "use": "official",
            "type": { "text": "CNIC (Computerized National Identity Card)" },
            "system": CNIC_SYSTEM,
            "value": c,
        })
    })
}

/// A de-identified row (`deidentify`) has no MRN and no name: neither is written.
pub fn patient(p: &PatientRow, links: Links) -> Value {
    let mut identifier: Vec<Value> = (!p.mrn.is_empty())
        .then(|| {
            json!({
                "use": "usual",
                "type": coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
                "system": MRN_SYSTEM,
                "value": p.mrn,
            })
        })
        .into_iter()
        .collect();
    identifier.extend(cnic(&p.cnic));
    let mut name: Vec<Value> = (!p.full_name.trim().is_empty())
        .then(|| json!({ "use": "official", "text": p.full_name }))
        .into_iter()
        .collect();
    if let Some(ur) = p.name_ur.as_deref().filter(|n| !n.trim().is_empty()) {
        name.push(json!({
            "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/language", "valueCode": "ur" }],
            "use": "official",
            "text": ur,
        }));
    }
    let mut telecom: Vec<Value> =
        [&p.phone, &p.phone_alt].into_iter().flatten().zip(1..).map(|(n, rank)| phone(n, rank)).collect();
    if let Some(e) = &p.email {
        telecom.push(json!({ "system": "email", "value": e }));
    }
    let address = (p.address.is_some() || p.city.is_some()).then(|| {
        let full = [&p.address, &p.city].into_iter().flatten().cloned().collect::<Vec<_>>().join(", ");
        json!([{ "use": "home", "text": full, "line": p.address.as_ref().map(|a| vec![a]),
                 "city": p.city, "country": "PK" }])
    });
    let contact = p
        .relative_name
        .as_ref()
        .map(|n| json!([{ "relationship": [text("Father's or husband's name")], "name": { "text": n } }]));
    let language = match p.preferred_language.as_str() {
        "en" => ("en", "English"),
        _ => ("ur", "Urdu"),
    };
    let gender = match p.sex.as_str() {
        s @ ("female" | "male" | "other") => s,
        _ => "unknown",
    };
    let mut body = json!({
        "identifier": (!identifier.is_empty()).then_some(identifier),
        "active": true,
        "name": (!name.is_empty()).then_some(name),
        "telecom": (!telecom.is_empty()).then_some(telecom),
        "gender": gender,
        "birthDate": super::partial_date(&p.birth_date),
        "address": address,
        "contact": contact,
        "communication": [{
            "language": coding("urn:ietf:bcp:47", language.0, language.1),
            "preferred": true,
        }],
        "managingOrganization": links.to(Ref::Organization),
    });
    // Strip null members of the address (serde_json keeps them).
    if let Some(Value::Array(list)) = body.get_mut("address") {
        for a in list.iter_mut().filter_map(Value::as_object_mut) {
            a.retain(|_, v| !v.is_null());
        }
    }
    if p.birth_date_estimated {
        // No standard extension says "estimated": the narrative says it in words.
        body["text"] = json!({
            "status": "additional",
            "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">The date of birth is estimated.</div>",
        });
    }
    resource(Ref::Patient(p.id), body)
}

pub fn related_person(patient: i64, r: &RelatedRow, links: Links) -> Value {
    let role = if r.kind == "guardian" {
        coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "GUARD", "guardian")
    } else {
        coding("http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact")
    };
    resource(
        Ref::Related(r.id),
        json!({
            "identifier": cnic(&r.cnic).map(|c| vec![c]),
            "active": true,
            "patient": links.to(Ref::Patient(patient)),
            "relationship": [role, text(&r.relationship)],
            "name": [{ "text": r.name }],
            "telecom": r.phone.as_ref().map(|n| vec![phone(n, 1)]),
        }),
    )
}

pub fn practitioner(id: i64, name: Option<&str>) -> Value {
    resource(Ref::Practitioner(id), json!({ "active": true, "name": name.map(|n| json!([{ "text": n }])) }))
}

pub fn organization(c: &ClinicRow) -> Value {
    resource(
        Ref::Organization,
        json!({
            "active": true,
            "type": [coding("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
            "name": c.name,
            "telecom": [phone(&c.phone, 1)],
            "address": [{ "text": c.address, "country": "PK" }],
        }),
    )
}
