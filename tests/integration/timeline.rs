//! The treatment timeline on a real store: what each role sees of a patient seen by
//! physiotherapy, psychology and the pharmacy, the filters, paging, and its audit.
//! Notes, dispensings and attachments are written straight into their tables here,
//! as their own services would store them.

use alhayat::auth::{Actor, Role};
use alhayat::measures::{self, Instrument, MeasureInput};
use alhayat::patients::clinic_today;
use alhayat::records::{self, Discipline, EntryKind, TimelineItem, TimelinePage, TimelineQuery};
use alhayat::scheduling;

use crate::scheduling::{at, clinic, monday, Desk};
use crate::support::*;

mod record_pdf;

pub struct Seen {
    pub d: Desk,
    pub bilal: Actor,
    pub sara: Actor,
    pub ayesha: Actor,
    pub pharmacist: Actor,
    pub physio_appointment: i64,
    pub psych_appointment: i64,
    pub physio_note: i64,
    pub physio_amendment: i64,
    pub sara_draft: i64,
    pub bilal_draft: i64,
    pub psych_note: i64,
    pub phq9: i64,
    pub nprs: i64,
    pub dispensing: i64,
    /// Psychology's, physiotherapy's, and one for every clinician.
    pub attachments: [i64; 3],
}

pub struct NoteRow<'a> {
    pub discipline: &'a str,
    pub author: i64,
    pub signed: bool,
    pub content: &'a str,
    pub amends: Option<i64>,
    pub created_at: &'a str,
    pub appointment: Option<i64>,
}

pub async fn insert_note(d: &Desk, patient: i64, n: NoteRow<'_>) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO notes (patient_id, appointment_id, template_id, discipline, author_id, status, content,
                            amends_id, amend_reason, created_at, updated_at, signed_at, content_sha256)
         VALUES (?1, ?2, (SELECT id FROM note_templates WHERE discipline = ?3), ?3, ?4, ?5, ?6, ?7,
                 CASE WHEN ?7 IS NULL THEN NULL ELSE 'wrong side recorded' END, ?8, ?8,
                 CASE WHEN ?5 = 'signed' THEN ?8 END, CASE WHEN ?5 = 'signed' THEN 'sha' END)
         RETURNING id",
    )
    .bind(patient)
    .bind(n.appointment)
    .bind(n.discipline)
    .bind(n.author)
    .bind(if n.signed { "signed" } else { "draft" })
    .bind(n.content)
    .bind(n.amends)
    .bind(n.created_at)
    .fetch_one(d.f.store.pool())
    .await
    .unwrap()
}

async fn insert_attachment(d: &Desk, patient: i64, title: &str, discipline: Option<&str>, at: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO attachments (patient_id, title, file_name, mime, size_bytes, sha256, content, discipline,
                                  uploaded_by, uploaded_at)
         VALUES (?, ?, 'scan.pdf', 'application/pdf', 4, 'sha', x'25504446', ?, ?, ?) RETURNING id",
    )
    .bind(patient)
    .bind(title)
    .bind(discipline)
    .bind(d.bilal)
    .bind(at)
    .fetch_one(d.f.store.pool())
    .await
    .unwrap()
}

pub async fn insert_dispensing(d: &Desk, patient: i64, pharmacist: i64, at: &str) -> i64 {
    let pool = d.f.store.pool();
    let item: i64 = sqlx::query_scalar(
        "INSERT INTO pharmacy_items (name, generic_name, strength, form) VALUES ('Panadol', 'paracetamol', '500 mg', 'tablet')
         ON CONFLICT DO UPDATE SET active = 1 RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let batch: i64 = sqlx::query_scalar(
        "INSERT INTO stock_batches (item_id, batch_no, expires_on, quantity, received_at, received_by)
         VALUES (?, 'B-1', '2028-01-01', 100, '2026-01-01T00:00:00Z', ?)
         ON CONFLICT DO UPDATE SET quantity = quantity RETURNING id",
    )
    .bind(item)
    .bind(pharmacist)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query_scalar(
        "INSERT INTO dispensings (patient_id, item_id, batch_id, quantity, instructions, dispensed_by, dispensed_at)
         VALUES (?, ?, ?, 10, 'One tablet every six hours after food', ?, ?) RETURNING id",
    )
    .bind(patient)
    .bind(item)
    .bind(batch)
    .bind(pharmacist)
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Amna Riaz, seen by physiotherapy and psychology, with a dispensing and three
/// attachments.
pub async fn seen_by_everyone() -> Seen {
    let d = clinic().await;
    let pharmacist_id = add_staff(&d.f.store, "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await;
    let p = d.patients[0];
    let mon = monday(1);
    let physio_appointment =
        scheduling::book(&d.f.store, &d.desk, d.booking(0, d.bilal, d.room1, &at(mon, 0, "10:00")))
            .await
            .unwrap()
            .id;
    let psych_appointment =
        scheduling::book(&d.f.store, &d.desk, d.booking(0, d.ayesha, d.room2, &at(mon, 1, "11:00")))
            .await
            .unwrap()
            .id;
    let note = |discipline, author, signed, created_at, amends, appointment| NoteRow {
        discipline,
        author,
        signed,
        content: r#"{"subjective": "Knee pain on stairs"}"#,
        amends,
        created_at,
        appointment,
    };
    let physio_note = insert_note(
        &d,
        p,
        note("physiotherapy", d.bilal, true, "2026-11-02T05:00:00Z", None, Some(physio_appointment)),
    )
    .await;
    let physio_amendment = insert_note(
        &d,
        p,
        note("physiotherapy", d.bilal, true, "2026-11-03T05:00:00Z", Some(physio_note), None),
    )
    .await;
    let sara_draft =
        insert_note(&d, p, note("physiotherapy", d.sara, false, "2026-11-04T05:00:00Z", None, None)).await;
    let bilal_draft =
        insert_note(&d, p, note("physiotherapy", d.bilal, false, "2026-11-05T05:00:00Z", None, None)).await;
    let psych_note = insert_note(
        &d,
        p,
        NoteRow {
            content: r#"{"presenting_concerns": "Low mood since the accident"}"#,
            ..note("psychology", d.ayesha, true, "2026-11-06T05:00:00Z", None, Some(psych_appointment))
        },
    )
    .await;
    let (bilal, ayesha) = (actor(d.bilal, &[Role::Physiotherapist]), actor(d.ayesha, &[Role::Psychologist]));
    let today = clinic_today().to_string();
    let form = |instrument, items: &[f64]| MeasureInput {
        patient_id: p,
        instrument,
        items: items.to_vec(),
        activities: vec![],
        taken_on: today.clone(),
        appointment_id: None,
    };
    let phq9 = measures::record(&d.f.store, &ayesha, form(Instrument::Phq9, &[1.0; 9])).await.unwrap().id;
    let nprs = measures::record(&d.f.store, &bilal, form(Instrument::Nprs, &[4.0])).await.unwrap().id;
    let dispensing = insert_dispensing(&d, p, pharmacist_id, "2026-11-07T05:00:00Z").await;
    let attachments = [
        insert_attachment(
            &d,
            p,
            "Referral letter from psychiatrist",
            Some("psychology"),
            "2026-11-08T05:00:00Z",
        )
        .await,
        insert_attachment(&d, p, "MRI knee report", Some("physiotherapy"), "2026-11-09T05:00:00Z").await,
        insert_attachment(&d, p, "CNIC copy", None, "2026-11-10T05:00:00Z").await,
    ];
    Seen {
        sara: actor(d.sara, &[Role::Physiotherapist]),
        pharmacist: actor(pharmacist_id, &[Role::Pharmacist]),
        d,
        bilal,
        ayesha,
        physio_appointment,
        psych_appointment,
        physio_note,
        physio_amendment,
        sara_draft,
        bilal_draft,
        psych_note,
        phq9,
        nprs,
        dispensing,
        attachments,
    }
}

fn query(patient_id: i64) -> TimelineQuery {
    TimelineQuery { patient_id, ..Default::default() }
}

fn ids(page: &TimelinePage, kind: EntryKind) -> Vec<i64> {
    let mut v: Vec<i64> = page
        .entries
        .iter()
        .filter_map(|e| match (&e.item, kind) {
            (TimelineItem::Appointment { id, .. }, EntryKind::Appointment)
            | (TimelineItem::Note { id, .. }, EntryKind::Note)
            | (TimelineItem::Measure { id, .. }, EntryKind::Measure)
            | (TimelineItem::Dispensing { id, .. }, EntryKind::Dispensing)
            | (TimelineItem::Attachment { id, .. }, EntryKind::Attachment) => Some(*id),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_physiotherapist_sees_neither_the_psychology_appointment_nor_its_note_or_phq9() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let page = records::timeline(&s.d.f.store, &s.bilal, query(p)).await.unwrap();
    // Appointments follow their discipline: that she sees a psychologist is psychology's.
    assert_eq!(ids(&page, EntryKind::Appointment), [s.physio_appointment]);
    let physio = page
        .entries
        .iter()
        .find(|e| matches!(e.item, TimelineItem::Appointment { id, .. } if id == s.physio_appointment))
        .unwrap();
    match &physio.item {
        TimelineItem::Appointment { practitioner, status, .. } => {
            assert_eq!(practitioner.as_str(), "Dr. Bilal Ahmed");
            assert_eq!(*status, scheduling::Status::Booked);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(physio.discipline, Some(Discipline::Physiotherapy));
    // Signed physiotherapy notes and his own draft; not Dr. Sara's draft, not psychology's note.
    assert_eq!(ids(&page, EntryKind::Note), [s.physio_note, s.physio_amendment, s.bilal_draft]);
    assert_eq!(ids(&page, EntryKind::Measure), [s.nprs]);
    assert_eq!(ids(&page, EntryKind::Dispensing), [s.dispensing]);
    assert_eq!(ids(&page, EntryKind::Attachment), [s.attachments[1], s.attachments[2]]);
    assert!(!page.by_emergency);
    // The original says it was amended, and by which note.
    let original =
        page.entries.iter().find(|e| matches!(e.item, TimelineItem::Note { id, .. } if id == s.physio_note));
    match &original.unwrap().item {
        TimelineItem::Note { amended_by, signed, appointment_id, template_name, author_name, .. } => {
            assert_eq!(
                (*amended_by, *signed, *appointment_id),
                (Some(s.physio_amendment), true, Some(s.physio_appointment))
            );
            assert_eq!(
                (template_name.as_str(), author_name.as_str()),
                ("Physiotherapy session", "Dr. Bilal Ahmed")
            );
        }
        other => panic!("{other:?}"),
    }
    let amendment = page
        .entries
        .iter()
        .find(|e| matches!(e.item, TimelineItem::Note { id, .. } if id == s.physio_amendment));
    assert!(matches!(
        &amendment.unwrap().item,
        TimelineItem::Note { amends: Some(a), amend_reason: Some(r), amended_by: None, .. } if *a == s.physio_note && r == "wrong side recorded"
    ));
    // Nothing of the psychology record's content is in what the physiotherapist gets.
    let json = serde_json::to_string(&page).unwrap();
    for hidden in ["Referral letter", "phq9", "Low mood", "Psychology consultation", "Ayesha", "psychology"] {
        assert!(!json.contains(hidden), "{hidden:?} in {json}");
    }

    // Newest first.
    let ats: Vec<&str> = page.entries.iter().map(|e| e.at.as_str()).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "{ats:?}");

    // Dr. Sara sees the signed notes and her own draft, not Dr. Bilal's.
    let sara = records::timeline(&s.d.f.store, &s.sara, query(p)).await.unwrap();
    assert_eq!(ids(&sara, EntryKind::Note), [s.physio_note, s.physio_amendment, s.sara_draft]);
}

#[tokio::test]
async fn the_psychologist_sees_psychology_and_the_pharmacist_the_medicines() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let page = records::timeline(&s.d.f.store, &s.ayesha, query(p)).await.unwrap();
    assert_eq!(ids(&page, EntryKind::Appointment), [s.psych_appointment]);
    assert_eq!(ids(&page, EntryKind::Note), [s.psych_note]);
    assert_eq!(ids(&page, EntryKind::Measure), [s.phq9]);
    assert_eq!(ids(&page, EntryKind::Attachment), [s.attachments[0], s.attachments[2]]);
    let measure = page.entries.iter().find(|e| matches!(e.item, TimelineItem::Measure { .. })).unwrap();
    assert!(
        matches!(measure.item, TimelineItem::Measure { instrument: Instrument::Phq9, total, risk: true, .. } if total == 9.0)
    );

    let page = records::timeline(&s.d.f.store, &s.pharmacist, query(p)).await.unwrap();
    assert_eq!(ids(&page, EntryKind::Appointment), Vec::<i64>::new(), "no pharmacy visit");
    assert_eq!(ids(&page, EntryKind::Note), Vec::<i64>::new());
    assert_eq!(ids(&page, EntryKind::Measure), Vec::<i64>::new());
    assert_eq!(ids(&page, EntryKind::Dispensing), [s.dispensing]);
    assert_eq!(ids(&page, EntryKind::Attachment), [s.attachments[2]]);
    let dispensing = page.entries.iter().find(|e| matches!(e.item, TimelineItem::Dispensing { .. })).unwrap();
    assert!(
        matches!(&dispensing.item, TimelineItem::Dispensing { medicine, quantity: 10, .. } if medicine == "Panadol 500 mg tablet")
    );
}

#[tokio::test]
async fn reception_the_administrator_and_the_privacy_officer_are_refused() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let privacy = actor(
        add_staff(&s.d.f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await,
        &[Role::PrivacyOfficer],
    );
    for who in [&s.d.desk, &s.d.admin, &privacy] {
        let e = records::timeline(&s.d.f.store, who, query(p)).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{:?}", who.roles);
    }
    assert_eq!(
        records::timeline(&s.d.f.store, &s.bilal, query(999_999)).await.unwrap_err().kind(),
        "not_found"
    );
    let refused: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = 'timeline'")
        .fetch_one(s.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(refused, 0, "a refusal shows nothing, so it is not a view");
}

#[tokio::test]
async fn filters_by_kind_and_discipline_keep_to_what_the_viewer_may_see() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let tl = |who: &Actor, disciplines: Vec<Discipline>, kinds: Vec<EntryKind>| {
        let who = who.clone();
        let store = &s.d.f.store;
        async move { records::timeline(store, &who, TimelineQuery { disciplines, kinds, ..query(p) }).await }
    };
    let notes = tl(&s.bilal, vec![], vec![EntryKind::Note]).await.unwrap();
    assert!(notes.entries.iter().all(|e| matches!(e.item, TimelineItem::Note { .. })));
    assert_eq!(notes.entries.len(), 3);

    // Psychology only, through a physiotherapist's eyes: nothing at all.
    let psych = tl(&s.bilal, vec![Discipline::Psychology], vec![]).await.unwrap();
    assert!(psych.entries.is_empty(), "{psych:?}");
    let psych = tl(&s.ayesha, vec![Discipline::Psychology], vec![]).await.unwrap();
    assert_eq!(psych.entries.len(), 4, "appointment, note, PHQ-9, referral letter: {psych:?}");

    let both = tl(
        &s.ayesha,
        vec![Discipline::Psychology, Discipline::Pharmacy],
        vec![EntryKind::Measure, EntryKind::Dispensing],
    )
    .await
    .unwrap();
    assert_eq!(
        (ids(&both, EntryKind::Measure), ids(&both, EntryKind::Dispensing)),
        (vec![s.phq9], vec![s.dispensing])
    );
    assert_eq!(both.entries.len(), 2);
    let none = tl(&s.bilal, vec![Discipline::Pharmacy], vec![EntryKind::Note]).await.unwrap();
    assert!(none.entries.is_empty());
}

#[tokio::test]
async fn pages_cover_the_whole_timeline_once_and_each_call_is_one_view() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let store = &s.d.f.store;
    let all = records::timeline(store, &s.bilal, query(p)).await.unwrap();
    assert_eq!(all.entries.len(), 8);
    assert_eq!(all.next, None);
    let mut paged = Vec::new();
    let mut before = None;
    let mut calls = 0;
    loop {
        let page = records::timeline(store, &s.bilal, TimelineQuery { before, limit: Some(2), ..query(p) })
            .await
            .unwrap();
        calls += 1;
        assert!(page.entries.len() <= 2);
        paged.extend(page.entries);
        match page.next {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, all.entries, "every entry once, in the same order");
    assert_eq!(calls, 4);

    type View = (String, Option<String>, Option<i64>, Option<i64>, String);
    let views: Vec<View> = sqlx::query_as(
        "SELECT action, entity_id, patient_id, staff_id, summary FROM audit_log WHERE entity = 'timeline' ORDER BY seq",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(views.len(), 1 + calls);
    let pid = p.to_string();
    assert!(views.iter().all(|(a, id, patient, staff, _)| a == "view"
        && id.as_deref() == Some(pid.as_str())
        && *patient == Some(p)
        && *staff == Some(s.d.bilal)));
    assert_eq!(views[1].4, "timeline");
    assert_eq!(views[2].4, "timeline, older entries");

    for bad in [Some(0), Some(2001)] {
        let e =
            records::timeline(store, &s.bilal, TimelineQuery { limit: bad, ..query(p) }).await.unwrap_err();
        assert_eq!(e.field(), Some("limit"));
    }
    let e =
        records::timeline(store, &s.bilal, TimelineQuery { before: Some("yesterday".into()), ..query(p) })
            .await
            .unwrap_err();
    assert_eq!(e.field(), Some("before"));
}

#[tokio::test]
async fn emergency_access_shows_the_sealed_parts_and_says_so() {
    let s = seen_by_everyone().await;
    let p = s.d.patients[0];
    let now = chrono::Utc::now();
    sqlx::query(
        "INSERT INTO emergency_access (patient_id, staff_id, reason, granted_at, expires_at) VALUES (?, ?, 'collapsed', ?, ?)",
    )
    .bind(p)
    .bind(s.d.bilal)
    .bind(alhayat::clock::utc_text(now - chrono::Duration::minutes(1)))
    .bind(alhayat::clock::utc_text(now + chrono::Duration::hours(4)))
    .execute(s.d.f.store.pool())
    .await
    .unwrap();
    let page = records::timeline(&s.d.f.store, &s.bilal, query(p)).await.unwrap();
    assert!(page.by_emergency);
    assert!(ids(&page, EntryKind::Note).contains(&s.psych_note));
    assert!(ids(&page, EntryKind::Measure).contains(&s.phq9));
    assert!(ids(&page, EntryKind::Appointment).contains(&s.psych_appointment));
    // Drafts stay their authors' even then.
    assert!(!ids(&page, EntryKind::Note).contains(&s.sara_draft));
    let summary: String = sqlx::query_scalar("SELECT summary FROM audit_log WHERE entity = 'timeline'")
        .fetch_one(s.d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(summary, "timeline, by emergency access");
}
