//! `cargo xtask fuzz [--seconds N] [--keep] [TARGET...]`: run the libFuzzer
//! targets in `fuzz/` one after another, one process each (the machine is
//! shared), and say which crashed and where the crash input is.
//!
//! Each target reads the kept corpus `fuzz/corpus/<target>/` and writes what
//! it finds to `fuzz/target/corpus/<target>/` (ignored by git), so a run
//! leaves the tree clean. `--keep` then replaces `fuzz/corpus/<target>/` by
//! a small set of files from both that covers the same edges, to commit.
//!
//! Needs cargo-fuzz (installed here on first use) and libFuzzer's compiler
//! flags: the nightly toolchain when the machine has one, otherwise the
//! stable one with `RUSTC_BOOTSTRAP=1` (stable ships the sanitizer runtimes;
//! these machines cannot fetch another toolchain).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use crate::process::{run, version_of};
use crate::{root, Result};

/// The cargo-fuzz release installed when it is missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
const DEFAULT_SECONDS: u64 = 60;
/// A single input slower than this is a failure (a "timeout" artifact).
const INPUT_TIMEOUT_SECONDS: u64 = 10;
/// Memory for the whole process; one allocation over this is a failure too.
const RSS_LIMIT_MB: u64 = 2048;

struct Options {
    seconds: u64,
    keep: bool,
    targets: Vec<String>,
}

/// What one target's run found.
struct Outcome {
    target: String,
    stats: Stats,
    /// The crash, timeout or out-of-memory input, if the run failed.
    failure: Option<Failure>,
}

struct Failure {
    input: Option<PathBuf>,
    log: PathBuf,
}

#[derive(Default)]
struct Stats {
    runs: Option<u64>,
    execs_per_sec: Option<u64>,
    coverage: Option<u64>,
    features: Option<u64>,
    corpus: Option<String>,
}

pub fn run_cli(args: &[String]) -> Result<()> {
    let options = parse_args(args)?;
    ensure_fuzz_tools()?;
    let fuzz = root().join("fuzz");
    build(&fuzz)?;
    let mut outcomes = Vec::new();
    for target in &options.targets {
        outcomes.push(fuzz_one(&fuzz, target, options.seconds)?);
        if options.keep {
            keep(&fuzz, target)?;
        }
    }
    print_summary(&outcomes);
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {} fuzz targets failed: {}",
            failed.len(),
            outcomes.len(),
            failed
                .iter()
                .map(|o| o.target.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

fn parse_args(args: &[String]) -> Result<Options> {
    let all = targets()?;
    let mut options = Options {
        seconds: DEFAULT_SECONDS,
        keep: false,
        targets: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let n = args.next().ok_or("--seconds needs a number")?;
                options.seconds =
                    n.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        format!("--seconds needs a whole number above 0, not '{n}'")
                    })?;
            }
            "--keep" => options.keep = true,
            name if all.iter().any(|t| t == name) => options.targets.push(name.to_owned()),
            other => {
                return Err(format!(
                    "'{other}' is not a fuzz target. The targets are: {}",
                    all.join(", ")
                ))
            }
        }
    }
    if options.targets.is_empty() {
        options.targets = all;
    }
    Ok(options)
}

/// The targets, as `fuzz/Cargo.toml` lists them (`[[bin]] name = "…"`).
fn targets() -> Result<Vec<String>> {
    let path = root().join("fuzz/Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .filter(|name| name != "esma-fuzz")
        .collect())
}

/// `cargo fuzz` needs unstable compiler flags: nightly when the machine has
/// it, else stable allowed to take them.
fn have_nightly() -> bool {
    static HAVE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *HAVE.get_or_init(|| {
        Command::new("rustup")
            .args(["toolchain", "list"])
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.starts_with("nightly"))
            })
            .unwrap_or(false)
    })
}

/// `cargo +nightly …` (or `cargo +stable …` with `RUSTC_BOOTSTRAP=1`) in
/// `fuzz/`, without the variables `cargo xtask` set, so cargo-fuzz finds that
/// toolchain's cargo.
fn fuzz_cargo(fuzz: &Path) -> Command {
    let mut command = crate::tools::command("cargo");
    command
        .current_dir(fuzz)
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC");
    if have_nightly() {
        command.arg("+nightly");
    } else {
        command.arg("+stable").env("RUSTC_BOOTSTRAP", "1");
    }
    command
}

fn one_time(what: &str, how_long: &str) {
    println!("\n==> One-time set-up: installing {what} ({how_long}). Later runs skip this.");
}

fn ensure_fuzz_tools() -> Result<()> {
    if !have_nightly() {
        println!("No nightly toolchain here: fuzzing with stable and RUSTC_BOOTSTRAP=1.");
    }
    let installed = version_of("cargo-fuzz")
        .or_else(|| {
            let path = crate::tools::path_with_tools();
            std::env::split_paths(&path)
                .map(|d| d.join("cargo-fuzz"))
                .find(|p| p.exists())
                .and_then(|p| version_of(p.to_str()?))
        })
        .is_some();
    if installed {
        return Ok(());
    }
    one_time(
        &format!("cargo-fuzz {CARGO_FUZZ_VERSION}"),
        "about 3 minutes on 2 cores",
    );
    run(
        "Installing cargo-fuzz",
        Command::new("cargo").args([
            "install",
            "--locked",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
        ]),
    )
}

fn build(fuzz: &Path) -> Result<()> {
    run(
        "Building the fuzz targets",
        fuzz_cargo(fuzz).args(["fuzz", "build"]),
    )
}

fn fuzz_one(fuzz: &Path, target: &str, seconds: u64) -> Result<Outcome> {
    let kept = fuzz.join("corpus").join(target);
    let found = fuzz.join("target/corpus").join(target);
    let logs = fuzz.join("target/logs");
    let artifacts = fuzz.join("artifacts").join(target);
    for dir in [&kept, &found, &logs, &artifacts] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let log = logs.join(format!("{target}.log"));
    let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    println!(
        "\n==> Fuzzing {target} for {seconds} s (libFuzzer's output: {})",
        shown(&log)
    );
    let started = SystemTime::now();
    let status = fuzz_cargo(fuzz)
        .args(["fuzz", "run", target])
        .arg(&found)
        .arg(&kept)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
        .arg("-print_final_stats=1")
        .stdout(Stdio::null())
        .stderr(log_file)
        .status()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let stats = stats_from(&text);
    let failure = (!status.success()).then(|| Failure {
        input: newest_since(&artifacts, started),
        log: log.clone(),
    });
    Ok(Outcome {
        target: target.to_owned(),
        stats,
        failure,
    })
}

/// Replace the kept corpus by the seeds and a small set of files that covers
/// as many as it can of the edges that it and this run's finds cover, within
/// [`KEEP_MAX_FILES`] and [`KEEP_MAX_BYTES`] (beyond the seeds).
///
/// libFuzzer's own `-merge=1` keeps every file that adds a *feature* (an
/// edge hit a new number of times, …): well over a thousand files and
/// megabytes per target, too much for git. So it runs only to record each
/// file's edges (`-merge_control_file`), and the set is chosen here, greedily:
/// each time the file adding most edges not yet covered, the smaller first.
fn keep(fuzz: &Path, target: &str) -> Result<()> {
    let kept = fuzz.join("corpus").join(target);
    let found = fuzz.join("target/corpus").join(target);
    let work = fuzz.join("target/merge").join(target);
    let _ = std::fs::remove_dir_all(&work);
    let out = work.join("out");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let control = work.join("control.txt");
    let status = fuzz_cargo(fuzz)
        .args(["fuzz", "run", target])
        .arg(&out)
        .arg(&kept)
        .arg(&found)
        .arg("--")
        .arg("-merge=1")
        .arg(format!("-merge_control_file={}", control.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    if !status.success() {
        return Err(format!(
            "measuring the corpus of {target} failed ({status})"
        ));
    }
    let text =
        std::fs::read_to_string(&control).map_err(|e| format!("{}: {e}", control.display()))?;
    let chosen = choose(&text);
    if chosen.is_empty() {
        return Err(format!("no corpus files were measured for {target}"));
    }
    let fresh = work.join("kept");
    std::fs::create_dir_all(&fresh).map_err(|e| format!("{}: {e}", fresh.display()))?;
    for path in &chosen {
        let from = fuzz.join(path);
        let name = from.file_name().ok_or("a corpus file without a name")?;
        std::fs::copy(&from, fresh.join(name)).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    std::fs::remove_dir_all(&kept).map_err(|e| format!("{}: {e}", kept.display()))?;
    std::fs::rename(&fresh, &kept).map_err(|e| format!("{}: {e}", kept.display()))?;
    let bytes: u64 = chosen
        .iter()
        .filter_map(|p| std::fs::metadata(kept.join(Path::new(p).file_name()?)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "    kept {} files ({} KB) in {}",
        chosen.len(),
        bytes / 1024,
        shown(&kept)
    );
    Ok(())
}

/// At most this many files per target in the kept corpus besides the seeds…
const KEEP_MAX_FILES: usize = 200;
/// …and at most this many bytes.
const KEEP_MAX_BYTES: u64 = 200 * 1024;

/// The files to keep, from a libFuzzer merge control file: a count, another
/// count, the file paths, then per file `STARTED i size` and `COV i edges…`.
fn choose(control: &str) -> Vec<String> {
    let mut lines = control.lines();
    let count: usize = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let _ = lines.next();
    let paths: Vec<String> = lines.by_ref().take(count).map(str::to_owned).collect();
    let mut size = vec![0u64; count];
    let mut edges: Vec<Vec<u32>> = vec![Vec::new(); count];
    for line in lines {
        let mut words = line.split_whitespace();
        let (Some(kind), Some(Ok(i))) = (words.next(), words.next().map(str::parse::<usize>))
        else {
            continue;
        };
        if i >= count {
            continue;
        }
        match kind {
            "STARTED" => size[i] = words.next().and_then(|w| w.parse().ok()).unwrap_or(0),
            "COV" => edges[i] = words.filter_map(|w| w.parse().ok()).collect(),
            _ => {}
        }
    }
    // Lazy greedy: a file's count of new edges only falls as others are
    // chosen, so a stale count is an upper bound; recount only the top.
    let mut covered = std::collections::HashSet::new();
    let mut heap: std::collections::BinaryHeap<_> = (0..count)
        .map(|i| (edges[i].len(), std::cmp::Reverse(size[i]), i))
        .collect();
    let mut chosen = Vec::new();
    // Files with names of their own (the seeds: real referrals, packs, keys)
    // are always kept; libFuzzer names what it finds by SHA-1.
    for i in 0..count {
        let name = Path::new(&paths[i])
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let found = name.len() == 40 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if !found && !chosen.contains(&paths[i]) {
            covered.extend(edges[i].iter().copied());
            chosen.push(paths[i].clone());
        }
    }
    let seeds = chosen.len();
    let mut bytes = 0;
    while let Some((stale, small, i)) = heap.pop() {
        if chosen.len() - seeds >= KEEP_MAX_FILES {
            break;
        }
        let new = edges[i].iter().filter(|e| !covered.contains(*e)).count();
        if new == 0 || bytes + size[i] > KEEP_MAX_BYTES {
            continue;
        }
        if new < stale {
            heap.push((new, small, i));
            continue;
        }
        covered.extend(edges[i].iter().copied());
        bytes += size[i];
        chosen.push(paths[i].clone());
    }
    chosen
}

/// The figures in libFuzzer's output: the last status line
/// (`#N DONE cov: C ft: F corp: …`) and `-print_final_stats`.
fn stats_from(text: &str) -> Stats {
    let mut s = Stats::default();
    let stat = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    s.runs = stat("stat::number_of_executed_units:");
    s.execs_per_sec = stat("stat::average_exec_per_sec:");
    if let Some(line) = text
        .lines()
        .rev()
        .find(|l| l.starts_with('#') && l.contains("cov: "))
    {
        let after = |key: &str| {
            line.split_whitespace()
                .skip_while(|w| *w != key)
                .nth(1)
                .map(str::to_owned)
        };
        s.coverage = after("cov:").and_then(|v| v.parse().ok());
        s.features = after("ft:").and_then(|v| v.parse().ok());
        s.corpus = after("corp:");
    }
    s
}

fn newest_since(dir: &Path, since: SystemTime) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(t, _)| *t >= since)
        .max_by_key(|(t, _)| *t)
        .map(|(_, p)| p)
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn print_summary(outcomes: &[Outcome]) {
    let show = |v: Option<u64>| v.map_or("?".to_owned(), |v| v.to_string());
    println!(
        "\n{:<18} {:>12} {:>9} {:>7} {:>8} {:>12}  result",
        "target", "runs", "exec/s", "cov", "ft", "corpus"
    );
    for o in outcomes {
        let s = &o.stats;
        println!(
            "{:<18} {:>12} {:>9} {:>7} {:>8} {:>12}  {}",
            o.target,
            show(s.runs),
            show(s.execs_per_sec),
            show(s.coverage),
            show(s.features),
            s.corpus.as_deref().unwrap_or("?"),
            if o.failure.is_some() { "FAILED" } else { "ok" }
        );
    }
    for o in outcomes {
        let Some(f) = &o.failure else { continue };
        println!(
            "\n{} failed; libFuzzer's output is in {}.",
            o.target,
            shown(&f.log)
        );
        match &f.input {
            Some(input) => {
                println!("The input that failed: {}", shown(input));
                println!(
                    "Reproduce: cd fuzz && cargo +nightly fuzz run {} {} (or RUSTC_BOOTSTRAP=1 cargo +stable fuzz ...)",
                    o.target,
                    shown(input).trim_start_matches("fuzz/")
                );
                println!(
                    "Minimise:  cd fuzz && cargo +nightly fuzz tmin {} {}",
                    o.target,
                    shown(input).trim_start_matches("fuzz/")
                );
                println!(
                    "Once fixed, add it to crates/esma-core/tests/data/fuzz-regressions/{}/ so `cargo test` keeps it fixed.",
                    o.target
                );
            }
            None => println!("No crash input was written (see the log)."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_seeds_then_the_files_adding_most_edges() {
        let sha = |c: char| c.to_string().repeat(40);
        let control = format!(
            "4\n0\ncorpus/t/pack.json\nfound/{a}\nfound/{b}\nfound/{c}\n\
             STARTED 0 10\nCOV 0 1 2\n\
             STARTED 1 5\nCOV 1 2 3 4\n\
             STARTED 2 3\nCOV 2 3\n\
             STARTED 3 9\nCOV 3 5\n",
            a = sha('a'),
            b = sha('b'),
            c = sha('c'),
        );
        let chosen = choose(&control);
        assert_eq!(
            chosen,
            [
                "corpus/t/pack.json".to_owned(),
                format!("found/{}", sha('a')),
                format!("found/{}", sha('c')),
            ]
        );
    }

    #[test]
    fn reads_libfuzzer_figures() {
        let log = "#100\tNEW    cov: 5 ft: 6 corp: 2/10b\n#2000\tDONE   cov: 12 ft: 34 corp: 5/1Kb lim: 4096 exec/s: 1000 rss: 40Mb\nstat::number_of_executed_units: 2000\nstat::average_exec_per_sec:     1000\n";
        let s = stats_from(log);
        assert_eq!(
            (s.runs, s.execs_per_sec, s.coverage, s.features),
            (Some(2000), Some(1000), Some(12), Some(34))
        );
        assert_eq!(s.corpus.as_deref(), Some("5/1Kb"));
    }
}
