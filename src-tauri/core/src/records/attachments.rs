//! Documents attached to a patient's record: referral letters, reports, X-ray and
//! scan images. They are kept inside the encrypted store (privacy policy 5.1), never as
//! a plain or temporary file, and a file must be what its name says: its first bytes
//! are checked against its extension and its declared type, so a renamed file or
//! something else dressed up as a PDF is refused before anything is saved. Then the
//! whole file is read (`attachment_content`): a PDF that does not parse or carries
//! active content, or a picture that does not decode, is refused too.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::access::{Discipline, Part, Sight};
use super::attachment_content::{self, Refusal};
use super::require_patient;
use crate::audit::AuditAction;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// The largest attachment: 20 MiB, as the schema's CHECK allows.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// What can be attached. Serialised as its MIME type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum AttachmentType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
}

impl AttachmentType {
    const ALL: [AttachmentType; 3] = [AttachmentType::Pdf, AttachmentType::Png, AttachmentType::Jpeg];

    pub fn mime(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "application/pdf",
            AttachmentType::Png => "image/png",
            AttachmentType::Jpeg => "image/jpeg",
        }
    }

    fn words(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "a PDF document",
            AttachmentType::Png => "a PNG image",
            AttachmentType::Jpeg => "a JPEG image",
        }
    }

    fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            AttachmentType::Pdf => None,
            AttachmentType::Png => Some(image::ImageFormat::Png),
            AttachmentType::Jpeg => Some(image::ImageFormat::Jpeg),
        }
    }

    fn from_mime(mime: &str) -> Option<AttachmentType> {
        let m = mime.trim().to_ascii_lowercase();
        // Some systems still label JPEGs with the pre-standard name.
        let m = if m == "image/pjpeg" || m == "image/jpg" { "image/jpeg".to_string() } else { m };
        Self::ALL.into_iter().find(|t| t.mime() == m)
    }

    fn from_extension(file_name: &str) -> Option<AttachmentType> {
        let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(AttachmentType::Pdf),
            "png" => Some(AttachmentType::Png),
            "jpg" | "jpeg" => Some(AttachmentType::Jpeg),
            _ => None,
        }
    }

    /// What the content is, by its signature: `%PDF-`, the PNG signature, or the
    /// JPEG start-of-image marker followed by another marker.
    fn sniff(content: &[u8]) -> Option<AttachmentType> {
        if content.starts_with(b"%PDF-") {
            Some(AttachmentType::Pdf)
        } else if content.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(AttachmentType::Png)
        } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(AttachmentType::Jpeg)
        } else {
            None
        }
    }
}

/// What the UI sends with the bytes of an upload.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentUpload {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// What the document is, e.g. "MRI lumbar spine report"; empty: the file's name.
    pub title: Option<String>,
    /// The file's name as chosen, e.g. `mri-report.pdf`.
    pub file_name: String,
    /// The type the file picker reported (`File.type`), e.g. `application/pdf`.
    pub mime: String,
    /// Set to keep the document to one discipline's staff (e.g. psychology);
    /// none: every clinician of the patient's care may see it.
    pub discipline: Option<Discipline>,
}

/// An attachment's details, without its bytes.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Attachment {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub title: String,
    pub file_name: String,
    pub mime: AttachmentType,
    #[ts(type = "number")]
    pub size_bytes: i64,
    /// Hex SHA-256 of the content, fixed at upload.
    pub sha256: String,
    pub discipline: Option<Discipline>,
    pub uploaded_by_name: String,
    pub uploaded_at: String,
}

/// An opened attachment: its details and its bytes.
#[derive(Debug, Clone)]
pub struct AttachmentContent {
    pub attachment: Attachment,
    pub content: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    patient_id: i64,
    title: String,
    file_name: String,
    mime: String,
    size_bytes: i64,
    sha256: String,
    discipline: Option<String>,
    uploaded_by_name: String,
    uploaded_at: String,
}

impl Row {
    fn into_attachment(self) -> AppResult<Attachment> {
        let mime = AttachmentType::from_mime(&self.mime)
            .ok_or_else(|| AppError::internal("an attachment's stored type is not one the app knows"))?;
        let discipline = match self.discipline.as_deref() {
            None => None,
            Some(d) => Some(
                Discipline::parse(d)
                    .ok_or_else(|| AppError::internal("an attachment's stored discipline is unknown"))?,
            ),
        };
        Ok(Attachment {
            id: self.id,
            patient_id: self.patient_id,
            title: self.title,
            file_name: self.file_name,
            mime,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            discipline,
            uploaded_by_name: self.uploaded_by_name,
            uploaded_at: self.uploaded_at,
        })
    }
}

macro_rules! select {
    () => {
        "SELECT a.id, a.patient_id, a.title, a.file_name, a.mime, a.size_bytes, a.sha256, a.discipline,
                s.full_name AS uploaded_by_name, a.uploaded_at
         FROM attachments a JOIN staff s ON s.id = a.uploaded_by"
    };
}

/// Rounded up, so a file just over the limit never reads as "20.0 MB".
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", (bytes as f64 / (1024.0 * 1024.0) * 10.0).ceil() / 10.0)
}

/// The checked name, title and type of an upload; every refusal says what to do.
fn check(meta: &AttachmentUpload, content: &[u8]) -> AppResult<(String, String, AttachmentType)> {
    // A browser gives the bare name; a path (from a drag or a script) keeps its last part.
    // Bidirectional controls are dropped, not refused: nobody types them into a name,
    // and they only serve to make `scan` + U+202E + `gpj.pdf` read "scanfdp.jpg" (the
    // content check below holds the file to the extension that is really there).
    let from_disk = validate::strip_bidi_controls(&meta.file_name);
    let bare = from_disk.rsplit(['/', '\\']).next().unwrap_or_default();
    let file_name = validate::text("file_name", "The file's name", bare, 200)?;
    let Some(by_name) = AttachmentType::from_extension(&file_name) else {
        return Err(AppError::validation(
            "file_name",
            format!("Only PDF documents and PNG or JPEG images can be attached; “{file_name}” is neither."),
        ));
    };
    if content.is_empty() {
        return Err(AppError::validation(
            "file",
            format!("“{file_name}” is empty (0 bytes). Choose the document again, or scan it again."),
        ));
    }
    if content.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::validation(
            "file",
            format!(
                "“{file_name}” is {}; an attachment can be at most 20 MB. Scan it at a lower resolution, or split it into parts.",
                megabytes(content.len())
            ),
        ));
    }
    match AttachmentType::from_mime(&meta.mime) {
        Some(declared) if declared == by_name => {}
        // An empty type is what a picker reports when it does not know; the name and
        // the content still have to agree.
        None if meta.mime.trim().is_empty() => {}
        _ => {
            return Err(AppError::validation(
                "file",
                format!(
                    "“{file_name}” was sent as “{}”, which does not match its name. Choose the file again.",
                    validate::strip_bidi_controls(meta.mime.trim())
                ),
            ))
        }
    }
    match AttachmentType::sniff(content) {
        Some(actual) if actual == by_name => {}
        Some(actual) => {
            return Err(AppError::validation(
                "file",
                format!(
                    "“{file_name}” is not {} as its name says: it is {}. Choose the right file, or correct its name.",
                    by_name.words(),
                    actual.words()
                ),
            ))
        }
        None => {
            return Err(AppError::validation(
                "file",
                format!(
                    "“{file_name}” is not {} as its name says, nor any other kind of file that can be attached. Choose the right file.",
                    by_name.words()
                ),
            ))
        }
    }
    let title = match validate::optional_text("title", "The title", meta.title.as_deref().unwrap_or(""), 200)?
    {
        Some(t) => t,
        None => file_name.rsplit_once('.').map_or(file_name.as_str(), |(stem, _)| stem).to_string(),
    };
    Ok((file_name, title, by_name))
}

/// Reads the whole file (`attachment_content`); every refusal says what to do instead.
fn check_content(file_name: &str, kind: AttachmentType, content: &[u8]) -> AppResult<()> {
    let verdict = match kind.image_format() {
        None => attachment_content::check_pdf(content),
        Some(format) => attachment_content::check_image(format, content),
    };
    let again = "Open it and print it to PDF again (Print, then “Microsoft Print to PDF” or “Save as PDF”), \
                 or scan the paper copy, and attach that.";
    let message = match verdict {
        Ok(()) => return Ok(()),
        Err(Refusal::DamagedPdf) => format!(
            "“{file_name}” could not be read as a whole PDF document (it may be damaged or cut short), \
             so it cannot be checked. {again}"
        ),
        Err(Refusal::PasswordPdf) => format!(
            "“{file_name}” is locked with a password, so it cannot be checked. Ask the sender for a copy \
             without a password, or {}",
            again.replacen("Open", "open", 1)
        ),
        Err(Refusal::EmptyPdf) => format!("“{file_name}” has no pages. Choose the right file."),
        Err(Refusal::Active(what)) => format!(
            "“{file_name}” contains {}, which could run on the computer of anyone who opens it, so it \
             cannot be kept in the record. {again}",
            what.words()
        ),
        Err(Refusal::DamagedImage) => format!(
            "“{file_name}” is not a whole picture (it may be damaged or cut short). Save or scan it again, \
             and attach that."
        ),
        Err(Refusal::ImageTooLarge) => format!(
            "“{file_name}” is a picture too large to check (more than 20,000 pixels a side). Scan it at a \
             lower resolution, and attach that."
        ),
    };
    Err(AppError::validation("file", message))
}

/// Keeps a document in the patient's record. Who may attach: whoever may read
/// attachments of that discipline (any clinician when it has none).
pub async fn upload_attachment(
    store: &Store,
    actor: &Actor,
    meta: AttachmentUpload,
    content: &[u8],
) -> AppResult<Attachment> {
    // Who may attach, and the quick checks, before reading the whole file: that takes
    // a while for 20 MB, so it runs off the async threads and outside the write lock.
    {
        let mut conn = store.pool().acquire().await?;
        Sight::of(&mut conn, actor, meta.patient_id)
            .await?
            .require_write(Part::Attachments(meta.discipline))?;
        require_patient(&mut conn, meta.patient_id).await?;
    }
    let (file_name, title, kind) = check(&meta, content)?;
    let (name, bytes) = (file_name.clone(), content.to_vec());
    tokio::task::spawn_blocking(move || check_content(&name, kind, &bytes)).await??;
    let mut tx = store.begin_write().await?;
    Sight::of(tx.conn(), actor, meta.patient_id).await?.require_write(Part::Attachments(meta.discipline))?;
    require_patient(tx.conn(), meta.patient_id).await?;
    let sha256 = hex::encode(Sha256::digest(content));
    let now = crate::clock::utc_text(chrono::Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (patient_id, title, file_name, mime, size_bytes, sha256, content, discipline,
             uploaded_by, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(meta.patient_id)
    .bind(&title)
    .bind(&file_name)
    .bind(kind.mime())
    .bind(content.len() as i64)
    .bind(&sha256)
    .bind(content)
    .bind(meta.discipline.map(Discipline::as_str))
    .bind(actor.staff_id)
    .bind(&now)
    .fetch_one(tx.conn())
    .await?;
    let summary = match meta.discipline {
        Some(d) => format!("{}, {}", kind.mime(), d.as_str()),
        None => kind.mime().to_string(),
    };
    let mut e = actor.origin().entry(AuditAction::Create, "attachment", Some(id.to_string()), summary);
    e.patient_id = Some(meta.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Attachment> {
    let row: Option<Row> =
        sqlx::query_as(concat!(select!(), " WHERE a.id = ?")).bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| AppError::not_found("This attachment is not in the record."))?.into_attachment()
}

/// The attachments of a patient that `sight` may see, newest first, without their
/// bytes. Does not audit: for the timeline and the record PDF, whose callers do.
pub async fn attachments_for(
    conn: &mut SqliteConnection,
    sight: &Sight,
    patient_id: i64,
) -> AppResult<Vec<Attachment>> {
    let rows: Vec<Row> =
        sqlx::query_as(concat!(select!(), " WHERE a.patient_id = ? ORDER BY a.uploaded_at DESC, a.id DESC"))
            .bind(patient_id)
            .fetch_all(conn)
            .await?;
    let mut shown = Vec::new();
    for row in rows {
        let a = row.into_attachment()?;
        if sight.reads(Part::Attachments(a.discipline)) {
            shown.push(a);
        }
    }
    Ok(shown)
}

/// The list on the chart; the listing is audited (it names documents of the record).
pub async fn list_attachments(store: &Store, actor: &Actor, patient_id: i64) -> AppResult<Vec<Attachment>> {
    let mut tx = store.begin_write().await?;
    let sight = Sight::of(tx.conn(), actor, patient_id).await?;
    sight.require_read(Part::Attachments(None))?;
    require_patient(tx.conn(), patient_id).await?;
    let shown = attachments_for(tx.conn(), &sight, patient_id).await?;
    // A document sealed to another discipline may be listed through emergency access
    // even when the others are the actor's own to see.
    let by_emergency = shown.iter().any(|a| sight.by_emergency(Part::Attachments(a.discipline)));
    let summary = if by_emergency { "emergency access" } else { "" };
    let mut e = actor.origin().entry(AuditAction::View, "attachments", None, summary);
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(shown)
}

/// Opens an attachment: its bytes, checked against the SHA-256 fixed at upload. The
/// opening is audited.
pub async fn open_attachment(store: &Store, actor: &Actor, id: i64) -> AppResult<AttachmentContent> {
    let mut tx = store.begin_write().await?;
    let attachment = load(tx.conn(), id).await?;
    let part = Part::Attachments(attachment.discipline);
    let sight = Sight::of(tx.conn(), actor, attachment.patient_id).await?;
    sight.require_read(part)?;
    let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM attachments WHERE id = ?")
        .bind(id)
        .fetch_one(tx.conn())
        .await?;
    if hex::encode(Sha256::digest(&content)) != attachment.sha256 {
        return Err(AppError::internal(format!("attachment {id}: content does not match its SHA-256")));
    }
    let summary = if sight.by_emergency(part) { "emergency access" } else { "" };
    let mut e = actor.origin().entry(AuditAction::View, "attachment", Some(id.to_string()), summary);
    e.patient_id = Some(attachment.patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(AttachmentContent { attachment, content })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

    fn upload(file_name: &str, mime: &str) -> AttachmentUpload {
        AttachmentUpload {
            patient_id: 1,
            title: None,
            file_name: file_name.into(),
            mime: mime.into(),
            discipline: None,
        }
    }

    #[test]
    fn a_file_that_is_what_its_name_says_is_accepted() {
        for (name, mime, content, kind) in [
            ("report.pdf", "application/pdf", PDF, AttachmentType::Pdf),
            ("XRAY.PNG", "image/png", PNG, AttachmentType::Png),
            ("knee.jpg", "image/jpeg", JPEG, AttachmentType::Jpeg),
            ("knee.jpeg", "image/pjpeg", JPEG, AttachmentType::Jpeg),
            ("knee.jpeg", "", JPEG, AttachmentType::Jpeg),
        ] {
            let (file_name, title, got) = check(&upload(name, mime), content).unwrap();
            assert_eq!((file_name.as_str(), got), (name, kind));
            assert_eq!(title, name.rsplit_once('.').unwrap().0, "the title defaults to the name");
        }
        let (name, _, _) = check(&upload("C:\\Users\\desk\\scan.pdf", "application/pdf"), PDF).unwrap();
        assert_eq!(name, "scan.pdf", "a path keeps only its last part");
    }

    #[test]
    fn a_file_that_is_not_what_its_name_says_is_refused() {
        let cases: [(&str, &str, &[u8], &str); 7] = [
            ("report.pdf", "application/pdf", PNG, "it is a PNG image"),
            ("scan.png", "image/png", b"just some text\n", "nor any other kind"),
            ("scan.png", "image/png", PDF, "it is a PDF document"),
            ("photo.jpg", "image/jpeg", &[0xFF, 0xD8, 0x00], "nor any other kind"),
            ("report.pdf", "image/png", PDF, "does not match its name"),
            ("letter.docx", "application/msword", PDF, "is neither"),
            ("report", "application/pdf", PDF, "is neither"),
        ];
        for (name, mime, content, says) in cases {
            let e = check(&upload(name, mime), content).unwrap_err();
            assert_eq!(e.kind(), "validation", "{name}");
            assert!(e.to_string().contains(says), "{name}: {e}");
        }
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        let e = check(&upload("report.pdf", "application/pdf"), b"").unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let mut big = PDF.to_vec();
        big.resize(MAX_ATTACHMENT_BYTES, b' ');
        assert!(check(&upload("big.pdf", "application/pdf"), &big).is_ok(), "exactly 20 MiB is allowed");
        big.push(b' ');
        let e = check(&upload("big.pdf", "application/pdf"), &big).unwrap_err();
        assert!(e.to_string().contains("is 20.1 MB; an attachment can be at most 20 MB"), "{e}");
        assert_eq!(e.field(), Some("file"));
    }

    #[test]
    fn types_serialise_as_their_mime_names() {
        for t in AttachmentType::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.mime()));
        }
    }
}
