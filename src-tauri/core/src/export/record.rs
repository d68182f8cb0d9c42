//! A patient's clinical record as a PDF: identity in both scripts, problems,
//! allergies, medications, outcome measures and the notes, under the letterhead, with
//! "CONFIDENTIAL" and "Page X of N" on every page. It holds what the person printing
//! it may see, and says what it leaves out.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
use super::slip::ClinicHeader;
use crate::catalogue::Discipline;
use crate::clock::CLINIC_TZ;
use crate::error::AppResult;
use crate::measures::{Activity, Band, Instrument};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientIdentity {
    pub full_name: String,
    pub name_ur: Option<String>,
    pub mrn: String,
    pub birth_date: NaiveDate,
    pub birth_date_estimated: bool,
    /// As the record says it: "Female", "Male" …
    pub sex: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionLine {
    pub description: String,
    pub icd10: Option<String>,
    pub onset: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllergyLine {
    pub substance: String,
    pub reaction: Option<String>,
    /// "severe", "unknown" …
    pub severity: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MedicationLine {
    pub name: String,
    pub strength: Option<String>,
    pub dose: Option<String>,
    pub route: Option<String>,
    pub frequency: Option<String>,
    pub starts_on: Option<String>,
    pub stops_on: Option<String>,
    pub prescriber: Option<String>,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureLine {
    pub instrument: Instrument,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    pub total: f64,
    pub band: Option<Band>,
    pub risk: bool,
    pub items: Vec<u8>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEntry {
    pub id: i64,
    pub discipline: Discipline,
    pub template: String,
    pub author: String,
    pub written_at: DateTime<Utc>,
    pub signed_at: Option<DateTime<Utc>>,
    /// The note this one corrects.
    pub amends: Option<i64>,
    pub amend_reason: Option<String>,
    /// The note that corrects this one.
    pub amended_by: Option<i64>,
    /// Section titles and their text, in the template's order; blank ones are skipped.
    pub sections: Vec<(String, String)>,
}

/// A statement of disagreement as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub received_at: DateTime<Utc>,
    /// What it disputes, in words ("psychology records"), when known.
    pub about: Option<&'static str>,
    pub text: String,
}

/// Everything the record PDF prints, gathered by the service.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordExport {
    pub clinic: ClinicHeader,
    pub patient: PatientIdentity,
    /// Why it is printed, in words ("Continuing care").
    pub purpose: String,
    /// `None`: a part the person printing may not see (said under "Not included").
    pub conditions: Option<Vec<ConditionLine>>,
    pub allergies: Option<Vec<AllergyLine>>,
    pub medications: Option<Vec<MedicationLine>>,
    pub measures: Vec<MeasureLine>,
    /// Signed notes in any order: they are printed by date, each correction right after
    /// the note it corrects.
    pub notes: Vec<NoteEntry>,
    /// Sentences naming what this copy leaves out.
    pub left_out: Vec<String>,
    /// The patient's statements of disagreement with the record (a refused correction,
    /// policy 7): printed in every copy, before the record they dispute.
    pub statements: Vec<StatementLine>,
    pub printed_by: String,
    pub printed_at: DateTime<Utc>,
}

const TITLE: TextStyle = TextStyle::new(16.0).bold();
const HEADING: TextStyle = TextStyle::new(12.5).bold();
const SUBHEADING: TextStyle = TextStyle::new(10.5).bold();
const BODY: TextStyle = TextStyle::new(9.5);
const SMALL: TextStyle = TextStyle::new(8.5).muted();

/// "1 December 2026, 09:05" in clinic time.
fn clinic_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&CLINIC_TZ).format("%-d %B %Y, %H:%M").to_string()
}

/// "1 December 2026" for a stored `YYYY-MM-DD`, or the text as stored.
fn day(text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_or_else(|_| text.to_string(), |d| d.format("%-d %B %Y").to_string())
}

/// Whole years from `born` to `on`.
fn age(born: NaiveDate, on: NaiveDate) -> i32 {
    let had_birthday = (on.month(), on.day()) >= (born.month(), born.day());
    on.year() - born.year() - i32::from(!had_birthday)
}

fn total_text(m: &MeasureLine) -> String {
    if m.instrument == Instrument::Psfs {
        format!("mean {:.2} of 10", m.total)
    } else {
        format!("{} of {}", m.total, m.instrument.info().max)
    }
}

fn measure_value(m: &MeasureLine) -> String {
    let mut parts = vec![total_text(m)];
    if let Some(b) = m.band {
        parts.push(b.label().to_string());
    }
    if m.risk {
        let item9 = m.items.get(8).copied().unwrap_or_default();
        parts.push(format!("RISK: item 9 answered {item9}"));
    }
    let mut text = parts.join(" · ");
    if !m.items.is_empty() && m.instrument != Instrument::Nprs {
        let answers: Vec<String> = m.items.iter().map(u8::to_string).collect();
        text.push_str(&format!("\nAnswers: {}", answers.join(" ")));
    }
    for a in &m.activities {
        text.push_str(&format!("\n{}: {}", a.activity, a.score));
    }
    text
}

fn medication_value(m: &MedicationLine) -> String {
    let how: Vec<&str> =
        [&m.strength, &m.dose, &m.route, &m.frequency].into_iter().flatten().map(String::as_str).collect();
    let mut text = m.name.clone();
    if !how.is_empty() {
        text.push_str(&format!(", {}", how.join(", ")));
    }
    match (&m.starts_on, &m.stops_on) {
        (Some(from), Some(to)) => text.push_str(&format!("\nFrom {} to {}", day(from), day(to))),
        (Some(from), None) => text.push_str(&format!("\nSince {}", day(from))),
        (None, Some(to)) => text.push_str(&format!("\nUntil {}", day(to))),
        (None, None) => {}
    }
    if let Some(p) = &m.prescriber {
        text.push_str(&format!("\nPrescribed by {p}"));
    }
    text
}

/// Notes by when they were written, each followed by its chain of corrections.
pub fn reading_order(notes: &[NoteEntry]) -> Vec<&NoteEntry> {
    let present: HashMap<i64, &NoteEntry> = notes.iter().map(|n| (n.id, n)).collect();
    let mut corrections: HashMap<i64, Vec<&NoteEntry>> = HashMap::new();
    let mut roots = Vec::new();
    for n in notes {
        match n.amends.filter(|a| present.contains_key(a)) {
            Some(original) => corrections.entry(original).or_default().push(n),
            None => roots.push(n),
        }
    }
    let by_time = |a: &&NoteEntry, b: &&NoteEntry| (a.written_at, a.id).cmp(&(b.written_at, b.id));
    roots.sort_by(by_time);
    for list in corrections.values_mut() {
        list.sort_by(by_time);
    }
    let mut out = Vec::with_capacity(notes.len());
    let mut stack: Vec<&NoteEntry> = roots.into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        if let Some(list) = corrections.get(&n.id) {
            stack.extend(list.iter().rev());
        }
    }
    out
}

fn heading(flow: &mut Flow, text: &str) {
    flow.gap(4.0);
    flow.paragraph(text, HEADING);
    flow.rule();
}

fn identity(flow: &mut Flow, r: &RecordExport) {
    let p = &r.patient;
    let on = r.printed_at.with_timezone(&CLINIC_TZ).date_naive();
    let estimated = if p.birth_date_estimated { ", estimated" } else { "" };
    let born = format!("{} (aged {}{estimated})", p.birth_date.format("%-d %B %Y"), age(p.birth_date, on));
    let mut rows = vec![Row { label: "Name", value: &p.full_name }];
    if let Some(urdu) = p.name_ur.as_deref().filter(|n| !n.trim().is_empty()) {
        rows.push(Row { label: "Name in Urdu", value: urdu });
    }
    rows.extend([
        Row { label: "MRN", value: &p.mrn },
        Row { label: "Date of birth", value: &born },
        Row { label: "Sex", value: &p.sex },
    ]);
    flow.table(&rows, TextStyle::new(10.5).max_lines(3));
}

/// A history part: its rows, "None recorded.", or nothing when it is not shown.
fn part(flow: &mut Flow, title: &str, rows: Option<Vec<(String, String)>>) {
    let Some(rows) = rows else { return };
    heading(flow, title);
    if rows.is_empty() {
        flow.paragraph("None recorded.", BODY);
        return;
    }
    let rows: Vec<Row<'_>> = rows.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, BODY);
}

fn measures(flow: &mut Flow, all: &[MeasureLine]) {
    if all.is_empty() {
        return;
    }
    heading(flow, "Outcome measures");
    for instrument in Instrument::ALL {
        let mut of: Vec<&MeasureLine> = all.iter().filter(|m| m.instrument == instrument).collect();
        if of.is_empty() {
            continue;
        }
        of.sort_by(|a, b| a.taken_on.cmp(&b.taken_on));
        let info = instrument.info();
        let range = if instrument == Instrument::Psfs {
            "mean of 0–10 per activity, higher is better".to_string()
        } else {
            format!("total 0–{}", info.max)
        };
        flow.gap(2.0);
        flow.paragraph(&format!("{} — {} ({range})", info.name, info.title), SUBHEADING);
        let values: Vec<(String, String)> = of.iter().map(|m| (day(&m.taken_on), measure_value(m))).collect();
        let rows: Vec<Row<'_>> = values.iter().map(|(label, value)| Row { label, value }).collect();
        flow.table(&rows, BODY);
    }
}

fn notes(flow: &mut Flow, all: &[NoteEntry]) {
    if all.is_empty() {
        return;
    }
    heading(flow, "Notes");
    for n in reading_order(all) {
        flow.gap(3.0);
        let discipline = match n.discipline {
            Discipline::Physiotherapy => "Physiotherapy",
            Discipline::Psychology => "Psychology",
            Discipline::Pharmacy => "Pharmacy",
        };
        flow.paragraph(&format!("Note {} · {} · {discipline}", n.id, n.template), SUBHEADING);
        let mut meta = format!("Written by {} on {}", n.author, clinic_time(n.written_at));
        if let Some(signed) = n.signed_at {
            meta.push_str(&format!("; signed {}", clinic_time(signed)));
        }
        flow.paragraph(&meta, SMALL);
        if let Some(original) = n.amends {
            let reason = n.amend_reason.as_deref().unwrap_or("not given");
            flow.paragraph(&format!("AMENDMENT of note {original}. Reason: {reason}"), BODY.bold());
        }
        if let Some(by) = n.amended_by {
            flow.paragraph(&format!("AMENDED: corrected by note {by}, which follows."), BODY.bold());
        }
        for (title, text) in n.sections.iter().filter(|(_, t)| !t.trim().is_empty()) {
            flow.paragraph(title, BODY.bold().muted());
            flow.paragraph(text, BODY);
        }
        flow.rule();
    }
}

/// The record as an A4 PDF.
pub fn record_pdf(r: &RecordExport) -> AppResult<Vec<u8>> {
    let letterhead = Letterhead {
        name: r.clinic.name.clone(),
        address: r.clinic.address.clone(),
        phone: r.clinic.phone.clone(),
        logo: r.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let printed = format!("Printed by {} on {}", r.printed_by, clinic_time(r.printed_at));
    // First on the line, so a long name can never push it off the page.
    let footer = format!("CONFIDENTIAL · Patient record {} · {printed}", r.patient.mrn);
    let mut flow = Flow::new(PageSize::A4, &letterhead, &footer)?;

    flow.paragraph("CONFIDENTIAL", TextStyle::new(11.0).bold());
    flow.paragraph("Patient record", TITLE);
    flow.paragraph(&format!("{printed}. Purpose: {}.", r.purpose), SMALL);
    flow.gap(3.0);
    identity(&mut flow, r);
    if !r.left_out.is_empty() {
        flow.gap(2.0);
        flow.paragraph(&format!("Not included: {}", r.left_out.join(" ")), SMALL);
    }

    if !r.statements.is_empty() {
        flow.gap(3.0);
        flow.paragraph("The patient disagrees with this record", HEADING);
        flow.paragraph(
            "A correction the patient asked for was refused; their own words are kept with the record and printed in every copy.",
            SMALL,
        );
        for st in &r.statements {
            let about = st.about.map(|a| format!(", about the {a}")).unwrap_or_default();
            flow.paragraph(&format!("Received {}{about}", clinic_time(st.received_at)), SUBHEADING);
            flow.paragraph(&st.text, BODY);
        }
    }

    let conditions = r.conditions.as_ref().map(|list| {
        list.iter()
            .map(|c| {
                let mut value = c.description.clone();
                if let Some(code) = &c.icd10 {
                    value.push_str(&format!(" ({code})"));
                }
                if let Some(onset) = &c.onset {
                    value.push_str(&format!(", since {}", day(onset)));
                }
                ((if c.active { "Active" } else { "Resolved" }).to_string(), value)
            })
            .collect()
    });
    part(&mut flow, "Problems", conditions);
    let allergies = r.allergies.as_ref().map(|list| {
        list.iter()
            .map(|a| {
                let mut value = a.substance.clone();
                if let Some(reaction) = &a.reaction {
                    value.push_str(&format!(": {reaction}"));
                }
                value.push_str(&format!(" ({} severity)", a.severity));
                let label = if a.active { "Active" } else { "No longer applies" };
                (label.to_string(), value)
            })
            .collect()
    });
    part(&mut flow, "Allergies", allergies);
    let medications = r.medications.as_ref().map(|list| {
        list.iter()
            .map(|m| ((if m.current { "Current" } else { "Stopped" }).to_string(), medication_value(m)))
            .collect()
    });
    part(&mut flow, "Medications", medications);
    measures(&mut flow, &r.measures);
    notes(&mut flow, &r.notes);

    flow.finish(&DocumentInfo {
        title: format!("Patient record {}", r.patient.mrn),
        subject: "Patient record (confidential)".into(),
        author: r.clinic.name.clone(),
        created: r.printed_at,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::export::pdf::check::{pdfinfo, pdftotext, qpdf_check};

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn note(id: i64, written: DateTime<Utc>, amends: Option<i64>, amended_by: Option<i64>) -> NoteEntry {
        NoteEntry {
            id,
            discipline: Discipline::Physiotherapy,
            template: "Physiotherapy session".into(),
            author: "Dr. Bilal Ahmed".into(),
            written_at: written,
            signed_at: Some(written),
            amends,
            amend_reason: amends.map(|_| "wrong knee recorded".into()),
            amended_by,
            sections: vec![
                ("Subjective".into(), format!("Note {id} says the knee hurts on stairs.")),
                ("Plan".into(), String::new()),
            ],
        }
    }

    fn record(notes: Vec<NoteEntry>) -> RecordExport {
        RecordExport {
            clinic: ClinicHeader {
                name: "Al-Hayat Clinic".into(),
                address: "12 Main Boulevard, Gulberg III, Lahore".into(),
                phone: "+92 42 3571 0000".into(),
                logo: None,
            },
            patient: PatientIdentity {
                full_name: "Ayesha Siddiqui".into(),
                name_ur: Some("عائشہ صدیقی".into()),
                mrn: "AH-000123".into(),
                birth_date: NaiveDate::from_ymd_opt(1985, 12, 2).unwrap(),
                birth_date_estimated: false,
                sex: "Female".into(),
            },
            purpose: "Continuing care".into(),
            conditions: Some(vec![ConditionLine {
                description: "Osteoarthritis of the knee".into(),
                icd10: Some("M17.1".into()),
                onset: Some("2025-03".into()),
                active: true,
            }]),
            allergies: Some(vec![AllergyLine {
                substance: "Penicillin".into(),
                reaction: Some("hives".into()),
                severity: "severe".into(),
                active: true,
            }]),
            medications: Some(vec![MedicationLine {
                name: "Paracetamol".into(),
                strength: Some("500 mg".into()),
                frequency: Some("every six hours".into()),
                starts_on: Some("2026-11-01".into()),
                current: true,
                ..Default::default()
            }]),
            measures: vec![
                MeasureLine {
                    instrument: Instrument::Nprs,
                    taken_on: "2026-11-02".into(),
                    total: 7.0,
                    band: Some(Band::Severe),
                    risk: false,
                    items: vec![7],
                    activities: vec![],
                },
                MeasureLine {
                    instrument: Instrument::Psfs,
                    taken_on: "2026-11-02".into(),
                    total: 4.5,
                    band: None,
                    risk: false,
                    items: vec![],
                    activities: vec![Activity { activity: "سیڑھیاں چڑھنا".into(), score: 3 }],
                },
            ],
            notes,
            left_out: vec!["Psychology notes and measures, which are open to psychology staff only.".into()],
            statements: vec![],
            printed_by: "Dr. Bilal Ahmed".into(),
            printed_at: Utc.with_ymd_and_hms(2026, 12, 1, 4, 5, 0).unwrap(),
        }
    }

    #[test]
    fn corrections_follow_the_note_they_correct() {
        let notes = vec![
            note(5, at(20, 5), Some(1), Some(9)),
            note(3, at(10, 5), None, None),
            note(1, at(2, 5), None, Some(5)),
            note(9, at(25, 5), Some(5), None),
            // Corrects a note this copy does not hold: stands on its own date.
            note(7, at(15, 5), Some(99), None),
        ];
        let order: Vec<i64> = reading_order(&notes).iter().map(|n| n.id).collect();
        assert_eq!(order, [1, 5, 9, 3, 7]);
    }

    #[test]
    fn ages_count_whole_years_at_the_clinic() {
        let born = NaiveDate::from_ymd_opt(1985, 12, 2).unwrap();
        assert_eq!(age(born, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()), 40);
        assert_eq!(age(born, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()), 41);
        let leap = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(age(leap, NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()), 24);
        assert_eq!(age(leap, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()), 25);
    }

    #[test]
    fn the_record_reads_back_with_every_part_and_every_page_marked() {
        let mut notes = vec![note(1, at(2, 5), None, Some(2)), note(2, at(3, 5), Some(1), None)];
        // Enough notes for several pages.
        notes.extend((10..60).map(|id| NoteEntry {
            sections: vec![("Assessment".into(), "Improving range of motion. ".repeat(30))],
            ..note(id, at(4, 5), None, None)
        }));
        let pdf = record_pdf(&record(notes)).unwrap();
        qpdf_check(&pdf);
        let info = words(&pdfinfo(&pdf));
        let pages: usize = info.split("Pages: ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!(pages >= 3, "{info}");
        assert!(info.contains("Title: Patient record AH-000123"), "{info}");
        for page in 1..=pages {
            let text = words(&pdftotext(&pdf, Some(page)));
            assert!(text.contains(&format!("Page {page} of {pages}")), "page {page}: {text}");
            assert!(text.contains("CONFIDENTIAL · Patient record AH-000123"), "page {page}: {text}");
            assert!(text.contains("Al-Hayat Clinic"), "letterhead on page {page}");
        }
        let all = words(&pdftotext(&pdf, None));
        for expected in [
            "Ayesha Siddiqui",
            "عائشہ صدیقی",
            "AH-000123",
            "2 December 1985 (aged 40)",
            "Female",
            "Purpose: Continuing care.",
            "Printed by Dr. Bilal Ahmed on 1 December 2026, 09:05",
            "Not included: Psychology notes and measures",
            "Osteoarthritis of the knee (M17.1), since 2025-03",
            "Penicillin: hives (severe severity)",
            "Paracetamol, 500 mg, every six hours",
            "Since 1 November 2026",
            "NPRS — Numeric Pain Rating Scale (total 0–10)",
            "7 of 10 · Severe",
            "mean 4.50 of 10",
            "سیڑھیاں چڑھنا",
            "AMENDED: corrected by note 2, which follows.",
            "AMENDMENT of note 1. Reason: wrong knee recorded",
            "Note 1 says the knee hurts on stairs.",
        ] {
            assert!(all.contains(expected), "{expected:?} not in:\n{all}");
        }
        // The correction is printed right after the original.
        let original = all.find("Note 1 ·").unwrap();
        let correction = all.find("Note 2 ·").unwrap();
        let next = all.find("Note 10 ·").unwrap();
        assert!(original < correction && correction < next);
        assert!(!all.contains("Plan"), "a blank section is left out");
    }

    #[test]
    fn a_part_not_shown_is_left_out_and_an_empty_one_says_so() {
        let mut r = record(vec![]);
        r.conditions = None;
        r.allergies = Some(vec![]);
        r.measures.clear();
        let text = words(&pdftotext(&record_pdf(&r).unwrap(), None));
        assert!(!text.contains("Problems") && !text.contains("Outcome measures") && !text.contains("Notes"));
        assert!(text.contains("Allergies None recorded."), "{text}");
        assert!(text.contains("Page 1 of 1"));
    }

    /// About what 500 visits give: 330 notes of 1–3 KB.
    fn long_record() -> RecordExport {
        let phrase = "Range of motion improved since last session; flexion now to about 110 degrees. ";
        let notes = (1..=330)
            .map(|id| NoteEntry {
                sections: vec![
                    ("Subjective".into(), phrase.repeat(8)),
                    ("Assessment".into(), phrase.repeat(10)),
                    ("Plan".into(), "گھر پر روزانہ ورزش، ہفتے میں دو بار۔ ".repeat(3)),
                ],
                ..note(id, at(1 + (id % 28) as u32, 5), None, None)
            })
            .collect();
        record(notes)
    }

    #[test]
    #[ignore = "timing; run with --release -- --ignored --nocapture"]
    fn record_timing() {
        let r = long_record();
        let chars: usize = r.notes.iter().flat_map(|n| &n.sections).map(|(_, t)| t.chars().count()).sum();
        let started = std::time::Instant::now();
        let mut flow = Flow::new(
            PageSize::A4,
            &Letterhead {
                name: r.clinic.name.clone(),
                address: r.clinic.address.clone(),
                phone: r.clinic.phone.clone(),
                logo: None,
            },
            "CONFIDENTIAL",
        )
        .unwrap();
        notes(&mut flow, &r.notes);
        let laid_out = started.elapsed();
        let pages = flow.page_count();
        let info = DocumentInfo {
            title: "t".into(),
            subject: "s".into(),
            author: "a".into(),
            created: r.printed_at,
        };
        let bytes = flow.finish(&info).unwrap();
        let finished = started.elapsed() - laid_out;
        println!(
            "record_pdf: {} notes, {chars} characters, {pages} pages, {} KB: layout {laid_out:?}, finish {finished:?}",
            r.notes.len(),
            bytes.len() / 1024
        );
    }
}
