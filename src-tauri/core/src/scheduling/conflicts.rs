//! Does a proposed appointment fit? Pure functions over plain data, table-tested.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

use crate::clock::CLINIC_TZ;

/// A half-open time range `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// An appointment already in the book that holds its slot (booked, arrived, in session;
/// cancelled and no-show ones free it and are not passed in).
#[derive(Debug, Clone)]
pub struct Booked {
    pub id: i64,
    pub practitioner_id: i64,
    pub room_id: i64,
    pub patient_id: i64,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Proposal {
    pub practitioner_id: i64,
    pub room_id: i64,
    pub patient_id: i64,
    pub span: Span,
}

/// A weekly working period in clinic time: weekday 1 = Monday … 7 = Sunday.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub weekday: u32,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

/// What is already known about the time being booked: the appointments that hold
/// their slots, and the practitioner's working hours and time off.
#[derive(Debug, Clone, Copy)]
pub struct Diary<'a> {
    pub booked: &'a [Booked],
    pub hours: &'a [Period],
    pub time_off: &'a [Span],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    EndNotAfterStart,
    PractitionerBusy { appointment_id: i64, span: Span },
    RoomBusy { appointment_id: i64, span: Span },
    PatientBusy { appointment_id: i64, span: Span },
    OutsideWorkingHours,
    TimeOff { span: Span },
}

/// Whether `span` lies inside one working period of its (clinic-time) day.
pub fn within_hours(span: &Span, hours: &[Period]) -> bool {
    let (s, e) = (span.start.with_timezone(&CLINIC_TZ), span.end.with_timezone(&CLINIC_TZ));
    if s.date_naive() != e.date_naive() && e.time() != NaiveTime::MIN {
        return false;
    }
    let (day, from) = (s.weekday().number_from_monday(), s.time());
    let to = if e.date_naive() != s.date_naive() {
        NaiveTime::from_hms_opt(23, 59, 59).expect("valid")
    } else {
        e.time()
    };
    hours.iter().any(|p| p.weekday == day && p.starts <= from && to <= p.ends)
}

/// Everything that stops `p` from being booked, in a stable order: the practitioner's
/// clashes first (they decide which slots are offered), then the room's, the patient's,
/// hours and time off. Each appointment in the way is named once, by its first reason:
/// the practitioner's sentence already says with whom and in which room.
pub fn clashes(p: &Proposal, diary: Diary<'_>) -> Vec<Clash> {
    let Diary { booked: existing, hours, time_off } = diary;
    if p.span.end <= p.span.start {
        return vec![Clash::EndNotAfterStart];
    }
    let mut out = Vec::new();
    let overlapping = existing.iter().filter(|b| b.span.overlaps(&p.span));
    for b in overlapping.clone().filter(|b| b.practitioner_id == p.practitioner_id) {
        out.push(Clash::PractitionerBusy { appointment_id: b.id, span: b.span });
    }
    let named = |out: &[Clash], id: i64| {
        out.iter().any(|c| {
            matches!(c, Clash::PractitionerBusy { appointment_id, .. } | Clash::RoomBusy { appointment_id, .. } if *appointment_id == id)
        })
    };
    for b in overlapping.clone().filter(|b| b.room_id == p.room_id) {
        if !named(&out, b.id) {
            out.push(Clash::RoomBusy { appointment_id: b.id, span: b.span });
        }
    }
    for b in overlapping.filter(|b| b.patient_id == p.patient_id) {
        if !named(&out, b.id) {
            out.push(Clash::PatientBusy { appointment_id: b.id, span: b.span });
        }
    }
    if !within_hours(&p.span, hours) {
        out.push(Clash::OutsideWorkingHours);
    }
    for t in time_off.iter().filter(|t| t.overlaps(&p.span)) {
        out.push(Clash::TimeOff { span: *t });
    }
    out
}

/// The next `count` start times, on a `step`-minute grid from `after`, at which the
/// practitioner is working, not off and not booked, for an appointment of `length`.
/// Looks at most `days` days ahead.
pub fn next_free_slots(
    practitioner_id: i64,
    length: Duration,
    after: DateTime<Utc>,
    diary: Diary<'_>,
    count: usize,
    days: i64,
) -> Vec<DateTime<Utc>> {
    let Diary { booked: existing, hours, time_off } = diary;
    let step = Duration::minutes(15);
    // Start on the grid.
    let mut t = after
        + Duration::seconds(
            (step.num_seconds() - after.timestamp() % step.num_seconds()) % step.num_seconds(),
        );
    let until = after + Duration::days(days);
    let mut out = Vec::new();
    while t < until && out.len() < count {
        let span = Span { start: t, end: t + length };
        let free = within_hours(&span, hours)
            && !time_off.iter().any(|o| o.overlaps(&span))
            && !existing.iter().any(|b| b.practitioner_id == practitioner_id && b.span.overlaps(&span));
        if free {
            out.push(t);
        }
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A clinic-time instant on Monday 7 December 2026 (+ `day` days).
    fn at(day: i64, h: u32, m: u32) -> DateTime<Utc> {
        CLINIC_TZ.with_ymd_and_hms(2026, 12, 7, h, m, 0).unwrap().with_timezone(&Utc) + Duration::days(day)
    }
    fn span(day: i64, h1: u32, m1: u32, h2: u32, m2: u32) -> Span {
        Span { start: at(day, h1, m1), end: at(day, h2, m2) }
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    /// Monday to Saturday, 09:00–13:00 and 14:00–17:00.
    fn week() -> Vec<Period> {
        (1..=6)
            .flat_map(|d| {
                [
                    Period { weekday: d, starts: t(9, 0), ends: t(13, 0) },
                    Period { weekday: d, starts: t(14, 0), ends: t(17, 0) },
                ]
            })
            .collect()
    }
    fn booked() -> Vec<Booked> {
        vec![Booked {
            id: 1,
            practitioner_id: 10,
            room_id: 100,
            patient_id: 1000,
            span: span(0, 10, 0, 10, 45),
        }]
    }
    fn proposal(practitioner: i64, room: i64, patient: i64, s: Span) -> Proposal {
        Proposal { practitioner_id: practitioner, room_id: room, patient_id: patient, span: s }
    }

    #[test]
    fn every_conflict_rule() {
        let busy = span(0, 10, 0, 10, 45);
        let cases: Vec<(&str, Proposal, Vec<Clash>)> = vec![
            ("free", proposal(10, 100, 1000, span(0, 11, 0, 11, 45)), vec![]),
            ("back to back is fine", proposal(10, 100, 1000, span(0, 10, 45, 11, 30)), vec![]),
            ("ends as the other starts", proposal(10, 100, 1000, span(0, 9, 15, 10, 0)), vec![]),
            (
                "practitioner busy",
                proposal(10, 101, 1001, span(0, 10, 30, 11, 0)),
                vec![Clash::PractitionerBusy { appointment_id: 1, span: busy }],
            ),
            (
                "room busy",
                proposal(11, 100, 1001, span(0, 10, 30, 11, 0)),
                vec![Clash::RoomBusy { appointment_id: 1, span: busy }],
            ),
            (
                "patient busy",
                proposal(11, 101, 1000, span(0, 9, 30, 10, 15)),
                vec![Clash::PatientBusy { appointment_id: 1, span: busy }],
            ),
            (
                "inside another, named once",
                proposal(10, 100, 1000, span(0, 10, 10, 10, 20)),
                vec![Clash::PractitionerBusy { appointment_id: 1, span: busy }],
            ),
            (
                "the room and the patient of one appointment, named once",
                proposal(11, 100, 1000, span(0, 10, 10, 10, 20)),
                vec![Clash::RoomBusy { appointment_id: 1, span: busy }],
            ),
            (
                "over lunch",
                proposal(11, 101, 1001, span(0, 12, 30, 14, 30)),
                vec![Clash::OutsideWorkingHours],
            ),
            (
                "before opening",
                proposal(11, 101, 1001, span(0, 8, 30, 9, 30)),
                vec![Clash::OutsideWorkingHours],
            ),
            ("Sunday", proposal(11, 101, 1001, span(6, 10, 0, 10, 30)), vec![Clash::OutsideWorkingHours]),
            (
                "end before start",
                proposal(11, 101, 1001, span(0, 11, 0, 10, 0)),
                vec![Clash::EndNotAfterStart],
            ),
            ("zero length", proposal(11, 101, 1001, span(0, 11, 0, 11, 0)), vec![Clash::EndNotAfterStart]),
            (
                "time off",
                proposal(11, 101, 1001, span(1, 9, 0, 9, 45)),
                vec![Clash::TimeOff { span: span(1, 0, 0, 12, 0) }],
            ),
        ];
        for (label, p, want) in cases {
            let off = if p.practitioner_id == 11 { vec![span(1, 0, 0, 12, 0)] } else { vec![] };
            let diary = Diary { booked: &booked(), hours: &week(), time_off: &off };
            assert_eq!(clashes(&p, diary), want, "{label}");
        }
    }

    #[test]
    fn working_hours_are_read_in_karachi_time_across_the_utc_date_line() {
        // 09:00 in Karachi is 04:00 UTC; a late period crosses UTC midnight.
        let late = vec![Period { weekday: 1, starts: t(20, 0), ends: t(23, 30) }];
        assert!(within_hours(&span(0, 20, 0, 23, 0), &late));
        assert!(!within_hours(&span(0, 23, 0, 23, 45), &late));
        assert!(within_hours(&span(0, 9, 0, 9, 45), &week()));
    }

    #[test]
    fn next_free_slots_skip_bookings_lunch_time_off_and_sunday() {
        let after = at(0, 9, 50);
        let (b, w) = (booked(), week());
        let slots = next_free_slots(
            10,
            Duration::minutes(45),
            after,
            Diary { booked: &b, hours: &w, time_off: &[] },
            3,
            7,
        );
        // 10:00–10:45 is taken; 10:45 is the first start on the grid that fits.
        assert_eq!(slots, vec![at(0, 10, 45), at(0, 11, 0), at(0, 11, 15)]);
        // Late on Saturday: the next slot is on Monday, when the morning off ends at noon.
        let sat = at(5, 16, 50);
        let off = vec![span(7, 0, 0, 12, 0)];
        let slots = next_free_slots(
            10,
            Duration::minutes(30),
            sat,
            Diary { booked: &[], hours: &w, time_off: &off },
            1,
            7,
        );
        assert_eq!(slots, vec![at(7, 12, 0)]);
        let none = Diary { booked: &[], hours: &[], time_off: &[] };
        assert!(next_free_slots(10, Duration::minutes(30), sat, none, 1, 7).is_empty(), "no hours, no slots");
    }
}
