//! Medical history and attachments. Who may see or write what is decided in
//! `records`, never here.
//!
//! Attachments travel as raw bytes, not as a JSON array of numbers (20 MB would be
//! ~80 MB of JSON). `upload_attachment` takes the file as the raw request body with
//! the token and the details in headers; `open_attachment` answers with the raw bytes:
//!
//! ```ts
//! const bytes = new Uint8Array(await file.arrayBuffer());
//! const meta: AttachmentUpload = { patient_id, title, file_name: file.name, mime: file.type, discipline: null };
//! const saved = await invoke<Attachment>("upload_attachment", bytes, {
//!   headers: { "x-token": token, "x-attachment": encodeURIComponent(JSON.stringify(meta)) },
//! });
//! const content: ArrayBuffer = await invoke("open_attachment", { token, id: saved.id });
//! ```
//!
//! Header values must be ASCII, and names and titles may be in Urdu: hence the
//! percent-encoded JSON.

use std::borrow::Cow;

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use crate::app::Clinic;
use crate::error::{AppError, AppResult};
use crate::records::{self, Attachment, AttachmentUpload};

/// The file as the raw body; `x-token` and `x-attachment` (percent-encoded JSON of
/// an `AttachmentUpload`) as headers.
#[tauri::command]
pub async fn upload_attachment(s: State<'_, Clinic>, request: Request<'_>) -> AppResult<Attachment> {
    let token = header(&request, "x-token")?;
    let meta: AttachmentUpload = serde_json::from_str(&percent_decoded(&header(&request, "x-attachment")?)?)
        .map_err(|_| {
            AppError::invalid("The document's details did not arrive whole. Please attach it again.")
        })?;
    let (store, actor) = s.authorize(&token).await?;
    records::upload_attachment(&store, &actor, meta, &body(&request)?).await
}

/// The bytes as the raw response (an `ArrayBuffer` in the UI); the type is the
/// `mime` of the listed attachment.
#[tauri::command]
pub async fn open_attachment(s: State<'_, Clinic>, token: String, id: i64) -> AppResult<Response> {
    let (store, actor) = s.authorize(&token).await?;
    Ok(Response::new(records::open_attachment(&store, &actor, id).await?.content))
}

fn header(request: &Request<'_>, name: &str) -> AppResult<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string).ok_or_else(|| {
        AppError::invalid("The document's details did not arrive whole. Please attach it again.")
    })
}

/// The file's bytes. A webview that cannot use the raw channel falls back to a JSON
/// array of numbers; that is accepted too, only slower.
fn body<'r>(request: &'r Request<'_>) -> AppResult<Cow<'r, [u8]>> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(Cow::Borrowed(bytes.as_slice())),
        InvokeBody::Json(serde_json::Value::Array(numbers)) => numbers
            .iter()
            .map(|n| n.as_u64().and_then(|n| u8::try_from(n).ok()))
            .collect::<Option<Vec<u8>>>()
            .map(Cow::Owned)
            .ok_or_else(|| AppError::invalid("The file did not arrive whole. Please attach it again.")),
        InvokeBody::Json(_) => {
            Err(AppError::invalid("The file did not arrive whole. Please attach it again."))
        }
    }
}

/// Undoes `encodeURIComponent`.
fn percent_decoded(text: &str) -> AppResult<String> {
    let bad = || AppError::invalid("The document's details did not arrive whole. Please attach it again.");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::percent_decoded;

    #[test]
    fn percent_encoded_json_decodes_whole_in_any_script() {
        // encodeURIComponent('{"title":"ایم آر آئی رپورٹ","n":"a b%.pdf"}')
        let sent = "%7B%22title%22%3A%22%D8%A7%DB%8C%D9%85%20%D8%A2%D8%B1%20%D8%A2%D8%A6%DB%8C%20%D8%B1%D9%BE%D9%88%D8%B1%D9%B9%22%2C%22n%22%3A%22a%20b%25.pdf%22%7D";
        assert_eq!(percent_decoded(sent).unwrap(), r#"{"title":"ایم آر آئی رپورٹ","n":"a b%.pdf"}"#);
        for bad in ["%", "%4", "%zz", "%C3%28"] {
            assert!(percent_decoded(bad).is_err(), "{bad}");
        }
    }
}
