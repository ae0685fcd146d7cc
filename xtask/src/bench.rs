//! `cargo xtask bench`: every figure as one JSON line,
//! `{"metric": NAME, "value": NUMBER, "unit": UNIT}`, then a table that says
//! which figures are over their budget. The figures are also written to
//! `target/bench.json`.
//!
//! Timings here are reported, not asserted: this machine is shared and noisy.
//! The size budget is held by an end-to-end test instead.

use serde_json::Value;

use crate::process::run_capturing;
use crate::test::node_against;
use crate::{build, root, serve, tools, Result};

/// Budgets: the metric, the limit, and whether the figure must stay at or
/// below it (`true`) or at or above it (`false`).
const BUDGETS: &[(&str, f64, bool)] = &[
    ("first_load_gzip_bytes", 153_600.0, true),
    ("first_render_ms", 300.0, true),
    ("validate_full_native_us", 50.0, true),
    ("validate_full_wasm_ms", 0.2, true),
    ("keystroke_to_message_ms", 16.0, true),
    ("sha256_mb_per_s", 500.0, false),
    ("sign_export_20mb_ms", 1000.0, true),
    ("export_peak_memory_ratio", 3.0, true),
    // Issue 12: the release CLI on hostile files, as a share of the budget
    // (3 × size + 50 MB; 1 s per 10 MB, at least 1 s), and packs verified
    // per second in one process.
    ("hostile_worst_memory_ratio", 1.0, true),
    ("hostile_worst_time_ratio", 1.0, true),
    ("verify_packs_per_s", 2000.0, false),
];

pub fn run(only: Option<&str>) -> Result<()> {
    if only == Some("cli") {
        let figures = crate::bench_cli::figures()?;
        print_table(&figures);
        return Ok(());
    }
    if let Some(other) = only {
        return Err(format!(
            "cargo xtask bench: unknown part '{other}' (try: cli)"
        ));
    }
    tools::ensure_test_tools()?;
    let mut figures = Vec::new();

    // Native figures come from esma-core's own benchmark, if it has one.
    if root().join("crates/esma-core/benches").is_dir() {
        let mut cargo = tools::command("cargo");
        cargo.args(["bench", "--quiet", "-p", "esma-core"]);
        let (result, output) = run_capturing("native benchmarks", &mut cargo);
        result?;
        figures.extend(json_lines(&output));
    }
    figures.extend(crate::bench_cli::figures()?);

    build::release()?;
    let base_url = serve::spawn(root().join("dist"))?;
    let mut node = node_against(&base_url);
    node.arg("tests/e2e/bench.mjs");
    let (result, output) = run_capturing("browser benchmarks", &mut node);
    result?;
    figures.extend(json_lines(&output));

    print_table(&figures);
    let path = root().join("target/bench.json");
    let json = serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("\nWritten to {}", path.display());
    Ok(())
}

/// The figures among a program's output lines.
fn json_lines(output: &str) -> Vec<Value> {
    output
        .lines()
        .filter(|line| line.trim_start().starts_with('{'))
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| v.get("metric").is_some() && v.get("value").is_some())
        .collect()
}

fn print_table(figures: &[Value]) {
    println!(
        "\n{:<32} {:>14} {:<8} {:>12}  verdict",
        "metric", "value", "unit", "budget"
    );
    for figure in figures {
        let metric = figure["metric"].as_str().unwrap_or("?");
        let value = figure["value"].as_f64().unwrap_or(f64::NAN);
        let unit = figure["unit"].as_str().unwrap_or("");
        let (budget, verdict) = match BUDGETS.iter().find(|(m, ..)| *m == metric) {
            Some(&(_, limit, at_most)) => {
                let within = if at_most {
                    value <= limit
                } else {
                    value >= limit
                };
                let sign = if at_most { "<=" } else { ">=" };
                (
                    format!("{sign} {limit}"),
                    if within {
                        "within budget"
                    } else {
                        "OVER BUDGET"
                    },
                )
            }
            None => (String::new(), ""),
        };
        println!("{metric:<32} {value:>14.3} {unit:<8} {budget:>12}  {verdict}");
    }
}
