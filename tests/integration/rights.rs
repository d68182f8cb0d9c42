//! The patients' rights register on a real encrypted store: each kind of request
//! through its steps with one audit row per step, who may work it, the guardian rule
//! for a child, due dates and the overdue dashboard on a set clock, the letters in
//! English and Urdu read back with poppler, disclosures and corrections.

use alhayat::auth::{Actor, Role};
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, RelatedPersonInput};
use alhayat::rights::{self, RequestInput, RequestKind, RequestState, RequestedBy, RightsRequest};
use alhayat::store::Store;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::patients::adult;
use crate::support::*;

mod disclosures;
mod fulfilment;
mod letters;
mod requests;

/// A clinic with a privacy officer, an administrator, reception, a physiotherapist,
/// an adult patient and a child with a guardian on record.
pub struct Office {
    pub f: Fixture,
    pub po: Actor,
    pub admin: Actor,
    pub desk: Actor,
    pub physio: Actor,
    /// Amna Riaz (آمنہ ریاض), an adult.
    pub adult: i64,
    /// Zara Tariq, 8 years old, with her father Tariq Mehmood on record as guardian.
    pub child: i64,
    pub guardian: i64,
    /// The clinic's "now" for the tests; the real one, so ages match registration.
    pub now: DateTime<Utc>,
}

impl Office {
    pub fn store(&self) -> &Store {
        &self.f.store
    }
    pub fn today(&self) -> NaiveDate {
        rights::clinic_date(self.now)
    }
    pub fn days(&self, n: i64) -> String {
        (self.today() + Duration::days(n)).to_string()
    }
    /// A request by the adult patient, received today, due by default.
    pub fn request(&self, kind: RequestKind) -> RequestInput {
        RequestInput {
            kind: kind.as_str().into(),
            patient_id: self.adult,
            requested_by: RequestedBy::Patient,
            guardian_id: None,
            details: String::new(),
            received_on: self.days(0),
            due_on: String::new(),
        }
    }
    pub async fn audit_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(self.store().pool()).await.unwrap()
    }
    /// The newest audit row: action, entity, entity id, patient id, summary.
    pub async fn last_audit(&self) -> (String, String, Option<String>, Option<i64>, String) {
        sqlx::query_as(
            "SELECT action, entity, entity_id, patient_id, summary FROM audit_log ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(self.store().pool())
        .await
        .unwrap()
    }
    /// Takes a request through identity and into progress.
    pub async fn to_in_progress(&self, r: &RightsRequest) {
        let check = rights::IdentityCheck {
            method: rights::IdentityMethod::CnicSeen,
            notes: "Original CNIC seen; matches the record".into(),
        };
        rights::verify_identity(self.store(), &self.po, r.id, check, self.now).await.unwrap();
        rights::start_work(self.store(), &self.po, r.id, String::new(), self.now).await.unwrap();
    }
}

pub async fn office() -> Office {
    let f = fresh_store().await;
    let po_id = add_staff(&f.store, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    let admin_id = add_staff(&f.store, "admin", "Imran Qureshi", &[Role::Administrator]).await;
    let desk_id = add_staff(&f.store, "sana", "Sana Malik", &[Role::Reception]).await;
    let physio_id = add_staff(&f.store, "bilal", "Dr. Bilal Ahmed", &[Role::Physiotherapist]).await;
    let admin = actor(admin_id, &[Role::Administrator]);
    let desk = actor(desk_id, &[Role::Reception]);
    let profile = alhayat::clinic::ClinicProfileInput {
        name: "Al-Hayat Clinic".into(),
        address: "Bahria Town, Lahore".into(),
        phone: "+92 300 1010592".into(),
        logo_data_url: None,
    };
    alhayat::clinic::update_profile(&f.store, &admin, profile).await.unwrap();
    let amna = patients::PatientInput {
        name_ur: Some("آمنہ ریاض".into()),
        ..adult("Amna Riaz", "1985-03-10")
    };
    let adult_id = patients::register(&f.store, &desk, amna).await.unwrap().id;
    let now = Utc::now();
    let birth = (rights::clinic_date(now) - Duration::days(8 * 365)).to_string();
    let child = patients::PatientInput {
        guardian: Some(RelatedPersonInput {
            name: "Tariq Mehmood".into(),
            relationship: "father".into(),
            cnic: Some("3520211111111".into()),
            phone: Some("0321-7654321".into()),
        }),
        parental_consent: Some(ConsentInput {
            purpose: ConsentPurpose::Parental,
            given_by: "Tariq Mehmood".into(),
            method: ConsentMethod::InPerson,
        }),
        ..adult("Zara Tariq", &birth)
    };
    let child = patients::register(&f.store, &desk, child).await.unwrap();
    Office {
        po: actor(po_id, &[Role::PrivacyOfficer]),
        admin,
        desk,
        physio: actor(physio_id, &[Role::Physiotherapist]),
        adult: adult_id,
        child: child.id,
        guardian: child.related[0].id,
        now,
        f,
    }
}

#[test]
fn request_states_are_the_five_of_the_register() {
    let names: Vec<&str> = RequestState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(names, ["received", "identity_verified", "in_progress", "fulfilled", "refused"]);
}
