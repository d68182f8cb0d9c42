//! Outcome measures at the service, on a real store: who records and reads which
//! instrument, refused forms that leave nothing behind, the risk flag, and what the
//! audit trail says (ids and the instrument, never a score).

use alhayat::auth::{Actor, Role};
use alhayat::measures::{self, ActivityInput, Band, Instrument, MeasureInput, RiskKind};
use alhayat::patients::clinic_today;
use alhayat::records::Discipline;
use alhayat::scheduling;
use chrono::Duration;

use crate::scheduling::{at, clinic, monday, Desk};
use crate::support::*;

fn form(patient_id: i64, instrument: Instrument, items: &[f64]) -> MeasureInput {
    MeasureInput {
        patient_id,
        instrument,
        items: items.to_vec(),
        activities: vec![],
        taken_on: clinic_today().to_string(),
        appointment_id: None,
    }
}

fn phq9(patient_id: i64, item9: f64) -> MeasureInput {
    form(patient_id, Instrument::Phq9, &[2.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 0.0, item9])
}

struct Team {
    bilal: Actor,
    ayesha: Actor,
    pharmacist: Actor,
    privacy: Actor,
}

async fn team(d: &Desk) -> Team {
    let pharmacist = add_staff(&d.f.store, "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await;
    let privacy = add_staff(&d.f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    Team {
        bilal: actor(d.bilal, &[Role::Physiotherapist]),
        ayesha: actor(d.ayesha, &[Role::Psychologist]),
        pharmacist: actor(pharmacist, &[Role::Pharmacist]),
        privacy: actor(privacy, &[Role::PrivacyOfficer]),
    }
}

async fn count(d: &Desk, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(d.f.store.pool()).await.unwrap()
}

#[tokio::test]
async fn each_discipline_records_and_reads_only_its_own_instruments() {
    let d = clinic().await;
    let t = team(&d).await;
    let p = d.patients[0];

    let m = measures::record(&d.f.store, &t.ayesha, phq9(p, 0.0)).await.unwrap();
    assert_eq!((m.total, m.band, m.risk), (10.0, Some(Band::Moderate), false));
    assert_eq!(m.items, [2, 2, 1, 1, 2, 1, 1, 0, 0]);
    assert_eq!(m.recorded_by_name, "Dr. Ayesha Siddiqui");
    measures::record(&d.f.store, &t.ayesha, form(p, Instrument::Gad7, &[3.0; 7])).await.unwrap();
    let pain = measures::record(&d.f.store, &t.bilal, form(p, Instrument::Nprs, &[6.0])).await.unwrap();
    assert_eq!(pain.band, Some(Band::Moderate));
    let psfs = MeasureInput {
        instrument: Instrument::Psfs,
        items: vec![],
        activities: vec![
            ActivityInput { activity: "Climbing stairs".into(), score: 3.0 },
            ActivityInput { activity: "نماز کے لیے جھکنا".into(), score: 6.0 },
        ],
        ..form(p, Instrument::Psfs, &[])
    };
    let psfs = measures::record(&d.f.store, &t.bilal, psfs).await.unwrap();
    assert_eq!((psfs.total, psfs.band), (4.5, None));
    assert_eq!(psfs.activities[1].activity, "نماز کے لیے جھکنا");

    // Writing another discipline's instrument, or any without a clinical role, is refused.
    for (who, instrument, items) in [
        (&t.bilal, Instrument::Phq9, vec![0.0; 9]),
        (&t.ayesha, Instrument::Nprs, vec![5.0]),
        (&t.pharmacist, Instrument::Nprs, vec![5.0]),
        (&d.desk, Instrument::Nprs, vec![5.0]),
        (&d.admin, Instrument::Gad7, vec![0.0; 7]),
        (&t.privacy, Instrument::Phq9, vec![0.0; 9]),
    ] {
        let e = measures::record(&d.f.store, who, form(p, instrument, &items)).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{:?} writing {instrument:?}", who.roles);
    }

    // Reading: each sees their own discipline's instruments, nobody else sees any.
    let list = |a: &Actor, i: Option<Instrument>| {
        let a = a.clone();
        let store = &d.f.store;
        async move { measures::list(store, &a, p, i).await }
    };
    let physio: Vec<Instrument> = list(&t.bilal, None).await.unwrap().iter().map(|m| m.instrument).collect();
    assert_eq!(physio, [Instrument::Nprs, Instrument::Psfs]);
    let psych: Vec<Instrument> = list(&t.ayesha, None).await.unwrap().iter().map(|m| m.instrument).collect();
    assert_eq!(psych, [Instrument::Gad7, Instrument::Phq9]);
    assert_eq!(list(&t.ayesha, Some(Instrument::Phq9)).await.unwrap().len(), 1);
    let e = list(&t.bilal, Some(Instrument::Phq9)).await.unwrap_err();
    assert_eq!(
        (e.kind(), e.to_string().as_str()),
        ("forbidden", "Psychology records are open to psychology staff only.")
    );
    assert_eq!(list(&t.ayesha, Some(Instrument::Nprs)).await.unwrap_err().kind(), "forbidden");
    for who in [&t.pharmacist, &d.desk, &d.admin, &t.privacy] {
        assert_eq!(list(who, None).await.unwrap_err().kind(), "forbidden", "{:?}", who.roles);
    }
    let e = measures::list(&d.f.store, &t.bilal, 999_999, None).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");

    // The trail names the instrument and ids; no score, band or answer.
    let created: Vec<(String, Option<i64>, String)> = sqlx::query_as(
        "SELECT entity_id, patient_id, summary FROM audit_log WHERE entity = 'measure' AND action = 'create' ORDER BY seq",
    )
    .fetch_all(d.f.store.pool())
    .await
    .unwrap();
    let summaries: Vec<&str> = created.iter().map(|(_, _, s)| s.as_str()).collect();
    assert_eq!(summaries, ["phq9", "gad7", "nprs", "psfs"]);
    assert!(created.iter().all(|(_, patient, _)| *patient == Some(p)));
    assert_eq!(created[0].0, m.id.to_string());
    let views =
        count(&d, "SELECT count(*) FROM audit_log WHERE entity = 'measures' AND action = 'view'").await;
    assert_eq!(views, 3, "each successful list is one view entry; refusals are not views");
    let trail: Vec<String> = sqlx::query_scalar("SELECT summary FROM audit_log WHERE entity LIKE 'measure%'")
        .fetch_all(d.f.store.pool())
        .await
        .unwrap();
    for leak in ["10", "moderate", "Climbing", "نماز", "4.5"] {
        assert!(!trail.iter().any(|s| s.contains(leak)), "{leak:?} in the audit trail: {trail:?}");
    }
}

#[tokio::test]
async fn refused_forms_are_not_scored_and_leave_nothing_behind() {
    let d = clinic().await;
    let t = team(&d).await;
    let p = d.patients[0];
    let before = count(&d, "SELECT count(*) FROM audit_log").await;

    let e = measures::record(&d.f.store, &t.ayesha, form(p, Instrument::Phq9, &[1.0; 8])).await.unwrap_err();
    assert_eq!((e.kind(), e.field()), ("validation", Some("items")));
    assert_eq!(e.to_string(), "The PHQ-9 has 9 answers; this one has 8. Answer every item.");
    let mut four = [0.0; 9];
    four[2] = 4.0;
    let e = measures::record(&d.f.store, &t.ayesha, form(p, Instrument::Phq9, &four)).await.unwrap_err();
    assert_eq!(
        (e.field(), e.to_string().as_str()),
        (Some("item_3"), "PHQ-9 item 3 must be a whole number from 0 to 3.")
    );
    let e = measures::record(&d.f.store, &t.bilal, form(p, Instrument::Nprs, &[2.5])).await.unwrap_err();
    assert_eq!(e.field(), Some("item_1"));

    let tomorrow =
        MeasureInput { taken_on: (clinic_today() + Duration::days(1)).to_string(), ..phq9(p, 0.0) };
    let e = measures::record(&d.f.store, &t.ayesha, tomorrow).await.unwrap_err();
    assert_eq!(
        (e.field(), e.to_string().as_str()),
        (Some("taken_on"), "A measure cannot be dated in the future.")
    );
    let e = measures::record(
        &d.f.store,
        &t.ayesha,
        MeasureInput { taken_on: "1984-01-01".into(), ..phq9(p, 0.0) },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("taken_on"), "before the patient was born");
    let e = measures::record(
        &d.f.store,
        &t.ayesha,
        MeasureInput { taken_on: "01/12/2026".into(), ..phq9(p, 0.0) },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("taken_on"));

    // An appointment must be this patient's.
    let other =
        scheduling::book(&d.f.store, &d.desk, d.booking(1, d.ayesha, d.room1, &at(monday(1), 0, "10:00")))
            .await
            .unwrap();
    let e = measures::record(
        &d.f.store,
        &t.ayesha,
        MeasureInput { appointment_id: Some(other.id), ..phq9(p, 0.0) },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("appointment_id"));
    let e = measures::record(
        &d.f.store,
        &t.ayesha,
        MeasureInput { appointment_id: Some(999_999), ..phq9(p, 0.0) },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("appointment_id"));
    assert_eq!(
        measures::record(&d.f.store, &t.ayesha, phq9(999_999, 0.0)).await.unwrap_err().kind(),
        "not_found"
    );

    assert_eq!(count(&d, "SELECT count(*) FROM measures").await, 0, "nothing half-saved");
    // Only the booking above was written and audited.
    assert_eq!(count(&d, "SELECT count(*) FROM audit_log").await, before + 1);

    let own =
        scheduling::book(&d.f.store, &d.desk, d.booking(0, d.ayesha, d.room1, &at(monday(1), 0, "11:00")))
            .await
            .unwrap();
    let m = measures::record(
        &d.f.store,
        &t.ayesha,
        MeasureInput { appointment_id: Some(own.id), ..phq9(p, 0.0) },
    )
    .await
    .unwrap();
    assert_eq!(m.appointment_id, Some(own.id));
}

#[tokio::test]
async fn the_latest_phq9_sets_a_risk_flag_every_clinician_sees_and_only_psychology_its_answers() {
    let d = clinic().await;
    let t = team(&d).await;
    let p = d.patients[0];
    let flags = |a: &Actor| {
        let a = a.clone();
        let store = &d.f.store;
        async move { measures::risk_flags(store, &a, p).await }
    };
    assert!(flags(&t.ayesha).await.unwrap().is_empty());

    let earlier = (clinic_today() - Duration::days(14)).to_string();
    let risky =
        measures::record(&d.f.store, &t.ayesha, MeasureInput { taken_on: earlier.clone(), ..phq9(p, 1.0) })
            .await
            .unwrap();
    assert!(risky.risk, "item 9 answered 1 raises the flag even with a moderate total");
    let psych = flags(&t.ayesha).await.unwrap();
    assert_eq!(psych.len(), 1);
    assert_eq!(psych[0].ask, Discipline::Psychology);
    let details = psych[0].details.as_ref().expect("psychology reads what raised it");
    assert_eq!(
        (details.kind, details.instrument, details.raised_on.as_str(), details.measure_id),
        (RiskKind::SelfHarm, Instrument::Phq9, earlier.as_str(), risky.id)
    );
    assert_eq!(
        (details.item, details.answer, details.total, details.band),
        (9, 1, 11.0, Some(Band::Moderate))
    );
    // The physiotherapist and the pharmacist see that a flag stands and whom to ask:
    // not the instrument, the answer, the score or the day it was taken.
    for who in [&t.bilal, &t.pharmacist] {
        let f = flags(who).await.unwrap();
        assert_eq!(f.len(), 1, "{:?}", who.roles);
        assert_eq!((f[0].ask, &f[0].details), (Discipline::Psychology, &None), "{:?}", who.roles);
        let json = serde_json::to_string(&f).unwrap();
        for hidden in ["phq9", "self_harm", "moderate", earlier.as_str(), "11"] {
            assert!(!json.contains(hidden), "{hidden:?} shown to {:?}: {json}", who.roles);
        }
    }
    for who in [&d.desk, &d.admin, &t.privacy] {
        assert_eq!(flags(who).await.unwrap_err().kind(), "forbidden", "{:?}", who.roles);
    }
    // A GAD-7 does not clear it; a later PHQ-9 with item 9 at 0 does.
    measures::record(&d.f.store, &t.ayesha, form(p, Instrument::Gad7, &[0.0; 7])).await.unwrap();
    assert_eq!(flags(&t.bilal).await.unwrap().len(), 1);
    measures::record(&d.f.store, &t.ayesha, phq9(p, 0.0)).await.unwrap();
    assert!(flags(&t.bilal).await.unwrap().is_empty());
    // Another patient's flag is their own.
    measures::record(&d.f.store, &t.ayesha, phq9(d.patients[1], 3.0)).await.unwrap();
    assert!(flags(&t.ayesha).await.unwrap().is_empty());
    let views =
        count(&d, "SELECT count(*) FROM audit_log WHERE entity = 'risk_flags' AND action = 'view'").await;
    assert_eq!(views, 7);
    let summaries: Vec<String> =
        sqlx::query_scalar("SELECT summary FROM audit_log WHERE entity = 'risk_flags' ORDER BY seq LIMIT 4")
            .fetch_all(d.f.store.pool())
            .await
            .unwrap();
    assert_eq!(
        summaries,
        ["no standing flag", "flag with its answers and score", "flag only", "flag only"],
        "the trail says what each one was shown"
    );
}

#[tokio::test]
async fn emergency_access_opens_psychology_measures_and_the_trail_says_so() {
    let d = clinic().await;
    let t = team(&d).await;
    let p = d.patients[0];
    measures::record(&d.f.store, &t.ayesha, phq9(p, 2.0)).await.unwrap();
    assert_eq!(
        measures::list(&d.f.store, &t.bilal, p, Some(Instrument::Phq9)).await.unwrap_err().kind(),
        "forbidden"
    );

    let now = chrono::Utc::now();
    sqlx::query(
        "INSERT INTO emergency_access (patient_id, staff_id, reason, granted_at, expires_at) VALUES (?, ?, 'collapsed in the gym', ?, ?)",
    )
    .bind(p)
    .bind(d.bilal)
    .bind(alhayat::clock::utc_text(now - Duration::minutes(5)))
    .bind(alhayat::clock::utc_text(now + Duration::hours(4)))
    .execute(d.f.store.pool())
    .await
    .unwrap();
    let seen = measures::list(&d.f.store, &t.bilal, p, Some(Instrument::Phq9)).await.unwrap();
    assert_eq!(seen.len(), 1);
    let summary: String = sqlx::query_scalar(
        "SELECT summary FROM audit_log WHERE entity = 'measures' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(d.f.store.pool())
    .await
    .unwrap();
    assert_eq!(summary, "phq9, by emergency access");
    // Emergency access reads; it does not write another discipline's measures.
    assert_eq!(measures::record(&d.f.store, &t.bilal, phq9(p, 0.0)).await.unwrap_err().kind(), "forbidden");
    let flag = measures::risk_flags(&d.f.store, &t.bilal, p).await.unwrap();
    assert_eq!(flag[0].details.as_ref().map(|x| x.measure_id), Some(seen[0].id));
}

#[test]
fn the_chart_gets_every_instrument_with_its_bands() {
    let all = measures::instruments();
    let names: Vec<&str> = all.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["PHQ-9", "GAD-7", "NPRS", "PSFS"]);
    let phq9 = &all[0];
    assert_eq!((phq9.items, phq9.max, phq9.risk_item), (9, 27.0, Some(9)));
    let edges: Vec<(f64, f64)> = phq9.bands.iter().map(|b| (b.from, b.to)).collect();
    assert_eq!(edges, [(0.0, 4.0), (5.0, 9.0), (10.0, 14.0), (15.0, 19.0), (20.0, 27.0)]);
    assert!(all[3].bands.is_empty(), "no invented PSFS bands");
    let json = serde_json::to_value(&all[0]).unwrap();
    assert_eq!(json["bands"][3]["band"], "moderately_severe");
}
