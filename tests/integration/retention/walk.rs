//! Every command that takes a patient id, an appointment id, or an id that leads to one
//! (a consent, an objection, a note, a condition, an attachment, a rights request …) is
//! called, through the service behind it, on a patient restricted after a deletion
//! request, as each role but the privacy officer's. A role the command is open to gets
//! exactly "This patient's record is restricted. Ask the privacy officer."; any other
//! role gets its own refusal. Nothing is ever returned.
//!
//! The walk cannot be forgotten: the commands are read from both crates' command files and each
//! command's parameters from its file, and a command whose parameters (or the fields of
//! its request types) carry an id must be walked here or listed in `NO_PATIENT_BEHIND`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use alhayat::auth::{Actor, Role};
use alhayat::billing;
use alhayat::downloads::Downloads;
use alhayat::error::AppResult;
use alhayat::measures::{self, Instrument, MeasureInput};
use alhayat::patients::{self, ConsentInput, ConsentMethod, ConsentPurpose, ObjectionPurpose};
use alhayat::pharmacy::{self, DispenseInput};
use alhayat::portability::{self, BulkPurpose, BulkRequest};
use alhayat::records::{
    self, AllergyInput, AllergySeverity, AllergyStatus, AttachmentUpload, ConditionInput, ConditionStatus,
    Discipline, ExportPurpose, MedicationInput, TimelineQuery,
};
use alhayat::reminders::{self, Channel};
use alhayat::retention::{self, RecordKind, ReviewAction, RESTRICTED};
use alhayat::rights::{
    self, DeletionMode, DisclosureInput, DisclosurePurpose, FulfilInput, IdentityCheck, IdentityMethod,
    RefuseInput, RequestInput, RequestedBy,
};
use alhayat::scheduling::{
    self, BookingInput, CancelInput, CancelledBy, OccurrenceChoice, RescheduleInput, Scope, SeriesInput,
    SlotQuery, Status,
};
use alhayat::staff::Language;

use super::seed::{register, team, visit, Team};
use crate::scheduling::{at, monday};
use crate::support::*;

/// Commands whose ids are of staff, rooms, services, templates or stock: no patient
/// behind them. (The practitioner's diary and the audit viewer take a practitioner or a
/// filter; what they show of restricted patients is tested in `restriction.rs`.)
const NO_PATIENT_BEHIND: &[&str] = &[
    // staff accounts
    "update_staff",
    "set_staff_active",
    "reset_staff_password",
    // a staff account's waiting role (the id is the grant's)
    "confirm_role_grant",
    "decline_role_grant",
    "confirm_role_grant_with_recovery_key",
    // services, rooms, practitioners' hours and time off
    "save_service",
    "save_room",
    "get_working_hours",
    "set_working_hours",
    "list_time_off",
    "add_time_off",
    // note templates, pharmacy items and stock
    "set_note_template_active",
    "save_pharmacy_item",
    "receive_stock",
    "list_stock",
    // prices of services and pharmacy items
    "set_service_price",
    "set_item_price",
    "price_history",
    // a practitioner's or a room's calendar, and a practitioner's diary: a restricted
    // patient's slot is in them with nobody's name or MRN
    "appointments_between",
    "export_practitioner_ics",
    // the audit trail (administrator, privacy officer): it must show every access, restricted or not
    "list_audit",
    // a cashier's closed day: totals by method and payment numbers, no patient named
    "z_report_pdf",
];

use Role::*;
const NON_PRIVACY: [Role; 5] = [Administrator, Reception, Physiotherapist, Psychologist, Pharmacist];
const CLINICIANS: &[Role] = &[Physiotherapist, Psychologist, Pharmacist];
const SCHEDULE: &[Role] = &[Reception, Physiotherapist, Psychologist, Pharmacist];
const DESK: &[Role] = &[Reception];
/// Invoices and balances: the desk, and the administrator who approves and corrects.
const BILLING: &[Role] = &[Administrator, Reception];
const ADMIN: &[Role] = &[Administrator];
const OWN_PATIENTS: &[Role] = &[Reception, Physiotherapist];
const EVERYONE: &[Role] = &[Administrator, Reception, Physiotherapist, Psychologist, Pharmacist];
/// Privacy officer only: every other role is refused by its permission first.
const NOBODY: &[Role] = &[];

/// The restricted patient and an id of each kind of thing that leads to them.
struct World {
    t: Team,
    actors: BTreeMap<Role, Actor>,
    p: i64,
    visit: i64,
    future: i64,
    consent: i64,
    objection: i64,
    note: i64,
    draft: i64,
    condition: i64,
    allergy: i64,
    medication: i64,
    attachment: i64,
    request: i64,
    item: i64,
    draft_invoice: i64,
    invoice: i64,
    payment: i64,
    package: i64,
    dl: Downloads,
    _out: tempfile::TempDir,
}

async fn id_of(t: &Team, sql: &str, p: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(p)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap()
}

async fn world() -> World {
    let t = team().await;
    let s = &t.d.f.store;
    let pharmacist = add_staff(s, "hamza", "Hamza Sheikh", &[Pharmacist]).await;
    let actors: BTreeMap<Role, Actor> = [
        (Administrator, t.d.admin.clone()),
        (Reception, t.d.desk.clone()),
        (Physiotherapist, actor(t.d.bilal, &[Physiotherapist])),
        (Psychologist, actor(t.d.ayesha, &[Psychologist])),
        (Pharmacist, actor(pharmacist, &[Pharmacist])),
    ]
    .into();
    let person = register(
        &t,
        "Mehwish Akhtar",
        "Javed Iqbal Chaudhry",
        "1990-02-11",
        "35202-3334445-6",
        "0301-2223334",
    )
    .await;
    let p = person.id;
    visit(&t, &person, "2025-05-05").await;
    let booking = BookingInput {
        patient_id: p,
        practitioner_id: t.d.bilal,
        service_id: t.d.physio,
        room_id: t.d.room1,
        starts_at: at(monday(1), 1, "10:00"),
        ends_at: None,
        past_reason: None,
    };
    let future = scheduling::book(s, &t.d.desk, booking).await.unwrap().id;
    let reminders = ConsentInput {
        purpose: ConsentPurpose::RemindersSms,
        given_by: "the patient".into(),
        method: ConsentMethod::InPerson,
    };
    patients::record_consent(s, &t.d.desk, p, reminders).await.unwrap();
    let objection =
        patients::record_objection(s, &t.d.desk, p, ObjectionPurpose::Sharing).await.unwrap()[0].id;
    let bilal = &actors[&Physiotherapist];
    let draft = records::start_note(s, bilal, p, 1, None).await.unwrap().summary.id;
    let band = |price: &str| billing::InvoiceInput {
        patient_id: p,
        appointment_id: None,
        dispensing_id: None,
        lines: vec![billing::LineInput {
            kind: billing::LineKind::Other,
            service_id: None,
            item_id: None,
            quantity: 1.0,
            description: Some("Exercise band".into()),
            unit_price: Some(price.into()),
            discount: None,
        }],
        discount: None,
    };
    let draft_invoice = billing::create_invoice(s, &t.d.desk, band("200")).await.unwrap().id;
    let invoice = billing::create_invoice(s, &t.d.desk, band("500")).await.unwrap().id;
    billing::issue_invoice(s, &t.d.desk, invoice).await.unwrap();
    let cash = billing::PaymentPart {
        method: billing::PaymentMethod::Cash,
        amount: "800".into(),
        tendered: None,
        reference: None,
    };
    let paid = billing::PaymentInput { patient_id: p, invoice_id: None, parts: vec![cash] };
    let payment = billing::take_payment(s, &t.d.desk, paid).await.unwrap().payments[0].id;
    let sold = billing::PackageInput {
        patient_id: p,
        service_id: t.d.physio,
        sessions: 5.0,
        price: "12,000".into(),
        expires_on: (patients::clinic_today() + chrono::Duration::days(90)).to_string(),
    };
    let package = billing::sell_package(s, &t.d.desk, sold).await.unwrap().id;

    // The patient asks for deletion; the recent records must be kept, so they are restricted.
    let now = chrono::Utc::now();
    let input = RequestInput {
        kind: "deletion".into(),
        patient_id: p,
        requested_by: RequestedBy::Patient,
        guardian_id: None,
        details: String::new(),
        received_on: rights::clinic_date(now).to_string(),
        due_on: String::new(),
    };
    let request = rights::record_request(s, &t.privacy, input, now).await.unwrap().id;
    let check = IdentityCheck { method: IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
    rights::verify_identity(s, &t.privacy, request, check, now).await.unwrap();
    rights::start_work(s, &t.privacy, request, String::new(), now).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let dl = Downloads::new(Some(out.path().to_path_buf()), out.path());
    let done = rights::fulfil_deletion(s, &t.privacy, request, DeletionMode::Erase, &dl, now).await.unwrap();
    assert!(!done.erasure.as_ref().expect("erased what could go").patient_erased);
    assert!(retention::is_restricted(&mut s.pool().acquire().await.unwrap(), p).await.unwrap());

    World {
        visit: id_of(&t, "SELECT id FROM appointments WHERE patient_id = ? AND status = 'completed'", p)
            .await,
        consent: id_of(&t, "SELECT min(id) FROM consents WHERE patient_id = ?", p).await,
        note: id_of(&t, "SELECT id FROM notes WHERE patient_id = ? AND status = 'signed'", p).await,
        condition: id_of(&t, "SELECT id FROM conditions WHERE patient_id = ?", p).await,
        allergy: id_of(&t, "SELECT id FROM allergies WHERE patient_id = ?", p).await,
        medication: id_of(&t, "SELECT id FROM medications WHERE patient_id = ?", p).await,
        attachment: id_of(&t, "SELECT id FROM attachments WHERE patient_id = ?", p).await,
        item: id_of(&t, "SELECT item_id FROM dispensings WHERE patient_id = ?", p).await,
        t,
        actors,
        p,
        future,
        objection,
        draft,
        draft_invoice,
        invoice,
        payment,
        package,
        request,
        dl,
        _out: out,
    }
}

fn unit<T>(r: AppResult<T>) -> AppResult<()> {
    r.map(|_| ())
}

/// Calls the service behind `command` as `a`, with the restricted patient's ids. Returns
/// the roles the command is open to and what the call gave, or `None` when the command
/// is not walked.
async fn call(w: &World, command: &str, a: &Actor) -> Option<(&'static [Role], AppResult<()>)> {
    let s = &w.t.d.f.store;
    let now = chrono::Utc::now();
    let booking = BookingInput {
        patient_id: w.p,
        practitioner_id: w.t.d.bilal,
        service_id: w.t.d.physio,
        room_id: w.t.d.room1,
        starts_at: at(monday(2), 2, "10:00"),
        ends_at: None,
        past_reason: None,
    };
    let series = SeriesInput {
        first: booking.clone(),
        every_weeks: 1,
        weekdays: vec![3],
        until: None,
        count: Some(2),
    };
    let consent = ConsentInput {
        purpose: ConsentPurpose::RemindersWhatsapp,
        given_by: "the patient".into(),
        method: ConsentMethod::InPerson,
    };
    let condition = ConditionInput {
        description: "Neck pain".into(),
        icd10: None,
        onset: None,
        status: ConditionStatus::Active,
    };
    let allergy = AllergyInput {
        substance: "Aspirin".into(),
        reaction: None,
        severity: AllergySeverity::Mild,
        status: AllergyStatus::Active,
    };
    let medication = MedicationInput {
        name: "Paracetamol".into(),
        strength: None,
        dose: None,
        route: None,
        frequency: None,
        starts_on: None,
        stops_on: None,
        prescriber: None,
    };
    let measure = MeasureInput {
        patient_id: w.p,
        instrument: Instrument::Nprs,
        items: vec![4.0],
        activities: Vec::new(),
        taken_on: patients::clinic_today().to_string(),
        appointment_id: None,
    };
    let cancel = || Arc::new(AtomicBool::new(false));
    let r = match command {
        // patients
        "get_patient" => (SCHEDULE, unit(patients::get(s, a, w.p).await)),
        "update_patient" => {
            let input = crate::patients::adult("Mehwish Akhtar", "1990-02-11");
            (DESK, unit(patients::update(s, a, w.p, input).await))
        }
        "record_consent" => (DESK, unit(patients::record_consent(s, a, w.p, consent).await)),
        "withdraw_consent" => (DESK, unit(patients::withdraw_consent(s, a, w.consent).await)),
        // the appointment book
        "get_appointment" => (SCHEDULE, unit(scheduling::get(s, a, w.visit).await)),
        "appointment_history" => (SCHEDULE, unit(scheduling::history(s, a, w.visit).await)),
        "check_slot" => (SCHEDULE, unit(scheduling::check_slot(s, a, booking, None).await)),
        "find_free_slots" => {
            let q = SlotQuery {
                patient_id: w.p,
                practitioner_id: w.t.d.bilal,
                service_id: w.t.d.physio,
                room_id: None,
                from: None,
                count: None,
            };
            (SCHEDULE, unit(scheduling::free_slots(s, a, q).await))
        }
        "book_appointment" => (DESK, unit(scheduling::book(s, a, booking).await)),
        "preview_series" => (SCHEDULE, unit(scheduling::preview_series(s, a, series).await)),
        "book_series" => {
            let none: Vec<OccurrenceChoice> = Vec::new();
            (DESK, unit(scheduling::book_series(s, a, series, none).await))
        }
        // The desk moves anyone's patients through the day, a practitioner only their
        // own: the booking is the physiotherapist's.
        "set_appointment_status" => {
            (OWN_PATIENTS, unit(scheduling::set_status(s, a, w.future, Status::Arrived).await))
        }
        "cancel_appointment" => {
            let c = CancelInput { by: CancelledBy::Clinic, reason: "Room closed".into(), scope: Scope::This };
            (DESK, unit(scheduling::cancel(s, a, w.future, c).await))
        }
        "reschedule_appointment" => {
            let m = RescheduleInput {
                starts_at: at(monday(2), 3, "11:00"),
                ends_at: None,
                practitioner_id: None,
                room_id: None,
                scope: Scope::This,
                reason: None,
            };
            (DESK, unit(scheduling::reschedule(s, a, w.future, m).await))
        }
        "print_slip" => (SCHEDULE, unit(scheduling::slip(s, a, w.visit).await)),
        // reminders and objections
        "mark_reminder_sent" => (DESK, unit(reminders::mark_sent(s, a, w.future, Channel::Sms, now).await)),
        "list_objections" => (SCHEDULE, unit(patients::objections(s, a, w.p).await)),
        "record_objection" => {
            (DESK, unit(patients::record_objection(s, a, w.p, ObjectionPurpose::Statistics).await))
        }
        "withdraw_objection" => (DESK, unit(patients::withdraw_objection(s, a, w.objection).await)),
        // notes and emergency access: the record's door (`Sight`) asks first, whoever knocks
        "start_note" => (EVERYONE, unit(records::start_note(s, a, w.p, 1, None).await)),
        "save_note_draft" => {
            let content = [("subjective".to_string(), "Better".to_string())].into();
            (EVERYONE, unit(records::save_draft(s, a, w.draft, content).await))
        }
        "my_note_drafts" => (CLINICIANS, unit(records::my_drafts(s, a, Some(w.p)).await)),
        "sign_note" => (EVERYONE, unit(records::sign_note(s, a, w.draft).await)),
        "amend_note" => (EVERYONE, unit(records::amend_note(s, a, w.note, "Wrong pain score").await)),
        "discard_note_draft" => (EVERYONE, unit(records::discard_draft(s, a, w.draft).await)),
        "list_notes" => (EVERYONE, unit(records::notes_of(s, a, w.p, None).await)),
        "get_note" => (EVERYONE, unit(records::get_note(s, a, w.note).await)),
        "latest_note" => (EVERYONE, unit(records::latest_note(s, a, w.p, Discipline::Physiotherapy).await)),
        "break_glass" => {
            (CLINICIANS, unit(records::break_glass(s, a, w.p, "Collapsed in the waiting room").await))
        }
        "emergency_status" => (EVERYONE, unit(records::emergency_status(s, a, w.p).await)),
        // history and attachments
        "list_history" => (EVERYONE, unit(records::history_of(s, a, w.p).await)),
        "add_condition" => (EVERYONE, unit(records::add_condition(s, a, w.p, condition).await)),
        "update_condition" => (EVERYONE, unit(records::update_condition(s, a, w.condition, condition).await)),
        "add_allergy" => (EVERYONE, unit(records::add_allergy(s, a, w.p, allergy).await)),
        "update_allergy" => (EVERYONE, unit(records::update_allergy(s, a, w.allergy, allergy).await)),
        "add_medication" => (EVERYONE, unit(records::add_medication(s, a, w.p, medication).await)),
        "update_medication" => {
            (EVERYONE, unit(records::update_medication(s, a, w.medication, medication).await))
        }
        "upload_attachment" => {
            let meta = AttachmentUpload {
                patient_id: w.p,
                title: None,
                file_name: "scan.png".into(),
                mime: "image/png".into(),
                discipline: None,
            };
            let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
            (EVERYONE, unit(records::upload_attachment(s, a, meta, &png).await))
        }
        "list_attachments" => (EVERYONE, unit(records::list_attachments(s, a, w.p).await)),
        "open_attachment" => (EVERYONE, unit(records::open_attachment(s, a, w.attachment).await)),
        // pharmacy, measures, the chart, the record PDF
        "dispense" => {
            let d = DispenseInput {
                patient_id: w.p,
                item_id: w.item,
                batch_id: None,
                quantity: 1.0,
                instructions: "One tablet".into(),
                allergy_override_reason: None,
                appointment_id: None,
            };
            (EVERYONE, unit(pharmacy::dispense(s, a, d).await))
        }
        "list_dispensings" => (EVERYONE, unit(pharmacy::list_dispensings(s, a, w.p).await)),
        "record_measure" => (EVERYONE, unit(measures::record(s, a, measure).await)),
        "list_measures" => (EVERYONE, unit(measures::list(s, a, w.p, None).await)),
        "risk_flags" => (CLINICIANS, unit(measures::risk_flags(s, a, w.p).await)),
        "chart_disclosures" => (CLINICIANS, unit(records::chart_disclosures(s, a, w.p).await)),
        "patient_timeline" => {
            let q = TimelineQuery { patient_id: w.p, ..Default::default() };
            (CLINICIANS, unit(records::timeline(s, a, q).await))
        }
        "export_record_pdf" => (CLINICIANS, unit(records::record_pdf(s, a, w.p, ExportPurpose::Care).await)),
        // the privacy officer's own work: the rights register, disclosures, retention, exports
        "list_rights_requests" => (NOBODY, unit(rights::list_requests(s, a, Some(w.p)).await)),
        "get_rights_request" => (NOBODY, unit(rights::get_request(s, a, w.request).await)),
        "record_rights_request" => {
            let input = RequestInput {
                kind: "access".into(),
                patient_id: w.p,
                requested_by: RequestedBy::Patient,
                guardian_id: None,
                details: String::new(),
                received_on: rights::clinic_date(now).to_string(),
                due_on: String::new(),
            };
            (NOBODY, unit(rights::record_request(s, a, input, now).await))
        }
        "verify_rights_identity" => {
            let c = IdentityCheck { method: IdentityMethod::CnicSeen, notes: String::new() };
            (NOBODY, unit(rights::verify_identity(s, a, w.request, c, now).await))
        }
        "start_rights_work" => (NOBODY, unit(rights::start_work(s, a, w.request, String::new(), now).await)),
        "fulfil_rights_request" => {
            let f = FulfilInput {
                outcome_details: String::new(),
                objection_purposes: Vec::new(),
                correction: None,
            };
            (NOBODY, unit(rights::fulfil(s, a, w.request, f, now).await))
        }
        "refuse_rights_request" => {
            let r = RefuseInput { reason: "Not on record".into(), statement: None, disputes: None };
            (NOBODY, unit(rights::refuse(s, a, w.request, r, now).await))
        }
        "fulfil_access_request" => (NOBODY, unit(rights::fulfil_access(s, a, w.request, &w.dl, now).await)),
        "fulfil_portability_request" => {
            (NOBODY, unit(rights::fulfil_portability(s, a, w.request, &w.dl, cancel(), now).await))
        }
        "fulfil_deletion_request" => {
            (NOBODY, unit(rights::fulfil_deletion(s, a, w.request, DeletionMode::Erase, &w.dl, now).await))
        }
        "export_rights_letter" => {
            (NOBODY, unit(rights::letter_pdf(s, a, w.request, Language::En, now).await))
        }
        "list_disclosures" => (NOBODY, unit(rights::list_disclosures(s, a, w.p).await)),
        "record_disclosure" => {
            let d = DisclosureInput {
                patient_id: w.p,
                recipient: "Services Hospital".into(),
                purpose: DisclosurePurpose::Legal,
                reason: "Court order".into(),
                what: "Notes".into(),
                disclosed_on: rights::clinic_date(now).to_string(),
            };
            (NOBODY, unit(rights::record_disclosure(s, a, d, now).await))
        }
        "erase_patient" => (NOBODY, unit(retention::erase_patient(s, a, w.p, None).await)),
        "erase_patient_records" => {
            (NOBODY, unit(retention::erase_records(s, a, w.p, &[RecordKind::Appointments], None).await))
        }
        "anonymise_patient" => (NOBODY, unit(retention::anonymise_patient(s, a, w.p, None).await)),
        "process_retention_review" => {
            let mut report = |_| {};
            (NOBODY, unit(retention::process_review(s, a, &[w.p], ReviewAction::Erase, 1, &mut report).await))
        }
        "export_portability_package" => {
            (NOBODY, unit(portability::patient_package(s, a, w.p, &w.dl, cancel()).await))
        }
        "export_fhir_bulk" => {
            let req = BulkRequest { purpose: BulkPurpose::Transfer, patient_ids: Some(vec![w.p]) };
            (NOBODY, unit(portability::bulk_export(s, a, req, w._out.path(), |_| {}, cancel()).await))
        }
        // billing: invoices, payments, the patient's account
        "create_invoice" => {
            let input = billing::InvoiceInput {
                patient_id: w.p,
                appointment_id: None,
                dispensing_id: None,
                lines: vec![billing::LineInput {
                    kind: billing::LineKind::Other,
                    service_id: None,
                    item_id: None,
                    quantity: 1.0,
                    description: Some("Hot pack".into()),
                    unit_price: Some("150".into()),
                    discount: None,
                }],
                discount: None,
            };
            (BILLING, unit(billing::create_invoice(s, a, input).await))
        }
        "issue_invoice" => (BILLING, unit(billing::issue_invoice(s, a, w.draft_invoice).await)),
        "discard_draft_invoice" => (BILLING, unit(billing::discard_draft(s, a, w.draft_invoice).await)),
        "get_invoice" => (BILLING, unit(billing::get_invoice(s, a, w.invoice).await)),
        "patient_account" => (BILLING, unit(billing::patient_account(s, a, w.p).await)),
        "void_invoice" => (ADMIN, unit(billing::void_invoice(s, a, w.invoice, "Entered twice").await)),
        "issue_credit_note" => {
            let note = billing::CreditNoteInput { amount: "100".into(), reason: "Price agreed lower".into() };
            (ADMIN, unit(billing::issue_credit_note(s, a, w.invoice, note).await))
        }
        "take_payment" => {
            let card = billing::PaymentPart {
                method: billing::PaymentMethod::Card,
                amount: "100".into(),
                tendered: None,
                reference: Some("AUTH-7781".into()),
            };
            let input = billing::PaymentInput { patient_id: w.p, invoice_id: None, parts: vec![card] };
            (DESK, unit(billing::take_payment(s, a, input).await))
        }
        "refund_payment" => {
            let r = billing::RefundInput {
                amount: "100".into(),
                method: billing::PaymentMethod::Cash,
                reference: None,
                reason: "Paid twice".into(),
            };
            (DESK, unit(billing::refund_payment(s, a, w.payment, r).await))
        }
        "sell_package" => {
            let sold = billing::PackageInput {
                patient_id: w.p,
                service_id: w.t.d.physio,
                sessions: 3.0,
                price: "9,000".into(),
                expires_on: (patients::clinic_today() + chrono::Duration::days(60)).to_string(),
            };
            (BILLING, unit(billing::sell_package(s, a, sold).await))
        }
        "use_package_session" => {
            (BILLING, unit(billing::use_package_session(s, a, w.package, w.future).await))
        }
        "return_package_session" => {
            (BILLING, unit(billing::return_package_session(s, a, w.package, w.future).await))
        }
        "refund_package" => (ADMIN, unit(billing::refund_package(s, a, w.package, "Moving abroad").await)),
        "patient_packages" => (BILLING, unit(billing::patient_packages(s, a, w.p).await)),
        // printed money documents
        "invoice_pdf" => {
            (BILLING, unit(billing::invoice_pdf(s, a, w.invoice, billing::Paper::A5, None).await))
        }
        "receipt_pdf" => {
            (BILLING, unit(billing::receipt_pdf(s, a, w.payment, billing::Paper::Roll80, None).await))
        }
        "billing_statement" => (BILLING, unit(billing::billing_statement(s, a, w.p).await)),
        _ => return None,
    };
    Some(r)
}

#[tokio::test]
async fn every_command_with_a_patient_behind_it_refuses_a_restricted_patient_to_all_but_the_privacy_officer()
{
    let w = world().await;
    let commands = command_list();
    let mut walked = BTreeSet::new();
    let mut problems = Vec::new();
    for (module, command) in &commands {
        for role in NON_PRIVACY {
            let Some((open_to, result)) = call(&w, command, &w.actors[&role]).await else { break };
            walked.insert(command.clone());
            let told = match &result {
                Ok(()) => {
                    problems.push(format!("{command} as {role:?}: answered"));
                    continue;
                }
                Err(e) => (e.kind(), e.to_string()),
            };
            if open_to.contains(&role) {
                if told != ("forbidden", RESTRICTED.to_string()) {
                    problems.push(format!("{command} as {role:?}: {told:?}, not the restriction"));
                }
            } else if told.0 != "forbidden" || told.1 == RESTRICTED {
                problems
                    .push(format!("{command} ({module}) as {role:?}: {told:?}, not the role's own refusal"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Nothing taking an id that could lead to a patient was left out of the walk.
    let mut forgotten = Vec::new();
    for (module, command) in &commands {
        let carries = params(module, command).iter().any(|(name, ty)| carries_an_id(name, ty, 0));
        let exempt = NO_PATIENT_BEHIND.contains(&command.as_str());
        if carries && !exempt && !walked.contains(command) {
            forgotten.push(command.clone());
        }
        assert!(!(exempt && walked.contains(command)), "{command} is both walked and exempted");
    }
    assert!(forgotten.is_empty(), "commands taking an id that the walk forgot: {forgotten:?}");
    let names: BTreeSet<&str> = commands.iter().map(|(_, c)| c.as_str()).collect();
    for c in NO_PATIENT_BEHIND {
        assert!(names.contains(c), "{c} is exempted but is no command");
    }
    assert!(walked.len() >= 60, "the walk covered only {} commands", walked.len());
}

// ---- reading the command list and the commands' parameters ----

/// The two places commands are declared: the core's `commands!` (served to the window
/// and to desks) and the window's own `#[tauri::command]`s.
fn command_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["src-tauri/core/src/commands", "src-tauri/src/commands"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            // `mod.rs` declares no command, only the machinery that serves them.
            if e.path().extension().is_some_and(|x| x == "rs") && !e.path().ends_with("mod.rs") {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// (file, command) for every command of either crate.
fn command_list() -> Vec<(String, String)> {
    let mut list = Vec::new();
    for file in command_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let module = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string();
        list.extend(text.match_indices("pub async fn ").map(|(i, _)| {
            let name: String =
                text[i + 13..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            (module.clone(), name)
        }));
    }
    // Both crates' command lists, and the window's handler, agree with what was read.
    let names: BTreeSet<&str> = list.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(names.len(), list.len(), "a command is declared twice");
    for name in alhayat_core::commands::names() {
        assert!(names.contains(name), "{name} is served but was not read");
    }
    assert!(list.len() > 100, "the commands could not be read");
    list
}

/// The parameters of a command as (name, type), without the clinic and the session token.
fn params(file: &str, command: &str) -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file.trim_start_matches('/')))
            .unwrap();
    let start = text
        .find(&format!("pub async fn {command}("))
        .or_else(|| text.find(&format!("pub async fn {command}<")))
        .unwrap_or_else(|| panic!("{command} not found in {file}"));
    let open = start + text[start..].find('(').unwrap();
    let mut depth = 0;
    let mut close = open;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' if !text[open..][..i].ends_with('-') => {
                depth -= 1;
                if depth == 0 {
                    close = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    split_top(&text[open + 1..close])
        .into_iter()
        .filter_map(|p| p.split_once(':').map(|(n, t)| (n.trim().to_string(), t.trim().to_string())))
        .filter(|(n, t)| !t.starts_with("State<") && t != "&Clinic" && n != "token")
        .collect()
}

/// Splits at commas outside angle brackets and parentheses.
fn split_top(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn is_id(name: &str) -> bool {
    name == "id" || name.ends_with("_id") || name.ends_with("_ids")
}

/// Whether a parameter (or any field of its type, looked up in the source) is an id.
/// A raw request (`Request<'_>`) could carry anything, so it counts.
fn carries_an_id(name: &str, ty: &str, depth: usize) -> bool {
    if is_id(name) || ty.starts_with("Request<") {
        return true;
    }
    if depth > 3 {
        return false;
    }
    let inner = ty.trim_start_matches("Option<").trim_start_matches("Vec<").trim_end_matches('>');
    let ty = inner.rsplit("::").next().unwrap_or(inner);
    struct_fields(ty).iter().any(|(n, t)| carries_an_id(n, t, depth + 1))
}

/// The fields of `pub struct <ty> { … }` wherever it is defined; empty for other types.
fn struct_fields(ty: &str) -> Vec<(String, String)> {
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut all = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files(&root.join("src-tauri/src"), &mut all);
    files(&root.join("src-tauri/core/src"), &mut all);
    let head = format!("pub struct {ty} {{");
    for f in all {
        let text = std::fs::read_to_string(&f).unwrap();
        if let Some(at) = text.find(&head) {
            let body = &text[at + head.len()..];
            let body = &body[..body.find("\n}").unwrap_or(body.len())];
            return body
                .lines()
                .filter_map(|l| l.trim().strip_prefix("pub "))
                .filter_map(|l| l.split_once(':'))
                .map(|(n, t)| (n.trim().to_string(), t.trim().trim_end_matches(',').to_string()))
                .collect();
        }
    }
    Vec::new()
}
