//! Writes the service worker (`dist/sw.js`) from `assets/sw.js`: the list of
//! every file the site serves, and a version that changes whenever any of
//! them does, so each deploy of a new build is a new worker (see DESIGN.md,
//! "Offline").

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{root, Result};

const TEMPLATE: &str = "assets/sw.js";
const OUTPUT: &str = "sw.js";

/// Writes `dist/sw.js` for the files now in `dist`.
pub fn write_service_worker(dist: &Path) -> Result<()> {
    let template = std::fs::read_to_string(root().join(TEMPLATE))
        .map_err(|e| format!("cannot read {TEMPLATE}: {e}"))?;
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
    let list = serde_json::to_string(&files).map_err(|e| e.to_string())?;
    let script = fill(&template, &version, &list)?;
    std::fs::write(dist.join(OUTPUT), script).map_err(|e| format!("cannot write sw.js: {e}"))
}

fn fill(template: &str, version: &str, files: &str) -> Result<String> {
    for placeholder in ["'__ESMA_VERSION__'", "__ESMA_FILES__"] {
        if !template.contains(placeholder) {
            return Err(format!("{TEMPLATE} lacks {placeholder}"));
        }
    }
    Ok(template
        .replace("'__ESMA_VERSION__'", &format!("'{version}'"))
        .replace("__ESMA_FILES__", files))
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

    #[test]
    fn lists_every_served_file_and_versions_them_by_content() {
        let dist = std::env::temp_dir().join(format!("esma-sw-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(dist.join("fonts")).unwrap();
        std::fs::write(dist.join("index.html"), "a").unwrap();
        std::fs::write(dist.join("index.html.gz"), "z").unwrap();
        std::fs::write(dist.join("fonts/x.woff2"), "f").unwrap();
        write_service_worker(&dist).unwrap();
        let first = std::fs::read_to_string(dist.join(OUTPUT)).unwrap();
        assert!(first.contains(r#"const FILES = ["fonts/x.woff2","index.html"];"#));
        // Writing it again (sw.js now exists) gives the same worker...
        write_service_worker(&dist).unwrap();
        assert_eq!(std::fs::read_to_string(dist.join(OUTPUT)).unwrap(), first);
        // ...and any change to a file gives a new version.
        std::fs::write(dist.join("index.html"), "b").unwrap();
        write_service_worker(&dist).unwrap();
        let second = std::fs::read_to_string(dist.join(OUTPUT)).unwrap();
        assert_ne!(second, first);
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
