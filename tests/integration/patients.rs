//! Registration rules, duplicates, history, consents and search, on a real store.

use alhayat::auth::Role;
use alhayat::error::AppError;
use alhayat::patients::{
    self, ConsentInput, ConsentMethod, ConsentPurpose, PatientInput, RelatedPersonInput, Sex,
};
use alhayat::staff::Language;

use crate::support::*;

pub fn adult(name: &str, birth: &str) -> PatientInput {
    PatientInput {
        full_name: name.into(),
        name_ur: None,
        relative_name: None,
        birth_date: Some(birth.into()),
        estimated_age: None,
        sex: Sex::Female,
        cnic: None,
        phone: None,
        phone_alt: None,
        email: None,
        address: None,
        city: Some("Lahore".into()),
        preferred_language: Language::Ur,
        insurance_payer: None,
        insurance_policy: None,
        reception_note: None,
        guardian: None,
        parental_consent: None,
        emergency_contact: None,
        acknowledged_duplicates: vec![],
    }
}

fn guardian() -> RelatedPersonInput {
    RelatedPersonInput {
        name: "Tariq Mehmood".into(),
        relationship: "father".into(),
        cnic: Some("3520211111111".into()),
        phone: Some("0321-7654321".into()),
    }
}

fn parental() -> ConsentInput {
    ConsentInput {
        purpose: ConsentPurpose::Parental,
        given_by: "Tariq Mehmood".into(),
        method: ConsentMethod::InPerson,
    }
}

/// The birth date of someone `years` old today at the clinic, `days_more` days earlier.
fn years_ago(years: u32, days_more: i64) -> String {
    let today = patients::clinic_today();
    (today.checked_sub_months(chrono::Months::new(12 * years)).unwrap() - chrono::Duration::days(days_more))
        .to_string()
}

async fn desk(f: &Fixture) -> alhayat::auth::Actor {
    let id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    actor(id, &[Role::Reception])
}

#[tokio::test]
async fn a_child_under_13_needs_a_guardian_and_parental_consent() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    // One day short of 13 in Karachi today.
    let birth = years_ago(13, -1);
    let mut child = adult("Zara Tariq", &birth);
    let e = patients::register(&f.store, &a, child.clone()).await.unwrap_err();
    assert_eq!(e.field(), Some("guardian.name"));
    child.guardian = Some(guardian());
    let e = patients::register(&f.store, &a, child.clone()).await.unwrap_err();
    assert_eq!(e.field(), Some("parental_consent.given_by"));
    child.guardian = Some(RelatedPersonInput { cnic: None, ..guardian() });
    child.parental_consent = Some(parental());
    assert_eq!(
        patients::register(&f.store, &a, child.clone()).await.unwrap_err().field(),
        Some("guardian.cnic")
    );
    child.guardian = Some(guardian());
    let p = patients::register(&f.store, &a, child).await.unwrap();
    assert_eq!(p.age, 12);
    assert_eq!(p.related.len(), 1);
    assert_eq!(p.related[0].phone.as_deref(), Some("+92 321 7654321"));
    assert_eq!(p.consents.len(), 1);
    assert_eq!(p.consents[0].purpose, "parental");
    // Thirteen today: an adult for this rule.
    let teen = patients::register(&f.store, &a, adult("Hira Tariq", &years_ago(13, 0))).await.unwrap();
    assert_eq!(teen.age, 13);
    assert!(teen.related.is_empty());
}

#[tokio::test]
async fn mrn_phone_and_cnic_are_assigned_and_normalised() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let mut p = adult("Ayesha Khan", "1990-05-17");
    p.name_ur = Some("عائشہ خان".into());
    p.phone = Some("0300-1234567".into());
    p.cnic = Some("3520212345671".into());
    let saved = patients::register(&f.store, &a, p).await.unwrap();
    assert_eq!(saved.mrn, "AH-000001");
    assert_eq!(saved.phone.as_deref(), Some("+92 300 1234567"));
    assert_eq!(saved.cnic.as_deref(), Some("35202-1234567-1"));
    assert_eq!(saved.name_ur.as_deref(), Some("عائشہ خان"));
}

#[tokio::test]
async fn the_same_cnic_is_refused_naming_the_existing_patient() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let mut p = adult("Ayesha Khan", "1990-05-17");
    p.cnic = Some("35202-1234567-1".into());
    patients::register(&f.store, &a, p).await.unwrap();
    let mut other = adult("Bilal Ahmed", "1985-01-01");
    other.cnic = Some("3520212345671".into());
    let e = patients::register(&f.store, &a, other).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }));
    assert_eq!(e.field(), Some("cnic"));
    assert!(e.to_string().contains("Ayesha Khan") && e.to_string().contains("AH-000001"), "{e}");
}

#[tokio::test]
async fn similar_names_with_the_same_birth_date_or_the_same_phone_ask_first() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let mut first = adult("Ayesha Khan", "1990-05-17");
    first.phone = Some("03001234567".into());
    let first = patients::register(&f.store, &a, first).await.unwrap();

    let same_name = adult("ayesha  KHAN", "1990-05-17");
    let found = patients::find_duplicates(&f.store, &a, same_name.clone()).await.unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![first.id]);
    let e = patients::register(&f.store, &a, same_name.clone()).await.unwrap_err();
    assert_eq!(e.field(), Some("duplicates"));

    let mut same_phone = adult("Bilal Ahmed", "1985-01-01");
    same_phone.phone = Some("+92 300 1234567".into());
    assert_eq!(patients::find_duplicates(&f.store, &a, same_phone.clone()).await.unwrap().len(), 1);

    // Different name, same birth date: not a duplicate.
    assert!(patients::find_duplicates(&f.store, &a, adult("Hamza Sheikh", "1990-05-17"))
        .await
        .unwrap()
        .is_empty());

    // Confirmed as a different person: saved.
    let confirmed = PatientInput { acknowledged_duplicates: vec![first.id], ..same_name };
    assert!(patients::register(&f.store, &a, confirmed).await.is_ok());
}

#[tokio::test]
async fn bad_input_names_the_field_and_saves_nothing() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let long = "x".repeat(10_000);
    let base = adult("Ayesha Khan", "1990-05-17");
    let cases: Vec<(PatientInput, &str)> = vec![
        (PatientInput { full_name: "".into(), ..base.clone() }, "full_name"),
        (PatientInput { full_name: long.clone(), ..base.clone() }, "full_name"),
        (PatientInput { full_name: "Ayesha 😀".into(), ..base.clone() }, "full_name"),
        (PatientInput { full_name: "عائشہ خان".into(), ..base.clone() }, "full_name"),
        (PatientInput { name_ur: Some("'; DROP TABLE patients;--".into()), ..base.clone() }, "name_ur"),
        (PatientInput { birth_date: Some("2015-02-31".into()), ..base.clone() }, "birth_date"),
        (PatientInput { birth_date: Some("2999-01-01".into()), ..base.clone() }, "birth_date"),
        (PatientInput { birth_date: None, ..base.clone() }, "birth_date"),
        (PatientInput { birth_date: None, estimated_age: Some(200), ..base.clone() }, "estimated_age"),
        (PatientInput { cnic: Some("35202-123456-1".into()), ..base.clone() }, "cnic"),
        (PatientInput { phone: Some("0300-12345ab".into()), ..base.clone() }, "phone"),
        (PatientInput { email: Some("not an email".into()), ..base.clone() }, "email"),
        (PatientInput { address: Some(long.clone()), ..base.clone() }, "address"),
        (PatientInput { reception_note: Some("a\u{0007}b".into()), ..base.clone() }, "reception_note"),
    ];
    for (input, field) in cases {
        let e = patients::register(&f.store, &a, input).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e:?}");
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM patients").fetch_one(f.store.pool()).await.unwrap();
    assert_eq!(n, 0);
    let est =
        patients::register(&f.store, &a, PatientInput { birth_date: None, estimated_age: Some(40), ..base })
            .await
            .unwrap();
    assert!(est.birth_date_estimated);
    assert_eq!(est.age, 40);
}

#[tokio::test]
async fn edits_keep_history_and_opening_is_audited() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let p = patients::register(&f.store, &a, adult("Ayesha Khan", "1990-05-17")).await.unwrap();
    let mut changed = adult("Ayesha Khan", "1990-05-17");
    changed.phone = Some("0333-7654321".into());
    changed.city = Some("Karachi".into());
    let after = patients::update(&f.store, &a, p.id, changed).await.unwrap();
    assert_eq!(after.city.as_deref(), Some("Karachi"));
    let history: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT field, old_value, new_value FROM patient_changes WHERE patient_id = ? ORDER BY field",
    )
    .bind(p.id)
    .fetch_all(f.store.pool())
    .await
    .unwrap();
    assert_eq!(
        history,
        vec![
            ("city".into(), Some("Lahore".into()), Some("Karachi".into())),
            ("phone".into(), None, Some("+92 333 7654321".into())),
        ]
    );
    patients::get(&f.store, &a, p.id).await.unwrap();
    let page = alhayat::audit::list(
        f.store.pool(),
        &alhayat::audit::AuditFilter { patient_id: Some(p.id), ..Default::default() },
    )
    .await
    .unwrap();
    let acts: Vec<(&str, &str)> = page.rows.iter().map(|r| (r.action.as_str(), r.summary.as_str())).collect();
    assert_eq!(acts, vec![("view", ""), ("update", "phone,city"), ("create", "")]);
    // The trail names fields, never values.
    assert!(page.rows.iter().all(|r| !r.summary.contains("Karachi") && !r.summary.contains("Ayesha")));
}

#[tokio::test]
async fn consents_are_recorded_and_withdrawn_with_history() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let p = patients::register(&f.store, &a, adult("Ayesha Khan", "1990-05-17")).await.unwrap();
    let sms = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::Written,
    };
    let list = patients::record_consent(&f.store, &a, p.id, sms).await.unwrap();
    assert_eq!(list.len(), 1);
    let list = patients::withdraw_consent(&f.store, &a, list[0].id).await.unwrap();
    assert!(list[0].withdrawn_at.is_some(), "withdrawn, still listed");
    assert!(patients::withdraw_consent(&f.store, &a, list[0].id).await.is_err());
}

#[tokio::test]
async fn roles_without_the_permission_are_refused_at_the_service() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let p = patients::register(&f.store, &a, adult("Ayesha Khan", "1990-05-17")).await.unwrap();
    let admin = actor(a.staff_id, &[Role::Administrator]);
    assert!(matches!(patients::get(&f.store, &admin, p.id).await, Err(AppError::Forbidden { .. })));
    assert!(matches!(
        patients::search(&f.store, &admin, "ayesha", 10).await,
        Err(AppError::Forbidden { .. })
    ));
    let physio = actor(a.staff_id, &[Role::Physiotherapist]);
    assert!(patients::get(&f.store, &physio, p.id).await.is_ok());
    assert!(matches!(
        patients::register(&f.store, &physio, adult("Bilal Ahmed", "1985-01-01")).await,
        Err(AppError::Forbidden { .. })
    ));
}

#[tokio::test]
async fn search_finds_by_any_part_of_a_name_phone_cnic_or_mrn() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let mut ayesha = adult("Ayesha Khan", "1990-05-17");
    ayesha.name_ur = Some("عائشہ خان".into());
    ayesha.phone = Some("0300-1234567".into());
    ayesha.cnic = Some("35202-1234567-1".into());
    let ayesha = patients::register(&f.store, &a, ayesha).await.unwrap();
    let mut others = Vec::new();
    for (name, birth) in
        [("Khan Mohammad", "1970-01-01"), ("Maryam Ayaz", "1995-02-02"), ("Zoë Ayers", "1988-03-03")]
    {
        others.push(patients::register(&f.store, &a, adult(name, birth)).await.unwrap());
    }
    let ids = |q: &str| {
        let store = &f.store;
        let a = a.clone();
        let q = q.to_string();
        async move {
            patients::search(store, &a, &q, 20)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.full_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids("ay").await, vec!["Ayesha Khan"], "two letters: names that start with them");
    assert_eq!(
        ids("AYE").await,
        vec!["Ayesha Khan", "Zoë Ayers"]
            .into_iter()
            .filter(|n| n.to_lowercase().contains("aye"))
            .collect::<Vec<_>>()
    );
    assert_eq!(ids("khan").await, vec!["Khan Mohammad", "Ayesha Khan"], "the name that starts with it first");
    assert_eq!(ids("zoe").await, vec!["Zoë Ayers"], "accents do not matter");
    assert_eq!(ids("عائشہ").await, vec!["Ayesha Khan"]);
    for phone in ["0300-1234567", "+923001234567", "3001234567", "1234567"] {
        assert_eq!(ids(phone).await, vec!["Ayesha Khan"], "{phone}");
    }
    assert_eq!(ids("3520212345671").await, vec!["Ayesha Khan"]);
    assert_eq!(ids("35202-1234567-1").await, vec!["Ayesha Khan"]);
    assert_eq!(ids(&ayesha.mrn).await, vec!["Ayesha Khan"]);
    assert_eq!(ids("ah1").await, vec!["Ayesha Khan"]);
    assert!(ids("\" OR 1=1 --").await.is_empty(), "search text is never syntax");
    assert!(ids("%").await.is_empty());
    assert_eq!(
        patients::search(&f.store, &a, &"x".repeat(101), 20).await.unwrap_err().field(),
        Some("query")
    );
    // Edits reach the index.
    let mut renamed = adult("Ayesha Siddiqui", "1990-05-17");
    renamed.phone = Some("0300-1234567".into());
    renamed.cnic = Some("35202-1234567-1".into());
    patients::update(&f.store, &a, ayesha.id, renamed).await.unwrap();
    assert_eq!(ids("siddiqui").await, vec!["Ayesha Siddiqui"]);
    assert_eq!(ids("عائشہ").await, Vec::<String>::new(), "the Urdu name was cleared");
    let _ = others;
}

#[tokio::test]
async fn a_child_is_found_by_the_guardians_cnic_or_mobile_and_shown_as_their_child() {
    let f = fresh_store().await;
    let a = desk(&f).await;
    let mut zara = adult("Zara Tariq", &years_ago(8, 3));
    zara.guardian = Some(guardian());
    zara.parental_consent = Some(parental());
    let zara = patients::register(&f.store, &a, zara).await.unwrap();
    let mut ali = adult("Ali Tariq", &years_ago(5, 40));
    ali.guardian = Some(guardian());
    ali.parental_consent = Some(parental());
    let ali = patients::register(&f.store, &a, ali).await.unwrap();
    // The father is a patient too, with his own CNIC and number.
    let mut tariq = adult("Tariq Mehmood", "1984-02-01");
    tariq.cnic = Some("35202-1111111-1".into());
    tariq.phone = Some("+92 321 7654321".into());
    let tariq = patients::register(&f.store, &a, tariq).await.unwrap();
    // Someone else's child, with an emergency contact (not a guardian) sharing the number.
    let mut other = adult("Sana Iqbal", "1995-01-01");
    other.emergency_contact = Some(RelatedPersonInput { relationship: "neighbour".into(), ..guardian() });
    let other = patients::register(&f.store, &a, other).await.unwrap();

    for typed in ["35202-1111111-1", "3520211111111", "0321-7654321", "+92 321 7654321", "00923217654321"] {
        let found = patients::search(&f.store, &a, typed, 20).await.unwrap();
        let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
        // The person themselves first, then the children, by name.
        assert_eq!(ids, vec![tariq.id, ali.id, zara.id], "{typed}");
        assert_eq!(found[0].guardian_name, None);
        assert_eq!(found[1].guardian_name.as_deref(), Some("Tariq Mehmood"), "{typed}");
        assert!(!ids.contains(&other.id), "an emergency contact is not a guardian");
    }
    // A part of the number finds no child (only a whole CNIC or mobile does).
    let found = patients::search(&f.store, &a, "76543", 20).await.unwrap();
    assert!(found.iter().all(|p| p.guardian_name.is_none()));
    // The limit holds across both.
    let two = patients::search(&f.store, &a, "3520211111111", 2).await.unwrap();
    assert_eq!(two.iter().map(|p| p.id).collect::<Vec<_>>(), vec![tariq.id, ali.id]);
    assert_ne!(zara.id, ali.id);
}
