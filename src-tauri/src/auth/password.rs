//! Password rules and argon2id hashing.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{AppError, AppResult};

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("common-passwords.txt");

/// Checks a new password; `field` names the form field for the message.
pub fn check_new(field: &str, password: &str, username: &str) -> AppResult<()> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(AppError::validation(
            field,
            format!("The password must be at least {MIN_CHARS} characters long."),
        ));
    }
    if n > MAX_CHARS {
        return Err(AppError::validation(
            field,
            format!("The password can be at most {MAX_CHARS} characters long."),
        ));
    }
    if password.chars().any(char::is_control) {
        return Err(AppError::validation(
            field,
            "The password contains an invisible control character. Type it again.",
        ));
    }
    let lower = password.to_lowercase();
    if COMMON.lines().any(|c| c == lower) {
        return Err(AppError::validation(
            field,
            "This password is too common and easy to guess. Choose another one.",
        ));
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err(AppError::validation(field, "The password must not contain the user name."));
    }
    if password.chars().collect::<std::collections::HashSet<_>>().len() < 4 {
        return Err(AppError::validation(
            field,
            "The password repeats too few characters. Choose a less predictable one.",
        ));
    }
    Ok(())
}

/// argon2id with the crate's defaults (19 MiB, 2 passes). Slow on purpose: call it
/// off the async threads (`tokio::task::spawn_blocking`).
pub fn hash(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("password hashing failed: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash_off_thread(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_off_thread(password: String, stored: String) -> AppResult<bool> {
    Ok(tokio::task::spawn_blocking(move || verify(&password, &stored)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterY", &a));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn password_rules() {
        let field = |r: AppResult<()>| r.unwrap_err().field().map(str::to_string);
        assert_eq!(field(check_new("password", "short", "amina")), Some("password".into()));
        assert!(check_new("password", "Password123", "amina").is_err(), "common, any case");
        assert!(check_new("password", "pakistan786", "amina").is_err());
        assert!(check_new("password", &"x".repeat(10_000), "amina").is_err());
        assert!(check_new("password", "aaaaaaaaaaaaab", "amina").is_err());
        assert!(check_new("password", "amina-is-great", "amina").is_err());
        assert!(check_new("password", "tab\there-long", "amina").is_err());
        assert!(check_new("password", "blue-kettle-42", "amina").is_ok());
        assert!(check_new("password", "میرا پاس ورڈ ہے", "amina").is_ok(), "Urdu passwords are fine");
        assert!(check_new("password", "🔑🔑 door key 7", "amina").is_ok(), "emoji count as characters");
    }
}
