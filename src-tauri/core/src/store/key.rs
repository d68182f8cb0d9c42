//! The database key and its recovery-key form.
//!
//! The recovery key *is* the database key, written in Crockford base32 with a short
//! checksum and grouped in fours so it can be read aloud and typed back: unlocking with
//! it needs no second secret that could itself be lost.

use sha2::{Digest, Sha256};
use std::fmt;

/// 256 random bits. Debug never prints them.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(..)")
    }
}

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECKSUM_LEN: usize = 3;
/// Characters per group of the printed recovery key.
pub const GROUP_LEN: usize = 4;

#[derive(Debug, PartialEq, Eq)]
pub enum RecoveryKeyError {
    /// A character that cannot be part of a recovery key.
    BadCharacter(char),
    /// Too few or too many characters.
    WrongLength,
    /// Well-formed, but a character was mistyped.
    Checksum,
}

impl DbKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source is available");
        DbKey(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        DbKey(bytes)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(s: &str) -> Option<Self> {
        let bytes = hex::decode(s.trim()).ok()?;
        Some(DbKey(bytes.try_into().ok()?))
    }

    /// A one-way digest of the key, enough to recognise it again without keeping it.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"al-hayat key fingerprint v1\0");
        h.update(self.0);
        h.finalize().into()
    }

    /// Compares two fingerprints in time that does not depend on where they differ.
    pub fn fingerprints_match(a: &[u8; 32], b: &[u8; 32]) -> bool {
        let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
        std::hint::black_box(diff) == 0
    }

    /// The SQLCipher `key` pragma value for a raw key, so no KDF runs on open.
    pub fn pragma_value(&self) -> String {
        format!("\"x'{}'\"", self.to_hex())
    }

    /// Groups of four characters joined by dashes, e.g. `7QK2-...`.
    pub fn recovery_key(&self) -> String {
        let mut data = self.0.to_vec();
        data.extend_from_slice(&Sha256::digest(self.0)[..CHECKSUM_LEN]);
        let chars = base32_encode(&data);
        chars
            .as_bytes()
            .chunks(GROUP_LEN)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a recovery key typed by a person: case, spaces and dashes do not matter,
    /// and the letters that look like digits (O, I, L) are read as those digits.
    pub fn from_recovery_key(typed: &str) -> Result<Self, RecoveryKeyError> {
        let normalised = normalise_recovery_text(typed)?;
        let data = base32_decode(&normalised).ok_or(RecoveryKeyError::WrongLength)?;
        if data.len() != 32 + CHECKSUM_LEN {
            return Err(RecoveryKeyError::WrongLength);
        }
        let (key, check) = data.split_at(32);
        if Sha256::digest(key)[..CHECKSUM_LEN] != *check {
            return Err(RecoveryKeyError::Checksum);
        }
        Ok(DbKey(key.try_into().expect("32 bytes")))
    }
}

/// Upper-cases and maps look-alikes; drops separators.
pub fn normalise_recovery_text(typed: &str) -> Result<String, RecoveryKeyError> {
    let mut out = String::with_capacity(typed.len());
    for c in typed.chars() {
        match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' | '\n' | '\r' => {}
            'O' => out.push('0'),
            'I' | 'L' => out.push('1'),
            u if ALPHABET.contains(&(u as u8)) && u.is_ascii() => out.push(u),
            _ => return Err(RecoveryKeyError::BadCharacter(c)),
        }
    }
    Ok(out)
}

fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in data {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_and_is_grouped() {
        let key = DbKey::generate();
        let text = key.recovery_key();
        assert_eq!(text.split('-').count(), 14);
        assert!(text.split('-').all(|g| g.len() == GROUP_LEN));
        assert_eq!(DbKey::from_recovery_key(&text).unwrap(), key);
        let sloppy = text.to_lowercase().replace('-', " ");
        assert_eq!(DbKey::from_recovery_key(&sloppy).unwrap(), key);
    }

    #[test]
    fn recovery_key_rejects_typos() {
        let key = DbKey::from_bytes([7; 32]);
        let text = key.recovery_key();
        let mut chars: Vec<char> = text.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(DbKey::from_recovery_key(&typo), Err(RecoveryKeyError::Checksum));
        assert_eq!(DbKey::from_recovery_key(&text[..20]), Err(RecoveryKeyError::WrongLength));
        assert_eq!(DbKey::from_recovery_key("ABCD-U"), Err(RecoveryKeyError::BadCharacter('U')));
        assert_eq!(DbKey::from_recovery_key("ہیلو"), Err(RecoveryKeyError::BadCharacter('ہ')));
    }

    #[test]
    fn look_alike_letters_read_as_digits() {
        assert_eq!(normalise_recovery_text("o-i-l").unwrap(), "011");
    }

    #[test]
    fn hex_round_trip_and_debug_hides_key() {
        let key = DbKey::from_bytes([0xab; 32]);
        assert_eq!(DbKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_eq!(format!("{key:?}"), "DbKey(..)");
        assert!(DbKey::from_hex("abcd").is_none());
    }

    #[test]
    fn fingerprints_recognise_the_same_key_only() {
        let a = DbKey::from_bytes([1; 32]);
        let b = DbKey::from_bytes([2; 32]);
        assert!(DbKey::fingerprints_match(&a.fingerprint(), &a.clone().fingerprint()));
        assert!(!DbKey::fingerprints_match(&a.fingerprint(), &b.fingerprint()));
        assert_ne!(a.fingerprint().to_vec(), a.0.to_vec());
    }
}
