//! iCalendar (RFC 5545) for a practitioner's or a patient's appointments.
//!
//! Times are written in UTC (`…Z`), so no VTIMEZONE is needed; `X-WR-TIMEZONE` tells
//! calendar programs to show them in the clinic's zone. What a summary says is the
//! caller's concern (no clinical detail: "Appointment — AH-000123").

use chrono::{DateTime, Utc};

/// One appointment as a calendar sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across exports, so a calendar updates the event instead of adding one.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub status_cancelled: bool,
}

const PRODID: &str = "-//Al-Hayat Clinic//Appointments//EN";
/// Octets in a content line before it is folded, excluding CRLF (RFC 5545 §3.1).
const FOLD_AT: usize = 75;

/// The calendar as iCalendar text (CRLF line endings, long lines folded).
pub fn ics(calendar_name: &str, events: &[CalendarEvent], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| fold_into(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", PRODID);
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("X-WR-CALNAME", &text(calendar_name));
    line("X-WR-TIMEZONE", crate::clock::CLINIC_TZ.name());
    for e in events {
        line("BEGIN", "VEVENT");
        line("UID", &text(&e.uid));
        line("DTSTAMP", &utc(stamp));
        line("DTSTART", &utc(e.starts_at));
        line("DTEND", &utc(e.ends_at));
        line("SUMMARY", &text(&e.summary));
        if !e.location.is_empty() {
            line("LOCATION", &text(&e.location));
        }
        line("STATUS", if e.status_cancelled { "CANCELLED" } else { "CONFIRMED" });
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// A DATE-TIME in UTC form, whole seconds.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks
/// escaped; other control characters, which TEXT may not hold, dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` with CRLF, folded so no physical line exceeds 75 octets and no
/// UTF-8 character is split; each continuation starts with one space.
fn fold_into(out: &mut String, line: &str) {
    let mut budget = FOLD_AT;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > budget {
            out.push_str("\r\n ");
            // The leading space counts against the continuation line's 75 octets.
            budget = FOLD_AT - 1;
            used = 0;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::{Component, EventLike};

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn event(uid: &str, summary: &str, cancelled: bool) -> CalendarEvent {
        CalendarEvent {
            uid: uid.into(),
            starts_at: at(2026, 12, 7, 5, 0),
            ends_at: at(2026, 12, 7, 5, 45),
            summary: summary.into(),
            location: "Room 2, Al-Hayat Clinic; Gulberg III, Lahore".into(),
            status_cancelled: cancelled,
        }
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn text_values_are_escaped() {
        let cases = [
            ("plain", "plain"),
            ("a,b;c", "a\\,b\\;c"),
            ("back\\slash", "back\\\\slash"),
            ("two\nlines", "two\\nlines"),
            ("crlf\r\nline", "crlf\\nline"),
            ("lone\rcr", "lone\\ncr"),
            ("tab\there", "tab here"),
            ("bell\u{7}gone", "bellgone"),
            ("عائشہ, صدیقی", "عائشہ\\, صدیقی"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let urdu = "عائشہ صدیقی کی ملاقات — ".repeat(12);
        let latin = "x".repeat(300);
        for value in [urdu.as_str(), latin.as_str(), "short", &"é".repeat(80), &"😀".repeat(40)] {
            let mut out = String::new();
            fold_into(&mut out, &format!("SUMMARY:{value}"));
            assert!(out.ends_with("\r\n"));
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            for (k, l) in physical.iter().enumerate() {
                assert!(l.len() <= 75, "line {k} has {} octets", l.len());
                assert_eq!(k > 0, l.starts_with(' '), "continuations start with one space");
            }
            // Lines are filled: only the last may be short by more than one character.
            for l in &physical[..physical.len() - 1] {
                assert!(l.len() > 75 - 4, "line folded early: {} octets", l.len());
            }
            assert_eq!(unfold(&out), format!("SUMMARY:{value}\r\n"));
        }
    }

    #[test]
    fn every_line_ends_in_crlf_and_the_calendar_has_its_headers() {
        let out = ics(
            "Dr. Bilal Ahmed",
            &[event("a@alhayat", "Appointment — AH-000123", false)],
            at(2026, 12, 1, 4, 0),
        );
        assert!(out.ends_with("END:VCALENDAR\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'), "a bare LF");
        assert!(!out.replace("\r\n", "").contains('\r'), "a bare CR");
        let lines: Vec<&str> = out.split("\r\n").collect();
        for expected in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Al-Hayat Clinic//Appointments//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Dr. Bilal Ahmed",
            "X-WR-TIMEZONE:Asia/Karachi",
            "DTSTAMP:20261201T040000Z",
            "DTSTART:20261207T050000Z",
            "DTEND:20261207T054500Z",
            "UID:a@alhayat",
            "STATUS:CONFIRMED",
        ] {
            assert!(lines.contains(&expected), "missing {expected} in\n{out}");
        }
        assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    }

    /// Reads the output back with an independent parser (the `icalendar` crate).
    #[test]
    fn an_independent_parser_reads_back_every_field() {
        let long_urdu = format!("ملاقات — {} — عائشہ صدیقی، کمرہ نمبر ۲", "ڈاکٹر بلال احمد ".repeat(8));
        let events = vec![
            event("appt-1@alhayat.clinic", "Appointment — AH-000123", false),
            event("appt-2@alhayat.clinic", &long_urdu, true),
            CalendarEvent {
                uid: "appt-3@alhayat.clinic".into(),
                starts_at: at(2026, 12, 31, 18, 30),
                ends_at: at(2027, 1, 1, 19, 15),
                summary: "Back\\slash, comma; semi\nnew line".into(),
                location: String::new(),
                status_cancelled: false,
            },
        ];
        let stamp = at(2026, 12, 1, 4, 0);
        let out = ics("Al-Hayat, Gulberg; physio", &events, stamp);
        assert!(out.lines().any(|l| l.starts_with(' ')), "the Urdu summary should have been folded");

        let unfolded = icalendar::parser::unfold(&out);
        let parsed = icalendar::parser::read_calendar(&unfolded).expect("parses");
        assert_eq!(
            parsed.properties.iter().find(|p| p.name == "VERSION").map(|p| p.val.as_str()),
            Some("2.0")
        );

        let calendar: icalendar::Calendar = out.parse().expect("parses");
        assert_eq!(calendar.get_name(), Some("Al-Hayat, Gulberg; physio"));
        assert_eq!(calendar.get_timezone(), Some("Asia/Karachi"));
        let read: Vec<&icalendar::Event> = calendar.events().collect();
        assert_eq!(read.len(), events.len());
        for (want, got) in events.iter().zip(read) {
            assert_eq!(got.get_uid(), Some(want.uid.as_str()));
            assert_eq!(got.get_summary(), Some(want.summary.as_str()));
            let location = (!want.location.is_empty()).then_some(want.location.as_str());
            assert_eq!(got.get_location(), location);
            assert_eq!(got.get_start(), Some(icalendar::DatePerhapsTime::DateTime(want.starts_at.into())));
            assert_eq!(got.get_end(), Some(icalendar::DatePerhapsTime::DateTime(want.ends_at.into())));
            assert_eq!(got.get_timestamp(), Some(stamp));
            let status = if want.status_cancelled {
                icalendar::EventStatus::Cancelled
            } else {
                icalendar::EventStatus::Confirmed
            };
            assert_eq!(got.get_status(), Some(status));
        }
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        let out = ics("", &[], at(2026, 12, 1, 4, 0));
        let calendar: icalendar::Calendar = out.parse().expect("parses");
        assert_eq!(calendar.events().count(), 0);
        assert!(out.contains("X-WR-CALNAME:\r\n"));
    }
}
