//! Writes the service worker (`dist/sw.js`) from `assets/sw.js`: each page's
//! files (its journey, which the worker keeps for offline use once the page
//! is opened), which files are named by their content's hash, and a version
//! that changes whenever any file does, so each deploy of a new build is a
//! new worker (see DESIGN.md, "Offline").

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::build::PAGES;
use crate::{root, Result};

const TEMPLATE: &str = "assets/sw.js";
const OUTPUT: &str = "sw.js";
const PLACEHOLDERS: [&str; 3] = ["'__ESMA_VERSION__'", "__ESMA_JOURNEYS__", "__ESMA_HASHED__"];

/// Writes `dist/sw.js` for the files now in `dist`.
pub fn write_service_worker(dist: &Path) -> Result<()> {
    let template = std::fs::read_to_string(root().join(TEMPLATE))
        .map_err(|e| format!("cannot read {TEMPLATE}: {e}"))?;
    let pages: Vec<&str> = PAGES.iter().map(|(page, _)| *page).collect();
    let script = worker_for(dist, &template, &pages)?;
    std::fs::write(dist.join(OUTPUT), script).map_err(|e| format!("cannot write sw.js: {e}"))
}

fn worker_for(dist: &Path, template: &str, pages: &[&str]) -> Result<String> {
    let mut files = Vec::new();
    site_files(dist, dist, &mut files)?;
    files.sort();
    let mut version = Sha256::new();
    for file in &files {
        let bytes =
            std::fs::read(dist.join(file)).map_err(|e| format!("cannot read {file}: {e}"))?;
        version.update(file.as_bytes());
        version.update([0]);
        version.update(Sha256::digest(&bytes));
    }
    let version: String = version.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let journeys = journeys(dist, pages, &files)?;
    let hashed: Vec<&String> = files.iter().filter(|f| named_by_content(f)).collect();
    let journeys = serde_json::to_string(&journeys).map_err(|e| e.to_string())?;
    let hashed = serde_json::to_string(&hashed).map_err(|e| e.to_string())?;
    fill(template, &version, &journeys, &hashed)
}

/// Each page's files: the page, every file its HTML names (its script, wasm,
/// styles, icon), and every file no page names, which the app fetches as it
/// runs (the council's settings and trusted keys): every journey keeps those.
fn journeys(
    dist: &Path,
    pages: &[&str],
    files: &[String],
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in pages {
        let html = std::fs::read_to_string(dist.join(page))
            .map_err(|e| format!("cannot read {page}: {e}"))?;
        let own = files
            .iter()
            .filter(|file| file.as_str() == *page || names(&html, file))
            .cloned()
            .collect();
        named.insert((*page).to_owned(), own);
    }
    let by_no_page: Vec<String> = files
        .iter()
        .filter(|file| !named.values().flatten().any(|f| f == *file))
        .cloned()
        .collect();
    for own in named.values_mut() {
        own.extend(by_no_page.iter().cloned());
        own.sort();
    }
    Ok(named)
}

/// Whether `html` names `file` as a link or script would: quoted, perhaps
/// after `./`.
fn names(html: &str, file: &str) -> bool {
    ["\"", "'", "\"./", "'./"].iter().any(|open| {
        let close = &open[..1];
        html.contains(&format!("{open}{file}{close}"))
    })
}

/// Whether a file's name carries a hash of its content, as Trunk names the
/// scripts, wasm and styles (`school-0123456789abcdef_bg.wasm`): such a file
/// never changes under its name. Trunk writes the 64-bit hash in hex without
/// leading zeros, so it can be shorter than 16 digits.
fn named_by_content(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn fill(template: &str, version: &str, journeys: &str, hashed: &str) -> Result<String> {
    for placeholder in PLACEHOLDERS {
        if !template.contains(placeholder) {
            return Err(format!("{TEMPLATE} lacks {placeholder}"));
        }
    }
    Ok(template
        .replace("'__ESMA_VERSION__'", &format!("'{version}'"))
        .replace("__ESMA_JOURNEYS__", journeys)
        .replace("__ESMA_HASHED__", hashed))
}

/// Paths relative to `dist`, with `/`, of every file the site serves: not the
/// worker itself, and not the precompressed copies (`cargo xtask dist`).
fn site_files(dist: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            site_files(dist, &path, out)?;
            continue;
        }
        let relative = path
            .strip_prefix(dist)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let compressed = matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br"));
        if relative != OUTPUT && !compressed {
            out.push(relative);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "const VERSION = '__ESMA_VERSION__';\nconst JOURNEYS = __ESMA_JOURNEYS__;\nconst HASHED = __ESMA_HASHED__;\n";

    #[test]
    fn each_page_keeps_its_own_files_and_those_the_app_fetches() {
        let dist = std::env::temp_dir().join(format!("esma-sw-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(dist.join("fonts")).unwrap();
        let files = [
            ("a.html", "<link href=\"./s-0123456789abcdef.css\"><script>import './a-00000000000000aa.js'</script><!-- settings -->"),
            ("b.html", "<link href=\"./s-0123456789abcdef.css\"><link href=\"b-00000000000000bb_bg.wasm\">"),
            ("s-0123456789abcdef.css", "css"),
            ("a-00000000000000aa.js", "a"),
            ("b-00000000000000bb_bg.wasm", "b"),
            ("settings.json", "{}"),
            ("settings.json.gz", "z"),
            ("fonts/x.woff2", "f"),
        ];
        for (name, text) in files {
            std::fs::write(dist.join(name), text).unwrap();
        }
        let first = worker_for(&dist, TEMPLATE, &["a.html", "b.html"]).unwrap();
        assert!(first.contains(concat!(
            r#"const JOURNEYS = {"a.html":["a-00000000000000aa.js","a.html","fonts/x.woff2","s-0123456789abcdef.css","settings.json"],"#,
            r#""b.html":["b-00000000000000bb_bg.wasm","b.html","fonts/x.woff2","s-0123456789abcdef.css","settings.json"]};"#
        )), "{first}");
        assert!(first.contains(
            r#"const HASHED = ["a-00000000000000aa.js","b-00000000000000bb_bg.wasm","s-0123456789abcdef.css"];"#
        ), "{first}");
        // The same files give the same worker; any change gives a new version.
        assert_eq!(
            worker_for(&dist, TEMPLATE, &["a.html", "b.html"]).unwrap(),
            first
        );
        std::fs::write(dist.join("settings.json"), "{\"x\":1}").unwrap();
        assert_ne!(
            worker_for(&dist, TEMPLATE, &["a.html", "b.html"]).unwrap(),
            first
        );
        std::fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn only_trunks_hashed_names_are_named_by_content() {
        assert!(named_by_content("school-c522ef84022fbc3b_bg.wasm"));
        assert!(named_by_content("app-6db1630dda2d751f.css"));
        assert!(named_by_content("council-6897a29fb64ae7.js"));
        assert!(!named_by_content("school.html"));
        assert!(!named_by_content("trusted-keys.json"));
        assert!(!named_by_content("x-c522ef8.js"));
    }
}
