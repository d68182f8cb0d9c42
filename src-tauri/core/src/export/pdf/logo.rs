//! The letterhead's logo: the clinic's own picture, or the bundled one.

use printpdf::RawImage;

use super::flow::Logo;

const FALLBACK_LOGO: &[u8] = include_bytes!("../../../../../assets/logo.png");

/// The letterhead's logo, or the bundled one when none is given or it cannot be read.
pub(super) fn decode_logo(logo: Option<&Logo>) -> Option<RawImage> {
    let mut warnings = Vec::new();
    if let Some(logo) = logo {
        let known = matches!(logo.mime.as_str(), "image/png" | "image/jpeg" | "image/jpg");
        match known.then(|| RawImage::decode_from_bytes(&logo.bytes, &mut warnings)) {
            Some(Ok(image)) => return Some(image),
            Some(Err(e)) => tracing::warn!(error = %e, "clinic logo cannot be read; using the bundled one"),
            None => {
                tracing::warn!(mime = %logo.mime, "clinic logo is not PNG or JPEG; using the bundled one")
            }
        }
    }
    match RawImage::decode_from_bytes(FALLBACK_LOGO, &mut warnings) {
        Ok(image) => Some(image),
        Err(e) => {
            tracing::error!(error = %e, "bundled logo cannot be read");
            None
        }
    }
}
