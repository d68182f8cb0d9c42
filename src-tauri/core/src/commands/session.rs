use crate::app::Clinic;
use crate::auth::{Me, SignInOutcome, SignedIn};
use crate::error::AppResult;
use crate::staff::Language;

commands! {
    pub async fn sign_in(s: &Clinic, username: String, password: String) -> AppResult<SignInOutcome> {
        s.sign_in(&username, &password).await
    }

    pub async fn choose_password(
        s: &Clinic,
        username: String,
        code: String,
        new_password: String,
    ) -> AppResult<SignedIn> {
        s.choose_password(&username, &code, &new_password).await
    }

    pub async fn sign_out(s: &Clinic, token: String) -> AppResult<()> {
        s.sign_out(&token).await
    }

    pub async fn lock_session(s: &Clinic, token: String) -> AppResult<()> {
        s.lock(&token).await
    }

    pub async fn unlock_session(s: &Clinic, token: String, password: String) -> AppResult<SignedIn> {
        s.unlock(&token, &password).await
    }

    /// The window reports that the person pressed a key or clicked (at most every few
    /// seconds); nothing else keeps a session from locking when idle.
    pub async fn note_activity(s: &Clinic, token: String) -> AppResult<()> {
        s.note_activity(&token).await
    }

    pub async fn set_my_language(s: &Clinic, token: String, language: Language) -> AppResult<Me> {
        s.set_my_language(&token, language).await
    }
}
