//! The reminder queue honours consent per channel and objections, on a real store.

use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, ObjectionPurpose};
use alhayat::reminders::{self, Channel, ReminderTemplate};
use alhayat::scheduling::{self, CancelInput, CancelledBy, Scope};
use alhayat::staff::Language;
use chrono::{DateTime, Duration, Utc};

use crate::scheduling::{at, clinic, monday, person, Desk};

async fn consent(d: &Desk, patient: i64, purpose: ConsentPurpose) -> i64 {
    let c = ConsentInput { purpose, given_by: "the patient".into(), method: ConsentMethod::InPerson };
    let all = patients::record_consent(&d.f.store, &d.desk, patient, c).await.unwrap();
    all.last().unwrap().id
}

fn lines(q: &[reminders::Reminder]) -> Vec<(String, Channel)> {
    q.iter().map(|r| (r.patient_name.clone(), r.channel)).collect()
}

#[tokio::test]
async fn the_queue_follows_consent_per_channel_and_objections() {
    let d = clinic().await;
    let mon = monday(1);
    let book = |patient, practitioner, room, hm: &str| {
        scheduling::book(&d.f.store, &d.desk, d.booking(patient, practitioner, room, &at(mon, 1, hm)))
    };
    let amna = book(0, d.bilal, d.room1, "10:00").await.unwrap();
    let usman = book(1, d.sara, d.room2, "10:00").await.unwrap();
    let _zainab = book(2, d.bilal, d.room1, "11:00").await.unwrap();
    // Reminders go out 24 to 48 hours ahead: "now" is 30 hours before Tuesday 10:00.
    let now: DateTime<Utc> = amna.starts_at.parse::<DateTime<Utc>>().unwrap() - Duration::hours(30);
    let [p_amna, p_usman, _] = [d.patients[0], d.patients[1], d.patients[2]];
    consent(&d, p_amna, ConsentPurpose::RemindersSms).await;
    let whatsapp = consent(&d, p_amna, ConsentPurpose::RemindersWhatsapp).await;
    consent(&d, p_amna, ConsentPurpose::Treatment).await;
    // Usman consents to e-mail but has no address, and to a phone call.
    consent(&d, p_usman, ConsentPurpose::RemindersEmail).await;
    consent(&d, p_usman, ConsentPurpose::RemindersPhone).await;

    let q = reminders::queue(&d.f.store, &d.desk, now).await.unwrap();
    let amna_lines = [("Amna Riaz".to_string(), Channel::Sms), ("Amna Riaz".to_string(), Channel::Whatsapp)];
    let usman_line = ("Usman Ghani".to_string(), Channel::Phone);
    assert_eq!(lines(&q), [amna_lines[0].clone(), amna_lines[1].clone(), usman_line.clone()]);
    let sms = &q[0];
    assert_eq!(sms.contact, "+92 300 1111111");
    assert!(
        sms.message.starts_with("Dear Amna Riaz, this is a reminder of your appointment"),
        "{}",
        sms.message
    );
    assert!(sms.message.contains("at 10:00 with Dr. Bilal Ahmed (Therapy room 1)"), "{}", sms.message);

    // Too early or too late for the window: nothing.
    assert!(reminders::queue(&d.f.store, &d.desk, now - Duration::hours(24)).await.unwrap().is_empty());
    assert!(reminders::queue(&d.f.store, &d.desk, now + Duration::hours(20)).await.unwrap().is_empty());

    // A withdrawn consent drops its channel; an objection drops the patient.
    patients::withdraw_consent(&d.f.store, &d.desk, whatsapp).await.unwrap();
    let objections =
        patients::record_objection(&d.f.store, &d.desk, p_usman, ObjectionPurpose::Reminders).await.unwrap();
    let q = reminders::queue(&d.f.store, &d.desk, now).await.unwrap();
    assert_eq!(lines(&q), [amna_lines[0].clone()]);
    let e = reminders::mark_sent(&d.f.store, &d.desk, usman.id, Channel::Phone, now).await.unwrap_err();
    assert_eq!(e.kind(), "conflict", "an objecting patient's reminder cannot be marked sent");
    let e = patients::record_objection(&d.f.store, &d.desk, p_usman, ObjectionPurpose::Reminders).await;
    assert_eq!(e.unwrap_err().kind(), "conflict", "already on record");
    patients::withdraw_objection(&d.f.store, &d.desk, objections[0].id).await.unwrap();
    let q = reminders::queue(&d.f.store, &d.desk, now).await.unwrap();
    assert_eq!(lines(&q), [amna_lines[0].clone(), usman_line]);

    // Marked as sent once, with who sent it; a cancelled appointment leaves the queue.
    let q = reminders::mark_sent(&d.f.store, &d.desk, amna.id, Channel::Sms, now).await.unwrap();
    assert!(q[0].sent_at.is_some());
    assert_eq!(q[0].sent_by_name.as_deref(), Some("Sana Malik"));
    let e = reminders::mark_sent(&d.f.store, &d.desk, amna.id, Channel::Sms, now).await.unwrap_err();
    assert!(e.to_string().contains("already been marked"), "{e}");
    let cancel = CancelInput { by: CancelledBy::Patient, reason: "unwell".into(), scope: Scope::This };
    scheduling::cancel(&d.f.store, &d.desk, usman.id, cancel).await.unwrap();
    let q = reminders::queue(&d.f.store, &d.desk, now).await.unwrap();
    assert_eq!(lines(&q), [amna_lines[0].clone()]);

    // Only reception works the queue.
    let physio = crate::support::actor(d.bilal, &[alhayat::auth::Role::Physiotherapist]);
    assert_eq!(reminders::queue(&d.f.store, &physio, now).await.unwrap_err().kind(), "forbidden");
}

#[tokio::test]
async fn urdu_reminders_and_the_csv_export() {
    let d = clinic().await;
    let mon = monday(1);
    let input = patients::PatientInput {
        name_ur: Some("عائشہ خان".into()),
        preferred_language: Language::Ur,
        ..person("Ayesha Khan", Some("+923004445566"))
    };
    let ayesha = patients::register(&d.f.store, &d.desk, input).await.unwrap();
    let b = scheduling::BookingInput {
        patient_id: ayesha.id,
        ..d.booking(0, d.bilal, d.room1, &at(mon, 2, "09:00"))
    };
    let a = scheduling::book(&d.f.store, &d.desk, b).await.unwrap();
    consent(&d, ayesha.id, ConsentPurpose::RemindersSms).await;
    let now = a.starts_at.parse::<DateTime<Utc>>().unwrap() - Duration::hours(25);
    let q = reminders::queue(&d.f.store, &d.desk, now).await.unwrap();
    assert_eq!(q.len(), 1);
    assert!(q[0].message.starts_with("عائشہ خان، "), "{}", q[0].message);
    assert!(q[0].message.contains("بدھ"), "Wednesday in Urdu: {}", q[0].message);

    let audits_before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(d.f.store.pool())
        .await
        .unwrap();
    let csv = reminders::export_csv(&d.f.store, &d.desk, now).await.unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for spreadsheet programs");
    let mut r = csv::Reader::from_reader(&csv[3..]);
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "date");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][3], ayesha.mrn.as_str());
    assert_eq!(&rows[0][5], "+92 300 4445566");
    assert_eq!(&rows[0][8], q[0].message.as_str(), "the message survives quoting");
    let audits_after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export'")
        .fetch_one(d.f.store.pool())
        .await
        .unwrap();
    assert_eq!(audits_after, audits_before + 1);

    // The administrator edits the template; unknown placeholders are refused by name.
    let t = ReminderTemplate { language: "en".into(), body: "Hi {name}, see you {date} at {tiem}.".into() };
    let e = reminders::set_template(&d.f.store, &d.admin, t).await.unwrap_err();
    assert_eq!(e.field(), Some("body"));
    assert!(e.to_string().contains("{tiem}"), "{e}");
    let t = ReminderTemplate { language: "en".into(), body: "Hi {name}, see you {date} at {time}.".into() };
    assert_eq!(
        reminders::set_template(&d.f.store, &d.desk, t.clone()).await.unwrap_err().kind(),
        "forbidden"
    );
    let saved = reminders::set_template(&d.f.store, &d.admin, t).await.unwrap();
    let en = saved.iter().find(|t| t.language == "en").unwrap();
    assert_eq!(en.body, "Hi {name}, see you {date} at {time}.");
}
