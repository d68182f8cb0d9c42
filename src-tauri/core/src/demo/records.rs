//! The demo clinic's clinical records: signed notes for last week's completed visits
//! (one of them amended), problems, allergies and medications, a stocked pharmacy with
//! a few dispensings, and three months of PHQ-9, GAD-7 and NPRS scores for some
//! patients. All of it goes through the services, as the clinicians would write it.

use std::collections::BTreeMap;

use chrono::Duration;

use crate::auth::{Actor, Role};
use crate::error::AppResult;
use crate::measures::{self, Instrument, MeasureInput};
use crate::pharmacy::{self, DispenseInput, PharmacyItemInput, StockReceipt};
use crate::records::{
    self, AllergyInput, AllergySeverity, AllergyStatus, ConditionInput, ConditionStatus, Discipline,
    MedicationInput,
};
use crate::scheduling::{self, RangeFilter, Status};
use crate::store::Store;

/// What a clinician writes, section by section, for each discipline's built-in template.
fn content(discipline: Discipline, n: usize) -> BTreeMap<String, String> {
    let pick = |options: &[&str]| options[n % options.len()].to_string();
    let pairs: Vec<(&str, String)> = match discipline {
        Discipline::Physiotherapy => vec![
            (
                "subjective",
                pick(&[
                    "Low back pain, worse after sitting at work.",
                    "Right knee stiff in the mornings, easing by noon.",
                    "Neck pain after a long drive; no pins and needles.",
                ]),
            ),
            ("pain", (7 - (n % 4)).to_string()),
            (
                "range_of_motion",
                pick(&[
                    "Lumbar flexion to mid-shin, extension limited by pain.",
                    "Knee flexion 110°, extension −5°.",
                    "Cervical rotation 60° both ways.",
                ]),
            ),
            ("strength", "Grade 4/5 in the affected group, 5/5 elsewhere.".into()),
            (
                "assessment",
                pick(&[
                    "Mechanical low back pain, improving.",
                    "Early knee osteoarthritis.",
                    "Cervical strain.",
                ]),
            ),
            ("plan", "Manual therapy and graded exercise; review in one week.".into()),
            (
                "home_exercises",
                pick(&[
                    "Pelvic tilts 10×, twice a day; walk 20 minutes.",
                    "Straight-leg raises 3×10; cycling without load.",
                    "Chin tucks 10×, hourly at work.",
                ]),
            ),
        ],
        Discipline::Psychology => vec![
            (
                "presenting_concerns",
                pick(&[
                    "Low mood and poor sleep for two months.",
                    "Worry about work and family; tense most days.",
                    "Panic episodes on crowded buses.",
                ]),
            ),
            (
                "mental_state",
                "Appropriately dressed, good rapport, mood low, affect reactive, no thought disorder.".into(),
            ),
            (
                "risk_assessment",
                "No thoughts of self-harm reported; protective factors: family, faith, work.".into(),
            ),
            (
                "interventions",
                pick(&[
                    "Behavioural activation plan agreed.",
                    "Worry time and thought records introduced.",
                    "Breathing retraining; graded exposure list started.",
                ]),
            ),
            ("plan", "Weekly sessions; PHQ-9 and GAD-7 at each visit.".into()),
        ],
        Discipline::Pharmacy => vec![
            ("reason", "Review of pain medicines.".into()),
            ("medicines_reviewed", "Paracetamol as needed; no interactions found.".into()),
            ("advice", "At most 4 g of paracetamol a day; take ibuprofen with food if prescribed.".into()),
            ("follow_up", "Return if pain persists beyond two weeks.".into()),
        ],
    };
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn as_role(staff_id: i64, role: Role, workstation: &str) -> Actor {
    Actor { staff_id, roles: vec![role], workstation: workstation.to_string() }
}

/// Signed notes for last week's completed visits; the first physiotherapy note is
/// amended afterwards, as a correction would be.
async fn notes(store: &Store, desk: &Actor) -> AppResult<()> {
    let today = crate::patients::clinic_today();
    let (from, to) = ((today - Duration::days(7)).to_string(), (today - Duration::days(1)).to_string());
    let visits = scheduling::range(store, desk, &from, &to, RangeFilter::default()).await?;
    let mut first_physio = None;
    for (n, a) in visits.iter().filter(|a| a.status == Status::Completed).take(40).enumerate() {
        let Some(discipline) = Discipline::parse(&a.discipline) else { continue };
        let author = as_role(a.practitioner_id, discipline.role(), &desk.workstation);
        let templates = records::note_templates(store, &author).await?;
        let Some(template) = templates.iter().find(|t| t.builtin && t.discipline == discipline) else {
            continue;
        };
        let note = records::start_note(store, &author, a.patient_id, template.id, Some(a.id)).await?;
        records::save_draft(store, &author, note.summary.id, content(discipline, n)).await?;
        records::sign_note(store, &author, note.summary.id).await?;
        if discipline == Discipline::Physiotherapy && first_physio.is_none() {
            first_physio = Some((author, note.summary.id));
        }
    }
    if let Some((author, id)) = first_physio {
        let amendment =
            records::amend_note(store, &author, id, "Corrected the side: the left knee, not the right.")
                .await?;
        let mut fixed = content(Discipline::Physiotherapy, 1);
        fixed.insert("subjective".into(), "Left knee stiff in the mornings, easing by noon.".into());
        records::save_draft(store, &author, amendment.summary.id, fixed).await?;
        records::sign_note(store, &author, amendment.summary.id).await?;
    }
    Ok(())
}

/// Problems, allergies and medications for a few patients.
async fn history(store: &Store, physio: &Actor, psych: &Actor, patients: &[i64]) -> AppResult<()> {
    let allergy = |substance: &str, reaction: &str, severity| AllergyInput {
        substance: substance.into(),
        reaction: Some(reaction.into()),
        severity,
        status: AllergyStatus::Active,
    };
    records::add_allergy(
        store,
        physio,
        patients[0],
        allergy("Penicillin", "Anaphylaxis", AllergySeverity::Severe),
    )
    .await?;
    records::add_allergy(store, physio, patients[3], allergy("Ibuprofen", "Rash", AllergySeverity::Moderate))
        .await?;
    records::add_allergy(store, physio, patients[5], allergy("Latex", "Itching", AllergySeverity::Mild))
        .await?;
    let condition = |description: &str, icd10: &str, onset: &str| ConditionInput {
        description: description.into(),
        icd10: Some(icd10.into()),
        onset: Some(onset.into()),
        status: ConditionStatus::Active,
    };
    records::add_condition(store, physio, patients[0], condition("Low back pain", "M54.5", "2026-06"))
        .await?;
    records::add_condition(
        store,
        physio,
        patients[3],
        condition("Osteoarthritis of the knee", "M17.1", "2025"),
    )
    .await?;
    records::add_condition(
        store,
        psych,
        patients[2],
        condition("Generalised anxiety disorder", "F41.1", "2026-03"),
    )
    .await?;
    records::add_condition(
        store,
        psych,
        patients[4],
        condition("Moderate depressive episode", "F32.1", "2026-08"),
    )
    .await?;
    let medication = |name: &str, strength: &str, frequency: &str| MedicationInput {
        name: name.into(),
        strength: Some(strength.into()),
        dose: Some("1 tablet".into()),
        route: Some("by mouth".into()),
        frequency: Some(frequency.into()),
        starts_on: Some("2026-09-01".into()),
        stops_on: None,
        prescriber: Some("Dr. Kamran Aslam (GP)".into()),
    };
    records::add_medication(
        store,
        physio,
        patients[0],
        medication("Paracetamol", "500 mg", "up to four times a day"),
    )
    .await?;
    records::add_medication(store, psych, patients[4], medication("Sertraline", "50 mg", "once a day"))
        .await?;
    Ok(())
}

/// A stocked pharmacy and a few dispensings.
async fn pharmacy(store: &Store, pharmacist: &Actor, patients: &[i64]) -> AppResult<()> {
    let today = crate::patients::clinic_today();
    let items = [
        ("Panadol", "paracetamol", "500 mg", "tablet", 400.0, 400),
        ("Brufen", "ibuprofen", "400 mg", "tablet", 120.0, 300),
        ("Amoxil", "amoxicillin", "500 mg", "capsule", 60.0, 200),
        ("Voltral Emulgel", "diclofenac", "1%", "gel", 6.0, 25),
    ];
    let mut ids = Vec::new();
    for (n, (name, generic, strength, form, quantity, days)) in items.into_iter().enumerate() {
        let input = PharmacyItemInput {
            name: name.into(),
            generic_name: generic.into(),
            strength: strength.into(),
            form: form.into(),
            active: true,
        };
        let item = pharmacy::save_item(store, pharmacist, None, input).await?;
        let receipt = StockReceipt {
            item_id: item.id,
            batch_no: format!("B{:04}", 2600 + n),
            expires_on: (today + Duration::days(days)).to_string(),
            quantity,
        };
        pharmacy::receive_stock(store, pharmacist, receipt).await?;
        ids.push(item.id);
    }
    for (patient, item, quantity, instructions) in [
        (patients[0], ids[0], 20.0, "1–2 tablets up to four times a day; at most 8 in 24 hours."),
        (patients[7], ids[3], 1.0, "Rub a thin layer on the knee three times a day."),
        (patients[6], ids[1], 10.0, "1 tablet three times a day with food, for 3 days."),
    ] {
        let d = DispenseInput {
            patient_id: patient,
            item_id: item,
            batch_id: None,
            quantity,
            instructions: instructions.into(),
            allergy_override_reason: None,
            appointment_id: None,
        };
        pharmacy::dispense(store, pharmacist, d).await?;
    }
    Ok(())
}

/// Three months of scores, fortnightly: two psychology patients getting better (one
/// with a risk answer on the latest PHQ-9), and weekly pain scores for a physiotherapy
/// patient.
async fn scores(store: &Store, physio: &Actor, psych: &Actor, patients: &[i64]) -> AppResult<()> {
    let today = crate::patients::clinic_today();
    for (who, start) in [(patients[2], 2u32), (patients[4], 3u32)] {
        for visit in 0..7u32 {
            let taken_on = (today - Duration::days(i64::from(84 - visit * 14))).to_string();
            let level = start.saturating_sub(visit / 3);
            let mut phq = vec![f64::from(level.min(3)); 9];
            phq[8] = if who == patients[4] && visit == 6 { 1.0 } else { 0.0 };
            let gad = vec![f64::from(level.min(3)); 7];
            for (instrument, items) in [(Instrument::Phq9, phq), (Instrument::Gad7, gad)] {
                let m = MeasureInput {
                    patient_id: who,
                    instrument,
                    items,
                    activities: vec![],
                    taken_on: taken_on.clone(),
                    appointment_id: None,
                };
                measures::record(store, psych, m).await?;
            }
        }
    }
    for week in 0..12u32 {
        let taken_on = (today - Duration::days(i64::from(84 - week * 7))).to_string();
        let pain = f64::from(8u32.saturating_sub(week / 2));
        let m = MeasureInput {
            patient_id: patients[0],
            instrument: Instrument::Nprs,
            items: vec![pain],
            activities: vec![],
            taken_on,
            appointment_id: None,
        };
        measures::record(store, physio, m).await?;
    }
    Ok(())
}

pub async fn seed(store: &Store, desk: &Actor, staff: &[(i64, Role)], patients: &[i64]) -> AppResult<()> {
    let first = |role: Role| {
        let id = staff.iter().find(|(_, r)| *r == role).map(|(id, _)| *id).expect("a demo practitioner");
        as_role(id, role, &desk.workstation)
    };
    let (physio, psych, pharmacist) =
        (first(Role::Physiotherapist), first(Role::Psychologist), first(Role::Pharmacist));
    notes(store, desk).await?;
    history(store, &physio, &psych, patients).await?;
    pharmacy(store, &pharmacist, patients).await?;
    scores(store, &physio, &psych, patients).await
}
