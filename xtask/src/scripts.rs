//! The pages' scripts (wasm-bindgen's glue, one per page) minified with
//! Terser after Trunk's build, and the pages' integrity hashes for them
//! made again.
//!
//! Trunk's own minifier breaks this glue, so Trunk leaves it as written:
//! 35–63 KB each, 7–10 KB gzip. Terser's `--module` mode keeps every import
//! and export name (the wasm finds its imports by name) and renames only what
//! is local. Measured on 30 November 2026: school's 10.4 KB gzip became 8.2.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

use crate::build::PAGES;
use crate::process::run;
use crate::{tools, Result};

/// Minifies every page script in `dist` (not the service worker, which
/// `offline.rs` writes later) and updates the pages that name it.
pub fn minify(dist: &Path) -> Result<()> {
    let mut minified = Vec::new();
    for script in page_scripts(dist)? {
        let path = dist.join(&script);
        minify_file(&path, true)?;
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        minified.push((script, bytes));
    }
    set_integrity(dist, &minified)
}

/// Sets, in every page, the `integrity` of the element naming each of
/// `files` (name and new bytes).
pub fn set_integrity(dist: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    edit_pages(dist, |mut html| {
        for (file, bytes) in files {
            if let Some(updated) = with_integrity(&html, file, bytes) {
                html = updated;
            }
        }
        html
    })
}

/// Rewrites every page in `dist` with `edit`.
fn edit_pages(dist: &Path, edit: impl Fn(String) -> String) -> Result<()> {
    for (page, _) in PAGES {
        let page = dist.join(page);
        let html = std::fs::read_to_string(&page)
            .map_err(|e| format!("cannot read {}: {e}", page.display()))?;
        std::fs::write(&page, edit(html))
            .map_err(|e| format!("cannot write {}: {e}", page.display()))?;
    }
    Ok(())
}

/// Minifies the service worker, once `offline.rs` has written it: every
/// first visit downloads it (its comments are in `assets/sw.js`). 2.6 KB
/// gzip became 1.3 on 30 November 2026.
pub fn minify_worker(dist: &Path) -> Result<()> {
    minify_file(&dist.join("sw.js"), false)
}

/// Names each page's script and wasm after a hash of their final bytes.
/// Trunk named them after what it built, and the steps after it (short
/// import names, Terser) change both. The service worker takes a file whose
/// name carries a hash from the browser's HTTP cache, so one name must never
/// stand for two contents: an older glue with a newer wasm would not start.
/// Run before the pages' script hashes are filled in, as it renames what
/// their loaders import.
pub fn name_by_content(dist: &Path) -> Result<()> {
    let mut renames = Vec::new();
    for script in page_scripts(dist)? {
        let stem = script.trim_end_matches(".js");
        let Some((name, _trunks_hash)) = stem.rsplit_once('-') else {
            return Err(format!("{script} is not named by its content"));
        };
        let mut hasher = sha2::Sha256::new();
        for file in [script.clone(), format!("{stem}_bg.wasm")] {
            let path = dist.join(&file);
            hasher.update(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        let hash: String = hasher.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let new_stem = format!("{name}-{hash}");
        for suffix in [".js", "_bg.wasm"] {
            let (from, to) = (format!("{stem}{suffix}"), format!("{new_stem}{suffix}"));
            std::fs::rename(dist.join(&from), dist.join(&to))
                .map_err(|e| format!("cannot rename {from}: {e}"))?;
        }
        renames.push((stem.to_owned(), new_stem));
    }
    edit_pages(dist, |mut html| {
        for (old, new) in &renames {
            html = html.replace(&format!("./{old}"), &format!("./{new}"));
        }
        html
    })
}

/// The pages' scripts in `dist` (wasm-bindgen's glue), not the service worker.
pub fn page_scripts(dist: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut scripts: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".js") && name != "sw.js")
        .collect();
    scripts.sort();
    Ok(scripts)
}

/// Minifies one script in place; a module keeps its top-level names, which
/// others import.
fn minify_file(path: &Path, module: bool) -> Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut terser = tools::command("node");
    terser
        .arg("tools/node_modules/terser/bin/terser")
        .arg(path)
        .args(["--compress", "--mangle", "--output"])
        .arg(path);
    if module {
        terser.arg("--module");
    }
    run(&format!("Minifying {name}"), &mut terser)
}

/// `html` with the `integrity` of the element naming `./{file}` set for
/// `bytes`, or `None` when no element names it with an integrity.
fn with_integrity(html: &str, file: &str, bytes: &[u8]) -> Option<String> {
    let href = format!("href=\"./{file}\"");
    let at = html.find(&href)?;
    let tag_end = at + html[at..].find('>')?;
    let start = at + html[at..tag_end].find("integrity=\"")? + "integrity=\"".len();
    let end = start + html[start..].find('"')?;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes));
    Some(format!("{}sha384-{hash}{}", &html[..start], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integrity_follows_the_new_bytes() {
        let html = "<link rel=\"modulepreload\" href=\"./a-1.js\" crossorigin=\"anonymous\" \
                    integrity=\"sha384-old\"><link href=\"./b-2.js\" integrity=\"sha384-old\">";
        let updated = with_integrity(html, "a-1.js", b"abc").unwrap();
        // printf abc | openssl dgst -sha384 -binary | base64
        assert!(updated.contains(
            "href=\"./a-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn\""
        ));
        assert!(updated.ends_with("<link href=\"./b-2.js\" integrity=\"sha384-old\">"));
        assert_eq!(with_integrity(html, "c-3.js", b"abc"), None);
    }
}
