//! Subcommands of the binary that run without the window.

use std::path::Path;

use crate::store::key::DbKey;
use crate::store::keyring::KeyVault;
use crate::store::{OpenMode, Store};

/// `verify-audit`: walks the audit chain; exit code 0 when intact, 1 when an entry
/// does not fit, 2 when the store cannot be opened. The key comes from the keyring,
/// or from a recovery key on standard input with `--recovery-key-stdin`.
pub async fn verify_audit(data_dir: &Path, recovery_from_stdin: bool) -> i32 {
    let store = match open_store(data_dir, recovery_from_stdin).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let head = store.head().read();
    let result = crate::audit::verify(store.pool(), head.as_ref()).await;
    store.close().await;
    match result {
        Ok(r) if r.ok => {
            println!("Audit trail intact: {} entries verified.", r.entries_checked);
            for restore in &r.restores {
                println!("Recorded restore: {restore}");
            }
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

/// The store opened for reading beside a running app; Err is exit code 2 (said on stderr).
async fn open_store(data_dir: &Path, recovery_from_stdin: bool) -> Result<Store, i32> {
    let key = load_key(data_dir, recovery_from_stdin)?;
    Store::open(data_dir, &key, OpenMode::INSPECT).await.map_err(|e| {
        eprintln!("The clinic's data could not be opened: {e}.");
        2
    })
}

/// The key from the keyring, or a recovery key typed on standard input; Err is exit code 2.
fn load_key(data_dir: &Path, recovery_from_stdin: bool) -> Result<DbKey, i32> {
    if recovery_from_stdin {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            eprintln!("Could not read the recovery key from standard input.");
            return Err(2);
        }
        DbKey::from_recovery_key(&line).map_err(|_| {
            eprintln!("That is not a valid recovery key.");
            2
        })
    } else {
        KeyVault::for_data_dir(data_dir).load().map_err(|e| {
            eprintln!("The database key could not be read from the keyring ({e}). Use --recovery-key-stdin.");
            2
        })
    }
}

/// `backup`: a verified copy into every backup folder, then the rotation. Exit code 0
/// when every folder got a verified copy, 1 when a folder or a copy's check failed (each
/// said on its own line), 2 when the store cannot be opened. It reads the store beside a
/// running app (no write lock is taken), so it writes no audit entry of its own.
pub async fn backup(data_dir: &Path, recovery_from_stdin: bool) -> i32 {
    let store = match open_store(data_dir, recovery_from_stdin).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    crate::owner_only::restrict_umask();
    let policy = crate::backups::policy(&store).await.unwrap_or_default();
    let run = crate::backups::run(&store, &policy, "command-line", chrono::Utc::now()).await;
    store.close().await;
    let mut code = 0;
    for d in &run.destinations {
        match (&d.written, &d.problem) {
            (Some(name), None) => println!("{}: {name} written and verified.", d.folder),
            (_, Some(problem)) => {
                println!("{}: {problem}", d.folder);
                code = 1;
            }
            (None, None) => {}
        }
    }
    if run.deleted > 0 {
        println!("{} old copies overwritten and deleted by the rotation.", run.deleted);
    }
    if !run.verified {
        println!("No verified backup could be written.");
        code = 1;
    }
    code
}

/// `verify-backup FILE`: exit code 0 when the copy (and its manifest, if beside it)
/// checks out, 1 when it does not (the reason on one line), 2 when it cannot be tried.
pub async fn verify_backup(data_dir: &Path, file: &Path, recovery_from_stdin: bool) -> i32 {
    if !file.is_file() {
        eprintln!("There is no backup file at {}.", file.display());
        return 2;
    }
    let key = match load_key(data_dir, recovery_from_stdin) {
        Ok(k) => k,
        Err(code) => return code,
    };
    match crate::backups::verify_file(file, &key).await {
        Ok(c) => {
            let rows: i64 = c.counts.values().sum();
            println!(
                "Backup verified: {} tables, {} rows, audit trail intact up to entry #{}.",
                c.counts.len(),
                rows,
                c.audit_newest.map(|l| l.seq).unwrap_or_default()
            );
            0
        }
        Err(problem) => {
            println!("Backup NOT verified: {problem}");
            1
        }
    }
}

/// `restore FILE`: puts a backup in place of the clinic's data as the window does: the
/// copy is verified first, the current file kept aside whole, the restore is the
/// restored trail's next entry, and erasures made since the backup are made again. The
/// app must be closed. Exit code 0 when restored, 1 when the backup failed its check
/// (nothing was changed), 2 when the restore could not be tried.
pub async fn restore(data_dir: &Path, file: &Path, recovery_from_stdin: bool) -> i32 {
    use crate::backups::restore;
    if !file.is_file() {
        eprintln!("There is no backup file at {}.", file.display());
        return 2;
    }
    let key = match load_key(data_dir, recovery_from_stdin) {
        Ok(k) => k,
        Err(code) => return code,
    };
    crate::owner_only::restrict_umask();
    if crate::owner_only::create_dir_all(data_dir).is_err() {
        eprintln!("The data folder {} could not be created.", data_dir.display());
        return 2;
    }
    // Held to the end of the swap: the app cannot open the data meanwhile.
    let lock = match crate::store::lock_for_writing(data_dir) {
        Ok(l) => l,
        Err(_) => {
            eprintln!("Al-Hayat Clinic is open on this data folder. Close it first, then restore.");
            return 2;
        }
    };
    let now = chrono::Utc::now();
    let staged = match restore::stage(data_dir, &key, file, now).await {
        Ok(s) => s,
        Err(e) => {
            println!("{e}");
            return 1;
        }
    };
    let replaced = match Store::open(data_dir, &key, OpenMode::INSPECT).await {
        Ok(s) => {
            let r = restore::read_live(&s).await.unwrap_or_else(|_| restore::read_unopened(data_dir));
            s.close().await;
            r
        }
        Err(_) => restore::read_unopened(data_dir),
    };
    let aside = match restore::swap(data_dir, &staged, now) {
        Ok(a) => a,
        Err(e) => {
            staged.discard();
            eprintln!("The backup could not be put in place ({e}); nothing was changed.");
            return 2;
        }
    };
    drop(lock);
    let store = match Store::open(data_dir, &key, OpenMode::APP).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("The restored data could not be opened: {e}.");
            return 2;
        }
    };
    let origin = crate::audit::Origin { staff_id: None, workstation: "command line".into() };
    let outcome = restore::finish(&store, origin, None, &replaced, &staged, aside).await;
    store.close().await;
    if recovery_from_stdin && KeyVault::for_data_dir(data_dir).save(&key).is_err() {
        eprintln!("Restored, but the key could not be kept in the keyring: type the recovery key when the app asks.");
    }
    match outcome {
        Ok(o) => {
            println!("Restored the backup of {}.", o.restored_from);
            if let Some(name) = &o.replaced_kept_as {
                println!("The data it replaced is kept as {name} in the data folder.");
            }
            if o.erased_again > 0 {
                println!("{} patients erased after the backup was taken were erased again.", o.erased_again);
            }
            if !o.not_erased_again.is_empty() {
                println!("These patients were erased after the backup but could not be erased again; erase them by hand: {:?}", o.not_erased_again);
            }
            0
        }
        Err(e) => {
            eprintln!("The backup was put in place, but recording the restore failed: {e}");
            2
        }
    }
}
