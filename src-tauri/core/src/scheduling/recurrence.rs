//! Expands a weekly rule ("every N weeks on these weekdays, until a date or for a
//! count") into the clinic-time start of each occurrence.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// The most occurrences one series may have: two years of weekly visits.
pub const MAX_OCCURRENCES: usize = 104;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Date(NaiveDate),
    Count(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub every_weeks: u32,
    /// 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u32>,
    pub until: Until,
}

/// The occurrences, in order, at the first start's time of day. Weeks are counted
/// from the Monday of the first start's week, so "every 2 weeks on Monday and
/// Thursday" keeps its rhythm. The first start itself counts only if its weekday is
/// one of the rule's.
/// Why a rule cannot be expanded: the form field at fault and a sentence for the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleError {
    pub field: &'static str,
    pub message: &'static str,
}

fn refuse<T>(field: &'static str, message: &'static str) -> Result<T, RuleError> {
    Err(RuleError { field, message })
}

pub fn expand(first: NaiveDateTime, rule: &Rule) -> Result<Vec<NaiveDateTime>, RuleError> {
    if !(1..=8).contains(&rule.every_weeks) {
        return refuse("every_weeks", "A series repeats every 1 to 8 weeks.");
    }
    if rule.weekdays.is_empty() || rule.weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return refuse("weekdays", "Choose at least one day of the week.");
    }
    let limit = match rule.until {
        Until::Count(0) => return refuse("count", "A series has at least one appointment."),
        Until::Count(n) if n as usize > MAX_OCCURRENCES => {
            return refuse("count", "A series can have at most 104 appointments.")
        }
        Until::Count(n) => n as usize,
        Until::Date(d) if d < first.date() => {
            return refuse("until", "The series must end on or after its first day.")
        }
        Until::Date(_) => MAX_OCCURRENCES + 1,
    };
    let start = first.date();
    let monday = start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
    let mut out = Vec::new();
    let mut day = start;
    while out.len() < limit {
        if let Until::Date(last) = rule.until {
            if day > last {
                break;
            }
        }
        let week = (day - monday).num_days() / 7;
        if week % i64::from(rule.every_weeks) == 0
            && rule.weekdays.contains(&day.weekday().number_from_monday())
        {
            out.push(day.and_time(first.time()));
        }
        let Some(next) = day.succ_opt() else {
            return refuse("until", "The series runs past the end of the calendar.");
        };
        day = next;
    }
    if out.len() > MAX_OCCURRENCES {
        return refuse("until", "A series can have at most 104 appointments; choose an earlier end date.");
    }
    if out.is_empty() {
        return refuse("weekdays", "No day in this range matches the chosen weekdays.");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::CLINIC_TZ;
    use chrono::{NaiveTime, TimeZone, Utc};

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }
    fn days(v: &[NaiveDateTime]) -> Vec<String> {
        v.iter().map(|t| t.format("%a %Y-%m-%d").to_string()).collect()
    }

    #[test]
    fn weekly_on_two_days_across_a_month_end() {
        // Monday 30 November 2026.
        let rule = Rule { every_weeks: 1, weekdays: vec![1, 3], until: Until::Count(4) };
        let got = expand(at(2026, 11, 30, 10), &rule).unwrap();
        assert_eq!(days(&got), ["Mon 2026-11-30", "Wed 2026-12-02", "Mon 2026-12-07", "Wed 2026-12-09"]);
    }

    #[test]
    fn every_other_week_until_a_date_across_february() {
        // Thursday 18 February 2027, every 2 weeks on Thursday, until 31 March.
        let rule = Rule {
            every_weeks: 2,
            weekdays: vec![4],
            until: Until::Date(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
        };
        let got = expand(at(2027, 2, 18, 9), &rule).unwrap();
        assert_eq!(days(&got), ["Thu 2027-02-18", "Thu 2027-03-04", "Thu 2027-03-18"]);
        // A first day that is not a chosen weekday is skipped, and the weeks still count
        // from its own week: Friday 19 Feb, Mondays every 2 weeks → 1 Mar, 15 Mar, 29 Mar.
        let mondays = Rule { weekdays: vec![1], ..rule };
        let got = expand(at(2027, 2, 19, 9), &mondays).unwrap();
        assert_eq!(days(&got), ["Mon 2027-03-01", "Mon 2027-03-15", "Mon 2027-03-29"]);
    }

    #[test]
    fn early_morning_in_karachi_is_the_previous_day_in_utc() {
        let rule = Rule { every_weeks: 1, weekdays: vec![1], until: Until::Count(2) };
        let got = expand(at(2026, 11, 30, 3), &rule).unwrap();
        let utc: Vec<_> = got
            .iter()
            .map(|t| CLINIC_TZ.from_local_datetime(t).single().unwrap().with_timezone(&Utc).to_rfc3339())
            .collect();
        assert_eq!(utc, ["2026-11-29T22:00:00+00:00", "2026-12-06T22:00:00+00:00"]);
    }

    #[test]
    fn bad_rules_are_refused_in_words() {
        let first = at(2026, 12, 7, 9);
        let r = |every_weeks, weekdays: Vec<u32>, until| Rule { every_weeks, weekdays, until };
        let field = |rule: Rule| expand(first, &rule).unwrap_err().field;
        assert_eq!(field(r(0, vec![1], Until::Count(3))), "every_weeks");
        assert_eq!(field(r(9, vec![1], Until::Count(3))), "every_weeks");
        assert_eq!(field(r(1, vec![], Until::Count(3))), "weekdays");
        assert_eq!(field(r(1, vec![8], Until::Count(3))), "weekdays");
        assert_eq!(field(r(1, vec![1], Until::Count(0))), "count");
        assert_eq!(field(r(1, vec![1], Until::Count(105))), "count");
        assert_eq!(expand(first, &r(1, vec![1], Until::Count(104))).unwrap().len(), 104);
        let past = Until::Date(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(field(r(1, vec![1], past)), "until");
        let far = Until::Date(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
        assert!(expand(first, &r(1, vec![1, 2, 3], far)).unwrap_err().message.contains("104"));
        // Tuesday only, for one day: nothing matches.
        let same_day = Until::Date(first.date());
        assert_eq!(field(r(1, vec![2], same_day)), "weekdays");
    }
}
