//! A person's name needs at least one letter, of any script: ".", "--" or "' - ." is
//! refused for patients, guardians, emergency contacts and staff, naming the field,
//! and nothing is saved.

use alhayat::auth::{Role, Sessions};
use alhayat::patients::{
    self, ConsentInput, ConsentMethod, ConsentPurpose, PatientInput, RelatedPersonInput,
};
use alhayat::staff::{self, NewStaff, StaffUpdate};

use crate::history::team;
use crate::scheduling::person;

fn relative(name: &str) -> RelatedPersonInput {
    RelatedPersonInput {
        name: name.into(),
        relationship: "mother".into(),
        cnic: Some("35202-2222222-2".into()),
        phone: Some("0321-1234567".into()),
    }
}

fn child(guardian: &str) -> PatientInput {
    let birth = (patients::clinic_today() - chrono::Duration::days(6 * 365)).to_string();
    PatientInput {
        birth_date: Some(birth),
        guardian: Some(relative(guardian)),
        parental_consent: Some(ConsentInput {
            purpose: ConsentPurpose::Parental,
            given_by: "Nasreen Bibi".into(),
            method: ConsentMethod::InPerson,
        }),
        ..person("Zara Iqbal", None)
    }
}

fn new_staff(full_name: &str) -> NewStaff {
    NewStaff { username: "farah".into(), full_name: full_name.into(), roles: vec![Role::Reception] }
}

#[tokio::test]
async fn a_name_with_no_letter_is_refused_for_patients_staff_guardians_and_contacts() {
    let t = team().await;
    let s = &t.d.f.store;
    let patients_before = t.d.count("patients").await;
    let adult = || person("Hina Pervaiz", Some("0333-4445550"));
    let cases = [
        (PatientInput { full_name: ".".into(), ..adult() }, "full_name"),
        (PatientInput { name_ur: Some("--".into()), ..adult() }, "name_ur"),
        (PatientInput { relative_name: Some("' - .".into()), ..adult() }, "relative_name"),
        (child("."), "guardian.name"),
        (PatientInput { emergency_contact: Some(relative("--")), ..adult() }, "emergency_contact.name"),
    ];
    for (input, field) in cases {
        let e = patients::register(s, &t.reception, input).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{e}");
        assert!(e.to_string().ends_with("needs at least one letter."), "{e}");
    }
    assert_eq!(t.d.count("patients").await, patients_before, "nothing was saved");
    patients::register(s, &t.reception, child("Nasreen Bibi")).await.expect("a real name is fine");

    let staff_before = t.d.count("staff").await;
    let e = staff::create(s, &t.admin, new_staff("' - .")).await.unwrap_err();
    assert_eq!(e.field(), Some("full_name"));
    assert!(e.to_string().contains("needs at least one letter"), "{e}");
    let sessions = Sessions::new(std::time::Duration::from_secs(600));
    let update = StaffUpdate { id: t.d.sara, full_name: "--".into(), roles: vec![Role::Physiotherapist] };
    let e = staff::update(s, &sessions, &t.admin, update).await.unwrap_err();
    assert_eq!(e.field(), Some("full_name"));
    assert_eq!(t.d.count("staff").await, staff_before);
    let sara: String = sqlx::query_scalar("SELECT full_name FROM staff WHERE id = ?")
        .bind(t.d.sara)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(sara, "Dr. Sara Javed", "unchanged");
    staff::create(s, &t.admin, new_staff("ع. خان")).await.expect("Urdu letters are letters");
}
