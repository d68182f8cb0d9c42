//! The disclosures register with the objection rule, and corrections: who to tell
//! after an accepted one, and the statement kept with a refused one.

use alhayat::patients::{self, ObjectionPurpose};
use alhayat::rights::{
    self, AmendedEntity, AmendedRecord, CorrectionAccepted, DisclosureInput, DisclosurePurpose,
    DisputedRecord, FulfilInput, RefuseInput, RequestKind,
};

use alhayat::auth::Role;

use super::{office, Office};
use crate::support::{actor, add_staff};

fn disclosure(o: &Office, purpose: DisclosurePurpose, recipient: &str) -> DisclosureInput {
    DisclosureInput {
        patient_id: o.adult,
        recipient: recipient.into(),
        purpose,
        reason: "Referral for an orthopaedic opinion".into(),
        what: "Physiotherapy notes and the last assessment".into(),
        disclosed_on: o.days(0),
    }
}

#[tokio::test]
async fn disclosures_are_recorded_and_an_objection_to_sharing_allows_only_legal_ones() {
    let o = office().await;
    let care = disclosure(&o, DisclosurePurpose::CareTeam, "Dr. Kamran Ali, Services Hospital");
    let before = o.audit_rows().await;
    let all = rights::record_disclosure(o.store(), &o.po, care.clone(), o.now).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].purpose.as_str(), all[0].recorded_by_name.as_str()), ("care_team", "Nadia Hussain"));
    assert_eq!(o.audit_rows().await, before + 1);
    let (action, entity, _, patient, summary) = o.last_audit().await;
    assert_eq!((action.as_str(), entity.as_str(), patient), ("create", "disclosure", Some(o.adult)));
    assert_eq!(summary, "disclosure, purpose care_team");

    for (bad, field) in [
        (DisclosureInput { recipient: " ".into(), ..care.clone() }, "recipient"),
        (DisclosureInput { what: "x".repeat(1001), ..care.clone() }, "what"),
        (DisclosureInput { reason: String::new(), ..care.clone() }, "reason"),
        (DisclosureInput { disclosed_on: o.days(1), ..care.clone() }, "disclosed_on"),
        (DisclosureInput { disclosed_on: "yesterday".into(), ..care.clone() }, "disclosed_on"),
    ] {
        let e = rights::record_disclosure(o.store(), &o.po, bad, o.now).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    for who in [&o.desk, &o.physio, &o.admin] {
        let e = rights::record_disclosure(o.store(), who, care.clone(), o.now).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden");
        assert_eq!(rights::list_disclosures(o.store(), who, o.adult).await.unwrap_err().kind(), "forbidden");
    }

    patients::record_objection(o.store(), &o.desk, o.adult, ObjectionPurpose::Sharing).await.unwrap();
    let before = o.audit_rows().await;
    for purpose in [DisclosurePurpose::CareTeam, DisclosurePurpose::Other] {
        let e = rights::record_disclosure(o.store(), &o.po, disclosure(&o, purpose, "Someone"), o.now)
            .await
            .unwrap_err();
        assert_eq!((e.kind(), e.field()), ("conflict", Some("purpose")), "{purpose:?}");
        assert!(e.to_string().contains("objects to sharing"), "{e}");
    }
    assert_eq!(o.audit_rows().await, before);
    let court = DisclosureInput {
        reason: "Court order 123/2026, Lahore High Court".into(),
        ..disclosure(&o, DisclosurePurpose::Legal, "Lahore High Court")
    };
    let all = rights::record_disclosure(o.store(), &o.po, court, o.now).await.unwrap();
    assert_eq!(all.len(), 2);
    let mut conn = o.store().pool().acquire().await.unwrap();
    let listed = rights::disclosures_of(&mut conn, o.adult).await.unwrap();
    assert_eq!(listed, all);
    assert!(rights::disclosures_of(&mut conn, o.child).await.unwrap().is_empty());
    drop(conn);
    assert_eq!(rights::list_disclosures(o.store(), &o.po, o.adult).await.unwrap().len(), 2);
    // The care team sees them in the chart (what of them: the next test); reception does not.
    let chart = alhayat::records::chart_disclosures(o.store(), &o.physio, o.adult).await.unwrap();
    assert_eq!(chart.iter().map(|d| d.id).collect::<Vec<_>>(), all.iter().map(|d| d.id).collect::<Vec<_>>());
    assert!(alhayat::records::chart_disclosures(o.store(), &o.physio, o.child).await.unwrap().is_empty());
    let e = alhayat::records::chart_disclosures(o.store(), &o.desk, o.adult).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    let e = rights::record_disclosure(
        o.store(),
        &o.po,
        DisclosureInput { patient_id: 424242, ..disclosure(&o, DisclosurePurpose::Legal, "Court") },
        o.now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), "not_found");
}

#[tokio::test]
async fn the_chart_shows_clinicians_to_whom_when_and_why_and_only_the_officer_what_and_audits_it() {
    let o = office().await;
    let court = DisclosureInput {
        reason: "Court order 123/2026 about the psychologist's assessment".into(),
        what: "Psychology notes of 2026".into(),
        ..disclosure(&o, DisclosurePurpose::Legal, "Lahore High Court")
    };
    let all = rights::record_disclosure(o.store(), &o.po, court, o.now).await.unwrap();
    let pharmacist_id = add_staff(o.store(), "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await;
    let pharmacist = actor(pharmacist_id, &[Role::Pharmacist]);
    let before = o.audit_rows().await;
    for who in [&o.physio, &pharmacist] {
        let chart = alhayat::records::chart_disclosures(o.store(), who, o.adult).await.unwrap();
        assert_eq!(chart.len(), 1);
        let d = &chart[0];
        assert_eq!(
            (d.recipient.as_str(), d.purpose, d.disclosed_on.as_str(), &d.details),
            ("Lahore High Court", DisclosurePurpose::Legal, all[0].disclosed_on.as_str(), &None),
            "{:?}",
            who.roles
        );
        let json = serde_json::to_string(&chart).unwrap();
        for hidden in ["Psychology", "psychologist", "Court order", "Nadia"] {
            assert!(!json.contains(hidden), "{hidden:?} shown to {:?}: {json}", who.roles);
        }
        // Each read is audited: the patient, and what was shown, never the text.
        let (action, entity, id, patient, summary) = o.last_audit().await;
        assert_eq!(
            (action.as_str(), entity.as_str(), id, patient),
            ("view", "disclosures", Some(o.adult.to_string()), Some(o.adult))
        );
        assert_eq!(summary, "chart disclosures, 1 shown, recipient, purpose and date only");
    }
    assert_eq!(o.audit_rows().await, before + 2);
    // A clinician who is also the privacy officer reads the register's free text there too.
    let both = actor(pharmacist_id, &[Role::Pharmacist, Role::PrivacyOfficer]);
    let chart = alhayat::records::chart_disclosures(o.store(), &both, o.adult).await.unwrap();
    let details = chart[0].details.as_ref().expect("the officer reads what and why");
    assert_eq!(
        (details.what.as_str(), details.reason.as_str(), details.recorded_by_name.as_str()),
        (
            "Psychology notes of 2026",
            "Court order 123/2026 about the psychologist's assessment",
            "Nadia Hussain"
        )
    );
    assert!(o.last_audit().await.4.ends_with("with what and why"));
    // A refusal shows nothing and is not a view.
    let before = o.audit_rows().await;
    assert_eq!(
        alhayat::records::chart_disclosures(o.store(), &o.desk, o.adult).await.unwrap_err().kind(),
        "forbidden"
    );
    assert_eq!(o.audit_rows().await, before);
}

#[tokio::test]
async fn an_accepted_correction_lists_who_to_tell_and_a_refused_one_keeps_the_statement() {
    let o = office().await;
    let care = disclosure(&o, DisclosurePurpose::CareTeam, "Dr. Kamran Ali, Services Hospital");
    rights::record_disclosure(o.store(), &o.po, care, o.now).await.unwrap();
    let r =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Correction), o.now).await.unwrap();
    o.to_in_progress(&r).await;
    // A change that belongs to another patient, or none at all, is refused.
    let other_change: i64 =
        sqlx::query_scalar("SELECT count(*) FROM patient_changes").fetch_one(o.store().pool()).await.unwrap();
    let wrong = CorrectionAccepted {
        change: "Phone corrected".into(),
        amended: AmendedRecord { entity: AmendedEntity::PatientDetails, id: other_change + 100 },
    };
    let input = FulfilInput { correction: Some(wrong.clone()), ..Default::default() };
    let e = rights::fulfil(o.store(), &o.po, r.id, input, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("correction.amended.id"));
    let e = rights::fulfil(o.store(), &o.po, r.id, FulfilInput::default(), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("correction.change"));
    let note = CorrectionAccepted { amended: AmendedRecord { entity: AmendedEntity::Note, id: 1 }, ..wrong };
    let input = FulfilInput { correction: Some(note), ..Default::default() };
    assert_eq!(
        rights::fulfil(o.store(), &o.po, r.id, input, o.now).await.unwrap_err().field(),
        Some("correction.amended.id"),
        "no such note for this patient"
    );

    let p = patients::get(o.store(), &o.desk, o.adult).await.unwrap();
    let mut edit = crate::patients::adult(&p.full_name, &p.birth_date);
    edit.name_ur = p.name_ur.clone();
    edit.phone = Some("0300-2222222".into());
    patients::update(o.store(), &o.desk, o.adult, edit).await.unwrap();
    let change: i64 = sqlx::query_scalar("SELECT max(id) FROM patient_changes WHERE patient_id = ?1")
        .bind(o.adult)
        .fetch_one(o.store().pool())
        .await
        .unwrap();
    let accepted = CorrectionAccepted {
        change: "Phone number corrected".into(),
        amended: AmendedRecord { entity: AmendedEntity::PatientDetails, id: change },
    };
    let done = rights::fulfil(
        o.store(),
        &o.po,
        r.id,
        FulfilInput { correction: Some(accepted), ..Default::default() },
        o.now,
    )
    .await
    .unwrap();
    let told: Vec<&str> = done.recipients_to_tell.iter().map(|d| d.recipient.as_str()).collect();
    assert_eq!(told, ["Dr. Kamran Ali, Services Hospital"]);
    assert_eq!(done.request.outcome_details.as_deref(), Some("Phone number corrected"));
    let stored: (String, String, i64) = sqlx::query_as(
        "SELECT change, amended_entity, amended_id FROM rights_corrections WHERE request_id = ?1",
    )
    .bind(r.id)
    .fetch_one(o.store().pool())
    .await
    .unwrap();
    assert_eq!(stored, ("Phone number corrected".into(), "patient_details".into(), change));

    // A second correction, refused, with the patient's statement of disagreement.
    let r2 =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Correction), o.now).await.unwrap();
    let before = o.audit_rows().await;
    let statement = "I was never diagnosed with this condition and want my disagreement on record.";
    let refused = RefuseInput {
        reason: "The diagnosis was made by the treating psychologist.".into(),
        statement: Some(statement.into()),
        disputes: None,
    };
    // A statement says what it disputes, so that it goes with that record.
    let e = rights::refuse(o.store(), &o.po, r2.id, refused.clone(), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("disputes"));
    assert_eq!(o.audit_rows().await, before, "nothing half-saved");
    let refused = RefuseInput { disputes: Some(DisputedRecord::Conditions), ..refused };
    rights::refuse(o.store(), &o.po, r2.id, refused, o.now).await.unwrap();
    assert_eq!(o.audit_rows().await, before + 1, "the refusal and its statement are one step");
    assert!(!o.last_audit().await.4.contains("diagnosed"), "no statement text in the audit trail");
    let mut conn = o.store().pool().acquire().await.unwrap();
    let kept = rights::statements_of(&mut conn, o.adult).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].text.as_str(), kept[0].request_id), (statement, Some(r2.id)));
    assert!(rights::statements_of(&mut conn, o.child).await.unwrap().is_empty());
    drop(conn);

    // Attached to the record: every later copy prints it, the child's has none.
    let words = |file: &alhayat::scheduling::ExportFile| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.pdf");
        std::fs::write(&path, &file.bytes).unwrap();
        super::fulfilment::pdf_text(path.to_str().unwrap())
    };
    let care = alhayat::records::ExportPurpose::Care;
    let copy = alhayat::records::record_pdf(o.store(), &o.physio, o.adult, care).await.unwrap();
    let text = words(&copy);
    assert!(text.contains("The patient disagrees with this record") && text.contains(statement), "{text}");
    assert!(text.contains("about the problems"), "{text}");
    let child = alhayat::records::record_pdf(o.store(), &o.physio, o.child, care).await.unwrap();
    assert!(!words(&child).contains("disagrees"));
}

/// Refuses a new correction request of the adult with `statement` about `disputes`.
async fn refused_with(o: &Office, statement: &str, disputes: DisputedRecord) {
    let r =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Correction), o.now).await.unwrap();
    let refused = RefuseInput {
        reason: "The record is correct.".into(),
        statement: Some(statement.into()),
        disputes: Some(disputes),
    };
    rights::refuse(o.store(), &o.po, r.id, refused, o.now).await.unwrap();
}

#[tokio::test]
async fn a_statement_about_a_psychology_note_is_printed_only_where_psychology_is() {
    let o = office().await;
    let pharmacist =
        actor(add_staff(o.store(), "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await, &[Role::Pharmacist]);
    let psych = actor(
        add_staff(o.store(), "ayesha", "Dr. Ayesha Siddiqui", &[Role::Psychologist]).await,
        &[Role::Psychologist],
    );
    let about_note = "The psychologist wrote that I had panic attacks at work; I never did.";
    refused_with(&o, about_note, DisputedRecord::Psychology).await;
    let about_me = "My father's name is spelt Riyaz, not Riaz.";
    refused_with(&o, about_me, DisputedRecord::PatientDetails).await;
    // One from before statements said what they dispute: nobody can tell whose it is.
    let unknown = "An old statement whose subject was never recorded.";
    sqlx::query(
        "INSERT INTO patient_statements (patient_id, text, received_at, recorded_by)
         VALUES (?1, ?2, '2026-11-01T05:00:00Z', (SELECT id FROM staff WHERE username = 'nadia'))",
    )
    .bind(o.adult)
    .bind(unknown)
    .execute(o.store().pool())
    .await
    .unwrap();

    let text_of = |bytes: &[u8]| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.pdf");
        std::fs::write(&path, bytes).unwrap();
        super::fulfilment::pdf_text(path.to_str().unwrap())
    };
    let care = alhayat::records::ExportPurpose::Care;
    for who in [&pharmacist, &o.physio] {
        let copy = alhayat::records::record_pdf(o.store(), who, o.adult, care).await.unwrap();
        let text = text_of(&copy.bytes);
        assert!(
            !text.contains("panic attacks") && !text.contains("psychology records"),
            "{:?}: {text}",
            who.roles
        );
        assert!(!text.contains("old statement"), "{:?}: {text}", who.roles);
        assert!(text.contains(about_me), "the patient's details go with every copy: {text}");
    }
    let copy = alhayat::records::record_pdf(o.store(), &psych, o.adult, care).await.unwrap();
    let text = text_of(&copy.bytes);
    assert!(text.contains(about_note) && text.contains("about the psychology records"), "{text}");
    assert!(text.contains(about_me) && !text.contains("old statement"), "{text}");

    // The patient's own copy (access, portability) holds every one.
    let mut conn = o.store().pool().acquire().await.unwrap();
    let letterhead = alhayat::clinic::letterhead(o.store()).await.unwrap();
    let (_, own) = alhayat::portability::record_copy(&mut conn, letterhead, o.adult, o.po.staff_id, o.now)
        .await
        .unwrap();
    drop(conn);
    let text = text_of(&alhayat::export::record::record_pdf(&own).unwrap());
    for all in [about_note, about_me, unknown] {
        assert!(text.contains(all), "{all:?} missing from the patient's own copy: {text}");
    }
}
