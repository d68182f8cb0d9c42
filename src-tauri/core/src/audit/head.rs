//! The newest chain link, kept in a file beside the database so that cutting entries
//! off the end of the trail is detected. It holds a number and a hash, nothing else.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::ChainLink;

pub struct HeadFile {
    path: PathBuf,
    /// Opened on first use and kept open: one small write per audited commit.
    file: Mutex<Option<File>>,
}

impl HeadFile {
    pub fn new(data_dir: &Path) -> Self {
        HeadFile { path: data_dir.join("audit-head"), file: Mutex::new(None) }
    }

    /// Overwrites the file with `link`. The record has a fixed width, so it is one
    /// small write in place; a crash in the middle of it leaves a record `read` does not
    /// accept, which the verifier treats as no head at all rather than a false alarm.
    /// A failure is logged, not returned: the database write has already committed.
    pub fn record(&self, link: &ChainLink) {
        let mut slot = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let result = (|| {
            if slot.is_none() {
                *slot = Some(crate::owner_only::open_for_writing(&self.path)?);
            }
            let file = slot.as_mut().expect("opened above");
            file.seek(SeekFrom::Start(0))?;
            file.write_all(format!("{:020} {}\n", link.seq, link.hash).as_bytes())
        })();
        if let Err(e) = result {
            *slot = None;
            tracing::warn!(error = %e, "could not record the audit head");
        }
    }

    pub fn read(&self) -> Option<ChainLink> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let (seq, hash) = text.trim().split_once(' ')?;
        Some(ChainLink { seq: seq.parse().ok()?, hash: hash.to_string() })
    }
}
