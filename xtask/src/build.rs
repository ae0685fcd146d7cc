//! The release build: Trunk with the pinned tools, then the CSP hash.

use crate::process::run;
use crate::{csp, root, tools, Result};

/// Builds the release app into `dist/`, installing the build tools first if
/// they are missing.
pub fn release() -> Result<()> {
    tools::ensure_build_tools()?;
    // Trunk builds offline (Trunk.toml), so fetch any new crates first.
    run(
        "Fetching crates",
        tools::command("cargo").args(["fetch", "--quiet"]),
    )?;
    run(
        "Building the app",
        tools::command("trunk")
            .args(["build", "--release"])
            .env("TRUNK_SKIP_VERSION_CHECK", "true"),
    )?;
    let index = root().join("dist/index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    std::fs::write(&index, csp::fill_script_hashes(&html)?)
        .map_err(|e| format!("cannot write {}: {e}", index.display()))
}
