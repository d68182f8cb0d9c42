//! Scoring of the outcome measures the clinic uses, pure and table-tested.
//!
//! - PHQ-9 (depression): nine items scored 0–3, total 0–27. Any answer above 0 on
//!   item 9 (thoughts of being better off dead or of self-harm) raises a risk flag,
//!   whatever the total.
//! - GAD-7 (anxiety): seven items 0–3, total 0–21.
//! - NPRS (pain): one item 0–10.
//! - PSFS (function): one to five activities the patient names, each scored 0–10
//!   (10 = able to do it as before). The score is their mean, higher is better. The
//!   scale has no published severity bands, so none are given here; change over
//!   time is what it is read for.
//!
//! Answers are refused, never scored, when an item is missing, extra, out of range
//! or not a whole number: a total from a half-filled form would look like a real one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::Discipline;
use crate::error::{AppError, AppResult};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Instrument {
    Phq9,
    Gad7,
    Nprs,
    Psfs,
}

impl Instrument {
    pub const ALL: [Instrument; 4] = [Instrument::Phq9, Instrument::Gad7, Instrument::Nprs, Instrument::Psfs];

    pub fn as_str(self) -> &'static str {
        match self {
            Instrument::Phq9 => "phq9",
            Instrument::Gad7 => "gad7",
            Instrument::Nprs => "nprs",
            Instrument::Psfs => "psfs",
        }
    }

    pub fn parse(s: &str) -> Option<Instrument> {
        Instrument::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// The name clinicians know it by.
    pub fn name(self) -> &'static str {
        match self {
            Instrument::Phq9 => "PHQ-9",
            Instrument::Gad7 => "GAD-7",
            Instrument::Nprs => "NPRS",
            Instrument::Psfs => "PSFS",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Instrument::Phq9 => "Patient Health Questionnaire (depression)",
            Instrument::Gad7 => "Generalised Anxiety Disorder scale",
            Instrument::Nprs => "Numeric Pain Rating Scale",
            Instrument::Psfs => "Patient-Specific Functional Scale",
        }
    }

    /// Whose part of the record the measure belongs to, for who may see it.
    pub fn discipline(self) -> Discipline {
        match self {
            Instrument::Phq9 | Instrument::Gad7 => Discipline::Psychology,
            Instrument::Nprs | Instrument::Psfs => Discipline::Physiotherapy,
        }
    }

    /// How many answers a form has: exactly, or (PSFS) at least one and at most five.
    fn items(self) -> (usize, usize) {
        match self {
            Instrument::Phq9 => (9, 9),
            Instrument::Gad7 => (7, 7),
            Instrument::Nprs => (1, 1),
            Instrument::Psfs => (1, 5),
        }
    }

    /// The highest score one item takes.
    fn item_max(self) -> u8 {
        match self {
            Instrument::Phq9 | Instrument::Gad7 => 3,
            Instrument::Nprs | Instrument::Psfs => 10,
        }
    }

    fn max_total(self) -> f64 {
        match self {
            Instrument::Phq9 => 27.0,
            Instrument::Gad7 => 21.0,
            Instrument::Nprs | Instrument::Psfs => 10.0,
        }
    }

    /// The severity bands, lowest first, each an inclusive range of totals. Scoring and
    /// the chart's shading both read this one table.
    fn bands(self) -> &'static [(Band, u8, u8)] {
        match self {
            Instrument::Phq9 => &[
                (Band::Minimal, 0, 4),
                (Band::Mild, 5, 9),
                (Band::Moderate, 10, 14),
                (Band::ModeratelySevere, 15, 19),
                (Band::Severe, 20, 27),
            ],
            Instrument::Gad7 => {
                &[(Band::Minimal, 0, 4), (Band::Mild, 5, 9), (Band::Moderate, 10, 14), (Band::Severe, 15, 21)]
            }
            Instrument::Nprs => {
                &[(Band::None, 0, 0), (Band::Mild, 1, 3), (Band::Moderate, 4, 6), (Band::Severe, 7, 10)]
            }
            Instrument::Psfs => &[],
        }
    }

    /// The band of a total, for the instruments that have bands.
    pub fn band_of(self, total: f64) -> Option<Band> {
        self.bands()
            .iter()
            .find(|(_, from, to)| (f64::from(*from)..=f64::from(*to)).contains(&total))
            .map(|b| b.0)
    }

    pub fn info(self) -> InstrumentInfo {
        let (min_items, items) = self.items();
        InstrumentInfo {
            instrument: self,
            name: self.name().into(),
            title: self.title().into(),
            discipline: self.discipline(),
            min_items: min_items as u32,
            items: items as u32,
            item_max: u32::from(self.item_max()),
            max: self.max_total(),
            higher_is_better: self == Instrument::Psfs,
            bands: self
                .bands()
                .iter()
                .map(|(band, from, to)| BandRange {
                    band: *band,
                    label: band.label().into(),
                    from: f64::from(*from),
                    to: f64::from(*to),
                })
                .collect(),
            risk_item: (self == Instrument::Phq9).then_some(9),
            note: (self == Instrument::Psfs).then(|| {
                "The PSFS has no published severity bands: read the change in the mean score over time."
                    .into()
            }),
        }
    }
}

/// A severity band. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Band {
    /// NPRS 0: no pain.
    None,
    Minimal,
    Mild,
    Moderate,
    ModeratelySevere,
    Severe,
}

impl Band {
    const ALL: [Band; 6] =
        [Band::None, Band::Minimal, Band::Mild, Band::Moderate, Band::ModeratelySevere, Band::Severe];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::None => "none",
            Band::Minimal => "minimal",
            Band::Mild => "mild",
            Band::Moderate => "moderate",
            Band::ModeratelySevere => "moderately_severe",
            Band::Severe => "severe",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::None => "None",
            Band::Minimal => "Minimal",
            Band::Mild => "Mild",
            Band::Moderate => "Moderate",
            Band::ModeratelySevere => "Moderately severe",
            Band::Severe => "Severe",
        }
    }
}

/// One band of an instrument, for shading the chart: totals `from` to `to`, inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BandRange {
    pub band: Band,
    pub label: String,
    pub from: f64,
    pub to: f64,
}

/// What the form and the chart need to know of an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InstrumentInfo {
    pub instrument: Instrument,
    /// "PHQ-9".
    pub name: String,
    pub title: String,
    pub discipline: Discipline,
    /// How many answers the form takes: `items` exactly, or (PSFS) `min_items` to `items`.
    pub min_items: u32,
    pub items: u32,
    /// The highest score of one item (each starts at 0).
    pub item_max: u32,
    /// The highest total (PSFS: the highest mean).
    pub max: f64,
    pub higher_is_better: bool,
    /// Empty for the PSFS, which has none.
    pub bands: Vec<BandRange>,
    /// The 1-based item whose answer above 0 raises a risk flag (PHQ-9 item 9).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_item: Option<u32>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A PSFS activity as typed, before it is checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityInput {
    pub activity: String,
    /// 0 (unable) to 10 (as before), a whole number.
    pub score: f64,
}

/// A PSFS activity as scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Activity {
    pub activity: String,
    pub score: u8,
}

/// Answers that were checked and scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub instrument: Instrument,
    /// PHQ-9, GAD-7, NPRS: each item's score, in order. Empty for the PSFS.
    pub items: Vec<u8>,
    /// PSFS only.
    pub activities: Vec<Activity>,
    /// The sum, or for the PSFS the mean rounded to two decimals.
    pub total: f64,
    pub band: Option<Band>,
    pub risk: bool,
}

/// The longest PSFS activity name.
pub const ACTIVITY_CHARS: usize = 80;

/// Checks one item's answer: a whole number from 0 to `max`.
fn item(instrument: Instrument, field: &str, what: &str, value: f64) -> AppResult<u8> {
    let max = instrument.item_max();
    if !value.is_finite() || value.fract() != 0.0 || !(0.0..=f64::from(max)).contains(&value) {
        return Err(AppError::validation(
            field,
            format!("{} {what} must be a whole number from 0 to {max}.", instrument.name()),
        ));
    }
    Ok(value as u8)
}

/// Checks and scores one form. `items` are the answers of the PHQ-9, GAD-7 and NPRS
/// in order; `activities` those of the PSFS. Errors name the item (`item_9`,
/// `activity_2`, `activity_2_score`) and say what is wrong.
pub fn score(instrument: Instrument, items: &[f64], activities: &[ActivityInput]) -> AppResult<Scored> {
    let name = instrument.name();
    let (_, most) = instrument.items();
    if instrument == Instrument::Psfs {
        if !items.is_empty() {
            return Err(AppError::validation(
                "items",
                "The PSFS is scored by activities, not by numbered items.",
            ));
        }
        if activities.is_empty() {
            return Err(AppError::validation(
                "activities",
                "Name at least one activity and score it from 0 to 10.",
            ));
        }
        if activities.len() > most {
            return Err(AppError::validation(
                "activities",
                format!("The PSFS takes at most {most} activities; this one has {}.", activities.len()),
            ));
        }
        let mut scored = Vec::with_capacity(activities.len());
        for (k, a) in activities.iter().enumerate() {
            let n = k + 1;
            let field = format!("activity_{n}");
            let activity = validate::text(&field, &format!("Activity {n}"), &a.activity, ACTIVITY_CHARS)?
                .replace('\n', " ");
            let score = item(instrument, &format!("{field}_score"), &format!("activity {n}"), a.score)?;
            scored.push(Activity { activity, score });
        }
        let sum: u32 = scored.iter().map(|a| u32::from(a.score)).sum();
        let mean = f64::from(sum) / scored.len() as f64;
        let total = (mean * 100.0).round() / 100.0;
        return Ok(Scored {
            instrument,
            items: Vec::new(),
            activities: scored,
            total,
            band: None,
            risk: false,
        });
    }

    if !activities.is_empty() {
        return Err(AppError::validation(
            "activities",
            format!("The {name} has numbered items, not activities."),
        ));
    }
    if items.len() != most {
        let answers = if most == 1 { "one answer".to_string() } else { format!("{most} answers") };
        return Err(AppError::validation(
            "items",
            format!("The {name} has {answers}; this one has {}. Answer every item.", items.len()),
        ));
    }
    let checked = items
        .iter()
        .enumerate()
        .map(|(k, v)| item(instrument, &format!("item_{}", k + 1), &format!("item {}", k + 1), *v))
        .collect::<AppResult<Vec<u8>>>()?;
    let total = f64::from(checked.iter().map(|v| u32::from(*v)).sum::<u32>());
    let risk = instrument == Instrument::Phq9 && checked[8] > 0;
    Ok(Scored {
        instrument,
        band: instrument.band_of(total),
        items: checked,
        activities: Vec::new(),
        total,
        risk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Band::*;
    use Instrument::*;

    /// Answers summing to `total` on an instrument of `n` items of at most `max`.
    fn answers_summing_to(total: u32, n: usize, max: u32) -> Vec<f64> {
        let mut left = total;
        (0..n)
            .map(|_| {
                let v = left.min(max);
                left -= v;
                f64::from(v)
            })
            .collect()
    }

    #[test]
    fn phq9_bands_at_every_edge() {
        let table = [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, ModeratelySevere),
            (19, ModeratelySevere),
            (20, Severe),
            (27, Severe),
        ];
        for (total, band) in table {
            // Item 9 kept at 0, so the band is tested apart from the risk flag (24 is the
            // most eight items give; 25–27 need item 9).
            let mut answers = answers_summing_to(total.min(24), 8, 3);
            answers.push(f64::from(total.saturating_sub(24)));
            let s = score(Phq9, &answers, &[]).unwrap();
            assert_eq!((s.total, s.band), (f64::from(total), Some(band)), "PHQ-9 total {total}");
            assert_eq!(s.risk, total > 24, "PHQ-9 total {total}");
        }
    }

    #[test]
    fn gad7_bands_at_every_edge() {
        let table = [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, Severe),
            (21, Severe),
        ];
        for (total, band) in table {
            let s = score(Gad7, &answers_summing_to(total, 7, 3), &[]).unwrap();
            assert_eq!(
                (s.total, s.band, s.risk),
                (f64::from(total), Some(band), false),
                "GAD-7 total {total}"
            );
        }
    }

    #[test]
    fn nprs_bands_at_every_edge() {
        let table =
            [(0, None), (1, Mild), (3, Mild), (4, Moderate), (6, Moderate), (7, Severe), (10, Severe)];
        for (pain, band) in table {
            let s = score(Nprs, &[f64::from(pain)], &[]).unwrap();
            assert_eq!((s.total, s.band), (f64::from(pain), Some(band)), "NPRS {pain}");
        }
    }

    #[test]
    fn any_answer_above_zero_on_phq9_item_9_raises_the_risk_flag() {
        for item9 in 0..=3 {
            let mut answers = vec![0.0; 8];
            answers.push(f64::from(item9));
            let s = score(Phq9, &answers, &[]).unwrap();
            assert_eq!(s.risk, item9 > 0, "item 9 = {item9}");
            // A minimal total does not hide the risk.
            assert_eq!(s.band, Some(Minimal));
        }
        // Item 9 is the ninth answer, not any answer of 1 or more.
        let s = score(Phq9, &[3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 0.0], &[]).unwrap();
        assert!(!s.risk && s.total == 24.0 && s.band == Some(Severe));
        // GAD-7 has no risk item.
        assert!(!score(Gad7, &[3.0; 7], &[]).unwrap().risk);
    }

    #[test]
    fn wrong_item_counts_are_refused_not_scored() {
        for (instrument, n, expected) in [
            (Phq9, 8, "The PHQ-9 has 9 answers; this one has 8. Answer every item."),
            (Phq9, 10, "The PHQ-9 has 9 answers; this one has 10. Answer every item."),
            (Phq9, 0, "The PHQ-9 has 9 answers; this one has 0. Answer every item."),
            (Gad7, 6, "The GAD-7 has 7 answers; this one has 6. Answer every item."),
            (Nprs, 2, "The NPRS has one answer; this one has 2. Answer every item."),
        ] {
            let e = score(instrument, &vec![1.0; n], &[]).unwrap_err();
            assert_eq!(
                (e.kind(), e.field(), e.to_string().as_str()),
                ("validation", Some("items"), expected)
            );
        }
    }

    #[test]
    fn out_of_range_and_fractional_answers_are_refused_naming_the_item() {
        let mut answers = vec![0.0; 9];
        answers[3] = 4.0;
        let e = score(Phq9, &answers, &[]).unwrap_err();
        assert_eq!(e.field(), Some("item_4"));
        assert_eq!(e.to_string(), "PHQ-9 item 4 must be a whole number from 0 to 3.");
        for bad in [-1.0, 1.5, 0.001, f64::NAN, f64::INFINITY, 3.000_000_1] {
            let mut answers = vec![1.0; 7];
            answers[6] = bad;
            assert_eq!(score(Gad7, &answers, &[]).unwrap_err().field(), Some("item_7"), "{bad}");
        }
        assert_eq!(
            score(Nprs, &[11.0], &[]).unwrap_err().to_string(),
            "NPRS item 1 must be a whole number from 0 to 10."
        );
        assert!(score(Nprs, &[10.0], &[]).is_ok());
        let e =
            score(Phq9, &[0.0; 9], &[ActivityInput { activity: "Walking".into(), score: 3.0 }]).unwrap_err();
        assert_eq!(e.field(), Some("activities"));
    }

    fn activity(name: &str, score: f64) -> ActivityInput {
        ActivityInput { activity: name.into(), score }
    }

    #[test]
    fn psfs_is_the_mean_of_its_activities_with_no_band() {
        let s = score(
            Psfs,
            &[],
            &[
                activity("Climbing stairs", 4.0),
                activity(" سیڑھیاں چڑھنا ", 7.0),
                activity("Kneeling to pray", 6.0),
            ],
        )
        .unwrap();
        assert_eq!(s.total, 5.67, "17 / 3 to two decimals");
        assert_eq!((s.band, s.risk), (Option::None, false));
        assert_eq!(s.activities[1], Activity { activity: "سیڑھیاں چڑھنا".into(), score: 7 });
        assert_eq!(score(Psfs, &[], &[activity("Walking", 0.0)]).unwrap().total, 0.0);
        let five: Vec<_> = (1..=5).map(|k| activity(&format!("Task {k}"), 10.0)).collect();
        assert_eq!(score(Psfs, &[], &five).unwrap().total, 10.0);
        assert!(Psfs.info().bands.is_empty() && Psfs.info().note.is_some() && Psfs.info().higher_is_better);
    }

    #[test]
    fn psfs_refuses_bad_activities_naming_them() {
        let six: Vec<_> = (1..=6).map(|k| activity(&format!("Task {k}"), 5.0)).collect();
        let cases: Vec<(Vec<ActivityInput>, &str)> = vec![
            (vec![], "activities"),
            (six, "activities"),
            (vec![activity("Walking", 5.0), activity("  ", 5.0)], "activity_2"),
            (vec![activity(&"a".repeat(81), 5.0)], "activity_1"),
            (vec![activity("Walking", 11.0)], "activity_1_score"),
            (vec![activity("Walking", 5.0), activity("Lifting", 2.5)], "activity_2_score"),
            (vec![activity("Walking", -1.0)], "activity_1_score"),
        ];
        for (activities, field) in cases {
            let e = score(Psfs, &[], &activities).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("validation", Some(field)), "{activities:?}");
        }
        assert!(score(Psfs, &[], &[activity(&"a".repeat(80), 5.0)]).is_ok());
        assert_eq!(score(Psfs, &[5.0], &[activity("Walking", 5.0)]).unwrap_err().field(), Some("items"));
    }

    #[test]
    fn the_chart_gets_the_same_bands_scoring_uses() {
        for instrument in Instrument::ALL {
            let info = instrument.info();
            assert_eq!(Instrument::parse(instrument.as_str()), Some(instrument));
            // Bands meet edge to edge from 0 to the maximum, with no gap or overlap.
            let mut next = 0.0;
            for b in &info.bands {
                assert_eq!(b.from, next, "{instrument:?}");
                assert_eq!(instrument.band_of(b.from), Some(b.band));
                assert_eq!(instrument.band_of(b.to), Some(b.band));
                next = b.to + 1.0;
            }
            if !info.bands.is_empty() {
                assert_eq!(next - 1.0, info.max, "{instrument:?}");
            }
        }
        assert_eq!(Phq9.info().risk_item, Some(9));
        assert_eq!(Phq9.info().bands[3].label, "Moderately severe");
        assert_eq!(Phq9.discipline(), Discipline::Psychology);
        assert_eq!(Nprs.discipline(), Discipline::Physiotherapy);
        for b in Band::ALL {
            assert_eq!(Band::parse(b.as_str()), Some(b));
            assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{}\"", b.as_str()));
        }
    }
}
