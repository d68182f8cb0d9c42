//! The portability package: a zip of the FHIR bundle, the CSV files, the record PDF
//! and the attachments, with `manifest.json` listing every other file's size and
//! SHA-256 so the receiver can check that nothing was changed or lost on the way.

use std::io::{Seek, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::write::SimpleFileOptions;

use crate::downloads::disk_error;
use crate::error::{AppError, AppResult};

pub struct PackageFile {
    /// Inside the zip, with `/` between folders.
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ManifestEntry {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
}

impl ManifestEntry {
    pub fn of(path: &str, bytes: &[u8]) -> ManifestEntry {
        ManifestEntry {
            path: path.into(),
            bytes: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
        }
    }
}

pub fn cancelled() -> AppError {
    AppError::conflict("The export was cancelled. Nothing was saved.")
}

fn zip_error(e: zip::result::ZipError) -> AppError {
    match e {
        zip::result::ZipError::Io(io) => disk_error(&io),
        other => AppError::internal(format!("zip: {other}")),
    }
}

/// The manifest: `about` (what the package is; no patient data beyond the MRN) and
/// the files.
pub fn manifest(about: Value, files: &[ManifestEntry]) -> Vec<u8> {
    let mut m = about;
    m["files"] = json!(files);
    serde_json::to_vec_pretty(&m).expect("a manifest serializes")
}

/// Writes `files` and then `manifest.json` as a zip into `out`, checking `cancel`
/// before each file. Already-compressed files (PDF, images) are stored as they are.
pub fn write_zip<W: Write + Seek>(
    out: W,
    files: &[PackageFile],
    about: Value,
    cancel: &AtomicBool,
) -> AppResult<Vec<ManifestEntry>> {
    let mut zip = zip::ZipWriter::new(out);
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut entries = Vec::with_capacity(files.len());
    for f in files {
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let packed = [".pdf", ".png", ".jpg", ".jpeg"].iter().any(|ext| f.path.ends_with(ext));
        zip.start_file(f.path.as_str(), if packed { stored } else { deflate }).map_err(zip_error)?;
        zip.write_all(&f.bytes).map_err(|e| disk_error(&e))?;
        entries.push(ManifestEntry::of(&f.path, &f.bytes));
    }
    zip.start_file("manifest.json", deflate).map_err(zip_error)?;
    zip.write_all(&manifest(about, &entries)).map_err(|e| disk_error(&e))?;
    // Flushed here, not on drop, so that a full disk at the very end is an error too.
    zip.finish().map_err(zip_error)?.flush().map_err(|e| disk_error(&e))?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    fn files() -> Vec<PackageFile> {
        vec![
            PackageFile { path: "fhir/bundle.json".into(), bytes: br#"{"resourceType":"Bundle"}"#.to_vec() },
            PackageFile { path: "record.pdf".into(), bytes: b"%PDF-1.7 ...".to_vec() },
        ]
    }

    #[test]
    fn the_manifest_lists_each_file_with_its_size_and_hash() {
        let mut buf = Cursor::new(Vec::new());
        let entries =
            write_zip(&mut buf, &files(), json!({ "format": "test" }), &AtomicBool::new(false)).unwrap();
        assert_eq!(entries.len(), 2);
        let mut zip = zip::ZipArchive::new(Cursor::new(buf.into_inner())).unwrap();
        let mut text = String::new();
        zip.by_name("manifest.json").unwrap().read_to_string(&mut text).unwrap();
        let m: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(m["format"], "test");
        assert_eq!(m["files"][0]["path"], "fhir/bundle.json");
        assert_eq!(m["files"][0]["bytes"], 25);
        let mut bundle = Vec::new();
        zip.by_name("fhir/bundle.json").unwrap().read_to_end(&mut bundle).unwrap();
        assert_eq!(m["files"][0]["sha256"], hex::encode(Sha256::digest(&bundle)));
    }

    #[test]
    fn a_cancelled_package_stops_with_a_clear_error() {
        let e = write_zip(Cursor::new(Vec::new()), &files(), json!({}), &AtomicBool::new(true)).unwrap_err();
        assert_eq!(e.kind(), "conflict");
        assert!(e.to_string().contains("cancelled"), "{e}");
    }

    /// A writer on a disk that fills after a few bytes.
    struct FullDisk(Cursor<Vec<u8>>);
    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.position() + buf.len() as u64 > 40 {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            self.0.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl Seek for FullDisk {
        fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
            self.0.seek(pos)
        }
    }

    #[test]
    fn a_full_disk_says_so() {
        let e = write_zip(FullDisk(Cursor::new(Vec::new())), &files(), json!({}), &AtomicBool::new(false))
            .unwrap_err();
        assert!(e.to_string().contains("disk is full"), "{e}");
    }
}
