//! Every text field the services accept, fed a bidirectional control character
//! (U+202A–U+202E, U+2066–U+2069) through the service that takes it: each is refused
//! naming its field, or, where nobody could have typed one (a file's name from the
//! disk, a search), dropped. The fields are read from the source — every `Deserialize`
//! struct's text fields and every command's text parameters — so a new text field
//! without a probe here fails this test until one is added (or it is exempted, with
//! the reason, in `EXEMPT`).

use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use alhayat::app::{Clinic, RecoveryKeyOffer};
use alhayat::auth::Role;
use alhayat::error::{AppError, AppResult};
use alhayat::records::{self, AllergyInput, AllergySeverity, AllergyStatus, Discipline};
use alhayat::rights::{self, RequestInput, RequestKind, RequestedBy};
use alhayat::store::keyring::KeyVault;
use alhayat::{billing, catalogue, measures, patients, pharmacy, reminders, retention, scheduling, staff};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::history::{minimal_pdf, team, Team};
use crate::scheduling::{at, monday};
use crate::support::*;

const BIDI: [char; 9] = [
    '\u{202E}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// Text the services take that is not checked here, and why.
const EXEMPT: &[(&str, &str)] = &[
    ("NewAdmin.password", "a password is never shown, so it cannot reorder what anyone reads"),
    ("choose_password.username", "looked up, never stored: outside a–z, 0–9, . - _ it matches no account"),
    ("choose_password.code", "read as a one-time code, whose alphabet has no such character"),
    ("choose_password.new_password", "a password is never shown"),
    (
        "confirm_role_grant_with_recovery_key.recovery_key",
        "read as a recovery key, whose alphabet has no such character",
    ),
    ("sign_in.password", "compared with the stored hash, never stored or shown"),
    ("unlock_session.password", "compared with the stored hash, never stored or shown"),
    ("sign_in.username", "looked up, never stored: outside a–z, 0–9, . - _ it matches no account"),
    ("recover_with_key.recovery_key", "read as a recovery key, whose alphabet has no such character"),
    ("restore_backup.name", "must name a backup the app listed; any other name is refused"),
    ("restore_backup.folder", "must name a backup folder the app listed; any other is refused"),
    ("restore_preview.name", "must name a backup the app listed; any other name is refused"),
    ("restore_preview.folder", "must name a backup folder the app listed; any other is refused"),
    ("restore_with_recovery_key.file", "a path opened as a backup and verified; never stored or shown"),
    ("restore_with_recovery_key.recovery_key", "read as a recovery key, whose alphabet has no such character"),
    ("export_fhir_bulk.job", "the window's id for a running export, never stored or shown"),
    ("cancel_export.job", "the window's id for a running export, never stored or shown"),
    ("fulfil_portability_request.job", "the window's id for a running export, never stored or shown"),
    ("Activity.activity", "a stored PSFS answer read back; what comes in is ActivityInput"),
    ("Manifest.file", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.taken_at", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.sha256", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.app_version", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.method", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.problem", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("Manifest.counts", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
    ("DrillRecord.last_at", "read back from the setting the app itself wrote after a test restore; never typed, never a command's argument"),
    ("DrillRecord.last_backup", "read back from the setting the app itself wrote after a test restore; never typed, never a command's argument"),
    ("DrillRecord.last_passed_at", "read back from the setting the app itself wrote after a test restore; never typed, never a command's argument"),
    ("DrillRecord.last_problem", "read back from the setting the app itself wrote after a test restore; never typed, never a command's argument"),
    ("AuditLink.hash", "read back from the manifest the app itself wrote beside a backup; never typed, never a command's argument"),
];

type Outcome = Pin<Box<dyn Future<Output = AppResult<()>>>>;
type Run = Box<dyn Fn(Arc<World>, Value) -> Outcome>;

/// One input type, as the service that takes it receives it.
struct Probe {
    /// The type (or `command.parameter` owner) whose text fields this reaches.
    ty: &'static str,
    /// Where the object of that type sits in `example` (a JSON pointer).
    at: &'static str,
    /// A whole, valid argument: the service accepts it as it is.
    example: Value,
    /// Fields whose controls are dropped rather than refused; the call must succeed.
    dropped: &'static [&'static str],
    /// Fields whose refusal names another field (`logo_data_url` is the `logo`).
    named: &'static [(&'static str, &'static str)],
    /// Whether the example is saved at the end (not when a later probe needs the same
    /// step still to do, as setup is done once).
    baseline: bool,
    run: Run,
}

fn probe(ty: &'static str, at: &'static str, example: Value, run: Run) -> Probe {
    Probe { ty, at, example, dropped: &[], named: &[], baseline: true, run }
}

fn arg<T: DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("the example does not fit its type: {e}\n{v}"))
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is text")).to_string()
}

macro_rules! run {
    (|$w:ident, $v:ident| $body:expr) => {
        Box::new(|$w: Arc<World>, $v: Value| -> Outcome { Box::pin(async move { $body.map(|_| ()) }) })
    };
}

/// The clinic of the history tests, with what each probe needs already in place: one
/// object per probe, since a probe's own example is saved at its end.
struct World {
    t: Team,
    app: Clinic,
    _app_dir: tempfile::TempDir,
    offer: RecoveryKeyOffer,
    /// Five more patients, each with one change to their details.
    fresh: Vec<i64>,
    changes: Vec<i64>,
    /// A physiotherapist with no hours yet.
    new_practitioner: i64,
    appointment_to_cancel: i64,
    appointment_to_move: i64,
    draft: i64,
    signed_note: i64,
    item: i64,
    /// Allergic to ibuprofen, so a dispensing of Brufen needs an override reason.
    allergic: i64,
    received: i64,
    verified: i64,
    correction_to_fulfil: i64,
    correction_to_accept: i64,
    correction_to_refuse: i64,
    /// A psychology role asked for an account, waiting for the privacy officer.
    grant_to_decline: i64,
    /// Issued invoices of PKR 1,000: one to credit, one to void.
    invoice_to_credit: i64,
    invoice_to_void: i64,
    /// A cash payment of PKR 1,000 with nothing to apply to: all credit, refundable.
    payment_to_refund: i64,
    /// A package of five physiotherapy sessions, to refund.
    package: i64,
}

impl World {
    fn store(&self) -> &alhayat::store::Store {
        &self.t.d.f.store
    }
}

/// Takes the keyring entry of the app's data folder away at the end.
struct ForgetOnDrop(std::path::PathBuf);
impl Drop for ForgetOnDrop {
    fn drop(&mut self) {
        let _ = KeyVault::for_data_dir(&self.0).forget();
    }
}

async fn request(t: &Team, kind: RequestKind, patient: i64) -> i64 {
    let input = RequestInput {
        kind: kind.as_str().into(),
        patient_id: patient,
        requested_by: RequestedBy::Patient,
        guardian_id: None,
        details: String::new(),
        received_on: rights::clinic_date(chrono::Utc::now()).to_string(),
        due_on: String::new(),
    };
    rights::record_request(&t.d.f.store, &t.privacy, input, chrono::Utc::now()).await.unwrap().id
}

async fn verified(t: &Team, id: i64) {
    let check = rights::IdentityCheck { method: rights::IdentityMethod::CnicSeen, notes: "CNIC seen".into() };
    rights::verify_identity(&t.d.f.store, &t.privacy, id, check, chrono::Utc::now()).await.unwrap();
}

async fn in_progress(t: &Team, id: i64) {
    verified(t, id).await;
    rights::start_work(&t.d.f.store, &t.privacy, id, String::new(), chrono::Utc::now()).await.unwrap();
}

async fn world() -> (World, ForgetOnDrop) {
    let t = team().await;
    let s = &t.d.f.store;
    let mut fresh = Vec::new();
    let mut changes = Vec::new();
    for (i, name) in
        ["Bushra Anwar", "Kamran Akmal", "Saima Noor", "Tahir Abbas", "Rabia Aslam"].iter().enumerate()
    {
        let phone = format!("0345-77700{i:02}");
        let p = crate::scheduling::person(name, Some(&phone));
        let id = patients::register(s, &t.reception, p.clone()).await.unwrap().id;
        // A change to the details, which a correction request can point at.
        let moved = patients::PatientInput { city: Some("Karachi".into()), ..p };
        patients::update(s, &t.reception, id, moved).await.unwrap();
        let change: i64 = sqlx::query_scalar("SELECT max(id) FROM patient_changes WHERE patient_id = ?")
            .bind(id)
            .fetch_one(s.pool())
            .await
            .unwrap();
        fresh.push(id);
        changes.push(change);
    }
    let new_practitioner = add_staff(s, "imran", "Dr. Imran Khan", &[Role::Physiotherapist]).await;
    let mon = monday(1);
    let book = |hm: &str, patient: usize| t.d.booking(patient, t.d.bilal, t.d.room1, &at(mon, 0, hm));
    let appointment_to_cancel = scheduling::book(s, &t.reception, book("09:00", 1)).await.unwrap().id;
    let appointment_to_move = scheduling::book(s, &t.reception, book("11:00", 2)).await.unwrap().id;

    let templates = records::note_templates(s, &t.admin).await.unwrap();
    let physio_t =
        templates.iter().find(|x| x.builtin && x.discipline == Discipline::Physiotherapy).unwrap().id;
    let draft = records::start_note(s, &t.physio, t.patient, physio_t, None).await.unwrap().summary.id;
    let signed = records::start_note(s, &t.physio, t.d.patients[1], physio_t, None).await.unwrap().summary.id;
    let content = [("subjective".to_string(), "Knee pain on stairs".to_string())].into();
    records::save_draft(s, &t.physio, signed, content).await.unwrap();
    records::sign_note(s, &t.physio, signed).await.unwrap();

    let brufen = pharmacy::PharmacyItemInput {
        name: "Brufen".into(),
        generic_name: "Ibuprofen".into(),
        strength: "400 mg".into(),
        form: "tablet".into(),
        active: true,
    };
    let item = pharmacy::save_item(s, &t.pharmacist, None, brufen).await.unwrap().id;
    let expires = (patients::clinic_today() + chrono::Duration::days(400)).to_string();
    let receipt = pharmacy::StockReceipt {
        item_id: item,
        batch_no: "B-001".into(),
        expires_on: expires,
        quantity: 500.0,
    };
    pharmacy::receive_stock(s, &t.pharmacist, receipt).await.unwrap();
    let allergic = fresh[0];
    let allergy = AllergyInput {
        substance: "Ibuprofen".into(),
        reaction: Some("rash".into()),
        severity: AllergySeverity::Moderate,
        status: AllergyStatus::Active,
    };
    records::add_allergy(s, &t.physio, allergic, allergy).await.unwrap();

    let received = request(&t, RequestKind::Access, fresh[1]).await;
    let verified_id = request(&t, RequestKind::Access, fresh[2]).await;
    verified(&t, verified_id).await;
    let mut corrections = Vec::new();
    for p in [fresh[3], fresh[4], t.d.patients[2]] {
        let id = request(&t, RequestKind::Correction, p).await;
        in_progress(&t, id).await;
        corrections.push(id);
    }

    let colleague = add_staff(s, "hira", "Hira Batool", &[Role::Reception]).await;
    let asked = staff::StaffUpdate {
        id: colleague,
        full_name: "Hira Batool".into(),
        roles: vec![Role::Reception, Role::Psychologist],
    };
    staff::update(s, &alhayat::auth::Sessions::new(std::time::Duration::from_secs(600)), &t.admin, asked)
        .await
        .unwrap();
    let grant_to_decline = staff::grants::list(s, &t.privacy)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.staff_id == colleague)
        .expect("a grant waiting")
        .id;

    let mut invoices = Vec::new();
    for _ in 0..2 {
        let input = billing::InvoiceInput {
            patient_id: t.patient,
            appointment_id: None,
            dispensing_id: None,
            lines: vec![billing::LineInput {
                kind: billing::LineKind::Other,
                service_id: None,
                item_id: None,
                quantity: 1.0,
                description: Some("Exercise band".into()),
                unit_price: Some("1000".into()),
                discount: None,
            }],
            discount: None,
        };
        let draft = billing::create_invoice(s, &t.reception, input).await.unwrap();
        invoices.push(billing::issue_invoice(s, &t.reception, draft.id).await.unwrap().id);
    }
    let cash = billing::PaymentPart {
        method: billing::PaymentMethod::Cash,
        amount: "1000".into(),
        tendered: None,
        reference: None,
    };
    let paid = billing::PaymentInput { patient_id: t.d.patients[2], invoice_id: None, parts: vec![cash] };
    let payment_to_refund = billing::take_payment(s, &t.reception, paid).await.unwrap().payments[0].id;
    let sold = billing::PackageInput {
        patient_id: t.patient,
        service_id: t.d.physio,
        sessions: 5.0,
        price: "12,000".into(),
        expires_on: (patients::clinic_today() + chrono::Duration::days(90)).to_string(),
    };
    let package = billing::sell_package(s, &t.reception, sold).await.unwrap().id;

    let app_dir = tempfile::tempdir().unwrap();
    let forget = ForgetOnDrop(app_dir.path().to_path_buf());
    let app = Clinic::start(app_dir.path(), "desk-bidi", false).await;
    let offer = app.begin_setup().await.unwrap();
    let w = World {
        t,
        app,
        _app_dir: app_dir,
        offer,
        fresh,
        changes,
        new_practitioner,
        appointment_to_cancel,
        appointment_to_move,
        draft,
        signed_note: signed,
        item,
        allergic,
        received,
        verified: verified_id,
        correction_to_fulfil: corrections[0],
        correction_to_accept: corrections[1],
        correction_to_refuse: corrections[2],
        grant_to_decline,
        invoice_to_credit: invoices[0],
        invoice_to_void: invoices[1],
        payment_to_refund,
        package,
    };
    (w, forget)
}

fn patient_example(n: u32) -> Value {
    json!({
        "full_name": format!("Hina Pervaiz {}", ["Ali", "Butt", "Chaudhry"][n as usize]),
        "name_ur": "حنا پرویز",
        "relative_name": "Pervaiz Akhtar",
        "birth_date": "1990-05-01",
        "estimated_age": null,
        "sex": "female",
        "cnic": format!("35202-765432{n}-3"),
        "phone": format!("0333-444555{n}"),
        "phone_alt": format!("042-3576123{n}"),
        "email": format!("hina{n}@example.pk"),
        "address": "12 Main Boulevard, Gulberg III",
        "city": "Lahore",
        "preferred_language": "ur",
        "insurance_payer": "State Life",
        "insurance_policy": "SL-12345",
        "reception_note": "Prefers morning appointments",
        "guardian": null,
        "parental_consent": null,
        "emergency_contact": {
            "name": "Pervaiz Akhtar",
            "relationship": "father",
            "cnic": format!("35202-111111{n}-1"),
            "phone": format!("0300-999888{n}"),
        },
    })
}

fn booking_example(w: &World, day_plus: i64, hm: &str) -> Value {
    let d = &w.t.d;
    json!({
        "patient_id": d.patients[0],
        "practitioner_id": d.sara,
        "service_id": d.physio,
        "room_id": d.room2,
        "starts_at": at(monday(2), day_plus, hm),
        "ends_at": at(monday(2), day_plus, &format!("{}:45", &hm[..2])),
        "past_reason": "Entered after the visit",
    })
}

fn probes(w: &World) -> Vec<Probe> {
    let t = &w.t;
    let d = &t.d;
    let today = patients::clinic_today().to_string();
    let later = |days: i64| (patients::clinic_today() + chrono::Duration::days(days)).to_string();
    vec![
        // The app core: first run, setup, the audit viewer.
        probe(
            "confirm_recovery_key",
            "",
            {
                let groups: Vec<&str> = w.offer.recovery_key.split('-').collect();
                json!({ "groups": w.offer.confirm_groups.iter().map(|n| groups[n - 1]).collect::<Vec<_>>() })
            },
            run!(|w, v| w.app.confirm_recovery_key(arg(&v["groups"])).await),
        ),
        // Setup happens once: the administrator's fields are tried first, and the
        // clinic's example then completes it.
        Probe {
            baseline: false,
            ..probe("NewAdmin", "/admin", setup_example(), run!(|w, v| w.app.complete_setup(arg(&v)).await))
        },
        Probe {
            named: &[("logo_data_url", "logo")],
            ..probe(
                "ClinicProfileInput",
                "/clinic",
                setup_example(),
                run!(|w, v| w.app.complete_setup(arg(&v)).await),
            )
        },
        probe(
            "AuditFilter",
            "",
            json!({ "from": today, "to": today, "staff_id": null, "patient_id": null, "action": null,
                    "before_seq": null, "limit": 10 }),
            run!(|w, v| {
                let s =
                    w.app.sign_in("rukhsana", "Lahore-clinic-desk").await?.signed_in().expect("a session");
                let page = w.app.list_audit(&s.token, arg(&v)).await;
                w.app.sign_out(&s.token).await?;
                page
            }),
        ),
        // Staff and the clinic.
        probe(
            "NewStaff",
            "",
            json!({ "username": "farah", "full_name": "Farah Naz",
                    "roles": ["reception"] }),
            run!(|w, v| staff::create(w.store(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "decline_role_grant",
            "",
            json!({ "reason": "Not on the psychology rota yet" }),
            run!(|w, v| staff::grants::decline(
                w.store(),
                &w.t.privacy,
                w.grant_to_decline,
                &text(&v, "reason")
            )
            .await),
        ),
        probe(
            "StaffUpdate",
            "",
            json!({ "id": d.sara, "full_name": "Dr. Sara Javed Khan", "roles": ["physiotherapist"] }),
            run!(|w, v| staff::update(w.store(), w.app.sessions(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "ServiceInput",
            "",
            json!({ "name": "Dry needling", "discipline": "physiotherapy", "duration_minutes": 30,
                    "price_pkr": 2500, "active": true }),
            run!(|w, v| catalogue::save_service(w.store(), &w.t.admin, None, arg(&v)).await),
        ),
        probe(
            "BackupPolicy",
            "",
            json!({ "every_hours": 4, "extra_folders": ["/media/usb/clinic-backups"], "keep_all_hours": 48,
                    "daily_days": 30, "weekly_weeks": 12, "monthly_months": 12, "max_age_days": 365 }),
            run!(|w, v| alhayat::backups::set_policy(w.store(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "save_room",
            "",
            json!({ "name": "Gym" }),
            run!(|w, v| catalogue::save_room(w.store(), &w.t.admin, None, &text(&v, "name"), true).await),
        ),
        probe(
            "HoursInput",
            "/hours/0",
            json!({ "hours": [{ "weekday": 1, "starts": "09:00", "ends": "13:00" }] }),
            run!(|w, v| catalogue::set_weekly_hours(
                w.store(),
                &w.t.admin,
                w.new_practitioner,
                arg(&v["hours"])
            )
            .await),
        ),
        probe(
            "TimeOffInput",
            "",
            json!({ "from": at(monday(3), 0, "09:00"), "to": at(monday(3), 0, "13:00"), "reason": "Training" }),
            run!(|w, v| catalogue::add_time_off(w.store(), &w.t.admin, w.new_practitioner, arg(&v)).await),
        ),
        probe(
            "ReminderTemplate",
            "",
            json!({ "language": "en", "body": "Dear {name}, your appointment is on {date} at {time}." }),
            run!(|w, v| reminders::set_template(w.store(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "RetentionRuleInput",
            "",
            json!({ "kind": "appointments", "period_years": 4, "period_months": 0, "counted_from": "last_visit" }),
            run!(|w, v| retention::set_rule(w.store(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "TemplateSection",
            "/sections/0",
            template_example("Hydrotherapy"),
            run!(|w, v| records::add_note_template(w.store(), &w.t.admin, arg(&v)).await),
        ),
        probe(
            "TemplateInput",
            "",
            template_example("Dry needling notes"),
            run!(|w, v| records::add_note_template(w.store(), &w.t.admin, arg(&v)).await),
        ),
        // Reception.
        probe(
            "PatientInput",
            "",
            patient_example(0),
            run!(|w, v| patients::register(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "RelatedPersonInput",
            "/emergency_contact",
            patient_example(1),
            run!(|w, v| patients::register(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "ConsentInput",
            "",
            json!({ "purpose": "reminders_sms", "given_by": "Amna Riaz", "method": "in_person" }),
            run!(|w, v| patients::record_consent(w.store(), &w.t.reception, w.t.patient, arg(&v)).await),
        ),
        Probe {
            dropped: &["query"],
            ..probe(
                "search_patients",
                "",
                json!({ "query": "Amna" }),
                run!(|w, v| {
                    let found = patients::search(w.store(), &w.t.reception, &text(&v, "query"), 20).await?;
                    found
                        .iter()
                        .any(|p| p.id == w.t.patient)
                        .then_some(())
                        .ok_or_else(|| AppError::not_found("Amna Riaz was not found"))
                }),
            )
        },
        probe(
            "BookingInput",
            "",
            booking_example(w, 0, "10:00"),
            run!(|w, v| scheduling::book(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "SeriesInput",
            "",
            json!({ "first": booking_example(w, 1, "10:00"), "every_weeks": 1, "weekdays": [2],
                    "until": at(monday(3), 1, "00:00")[..10].to_string(), "count": null }),
            run!(|w, v| scheduling::preview_series(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "OccurrenceChoice",
            "/choices/0",
            {
                let first = booking_example(w, 2, "10:00");
                let moved = at(monday(3), 2, "11:00");
                json!({
                    "series": { "first": first, "every_weeks": 1, "weekdays": [3], "until": null, "count": 2 },
                    "choices": [{ "starts_at": at(monday(3), 2, "10:00"), "move_to": moved }],
                })
            },
            run!(|w, v| scheduling::book_series(
                w.store(),
                &w.t.reception,
                arg(&v["series"]),
                arg(&v["choices"])
            )
            .await),
        ),
        probe(
            "SlotQuery",
            "",
            json!({ "patient_id": d.patients[0], "practitioner_id": d.bilal, "service_id": d.physio,
                    "room_id": null, "from": later(14), "count": 3 }),
            run!(|w, v| scheduling::free_slots(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "CancelInput",
            "",
            json!({ "by": "patient", "reason": "Travelling to Karachi", "scope": "this" }),
            run!(|w, v| scheduling::cancel(w.store(), &w.t.reception, w.appointment_to_cancel, arg(&v)).await),
        ),
        probe(
            "RescheduleInput",
            "",
            json!({ "starts_at": at(monday(1), 1, "12:00"), "ends_at": at(monday(1), 1, "12:45"),
                    "practitioner_id": null, "room_id": null, "scope": "this", "reason": "Asked by phone" }),
            run!(|w, v| scheduling::reschedule(w.store(), &w.t.reception, w.appointment_to_move, arg(&v))
                .await),
        ),
        probe(
            "appointments_on_day",
            "",
            json!({ "date": monday(1).to_string() }),
            run!(|w, v| scheduling::day(w.store(), &w.t.reception, &text(&v, "date")).await),
        ),
        probe(
            "appointments_between",
            "",
            json!({ "from": monday(1).to_string(), "to": later(30) }),
            run!(|w, v| {
                let filter = scheduling::RangeFilter { practitioner_id: None, room_id: None };
                scheduling::range(w.store(), &w.t.reception, &text(&v, "from"), &text(&v, "to"), filter).await
            }),
        ),
        probe(
            "export_practitioner_ics",
            "",
            json!({ "from": monday(1).to_string(), "to": later(30) }),
            run!(|w, v| scheduling::diary_ics(
                w.store(),
                &w.t.reception,
                w.t.d.bilal,
                &text(&v, "from"),
                &text(&v, "to")
            )
            .await),
        ),
        // Clinicians.
        probe(
            "ConditionInput",
            "",
            json!({ "description": "Frozen shoulder", "icd10": "M75.0", "onset": "2025-11", "status": "active" }),
            run!(|w, v| records::add_condition(w.store(), &w.t.physio, w.t.patient, arg(&v)).await),
        ),
        probe(
            "AllergyInput",
            "",
            json!({ "substance": "Penicillin", "reaction": "Hives", "severity": "severe", "status": "active" }),
            run!(|w, v| records::add_allergy(w.store(), &w.t.physio, w.t.patient, arg(&v)).await),
        ),
        probe(
            "MedicationInput",
            "",
            json!({ "name": "Panadol", "strength": "500 mg", "dose": "1 tablet", "route": "by mouth",
                    "frequency": "twice a day", "starts_on": today, "stops_on": later(10),
                    "prescriber": "Dr. Bilal Ahmed" }),
            run!(|w, v| records::add_medication(w.store(), &w.t.physio, w.t.patient, arg(&v)).await),
        ),
        probe(
            "save_note_draft",
            "",
            json!({ "content": { "subjective": "Pain better after exercises", "plan": "Continue twice daily" } }),
            run!(|w, v| records::save_draft(w.store(), &w.t.physio, w.draft, arg(&v["content"])).await),
        ),
        probe(
            "amend_note",
            "",
            json!({ "reason": "The date of the injury was wrong" }),
            run!(|w, v| records::amend_note(w.store(), &w.t.physio, w.signed_note, &text(&v, "reason")).await),
        ),
        probe(
            "break_glass",
            "",
            json!({ "reason": "Collapsed in the waiting room, needs the full history" }),
            run!(|w, v| records::break_glass(w.store(), &w.t.pharmacist, w.t.patient, &text(&v, "reason"))
                .await),
        ),
        probe(
            "MeasureInput",
            "",
            json!({ "patient_id": t.patient, "instrument": "psfs", "items": [],
                    "activities": [{ "activity": "Climbing stairs", "score": 4 }], "taken_on": today,
                    "appointment_id": null }),
            run!(|w, v| measures::record(w.store(), &w.t.physio, arg(&v)).await),
        ),
        Probe {
            named: &[("activity", "activity_1")],
            ..probe(
                "ActivityInput",
                "/activities/0",
                json!({ "patient_id": t.patient, "instrument": "psfs", "items": [],
                    "activities": [{ "activity": "Walking to the market", "score": 6 }], "taken_on": today,
                    "appointment_id": null }),
                run!(|w, v| measures::record(w.store(), &w.t.physio, arg(&v)).await),
            )
        },
        probe(
            "TimelineQuery",
            "",
            json!({ "patient_id": t.patient, "before": "2099-01-01T00:00:00Z~appointment~1", "limit": 10 }),
            run!(|w, v| records::timeline(w.store(), &w.t.physio, arg(&v)).await),
        ),
        Probe {
            dropped: &["file_name"],
            named: &[("mime", "file")],
            ..probe(
                "AttachmentUpload",
                "",
                json!({ "patient_id": t.patient, "title": "MRI report", "file_name": "mri-report.pdf",
                        "mime": "application/pdf", "discipline": null }),
                run!(|w, v| records::upload_attachment(w.store(), &w.t.physio, arg(&v), &minimal_pdf("MRI"))
                    .await),
            )
        },
        // The pharmacy.
        probe(
            "PharmacyItemInput",
            "",
            json!({ "name": "Augmentin", "generic_name": "Amoxicillin and clavulanic acid", "strength": "625 mg",
                    "form": "tablet", "active": true }),
            run!(|w, v| pharmacy::save_item(w.store(), &w.t.pharmacist, None, arg(&v)).await),
        ),
        probe(
            "StockReceipt",
            "",
            json!({ "item_id": w.item, "batch_no": "B-002", "expires_on": later(500), "quantity": 100 }),
            run!(|w, v| pharmacy::receive_stock(w.store(), &w.t.pharmacist, arg(&v)).await),
        ),
        probe(
            "DispenseInput",
            "",
            json!({ "patient_id": w.allergic, "item_id": w.item, "batch_id": null, "quantity": 10,
                    "instructions": "One tablet after meals",
                    "allergy_override_reason": "Prescriber confirmed the rash was not from ibuprofen",
                    "appointment_id": null }),
            run!(|w, v| pharmacy::dispense(w.store(), &w.t.pharmacist, arg(&v)).await),
        ),
        // The privacy officer.
        probe(
            "RequestInput",
            "",
            json!({ "kind": "objection", "patient_id": w.fresh[1], "requested_by": "patient", "guardian_id": null,
                    "details": "No reminders by SMS", "received_on": today, "due_on": later(30) }),
            run!(|w, v| rights::record_request(w.store(), &w.t.privacy, arg(&v), chrono::Utc::now()).await),
        ),
        probe(
            "IdentityCheck",
            "",
            json!({ "method": "cnic_seen", "notes": "Original CNIC seen at the desk" }),
            run!(|w, v| rights::verify_identity(
                w.store(),
                &w.t.privacy,
                w.received,
                arg(&v),
                chrono::Utc::now()
            )
            .await),
        ),
        probe(
            "start_rights_work",
            "",
            json!({ "note": "Collecting the record" }),
            run!(|w, v| rights::start_work(
                w.store(),
                &w.t.privacy,
                w.verified,
                text(&v, "note"),
                chrono::Utc::now()
            )
            .await),
        ),
        probe(
            "FulfilInput",
            "",
            fulfil_example(w.changes[3]),
            run!(|w, v| rights::fulfil(
                w.store(),
                &w.t.privacy,
                w.correction_to_fulfil,
                arg(&v),
                chrono::Utc::now()
            )
            .await),
        ),
        probe(
            "CorrectionAccepted",
            "/correction",
            fulfil_example(w.changes[4]),
            run!(|w, v| rights::fulfil(
                w.store(),
                &w.t.privacy,
                w.correction_to_accept,
                arg(&v),
                chrono::Utc::now()
            )
            .await),
        ),
        probe(
            "RefuseInput",
            "",
            json!({ "reason": "The record is accurate", "statement": "I was never at the clinic that day",
                    "disputes": "patient_details" }),
            run!(|w, v| rights::refuse(
                w.store(),
                &w.t.privacy,
                w.correction_to_refuse,
                arg(&v),
                chrono::Utc::now()
            )
            .await),
        ),
        probe(
            "DisclosureInput",
            "",
            json!({ "patient_id": t.patient, "recipient": "Services Hospital, orthopaedics",
                    "purpose": "care_team", "reason": "Referral for surgery", "what": "Physiotherapy notes",
                    "disclosed_on": today }),
            run!(|w, v| rights::record_disclosure(w.store(), &w.t.privacy, arg(&v), chrono::Utc::now()).await),
        ),
        probe(
            "LetterTemplateInput",
            "",
            json!({ "kind": "access", "outcome": "fulfilled", "language": "en", "subject": "Your records",
                    "body": "Dear {patient_name},\nThe copy of your record is enclosed." }),
            run!(|w, v| rights::set_letter_template(w.store(), &w.t.privacy, arg(&v), chrono::Utc::now())
                .await),
        ),
        // Billing.
        probe(
            "PriceInput",
            "",
            json!({ "price": "3,500", "tax_percent": "16", "effective_from": today }),
            run!(|w, v| billing::set_service_price(w.store(), &w.t.admin, w.t.d.physio, arg(&v)).await),
        ),
        probe(
            "LineInput",
            "/lines/0",
            invoice_example(t.patient),
            run!(|w, v| billing::create_invoice(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "DiscountInput",
            "/discount",
            invoice_example(t.patient),
            run!(|w, v| billing::create_invoice(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "CreditNoteInput",
            "",
            json!({ "amount": "50", "reason": "Price agreed lower" }),
            run!(|w, v| billing::issue_credit_note(w.store(), &w.t.admin, w.invoice_to_credit, arg(&v)).await),
        ),
        probe(
            "void_invoice",
            "",
            json!({ "reason": "Entered twice" }),
            run!(|w, v| billing::void_invoice(w.store(), &w.t.admin, w.invoice_to_void, &text(&v, "reason"))
                .await),
        ),
        probe(
            "PaymentPart",
            "/parts/0",
            json!({ "patient_id": d.patients[1], "invoice_id": null,
                    "parts": [{ "method": "cash", "amount": "500", "tendered": "1,000", "reference": "Till 2" }] }),
            run!(|w, v| billing::take_payment(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "RefundInput",
            "",
            json!({ "amount": "100", "method": "card", "reference": "RV-2231", "reason": "Paid twice" }),
            run!(
                |w, v| billing::refund_payment(w.store(), &w.t.reception, w.payment_to_refund, arg(&v)).await
            ),
        ),
        probe(
            "PackageInput",
            "",
            json!({ "patient_id": d.patients[1], "service_id": d.physio, "sessions": 10, "price": "25,000",
                    "expires_on": later(120) }),
            run!(|w, v| billing::sell_package(w.store(), &w.t.reception, arg(&v)).await),
        ),
        probe(
            "refund_package",
            "",
            json!({ "reason": "Moving abroad" }),
            run!(|w, v| billing::refund_package(w.store(), &w.t.admin, w.package, &text(&v, "reason")).await),
        ),
        probe(
            "BillingSettings",
            "",
            json!({ "reception_discount_limit_percent": 10, "ntn": "1234567-8", "strn": "32-77-8761-123-45" }),
            run!(|w, v| billing::set_billing_settings(w.store(), &w.t.admin, arg(&v)).await),
        ),
        // The day's takings and the money reports.
        probe(
            "day_takings",
            "",
            json!({ "day": today }),
            run!(|w, v| billing::cashup::day_takings(w.store(), &w.t.reception, &text(&v, "day")).await),
        ),
        probe(
            "day_closings",
            "",
            json!({ "from": today, "to": today }),
            run!(|w, v| billing::cashup::day_closings(
                w.store(),
                &w.t.admin,
                &text(&v, "from"),
                &text(&v, "to")
            )
            .await),
        ),
        probe(
            "takings_report",
            "",
            json!({ "from": today, "to": today }),
            run!(|w, v| billing::reports::takings_report(
                w.store(),
                &w.t.admin,
                &text(&v, "from"),
                &text(&v, "to")
            )
            .await),
        ),
        probe(
            "export_takings_csv",
            "",
            json!({ "from": today, "to": today }),
            run!(|w, v| billing::reports::takings_csv(
                w.store(),
                &w.t.admin,
                &text(&v, "from"),
                &text(&v, "to")
            )
            .await),
        ),
        probe(
            "monthly_revenue",
            "",
            json!({ "month": &today[..7] }),
            run!(|w, v| billing::revenue::monthly_revenue(w.store(), &w.t.admin, &text(&v, "month")).await),
        ),
        probe(
            "export_monthly_revenue_csv",
            "",
            json!({ "month": &today[..7] }),
            run!(
                |w, v| billing::revenue::monthly_revenue_csv(w.store(), &w.t.admin, &text(&v, "month")).await
            ),
        ),
        // Last: it closes reception's day (with a note, as the drawer holds money).
        probe(
            "CashUpInput",
            "",
            json!({ "day": today, "counted_cash": "0", "note": "Cash handed to the manager at noon" }),
            run!(|w, v| billing::cashup::close_day(w.store(), &w.t.reception, arg(&v)).await),
        ),
    ]
}

fn invoice_example(patient: i64) -> Value {
    json!({ "patient_id": patient, "appointment_id": null, "dispensing_id": null,
            "lines": [{ "kind": "other", "service_id": null, "item_id": null, "quantity": 1,
                        "description": "Exercise band", "unit_price": "150",
                        "discount": { "kind": "amount", "value": "5", "reason": "Staff family" } }],
            "discount": { "kind": "amount", "value": "10", "reason": "Loyal patient" } })
}

fn setup_example() -> Value {
    json!({
        "clinic": { "name": "Al-Hayat Test Clinic", "address": "Bahria Town, Lahore", "phone": "+92 300 1010592",
                    "logo_data_url": format!("data:image/png;base64,{}", base64_png()) },
        "admin": { "username": "rukhsana", "full_name": "Rukhsana Parveen", "password": "Lahore-clinic-desk" },
    })
}

fn base64_png() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(include_bytes!("../../assets/icons/32x32.png"))
}

fn template_example(name: &str) -> Value {
    json!({ "name": name, "discipline": "physiotherapy",
            "sections": [{ "key": "pool_work", "title": "Pool work", "kind": "text" }] })
}

fn fulfil_example(change: i64) -> Value {
    json!({ "outcome_details": "The father's name was corrected", "objection_purposes": [],
            "correction": { "change": "Father's name spelled Pervaiz, not Parvez",
                            "amended": { "entity": "patient_details", "id": change } } })
}

/// Puts `c` inside a text (after its first character), the first text of a list or
/// the first value of a map.
fn poison(v: &mut Value, c: char) {
    match v {
        Value::String(s) => {
            let first = s.chars().next().expect("examples have no empty text").len_utf8();
            s.insert(first, c);
        }
        Value::Array(items) => poison(items.first_mut().expect("a list with one text"), c),
        Value::Object(map) => poison(map.values_mut().next().expect("a map with one text"), c),
        other => panic!("not text: {other}"),
    }
}

#[tokio::test]
async fn every_text_field_refuses_bidirectional_controls() {
    let (w, _forget) = world().await;
    let w = Arc::new(w);
    let exempt: BTreeSet<String> = EXEMPT.iter().map(|(k, _)| k.to_string()).collect();
    let in_source = text_fields_in_source();
    let stale: Vec<&String> = exempt.iter().filter(|k| !in_source.contains(*k)).collect();
    assert!(stale.is_empty(), "exemptions for text fields that no longer exist: {stale:?}");
    let mut reached = BTreeSet::new();
    let mut probed = BTreeSet::new();
    for p in probes(&w) {
        probed.insert(p.ty);
        let Some(Value::Object(fields)) = p.example.pointer(p.at) else {
            panic!("{}: nothing at {}", p.ty, p.at)
        };
        let texts: Vec<String> = in_source
            .iter()
            .filter_map(|k| k.strip_prefix(p.ty).and_then(|f| f.strip_prefix('.')))
            .map(str::to_string)
            .collect();
        for field in &texts {
            assert!(
                fields.get(field).is_some_and(|v| !v.is_null()),
                "{}: the example has no text in {field}; give it one",
                p.ty
            );
        }
        for (i, field) in texts.iter().enumerate() {
            let key = format!("{}.{field}", p.ty);
            if exempt.contains(&key) {
                continue;
            }
            reached.insert(key);
            let c = BIDI[i % BIDI.len()];
            let mut v = p.example.clone();
            poison(v.pointer_mut(&format!("{}/{field}", p.at)).unwrap(), c);
            let got = (p.run)(w.clone(), v).await;
            if p.dropped.contains(&field.as_str()) {
                got.unwrap_or_else(|e| {
                    panic!("{}.{field}: U+{:04X} should be dropped, was refused: {e}", p.ty, c as u32)
                });
                continue;
            }
            let e = got.err().unwrap_or_else(|| panic!("{}.{field}: U+{:04X} was accepted", p.ty, c as u32));
            assert_eq!(e.kind(), "validation", "{}.{field}: {e}", p.ty);
            let named = e.field().unwrap_or_default();
            let expected = p.named.iter().find(|(f, _)| f == field).map_or(field.as_str(), |(_, n)| *n);
            assert!(
                named.split('.').any(|part| part == expected),
                "{}.{field}: the error names “{named}”: {e}",
                p.ty
            );
        }
        if p.baseline {
            (p.run)(w.clone(), p.example.clone())
                .await
                .unwrap_or_else(|e| panic!("{}: the example itself was refused: {e:?}", p.ty));
        }
    }

    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM attachments WHERE file_name GLOB '*[\u{202A}-\u{202E}\u{2066}-\u{2069}]*'",
    )
    .fetch_one(w.store().pool())
    .await
    .unwrap();
    assert_eq!(stored, 0, "file names are kept without the controls");

    let missing: Vec<&String> =
        in_source.iter().filter(|k| !reached.contains(*k) && !exempt.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "text fields no probe reaches: {missing:?}. Add a probe (or an exemption, saying why) in {}",
        file!()
    );
    let stale: Vec<&String> = exempt.iter().filter(|k| !in_source.contains(*k)).collect();
    assert!(stale.is_empty(), "exemptions for fields that are gone: {stale:?}");
    let idle: Vec<&&str> =
        probed.iter().filter(|ty| !in_source.iter().any(|k| k.starts_with(&format!("{ty}.")))).collect();
    assert!(idle.is_empty(), "probes for types with no text field: {idle:?}");
}

/// `Type.field` for every text field of a `Deserialize` struct in either crate,
/// and `command.parameter` for every text parameter of a command (the session token
/// aside). A `Deserialize` enum holding text is listed as `Enum.?`, to be looked at.
fn text_fields_in_source() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeSet::new();
    let sources = [rust_files(&root.join("src-tauri/src")), rust_files(&root.join("src-tauri/core/src"))];
    for file in sources.concat() {
        let source = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let l = line.trim();
            if !(l.starts_with("#[derive(") && l.contains("Deserialize")) {
                continue;
            }
            let Some(item) = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !(l.starts_with("#[") || l.starts_with("//")))
            else {
                continue;
            };
            let (is_enum, rest) = match (item.strip_prefix("pub struct "), item.strip_prefix("pub enum ")) {
                (Some(r), _) => (false, r),
                (_, Some(r)) => (true, r),
                _ => continue,
            };
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let start = i + 1 + lines[i + 1..].iter().position(|l| l.trim() == item).unwrap();
            for body in lines[start + 1..].iter().take_while(|l| !l.starts_with('}')) {
                let b = body.trim();
                if b.starts_with("//") || !b.contains("String") {
                    continue;
                }
                if is_enum {
                    out.insert(format!("{name}.?"));
                } else if let Some((field, _)) = b.strip_prefix("pub ").and_then(|f| f.split_once(':')) {
                    out.insert(format!("{name}.{}", field.trim()));
                }
            }
        }
        // A `commands/mod.rs` declares no command, only the machinery that serves them.
        if file.parent().is_some_and(|p| p.ends_with("commands")) && !file.ends_with("mod.rs") {
            command_parameters(&source, &mut out);
        }
    }
    out
}

fn command_parameters(source: &str, out: &mut BTreeSet<String>) {
    for (_, after) in
        source.match_indices("pub async fn ").map(|(i, _)| source.split_at(i + "pub async fn ".len()))
    {
        let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let params = &after[name.len() + 1..];
        let (mut depth, mut end) = (0i32, 0);
        for (i, c) in params.char_indices() {
            match c {
                '(' | '<' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' | '>' => depth -= 1,
                _ => {}
            }
        }
        let mut depth = 0i32;
        let mut current = String::new();
        let mut parts = Vec::new();
        for c in params[..end].chars() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        parts.push(current);
        for part in parts {
            if let Some((param, ty)) = part.split_once(':') {
                let (param, ty) = (param.trim(), ty.trim());
                if param != "token" && (ty.contains("String") || ty.contains("&str")) {
                    out.insert(format!("{name}.{param}"));
                }
            }
        }
    }
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
    files.sort();
    files
}

#[test]
fn the_source_scan_finds_what_it_must() {
    let found = text_fields_in_source();
    for known in [
        "PatientInput.address",
        "ServiceInput.name",
        "AttachmentUpload.file_name",
        "save_room.name",
        "save_note_draft.content",
        "search_patients.query",
        "RelatedPersonInput.name",
    ] {
        assert!(found.contains(known), "{known} not found in {found:?}");
    }
    assert!(!found.iter().any(|k| k.ends_with(".token")), "the session token is not text a person types");
}
