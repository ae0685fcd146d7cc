//! Files in and out of the browser: reading a chosen file, saving a file to
//! the user's device, and opening an attachment to view it. The attachment
//! limits, their messages and file sizes in words are the domain's
//! (`esma_core::attachments`).

use esma_core::settings::Settings;
use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use super::{js_detail, SOMETHING_WENT_WRONG};

/// Why reading, making, saving or opening a file failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// A chosen file (or a stored Blob) could not be read: moved, deleted
    /// or unreadable.
    Unreadable,
    /// The browser blocked the new tab.
    PopupBlocked,
    /// The browser refused. The text is detail for the console.
    Browser(String),
}

impl FileError {
    /// Plain-English message for users.
    pub fn message(&self) -> &'static str {
        match self {
            FileError::Unreadable => "The selected file could not be read. Check it has not been moved or deleted, then try again",
            FileError::PopupBlocked => "The file could not be opened in a new tab. Allow pop-ups for this service, then try again",
            FileError::Browser(_) => SOMETHING_WENT_WRONG,
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Browser(detail) => write!(f, "{} ({detail})", self.message()),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for FileError {}

fn from_js(e: wasm_bindgen::JsValue) -> FileError {
    FileError::Browser(js_detail(&e))
}

fn no_document() -> FileError {
    FileError::Browser("no document".into())
}

/// Reads a chosen file: its bytes (hash them with
/// [`super::crypto::sha256_hex_buffer`]) and its media type.
pub async fn read_file(file: &File) -> Result<(ArrayBuffer, String), FileError> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| FileError::Unreadable)?;
    let media_type = esma_core::attachments::media_type_for(&file.name(), &file.type_());
    Ok((buffer.unchecked_into(), media_type))
}

/// A Blob holding exactly these bytes, so what is stored is what was hashed.
pub fn blob_from_buffer(buffer: &ArrayBuffer, media_type: &str) -> Result<Blob, FileError> {
    let parts = Array::of1(buffer);
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    Blob::new_with_buffer_source_sequence_and_options(&parts, &options).map_err(from_js)
}

/// A Blob holding a copy of these bytes, copied straight from wasm memory
/// (not through a JavaScript copy first: for a pack's 100 MB of attachments,
/// 100 MB less at the peak).
pub fn blob_from_bytes(bytes: &[u8], media_type: &str) -> Result<Blob, FileError> {
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    // SAFETY: the view is read only by the Blob constructor, which copies it
    // before returning, and nothing in between allocates in wasm memory
    // (which could move it).
    let view = unsafe { Uint8Array::view(bytes) };
    Blob::new_with_buffer_source_sequence_and_options(&Array::of1(&view), &options).map_err(from_js)
}

/// How much of a file [`read_bytes`] has the browser read at a time.
const READ_SLICE: f64 = 4.0 * 1024.0 * 1024.0;

/// A chosen file's bytes, copied into wasm memory a slice at a time, so that
/// the browser never holds a second whole copy (a pack of 133 MB peaked
/// about 130 MB lower than reading it whole).
pub async fn read_bytes(file: &File) -> Result<Vec<u8>, FileError> {
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let mut at = 0.0;
    while at < size {
        let end = (at + READ_SLICE).min(size);
        let slice = file.slice_with_f64_and_f64(at, end).map_err(from_js)?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| FileError::Unreadable)?;
        let part = Uint8Array::new(&buffer);
        let start = bytes.len();
        bytes.resize(start + part.length() as usize, 0);
        part.copy_to(&mut bytes[start..]);
        at = end;
    }
    Ok(bytes)
}

/// A Blob's bytes as an `ArrayBuffer`: they stay in JavaScript.
pub async fn blob_buffer(blob: &Blob) -> Result<ArrayBuffer, FileError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| FileError::Unreadable)?;
    Ok(buffer.unchecked_into())
}

/// The bytes of a Blob, copied into wasm memory.
pub async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, FileError> {
    let buffer = blob_buffer(blob).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Saves bytes to the user's device as a file: a temporary `<a download>`
/// over an object URL, clicked then removed.
pub fn download(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), FileError> {
    download_blob(filename, &blob_from_bytes(bytes, mime)?)
}

/// Saves a Blob to the user's device as a file (see [`download`]).
pub fn download_blob(filename: &str, blob: &Blob) -> Result<(), FileError> {
    let url = Url::create_object_url_with_blob(blob).map_err(from_js)?;
    let result = (|| {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(no_document)?;
        let a: HtmlAnchorElement = document
            .create_element("a")
            .map_err(from_js)?
            .unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.set_hidden(true);
        let body = document.body().ok_or_else(no_document)?;
        body.append_child(&a).map_err(from_js)?;
        a.click();
        a.remove();
        Ok(())
    })();
    // The download has started by the time click() returns (Chromium, Firefox).
    let _ = Url::revoke_object_url(&url);
    result
}

/// Opens an attachment in a new tab to view it. The object URL is revoked
/// after a minute: revoking at once can stop the new tab from loading it.
pub fn open_blob_in_new_tab(blob: &Blob) -> Result<(), FileError> {
    let url = Url::create_object_url_with_blob(blob).map_err(from_js)?;
    let window = web_sys::window().ok_or_else(no_document)?;
    let opened = window
        .open_with_url_and_target(&url, "_blank")
        .map_err(from_js)?;
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    if opened.is_none() {
        return Err(FileError::PopupBlocked);
    }
    Ok(())
}

/// A Blob's bytes as standard base64, made by the browser (a data URL) as a
/// JavaScript string: a 20 MB file never passes through wasm memory.
pub async fn blob_base64(blob: &Blob) -> Result<js_sys::JsString, FileError> {
    let reader = web_sys::FileReader::new().map_err(from_js)?;
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader.read_as_data_url(blob).map_err(from_js)?;
    JsFuture::from(done)
        .await
        .map_err(|_| FileError::Unreadable)?;
    let url: js_sys::JsString = reader.result().map_err(from_js)?.unchecked_into();
    // "data:<type>;base64,<data>": the data starts after the first comma.
    let comma = url.index_of(",", 0);
    if comma < 0 {
        return Err(FileError::Unreadable);
    }
    Ok(url.substring(comma as u32 + 1, url.length()))
}

/// The media type a file from a pack or request opens with: its own only
/// when the council allows that type (so a file cannot make the browser run
/// HTML or SVG from this page's origin, where drafts and keys live);
/// anything else opens as plain bytes.
pub fn safe_media_type(media_type: &str, settings: &Settings) -> String {
    if settings
        .attachments
        .allowed_media_types
        .iter()
        .any(|t| t == media_type)
    {
        media_type.to_owned()
    } else {
        "application/octet-stream".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_open_only_as_types_the_council_allows() {
        let settings = Settings::default();
        assert_eq!(safe_media_type("text/plain", &settings), "text/plain");
        assert_eq!(
            safe_media_type("application/pdf", &settings),
            "application/pdf"
        );
        for hostile in [
            "text/html",
            "image/svg+xml",
            "application/xhtml+xml",
            "TEXT/PLAIN",
            "",
        ] {
            assert_eq!(
                safe_media_type(hostile, &settings),
                "application/octet-stream",
                "{hostile}"
            );
        }
    }
}
