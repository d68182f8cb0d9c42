//! The demo clinic a newcomer can explore: one account per role and five
//! practitioners across the three disciplines, three rooms, 200 patients, two weeks of
//! appointments, and clinical records (notes, history, pharmacy, scores). The
//! passwords are printed in the README; demo only.

mod appointments;
mod catalogue;
mod patients;
mod records;

use crate::audit::AuditAction;
use crate::auth::{password, Actor, Role};
use crate::clinic::{self, ClinicProfileInput};
use crate::error::AppResult;
use crate::staff;
use crate::store::Store;

/// (user name, full name, roles). Every demo account's password is `DEMO_PASSWORD`.
pub const ACCOUNTS: &[(&str, &str, &[Role])] = &[
    ("admin", "Imran Qureshi", &[Role::Administrator]),
    ("reception", "Sana Malik", &[Role::Reception]),
    ("physio", "Dr. Bilal Ahmed", &[Role::Physiotherapist]),
    ("psych", "Dr. Ayesha Siddiqui", &[Role::Psychologist]),
    ("pharmacist", "Hamza Sheikh", &[Role::Pharmacist]),
    ("privacy", "Nadia Hussain", &[Role::PrivacyOfficer]),
    ("physio2", "Dr. Sara Javed", &[Role::Physiotherapist]),
    ("psych2", "Dr. Omar Farooq", &[Role::Psychologist]),
];

const ALL_WEEK: &[u8] = &[1, 2, 3, 4, 5, 6];
const MORNING: (&str, &str) = ("09:00", "13:00");
const AFTERNOON: (&str, &str) = ("14:00", "17:00");

/// Who works when, where, and how far apart their appointments start:
/// (user name, service, room, weekdays, periods, minutes between starts).
/// The two psychologists share the counselling room, one in the morning and one in the
/// afternoon; the pharmacist uses therapy room 2 on the days the second physiotherapist is off.
type RotaRow =
    (&'static str, &'static str, &'static str, &'static [u8], &'static [(&'static str, &'static str)], i64);
const ROTA: &[RotaRow] = &[
    ("physio", "Physiotherapy session", "Therapy room 1", ALL_WEEK, &[MORNING, AFTERNOON], 60),
    ("physio2", "Physiotherapy session", "Therapy room 2", &[1, 3, 5], &[MORNING, AFTERNOON], 60),
    ("psych", "Psychology consultation", "Counselling room", ALL_WEEK, &[MORNING], 60),
    ("psych2", "Psychology consultation", "Counselling room", ALL_WEEK, &[AFTERNOON], 60),
    ("pharmacist", "Pharmacy consultation", "Therapy room 2", &[2, 4, 6], &[MORNING, AFTERNOON], 30),
];

pub const DEMO_PASSWORD: &str = "demo-clinic-2026";
pub const CLINIC_NAME: &str = "Al-Hayat Clinic (demo)";

pub async fn seed(store: &Store, workstation: &str) -> AppResult<()> {
    // One hash for all accounts: argon2 is slow on purpose and this is demo data.
    let hash = password::hash_off_thread(DEMO_PASSWORD.to_string()).await?;
    let origin = staff::anonymous(workstation);
    let mut tx = store.begin_write().await?;
    clinic::set_profile_in(
        tx.conn(),
        &ClinicProfileInput {
            name: CLINIC_NAME.into(),
            address: "Bahria Town, Lahore, Punjab, Pakistan".into(),
            phone: "+92 300 1010592".into(),
            logo_data_url: None,
        },
    )
    .await?;
    clinic::mark_demo(tx.conn()).await?;
    tx.audit(origin.entry(AuditAction::Setup, "clinic_profile", Some("1".into()), "demo clinic created"))
        .await?;
    let mut ids = Vec::new();
    for (username, full_name, roles) in ACCOUNTS {
        let id = staff::insert(tx.conn(), username, full_name, &hash, roles).await?;
        ids.push((id, *roles));
        let roles = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
        tx.audit(origin.entry(AuditAction::Create, "staff", Some(id.to_string()), format!("roles {roles}")))
            .await?;
    }
    tx.commit().await?;
    let with_role = |role: Role| Actor {
        staff_id: ids
            .iter()
            .find(|(_, roles)| roles.contains(&role))
            .map(|(id, _)| *id)
            .expect("one account per role"),
        roles: vec![role],
        workstation: workstation.to_string(),
    };
    let admin = with_role(Role::Administrator);
    let desk = with_role(Role::Reception);
    let (services, rooms) = catalogue::seed(store, &admin).await?;
    let id_of = |list: &[(&str, i64)], name: &str| list.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
    let mut rota = Vec::new();
    for (username, service, room, weekdays, periods, every_minutes) in ROTA {
        let at = ACCOUNTS.iter().position(|(u, _, _)| u == username).expect("a demo account");
        let practitioner = ids[at].0;
        catalogue::set_week(store, &admin, practitioner, weekdays, periods).await?;
        rota.push(appointments::Rota {
            practitioner,
            service: id_of(&services, service).expect("a demo service"),
            room: id_of(&rooms, room).expect("a demo room"),
            every_minutes: *every_minutes,
        });
    }
    let patients = patients::seed(store, &desk).await?;
    appointments::seed(store, &desk, &rota, &patients).await?;
    let staff: Vec<(i64, Role)> = ids.iter().map(|(id, roles)| (*id, roles[0])).collect();
    records::seed(store, &desk, &staff, &patients).await
}
