//! Fills the Content-Security-Policy's script hash after Trunk's build.
//!
//! Trunk starts the app with a small inline `<script type="module">`. The CSP
//! allows no inline script except by its SHA-256, which is only known once the
//! build has named its files, so `index.html` carries a placeholder that this
//! module replaces.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::Result;

/// The placeholder in `index.html`'s CSP.
pub const PLACEHOLDER: &str = "'sha256-TRUNK-LOADER-HASH'";

/// Returns `html` with the placeholder replaced by the hashes of its inline
/// scripts.
pub fn fill_script_hashes(html: &str) -> Result<String> {
    if !html.contains(PLACEHOLDER) {
        return Err(format!(
            "index.html's Content-Security-Policy lacks {PLACEHOLDER}"
        ));
    }
    let hashes: Vec<String> = inline_scripts(html)
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    if hashes.is_empty() {
        return Err("the built index.html has no inline loader script to hash".into());
    }
    Ok(html.replace(PLACEHOLDER, &hashes.join(" ")))
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(start, _)| {
        let open_end = start + html[start..].find('>')?;
        let tag = &html[start..open_end];
        if tag.contains(" src=") {
            return None;
        }
        let body_start = open_end + 1;
        let body_end = body_start + html[body_start..].find("</script>")?;
        Some(&html[body_start..body_end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<meta content=\"script-src 'self' 'sha256-TRUNK-LOADER-HASH'\">\
        <script src=\"a.js\"></script><script type=\"module\">init()</script>";

    #[test]
    fn hashes_only_inline_scripts() {
        let filled = fill_script_hashes(PAGE).unwrap();
        // printf 'init()' | openssl dgst -sha256 -binary | base64
        assert!(
            filled.contains("'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8='"),
            "{filled}"
        );
        assert!(!filled.contains(PLACEHOLDER));
    }

    #[test]
    fn a_page_without_the_placeholder_is_an_error() {
        assert!(fill_script_hashes("<script>x</script>").is_err());
    }

    #[test]
    fn a_page_without_inline_scripts_is_an_error() {
        let page = "'sha256-TRUNK-LOADER-HASH'<script src=\"a.js\"></script>";
        assert!(fill_script_hashes(page).is_err());
    }
}
