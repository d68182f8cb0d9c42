//! Subcommands of the binary that run without the window.

use std::path::Path;

use crate::store::key::DbKey;
use crate::store::keyring::KeyVault;
use crate::store::{OpenMode, Store};

/// `verify-audit`: walks the audit chain; exit code 0 when intact, 1 when an entry
/// does not fit, 2 when the store cannot be opened. The key comes from the keyring,
/// or from a recovery key on standard input with `--recovery-key-stdin`.
pub async fn verify_audit(data_dir: &Path, recovery_from_stdin: bool) -> i32 {
    let key = if recovery_from_stdin {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            eprintln!("Could not read the recovery key from standard input.");
            return 2;
        }
        match DbKey::from_recovery_key(&line) {
            Ok(k) => k,
            Err(_) => {
                eprintln!("That is not a valid recovery key.");
                return 2;
            }
        }
    } else {
        match KeyVault::for_data_dir(data_dir).load() {
            Ok(k) => k,
            Err(e) => {
                eprintln!(
                    "The database key could not be read from the keyring ({e}). Use --recovery-key-stdin."
                );
                return 2;
            }
        }
    };
    let store = match Store::open(data_dir, &key, OpenMode::INSPECT).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("The clinic's data could not be opened: {e}.");
            return 2;
        }
    };
    let head = store.head().read();
    let result = crate::audit::verify(store.pool(), head.as_ref()).await;
    store.close().await;
    match result {
        Ok(r) if r.ok => {
            println!("Audit trail intact: {} entries verified.", r.entries_checked);
            0
        }
        Ok(r) => {
            println!(
                "Audit trail BROKEN at entry #{}: {}",
                r.first_bad_seq.unwrap_or_default(),
                r.problem.unwrap_or_default()
            );
            1
        }
        Err(e) => {
            eprintln!("The audit trail could not be read: {e}");
            2
        }
    }
}
