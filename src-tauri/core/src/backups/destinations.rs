//! Where copies go: the data folder's `backups/`, and up to two folders the
//! administrator chose (a second disk, a USB drive, a network share).

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone)]
pub struct Destination {
    /// As the administrator typed it (or "backups" for the data folder's own).
    pub label: String,
    pub dir: PathBuf,
    pub primary: bool,
}

/// One destination's outcome, for the status and the result of a run.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DestinationReport {
    pub folder: String,
    /// The copy written there, when one was.
    pub written: Option<String>,
    /// A sentence for the administrator when something is wrong.
    pub problem: Option<String>,
}

pub fn all(data_dir: &Path, extra: &[String]) -> Vec<Destination> {
    let mut out = vec![Destination {
        label: "backups".into(),
        dir: crate::store::backup::backups_dir(data_dir),
        primary: true,
    }];
    for folder in extra.iter().take(super::MAX_EXTRA_FOLDERS) {
        out.push(Destination { label: folder.clone(), dir: PathBuf::from(folder), primary: false });
    }
    out
}

/// Whether a copy of about `need` bytes can be written at `d`. Err is a plain sentence.
pub fn check(d: &Destination, data_dir: &Path, need: u64) -> Result<(), String> {
    let name = &d.label;
    if d.primary {
        crate::owner_only::create_dir_all(&d.dir)
            .map_err(|_| format!("The data folder's backups folder could not be created ({name})."))?;
    } else {
        if !d.dir.is_absolute() {
            return Err(format!("The backup folder {name} is not a full path."));
        }
        match std::fs::metadata(&d.dir) {
            Err(_) => {
                return Err(format!(
                    "The backup folder {name} is missing: is the drive or network share connected?"
                ))
            }
            Ok(m) if !m.is_dir() => return Err(format!("The backup folder {name} is a file, not a folder.")),
            Ok(_) => {}
        }
        let inside = match (d.dir.canonicalize(), data_dir.canonicalize()) {
            (Ok(dir), Ok(data)) => dir.starts_with(&data),
            _ => false,
        };
        if inside {
            return Err(format!(
                "The backup folder {name} is inside the clinic's data folder: a copy there is lost with the same disk. Choose a folder on another disk."
            ));
        }
    }
    let probe = d.dir.join(".al-hayat-write-check");
    match crate::owner_only::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
        }
        Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => return Err(full(name)),
        Err(_) => return Err(format!("The backup folder {name} cannot be written to (read-only).")),
    }
    if let Some(free) = free_bytes(&d.dir) {
        if free < need {
            return Err(format!(
                "The backup folder {name} is full: {} MB free, a copy needs about {} MB.",
                free / 1_000_000,
                need.div_ceil(1_000_000)
            ));
        }
    }
    Ok(())
}

pub fn full(name: &str) -> String {
    format!("The backup folder {name} filled up during the copy; no partial copy was kept.")
}

/// A write error said plainly, naming the folder.
pub fn write_problem(name: &str, e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ENOSPC) | Some(libc::EDQUOT) => full(name),
        Some(libc::EROFS) | Some(libc::EACCES) | Some(libc::EPERM) => {
            format!("The backup folder {name} cannot be written to (read-only).")
        }
        Some(libc::ENOENT) | Some(libc::EIO) | Some(libc::ENOTCONN) => {
            format!("The backup folder {name} went away during the copy: is the drive or network share connected?")
        }
        _ => format!("The copy to {name} could not be written; nothing partial was kept."),
    }
}

fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: statvfs fills the struct we own from a valid C string.
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        #[allow(clippy::unnecessary_cast)]
        Some(s.f_bavail as u64 * s.f_frsize as u64)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}
