//! `esma-referral`: the command-line companion to the browser app, for the
//! council's team and for tests. It shares every rule and format with the app
//! through `esma-core`.

use std::process::ExitCode;

const USAGE: &str = "\
esma-referral: check, sign and verify ESMA referrals

Usage:
  esma-referral --help       Show this help
  esma-referral --version    Show the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("esma-referral {}", esma_core::APP_VERSION);
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("esma-referral: unknown command '{other}'. Run 'esma-referral --help'.");
            ExitCode::from(2)
        }
    }
}
