//! Roles, permissions, and the one table that says which role may do what.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Administrator,
    Reception,
    Physiotherapist,
    Psychologist,
    Pharmacist,
    PrivacyOfficer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::Reception,
        Role::Physiotherapist,
        Role::Psychologist,
        Role::Pharmacist,
        Role::PrivacyOfficer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Reception => "reception",
            Role::Physiotherapist => "physiotherapist",
            Role::Psychologist => "psychologist",
            Role::Pharmacist => "pharmacist",
            Role::PrivacyOfficer => "privacy_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles that open clinical records or the patients' rights register and exports.
    /// Nobody gives one to themselves, and one given to anybody waits for a second
    /// person (`staff::grants`).
    pub fn is_sensitive(self) -> bool {
        matches!(self, Role::Physiotherapist | Role::Psychologist | Role::Pharmacist | Role::PrivacyOfficer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    ManageStaff,
    EditClinicSettings,
    ViewAuditTrail,
    VerifyAuditTrail,
    /// Find and open patients' demographic records.
    ViewPatients,
    /// Register patients and correct their demographic details.
    RegisterPatients,
    /// Record and withdraw a patient's consents.
    RecordConsents,
    /// Change services, rooms, and practitioners' hours and time off.
    ManageCatalogue,
    /// See the appointment book (who comes when, to whom), print slips, export diaries.
    ViewSchedule,
    /// Book, move and cancel appointments and series.
    BookAppointments,
    /// Check patients in, start and complete sessions, mark no-shows, for any appointment.
    UpdateAppointmentStatus,
    /// The same, for the appointments where one is the practitioner.
    UpdateOwnAppointmentStatus,
    /// Work the reminder queue: see it, mark reminders sent, export it.
    SendReminders,
    /// Record and withdraw a patient's objections (reminders, sharing, statistics).
    RecordObjections,
    /// Edit the reminder message templates.
    EditReminderTemplates,
    /// Work the patients' rights register: record requests, take them through their
    /// steps, print the letters, edit the letter templates (privacy policy 7).
    ManageRightsRequests,
    /// Record and list disclosures outside the clinic (privacy policy 4.1, 4.2).
    RecordDisclosures,
    /// Change the retention rules (how long each kind of record is kept).
    EditRetentionRules,
    /// Review records whose retention has ended; erase or anonymise patients' records.
    EraseRecords,
    /// Export a patient's whole record (portability package) and bulk FHIR exports.
    ExportPatientData,
    /// Confirm or decline a clinical or privacy-officer role an administrator gave
    /// someone (never one they asked for or would hold themselves).
    ConfirmRoleGrants,
    /// Back up now, and see the backups' state (newest verified copy, folders' problems).
    ManageBackups,
    /// Make and issue invoices, and read patients' invoices and balances.
    Bill,
    /// Take payments and give refunds at the desk.
    TakePayments,
    /// Set the prices of services and pharmacy items, tax rates and the desk's discount limit.
    SetPrices,
    /// Void invoices, issue credit notes, and give discounts above the desk's limit.
    CorrectInvoices,
    /// See every cashier's closed days and Z reports, and the money reports (takings,
    /// balances by age).
    ViewTakings,
}

impl Permission {
    pub const ALL: [Permission; 27] = [
        Permission::ManageStaff,
        Permission::EditClinicSettings,
        Permission::ViewAuditTrail,
        Permission::VerifyAuditTrail,
        Permission::ViewPatients,
        Permission::RegisterPatients,
        Permission::RecordConsents,
        Permission::ManageCatalogue,
        Permission::ViewSchedule,
        Permission::BookAppointments,
        Permission::UpdateAppointmentStatus,
        Permission::UpdateOwnAppointmentStatus,
        Permission::SendReminders,
        Permission::RecordObjections,
        Permission::EditReminderTemplates,
        Permission::ManageRightsRequests,
        Permission::RecordDisclosures,
        Permission::EditRetentionRules,
        Permission::EraseRecords,
        Permission::ExportPatientData,
        Permission::ConfirmRoleGrants,
        Permission::ManageBackups,
        Permission::Bill,
        Permission::TakePayments,
        Permission::SetPrices,
        Permission::CorrectInvoices,
        Permission::ViewTakings,
    ];

    /// What the person is told when they lack this permission.
    pub fn refusal(self) -> &'static str {
        match self {
            Permission::ManageStaff => "Only an administrator can manage staff accounts.",
            Permission::EditClinicSettings => "Only an administrator can change the clinic's settings.",
            Permission::ViewAuditTrail | Permission::VerifyAuditTrail => {
                "Only an administrator or the privacy officer can see the audit trail."
            }
            Permission::ViewPatients => "Your role does not give access to patients' records.",
            Permission::RegisterPatients => "Only reception can register patients or change their details.",
            Permission::RecordConsents => "Only reception can record or withdraw a patient's consent.",
            Permission::ManageCatalogue => {
                "Only an administrator can change services, rooms and working hours."
            }
            Permission::ViewSchedule => "Your role does not give access to the appointment book.",
            Permission::BookAppointments => "Only reception can book, move or cancel appointments.",
            Permission::UpdateAppointmentStatus => {
                "Only reception can check patients in or change the status of another practitioner's appointment."
            }
            Permission::UpdateOwnAppointmentStatus => {
                "Only reception and practitioners can check patients in or change an appointment's status."
            }
            Permission::SendReminders => "Only reception can work the reminder queue.",
            Permission::RecordObjections => {
                "Only reception and the privacy officer can record or withdraw a patient's objection."
            }
            Permission::EditReminderTemplates => "Only an administrator can change the reminder messages.",
            Permission::ManageRightsRequests => {
                "Only the privacy officer can work on patients' rights requests."
            }
            Permission::RecordDisclosures => "Only the privacy officer can record or list disclosures.",
            Permission::EditRetentionRules => "Only an administrator can change how long records are kept.",
            Permission::EraseRecords => "Only the privacy officer can erase or anonymise patients' records.",
            Permission::ExportPatientData => "Only the privacy officer can export a patient's whole record.",
            Permission::ConfirmRoleGrants => {
                "Only the privacy officer can confirm or decline the roles given to staff."
            }
            Permission::ManageBackups => "Only an administrator can run backups or see their state.",
            Permission::Bill => "Only reception and the administrator can see or make invoices.",
            Permission::TakePayments => "Only reception can take payments or give refunds.",
            Permission::SetPrices => "Only an administrator can set prices, tax rates and the discount limit.",
            Permission::CorrectInvoices => {
                "Only an administrator can void an invoice, issue a credit note or approve a discount above the limit."
            }
            Permission::ViewTakings => "Only an administrator can see every cashier's takings and the money reports.",
        }
    }
}

/// Who may do what. Every service checks against this table, never the UI.
const TABLE: &[(Permission, &[Role])] = &[
    (Permission::ManageStaff, &[Role::Administrator]),
    (Permission::EditClinicSettings, &[Role::Administrator]),
    (Permission::ViewAuditTrail, &[Role::Administrator, Role::PrivacyOfficer]),
    (Permission::VerifyAuditTrail, &[Role::Administrator, Role::PrivacyOfficer]),
    (
        Permission::ViewPatients,
        &[Role::Reception, Role::Physiotherapist, Role::Psychologist, Role::Pharmacist, Role::PrivacyOfficer],
    ),
    (Permission::RegisterPatients, &[Role::Reception]),
    (Permission::RecordConsents, &[Role::Reception]),
    (Permission::ManageCatalogue, &[Role::Administrator]),
    (
        Permission::ViewSchedule,
        &[Role::Reception, Role::Physiotherapist, Role::Psychologist, Role::Pharmacist],
    ),
    (Permission::BookAppointments, &[Role::Reception]),
    (Permission::UpdateAppointmentStatus, &[Role::Reception]),
    (Permission::UpdateOwnAppointmentStatus, &[Role::Physiotherapist, Role::Psychologist, Role::Pharmacist]),
    (Permission::SendReminders, &[Role::Reception]),
    (Permission::RecordObjections, &[Role::Reception, Role::PrivacyOfficer]),
    (Permission::EditReminderTemplates, &[Role::Administrator]),
    (Permission::ManageRightsRequests, &[Role::PrivacyOfficer]),
    (Permission::RecordDisclosures, &[Role::PrivacyOfficer]),
    (Permission::EditRetentionRules, &[Role::Administrator]),
    (Permission::EraseRecords, &[Role::PrivacyOfficer]),
    (Permission::ExportPatientData, &[Role::PrivacyOfficer]),
    (Permission::ConfirmRoleGrants, &[Role::PrivacyOfficer]),
    (Permission::ManageBackups, &[Role::Administrator]),
    // Clinicians see no money (privacy policy 4.3: payment is the desk's business).
    (Permission::Bill, &[Role::Reception, Role::Administrator]),
    (Permission::TakePayments, &[Role::Reception]),
    (Permission::SetPrices, &[Role::Administrator]),
    (Permission::CorrectInvoices, &[Role::Administrator]),
    (Permission::ViewTakings, &[Role::Administrator]),
];

pub fn role_may(role: Role, permission: Permission) -> bool {
    TABLE.iter().any(|(p, roles)| *p == permission && roles.contains(&role))
}

pub fn permissions_of(roles: &[Role]) -> Vec<Permission> {
    Permission::ALL.into_iter().filter(|p| roles.iter().any(|r| role_may(*r, *p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;
    use Role::*;

    /// The expected table, written out role by role so a change to `TABLE` must be
    /// made here too, on purpose.
    const EXPECTED: &[(Role, &[Permission])] = &[
        // The administrator runs the system, not the front desk: no patient records. Money
        // is theirs to correct (voids, credit notes, large discounts), so they see invoices.
        (
            Administrator,
            &[
                ManageStaff,
                EditClinicSettings,
                ViewAuditTrail,
                VerifyAuditTrail,
                ManageCatalogue,
                EditReminderTemplates,
                EditRetentionRules,
                ManageBackups,
                Bill,
                SetPrices,
                CorrectInvoices,
                ViewTakings,
            ],
        ),
        (
            Reception,
            &[
                ViewPatients,
                RegisterPatients,
                RecordConsents,
                ViewSchedule,
                BookAppointments,
                UpdateAppointmentStatus,
                SendReminders,
                RecordObjections,
                Bill,
                TakePayments,
            ],
        ),
        // A practitioner moves their own patients through the day; the desk moves anyone's.
        (Physiotherapist, &[ViewPatients, ViewSchedule, UpdateOwnAppointmentStatus]),
        (Psychologist, &[ViewPatients, ViewSchedule, UpdateOwnAppointmentStatus]),
        (Pharmacist, &[ViewPatients, ViewSchedule, UpdateOwnAppointmentStatus]),
        (
            PrivacyOfficer,
            &[
                ViewAuditTrail,
                VerifyAuditTrail,
                ViewPatients,
                RecordObjections,
                ManageRightsRequests,
                RecordDisclosures,
                EraseRecords,
                ExportPatientData,
                ConfirmRoleGrants,
            ],
        ),
    ];

    #[test]
    fn every_role_has_exactly_its_permissions() {
        for (role, allowed) in EXPECTED {
            for p in Permission::ALL {
                assert_eq!(role_may(*role, p), allowed.contains(&p), "{role:?} / {p:?}");
            }
        }
        assert_eq!(EXPECTED.len(), Role::ALL.len());
    }

    #[test]
    fn several_roles_add_up() {
        let ps = permissions_of(&[Pharmacist, PrivacyOfficer]);
        assert_eq!(
            ps,
            vec![
                ViewAuditTrail,
                VerifyAuditTrail,
                ViewPatients,
                ViewSchedule,
                UpdateOwnAppointmentStatus,
                RecordObjections,
                ManageRightsRequests,
                RecordDisclosures,
                EraseRecords,
                ExportPatientData,
                ConfirmRoleGrants,
            ]
        );
        assert!(permissions_of(&[]).is_empty());
    }

    #[test]
    fn sensitive_roles_are_those_that_open_records_or_the_rights_register() {
        for r in Role::ALL {
            let opens = [ViewPatients, ManageRightsRequests, ExportPatientData, ConfirmRoleGrants]
                .into_iter()
                .any(|p| role_may(r, p));
            // Reception sees demographics for the desk's work, not clinical records.
            assert_eq!(r.is_sensitive(), opens && r != Reception, "{r:?}");
        }
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
