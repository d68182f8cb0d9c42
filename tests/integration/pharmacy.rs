//! The pharmacy on a real store: the allergy check and its audited override, expired
//! and short batches, quantities, first-expiry-first-out, stock that never goes below
//! zero when dispensings race, and who may do what.

use std::sync::Arc;

use alhayat::auth::Actor;
use alhayat::error::AppError;
use alhayat::patients::clinic_today;
use alhayat::pharmacy::{self, DispenseInput, PharmacyItemInput, StockReceipt};
use alhayat::records::{self, AllergySeverity, AllergyStatus};
use chrono::Duration;

use crate::history::{allergy, team, Team};
use crate::support::Fixture;

fn item(name: &str, generic: &str, strength: &str, form: &str) -> PharmacyItemInput {
    PharmacyItemInput {
        name: name.into(),
        generic_name: generic.into(),
        strength: strength.into(),
        form: form.into(),
        active: true,
    }
}

/// `YYYY-MM-DD`, `days` from today in the clinic's calendar.
fn in_days(days: i64) -> String {
    (clinic_today() + Duration::days(days)).to_string()
}

fn receipt(item_id: i64, batch_no: &str, expires_on: &str, quantity: f64) -> StockReceipt {
    StockReceipt { item_id, batch_no: batch_no.into(), expires_on: expires_on.into(), quantity }
}

fn give(patient_id: i64, item_id: i64, batch_id: Option<i64>, quantity: f64) -> DispenseInput {
    DispenseInput {
        patient_id,
        item_id,
        batch_id,
        quantity,
        instructions: "1 capsule three times a day after food, for 5 days".into(),
        allergy_override_reason: None,
        appointment_id: None,
    }
}

fn conflict(e: AppError) -> String {
    match e {
        AppError::Conflict { message, .. } => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn add_item(t: &Team, i: PharmacyItemInput) -> i64 {
    pharmacy::save_item(&t.d.f.store, &t.pharmacist, None, i).await.unwrap().id
}

async fn receive(t: &Team, item_id: i64, batch_no: &str, expires_on: &str, quantity: f64) -> i64 {
    pharmacy::receive_stock(&t.d.f.store, &t.pharmacist, receipt(item_id, batch_no, expires_on, quantity))
        .await
        .unwrap()
        .id
}

async fn left(t: &Team, batch_id: i64) -> i64 {
    sqlx::query_scalar("SELECT quantity FROM stock_batches WHERE id = ?")
        .bind(batch_id)
        .fetch_one(t.d.f.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_allergy_stops_the_dispensing_until_a_reason_is_given_and_the_override_is_audited() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let mut severe = allergy("Penicillin", AllergySeverity::Severe);
    severe.reaction = Some("anaphylaxis".into());
    let penicillin = records::add_allergy(s, &t.physio, p, severe).await.unwrap();
    let mut old = allergy("Paracetamol", AllergySeverity::Mild);
    old.status = AllergyStatus::Inactive;
    records::add_allergy(s, &t.physio, p, old).await.unwrap();

    let amoxil = add_item(&t, item("Amoxil", "amoxicillin", "500 mg", "capsule")).await;
    let pen_v = add_item(&t, item("Penicillin V", "phenoxymethylpenicillin", "250 mg", "tablet")).await;
    let panadol = add_item(&t, item("Panadol", "paracetamol", "500 mg", "tablet")).await;
    let batch = receive(&t, amoxil, "AMX-01", &in_days(200), 100.0).await;
    receive(&t, pen_v, "PV-01", &in_days(200), 100.0).await;
    let panadol_batch = receive(&t, panadol, "PN-01", &in_days(200), 100.0).await;

    for stopped in [amoxil, pen_v] {
        let e = pharmacy::dispense(s, &t.pharmacist, give(p, stopped, None, 15.0)).await.unwrap_err();
        assert_eq!(e.field(), Some("allergy_override_reason"));
        let message = conflict(e);
        for says in ["Allergy warning", "Penicillin", "anaphylaxis", "severe", "give the reason"] {
            assert!(message.contains(says), "{says}: {message}");
        }
    }
    let mut brief = give(p, amoxil, None, 15.0);
    brief.allergy_override_reason = Some("  checked ".into());
    let e = pharmacy::dispense(s, &t.pharmacist, brief).await.unwrap_err();
    assert_eq!((e.kind(), e.field()), ("validation", Some("allergy_override_reason")));
    assert!(e.to_string().contains("at least 10 characters"), "{e}");
    assert_eq!(t.d.count("dispensings").await, 0);
    assert_eq!(left(&t, batch).await, 100, "nothing taken while the warning stands");

    let reason = "Tolerated amoxicillin in 2025; confirmed with Dr. Khalid by phone";
    let mut anyway = give(p, amoxil, None, 15.0);
    anyway.allergy_override_reason = Some(reason.into());
    let d = pharmacy::dispense(s, &t.pharmacist, anyway).await.unwrap();
    assert_eq!(
        (d.allergy_override.as_deref(), d.quantity, d.batch_no.as_str()),
        (Some(reason), 15, "AMX-01")
    );
    assert_eq!(left(&t, batch).await, 85);

    let entries: Vec<(String, Option<String>, Option<i64>, String)> = sqlx::query_as(
        "SELECT action, entity_id, patient_id, summary FROM audit_log WHERE entity = 'dispensing' ORDER BY seq",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    let id = Some(d.id.to_string());
    assert_eq!(
        entries,
        vec![
            ("create".into(), id.clone(), Some(p), format!("item {amoxil}, batch {batch}")),
            ("override".into(), id, Some(p), format!("allergy {}", penicillin.id)),
        ]
    );

    // No warning for an item the allergies do not concern (the inactive one is not
    // checked); a reason given anyway is not kept, as nothing was overridden.
    let mut plain = give(p, panadol, Some(panadol_batch), 10.0);
    plain.allergy_override_reason = Some("not needed at all here".into());
    let d = pharmacy::dispense(s, &t.pharmacist, plain).await.unwrap();
    assert_eq!(d.allergy_override, None);
    let overrides: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'override'")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(overrides, 1);
    let seen = pharmacy::list_dispensings(s, &t.physio, p).await.unwrap();
    assert_eq!(seen.iter().map(|d| d.item_name.as_str()).collect::<Vec<_>>(), vec!["Panadol", "Amoxil"]);
}

#[tokio::test]
async fn an_expired_batch_a_short_batch_and_bad_quantities_are_refused() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let amoxil = add_item(&t, item("Amoxil", "amoxicillin", "500 mg", "capsule")).await;
    let short = receive(&t, amoxil, "B123", &in_days(90), 4.0).await;
    let old = receive(&t, amoxil, "OLD-7", &in_days(1), 50.0).await;
    // Time passes: the batch's expiry is now behind us.
    let expired_on = in_days(-1);
    sqlx::query("UPDATE stock_batches SET expires_on = ? WHERE id = ?")
        .bind(&expired_on)
        .bind(old)
        .execute(s.pool())
        .await
        .unwrap();

    let e = pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, Some(short), 5.0)).await.unwrap_err();
    assert_eq!(e.field(), Some("quantity"));
    assert_eq!(conflict(e), "Only 4 left in batch B123.");
    let e = pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, Some(old), 5.0)).await.unwrap_err();
    assert_eq!((e.kind(), e.field()), ("validation", Some("batch_id")));
    assert_eq!(e.to_string(), format!("Batch OLD-7 expired on {expired_on} and cannot be dispensed."));
    let e = pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, None, 5.0)).await.unwrap_err();
    assert!(conflict(e).contains("the most in one batch is 4 (batch B123)"), "the expired 50 do not count");

    for (quantity, says) in [(0.0, "more than 0"), (-5.0, "more than 0"), (2.5, "whole number")] {
        let e =
            pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, Some(short), quantity)).await.unwrap_err();
        assert_eq!((e.kind(), e.field()), ("validation", Some("quantity")), "{quantity}");
        assert!(e.to_string().contains(says), "{quantity}: {e}");
    }
    let mut no_label = give(p, amoxil, Some(short), 1.0);
    no_label.instructions = " ".into();
    assert_eq!(
        pharmacy::dispense(s, &t.pharmacist, no_label).await.unwrap_err().field(),
        Some("instructions")
    );
    let mut elsewhere = give(p, amoxil, Some(short), 1.0);
    elsewhere.appointment_id = Some(9999);
    let e = pharmacy::dispense(s, &t.pharmacist, elsewhere).await.unwrap_err();
    assert_eq!(e.field(), Some("appointment_id"));
    let e = pharmacy::dispense(s, &t.pharmacist, give(9999, amoxil, Some(short), 1.0)).await.unwrap_err();
    assert_eq!(e.kind(), "not_found");
    assert_eq!(t.d.count("dispensings").await, 0);
    assert_eq!((left(&t, short).await, left(&t, old).await), (4, 50));

    // Receiving: expired stock, no quantity, a mistyped expiry for a known batch.
    for (r, field) in [
        (receipt(amoxil, "X1", &in_days(-1), 10.0), "expires_on"),
        (receipt(amoxil, "X1", "31/12/2027", 10.0), "expires_on"),
        (receipt(amoxil, "X1", &in_days(30), 0.0), "quantity"),
        (receipt(amoxil, "X1", &in_days(30), -5.0), "quantity"),
        (receipt(amoxil, " ", &in_days(30), 10.0), "batch_no"),
        (receipt(amoxil, "B123", &in_days(91), 10.0), "expires_on"),
    ] {
        let e = pharmacy::receive_stock(s, &t.pharmacist, r).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    let again =
        pharmacy::receive_stock(s, &t.pharmacist, receipt(amoxil, "B123", &in_days(90), 6.0)).await.unwrap();
    assert_eq!((again.id, again.quantity), (short, 10), "a second delivery of a batch adds to it");
}

#[tokio::test]
async fn the_first_batch_to_expire_that_has_enough_is_taken() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let panadol = add_item(&t, item("Panadol", "paracetamol", "500 mg", "tablet")).await;
    let a = receive(&t, panadol, "A", &in_days(30), 5.0).await;
    let b = receive(&t, panadol, "B", &in_days(60), 50.0).await;
    let c = receive(&t, panadol, "C", &in_days(10), 20.0).await;
    let d = receive(&t, panadol, "D", &in_days(2), 100.0).await;
    sqlx::query("UPDATE stock_batches SET expires_on = ? WHERE id = ?")
        .bind(in_days(-3))
        .bind(d)
        .execute(s.pool())
        .await
        .unwrap();
    let mut taken = Vec::new();
    for quantity in [10.0, 8.0, 5.0, 30.0] {
        taken.push(
            pharmacy::dispense(s, &t.pharmacist, give(p, panadol, None, quantity)).await.unwrap().batch_id,
        );
    }
    assert_eq!(taken, vec![c, c, a, b], "C expires first; then A, once C has too few; B for 30");
    assert_eq!([left(&t, a).await, left(&t, b).await, left(&t, c).await, left(&t, d).await], [0, 20, 2, 100]);
    let message =
        conflict(pharmacy::dispense(s, &t.pharmacist, give(p, panadol, None, 21.0)).await.unwrap_err());
    assert!(message.contains("the most in one batch is 20 (batch B)"), "{message}");

    let stock = pharmacy::list_stock(s, &t.physio, Some(panadol)).await.unwrap();
    let batches: Vec<(&str, i64, bool)> =
        stock[0].batches.iter().map(|b| (b.batch_no.as_str(), b.quantity, b.expired)).collect();
    assert_eq!(
        batches,
        vec![("D", 100, true), ("C", 2, false), ("B", 20, false)],
        "empty batches are left out"
    );
    assert_eq!((stock[0].item.in_stock, stock[0].expired_quantity), (22, 100));
    assert_eq!(stock[0].item.next_expiry, Some(in_days(10)));
}

/// Runs the dispensings at once and returns how many went through.
async fn race(store: &Arc<alhayat::store::Store>, pharmacist: &Actor, inputs: Vec<DispenseInput>) -> usize {
    let tasks: Vec<_> = inputs
        .into_iter()
        .map(|input| {
            let (store, pharmacist) = (store.clone(), pharmacist.clone());
            tokio::spawn(async move { pharmacy::dispense(&store, &pharmacist, input).await })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_eq!(e.kind(), "conflict", "{e:?}"),
        }
    }
    won
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_dispensings_never_take_more_than_a_batch_holds() {
    let t = team().await;
    let p = t.patient;
    let amoxil = add_item(&t, item("Amoxil", "amoxicillin", "500 mg", "capsule")).await;
    let one = receive(&t, amoxil, "R-1", &in_days(100), 10.0).await;
    let two = receive(&t, amoxil, "R-2", &in_days(200), 5.0).await;
    let three = receive(&t, amoxil, "R-3", &in_days(300), 5.0).await;
    let Team { d, pharmacist, .. } = t;
    let Fixture { dir: _dir, store, .. } = d.f;
    let store = Arc::new(store);
    let batch = |q| sqlx::query_scalar::<_, i64>("SELECT quantity FROM stock_batches WHERE id = ?").bind(q);

    // Eight dispensings of 3 from a batch of 10: exactly three fit.
    let won = race(&store, &pharmacist, (0..8).map(|_| give(p, amoxil, Some(one), 3.0)).collect()).await;
    assert_eq!(won, 3);
    assert_eq!(batch(one).fetch_one(store.pool()).await.unwrap(), 1);

    // Without a batch: five of 3 over two batches of 5 (and 1 left in R-1): one from each.
    let won = race(&store, &pharmacist, (0..5).map(|_| give(p, amoxil, None, 3.0)).collect()).await;
    assert_eq!(won, 2);
    for (id, want) in [(one, 1), (two, 2), (three, 2)] {
        assert_eq!(batch(id).fetch_one(store.pool()).await.unwrap(), want);
    }
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool());
    assert_eq!(count("SELECT count(*) FROM dispensings").await.unwrap(), 5);
    assert_eq!(count("SELECT sum(quantity) FROM dispensings").await.unwrap(), 15, "15 taken of 20");
    assert_eq!(count("SELECT min(quantity) FROM stock_batches").await.unwrap(), 1, "never below zero");
    let created = count("SELECT count(*) FROM audit_log WHERE entity = 'dispensing' AND action = 'create'");
    assert_eq!(created.await.unwrap(), 5, "one audit entry per dispensing that went through");
}

#[tokio::test]
async fn only_the_pharmacist_keeps_stock_and_dispenses() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let amoxil = add_item(&t, item("Amoxil", "amoxicillin", "500 mg", "capsule")).await;
    let batch = receive(&t, amoxil, "AMX-01", &in_days(200), 100.0).await;
    for (role, who) in
        [("physiotherapist", &t.physio), ("psychologist", &t.psych), ("reception", &t.reception)]
    {
        let e = pharmacy::dispense(s, who, give(p, amoxil, Some(batch), 1.0)).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{role}");
        let e = pharmacy::receive_stock(s, who, receipt(amoxil, "X", &in_days(9), 1.0)).await.unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{role}");
        let e = pharmacy::save_item(s, who, None, item("Brufen", "ibuprofen", "400 mg", "tablet"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{role}");
    }
    pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, Some(batch), 1.0)).await.unwrap();
    // Clinicians see stock and their patients' dispensings; the desk, the
    // administrator and the privacy officer see neither.
    for (role, who, may) in [
        ("physiotherapist", &t.physio, true),
        ("psychologist", &t.psych, true),
        ("pharmacist", &t.pharmacist, true),
        ("administrator", &t.admin, false),
        ("reception", &t.reception, false),
        ("privacy officer", &t.privacy, false),
    ] {
        assert_eq!(
            pharmacy::list_dispensings(s, who, p).await.map(|l| l.len()).ok(),
            may.then_some(1),
            "{role}"
        );
        assert_eq!(pharmacy::list_items(s, who, false).await.is_ok(), may, "{role}");
        assert_eq!(pharmacy::list_stock(s, who, None).await.is_ok(), may, "{role}");
    }
}

#[tokio::test]
async fn an_item_is_listed_once_and_a_deactivated_one_is_not_dispensed() {
    let t = team().await;
    let (s, p) = (&t.d.f.store, t.patient);
    let amoxil = add_item(&t, item("Amoxil", "amoxicillin", "500 mg", "capsule")).await;
    let batch = receive(&t, amoxil, "AMX-01", &in_days(200), 100.0).await;
    let e =
        pharmacy::save_item(s, &t.pharmacist, None, item(" amoxil ", "amoxicillin", "500  MG", "Capsule"))
            .await
            .unwrap_err();
    assert_eq!(e.field(), Some("name"));
    assert!(conflict(e).contains("already in the pharmacy's list"));
    pharmacy::save_item(s, &t.pharmacist, None, item("Amoxil", "amoxicillin", "250 mg/5 ml", "syrup"))
        .await
        .unwrap();
    let e =
        pharmacy::save_item(s, &t.pharmacist, None, item("Amoxil", " ", "1 g", "tablet")).await.unwrap_err();
    assert_eq!(e.field(), Some("generic_name"));

    let mut off = item("Amoxil", "amoxicillin", "500 mg", "capsule");
    off.active = false;
    let saved = pharmacy::save_item(s, &t.pharmacist, Some(amoxil), off).await.unwrap();
    assert!(!saved.active);
    assert_eq!(saved.in_stock, 100, "its stock is still counted");
    let e = pharmacy::dispense(s, &t.pharmacist, give(p, amoxil, Some(batch), 1.0)).await.unwrap_err();
    assert_eq!(e.field(), Some("item_id"));
    assert!(e.to_string().contains("no longer stocked"), "{e}");
    let listed = pharmacy::list_items(s, &t.pharmacist, false).await.unwrap();
    assert_eq!(listed.len(), 1, "the syrup only");
    assert_eq!(pharmacy::list_items(s, &t.pharmacist, true).await.unwrap().len(), 2);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'pharmacy_item' ORDER BY seq")
            .fetch_all(s.pool())
            .await
            .unwrap();
    assert_eq!(actions, vec!["create", "create", "deactivate"]);
}
