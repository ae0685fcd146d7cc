//! Installs the tools the build and tests need, once, at pinned versions.
//!
//! Every pin lives here or in a lockfile: Trunk's version below, the
//! wasm-bindgen CLI's from `Cargo.lock` (it must equal the library's), the npm
//! tools from `tools/package-lock.json` and `tests/e2e/package-lock.json`, and
//! the benchmark's peer form from `bench/peer-surveyjs/package-lock.json`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{run, version_of};
use crate::{root, Result};

/// Trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium and its driver, used by the browser tests and benchmarks.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Everything needed to build the release app.
pub fn ensure_build_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_std_source()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm_packages(&root().join("tools"))
}

/// Everything the browser tests and benchmarks need, on top of the build tools.
pub fn ensure_test_tools() -> Result<()> {
    ensure_build_tools()?;
    ensure_chromium()?;
    ensure_npm_packages(&root().join("tests/e2e"))
}

/// `PATH` with the pinned tools first: cargo-installed binaries and the npm
/// `wasm-opt` (Debian's binaryen is too old to read current wasm-bindgen output).
pub fn path_with_tools() -> OsString {
    let mut dirs = vec![root().join("tools/node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command whose `PATH` has the pinned tools first.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", path_with_tools()).current_dir(root());
    command
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    home.join("bin")
}

fn one_time(what: &str, how_long: &str) {
    println!("\n==> One-time set-up: installing {what} ({how_long}). Later runs skip this.");
}

fn ensure_wasm_target() -> Result<()> {
    ensure_rustup_part("target", WASM_TARGET, "the Rust WebAssembly target")
}

/// The standard library's source, which the release build compiles for size
/// with the app (`build::release_wasm`).
fn ensure_std_source() -> Result<()> {
    ensure_rustup_part(
        "component",
        "rust-src",
        "the Rust standard library's source",
    )
}

/// Adds a rustup `target` or `component` named `name`, unless it is there.
fn ensure_rustup_part(kind: &str, name: &str, what: &str) -> Result<()> {
    let installed = Command::new("rustup")
        .args([kind, "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == name)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    one_time(what, "under a minute");
    run(
        &format!("Adding {name}"),
        Command::new("rustup").args([kind, "add", name]),
    )
}

fn installed_version(program: &str) -> Option<String> {
    let path = cargo_bin().join(program);
    version_of(path.to_str()?).or_else(|| version_of(program))
}

fn ensure_trunk() -> Result<()> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if installed_version("trunk").as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    one_time(
        &format!("Trunk {TRUNK_VERSION}"),
        "about 10 minutes on 2 cores",
    );
    run(
        "Installing Trunk",
        Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]),
    )
}

/// The wasm-bindgen version in `Cargo.lock`, which the CLI must match exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn ensure_wasm_bindgen() -> Result<()> {
    let version = wasm_bindgen_version()?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{version}\", the version in Cargo.lock"
        ));
    }
    let wanted = format!("wasm-bindgen {version}");
    let have_cli = installed_version("wasm-bindgen").as_deref() == Some(wanted.as_str());
    let have_runner = cargo_bin().join("wasm-bindgen-test-runner").exists();
    if have_cli && have_runner {
        return Ok(());
    }
    one_time(
        &format!("the wasm-bindgen CLI {version}"),
        "about 3 minutes",
    );
    // Not --locked: its lockfile asks for a crate version the registry lacks.
    run(
        "Installing the wasm-bindgen CLI",
        Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]),
    )
}

/// Runs `npm ci` in `dir` when its `node_modules` is missing or older than its
/// lockfile.
pub fn ensure_npm_packages(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&lock), modified(&marker)) {
        (Some(lock), Some(marker)) => marker >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if version_of("npm").is_none() {
        return Err(
            "npm is missing. Install Node.js and npm: apt-get install -y nodejs npm".into(),
        );
    }
    let name = dir
        .strip_prefix(root())
        .unwrap_or(dir)
        .display()
        .to_string();
    one_time(&format!("the npm packages in {name}"), "under a minute");
    run(
        &format!("npm ci in {name}"),
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )
}

fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let install = "apt-get update && apt-get install -y chromium chromium-driver";
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return Err(format!(
            "the browser tests need Chromium and ChromeDriver. Run this, then try again:\n  sudo sh -c '{install}'"
        ));
    }
    one_time("Chromium and ChromeDriver from Debian", "about 30 seconds");
    run(
        "Installing Chromium",
        Command::new("sh").args(["-c", install]),
    )
}
