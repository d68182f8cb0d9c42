//! Password rules and argon2id hashing.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

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

/// argon2id at 64 MiB and 3 passes (OWASP's second choice is 19 MiB / 2; a clinic PC
/// signs in a handful of people a day, so it can afford more). Hashes made with older
/// parameters still verify and are made again at the next successful sign-in.
pub const MEMORY_KIB: u32 = 64 * 1024;
pub const PASSES: u32 = 3;
pub const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters"),
    )
}

/// A hash of a random password nobody knows, with the current parameters: an unknown
/// user name (or a stored hash that cannot be read) is checked against it, so every
/// sign-in costs the same single argon2 verification. Its parameters are checked by a
/// test below.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=65536,t=3,p=1$qS7v0k1s3u8E0a4H6b2Bbg$/9XZJIb1M3FqdcO0zWzwfB2G0oBRwMVBV5yhzR3IGeA";

/// At most two argon2 computations at once (this is a two-core PC and each takes
/// 64 MiB): a burst of sign-ins waits its turn instead of exhausting memory.
static SLOTS: Semaphore = Semaphore::const_new(2);

tokio::task_local! {
    static VERIFICATIONS: Arc<AtomicU32>;
}

/// Slow on purpose: call it off the async threads (`hash_off_thread`).
pub fn hash(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("password hashing failed: {e}")))
}

/// Exactly one argon2 computation whatever `stored` holds: a hash that cannot be read
/// is replaced by the dummy (and never matches).
pub fn verify(password: &str, stored: &str) -> bool {
    let (parsed, real) = match PasswordHash::new(stored) {
        Ok(p) => (p, true),
        Err(_) => (PasswordHash::new(DUMMY_HASH).expect("the dummy hash parses"), false),
    };
    let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
    ok && real
}

/// Whether `stored` was made with other parameters than today's.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return true };
    let Ok(params) = Params::try_from(&parsed) else { return true };
    parsed.algorithm != Algorithm::Argon2id.ident()
        || parsed.version != Some(Version::V0x13.into())
        || params.m_cost() != MEMORY_KIB
        || params.t_cost() != PASSES
        || params.p_cost() != LANES
}

/// The hash compared against when there is no account.
pub fn dummy_hash() -> &'static str {
    DUMMY_HASH
}

pub async fn hash_off_thread(password: String) -> AppResult<String> {
    let _slot = SLOTS.acquire().await.map_err(|e| AppError::internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_off_thread(password: String, stored: String) -> AppResult<bool> {
    let counter = VERIFICATIONS.try_with(Arc::clone).ok();
    let _slot = SLOTS.acquire().await.map_err(|e| AppError::internal(e.to_string()))?;
    Ok(tokio::task::spawn_blocking(move || {
        let ok = verify(&password, &stored);
        if let Some(c) = counter {
            c.fetch_add(1, Ordering::SeqCst);
        }
        ok
    })
    .await?)
}

/// Runs `work` and says how many argon2 verifications it made (tests hold sign-in to
/// exactly one per call, whatever the account).
pub async fn count_verifications<F: Future>(work: F) -> (F::Output, u32) {
    let counter = Arc::new(AtomicU32::new(0));
    let out = VERIFICATIONS.scope(counter.clone(), work).await;
    (out, counter.load(Ordering::SeqCst))
}

/// Characters of a one-time code: Crockford's base32, as the recovery key, so it reads
/// aloud and types back without look-alikes.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_CHARS: usize = 16;

/// A new one-time code (80 random bits), shown as four groups of four: `7QK2-…`.
pub fn one_time_code() -> String {
    let mut bytes = [0u8; CODE_CHARS];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    let chars: Vec<char> = bytes.iter().map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect();
    chars.chunks(4).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A typed one-time code as it is hashed: case, spaces and dashes do not matter and
/// O, I, L read as 0, 1, 1. Text that cannot be a code is left as typed (it then
/// simply does not match).
pub fn normalise_code(typed: &str) -> String {
    crate::store::key::normalise_recovery_text(typed).unwrap_or_else(|_| typed.to_string())
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
        assert!(!verify("", dummy_hash()));
        assert!(!needs_rehash(&a));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash("blue-kettle-42").unwrap();
        let params = |h: &str| {
            let parsed = PasswordHash::new(h).unwrap();
            let p = Params::try_from(&parsed).unwrap();
            (parsed.algorithm.to_string(), parsed.version, p.m_cost(), p.t_cost(), p.p_cost())
        };
        assert_eq!(params(dummy_hash()), params(&real));
        assert_eq!(params(&real), ("argon2id".to_string(), Some(19), 65536, 3, 1));
        assert!(!needs_rehash(dummy_hash()));
    }

    #[test]
    fn old_parameters_still_verify_and_ask_for_a_new_hash() {
        let old = Argon2::default()
            .hash_password(b"blue-kettle-42", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(old.contains("m=19456,t=2"));
        assert!(verify("blue-kettle-42", &old));
        assert!(needs_rehash(&old));
    }

    #[test]
    fn one_time_codes_are_grouped_and_read_back_loosely() {
        let code = one_time_code();
        assert_eq!(code.len(), 19);
        assert!(code.split('-').all(|g| g.len() == 4 && g.bytes().all(|b| CODE_ALPHABET.contains(&b))));
        assert_ne!(code, one_time_code());
        assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")), code.replace('-', ""));
        assert_eq!(normalise_code("o1l-I"), "0111");
        assert_eq!(normalise_code("not a code!"), "not a code!");
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
