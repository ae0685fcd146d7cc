//! The command-line figures of `cargo xtask bench`: the release
//! `esma-referral` on hostile files (issue 12's budget: peak memory at most
//! 3 × the file's size + 50 MB, at most 1 s per 10 MB and 1 s for anything
//! smaller), and how many ordinary packs `verify` checks per second of
//! processor time in one process (one core).
//!
//! The inputs come from `crates/esma-cli/examples/bench_inputs.rs`. Each run
//! is one child process whose peak resident memory comes from `wait4`, so
//! the figure is the program's own, file included. The budget is reported
//! as a ratio (1.0 = at the budget): absolute times on this machine swing
//! with the load, the ratio of memory does not. The same budget is held
//! deterministically by `crates/esma-core/tests/bounded_cost.rs`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};

use crate::process::run;
use crate::{root, tools, Result};

/// How many ordinary packs `verify` checks in one run.
const PACKS: usize = 2_000;

/// One run of the CLI: wall-clock and processor seconds, and peak
/// resident bytes.
struct Run {
    seconds: f64,
    cpu_seconds: f64,
    peak_bytes: u64,
    code: i32,
}

pub fn figures() -> Result<Vec<Value>> {
    run(
        "building the release CLI and the bench inputs",
        tools::command("cargo").args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "esma-cli",
            "--bin",
            "esma-referral",
            "--example",
            "bench_inputs",
        ]),
    )?;
    let release = root().join("target/release");
    let dir = root().join("target/bench-inputs");
    run(
        "making the bench inputs",
        Command::new(release.join("examples/bench_inputs"))
            .arg(&dir)
            .arg(PACKS.to_string()),
    )?;
    let cli = release.join("esma-referral");
    let mut figures = Vec::new();
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("hostile/index.json")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let mut worst_memory: f64 = 0.0;
    let mut worst_time: f64 = 0.0;
    let scratch = dir.join("out");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    for entry in index.as_array().into_iter().flatten() {
        let file = entry["file"].as_str().unwrap_or_default();
        let bytes = entry["bytes"].as_u64().unwrap_or(0);
        let path = dir.join("hostile").join(file);
        let mut command = Command::new(&cli);
        match entry["command"].as_str().unwrap_or_default() {
            "verify" => command
                .args(["verify", "--run-rules", "--today", "2026-11-28"])
                .arg(&path),
            "check" => command.args(["check", "--today", "2026-11-28"]).arg(&path),
            _ => command
                .args(["consent-respond", "--decision", "given"])
                .args(["--name", "A", "--relationship", "B", "--out"])
                .arg(scratch.join("response.json"))
                .arg(&path),
        };
        let r = measure(&mut command)?;
        let memory_budget = 3.0 * bytes as f64 + 50e6;
        let time_budget = (bytes as f64 / 10e6).max(1.0);
        let memory = r.peak_bytes as f64 / memory_budget;
        let time = r.seconds / time_budget;
        worst_memory = worst_memory.max(memory);
        worst_time = worst_time.max(time);
        let name: String = file
            .trim_end_matches(".json")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        println!(
            "  {file}: {bytes} bytes, exit {}, {:.3} s, peak {:.1} MB ({memory:.2} of the memory budget, {time:.2} of the time budget)",
            r.code,
            r.seconds,
            r.peak_bytes as f64 / 1e6
        );
        figures.push(
            json!({"metric": format!("hostile_{name}_ms"), "value": r.seconds * 1e3, "unit": "ms"}),
        );
        figures.push(json!({"metric": format!("hostile_{name}_peak_mb"), "value": r.peak_bytes as f64 / 1e6, "unit": "MB"}));
    }
    figures.push(
        json!({"metric": "hostile_worst_memory_ratio", "value": worst_memory, "unit": "ratio"}),
    );
    figures
        .push(json!({"metric": "hostile_worst_time_ratio", "value": worst_time, "unit": "ratio"}));

    // Ordinary packs (the complete fixture, about 12 KB each, one trusted
    // school), all verified by one process on one core.
    let packs = dir.join("packs");
    let size = average_size(&packs)?;
    let r = measure(
        Command::new(&cli)
            .args(["verify", "--today", "2026-11-28", "--trusted"])
            .arg(dir.join("trusted-keys.json"))
            .arg(&packs),
    )?;
    if r.code != 0 {
        return Err(format!("verify of the ordinary packs exited {}", r.code));
    }
    // Per second of processor time: one core's work, whatever else the
    // machine is doing (the wall clock is printed too).
    let per_s = PACKS as f64 / r.cpu_seconds;
    println!(
        "  {PACKS} packs of {size} bytes on average: {:.2} s of processor time ({:.2} s on the clock), {per_s:.0} packs/s, peak {:.1} MB",
        r.cpu_seconds,
        r.seconds,
        r.peak_bytes as f64 / 1e6
    );
    figures.push(json!({"metric": "verify_packs_per_s", "value": per_s, "unit": "packs/s"}));
    figures.push(json!({"metric": "verify_pack_bytes", "value": size, "unit": "bytes"}));
    Ok(figures)
}

/// The average size of the files in `dir`.
fn average_size(dir: &Path) -> Result<u64> {
    let sizes: Vec<u64> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.metadata().ok().map(|m| m.len()))
        .collect();
    Ok(sizes.iter().sum::<u64>() / sizes.len().max(1) as u64)
}

/// Run `command` (output discarded) and wait for it with `wait4`, which
/// gives that one child's peak resident memory.
fn measure(command: &mut Command) -> Result<Run> {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start {:?}: {e}", command.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    if waited != pid {
        return Err(format!("waiting for {:?} failed", command.get_program()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Run {
        seconds,
        cpu_seconds: time(usage.ru_utime) + time(usage.ru_stime),
        // ru_maxrss is in kilobytes on Linux.
        peak_bytes: usage.ru_maxrss as u64 * 1024,
        code,
    })
}
