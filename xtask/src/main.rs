//! `cargo xtask`: the project's task runner. One Rust program sets up the
//! tools, builds, tests, serves and benchmarks the app, so a fresh machine
//! needs only the README's two commands.
//!
//! - `cargo xtask serve [--port N]`: set up, build the release app, serve it.
//! - `cargo xtask test`: set up, then every check and test, stopping at the
//!   first failure; ends with `N passed, N failed`.
//! - `cargo xtask dist`: the release build in `dist/`, with `.gz` and `.br` copies.
//! - `cargo xtask bench`: one JSON line per figure, then a table.
//! - `cargo xtask fuzz [--seconds N] [--keep] [TARGET...]`: run the fuzz targets.

mod bench;
mod bench_cli;
mod build;
mod csp;
mod dist;
mod fuzz;
mod imports;
mod offline;
mod process;
mod scripts;
mod serve;
mod styles;
mod test;
mod tidy;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  serve [--port N]   Set up (first run only), build the app and serve it on
                     http://127.0.0.1:8080 (or port N)
  test               Set up what the tests need, then run every check and test
  dist               Build the app into dist/ for the council's web host
  bench [cli]        Measure size and speed; one JSON line per figure
                     (cli: only the command-line figures, no browser)
  fuzz [--seconds N] [--keep] [TARGET...]
                     Fuzz esma-core's file readers, each target N seconds
                     (default 60); --keep updates the kept corpus fuzz/corpus
";

/// What went wrong, said plainly for the person at the terminal.
pub type Result<T> = std::result::Result<T, String>;

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => parse_port(&args[1..]).and_then(serve::run),
        Some("test") => test::run(),
        Some("dist") => dist::run(),
        Some("bench") => bench::run(args.get(1).map(String::as_str)),
        Some("fuzz") => fuzz::run_cli(&args[1..]),
        Some("--help" | "-h" | "help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command '{other}'.\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(8080),
        [flag, port] if flag == "--port" => port
            .parse()
            .map_err(|_| format!("--port needs a number from 1 to 65535, not '{port}'")),
        _ => Err(format!("serve takes only --port N.\n\n{USAGE}")),
    }
}
