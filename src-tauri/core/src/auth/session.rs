//! Signed-in sessions, held in memory only: a restart signs everyone out.
//!
//! A session locks after the idle time and ends 12 hours after sign-in, whatever
//! happens. Only what the person does counts as activity (`note_activity`, which the
//! window reports on keys and clicks, and signing in or unlocking): the commands the
//! window calls on its own, such as Today's refresh every minute, are checked but do
//! not keep the session alive. Times are read from a clock that runs during suspend.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::uptime::{SystemUptime, Uptime};
use super::{Actor, Role};
use crate::error::AppError;

/// The longest a session lasts, from sign-in, however active it is.
pub const MAX_SESSION: Duration = Duration::from_secs(12 * 60 * 60);

struct Session {
    staff_id: i64,
    roles: Vec<Role>,
    signed_in_at: Duration,
    last_activity: Duration,
    locked: bool,
}

pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    idle: Mutex<Duration>,
    clock: Arc<dyn Uptime>,
}

/// Why a session cannot be used right now.
#[derive(Debug, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// Idle too long or locked by hand: the password opens it again.
    Locked,
    /// Signed in longer than [`MAX_SESSION`]: the person signs in again.
    Expired,
    Unknown,
}

pub const ENDED: &str = "Your session has ended. Please sign in again.";
pub const EXPIRED: &str =
    "You have been signed in for 12 hours, so your session has ended. Please sign in again.";
pub const LOCKED: &str = "The screen is locked. Enter your password to continue.";

/// Why a call was refused, and the staff id when the session changed state just now
/// (locked for idleness, or ended for age), so the caller can audit it once.
pub type Refusal = (SessionState, Option<i64>);

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Self::with_clock(idle, Arc::new(SystemUptime::new()))
    }

    pub fn with_clock(idle: Duration, clock: Arc<dyn Uptime>) -> Self {
        Sessions { map: Mutex::new(HashMap::new()), idle: Mutex::new(idle), clock }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn idle(&self) -> Duration {
        *self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_idle(&self, idle: Duration) {
        *self.idle.lock().unwrap_or_else(|p| p.into_inner()) = idle;
    }

    pub fn start(&self, staff_id: i64, roles: Vec<Role>) -> String {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source is available");
        let token = hex::encode(bytes);
        let now = self.clock.now();
        self.map().insert(
            token.clone(),
            Session { staff_id, roles, signed_in_at: now, last_activity: now, locked: false },
        );
        token
    }

    /// The session behind `token` if it may be used now, applying the idle lock and
    /// the lifetime on the way.
    fn usable<'m>(
        &self,
        map: &'m mut HashMap<String, Session>,
        token: &str,
    ) -> Result<&'m mut Session, Refusal> {
        let now = self.clock.now();
        let idle = self.idle();
        let Some(s) = map.get(token) else {
            return Err((SessionState::Unknown, None));
        };
        if now.saturating_sub(s.signed_in_at) >= MAX_SESSION {
            let staff_id = s.staff_id;
            map.remove(token);
            return Err((SessionState::Expired, Some(staff_id)));
        }
        let s = map.get_mut(token).expect("looked up above");
        if s.locked {
            return Err((SessionState::Locked, None));
        }
        if now.saturating_sub(s.last_activity) > idle {
            s.locked = true;
            return Err((SessionState::Locked, Some(s.staff_id)));
        }
        Ok(s)
    }

    /// The actor behind `token`, if the session is active. Does not count as activity.
    pub fn check(&self, token: &str, workstation: &str) -> Result<Actor, Refusal> {
        let mut map = self.map();
        let s = self.usable(&mut map, token)?;
        Ok(Actor { staff_id: s.staff_id, roles: s.roles.clone(), workstation: workstation.to_string() })
    }

    /// The person did something (a key, a click): the idle time starts again. A session
    /// already idle past its time locks instead.
    pub fn note_activity(&self, token: &str) -> Result<(), Refusal> {
        let now = self.clock.now();
        let mut map = self.map();
        let s = self.usable(&mut map, token)?;
        s.last_activity = now;
        Ok(())
    }

    /// Locks by hand; returns the staff id if it was active.
    pub fn lock(&self, token: &str) -> Option<i64> {
        let mut map = self.map();
        let s = map.get_mut(token)?;
        let was_active = !s.locked;
        s.locked = true;
        was_active.then_some(s.staff_id)
    }

    /// Whose session `token` is, while it lasts (locked or not).
    pub fn staff_of(&self, token: &str) -> Option<i64> {
        let now = self.clock.now();
        let mut map = self.map();
        let s = map.get(token)?;
        if now.saturating_sub(s.signed_in_at) >= MAX_SESSION {
            map.remove(token);
            return None;
        }
        Some(s.staff_id)
    }

    /// Opens a locked session again. `roles` are the account's roles now: the session
    /// keeps only those of its own that are still among them (a role given since
    /// sign-in waits for the next sign-in). Its lifetime still counts from sign-in.
    /// Returns the session's roles, or `None` when it has ended meanwhile.
    pub fn unlock(&self, token: &str, roles: Vec<Role>) -> Option<Vec<Role>> {
        let now = self.clock.now();
        let mut map = self.map();
        let s = map.get_mut(token)?;
        s.locked = false;
        s.roles.retain(|r| roles.contains(r));
        s.last_activity = now;
        Some(s.roles.clone())
    }

    /// How many sessions are open (locked ones too).
    pub fn count(&self) -> usize {
        self.map().len()
    }

    pub fn end(&self, token: &str) -> Option<i64> {
        self.map().remove(token).map(|s| s.staff_id)
    }

    /// Sessions other than `token`'s (locked ones too): people signed in elsewhere.
    pub fn others(&self, token: &str) -> usize {
        self.map().keys().filter(|t| t.as_str() != token).count()
    }

    /// Ends every session (the store they were opened on was replaced by a restore).
    pub fn end_all(&self) {
        self.map().clear();
    }

    /// Ends every session of one person (deactivated, password reset, locked out).
    pub fn end_all_of(&self, staff_id: i64) {
        self.map().retain(|_, s| s.staff_id != staff_id);
    }

    /// A role taken away takes effect on the next call; a role given waits for the
    /// person's next sign-in, so live sessions only ever narrow.
    pub fn update_roles(&self, staff_id: i64, roles: &[Role]) {
        for s in self.map().values_mut().filter(|s| s.staff_id == staff_id) {
            s.roles.retain(|r| roles.contains(r));
        }
    }
}

pub fn state_error(state: SessionState) -> AppError {
    match state {
        SessionState::Locked => AppError::locked(LOCKED),
        SessionState::Expired => AppError::locked(EXPIRED),
        _ => AppError::locked(ENDED),
    }
}

#[cfg(test)]
mod tests {
    use super::super::uptime::ManualUptime;
    use super::*;

    fn sessions(idle_secs: u64) -> (Sessions, Arc<ManualUptime>) {
        let clock = Arc::new(ManualUptime::default());
        (Sessions::with_clock(Duration::from_secs(idle_secs), clock.clone()), clock)
    }

    #[test]
    fn idle_sessions_lock_and_report_it_once() {
        let (s, clock) = sessions(600);
        let t = s.start(7, vec![Role::Reception]);
        clock.advance(Duration::from_secs(599));
        assert!(s.check(&t, "ws").is_ok());
        clock.advance(Duration::from_secs(2));
        assert_eq!(s.check(&t, "ws").unwrap_err(), (SessionState::Locked, Some(7)));
        assert_eq!(s.check(&t, "ws").unwrap_err(), (SessionState::Locked, None));
        s.unlock(&t, vec![Role::Reception]);
        assert!(s.check(&t, "ws").is_ok());
    }

    #[test]
    fn only_the_persons_activity_keeps_a_session_open() {
        let (s, clock) = sessions(600);
        let t = s.start(7, vec![Role::Reception]);
        // A screen that refreshes itself every minute is checked, never extended.
        for _ in 0..10 {
            clock.advance(Duration::from_secs(60));
            assert!(s.check(&t, "ws").is_ok());
        }
        clock.advance(Duration::from_secs(1));
        assert_eq!(s.check(&t, "ws").unwrap_err().0, SessionState::Locked);

        let t = s.start(8, vec![Role::Reception]);
        for _ in 0..30 {
            clock.advance(Duration::from_secs(300));
            s.note_activity(&t).unwrap();
        }
        assert!(s.check(&t, "ws").is_ok(), "a person at work for 2.5 hours stays signed in");
    }

    #[test]
    fn activity_after_the_idle_time_locks_rather_than_extends() {
        let (s, clock) = sessions(600);
        let t = s.start(7, vec![]);
        clock.advance(Duration::from_secs(601));
        assert_eq!(s.note_activity(&t).unwrap_err(), (SessionState::Locked, Some(7)));
        assert_eq!(s.check(&t, "ws").unwrap_err().0, SessionState::Locked);
    }

    #[test]
    fn a_session_ends_after_twelve_hours_whatever_happens() {
        let (s, clock) = sessions(600);
        let t = s.start(9, vec![Role::Reception]);
        for _ in 0..(12 * 6 - 1) {
            clock.advance(Duration::from_secs(600));
            s.note_activity(&t).unwrap();
            s.lock(&t);
            s.unlock(&t, vec![Role::Reception]);
        }
        clock.advance(Duration::from_secs(599));
        assert!(s.check(&t, "ws").is_ok(), "11 h 59 min 59 s");
        clock.advance(Duration::from_secs(1));
        assert_eq!(s.check(&t, "ws").unwrap_err(), (SessionState::Expired, Some(9)));
        assert_eq!(s.check(&t, "ws").unwrap_err(), (SessionState::Unknown, None), "reported once, then gone");
        assert_eq!(s.staff_of(&t), None, "cannot be unlocked either");
    }

    #[test]
    fn a_locked_session_past_its_lifetime_cannot_be_unlocked() {
        let (s, clock) = sessions(600);
        let t = s.start(9, vec![]);
        s.lock(&t);
        clock.advance(MAX_SESSION);
        assert_eq!(s.staff_of(&t), None);
    }

    #[test]
    fn unknown_and_ended_tokens_are_refused() {
        let (s, _) = sessions(60);
        assert_eq!(s.check("nope", "ws").unwrap_err().0, SessionState::Unknown);
        let t = s.start(1, vec![]);
        s.end_all_of(1);
        assert_eq!(s.check(&t, "ws").unwrap_err().0, SessionState::Unknown);
        assert_eq!(s.note_activity(&t).unwrap_err().0, SessionState::Unknown);
    }

    #[test]
    fn live_sessions_lose_removed_roles_but_never_gain_new_ones() {
        let (s, _) = sessions(60);
        let t = s.start(3, vec![Role::Reception, Role::Administrator]);
        s.update_roles(3, &[Role::Reception, Role::Psychologist]);
        assert_eq!(s.check(&t, "ws").unwrap().roles, vec![Role::Reception]);
        s.lock(&t);
        s.unlock(&t, vec![Role::Reception, Role::Psychologist, Role::Administrator]);
        assert_eq!(s.check(&t, "ws").unwrap().roles, vec![Role::Reception]);
    }
}
