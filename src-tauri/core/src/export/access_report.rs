//! The access report (privacy policy 7): what the clinic holds about a patient, why,
//! who it was disclosed to, how long each kind is kept and the patient's rights, as one
//! PDF under the letterhead that goes with the record PDF. Pure: plain data in, bytes out.

use chrono::{DateTime, NaiveDate, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
use super::record::PatientIdentity;
use super::slip::ClinicHeader;
use crate::error::AppResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureLine {
    pub recipient: String,
    pub why: String,
    pub what: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionLine {
    pub category: String,
    /// The first day the records may go; `None` when kept always.
    pub keep_until: Option<NaiveDate>,
    /// The rule and what it counts from, in a sentence.
    pub reason: String,
}

/// A copy of the patient's information that left the app: an export or a print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLine {
    /// The clinic day, `YYYY-MM-DD`.
    pub on: String,
    /// What was made, in words.
    pub kind: String,
    /// What for, in words.
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub received_on: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReport {
    pub clinic: ClinicHeader,
    pub patient: PatientIdentity,
    /// The request's reference, e.g. "R-000012".
    pub reference: String,
    pub categories: Vec<CategoryCount>,
    pub purposes: Vec<String>,
    pub disclosures: Vec<DisclosureLine>,
    /// Every export and print that included the patient, oldest first.
    pub exports: Vec<ExportLine>,
    pub retention: Vec<RetentionLine>,
    pub statements: Vec<StatementLine>,
    pub printed_at: DateTime<Utc>,
}

/// Policy section 7, in plain words.
const RIGHTS: [&str; 6] = [
    "Access: you may ask for a copy of the information we hold about you. This report and the record that comes with it are that copy.",
    "Correction: if something in your record is wrong, you may ask us to correct it. If we do not agree, your statement of disagreement is kept with your record and included whenever it is shared.",
    "Deletion: you may ask us to delete your information. We erase what the law lets us erase; what we must keep is kept, used for nothing else, and erased when its time ends. We tell you which is which.",
    "Portability: you may ask for your information in a form another clinic's system can read (a FHIR file, spreadsheets and a PDF).",
    "Objection: you may object to reminders, to sharing outside your care team, or to the use of your information for statistics.",
    "Parents and guardians may use these rights for a child under 13. To use any right, contact our privacy officer.",
];

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn access_report_pdf(r: &AccessReport) -> AppResult<Vec<u8>> {
    let letterhead = Letterhead {
        name: r.clinic.name.clone(),
        address: r.clinic.address.clone(),
        phone: r.clinic.phone.clone(),
        logo: r.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let footer = format!("Confidential — access report, reference {}", r.reference);
    let mut flow = Flow::new(PageSize::A4, &letterhead, &footer)?;
    let title = TextStyle::new(14.0).bold();
    let heading = TextStyle::new(11.5).bold();
    let body = TextStyle::new(10.0);
    let muted = TextStyle::new(9.5).muted();
    let section = |flow: &mut Flow, text: &str| {
        flow.gap(5.0);
        flow.paragraph(text, heading);
        flow.gap(1.5);
    };

    flow.paragraph("Access report: the information we hold about you", title);
    flow.paragraph(&format!("Reference {}", r.reference), muted);
    flow.gap(3.0);
    let p = &r.patient;
    let born =
        format!("{}{}", long_date(p.birth_date), if p.birth_date_estimated { " (estimated)" } else { "" });
    let mut who = vec![
        Row { label: "Patient", value: &p.full_name },
        Row { label: "Record number", value: &p.mrn },
        Row { label: "Date of birth", value: &born },
    ];
    if let Some(ur) = p.name_ur.as_deref() {
        who.insert(1, Row { label: "Name in Urdu", value: ur });
    }
    flow.table(&who, body);

    section(&mut flow, "What we hold");
    let counts: Vec<String> = r.categories.iter().map(|c| c.count.to_string()).collect();
    let rows: Vec<Row> =
        r.categories.iter().zip(&counts).map(|(c, n)| Row { label: &c.label, value: n }).collect();
    flow.table(&rows, body);

    section(&mut flow, "Why we use it");
    for purpose in &r.purposes {
        flow.paragraph(&format!("• {purpose}"), body);
    }

    section(&mut flow, "Who it was disclosed to");
    if r.disclosures.is_empty() {
        flow.paragraph("We have not disclosed your information to anyone outside the clinic.", body);
    }
    for d in &r.disclosures {
        flow.paragraph(&format!("{} — {}", d.on, d.recipient), TextStyle::new(10.0).bold());
        flow.table(&[Row { label: "Why", value: &d.why }, Row { label: "What", value: &d.what }], body);
    }

    section(&mut flow, "Copies made of your information");
    if r.exports.is_empty() {
        flow.paragraph("No copy of your information has been exported or printed.", body);
    }
    for e in &r.exports {
        flow.paragraph(&format!("{} — {}", e.on, e.kind), TextStyle::new(10.0).bold());
        flow.table(&[Row { label: "Why", value: &e.purpose }], body);
    }

    section(&mut flow, "How long we keep it");
    let untils: Vec<String> = r
        .retention
        .iter()
        .map(|l| {
            let until = match l.keep_until {
                Some(d) => format!("Kept until {}.", long_date(d)),
                None => "Kept always.".into(),
            };
            format!("{until} {}", l.reason)
        })
        .collect();
    let rows: Vec<Row> =
        r.retention.iter().zip(&untils).map(|(l, u)| Row { label: &l.category, value: u }).collect();
    flow.table(&rows, body);

    if !r.statements.is_empty() {
        section(&mut flow, "Your statements of disagreement, kept with your record");
        for s in &r.statements {
            flow.paragraph(&format!("{}: {}", s.received_on, s.text), body);
        }
    }

    section(&mut flow, "Your rights");
    for right in RIGHTS {
        flow.paragraph(right, body);
        flow.gap(1.5);
    }
    flow.paragraph(&format!("{} — {}", r.clinic.name, r.clinic.phone), muted);
    flow.finish(&DocumentInfo {
        title: format!("Access report {}", r.reference),
        subject: "Patient rights request: access".into(),
        author: r.clinic.name.clone(),
        created: r.printed_at,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::export::pdf::check::{pdftotext, qpdf_check};

    #[test]
    fn every_section_reads_back() {
        let r = AccessReport {
            clinic: ClinicHeader {
                name: "Al-Hayat Clinic".into(),
                address: "Bahria Town, Lahore".into(),
                phone: "+92 300 1010592".into(),
                logo: None,
            },
            patient: PatientIdentity {
                full_name: "Amna Riaz".into(),
                name_ur: Some("آمنہ ریاض".into()),
                mrn: "AH-000001".into(),
                birth_date: NaiveDate::from_ymd_opt(1985, 3, 10).unwrap(),
                birth_date_estimated: false,
                sex: "Female".into(),
            },
            reference: "R-000012".into(),
            categories: vec![CategoryCount { label: "Appointments".into(), count: 4 }],
            purposes: vec!["Your care.".into()],
            disclosures: vec![DisclosureLine {
                recipient: "Services Hospital".into(),
                why: "Referral".into(),
                what: "Notes".into(),
                on: "2026-11-02".into(),
            }],
            exports: vec![ExportLine {
                on: "2026-11-15".into(),
                kind: "Appointment slip (printed)".into(),
                purpose: "Your appointment".into(),
            }],
            retention: vec![RetentionLine {
                category: "Clinical notes".into(),
                keep_until: NaiveDate::from_ymd_opt(2033, 11, 2),
                reason: "Kept 7 years after the last visit (2026-11-02).".into(),
            }],
            statements: vec![StatementLine { received_on: "2026-11-20".into(), text: "I disagree.".into() }],
            printed_at: Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap(),
        };
        let pdf = access_report_pdf(&r).unwrap();
        qpdf_check(&pdf);
        let text = pdftotext(&pdf, None).split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "Amna Riaz",
            "AH-000001",
            "Appointments 4",
            "Services Hospital",
            "2026-11-15 — Appointment slip (printed)",
            "Kept until 2 November 2033.",
            "I disagree.",
            "Portability:",
        ] {
            assert!(text.contains(want), "{want:?} not in:\n{text}");
        }
    }
}
