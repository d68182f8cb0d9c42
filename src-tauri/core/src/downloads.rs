//! Where exports the person asks for are written: their Downloads folder (or
//! `ALHAYAT_EXPORT_DIR`). A file appears whole or not at all: it is written beside its
//! final name and renamed into place, so a full disk or a crash leaves no half file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub struct Downloads {
    dir: PathBuf,
}

impl Downloads {
    /// `ALHAYAT_EXPORT_DIR` when set, else the platform's Downloads folder, else
    /// `exports/` in the data folder.
    pub fn new(platform_download_dir: Option<PathBuf>, data_dir: &Path) -> Downloads {
        let dir = match std::env::var_os("ALHAYAT_EXPORT_DIR") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => platform_download_dir.unwrap_or_else(|| data_dir.join("exports")),
        };
        Downloads { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` as `name` (made unique with " (2)", " (3)" … when taken) and
    /// returns the full path, for the window to show.
    pub fn save(&self, name: &str, bytes: &[u8]) -> AppResult<String> {
        self.save_with(name, |f| f.write_all(bytes).map_err(|e| disk_error(&e)))
    }

    /// As [`Downloads::save`], with `write` filling the file (a zip written as it is
    /// built). When `write` fails, or is cancelled by returning an error, the partial
    /// file is removed and nothing appears under `name`.
    pub fn save_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut std::fs::File) -> AppResult<()>,
    ) -> AppResult<String> {
        crate::owner_only::create_dir_all(&self.dir).map_err(|e| disk_error(&e))?;
        let mut safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '-' })
            .collect();
        if safe.starts_with('.') {
            safe.insert_str(0, "export");
        }
        let (stem, ext) = safe.rsplit_once('.').unwrap_or((&safe, ""));
        let mut path = self.dir.join(&safe);
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{stem} ({n}).{ext}"));
            n += 1;
        }
        let partial = self.dir.join(format!(".{safe}.partial"));
        let written = crate::owner_only::create(&partial).map_err(|e| disk_error(&e)).and_then(|mut f| {
            write(&mut f)?;
            f.sync_all().map_err(|e| disk_error(&e))?;
            std::fs::rename(&partial, &path).map_err(|e| disk_error(&e))
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        Ok(path.to_string_lossy().into_owned())
    }
}

pub(crate) fn disk_error(e: &std::io::Error) -> AppError {
    tracing::warn!(kind = ?e.kind(), "an export could not be written");
    if e.kind() == std::io::ErrorKind::StorageFull {
        AppError::conflict("The disk is full, so the file was not saved. Free some space and try again.")
    } else {
        AppError::conflict(
            "The file could not be saved in the Downloads folder. Check that the folder exists and can be written to.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_and_unique_and_no_partial_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let d = Downloads { dir: dir.path().join("out") };
        let a = d.save("slip AH-000001/../x.pdf", b"one").unwrap();
        let b = d.save("slip AH-000001/../x.pdf", b"two").unwrap();
        assert!(a.ends_with("slip-AH-000001-..-x.pdf"), "{a}");
        assert!(b.ends_with("slip-AH-000001-..-x (2).pdf"), "{b}");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(d.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_failed_or_cancelled_write_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let d = Downloads { dir: dir.path().to_path_buf() };
        let e = d
            .save_with("package.zip", |f| {
                f.write_all(b"half a zip").unwrap();
                Err(AppError::conflict("The export was cancelled. Nothing was saved."))
            })
            .unwrap_err();
        assert_eq!(e.kind(), "conflict");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial file, no zip");
    }

    #[test]
    fn an_unwritable_folder_gives_a_message_for_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"").unwrap();
        let d = Downloads { dir: file };
        let e = d.save("x.csv", b"1").unwrap_err();
        assert_eq!(e.kind(), "conflict");
    }
}
