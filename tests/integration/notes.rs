//! Session notes, templates and emergency access on a real encrypted store: who sees
//! which note (every role, every discipline), signing and amending that keep the
//! original byte for byte, a draft that survives a killed process, bad input refused
//! with nothing saved, and breaking the glass until the grant runs out.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};

use alhayat::auth::{Actor, Role};
use alhayat::error::AppError;
use alhayat::records::{
    self, Discipline, Note, NoteStatus, SectionKind, Sight, TemplateInput, TemplateSection,
};
use alhayat::scheduling;
use alhayat::store::{OpenMode, Store};
use sha2::{Digest, Sha256};

use crate::scheduling::{at, clinic, monday, Desk};
use crate::support::*;

mod refusals;

/// The clinic of the scheduling tests, with every role and the built-in templates.
struct Ward {
    d: Desk,
    /// Dr. Bilal Ahmed and Dr. Sara Javed, physiotherapists.
    bilal: Actor,
    sara: Actor,
    /// Dr. Ayesha Siddiqui and Dr. Omar Farooq, psychologists.
    ayesha: Actor,
    omar: Actor,
    /// Hamza Sheikh and Ali Raza, pharmacists.
    hamza: Actor,
    ali: Actor,
    /// Nadia Hussain, privacy officer.
    nadia: Actor,
    physio_t: i64,
    psych_t: i64,
    pharm_t: i64,
}

async fn ward() -> Ward {
    let d = clinic().await;
    let s = &d.f.store;
    let omar = add_staff(s, "omar", "Dr. Omar Farooq", &[Role::Psychologist]).await;
    let hamza = add_staff(s, "hamza", "Hamza Sheikh", &[Role::Pharmacist]).await;
    let ali = add_staff(s, "ali", "Ali Raza", &[Role::Pharmacist]).await;
    let nadia = add_staff(s, "nadia", "Nadia Hussain", &[Role::PrivacyOfficer]).await;
    let all = records::note_templates(s, &d.admin).await.unwrap();
    let builtin = |d: Discipline| all.iter().find(|t| t.builtin && t.discipline == d).unwrap().id;
    Ward {
        bilal: actor(d.bilal, &[Role::Physiotherapist]),
        sara: actor(d.sara, &[Role::Physiotherapist]),
        ayesha: actor(d.ayesha, &[Role::Psychologist]),
        omar: actor(omar, &[Role::Psychologist]),
        hamza: actor(hamza, &[Role::Pharmacist]),
        ali: actor(ali, &[Role::Pharmacist]),
        nadia: actor(nadia, &[Role::PrivacyOfficer]),
        physio_t: builtin(Discipline::Physiotherapy),
        psych_t: builtin(Discipline::Psychology),
        pharm_t: builtin(Discipline::Pharmacy),
        d,
    }
}

impl Ward {
    fn store(&self) -> &Store {
        &self.d.f.store
    }

    async fn signed(&self, author: &Actor, patient: usize, template: i64, content: &[(&str, &str)]) -> Note {
        let s = self.store();
        let draft = records::start_note(s, author, self.d.patients[patient], template, None).await.unwrap();
        records::save_draft(s, author, draft.summary.id, text(content)).await.unwrap();
        records::sign_note(s, author, draft.summary.id).await.unwrap()
    }

    /// Rows that a refused call must leave as they were.
    async fn counts(&self) -> (i64, i64, i64, i64) {
        (
            self.d.count("notes").await,
            self.d.count("audit_log").await,
            self.d.count("emergency_access").await,
            self.d.count("note_templates").await,
        )
    }

    async fn last_audit(&self) -> (String, String, Option<String>, Option<i64>, String) {
        sqlx::query_as(
            "SELECT action, entity, entity_id, patient_id, summary FROM audit_log ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(self.store().pool())
        .await
        .unwrap()
    }

    /// The stored bytes of a note and the columns that must never move once signed.
    async fn raw(&self, note_id: i64) -> (Vec<u8>, Option<String>, String, Option<String>, String) {
        sqlx::query_as(
            "SELECT CAST(content AS BLOB), content_sha256, status, signed_at, updated_at FROM notes WHERE id = ?",
        )
        .bind(note_id)
        .fetch_one(self.store().pool())
        .await
        .unwrap()
    }
}

fn text(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn section<'n>(note: &'n Note, key: &str) -> &'n str {
    &note.sections.iter().find(|s| s.key == key).unwrap().text
}

#[tokio::test]
async fn every_role_sees_exactly_the_notes_of_its_discipline() {
    let w = ward().await;
    let s = w.store();
    let p = w.d.patients[0];
    let physio = w.signed(&w.bilal, 0, w.physio_t, &[("subjective", "Knee pain on stairs")]).await;
    let psych = w.signed(&w.ayesha, 0, w.psych_t, &[("presenting_concerns", "Low mood since spring")]).await;
    let pharm = w.signed(&w.hamza, 0, w.pharm_t, &[("reason", "Reviewing pain relief")]).await;
    let notes = [
        (Discipline::Physiotherapy, &physio),
        (Discipline::Psychology, &psych),
        (Discipline::Pharmacy, &pharm),
    ];

    // (who, the disciplines they read). The readers are not the authors.
    let table: Vec<(&str, &Actor, Vec<Discipline>)> = vec![
        ("administrator", &w.d.admin, vec![]),
        ("reception", &w.d.desk, vec![]),
        ("privacy officer", &w.nadia, vec![]),
        ("physiotherapist", &w.sara, vec![Discipline::Physiotherapy]),
        ("psychologist", &w.omar, vec![Discipline::Psychology]),
        ("pharmacist", &w.ali, vec![Discipline::Pharmacy]),
    ];
    for (role, who, reads) in &table {
        for (d, note) in &notes {
            let id = note.summary.id;
            let allowed = reads.contains(d);
            let before = w.d.count("audit_log").await;
            let got = records::get_note(s, who, id).await;
            let listed = records::notes_of(s, who, p, Some(*d)).await;
            let latest = records::latest_note(s, who, p, *d).await;
            if allowed {
                let got = got.unwrap_or_else(|e| panic!("{role} opens the {d:?} note: {e}"));
                assert_eq!(got.summary.id, id);
                assert_eq!(
                    listed.unwrap().iter().map(|n| n.id).collect::<Vec<_>>(),
                    [id],
                    "{role} lists {d:?}"
                );
                assert_eq!(latest.unwrap().unwrap().summary.id, id, "{role}: latest {d:?}");
                assert_eq!(w.d.count("audit_log").await, before + 3, "{role}: each reading audited");
                let (action, entity, entity_id, patient, _) = w.last_audit().await;
                assert_eq!((action.as_str(), entity.as_str()), ("view", "note"));
                assert_eq!((entity_id, patient), (Some(id.to_string()), Some(p)));
            } else {
                for (what, r) in [
                    ("get_note", got.map(|_| ())),
                    ("notes_of", listed.map(|_| ())),
                    ("latest_note", latest.map(|_| ())),
                ] {
                    assert_eq!(r.unwrap_err().kind(), "forbidden", "{role} / {d:?} / {what}");
                }
                assert_eq!(w.d.count("audit_log").await, before, "{role}: a refusal writes nothing");
            }
        }
        // The whole list: a clinician gets their own discipline's notes only; the rest are refused.
        let all = records::notes_of(s, who, p, None).await;
        match reads.as_slice() {
            [] => assert_eq!(all.unwrap_err().kind(), "forbidden", "{role} lists all"),
            [d] => {
                let ids: Vec<i64> = all.unwrap().iter().map(|n| n.id).collect();
                let (_, note) = notes.iter().find(|(nd, _)| nd == d).unwrap();
                assert_eq!(ids, [note.summary.id], "{role} lists all");
            }
            _ => unreachable!(),
        }
    }
    // What a psychologist is refused reads in the words of the rule.
    let e = records::get_note(s, &w.sara, psych.summary.id).await.unwrap_err();
    assert!(e.to_string().contains("psychology staff only"), "{e}");
    // Nor does anyone outside the discipline write in it.
    let e = records::start_note(s, &w.sara, p, w.psych_t, None).await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    let e = records::amend_note(s, &w.ali, physio.summary.id, "Wrong knee recorded").await.unwrap_err();
    assert_eq!(e.kind(), "forbidden");
}

#[tokio::test]
async fn amending_keeps_the_signed_original_byte_for_byte() {
    let w = ward().await;
    let s = w.store();
    let original = w
        .signed(
            &w.bilal,
            0,
            w.physio_t,
            &[
                ("subjective", "Pain climbing stairs, right knee."),
                ("pain", "7"),
                ("plan", "Quadriceps work"),
            ],
        )
        .await;
    let id = original.summary.id;
    assert_eq!(original.summary.status, NoteStatus::Signed);
    let titles: Vec<&str> = original.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles[..3],
        ["Subjective", "Pain score (0–10)", "Objective: range of motion"],
        "template order"
    );
    let before = w.raw(id).await;
    assert_eq!(
        before.1.as_deref(),
        Some(hex::encode(Sha256::digest(&before.0)).as_str()),
        "sha of the bytes"
    );
    assert_eq!(original.content_sha256, before.1);

    // Another physiotherapist corrects it.
    let draft =
        records::amend_note(s, &w.sara, id, "Pain score was recorded for the left knee").await.unwrap();
    assert_eq!(draft.summary.status, NoteStatus::Draft);
    assert_eq!(draft.summary.amends, Some(id));
    assert_eq!(draft.summary.amend_reason.as_deref(), Some("Pain score was recorded for the left knee"));
    assert_eq!(draft.sections, original.sections, "the content is copied to edit");
    let (action, _, entity_id, _, summary) = w.last_audit().await;
    assert_eq!((action.as_str(), summary), ("create", format!("amendment of note {id}")));
    assert_eq!(entity_id, Some(draft.summary.id.to_string()));
    // Opening it again offers back the same draft.
    let again = records::amend_note(s, &w.sara, id, "Pain score was wrong").await.unwrap();
    assert_eq!(again.summary.id, draft.summary.id);
    // Someone else may not start a second correction meanwhile.
    let e = records::amend_note(s, &w.bilal, id, "Another correction").await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert!(e.to_string().contains("Dr. Sara Javed is already writing an amendment"), "{e}");
    // Until it is signed, the original is not amended.
    assert_eq!(records::get_note(s, &w.bilal, id).await.unwrap().summary.amended_by, None);

    let mut fixed = text(&[("subjective", "Pain climbing stairs, right knee."), ("pain", "4")]);
    fixed.insert("plan".into(), "Quadriceps work".into());
    records::save_draft(s, &w.sara, draft.summary.id, fixed).await.unwrap();
    let amendment = records::sign_note(s, &w.sara, draft.summary.id).await.unwrap();
    assert_eq!(section(&amendment, "pain"), "4");

    assert_eq!(w.raw(id).await, before, "the original's bytes, sha, status and times never moved");
    let shown = records::get_note(s, &w.bilal, id).await.unwrap();
    assert_eq!(section(&shown, "pain"), "7");
    assert_eq!(shown.summary.amended_by, Some(amendment.summary.id), "shown as amended");
    let chain: Vec<i64> = shown.versions.iter().map(|n| n.id).collect();
    assert_eq!(chain, [id, amendment.summary.id]);
    assert_eq!(amendment.versions.iter().map(|n| n.id).collect::<Vec<_>>(), chain);
    let list = records::notes_of(s, &w.bilal, w.d.patients[0], None).await.unwrap();
    assert_eq!(
        list.iter().map(|n| (n.id, n.amended_by)).collect::<Vec<_>>(),
        [(amendment.summary.id, None), (id, Some(amendment.summary.id))]
    );
    let latest = records::latest_note(s, &w.bilal, w.d.patients[0], Discipline::Physiotherapy).await.unwrap();
    assert_eq!(latest.unwrap().summary.id, amendment.summary.id, "the last session's note as it now stands");
    let e = records::amend_note(s, &w.bilal, id, "A second correction").await.unwrap_err();
    assert!(e.to_string().contains(&format!("already been amended by note {}", amendment.summary.id)), "{e}");

    // The database itself refuses to change a signed note, whoever asks.
    for sql in [
        "UPDATE notes SET content = '{}' WHERE id = ?",
        "UPDATE notes SET status = 'draft', signed_at = NULL WHERE id = ?",
        "UPDATE notes SET content_sha256 = 'x' WHERE id = ?",
    ] {
        let e = sqlx::query(sql).bind(id).execute(s.pool()).await.unwrap_err();
        assert!(e.to_string().contains("a signed note cannot be changed"), "{sql}: {e}");
    }
    assert_eq!(w.raw(id).await, before);

    // The trail says who signed and amended, never what was written.
    let sums: Vec<(String, String)> =
        sqlx::query_as("SELECT action, summary FROM audit_log WHERE entity = 'note'")
            .fetch_all(s.pool())
            .await
            .unwrap();
    assert_eq!(sums.iter().filter(|(a, _)| a == "sign").count(), 2);
    assert!(sums.iter().any(|(a, s)| a == "sign" && s == &format!("signed, amends note {id}")));
    for (_, summary) in &sums {
        assert!(
            !summary.contains("knee") && !summary.contains("Quadriceps") && !summary.contains("left"),
            "{summary}"
        );
    }
    let r = alhayat::audit::verify(s.pool(), s.head().read().as_ref()).await.unwrap();
    assert!(r.ok, "{r:?}");
}

/// Child half of `a_draft_survives_a_killed_process`: autosaves until killed.
#[tokio::test]
#[ignore = "run by a_draft_survives_a_killed_process as a child process"]
async fn autosaving_child() {
    let Ok(dir) = std::env::var("ALHAYAT_TEST_NOTE_DIR") else { return };
    let key = alhayat::store::key::DbKey::from_hex(&std::env::var("ALHAYAT_TEST_NOTE_KEY").unwrap()).unwrap();
    let ids: Vec<i64> =
        std::env::var("ALHAYAT_TEST_NOTE_IDS").unwrap().split(',').map(|v| v.parse().unwrap()).collect();
    let (bilal, patient, template) = (actor(ids[0], &[Role::Physiotherapist]), ids[1], ids[2]);
    let store = Store::open(std::path::Path::new(&dir), &key, OpenMode::APP).await.unwrap();
    let note = records::start_note(&store, &bilal, patient, template, None).await.unwrap();
    for version in 1.. {
        records::save_draft(&store, &bilal, note.summary.id, typed(version)).await.unwrap();
        println!("saved {} version {version}", note.summary.id);
    }
}

/// The draft as typed by its `version`th autosave: a few kilobytes that grow.
fn typed(version: usize) -> BTreeMap<String, String> {
    text(&[
        (
            "subjective",
            &format!("v{version}: pain on stairs since March. {}", "Worse mornings. ".repeat(150)),
        ),
        ("pain", &(version % 11).to_string()),
        ("plan", &format!("Review in a week (saved {version} times).")),
    ])
}

#[tokio::test]
async fn a_draft_survives_a_killed_process() {
    let w = ward().await;
    let (bilal, patient, template) = (w.bilal.clone(), w.d.patients[1], w.physio_t);
    let Desk { f, .. } = w.d;
    let Fixture { dir, key, store } = f;
    store.close().await;

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "notes::autosaving_child", "--ignored", "--nocapture", "--test-threads=1"])
        .env("ALHAYAT_TEST_NOTE_DIR", dir.path())
        .env("ALHAYAT_TEST_NOTE_KEY", key.to_hex())
        .env("ALHAYAT_TEST_NOTE_IDS", format!("{},{patient},{template}", bilal.staff_id))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.find_map(|l| l.ok().filter(|l| l.starts_with("saved "))).expect("the child autosaved");
    let note_id: i64 = first.split(' ').nth(1).unwrap().parse().unwrap();
    // Let it go on typing for a moment, then kill it mid-stream: SIGKILL runs no destructor.
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let reported = lines.map_while(Result::ok).filter(|l| l.starts_with("saved ")).count() + 1;

    let store = Store::open(dir.path(), &key, OpenMode::APP).await.unwrap();
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap();
    assert_eq!(integrity, "ok");
    let offered = records::my_drafts(&store, &bilal, Some(patient)).await.unwrap();
    assert_eq!(offered.iter().map(|n| n.id).collect::<Vec<_>>(), [note_id], "the draft is offered back");
    let reopened = records::start_note(&store, &bilal, patient, template, None).await.unwrap();
    assert_eq!(reopened.summary.id, note_id, "starting again opens the same draft");
    // Whole saves only: the content is exactly one version, and every save before it was audited.
    let saves: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'note' AND entity_id = ? AND summary = 'draft saved'",
    )
    .bind(note_id.to_string())
    .fetch_one(store.pool())
    .await
    .unwrap();
    let version = usize::try_from(saves).unwrap();
    assert!(version >= reported, "every save the child reported is there ({version} < {reported})");
    let subjective = section(&reopened, "subjective");
    assert_eq!(subjective, typed(version)["subjective"], "intact, as saved {version} times");
    assert_eq!(section(&reopened, "pain"), (version % 11).to_string());
    assert!(subjective.len() > 2000);
    let r = alhayat::audit::verify(store.pool(), store.head().read().as_ref()).await.unwrap();
    assert!(r.ok, "{r:?}");
}

#[tokio::test]
async fn drafts_are_the_authors_own_and_offered_back() {
    let w = ward().await;
    let s = w.store();
    let p = w.d.patients[0];
    let appt =
        scheduling::book(s, &w.d.desk, w.d.booking(0, w.d.bilal, w.d.room1, &at(monday(1), 0, "11:00")))
            .await
            .unwrap();
    let a = records::start_note(s, &w.bilal, p, w.physio_t, None).await.unwrap();
    assert_eq!(a.summary.author_name, "Dr. Bilal Ahmed");
    assert_eq!(a.summary.discipline, Discipline::Physiotherapy);
    assert_eq!(a.sections.len(), 8);
    assert!(a.sections.iter().all(|s| s.text.is_empty()));
    assert_eq!(a.sections[1].kind, SectionKind::Score0To10);
    assert_eq!(records::start_note(s, &w.bilal, p, w.physio_t, None).await.unwrap().summary.id, a.summary.id);
    assert_eq!(w.last_audit().await.4, "draft offered back");
    let b = records::start_note(s, &w.bilal, p, w.physio_t, Some(appt.id)).await.unwrap();
    assert_ne!(b.summary.id, a.summary.id, "a note for the appointment is another draft");
    assert_eq!(b.summary.appointment_id, Some(appt.id));
    let c = records::start_note(s, &w.sara, p, w.physio_t, None).await.unwrap();
    assert_ne!(c.summary.id, a.summary.id, "each author has their own draft");

    let saved = records::save_draft(s, &w.bilal, a.summary.id, text(&[("plan", "Heat, then stretches")]))
        .await
        .unwrap();
    let again = records::save_draft(s, &w.bilal, a.summary.id, text(&[("plan", "Heat, then stretches")]))
        .await
        .unwrap();
    assert_eq!(again, saved, "saving what is saved writes nothing");
    let (action, entity, _, patient, summary) = w.last_audit().await;
    assert_eq!(
        (action.as_str(), entity.as_str(), patient, summary.as_str()),
        ("update", "note", Some(p), "draft saved")
    );

    let mine: Vec<i64> = records::my_drafts(s, &w.bilal, None).await.unwrap().iter().map(|n| n.id).collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.contains(&a.summary.id) && mine.contains(&b.summary.id));
    assert!(records::my_drafts(s, &w.bilal, Some(w.d.patients[1])).await.unwrap().is_empty());
    assert_eq!(records::my_drafts(s, &w.d.desk, None).await.unwrap_err().kind(), "forbidden");
    // Another physiotherapist neither lists nor opens Bilal's drafts.
    let theirs: Vec<i64> =
        records::notes_of(s, &w.sara, p, None).await.unwrap().iter().map(|n| n.id).collect();
    assert_eq!(theirs, [c.summary.id]);
    let e = records::get_note(s, &w.sara, a.summary.id).await.unwrap_err();
    assert!(e.kind() == "forbidden" && e.to_string().contains("still a draft"), "{e}");
    assert_eq!(records::discard_draft(s, &w.sara, a.summary.id).await.unwrap_err().kind(), "forbidden");

    records::discard_draft(s, &w.bilal, b.summary.id).await.unwrap();
    assert_eq!(records::get_note(s, &w.bilal, b.summary.id).await.unwrap_err().kind(), "not_found");
    assert_eq!(w.last_audit().await.0, "delete");
    let signed = records::sign_note(s, &w.bilal, a.summary.id).await.unwrap();
    assert!(signed.summary.signed_at.is_some());
    let e = records::discard_draft(s, &w.bilal, a.summary.id).await.unwrap_err();
    assert_eq!(e.kind(), "conflict");
    let e = records::save_draft(s, &w.bilal, a.summary.id, text(&[("plan", "late edit")])).await.unwrap_err();
    assert!(e.kind() == "conflict" && e.to_string().contains("amend it"), "{e}");
}

#[tokio::test]
async fn the_administrator_keeps_the_clinic_templates() {
    let w = ward().await;
    let s = w.store();
    let sections = vec![
        TemplateSection {
            key: String::new(),
            title: "Neck disability index".into(),
            kind: SectionKind::Score0To10,
        },
        TemplateSection { key: "advice".into(), title: "Posture advice".into(), kind: SectionKind::Text },
    ];
    let input = TemplateInput { name: "Neck review".into(), discipline: Discipline::Physiotherapy, sections };
    assert_eq!(records::add_note_template(s, &w.bilal, input.clone()).await.unwrap_err().kind(), "forbidden");
    let t = records::add_note_template(s, &w.d.admin, input.clone()).await.unwrap();
    assert_eq!(t.sections[0].key, "neck_disability_index");
    assert!(!t.builtin && t.active);
    let (action, entity, ..) = w.last_audit().await;
    assert_eq!((action.as_str(), entity.as_str()), ("create", "note_template"));
    let before = w.counts().await;
    let e = records::add_note_template(s, &w.d.admin, TemplateInput { name: "neck REVIEW".into(), ..input })
        .await;
    assert_eq!(e.unwrap_err().field(), Some("name"), "names are unique, whatever the case");
    assert_eq!(w.counts().await, before);

    let names = |list: Vec<records::NoteTemplate>| list.into_iter().map(|t| t.name).collect::<Vec<_>>();
    assert_eq!(
        names(records::note_templates(s, &w.sara).await.unwrap()),
        ["Physiotherapy session", "Neck review"]
    );
    assert_eq!(names(records::note_templates(s, &w.omar).await.unwrap()), ["Psychology session"]);
    assert_eq!(records::note_templates(s, &w.d.admin).await.unwrap().len(), 4);
    for who in [&w.d.desk, &w.nadia] {
        assert_eq!(records::note_templates(s, who).await.unwrap_err().kind(), "forbidden");
    }

    let note = records::start_note(s, &w.sara, w.d.patients[0], t.id, None).await.unwrap();
    assert_eq!(note.sections[0].title, "Neck disability index");
    records::save_draft(s, &w.sara, note.summary.id, text(&[("neck_disability_index", "6")])).await.unwrap();
    let off = records::set_note_template_active(s, &w.d.admin, t.id, false).await.unwrap();
    assert!(!off.active);
    assert_eq!(w.last_audit().await.0, "deactivate");
    assert_eq!(names(records::note_templates(s, &w.sara).await.unwrap()), ["Physiotherapy session"]);
    let e = records::start_note(s, &w.bilal, w.d.patients[0], t.id, None).await.unwrap_err();
    assert_eq!(e.field(), Some("template_id"));
    // A note already written in it carries on.
    let signed = records::sign_note(s, &w.sara, note.summary.id).await.unwrap();
    assert_eq!(section(&signed, "neck_disability_index"), "6");

    let e = records::set_note_template_active(s, &w.d.admin, w.physio_t, false).await.unwrap_err();
    assert!(e.kind() == "conflict" && e.to_string().contains("built-in"), "{e}");
    assert!(records::set_note_template_active(s, &w.d.admin, t.id, true).await.unwrap().active);
}

#[tokio::test]
async fn the_record_readers_get_signed_notes_whole_and_linked() {
    let w = ward().await;
    let s = w.store();
    let p = w.d.patients[0];
    let first = w.signed(&w.bilal, 0, w.physio_t, &[("plan", "Walk daily"), ("pain", "5")]).await;
    let fix = records::amend_note(s, &w.bilal, first.summary.id, "Plan was incomplete").await.unwrap();
    records::save_draft(
        s,
        &w.bilal,
        fix.summary.id,
        text(&[("plan", "Walk daily, 20 minutes"), ("pain", "5")]),
    )
    .await
    .unwrap();
    let fix = records::sign_note(s, &w.bilal, fix.summary.id).await.unwrap();
    w.signed(&w.ayesha, 0, w.psych_t, &[("plan", "CBT, weekly")]).await;
    records::start_note(s, &w.bilal, p, w.physio_t, None).await.unwrap(); // a draft: never in the record

    let mut conn = s.pool().acquire().await.unwrap();
    let sight = Sight::of(&mut conn, &w.sara, p).await.unwrap();
    let notes = records::visible_notes(&mut conn, &sight, p).await.unwrap();
    assert_eq!(notes.iter().map(|n| n.summary.id).collect::<Vec<_>>(), [first.summary.id, fix.summary.id]);
    assert_eq!(notes[0].summary.amended_by, Some(fix.summary.id));
    assert_eq!(
        notes[1].versions.iter().map(|n| n.id).collect::<Vec<_>>(),
        [first.summary.id, fix.summary.id]
    );
    assert_eq!(section(&notes[1], "plan"), "Walk daily, 20 minutes");
    assert_eq!(notes[1].sections[1].title, "Pain score (0–10)");
    let summaries = records::visible_note_summaries(&mut conn, &sight, p).await.unwrap();
    assert_eq!(summaries.iter().map(|n| n.id).collect::<Vec<_>>(), [first.summary.id, fix.summary.id]);
    let psych_sight = Sight::of(&mut conn, &w.omar, p).await.unwrap();
    let theirs = records::visible_notes(&mut conn, &psych_sight, p).await.unwrap();
    assert_eq!(theirs.iter().map(|n| n.summary.discipline).collect::<Vec<_>>(), [Discipline::Psychology]);
    let desk_sight = Sight::of(&mut conn, &w.d.desk, p).await.unwrap();
    assert!(records::visible_notes(&mut conn, &desk_sight, p).await.unwrap().is_empty());
}
