//! What notes and emergency access refuse: bad input in words naming the field with
//! nothing saved, and a psychology note to a physiotherapist until the glass is broken
//! and again once the grant has run out.

use super::*;

fn kind_and_message(e: AppError) -> (&'static str, Option<String>, String) {
    (e.kind(), e.field().map(str::to_string), e.to_string())
}

#[tokio::test]
async fn bad_input_is_refused_in_words_naming_the_field_and_nothing_is_saved() {
    let w = ward().await;
    let s = w.store();
    let p = w.d.patients[0];
    let signed = w.signed(&w.bilal, 0, w.physio_t, &[("subjective", "Stiff neck")]).await;
    let draft = records::start_note(s, &w.bilal, p, w.physio_t, None).await.unwrap();
    let good = text(&[("subjective", "Better today"), ("pain", "3")]);
    records::save_draft(s, &w.bilal, draft.summary.id, good.clone()).await.unwrap();
    let kept = w.raw(draft.summary.id).await;
    let theirs =
        scheduling::book(s, &w.d.desk, w.d.booking(1, w.d.bilal, w.d.room1, &at(monday(1), 0, "10:00")))
            .await
            .unwrap();
    let big = "x".repeat(1_000_000);
    let with = |k: &str, v: &str| {
        let mut c = good.clone();
        c.insert(k.into(), v.into());
        c
    };

    let did = draft.summary.id;
    let sid = signed.summary.id;
    type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>> + 'a>>;
    let cases: Vec<(&str, Call, &str, Option<&str>, &str)> = vec![
        (
            "an amendment to a draft",
            Box::pin(async { records::amend_note(s, &w.bilal, did, "Typo in the plan").await.map(|_| ()) }),
            "conflict",
            None,
            "sign it or keep editing it",
        ),
        (
            "signing twice",
            Box::pin(async { records::sign_note(s, &w.bilal, sid).await.map(|_| ()) }),
            "conflict",
            None,
            "already signed",
        ),
        (
            "a 1 MB note",
            Box::pin(async { records::save_draft(s, &w.bilal, did, with("plan", &big)).await.map(|_| ()) }),
            "validation",
            Some("content"),
            "too long to save: 1,000,013 characters",
        ),
        (
            "an unknown section",
            Box::pin(async {
                records::save_draft(s, &w.bilal, did, with("diagnosis", "Sprain")).await.map(|_| ())
            }),
            "validation",
            Some("content"),
            "“Physiotherapy session” does not have",
        ),
        (
            "a pain score of 11",
            Box::pin(async { records::save_draft(s, &w.bilal, did, with("pain", "11")).await.map(|_| ()) }),
            "validation",
            Some("content.pain"),
            "Pain score (0–10)” is a whole number from 0 to 10",
        ),
        (
            "a pain score of \"ten\"",
            Box::pin(async { records::save_draft(s, &w.bilal, did, with("pain", "ten")).await.map(|_| ()) }),
            "validation",
            Some("content.pain"),
            "whole number from 0 to 10",
        ),
        (
            "an empty reason for emergency access",
            Box::pin(async { records::break_glass(s, &w.bilal, p, "  ").await.map(|_| ()) }),
            "validation",
            Some("reason"),
            "at least 10 characters",
        ),
        (
            "an empty reason for an amendment",
            Box::pin(async { records::amend_note(s, &w.bilal, sid, " ").await.map(|_| ()) }),
            "validation",
            Some("reason"),
            "reason for the amendment is required",
        ),
        (
            "a note for another patient's appointment",
            Box::pin(async {
                records::start_note(s, &w.bilal, p, w.physio_t, Some(theirs.id)).await.map(|_| ())
            }),
            "validation",
            Some("appointment_id"),
            "another patient's",
        ),
        (
            "a note for no appointment at all",
            Box::pin(async {
                records::start_note(s, &w.bilal, p, w.physio_t, Some(9_999)).await.map(|_| ())
            }),
            "validation",
            Some("appointment_id"),
            "does not exist",
        ),
        (
            "someone else's draft",
            Box::pin(async { records::save_draft(s, &w.sara, did, good.clone()).await.map(|_| ()) }),
            "forbidden",
            None,
            "Only the note's author",
        ),
        (
            "signing an empty note",
            Box::pin(async {
                let empty = records::start_note(s, &w.bilal, w.d.patients[2], w.physio_t, None).await?;
                records::sign_note(s, &w.bilal, empty.summary.id).await.map(|_| ())
            }),
            "validation",
            Some("content"),
            "at least one section",
        ),
        (
            "a template that does not exist",
            Box::pin(async { records::start_note(s, &w.bilal, p, 999, None).await.map(|_| ()) }),
            "validation",
            Some("template_id"),
            "Choose a note template",
        ),
    ];
    for (label, call, kind, field, words) in cases {
        let before = w.counts().await;
        let (k, f, message) = kind_and_message(call.await.unwrap_err());
        assert_eq!((k, f.as_deref()), (kind, field), "{label}: {message}");
        assert!(message.contains(words), "{label}: {message:?} lacks {words:?}");
        let after = w.counts().await;
        // Starting the empty note is the one write in this list; its refusal to sign is not.
        if label == "signing an empty note" {
            assert_eq!((after.0, after.1), (before.0 + 1, before.1 + 1), "{label}");
        } else {
            assert_eq!(after, before, "{label}: nothing saved, nothing audited");
        }
        assert_eq!(w.raw(did).await, kept, "{label}: the draft as it was");
    }
    // An unknown section alongside good ones saves none of them.
    assert_eq!(section(&records::get_note(s, &w.bilal, did).await.unwrap(), "subjective"), "Better today");
}

#[tokio::test]
async fn breaking_the_glass_opens_a_psychology_note_for_four_hours_and_says_so() {
    let w = ward().await;
    let s = w.store();
    let p = w.d.patients[0];
    let psych = w.signed(&w.ayesha, 0, w.psych_t, &[("risk_assessment", "No current risk")]).await;
    let id = psych.summary.id;
    assert_eq!(records::get_note(s, &w.bilal, id).await.unwrap_err().kind(), "forbidden");
    assert!(records::emergency_status(s, &w.bilal, p).await.unwrap().is_none());
    for (who, role) in
        [(&w.d.desk, "reception"), (&w.d.admin, "administrator"), (&w.nadia, "privacy officer")]
    {
        let e = records::break_glass(s, who, p, "Patient collapsed at the desk").await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{role}");
    }
    let e = records::break_glass(s, &w.bilal, 9_999, "Patient collapsed at the desk").await.unwrap_err();
    assert_eq!(e.kind(), "not_found");

    let reason = "Patient collapsed in the gym; checking for risk notes";
    let grant = records::break_glass(s, &w.bilal, p, reason).await.unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(&grant.expires_at).unwrap();
    let hours = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!((235..=240).contains(&hours), "four hours from now: {hours} minutes");
    let (action, entity, _, patient, summary) = w.last_audit().await;
    assert_eq!(
        (action.as_str(), entity.as_str(), patient),
        ("emergency_access", "emergency_access", Some(p))
    );
    assert!(summary.contains(&format!("patient {p}")) && !summary.contains("collapsed"), "{summary}");
    assert_eq!(records::emergency_status(s, &w.bilal, p).await.unwrap(), Some(grant.clone()));
    assert!(records::emergency_status(s, &w.sara, p).await.unwrap().is_none(), "the grant is personal");
    assert!(records::emergency_status(s, &w.bilal, w.d.patients[1]).await.unwrap().is_none(), "one patient");

    let opened = records::get_note(s, &w.bilal, id).await.unwrap();
    assert_eq!(section(&opened, "risk_assessment"), "No current risk");
    let (action, entity, entity_id, patient, summary) = w.last_audit().await;
    assert_eq!(
        (action.as_str(), entity.as_str(), entity_id, patient, summary.as_str()),
        ("emergency_access", "note", Some(id.to_string()), Some(p), "note viewed under emergency access")
    );
    let listed = records::notes_of(s, &w.bilal, p, None).await.unwrap();
    assert_eq!(listed.iter().map(|n| n.id).collect::<Vec<_>>(), [id]);
    assert_eq!(w.last_audit().await.4, "notes listed under emergency access");
    // It reads; it does not write someone else's discipline.
    assert_eq!(records::start_note(s, &w.bilal, p, w.psych_t, None).await.unwrap_err().kind(), "forbidden");
    assert_eq!(
        records::amend_note(s, &w.bilal, id, "Risk section incomplete").await.unwrap_err().kind(),
        "forbidden"
    );
    // The bulk readers see through the same grant.
    let mut conn = s.pool().acquire().await.unwrap();
    let sight = Sight::of(&mut conn, &w.bilal, p).await.unwrap();
    assert_eq!(records::visible_notes(&mut conn, &sight, p).await.unwrap().len(), 1);
    drop(conn);

    // Four hours later.
    sqlx::query(
        "UPDATE emergency_access SET granted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 hours'),
                                     expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hours')",
    )
    .execute(s.pool())
    .await
    .unwrap();
    assert!(records::emergency_status(s, &w.bilal, p).await.unwrap().is_none());
    let before = w.d.count("audit_log").await;
    assert_eq!(records::get_note(s, &w.bilal, id).await.unwrap_err().kind(), "forbidden");
    assert_eq!(
        records::notes_of(s, &w.bilal, p, Some(Discipline::Psychology)).await.unwrap_err().kind(),
        "forbidden"
    );
    assert!(records::notes_of(s, &w.bilal, p, None).await.unwrap().is_empty(), "hidden again");
    assert_eq!(w.d.count("audit_log").await, before + 1, "only the allowed listing is audited");
    assert_eq!(w.last_audit().await.0, "view");
}
