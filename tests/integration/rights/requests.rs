//! Requests through their steps, refusals of wrong steps and bad input, the guardian
//! rule, due dates and the dashboard.

use alhayat::patients::{self, ObjectionPurpose};
use alhayat::rights::{
    self, AmendedEntity, AmendedRecord, CorrectionAccepted, FulfilInput, RefuseInput, RequestKind,
    RequestState, RequestedBy,
};
use chrono::Duration;

use super::{office, Office};

async fn events(o: &Office, id: i64) -> Vec<(Option<String>, String)> {
    let d = rights::get_request(o.store(), &o.po, id).await.unwrap();
    d.events.into_iter().map(|e| (e.from_state, e.to_state)).collect()
}

/// A demographic change made the usual way, for a correction to point at.
async fn change_city(o: &Office) -> i64 {
    let p = patients::get(o.store(), &o.desk, o.adult).await.unwrap();
    let mut input = crate::patients::adult(&p.full_name, &p.birth_date);
    input.name_ur = p.name_ur.clone();
    input.city = Some("Karachi".into());
    patients::update(o.store(), &o.desk, o.adult, input).await.unwrap();
    sqlx::query_scalar("SELECT max(id) FROM patient_changes WHERE patient_id = ?1 AND field = 'city'")
        .bind(o.adult)
        .fetch_one(o.store().pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn each_kind_goes_through_its_steps_with_one_audit_row_per_step() {
    let o = office().await;
    let change = change_city(&o).await;
    for kind in RequestKind::ALL {
        let before = o.audit_rows().await;
        let r = rights::record_request(o.store(), &o.po, o.request(kind), o.now).await.unwrap();
        assert_eq!(r.state, RequestState::Received);
        assert_eq!(r.due_on, o.days(30), "default due date");
        assert_eq!(r.requester_name, "Amna Riaz");
        assert_eq!(o.audit_rows().await, before + 1, "{kind:?} recorded");
        let (action, entity, id, patient, summary) = o.last_audit().await;
        assert_eq!((action.as_str(), entity.as_str()), ("create", "rights_request"));
        assert_eq!((id, patient), (Some(r.id.to_string()), Some(o.adult)));
        assert!(!summary.contains("Amna") && !summary.contains("آمنہ"), "{summary}");

        o.to_in_progress(&r).await;
        assert_eq!(o.audit_rows().await, before + 3, "{kind:?} verified and started");
        let input = match kind {
            RequestKind::Objection => FulfilInput {
                objection_purposes: vec![ObjectionPurpose::Sharing, ObjectionPurpose::Reminders],
                ..FulfilInput::default()
            },
            RequestKind::Correction => FulfilInput {
                correction: Some(CorrectionAccepted {
                    change: "City corrected from Lahore to Karachi".into(),
                    amended: AmendedRecord { entity: AmendedEntity::PatientDetails, id: change },
                }),
                ..FulfilInput::default()
            },
            _ => {
                FulfilInput { outcome_details: "Sent by hand at the desk.".into(), ..FulfilInput::default() }
            }
        };
        let done = rights::fulfil(o.store(), &o.po, r.id, input, o.now).await.unwrap();
        assert_eq!(done.request.state, RequestState::Fulfilled);
        assert!(done.request.closed_at.is_some());
        assert_eq!(o.audit_rows().await, before + 4, "{kind:?} fulfilled");
        let (action, _, _, _, summary) = o.last_audit().await;
        assert_eq!(action, "update");
        assert!(summary.ends_with("in_progress -> fulfilled") || summary.contains("; "), "{summary}");
        assert!(!summary.contains("Karachi") && !summary.contains("Amna"), "{summary}");
        assert_eq!(
            events(&o, r.id).await,
            [
                (None, "received".to_string()),
                (Some("received".into()), "identity_verified".into()),
                (Some("identity_verified".into()), "in_progress".into()),
                (Some("in_progress".into()), "fulfilled".into()),
            ]
        );
        let detail = rights::get_request(o.store(), &o.po, r.id).await.unwrap().request;
        assert_eq!(detail.identity_method, Some(rights::IdentityMethod::CnicSeen));
        match kind {
            RequestKind::Objection => {
                let mut conn = o.store().pool().acquire().await.unwrap();
                for p in [ObjectionPurpose::Sharing, ObjectionPurpose::Reminders] {
                    assert!(patients::objects_to(&mut conn, o.adult, p).await.unwrap(), "{p:?}");
                }
                assert!(!patients::objects_to(&mut conn, o.adult, ObjectionPurpose::Statistics)
                    .await
                    .unwrap());
                assert!(summary.contains("objections "), "{summary}");
                assert_eq!(
                    detail.outcome_details.as_deref(),
                    Some("Objections recorded: sharing outside the care team, appointment reminders.")
                );
            }
            RequestKind::Correction => {
                assert!(summary.contains(&format!("amended patient_details {change}")), "{summary}");
                assert!(done.recipients_to_tell.is_empty(), "no disclosures yet");
            }
            _ => assert_eq!(detail.outcome_details.as_deref(), Some("Sent by hand at the desk.")),
        }
    }
    // A closed request does not block a new one of the same kind; this one is refused.
    let r = rights::record_request(o.store(), &o.po, o.request(RequestKind::Access), o.now).await.unwrap();
    let before = o.audit_rows().await;
    let refused = RefuseInput {
        reason: "The requester could not prove who they are.".into(),
        statement: None,
        disputes: None,
    };
    let r = rights::refuse(o.store(), &o.po, r.id, refused, o.now).await.unwrap();
    assert_eq!(r.state, RequestState::Refused);
    assert_eq!(r.refusal_reason.as_deref(), Some("The requester could not prove who they are."));
    assert_eq!(o.audit_rows().await, before + 1);
}

#[tokio::test]
async fn wrong_steps_and_bad_outcomes_are_refused_and_leave_nothing_behind() {
    let o = office().await;
    let r = rights::record_request(o.store(), &o.po, o.request(RequestKind::Objection), o.now).await.unwrap();
    let before = o.audit_rows().await;
    let e = rights::fulfil(o.store(), &o.po, r.id, FulfilInput::default(), o.now).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert!(e.to_string().contains("identity must be verified"), "{e}");
    let e = rights::start_work(o.store(), &o.po, r.id, String::new(), o.now).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    let blank = rights::IdentityCheck { method: rights::IdentityMethod::Other, notes: "  ".into() };
    let e = rights::verify_identity(o.store(), &o.po, r.id, blank, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("notes"));
    o.to_in_progress(&r).await;
    let before_steps = o.audit_rows().await;
    assert_eq!(before_steps, before + 2, "the refused steps wrote nothing");
    // An objection needs its purposes; other kinds may not carry them.
    let e = rights::fulfil(o.store(), &o.po, r.id, FulfilInput::default(), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("objection_purposes"));
    let access =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Access), o.now).await.unwrap();
    o.to_in_progress(&access).await;
    let with_purposes =
        FulfilInput { objection_purposes: vec![ObjectionPurpose::Statistics], ..FulfilInput::default() };
    let e = rights::fulfil(o.store(), &o.po, access.id, with_purposes, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("objection_purposes"));
    let after = o.audit_rows().await;
    // A refusal needs its reason; a statement only goes with a correction.
    let e = rights::refuse(o.store(), &o.po, r.id, RefuseInput::default(), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    let stmt =
        RefuseInput { reason: "Unfounded".into(), statement: Some("I disagree".into()), disputes: None };
    let e = rights::refuse(o.store(), &o.po, r.id, stmt, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("statement"));
    assert_eq!(o.audit_rows().await, after);
    assert_eq!(events(&o, r.id).await.len(), 3, "received, verified, in progress only");
    let mut conn = o.store().pool().acquire().await.unwrap();
    assert!(!patients::objects_to(&mut conn, o.adult, ObjectionPurpose::Statistics).await.unwrap());
    drop(conn);
    // Once closed, nothing moves.
    let reason = RefuseInput { reason: "Withdrawn by the patient".into(), statement: None, disputes: None };
    rights::refuse(o.store(), &o.po, r.id, reason.clone(), o.now).await.unwrap();
    let e = rights::refuse(o.store(), &o.po, r.id, reason, o.now).await.unwrap_err();
    assert!(e.to_string().contains("already refused"), "{e}");
    let e = rights::fulfil(o.store(), &o.po, 9999, FulfilInput::default(), o.now).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
}

#[tokio::test]
async fn only_the_privacy_officer_works_the_register() {
    let o = office().await;
    // The administrator runs the system and sees no patient records.
    for who in [&o.desk, &o.physio, &o.admin] {
        let e =
            rights::record_request(o.store(), who, o.request(RequestKind::Access), o.now).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden");
        assert_eq!(rights::dashboard(o.store(), who, o.now).await.unwrap_err().kind(), "forbidden");
        assert_eq!(rights::list_requests(o.store(), who, None).await.unwrap_err().kind(), "forbidden");
        assert_eq!(rights::set_due_days(o.store(), who, 20).await.unwrap_err().kind(), "forbidden");
    }
    let r = rights::record_request(o.store(), &o.po, o.request(RequestKind::Access), o.now).await.unwrap();
    let e = rights::refuse(
        o.store(),
        &o.desk,
        r.id,
        RefuseInput { reason: "x".into(), statement: None, disputes: None },
        o.now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    assert_eq!(rights::list_requests(o.store(), &o.po, Some(o.adult)).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_childs_request_comes_only_from_a_guardian_on_record() {
    let o = office().await;
    let child = |by, guardian| rights::RequestInput {
        patient_id: o.child,
        requested_by: by,
        guardian_id: guardian,
        ..o.request(RequestKind::Deletion)
    };
    let e =
        rights::record_request(o.store(), &o.po, child(RequestedBy::Patient, None), o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("requested_by"));
    assert!(e.to_string().contains("under 13"), "{e}");
    let e = rights::record_request(o.store(), &o.po, child(RequestedBy::Guardian, None), o.now)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("guardian_id"));
    let stranger = child(RequestedBy::Guardian, Some(o.guardian + 1000));
    let e = rights::record_request(o.store(), &o.po, stranger, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("guardian_id"));
    assert!(e.to_string().contains("not on record as the patient's guardian"), "{e}");
    // The child's guardian is not the adult patient's guardian.
    let other = rights::RequestInput {
        requested_by: RequestedBy::Guardian,
        guardian_id: Some(o.guardian),
        ..o.request(RequestKind::Access)
    };
    let e = rights::record_request(o.store(), &o.po, other, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("guardian_id"));
    let e = rights::record_request(o.store(), &o.po, child(RequestedBy::Patient, Some(o.guardian)), o.now)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("guardian_id"));
    let r = rights::record_request(o.store(), &o.po, child(RequestedBy::Guardian, Some(o.guardian)), o.now)
        .await
        .unwrap();
    assert_eq!((r.requested_by, r.requester_name.as_str()), (RequestedBy::Guardian, "Tariq Mehmood"));
    assert_eq!(r.patient_name, "Zara Tariq");
}

#[tokio::test]
async fn due_dates_default_from_the_setting_and_bad_input_names_its_field() {
    let o = office().await;
    let with = |f: &dyn Fn(&mut rights::RequestInput)| {
        let mut r = o.request(RequestKind::Portability);
        f(&mut r);
        r
    };
    let cases: Vec<(rights::RequestInput, &str)> = vec![
        (with(&|r| r.kind = "complaint".into()), "kind"),
        (with(&|r| r.received_on = "01/12/2026".into()), "received_on"),
        (with(&|r| r.received_on = o.days(1)), "received_on"),
        (with(&|r| r.due_on = "2026-02-30".into()), "due_on"),
        (with(&|r| r.due_on = o.days(-1)), "due_on"),
        (with(&|r| (r.received_on, r.due_on) = (o.days(-10), o.days(-11))), "due_on"),
        // Received 40 days ago: the default due date has passed.
        (with(&|r| r.received_on = o.days(-40)), "due_on"),
        (with(&|r| r.details = "x".repeat(2001)), "details"),
        (with(&|r| r.details = "bad\u{7}bell".into()), "details"),
    ];
    let before = o.audit_rows().await;
    for (input, field) in cases {
        let e = rights::record_request(o.store(), &o.po, input, o.now).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{e}");
    }
    let missing = with(&|r| r.patient_id = 424242);
    assert_eq!(
        rights::record_request(o.store(), &o.po, missing, o.now).await.unwrap_err().kind(),
        "not_found"
    );
    assert_eq!(o.audit_rows().await, before, "nothing written for bad input");

    assert_eq!(rights::get_due_days(o.store(), &o.po).await.unwrap(), 30);
    assert_eq!(rights::set_due_days(o.store(), &o.po, 0).await.unwrap_err().field(), Some("rights_due_days"));
    rights::set_due_days(o.store(), &o.po, 14).await.unwrap();
    let r =
        rights::record_request(o.store(), &o.po, with(&|r| r.received_on = o.days(-3)), o.now).await.unwrap();
    assert_eq!((r.received_on.as_str(), r.due_on.as_str()), (o.days(-3).as_str(), o.days(11).as_str()));
    let e = rights::record_request(o.store(), &o.po, o.request(RequestKind::Portability), o.now)
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.field()), ("conflict", Some("kind")));
    assert!(e.to_string().contains(&format!("number {}", r.id)), "{e}");
    let on_day = with(&|r| (r.kind, r.due_on) = ("access".into(), o.days(0)));
    assert_eq!(rights::record_request(o.store(), &o.po, on_day, o.now).await.unwrap().due_on, o.days(0));
}

#[tokio::test]
async fn the_dashboard_lists_open_requests_by_due_date_and_flags_overdue_on_a_set_clock() {
    let o = office().await;
    let due = |kind: RequestKind, due: i64| rights::RequestInput { due_on: o.days(due), ..o.request(kind) };
    let access = rights::record_request(o.store(), &o.po, due(RequestKind::Access, 5), o.now).await.unwrap();
    let deletion =
        rights::record_request(o.store(), &o.po, due(RequestKind::Deletion, 2), o.now).await.unwrap();
    let objection =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Objection), o.now).await.unwrap();
    let old = rights::RequestInput { received_on: o.days(-35), ..due(RequestKind::Portability, 1) };
    let portability = rights::record_request(o.store(), &o.po, old, o.now).await.unwrap();
    let closed =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Correction), o.now).await.unwrap();
    rights::refuse(
        o.store(),
        &o.po,
        closed.id,
        RefuseInput { reason: "Duplicate".into(), statement: None, disputes: None },
        o.now,
    )
    .await
    .unwrap();

    let d = rights::dashboard(o.store(), &o.po, o.now).await.unwrap();
    let open: Vec<(i64, i64, bool)> = d.open.iter().map(|r| (r.request.id, r.days_left, r.overdue)).collect();
    assert_eq!(
        open,
        [
            (portability.id, 1, false),
            (deletion.id, 2, false),
            (access.id, 5, false),
            (objection.id, 30, false)
        ]
    );
    assert_eq!(d.today, o.days(0));

    let later = o.now + Duration::days(4);
    let d = rights::dashboard(o.store(), &o.po, later).await.unwrap();
    let open: Vec<(i64, i64, bool)> = d.open.iter().map(|r| (r.request.id, r.days_left, r.overdue)).collect();
    assert_eq!(
        open,
        [
            (portability.id, -3, true),
            (deletion.id, -2, true),
            (access.id, 1, false),
            (objection.id, 26, false)
        ]
    );

    // On the due date itself a request is not yet overdue; the day after, it is.
    let on_due = rights::dashboard(o.store(), &o.po, o.now + Duration::days(5)).await.unwrap();
    let access_row = on_due.open.iter().find(|r| r.request.id == access.id).unwrap();
    assert_eq!((access_row.days_left, access_row.overdue), (0, false));
    let after_due = rights::dashboard(o.store(), &o.po, o.now + Duration::days(6)).await.unwrap();
    let access_row = after_due.open.iter().find(|r| r.request.id == access.id).unwrap();
    assert_eq!((access_row.days_left, access_row.overdue), (-1, true));

    let this_month = &o.days(0)[..7];
    let mut counts: Vec<(String, RequestKind, u32)> =
        d.counts.iter().map(|c| (c.month.clone(), c.kind, c.count)).collect();
    counts.retain(|c| c.0 == this_month);
    let kinds: Vec<RequestKind> = counts.iter().map(|c| c.1).collect();
    assert!(kinds.contains(&RequestKind::Access) && kinds.contains(&RequestKind::Correction), "{counts:?}");
    assert!(counts.iter().all(|c| c.2 == 1), "{counts:?}");
    let old_month = &o.days(-35)[..7];
    assert!(
        d.counts.iter().any(|c| c.month == old_month && c.kind == RequestKind::Portability && c.count == 1),
        "{:?}",
        d.counts
    );
    assert_eq!(d.counts.iter().map(|c| c.count).sum::<u32>(), 5);
}

#[tokio::test]
async fn a_patient_whose_record_is_erased_gets_no_new_request() {
    let o = office().await;
    // The retention migration adds `erased_at`; add it here when it is not there yet.
    let _ = sqlx::query("ALTER TABLE patients ADD COLUMN erased_at TEXT").execute(o.store().pool()).await;
    rights::record_request(o.store(), &o.po, o.request(RequestKind::Access), o.now).await.unwrap();
    sqlx::query("UPDATE patients SET erased_at = '2026-01-01T00:00:00Z' WHERE id = ?1")
        .bind(o.adult)
        .execute(o.store().pool())
        .await
        .unwrap();
    let e =
        rights::record_request(o.store(), &o.po, o.request(RequestKind::Deletion), o.now).await.unwrap_err();
    assert_eq!((e.kind(), e.field()), ("validation", Some("patient_id")));
    assert!(e.to_string().contains("erased"), "{e}");
    let court = rights::DisclosureInput {
        patient_id: o.adult,
        recipient: "Court".into(),
        purpose: rights::DisclosurePurpose::Legal,
        reason: "Order".into(),
        what: "All".into(),
        disclosed_on: o.days(0),
    };
    let e = rights::record_disclosure(o.store(), &o.po, court, o.now).await.unwrap_err();
    assert_eq!(e.field(), Some("patient_id"));
}
