//! The newest chain link, kept in a file beside the database so that cutting entries
//! off the end of the trail is detected. It holds a number and a hash, nothing else.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::ChainLink;

pub struct HeadFile {
    path: PathBuf,
    last_written: Mutex<i64>,
}

impl HeadFile {
    pub fn new(data_dir: &Path) -> Self {
        HeadFile { path: data_dir.join("audit-head"), last_written: Mutex::new(0) }
    }

    /// Records `link` if it is newer than what the file holds. Written to a temporary
    /// name and renamed, so a crash leaves the old or the new link, never half of one.
    /// A failure is logged, not returned: the database write has already committed.
    pub fn record(&self, link: &ChainLink) {
        let mut last = self.last_written.lock().unwrap_or_else(|p| p.into_inner());
        if link.seq <= *last {
            return;
        }
        let tmp = self.path.with_extension("tmp");
        let result = std::fs::write(&tmp, format!("{} {}\n", link.seq, link.hash))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        match result {
            Ok(()) => *last = link.seq,
            Err(e) => tracing::warn!(error = %e, "could not record the audit head"),
        }
    }

    pub fn read(&self) -> Option<ChainLink> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let (seq, hash) = text.trim().split_once(' ')?;
        Some(ChainLink { seq: seq.parse().ok()?, hash: hash.to_string() })
    }
}
