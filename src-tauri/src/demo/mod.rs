//! The demo clinic a newcomer can explore: one account per role. The passwords are
//! printed in the README; they are for the demo only.

mod catalogue;
mod patients;

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
];

pub const DEMO_PASSWORD: &str = "demo-clinic-2026";

pub async fn seed(store: &Store, workstation: &str) -> AppResult<()> {
    // One hash for all accounts: argon2 is slow on purpose and this is demo data.
    let hash = password::hash_off_thread(DEMO_PASSWORD.to_string()).await?;
    let origin = staff::anonymous(workstation);
    let mut tx = store.begin_write().await?;
    clinic::set_profile_in(
        tx.conn(),
        &ClinicProfileInput {
            name: "Al-Hayat Clinic (demo)".into(),
            address: "Bahria Town, Lahore, Punjab, Pakistan".into(),
            phone: "+92 300 1010592".into(),
            logo_data_url: None,
        },
    )
    .await?;
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
    let practitioners: Vec<i64> = ids
        .iter()
        .filter(|(_, roles)| {
            roles.iter().any(|r| matches!(r, Role::Physiotherapist | Role::Psychologist | Role::Pharmacist))
        })
        .map(|(id, _)| *id)
        .collect();
    catalogue::seed(store, &with_role(Role::Administrator), &practitioners).await?;
    patients::seed(store, &with_role(Role::Reception)).await
}
