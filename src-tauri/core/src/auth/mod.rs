//! Who is asking: sessions, roles, the permission table, passwords and sign-in.

pub mod password;
mod roles;
pub mod session;
mod sign_in;
pub mod uptime;

pub use roles::{permissions_of, role_may, Permission, Role};
pub use session::{state_error, SessionState, Sessions, MAX_SESSION};
pub use sign_in::{
    choose_password, me, sign_in, unlock, Me, SignInOutcome, SignedIn, LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES,
    REFUSED,
};

use crate::audit::Origin;
use crate::error::{AppError, AppResult};

/// The signed-in person making a call. Services take it explicitly and check it
/// against the permission table on every call.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: i64,
    pub roles: Vec<Role>,
    pub workstation: String,
}

impl Actor {
    pub fn may(&self, p: Permission) -> bool {
        self.roles.iter().any(|r| role_may(*r, p))
    }

    pub fn require(&self, p: Permission) -> AppResult<()> {
        if self.may(p) {
            Ok(())
        } else {
            Err(AppError::forbidden(p.refusal()))
        }
    }

    pub fn origin(&self) -> Origin {
        Origin { staff_id: Some(self.staff_id), workstation: self.workstation.clone() }
    }
}
