//! Demo patients: 194 adults and six children with their guardians, registered the
//! way reception would, so every rule (normalising, duplicates, the under-13 rule) runs.
//! Many have agreed to reminders by SMS or WhatsApp, so the reminder queue has work.

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
    ("Sadia", "سعدیہ", Sex::Female),
    ("Nadia", "نادیہ", Sex::Female),
    ("Rabia", "رابعہ", Sex::Female),
    ("Sana", "ثنا", Sex::Female),
    ("Amna", "آمنہ", Sex::Female),
    ("Iqra", "اقرا", Sex::Female),
    ("Imran", "عمران", Sex::Male),
    ("Kamran", "کامران", Sex::Male),
    ("Faisal", "فیصل", Sex::Male),
    ("Tariq", "طارق", Sex::Male),
    ("Asad", "اسد", Sex::Male),
    ("Saad", "سعد", Sex::Male),
];
const LAST: &[(&str, &str)] = &[
    ("Khan", "خان"),
    ("Malik", "ملک"),
    ("Qureshi", "قریشی"),
    ("Siddiqui", "صدیقی"),
    ("Butt", "بٹ"),
    ("Chaudhry", "چودھری"),
    ("Sheikh", "شیخ"),
    ("Awan", "اعوان"),
    ("Raza", "رضا"),
    ("Hussain", "حسین"),
    ("Javed", "جاوید"),
    ("Iqbal", "اقبال"),
    ("Rana", "رانا"),
];

/// A child under 13, registered with a guardian and a recorded parental consent.
struct Child {
    name: &'static str,
    name_ur: &'static str,
    age: u32,
    sex: Sex,
    guardian: &'static str,
    relationship: &'static str,
    cnic: &'static str,
    phone: &'static str,
}

const CHILDREN: &[Child] = &[
    Child {
        name: "Zara Tariq",
        name_ur: "زارا طارق",
        age: 8,
        sex: Sex::Female,
        guardian: "Tariq Mehmood",
        relationship: "father",
        cnic: "35202-7654321-3",
        phone: "0321-7654321",
    },
    Child {
        name: "Ahmed Tariq",
        name_ur: "احمد طارق",
        age: 11,
        sex: Sex::Male,
        guardian: "Tariq Mehmood",
        relationship: "father",
        cnic: "35202-7654321-3",
        phone: "0321-7654321",
    },
    Child {
        name: "Hadia Noor",
        name_ur: "ہادیہ نور",
        age: 6,
        sex: Sex::Female,
        guardian: "Samina Noor",
        relationship: "mother",
        cnic: "35202-2468135-2",
        phone: "0333-2468135",
    },
    Child {
        name: "Musa Farooq",
        name_ur: "موسیٰ فاروق",
        age: 9,
        sex: Sex::Male,
        guardian: "Omer Farooq",
        relationship: "father",
        cnic: "35202-1357924-7",
        phone: "0345-1357924",
    },
    Child {
        name: "Eman Saleem",
        name_ur: "ایمان سلیم",
        age: 4,
        sex: Sex::Female,
        guardian: "Saleem Akhtar",
        relationship: "father",
        cnic: "35202-9753186-1",
        phone: "0300-9753186",
    },
    Child {
        name: "Rayyan Shah",
        name_ur: "ریان شاہ",
        age: 12,
        sex: Sex::Male,
        guardian: "Farah Shah",
        relationship: "mother",
        cnic: "35202-8642097-4",
        phone: "0312-8642097",
    },
];

pub const ADULTS: usize = 194;

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

/// Registers the demo patients and returns their ids, adults first.
pub async fn seed(store: &Store, desk: &Actor) -> AppResult<Vec<i64>> {
    let today = patients::clinic_today();
    let mut ids = Vec::with_capacity(ADULTS + CHILDREN.len());
    for i in 0..ADULTS {
        let (first, first_ur, sex) = FIRST[i % FIRST.len()];
        let (last, last_ur) = LAST[(i / FIRST.len() + i) % LAST.len()];
        let days = 365 * (18 + (i as i64 * 7) % 60) + (i as i64 * 37) % 365;
        let p = patients::register(
            store,
            desk,
            PatientInput {
                name_ur: Some(format!("{first_ur} {last_ur}")),
                birth_date: Some((today - chrono::Duration::days(days)).to_string()),
                cnic: Some(format!("35202-{:07}-{}", 1_000_000 + i * 7919, i % 10)),
                phone: Some(format!("03{:02}-{:07}", i % 50, 1_000_000 + i * 44_729)),
                email: (i % 4 == 0)
                    .then(|| format!("{}.{}{i}@example.pk", first.to_lowercase(), last.to_lowercase())),
                address: Some(format!("House {}, Street {}, Bahria Town", 10 + i, 1 + i % 9)),
                preferred_language: if i % 3 == 0 { Language::En } else { Language::Ur },
                ..blank(format!("{first} {last}"), sex)
            },
        )
        .await?;
        // Most agree to SMS reminders, some to WhatsApp too; a few to none.
        let mut purposes = vec![ConsentPurpose::Treatment];
        if i % 5 != 4 {
            purposes.push(ConsentPurpose::RemindersSms);
        }
        if i % 3 == 1 {
            purposes.push(ConsentPurpose::RemindersWhatsapp);
        }
        if i % 4 == 0 {
            purposes.push(ConsentPurpose::RemindersEmail);
        }
        for purpose in purposes {
            let c = ConsentInput { purpose, given_by: "the patient".into(), method: ConsentMethod::InPerson };
            patients::record_consent(store, desk, p.id, c).await?;
        }
        ids.push(p.id);
    }
    // One patient has objected to reminders despite an SMS consent on file.
    patients::record_objection(store, desk, ids[1], patients::ObjectionPurpose::Reminders).await?;
    for Child { name, name_ur, age, sex, guardian, relationship, cnic, phone } in CHILDREN {
        let p = patients::register(
            store,
            desk,
            PatientInput {
                name_ur: Some((*name_ur).into()),
                relative_name: Some((*guardian).into()),
                estimated_age: Some(*age),
                phone: Some((*phone).into()),
                address: Some("House 7, Street 3, Bahria Town".into()),
                guardian: Some(RelatedPersonInput {
                    name: (*guardian).into(),
                    relationship: (*relationship).into(),
                    cnic: Some((*cnic).into()),
                    phone: Some((*phone).into()),
                }),
                parental_consent: Some(ConsentInput {
                    purpose: ConsentPurpose::Parental,
                    given_by: (*guardian).into(),
                    method: ConsentMethod::InPerson,
                }),
                // Brothers and sisters share a phone: the desk has confirmed they differ.
                acknowledged_duplicates: ids[ADULTS..].to_vec(),
                ..blank((*name).into(), *sex)
            },
        )
        .await?;
        ids.push(p.id);
    }
    Ok(ids)
}
