//! Signed-in sessions, held in memory only: a restart signs everyone out.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{Actor, Role};
use crate::error::AppError;

struct Session {
    staff_id: i64,
    roles: Vec<Role>,
    last_seen: Instant,
    locked: bool,
}

pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    idle: Mutex<Duration>,
}

/// Why a session cannot be used right now.
#[derive(Debug, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// Idle too long or locked by hand: the password opens it again.
    Locked,
    Unknown,
}

pub const ENDED: &str = "Your session has ended. Please sign in again.";
pub const LOCKED: &str = "The screen is locked. Enter your password to continue.";

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Sessions { map: Mutex::new(HashMap::new()), idle: Mutex::new(idle) }
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
        self.map()
            .insert(token.clone(), Session { staff_id, roles, last_seen: Instant::now(), locked: false });
        token
    }

    /// The actor behind `token`, if the session is active; marks it as just used.
    /// Returns `Locked` the first time an idle session is seen, so the caller can
    /// audit the lock.
    pub fn touch(&self, token: &str, workstation: &str) -> Result<Actor, (SessionState, Option<i64>)> {
        let idle = self.idle();
        let mut map = self.map();
        let Some(s) = map.get_mut(token) else {
            return Err((SessionState::Unknown, None));
        };
        if s.locked {
            return Err((SessionState::Locked, None));
        }
        if s.last_seen.elapsed() > idle {
            s.locked = true;
            return Err((SessionState::Locked, Some(s.staff_id)));
        }
        s.last_seen = Instant::now();
        Ok(Actor { staff_id: s.staff_id, roles: s.roles.clone(), workstation: workstation.to_string() })
    }

    /// Locks by hand; returns the staff id if it was active.
    pub fn lock(&self, token: &str) -> Option<i64> {
        let mut map = self.map();
        let s = map.get_mut(token)?;
        let was_active = !s.locked;
        s.locked = true;
        was_active.then_some(s.staff_id)
    }

    pub fn staff_of(&self, token: &str) -> Option<i64> {
        self.map().get(token).map(|s| s.staff_id)
    }

    /// Opens a locked session again. `roles` are the account's roles now: the session
    /// keeps only those of its own that are still among them (a role given since
    /// sign-in waits for the next sign-in).
    /// Returns the session's roles, or `None` when it has ended meanwhile.
    pub fn unlock(&self, token: &str, roles: Vec<Role>) -> Option<Vec<Role>> {
        let mut map = self.map();
        let s = map.get_mut(token)?;
        s.locked = false;
        s.roles.retain(|r| roles.contains(r));
        s.last_seen = Instant::now();
        Some(s.roles.clone())
    }

    pub fn end(&self, token: &str) -> Option<i64> {
        self.map().remove(token).map(|s| s.staff_id)
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
        _ => AppError::locked(ENDED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_sessions_lock_and_report_it_once() {
        let s = Sessions::new(Duration::from_millis(30));
        let t = s.start(7, vec![Role::Reception]);
        assert!(s.touch(&t, "ws").is_ok());
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(s.touch(&t, "ws").unwrap_err(), (SessionState::Locked, Some(7)));
        assert_eq!(s.touch(&t, "ws").unwrap_err(), (SessionState::Locked, None));
        s.unlock(&t, vec![Role::Reception]);
        assert!(s.touch(&t, "ws").is_ok());
    }

    #[test]
    fn unknown_and_ended_tokens_are_refused() {
        let s = Sessions::new(Duration::from_secs(60));
        assert_eq!(s.touch("nope", "ws").unwrap_err().0, SessionState::Unknown);
        let t = s.start(1, vec![]);
        s.end_all_of(1);
        assert_eq!(s.touch(&t, "ws").unwrap_err().0, SessionState::Unknown);
    }

    #[test]
    fn live_sessions_lose_removed_roles_but_never_gain_new_ones() {
        let s = Sessions::new(Duration::from_secs(60));
        let t = s.start(3, vec![Role::Reception, Role::Administrator]);
        s.update_roles(3, &[Role::Reception, Role::Psychologist]);
        assert_eq!(s.touch(&t, "ws").unwrap().roles, vec![Role::Reception]);
        s.lock(&t);
        s.unlock(&t, vec![Role::Reception, Role::Psychologist, Role::Administrator]);
        assert_eq!(s.touch(&t, "ws").unwrap().roles, vec![Role::Reception]);
    }
}
