use super::*;
use RecordKind::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The defaults of the migrations 20261201000003_retention.sql and 20261223000001_billing_retention.sql.
fn defaults() -> Vec<RetentionRule> {
    vec![
        RetentionRule::new(ClinicalNotes, 7, 0, CountedFrom::LastVisitOrAdulthood),
        RetentionRule::new(PrescriptionsAndDispensings, 5, 0, CountedFrom::LastVisitOrAdulthood),
        RetentionRule::new(Billing, 6, 0, CountedFrom::LastVisit),
        RetentionRule::new(Appointments, 3, 0, CountedFrom::LastVisit),
        RetentionRule::new(Consents, 0, 0, CountedFrom::WithOtherRecords),
        RetentionRule::new(Demographics, 0, 0, CountedFrom::WithOtherRecords),
        RetentionRule::new(AuditTrail, 0, 0, CountedFrom::KeptAlways),
    ]
}

fn with(mut rules: Vec<RetentionRule>, rule: RetentionRule) -> Vec<RetentionRule> {
    rules.retain(|r| r.kind != rule.kind);
    rules.push(rule);
    rules
}

fn facts(birth: &str, last_visit: Option<&str>, created: &str) -> PatientFacts {
    PatientFacts { birth_date: d(birth), last_visit: last_visit.map(d), created: d(created) }
}

/// Expected per kind: `Some(day)` kept until (first day it may go), `None` kept always.
type Row =
    (&'static str, Vec<RetentionRule>, PatientFacts, &'static str, [(RecordKind, Option<&'static str>); 5]);

#[test]
fn retention_dates_per_kind() {
    let adult = facts("1980-05-01", Some("2020-03-10"), "2019-01-01");
    let rows: Vec<Row> = vec![
        (
            "adult, seen recently: only appointments and dispensings may go",
            defaults(),
            adult,
            "2026-12-01",
            [
                (ClinicalNotes, Some("2027-03-10")),
                (PrescriptionsAndDispensings, Some("2025-03-10")),
                (Appointments, Some("2023-03-10")),
                (Consents, Some("2027-03-10")),
                (Demographics, Some("2027-03-10")),
            ],
        ),
        (
            "adult, last visit long ago: everything may go",
            defaults(),
            facts("1970-01-01", Some("2015-06-01"), "2010-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2022-06-01")),
                (PrescriptionsAndDispensings, Some("2020-06-01")),
                (Appointments, Some("2018-06-01")),
                (Consents, Some("2022-06-01")),
                (Demographics, Some("2022-06-01")),
            ],
        ),
        (
            "child: notes kept 7 years past the 18th birthday, appointments from the visit",
            defaults(),
            facts("2015-04-20", Some("2020-01-05"), "2019-09-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2040-04-20")),
                (PrescriptionsAndDispensings, Some("2038-04-20")),
                (Appointments, Some("2023-01-05")),
                (Consents, Some("2040-04-20")),
                (Demographics, Some("2040-04-20")),
            ],
        ),
        (
            "seen as a child and again as an adult: the later visit counts",
            defaults(),
            facts("2000-01-01", Some("2020-06-01"), "2012-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2027-06-01")),
                (PrescriptionsAndDispensings, Some("2025-06-01")),
                (Appointments, Some("2023-06-01")),
                (Consents, Some("2027-06-01")),
                (Demographics, Some("2027-06-01")),
            ],
        ),
        (
            "no visits at all: counted from the day the record was opened",
            defaults(),
            facts("1990-07-07", None, "2018-02-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2025-02-01")),
                (PrescriptionsAndDispensings, Some("2023-02-01")),
                (Appointments, Some("2021-02-01")),
                (Consents, Some("2025-02-01")),
                (Demographics, Some("2025-02-01")),
            ],
        ),
        (
            "a rule changed: notes kept 10 years keep the personal details too",
            with(defaults(), RetentionRule::new(ClinicalNotes, 10, 0, CountedFrom::LastVisit)),
            facts("1970-01-01", Some("2018-01-10"), "2010-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2028-01-10")),
                (PrescriptionsAndDispensings, Some("2023-01-10")),
                (Appointments, Some("2021-01-10")),
                (Consents, Some("2028-01-10")),
                (Demographics, Some("2028-01-10")),
            ],
        ),
        (
            "born on 29 February: 18 on 28 February of a common year",
            defaults(),
            facts("2008-02-29", Some("2012-05-05"), "2010-01-01"),
            "2033-02-27",
            [
                (ClinicalNotes, Some("2033-02-28")),
                (PrescriptionsAndDispensings, Some("2031-02-28")),
                (Appointments, Some("2015-05-05")),
                (Consents, Some("2033-02-28")),
                (Demographics, Some("2033-02-28")),
            ],
        ),
        (
            "a period of years and months, counted from registration",
            with(defaults(), RetentionRule::new(Appointments, 1, 6, CountedFrom::RecordCreated)),
            facts("1970-01-01", Some("2015-06-01"), "2011-08-31"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2022-06-01")),
                (PrescriptionsAndDispensings, Some("2020-06-01")),
                (Appointments, Some("2013-02-28")),
                (Consents, Some("2022-06-01")),
                (Demographics, Some("2022-06-01")),
            ],
        ),
        (
            "consents kept longer than the records keep the personal details with them",
            with(defaults(), RetentionRule::new(Consents, 20, 0, CountedFrom::RecordCreated)),
            facts("1970-01-01", Some("2015-06-01"), "2010-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2022-06-01")),
                (PrescriptionsAndDispensings, Some("2020-06-01")),
                (Appointments, Some("2018-06-01")),
                (Consents, Some("2030-01-01")),
                (Demographics, Some("2030-01-01")),
            ],
        ),
        (
            "dispensings kept always: consents and personal details too",
            with(defaults(), RetentionRule::new(PrescriptionsAndDispensings, 0, 0, CountedFrom::KeptAlways)),
            facts("1970-01-01", Some("2015-06-01"), "2010-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2022-06-01")),
                (PrescriptionsAndDispensings, None),
                (Appointments, Some("2018-06-01")),
                (Consents, None),
                (Demographics, None),
            ],
        ),
        (
            "personal details kept a year past the other records",
            with(defaults(), RetentionRule::new(Demographics, 1, 0, CountedFrom::WithOtherRecords)),
            adult,
            "2026-12-01",
            [
                (ClinicalNotes, Some("2027-03-10")),
                (PrescriptionsAndDispensings, Some("2025-03-10")),
                (Appointments, Some("2023-03-10")),
                (Consents, Some("2027-03-10")),
                (Demographics, Some("2028-03-10")),
            ],
        ),
        (
            "no rule for a kind: it is kept",
            defaults().into_iter().filter(|r| r.kind != Appointments).collect(),
            facts("1970-01-01", Some("2015-06-01"), "2010-01-01"),
            "2026-12-01",
            [
                (ClinicalNotes, Some("2022-06-01")),
                (PrescriptionsAndDispensings, Some("2020-06-01")),
                (Appointments, None),
                (Consents, None),
                (Demographics, None),
            ],
        ),
    ];
    for (label, rules, facts, today, expected) in rows {
        let today = d(today);
        let verdicts = evaluate(&rules, &facts, today);
        assert_eq!(verdicts.len(), 7, "{label}");
        for (kind, until) in expected {
            let v = verdicts.iter().find(|v| v.kind == kind).unwrap();
            let until = until.map(d);
            assert_eq!(v.keep_until, until, "{label}: {kind:?} ({})", v.reason);
            assert_eq!(v.can_go, until.is_some_and(|u| today >= u), "{label}: {kind:?}");
            assert!(!v.reason.is_empty());
        }
        let audit = verdicts.iter().find(|v| v.kind == AuditTrail).unwrap();
        assert!(!audit.can_go && audit.keep_until.is_none(), "{label}: the audit trail is kept always");
    }
}

#[test]
fn the_first_day_it_may_go_is_keep_until_itself() {
    let f = facts("1970-01-01", Some("2019-11-30"), "2010-01-01");
    let notes = |today: &str| {
        evaluate(&defaults(), &f, d(today)).into_iter().find(|v| v.kind == ClinicalNotes).unwrap()
    };
    assert!(!notes("2026-11-29").can_go);
    assert!(notes("2026-11-30").can_go);
}

#[test]
fn reasons_say_what_the_period_is_counted_from() {
    let child =
        evaluate(&defaults(), &facts("2015-04-20", Some("2020-01-05"), "2019-09-01"), d("2026-12-01"));
    let notes = &child.iter().find(|v| v.kind == ClinicalNotes).unwrap().reason;
    assert_eq!(
        notes,
        "Kept 7 years after the 18th birthday (2033-04-20), which is later than the last visit (2020-01-05)."
    );
    let demographics = &child.iter().find(|v| v.kind == Demographics).unwrap().reason;
    assert_eq!(demographics, "Kept as long as the other records (until 2040-04-20).");
    let none = evaluate(&defaults(), &facts("1990-07-07", None, "2018-02-01"), d("2026-12-01"));
    assert!(none[0].reason.contains("as there has been no visit"), "{}", none[0].reason);
    let longer = with(defaults(), RetentionRule::new(Consents, 20, 0, CountedFrom::RecordCreated));
    let v = evaluate(&longer, &facts("1970-01-01", Some("2015-06-01"), "2010-01-01"), d("2026-12-01"));
    let demographics = &v.iter().find(|v| v.kind == Demographics).unwrap().reason;
    assert_eq!(demographics, "Kept as long as the patient's consents (until 2030-01-01).");
}

#[test]
fn periods_read_as_words() {
    assert_eq!(period_text(7, 0), "7 years");
    assert_eq!(period_text(1, 0), "1 year");
    assert_eq!(period_text(0, 6), "6 months");
    assert_eq!(period_text(2, 1), "2 years 1 month");
    assert_eq!(period_text(0, 0), "no further time");
}
