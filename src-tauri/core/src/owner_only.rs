//! Files and folders that only the app's own account can read (privacy policy 5.1).
//!
//! A clinic PC often has several accounts. The database is encrypted, but the log, the
//! audit head, backups, set-aside damaged files and exports are files too: they are
//! created owner-only (folders 0700, files 0600), and a data folder made by an older
//! version is tightened when the app starts. SQLite, `VACUUM INTO` and the WAL create
//! their files with the process umask, which is why the umask is narrowed as well.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Narrows the process umask so every file and folder created from here on is
/// owner-only, whoever creates it (SQLite included). Idempotent.
pub fn restrict_umask() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

/// `create_dir_all`, with every folder it creates owner-only.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Creates (or truncates) a file readable by the app's account only.
pub fn create(path: &Path) -> io::Result<File> {
    owner_only(OpenOptions::new().write(true).create(true).truncate(true)).open(path)
}

/// Opens a file for appending, creating it owner-only when it does not exist.
pub fn append(path: &Path) -> io::Result<File> {
    owner_only(OpenOptions::new().create(true).append(true)).open(path)
}

/// Opens a file for writing in place, creating it owner-only when it does not exist.
pub fn open_for_writing(path: &Path) -> io::Result<File> {
    owner_only(OpenOptions::new().create(true).truncate(false).write(true)).open(path)
}

/// Makes one existing file or folder owner-only; returns whether it had to change.
pub fn restrict(path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::symlink_metadata(path)?;
        if meta.file_type().is_symlink() {
            return Ok(false);
        }
        let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
        let mode = meta.permissions().mode() & 0o777;
        // Only bits for others and the group are taken away; the owner keeps what it has.
        let narrowed = mode & wanted;
        if narrowed != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(narrowed))?;
            return Ok(true);
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(false)
}

/// Makes the data folder and everything in it owner-only; returns how many files and
/// folders were tightened (a folder made by an older version, or copied in by hand).
/// Symbolic links are left alone and not followed.
pub fn tighten(dir: &Path) -> io::Result<usize> {
    let mut changed = usize::from(restrict(dir)?);
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        if file_type.is_symlink() {
            continue;
        }
        changed +=
            if file_type.is_dir() { tighten(&entry.path())? } else { usize::from(restrict(&entry.path())?) };
    }
    Ok(changed)
}

/// Prepares the data folder at start: the umask narrowed, the folder created owner-only
/// or, when it exists, tightened (and the change logged).
pub fn prepare_data_dir(dir: &Path) {
    restrict_umask();
    if !dir.exists() {
        if let Err(e) = create_dir_all(dir) {
            tracing::warn!(kind = ?e.kind(), "the data folder could not be created");
        }
        return;
    }
    match tighten(dir) {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            changed = n,
            "the data folder was readable by other accounts on this computer; it and its files are now the app's own"
        ),
        Err(e) => tracing::warn!(kind = ?e.kind(), "the data folder's permissions could not be tightened"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_folders_and_files_are_owner_only() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b");
        create_dir_all(&nested).unwrap();
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        create(&nested.join("f")).unwrap();
        append(&nested.join("g")).unwrap();
        open_for_writing(&nested.join("h")).unwrap();
        for f in ["f", "g", "h"] {
            assert_eq!(mode(&nested.join(f)), 0o600, "{f}");
        }
    }

    #[test]
    fn an_open_folder_is_tightened_and_counted_once() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        std::fs::create_dir_all(dir.join("backups")).unwrap();
        std::fs::write(dir.join("clinic.db"), b"x").unwrap();
        std::fs::write(dir.join("backups/old.db"), b"x").unwrap();
        for (p, m) in [("", 0o755), ("backups", 0o775), ("clinic.db", 0o644), ("backups/old.db", 0o664)] {
            std::fs::set_permissions(dir.join(p), std::fs::Permissions::from_mode(m)).unwrap();
        }
        let outside = root.path().join("outside");
        std::fs::write(&outside, b"x").unwrap();
        std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();

        assert_eq!(tighten(&dir).unwrap(), 4);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("backups")), 0o700);
        assert_eq!(mode(&dir.join("clinic.db")), 0o600);
        assert_eq!(mode(&dir.join("backups/old.db")), 0o600);
        assert_eq!(mode(&outside), 0o644, "a link's target outside the folder is not touched");
        assert_eq!(tighten(&dir).unwrap(), 0, "nothing left to change");
    }
}
