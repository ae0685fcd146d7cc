//! The release build: the styles (`styles.rs`), then the pages with Trunk
//! and the pinned tools, merged into `dist/`, then each page's CSP hash and
//! the minified scripts (`scripts.rs`).
//!
//! The service is single-page apps, one per way in, and one for the school's
//! rarely used pages about the device (see `src/route.rs`), so each person
//! downloads only their own journey's code. `index.html` is
//! the one template: the other pages are made from it, differing only in the
//! binary they load.

use std::path::Path;
use std::process::Command;

use crate::process::run;
use crate::{csp, imports, offline, root, scripts, styles, tools, Result};

/// Each page and the binary of the root package it runs.
pub const PAGES: [(&str, &str); 5] = [
    ("index.html", "esma-app"),
    ("school.html", "school"),
    ("school-device.html", "school-device"),
    ("parent.html", "parent"),
    ("council.html", "council"),
];

/// The marker in `index.html` that names its binary.
const BIN_MARKER: &str = "data-bin=\"esma-app\"";
/// Where the journey pages ask for the council's settings early: the app
/// reads them before it is ready, and preloaded they arrive while the wasm
/// loads instead of after it (school.html ready 430 -> 270 ms, median of 9).
/// A one-line script then reads them too, while the wasm compiles, and
/// leaves the response and its text in the global the app looks for
/// (`EARLY_SETTINGS` in `src/settings.rs`): ready about 10 ms sooner. The CSP
/// allows it by its hash (`csp.rs`). The start page does not read them
/// (`NEEDS_SETTINGS` in `src/app.rs`).
const PRELOAD_MARKER: &str = "<!-- settings preload -->";
const SETTINGS_PRELOAD: &str = r#"<link rel="preload" href="settings.json" as="fetch" crossorigin>
    <script>window.esmaSettings = fetch("settings.json").then((r) => r.text().then((t) => [r, t])).catch(() => null);</script>"#;

/// What the build reads: when none of it changed since the last build, the
/// build is skipped, so a second `cargo xtask serve` starts in seconds.
const INPUTS: [&str; 11] = [
    "src",
    "xtask/src",
    "crates/esma-core/src",
    "crates/esma-core/Cargo.toml",
    "styles",
    "assets",
    "index.html",
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    "tools/package-lock.json",
];

/// Builds the release app into `dist/`, installing the build tools first if
/// they are missing.
pub fn release() -> Result<()> {
    tools::ensure_build_tools()?;
    let stamp = root().join("target/site/inputs-stamp");
    let inputs = inputs_stamp();
    let built = PAGES
        .iter()
        .all(|(page, _)| root().join("dist").join(page).is_file());
    if built && std::fs::read_to_string(&stamp).ok().as_deref() == Some(inputs.as_str()) {
        println!("dist/ is up to date with the sources: not rebuilding.");
        return Ok(());
    }
    build_all()?;
    write(&stamp, &inputs)
}

/// The newest modification time and the count of the build's input files.
fn inputs_stamp() -> String {
    fn walk(path: &Path, newest: &mut u128, count: &mut u64) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), newest, count);
            }
        } else if let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) {
            let nanos = modified
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            *newest = (*newest).max(nanos);
            *count += 1;
        }
    }
    let (mut newest, mut count) = (0, 0);
    for input in INPUTS {
        walk(&root().join(input), &mut newest, &mut count);
    }
    format!("{newest} {count}")
}

fn build_all() -> Result<()> {
    // Trunk builds offline (Trunk.toml), so fetch any new crates first.
    run(
        "Fetching crates",
        tools::command("cargo").args(["fetch", "--quiet"]),
    )?;
    // All the binaries in one cargo run, so both cores work on them; Trunk's
    // own cargo runs below then find them built.
    run(
        "Building the app's binaries",
        release_wasm(&mut tools::command("cargo")).args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "esma-app",
            "--bins",
        ]),
    )?;
    let template = read(&root().join("index.html"))?;
    for marker in [BIN_MARKER, PRELOAD_MARKER] {
        if !template.contains(marker) {
            return Err(format!("index.html lacks {marker}"));
        }
    }
    // Each page's styles keep the classes it can set: those in the template
    // and in its binary's text (`styles.rs`).
    if !template.contains(styles::TEMPLATE_STYLES) {
        return Err(format!("index.html lacks {}", styles::TEMPLATE_STYLES));
    }
    let mut corpora = Vec::new();
    for (page, bin) in PAGES {
        let wasm = root().join(format!("target/wasm32-unknown-unknown/release/{bin}.wasm"));
        let mut corpus = template.clone().into_bytes();
        corpus.extend(std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?);
        corpora.push((page, corpus));
    }
    styles::build(&corpora)?;
    let dist = root().join("dist");
    let staging = root().join("target/site");
    let _ = std::fs::remove_dir_all(&dist);
    let _ = std::fs::create_dir_all(&staging);
    for (page, bin) in PAGES {
        if page != "index.html" {
            // Generated beside index.html so relative paths stay the same.
            write(
                &root().join(page),
                &template
                    .replace(BIN_MARKER, &format!("data-bin=\"{bin}\""))
                    .replace(PRELOAD_MARKER, SETTINGS_PRELOAD)
                    .replace(styles::TEMPLATE_STYLES, &styles::path_for(page)),
            )?;
        }
        let out = staging.join(page.trim_end_matches(".html"));
        run(
            &format!("Building {page}"),
            release_wasm(&mut tools::command("trunk"))
                .args([
                    "build",
                    page,
                    "--release",
                    "true",
                    "--html-output",
                    page,
                    "--dist",
                ])
                .arg(&out)
                .env("TRUNK_SKIP_VERSION_CHECK", "true"),
        )?;
        copy_dir(&out, &dist)?;
    }
    imports::shorten(&dist)?;
    scripts::minify(&dist)?;
    scripts::name_by_content(&dist)?;
    for (page, _) in PAGES {
        let built = dist.join(page);
        write(&built, &csp::fill_script_hashes(&read(&built)?)?)?;
    }
    offline::write_service_worker(&dist)?;
    scripts::minify_worker(&dist)
}

/// Cargo, or Trunk's own cargo, building the pages' wasm: the standard
/// library is compiled with the app, for size (`optimize_for_size`), and a
/// panic stops the page at once instead of formatting its message. The
/// prebuilt library is built for speed and carries that formatting: 17–31
/// KB gzip more on each journey page, 13 KB on the start page (30 November
/// 2026). The cost: a panic in the release build no longer writes its
/// message to the browser's console (Yew's hook); debug builds, which the
/// wasm tests run, still do. `-Zfmt-debug=none` leaves out all `Debug`
/// formatting, which no page shows (only tests and panics print it): 3 KB
/// gzip less on the council's and the parent's pages (1 December 2026).
/// Stable rustc takes these unstable options with `RUSTC_BOOTSTRAP=1`, as
/// the fuzzing already does; should a later toolchain rename them, this
/// build fails rather than grow.
fn release_wasm(command: &mut Command) -> &mut Command {
    command
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none",
        )
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Copies every file below `from` into `to`. The pages share some files (the
/// styles, the favicon): the same name means the same content (names carry a
/// hash), so a later copy overwrites an identical one.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The page's script and the app name the same global.
    #[test]
    fn the_early_settings_script_fills_the_global_the_app_reads() {
        let app = std::fs::read_to_string(crate::root().join("src/settings.rs")).unwrap();
        assert!(app.contains("pub const EARLY_SETTINGS: &str = \"esmaSettings\";"));
        assert!(super::SETTINGS_PRELOAD
            .contains("<script>window.esmaSettings = fetch(\"settings.json\")"));
    }
}
