//! Who may do what with money: every billing action, as every role. Reception bills
//! and takes money; the administrator sets prices and limits, voids, credits and bills;
//! clinicians and the privacy officer see no money at all.

use alhayat::auth::{Actor, Role};
use alhayat::billing::{self, BillingSettings, CreditNoteInput, PackageInput, PaymentMethod, RefundInput};
use alhayat::error::AppResult;
use alhayat::pharmacy::{self, PharmacyItemInput};
use alhayat::scheduling::{self, CancelInput, CancelledBy, Scope};

use super::*;
use crate::scheduling::{at, monday};

const ACTIONS: &[(&str, &[Role])] = &[
    ("price_list", &[Role::Administrator, Role::Reception]),
    ("set_service_price", &[Role::Administrator]),
    ("set_item_price", &[Role::Administrator]),
    ("billing_settings", &[Role::Administrator, Role::Reception]),
    ("set_billing_settings", &[Role::Administrator]),
    ("create_invoice", &[Role::Administrator, Role::Reception]),
    ("issue_invoice", &[Role::Administrator, Role::Reception]),
    ("discard_draft_invoice", &[Role::Administrator, Role::Reception]),
    ("get_invoice", &[Role::Administrator, Role::Reception]),
    ("patient_account", &[Role::Administrator, Role::Reception]),
    ("void_invoice", &[Role::Administrator]),
    ("issue_credit_note", &[Role::Administrator]),
    ("take_payment", &[Role::Reception]),
    ("refund_payment", &[Role::Reception]),
    ("sell_package", &[Role::Administrator, Role::Reception]),
    ("use_package_session", &[Role::Administrator, Role::Reception]),
    ("return_package_session", &[Role::Administrator, Role::Reception]),
    ("refund_package", &[Role::Administrator]),
    ("patient_packages", &[Role::Administrator, Role::Reception]),
];

fn package(t: &Team) -> PackageInput {
    let expires_on = (alhayat::patients::clinic_today() + chrono::Duration::days(60)).to_string();
    PackageInput {
        patient_id: t.patient,
        service_id: t.d.physio,
        sessions: 3.0,
        price: "9,000".into(),
        expires_on,
    }
}

/// A new physiotherapy booking for the patient, each on its own slot.
async fn visit(t: &Team) -> i64 {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (day, hour) = (n / 4, 9 + n % 4);
    let starts = at(monday(1 + day / 6), day % 6, &format!("{hour:02}:00"));
    let booking = t.d.booking(0, t.d.bilal, t.d.room1, &starts);
    scheduling::book(&t.d.f.store, &t.reception, booking).await.unwrap().id
}

fn unit<T>(r: AppResult<T>) -> AppResult<()> {
    r.map(|_| ())
}

/// Prepares what the action needs (as reception), then does it as `who`.
async fn attempt(t: &Team, item: i64, action: &str, who: &Actor) -> AppResult<()> {
    let s = &t.d.f.store;
    let p = t.patient;
    let desk = &t.reception;
    let draft = || async {
        billing::create_invoice(s, desk, lines_only(p, vec![other("Hot pack", "200", 1.0)])).await.unwrap().id
    };
    match action {
        "price_list" => unit(billing::price_list(s, who).await),
        "set_service_price" => {
            unit(billing::set_service_price(s, who, t.d.physio, price("3,200", "0")).await)
        }
        "set_item_price" => unit(billing::set_item_price(s, who, item, price("12.50", "17")).await),
        "billing_settings" => unit(billing::billing_settings(s, who).await),
        "set_billing_settings" => unit(
            billing::set_billing_settings(
                s,
                who,
                BillingSettings { reception_discount_limit_percent: 15, ntn: None, strn: None },
            )
            .await,
        ),
        "create_invoice" => {
            unit(billing::create_invoice(s, who, lines_only(p, vec![other("Hot pack", "200", 1.0)])).await)
        }
        "issue_invoice" => unit(billing::issue_invoice(s, who, draft().await).await),
        "discard_draft_invoice" => unit(billing::discard_draft(s, who, draft().await).await),
        "get_invoice" => unit(billing::get_invoice(s, who, issued(s, desk, p, "200").await.id).await),
        "patient_account" => unit(billing::patient_account(s, who, p).await),
        "void_invoice" => {
            unit(billing::void_invoice(s, who, issued(s, desk, p, "200").await.id, "Entered twice").await)
        }
        "issue_credit_note" => {
            let inv = issued(s, desk, p, "200").await.id;
            let note = CreditNoteInput { amount: "50".into(), reason: "Price agreed lower".into() };
            unit(billing::issue_credit_note(s, who, inv, note).await)
        }
        "take_payment" => {
            unit(billing::take_payment(s, who, pay(p, None, vec![part(PaymentMethod::Cash, "100")])).await)
        }
        "refund_payment" => {
            // A patient with no invoices, so the payment is all credit and may go back.
            let q = t.d.patients[2];
            let paid = billing::take_payment(s, desk, pay(q, None, vec![part(PaymentMethod::Cash, "100")]))
                .await
                .unwrap();
            let r = RefundInput {
                amount: "100".into(),
                method: PaymentMethod::Cash,
                reference: None,
                reason: "Paid twice".into(),
            };
            unit(billing::refund_payment(s, who, paid.payments[0].id, r).await)
        }
        "sell_package" => unit(billing::sell_package(s, who, package(t)).await),
        "use_package_session" => {
            let k = billing::sell_package(s, desk, package(t)).await.unwrap().id;
            unit(billing::use_package_session(s, who, k, visit(t).await).await)
        }
        "return_package_session" => {
            let k = billing::sell_package(s, desk, package(t)).await.unwrap().id;
            let v = visit(t).await;
            billing::use_package_session(s, desk, k, v).await.unwrap();
            let c = CancelInput {
                by: CancelledBy::Clinic,
                reason: "Therapist unwell".into(),
                scope: Scope::This,
            };
            scheduling::cancel(s, desk, v, c).await.unwrap();
            unit(billing::return_package_session(s, who, k, v).await)
        }
        "refund_package" => {
            let k = billing::sell_package(s, desk, package(t)).await.unwrap().id;
            unit(billing::refund_package(s, who, k, "Moving abroad").await)
        }
        "patient_packages" => unit(billing::patient_packages(s, who, p).await),
        other => panic!("no attempt for {other}"),
    }
}

#[tokio::test]
async fn every_billing_action_is_open_to_exactly_its_roles() {
    let t = team().await;
    let item = PharmacyItemInput {
        name: "Panadol".into(),
        generic_name: "Paracetamol".into(),
        strength: "500 mg".into(),
        form: "tablet".into(),
        active: true,
    };
    let item = pharmacy::save_item(&t.d.f.store, &t.pharmacist, None, item).await.unwrap().id;
    let everyone: [(Role, &Actor); 6] = [
        (Role::Administrator, &t.admin),
        (Role::Reception, &t.reception),
        (Role::PrivacyOfficer, &t.privacy),
        (Role::Physiotherapist, &t.physio),
        (Role::Psychologist, &t.psych),
        (Role::Pharmacist, &t.pharmacist),
    ];
    let mut problems = Vec::new();
    for (action, open_to) in ACTIONS {
        for (role, who) in everyone {
            let got = attempt(&t, item, action, who).await;
            match (open_to.contains(&role), got) {
                (true, Ok(())) => {}
                (true, Err(e)) => problems.push(format!("{action} as {role:?} was refused: {e}")),
                (false, Ok(())) => problems.push(format!("{action} as {role:?} was allowed")),
                (false, Err(e)) if e.kind() != "forbidden" => {
                    problems.push(format!("{action} as {role:?}: {e:?}"))
                }
                (false, Err(_)) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every billing command is in the matrix.
    let commands = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src-tauri/core/src/commands/billing.rs"
    ))
    .unwrap();
    let listed: Vec<&str> = commands
        .match_indices("pub async fn ")
        .map(|(i, _)| commands[i + 13..].split('(').next().unwrap())
        .collect();
    for c in &listed {
        assert!(ACTIONS.iter().any(|(a, _)| a == c), "{c} is not in the role matrix");
    }
    assert_eq!(listed.len(), ACTIONS.len());
}
