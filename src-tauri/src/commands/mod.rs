//! Thin `#[tauri::command]` handlers: take the session token, call one service,
//! return its result. No SQL and no rules here.

pub mod audit;
pub mod backups;
pub mod billing;
pub mod billing_records;
pub mod catalogue;
pub mod clinic;
pub mod history;
pub mod measures;
pub mod patients;
pub mod pharmacy;
pub mod portability;
pub mod records;
pub mod reminders;
pub mod retention;
pub mod rights;
pub mod scheduling;
pub mod session;
pub mod setup;
pub mod staff;

/// Every command, for `tauri::generate_handler!`.
#[macro_export]
macro_rules! all_commands {
    () => {
        tauri::generate_handler![
            $crate::commands::setup::app_status,
            $crate::commands::setup::begin_setup,
            $crate::commands::setup::confirm_recovery_key,
            $crate::commands::setup::complete_setup,
            $crate::commands::setup::recover_with_key,
            $crate::commands::setup::restore_backup,
            $crate::commands::session::sign_in,
            $crate::commands::session::choose_password,
            $crate::commands::session::sign_out,
            $crate::commands::session::lock_session,
            $crate::commands::session::unlock_session,
            $crate::commands::session::note_activity,
            $crate::commands::session::set_my_language,
            $crate::commands::staff::list_staff,
            $crate::commands::staff::create_staff,
            $crate::commands::staff::update_staff,
            $crate::commands::staff::set_staff_active,
            $crate::commands::staff::reset_staff_password,
            $crate::commands::staff::list_role_grants,
            $crate::commands::staff::confirm_role_grant,
            $crate::commands::staff::decline_role_grant,
            $crate::commands::staff::confirm_role_grant_with_recovery_key,
            $crate::commands::clinic::get_clinic_profile,
            $crate::commands::clinic::update_clinic_profile,
            $crate::commands::clinic::get_settings,
            $crate::commands::clinic::update_settings,
            $crate::commands::audit::list_audit,
            $crate::commands::audit::verify_audit,
            $crate::commands::backups::back_up_now,
            $crate::commands::backups::backup_status,
            $crate::commands::backups::set_backup_policy,
            $crate::commands::catalogue::list_services,
            $crate::commands::catalogue::save_service,
            $crate::commands::catalogue::list_rooms,
            $crate::commands::catalogue::save_room,
            $crate::commands::catalogue::get_working_hours,
            $crate::commands::catalogue::set_working_hours,
            $crate::commands::catalogue::list_time_off,
            $crate::commands::catalogue::add_time_off,
            $crate::commands::patients::search_patients,
            $crate::commands::patients::find_duplicate_patients,
            $crate::commands::patients::register_patient,
            $crate::commands::patients::get_patient,
            $crate::commands::patients::update_patient,
            $crate::commands::patients::record_consent,
            $crate::commands::patients::withdraw_consent,
            $crate::commands::scheduling::list_practitioners,
            $crate::commands::scheduling::appointments_on_day,
            $crate::commands::scheduling::appointments_between,
            $crate::commands::scheduling::get_appointment,
            $crate::commands::scheduling::appointment_history,
            $crate::commands::scheduling::check_slot,
            $crate::commands::scheduling::find_free_slots,
            $crate::commands::scheduling::book_appointment,
            $crate::commands::scheduling::preview_series,
            $crate::commands::scheduling::book_series,
            $crate::commands::scheduling::set_appointment_status,
            $crate::commands::scheduling::cancel_appointment,
            $crate::commands::scheduling::reschedule_appointment,
            $crate::commands::scheduling::print_slip,
            $crate::commands::scheduling::export_practitioner_ics,
            $crate::commands::reminders::reminder_queue,
            $crate::commands::reminders::mark_reminder_sent,
            $crate::commands::reminders::export_reminders_csv,
            $crate::commands::reminders::reminder_templates,
            $crate::commands::reminders::set_reminder_template,
            $crate::commands::reminders::list_objections,
            $crate::commands::reminders::record_objection,
            $crate::commands::reminders::withdraw_objection,
            // records (notes, templates, emergency access):
            $crate::commands::records::list_note_templates,
            $crate::commands::records::add_note_template,
            $crate::commands::records::set_note_template_active,
            $crate::commands::records::start_note,
            $crate::commands::records::save_note_draft,
            $crate::commands::records::my_note_drafts,
            $crate::commands::records::sign_note,
            $crate::commands::records::amend_note,
            $crate::commands::records::discard_note_draft,
            $crate::commands::records::list_notes,
            $crate::commands::records::get_note,
            $crate::commands::records::latest_note,
            $crate::commands::records::break_glass,
            $crate::commands::records::emergency_status,
            // history (conditions, allergies, medications, attachments):
            $crate::commands::history::list_history,
            $crate::commands::history::add_condition,
            $crate::commands::history::update_condition,
            $crate::commands::history::add_allergy,
            $crate::commands::history::update_allergy,
            $crate::commands::history::add_medication,
            $crate::commands::history::update_medication,
            $crate::commands::history::upload_attachment,
            $crate::commands::history::list_attachments,
            $crate::commands::history::open_attachment,
            // pharmacy:
            $crate::commands::pharmacy::list_pharmacy_items,
            $crate::commands::pharmacy::save_pharmacy_item,
            $crate::commands::pharmacy::receive_stock,
            $crate::commands::pharmacy::list_stock,
            $crate::commands::pharmacy::dispense,
            $crate::commands::pharmacy::list_dispensings,
            // measures, timeline, record PDF:
            $crate::commands::measures::instrument_info,
            $crate::commands::measures::record_measure,
            $crate::commands::measures::list_measures,
            $crate::commands::measures::risk_flags,
            $crate::commands::measures::chart_disclosures,
            $crate::commands::measures::patient_timeline,
            $crate::commands::measures::export_record_pdf,
            // patients' rights (requests, letters, disclosures):
            $crate::commands::rights::rights_dashboard,
            $crate::commands::rights::list_rights_requests,
            $crate::commands::rights::get_rights_request,
            $crate::commands::rights::record_rights_request,
            $crate::commands::rights::verify_rights_identity,
            $crate::commands::rights::start_rights_work,
            $crate::commands::rights::fulfil_rights_request,
            $crate::commands::rights::refuse_rights_request,
            $crate::commands::rights::fulfil_access_request,
            $crate::commands::rights::fulfil_portability_request,
            $crate::commands::rights::fulfil_deletion_request,
            $crate::commands::rights::export_rights_letter,
            $crate::commands::rights::rights_letter_templates,
            $crate::commands::rights::set_rights_letter_template,
            $crate::commands::rights::rights_due_days,
            $crate::commands::rights::set_rights_due_days,
            $crate::commands::rights::list_disclosures,
            $crate::commands::rights::record_disclosure,
            // retention:
            $crate::commands::retention::retention_rules,
            $crate::commands::retention::set_retention_rule,
            $crate::commands::retention::erase_patient,
            $crate::commands::retention::erase_patient_records,
            $crate::commands::retention::anonymise_patient,
            $crate::commands::retention::retention_review,
            $crate::commands::retention::retention_due_count,
            $crate::commands::retention::process_retention_review,
            // bulk FHIR export:
            $crate::commands::portability::export_fhir_bulk,
            $crate::commands::portability::cancel_export,
            // billing records: a patient's statement, a price's history
            $crate::commands::billing_records::billing_statement,
            $crate::commands::billing_records::price_history,
            // billing (prices, invoices, credit notes, payments, refunds, accounts):
            $crate::commands::billing::price_list,
            $crate::commands::billing::set_service_price,
            $crate::commands::billing::set_item_price,
            $crate::commands::billing::billing_settings,
            $crate::commands::billing::set_billing_settings,
            $crate::commands::billing::create_invoice,
            $crate::commands::billing::issue_invoice,
            $crate::commands::billing::discard_draft_invoice,
            $crate::commands::billing::void_invoice,
            $crate::commands::billing::issue_credit_note,
            $crate::commands::billing::get_invoice,
            $crate::commands::billing::take_payment,
            $crate::commands::billing::refund_payment,
            $crate::commands::billing::patient_account,
            $crate::commands::billing::sell_package,
            $crate::commands::billing::use_package_session,
            $crate::commands::billing::return_package_session,
            $crate::commands::billing::refund_package,
            $crate::commands::billing::patient_packages,
        ]
    };
}
