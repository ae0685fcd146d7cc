//! `cargo xtask test`: every check and test, in order, stopping at the first
//! failure. It ends with one line, `N passed, N failed`, counting the tests of
//! every runner.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::process::{self, run_capturing};
use crate::{build, root, serve, tools, Result};

/// Tests passed and failed so far, over every runner.
#[derive(Default, Debug, PartialEq)]
struct Tally {
    passed: u64,
    failed: u64,
}

pub fn run() -> Result<()> {
    tools::ensure_test_tools()?;
    let scratch = scratch_folder()?;
    let mut tally = Tally::default();
    let result = run_steps(&mut tally);
    if result.is_ok() {
        // Kept after a failure, to look at; emptied by the next run anyway.
        let _ = fs::remove_dir_all(&scratch);
    }
    if let Err(message) = &result {
        eprintln!("\nStopped: {message}");
    }
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    result.map_err(|_| "the tests did not all pass".to_owned())
}

/// Every temporary file of a run goes in one folder that each run empties
/// first: chromedriver leaves each browser's profile behind (about 50 MB per
/// browser test binary), and the end-to-end tests write files too. Before
/// this, every run left 200 MB in /tmp, and a machine's disk filled.
fn scratch_folder() -> Result<PathBuf> {
    let scratch = root().join("target/test-scratch");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(|e| format!("cannot make {}: {e}", scratch.display()))?;
    // Inherited by every command the run starts: Chromium, chromedriver,
    // node and the Rust tests all take their temporary folder from it.
    // Set before the run starts any thread.
    std::env::set_var("TMPDIR", &scratch);
    Ok(scratch)
}

fn run_steps(tally: &mut Tally) -> Result<()> {
    let cargo = || tools::command("cargo");
    step("Formatting (cargo fmt --check)");
    process::run(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )
    .map_err(|e| format!("{e}: run 'cargo fmt --all' to fix the formatting"))?;

    step("Lints, native (clippy, warnings denied)");
    process::run(
        "clippy (native)",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;

    step("Lints, WebAssembly (clippy, warnings denied)");
    // The app with its browser tests, and the domain crate as the app ships it.
    for scope in [
        ["-p", "esma-app", "--all-targets"],
        ["-p", "esma-core", "--lib"],
    ] {
        process::run(
            "clippy (wasm32)",
            cargo()
                .args(["clippy", "--target", WASM])
                .args(scope)
                .args(["--", "-D", "warnings"]),
        )?;
    }

    step("Native tests");
    counted(tally, "native tests", cargo().args(["test", "--workspace"]))?;

    step("Browser tests (wasm-bindgen-test in headless Chromium)");
    // --lib --tests: doc tests run natively above, not again here.
    counted(
        tally,
        "browser tests",
        cargo()
            .args([
                "test", "--target", WASM, "-p", "esma-app", "--lib", "--tests",
            ])
            .env("CHROMEDRIVER", tools::CHROMEDRIVER),
    )?;

    step("Release build");
    build::release()?;

    step("End-to-end tests (Playwright, Chromium, axe-core)");
    // The tests check packs with the council's command-line verifier too,
    // and the council page with the hostile packs the bench's maker writes.
    process::run(
        "Building esma-referral and the hostile inputs' maker",
        cargo().args([
            "build",
            "--quiet",
            "-p",
            "esma-cli",
            "--bins",
            "--example",
            "bench_inputs",
        ]),
    )?;
    let base_url = serve::spawn(root().join("dist"))?;
    counted(tally, "end-to-end tests", &mut e2e_command(&base_url))
}

const WASM: &str = "wasm32-unknown-unknown";

/// Node's test runner over `tests/e2e`, against the app served at `base_url`.
fn e2e_command(base_url: &str) -> Command {
    let mut command = node_against(base_url);
    command
        .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .arg("tests/e2e/");
    command
}

/// Node, told where the app is served and where Chromium is.
pub fn node_against(base_url: &str) -> Command {
    let mut command = tools::command("node");
    command
        .env("BASE_URL", base_url)
        .env("CHROMIUM", tools::CHROMIUM);
    command
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Runs a test command, adds its counts to the tally, and fails if it failed.
fn counted(tally: &mut Tally, what: &str, command: &mut Command) -> Result<()> {
    let (result, output) = run_capturing(what, command);
    let counts = count(&output);
    tally.passed += counts.passed;
    tally.failed += counts.failed;
    if result.is_ok() && counts.passed == 0 {
        return Err(format!("{what} ran no tests"));
    }
    result
}

/// Counts results in what cargo test, wasm-bindgen-test-runner and node's TAP
/// reporter print.
fn count(output: &str) -> Tally {
    let mut tally = Tally::default();
    for line in output.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            // "test result: ok. 12 passed; 0 failed; 0 ignored; …"
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                if let (Some(n), Some(kind)) = (words.next(), words.next()) {
                    match (n.parse::<u64>(), kind) {
                        (Ok(n), "passed") => tally.passed += n,
                        (Ok(n), "failed") => tally.failed += n,
                        _ => {}
                    }
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            tally.passed += n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            tally.failed += n.trim().parse().unwrap_or(0);
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_node_results() {
        let output = "\
test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s
test result: FAILED. 3 passed; 2 failed; 0 ignored
# tests 5
# pass 4
# fail 1
";
        assert_eq!(
            count(output),
            Tally {
                passed: 19,
                failed: 3
            }
        );
    }

    #[test]
    fn counts_nothing_in_other_output() {
        assert_eq!(
            count("Compiling esma-core\nrunning 0 tests\n"),
            Tally::default()
        );
    }
}
