//! An appointment's status and the changes allowed between statuses.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Booked,
    Arrived,
    InSession,
    Completed,
    Cancelled,
    NoShow,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Booked,
        Status::Arrived,
        Status::InSession,
        Status::Completed,
        Status::Cancelled,
        Status::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Arrived => "arrived",
            Status::InSession => "in_session",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Cancelled and no-show appointments give their slot back.
    pub fn holds_slot(self) -> bool {
        !matches!(self, Status::Cancelled | Status::NoShow)
    }

    /// Words for the desk, used in messages.
    pub fn words(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Arrived => "arrived",
            Status::InSession => "in session",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "a no-show",
        }
    }
}

/// A status change the desk may offer: where it goes, and whether it undoes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Step {
    pub to: Status,
    pub undo: bool,
}

/// The changes allowed from `from` (cancelling has its own call, as it needs a
/// reason), forward steps first. The window offers exactly these.
pub fn steps(from: Status) -> Vec<Step> {
    use Status::*;
    let undo = |to| matches!((from, to), (Arrived, Booked) | (InSession, Arrived) | (NoShow, Booked));
    let mut out: Vec<Step> = Status::ALL
        .into_iter()
        .filter(|to| *to != Cancelled && may_change(from, *to))
        .map(|to| Step { to, undo: undo(to) })
        .collect();
    out.sort_by_key(|s| s.undo);
    out
}

/// Whether an appointment may go from `from` to `to`. The backward steps undo a
/// mistaken click at the desk (a check-in of the wrong patient, a no-show marked too
/// early); completed and cancelled are final.
pub fn may_change(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Booked, Arrived | InSession | Cancelled | NoShow)
            | (Arrived, Booked | InSession | Cancelled)
            | (InSession, Arrived | Completed)
            | (NoShow, Booked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_workflow_table() {
        let allowed = [
            (Booked, Arrived),
            (Booked, InSession),
            (Booked, Cancelled),
            (Booked, NoShow),
            (Arrived, Booked),
            (Arrived, InSession),
            (Arrived, Cancelled),
            (InSession, Arrived),
            (InSession, Completed),
            (NoShow, Booked),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                assert_eq!(may_change(from, to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn steps_offer_forward_moves_first_then_the_undo() {
        let to = |from| steps(from).into_iter().map(|s| (s.to, s.undo)).collect::<Vec<_>>();
        assert_eq!(to(Booked), [(Arrived, false), (InSession, false), (NoShow, false)]);
        assert_eq!(to(Arrived), [(InSession, false), (Booked, true)]);
        assert_eq!(to(InSession), [(Completed, false), (Arrived, true)]);
        assert_eq!(to(NoShow), [(Booked, true)]);
        assert!(to(Completed).is_empty() && to(Cancelled).is_empty());
    }

    #[test]
    fn names_round_trip_and_freed_slots() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(Status::ALL.iter().filter(|s| !s.holds_slot()).count(), 2);
    }
}
