//! Running other programs: announced, streamed to the terminal, and checked.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::Result;

/// Prints the command, runs it with output going straight to the terminal,
/// and fails with `what` if it does not succeed.
pub fn run(what: &str, command: &mut Command) -> Result<()> {
    announce(command);
    let status = command
        .status()
        .map_err(|e| format!("{what}: could not start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Like [`run`], but also hands back everything the command printed on
/// standard output (still shown as it comes), for counting test results.
pub fn run_capturing(what: &str, command: &mut Command) -> (Result<()>, String) {
    announce(command);
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => {
            let message = format!("{what}: could not start {:?}: {e}", command.get_program());
            return (Err(message), String::new());
        }
    };
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut out = std::io::stdout();
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            let _ = writeln!(out, "{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let result = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{what} failed ({status})")),
        Err(e) => Err(format!("{what}: {e}")),
    };
    (result, captured)
}

/// The first line a program prints for `--version`, or `None` if it is missing.
pub fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|line| line.trim().to_owned())
}

fn announce(command: &Command) {
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy()).collect();
    println!(
        "$ {} {}",
        command.get_program().to_string_lossy(),
        args.join(" ")
    );
}
