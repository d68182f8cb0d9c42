//! The OS keyring entry that holds the database key (Secret Service on Linux).

use super::key::DbKey;
use std::path::Path;

/// Service name of the keyring entries; tests use their own so they never touch a
/// real installation's key.
pub fn service_name() -> String {
    std::env::var("ALHAYAT_KEYRING_SERVICE").unwrap_or_else(|_| "al-hayat-clinic".to_string())
}

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("no key is stored for this data folder")]
    Missing,
    #[error("the keyring holds something that is not a database key")]
    Malformed,
    #[error("the system keyring cannot be reached: {0}")]
    Unavailable(String),
}

/// One entry per data folder, so two installations on one account keep separate keys.
pub struct KeyVault {
    service: String,
    account: String,
}

impl KeyVault {
    pub fn for_data_dir(data_dir: &Path) -> Self {
        let dir = data_dir.canonicalize().unwrap_or_else(|_| data_dir.to_path_buf());
        KeyVault { service: service_name(), account: format!("database-key:{}", dir.display()) }
    }

    fn entry(&self) -> Result<keyring::Entry, KeyringError> {
        keyring::Entry::new(&self.service, &self.account)
            .map_err(|e| KeyringError::Unavailable(e.to_string()))
    }

    pub fn load(&self) -> Result<DbKey, KeyringError> {
        match self.entry()?.get_password() {
            Ok(hex) => DbKey::from_hex(&hex).ok_or(KeyringError::Malformed),
            Err(keyring::Error::NoEntry) => Err(KeyringError::Missing),
            Err(e) => Err(KeyringError::Unavailable(e.to_string())),
        }
    }

    pub fn save(&self, key: &DbKey) -> Result<(), KeyringError> {
        self.entry()?.set_password(&key.to_hex()).map_err(|e| KeyringError::Unavailable(e.to_string()))
    }

    pub fn forget(&self) -> Result<(), KeyringError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(KeyringError::Unavailable(e.to_string())),
        }
    }
}
