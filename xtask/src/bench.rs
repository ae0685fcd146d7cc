//! `cargo xtask bench`: every figure as one JSON line,
//! `{"metric": NAME, "value": NUMBER, "unit": UNIT}`, then a table that says
//! which figures are over their budget. The figures are also written to
//! `target/bench.json`.
//!
//! The app is measured beside a peer: the same referral form built with
//! SurveyJS (`bench/peer-surveyjs/`), served the same way in the same run, so
//! the ratios hold on a loaded machine where absolute times swing threefold.
//!
//! Timings here are reported, not asserted: this machine is shared and noisy.
//! The budgets are in `tests/e2e/budgets.json`, one table with the end-to-end
//! tests, which hold the size budgets.

use std::path::PathBuf;

use serde_json::Value;

use crate::process::run_capturing;
use crate::test::node_against;
use crate::{build, root, serve, tools, Result};

/// The budgets table, shared with the end-to-end tests.
const BUDGETS: &str = "tests/e2e/budgets.json";
/// The peer form's folder: its page, form and npm lockfile.
const PEER: &str = "bench/peer-surveyjs";

pub fn run(only: Option<&str>) -> Result<()> {
    if only == Some("cli") {
        let figures = crate::bench_cli::figures()?;
        print_table(&figures, &read_budgets()?);
        return Ok(());
    }
    if let Some(other) = only {
        return Err(format!(
            "cargo xtask bench: unknown part '{other}' (try: cli)"
        ));
    }
    tools::ensure_test_tools()?;
    let budgets = read_budgets()?;
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
    match peer() {
        Ok(dir) => {
            node.env("PEER_URL", serve::spawn(dir)?);
        }
        Err(why) => println!(
            "\nThe peer form cannot be measured: {why}\n\
             Its figures and every ratio to it are left out of this run."
        ),
    }
    // The hostile files the command line's figures were measured on, for
    // the same budget in the browser.
    node.env("BENCH_INPUTS_DIR", root().join("target/bench-inputs"));
    node.arg("tests/e2e/bench.mjs");
    let (result, output) = run_capturing("browser benchmarks", &mut node);
    result?;
    figures.extend(json_lines(&output));

    print_table(&figures, &budgets);
    let path = root().join("target/bench.json");
    let json = serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("\nWritten to {}", path.display());
    Ok(())
}

/// The peer's folder with its npm packages installed (`npm ci`, once).
fn peer() -> Result<PathBuf> {
    let dir = root().join(PEER);
    if !dir.join("index.html").is_file() {
        return Err(format!("{PEER}/index.html is missing"));
    }
    tools::ensure_npm_packages(&dir)?;
    Ok(dir)
}

fn read_budgets() -> Result<Value> {
    let text = std::fs::read_to_string(root().join(BUDGETS))
        .map_err(|e| format!("cannot read {BUDGETS}: {e}"))?;
    let table: Value =
        serde_json::from_str(&text).map_err(|e| format!("{BUDGETS} is not JSON: {e}"))?;
    Ok(table["budgets"].clone())
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

/// A figure's budget as the table shows it, and whether the figure is within it.
fn verdict(budget: &Value, value: f64) -> Option<(String, bool)> {
    if let Some(limit) = budget["at_most"].as_f64() {
        return Some((format!("<= {limit}"), value <= limit));
    }
    let limit = budget["at_least"].as_f64()?;
    Some((format!(">= {limit}"), value >= limit))
}

fn print_table(figures: &[Value], budgets: &Value) {
    println!(
        "\n{:<40} {:>14} {:<8} {:>12}  verdict",
        "metric", "value", "unit", "budget"
    );
    for figure in figures {
        let metric = figure["metric"].as_str().unwrap_or("?");
        let value = figure["value"].as_f64().unwrap_or(f64::NAN);
        let unit = figure["unit"].as_str().unwrap_or("");
        let budget = &budgets[metric];
        let (limit, verdict) = match verdict(budget, value) {
            Some((limit, true)) => (limit, "within budget".to_owned()),
            Some((limit, false)) => match budget["ratchet"].as_f64() {
                // Over issue 15's budget; the test holds the ratchet meanwhile.
                Some(ratchet) => (limit, format!("OVER BUDGET (held at <= {ratchet})")),
                None => (limit, "OVER BUDGET".to_owned()),
            },
            None => (String::new(), String::new()),
        };
        println!("{metric:<40} {value:>14.3} {unit:<8} {limit:>12}  {verdict}");
    }
    // A budget with no figure in this run is a measurement that went missing.
    if let Some(budgets) = budgets.as_object() {
        for metric in budgets.keys() {
            if !figures.iter().any(|f| f["metric"] == metric.as_str()) {
                println!("{metric:<40} {:>14} {:<8} {:>12}  no figure", "-", "", "");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budgets_table_reads_and_every_budget_has_a_limit() {
        let budgets = read_budgets().unwrap();
        let budgets = budgets.as_object().expect("budgets is an object");
        assert!(budgets.contains_key("school_first_load_gzip_bytes"));
        for (metric, budget) in budgets {
            assert!(
                verdict(budget, 0.0).is_some(),
                "{metric} has no at_most or at_least"
            );
            if let Some(ratchet) = budget["ratchet"].as_f64() {
                let at_most = budget["at_most"].as_f64();
                assert!(
                    at_most.is_some_and(|limit| ratchet > limit),
                    "{metric}: a ratchet is a limit above the budget, on an at_most budget"
                );
            }
        }
    }
}
