//! Demo patients: forty adults and two children with their guardian, registered the
//! way reception would, so every rule (normalising, duplicates, the under-13 rule) runs.

use crate::auth::Actor;
use crate::error::AppResult;
use crate::patients::{
    self, ConsentInput, ConsentMethod, ConsentPurpose, PatientInput, RelatedPersonInput, Sex,
};
use crate::staff::Language;
use crate::store::Store;

const FIRST: &[(&str, &str, Sex)] = &[
    ("Ayesha", "عائشہ", Sex::Female),
    ("Fatima", "فاطمہ", Sex::Female),
    ("Zainab", "زینب", Sex::Female),
    ("Maryam", "مریم", Sex::Female),
    ("Hira", "حرا", Sex::Female),
    ("Muhammad", "محمد", Sex::Male),
    ("Ali", "علی", Sex::Male),
    ("Bilal", "بلال", Sex::Male),
    ("Hamza", "حمزہ", Sex::Male),
    ("Usman", "عثمان", Sex::Male),
];
const LAST: &[(&str, &str)] = &[
    ("Khan", "خان"),
    ("Malik", "ملک"),
    ("Qureshi", "قریشی"),
    ("Siddiqui", "صدیقی"),
    ("Butt", "بٹ"),
    ("Chaudhry", "چودھری"),
];

fn blank(full_name: String, sex: Sex) -> PatientInput {
    PatientInput {
        full_name,
        name_ur: None,
        relative_name: None,
        birth_date: None,
        estimated_age: None,
        sex,
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
        acknowledged_duplicates: Vec::new(),
    }
}

pub async fn seed(store: &Store, desk: &Actor) -> AppResult<()> {
    let today = patients::clinic_today();
    for i in 0..40usize {
        let (first, first_ur, sex) = FIRST[i % FIRST.len()];
        let (last, last_ur) = LAST[(i / FIRST.len() + i) % LAST.len()];
        let days = 365 * (18 + (i as i64 * 7) % 60) + (i as i64 * 37) % 365;
        patients::register(
            store,
            desk,
            PatientInput {
                name_ur: Some(format!("{first_ur} {last_ur}")),
                birth_date: Some((today - chrono::Duration::days(days)).to_string()),
                cnic: Some(format!("35202-{:07}-{}", 1_000_000 + i * 7919, i % 10)),
                phone: Some(format!("0300-{:07}", 1_000_000 + i * 104_729)),
                address: Some(format!("House {}, Street {}, Bahria Town", 10 + i, 1 + i % 9)),
                preferred_language: if i % 3 == 0 { Language::En } else { Language::Ur },
                ..blank(format!("{first} {last}"), sex)
            },
        )
        .await?;
    }
    for (name, name_ur, years, sex) in
        [("Zara Tariq", "زارا طارق", 8, Sex::Female), ("Ahmed Tariq", "احمد طارق", 11, Sex::Male)]
    {
        patients::register(
            store,
            desk,
            PatientInput {
                name_ur: Some(name_ur.into()),
                relative_name: Some("Tariq Mehmood".into()),
                estimated_age: Some(years),
                address: Some("House 7, Street 3, Bahria Town".into()),
                guardian: Some(RelatedPersonInput {
                    name: "Tariq Mehmood".into(),
                    relationship: "father".into(),
                    cnic: Some("35202-7654321-3".into()),
                    phone: Some("0321-7654321".into()),
                }),
                parental_consent: Some(ConsentInput {
                    purpose: ConsentPurpose::Parental,
                    given_by: "Tariq Mehmood".into(),
                    method: ConsentMethod::InPerson,
                }),
                ..blank(name.into(), sex)
            },
        )
        .await?;
    }
    Ok(())
}
