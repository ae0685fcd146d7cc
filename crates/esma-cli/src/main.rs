//! `esma-referral`: the command-line companion to the browser app, for the
//! council's team and for tests. It shares every rule and format with the app
//! through `esma-core`.
//!
//! The command line is parsed by `clap` (derive): every subcommand has
//! `--help`, and a wrong command line names the flag and exits 2. Exit codes
//! are in [`EXIT_CODES`], printed by `--help` and listed in the README.
//! Nothing read from a file is printed without going through
//! `esma_core::safe_text`, and errors about a file say where and what is
//! wrong, never what it says (it may be health data).

mod consent;
mod example;
mod keygen;
mod pack_io;
mod sign;
mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use esma_core::referral::Referral;
use esma_core::rules::{catalogue, Severity};
use esma_core::settings::Settings;
use esma_core::validate::{validate, Report};
use serde_json::json;

/// Every exit code, for `--help` and the README.
const EXIT_CODES: &str = "\
Exit codes:
  0  done: for check, nothing blocks; for verify, every pack is valid and
     trusted; for consent-apply, consent given and recorded
  1  refused: something blocks (check, sign), a pack is invalid or tampered
     (verify), a request or response is tampered, mismatched or for other
     content, or consent was refused (consent-respond, consent-apply)
  2  a file cannot be read or is not of its kind, or the command line is wrong
  3  verify only: valid, but the signer is not on the trusted list
With several packs, verify exits with the first of 1, 2, 3 that any pack has,
else 0.";

/// `esma-referral`: check ESMA referrals against the Hertfordshire ESMA policy.
#[derive(Parser)]
#[command(name = "esma-referral", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every rule: id, severity, summary and the policy sentence it comes from
    Rules {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Check a referral: its findings and the Annex 2 checklist
    #[command(
        after_help = "Exit 0 when nothing blocks, 1 when something does, 2 when FILE cannot be read."
    )]
    Check {
        /// The referral (JSON)
        file: PathBuf,
        #[command(flatten)]
        day: Day,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of a referral
    Schema,
    /// Print a complete referral for a fictional pupil
    Example {
        /// Write DIR/referral.json and the attachment files it names
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[command(flatten)]
        day: Day,
    },
    /// Make a school signing key (ECDSA P-256)
    #[command(
        after_help = "Writes the private key (mode 0600, never over an existing file), prints the public key to register with the council and its fingerprint."
    )]
    Keygen {
        /// Where to write the private key
        #[arg(long, value_name = "KEY.jwk")]
        out: PathBuf,
    },
    /// Sign a referral with nothing blocking into one pack file
    #[command(
        after_help = "Every attachment is read from the referral's folder by its file name. Exit 1 when refused (something blocks, or a file does not match)."
    )]
    Sign {
        /// The referral (JSON)
        referral: PathBuf,
        /// The school's private key
        #[arg(long, value_name = "KEY.jwk")]
        key: PathBuf,
        /// Where to write the pack
        #[arg(long, value_name = "PACK")]
        out: PathBuf,
        #[command(flatten)]
        day: Day,
    },
    /// Check packs: signature, files, manifest, signer; today's rules for trusted ones
    Verify(verify::VerifyArgs),
    /// Make a signed consent request for a parent or carer to review
    #[command(
        after_help = "The referral (blocking findings allowed), its attachment files from the referral's folder, and the consent notice. Prints the request id."
    )]
    ConsentRequest {
        /// The referral (JSON)
        referral: PathBuf,
        /// The school's private key
        #[arg(long, value_name = "KEY.jwk")]
        key: PathBuf,
        /// Where to write the request
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// As the parent or carer: check a request, then sign the decision
    #[command(
        after_help = "The response is signed with a key made for it alone: it shows the response is unchanged since it was made, not who made it. Exit 1 when the request is refused."
    )]
    ConsentRespond(consent::RespondArgs),
    /// As the school: check a response against the request sent, and record it
    #[command(
        after_help = "The response must name exactly the request given with --request (its id, its hash and the school's key) and the referral's content now. Exit 0 consent given and recorded, 1 otherwise (a refusal is still recorded; a changed referral is listed field by field), 2 a file cannot be read."
    )]
    ConsentApply(consent::ApplyArgs),
}

/// `--today` and `--settings`, shared by the commands that run the rules.
#[derive(Args, Clone, Default)]
struct Day {
    /// Check as of this day instead of today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    today: Option<NaiveDate>,
    /// The council's settings file (default: the built-in settings)
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    esma_core::date::parse(s).map_err(|e| format!("{} (use YYYY-MM-DD)", e.message("The date")))
}

impl Day {
    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn settings(&self) -> Res<Settings> {
        match &self.settings {
            None => Ok(Settings::default()),
            Some(p) => {
                let text = read_text(p, 1024 * 1024)?;
                Settings::from_json(&text).map_err(|e| Fail(format!("{}: {e}", shown(p))))
            }
        }
    }
}

/// A failure that ends the program with exit code 2.
struct Fail(String);

type Res<T> = Result<T, Fail>;

fn main() -> ExitCode {
    let version: &'static str = Box::leak(
        format!(
            "{} (rules {})",
            esma_core::APP_VERSION,
            esma_core::rules::RULES_VERSION
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Rules { json } => cmd_rules(json),
        Command::Check { file, day, json } => cmd_check(&file, &day, json),
        Command::Schema => cmd_schema(),
        Command::Example { dir, day } => cmd_example(dir.as_deref(), &day),
        Command::Keygen { out } => keygen::run(&out),
        Command::Sign {
            referral,
            key,
            out,
            day,
        } => sign::run(&referral, &key, &out, &day),
        Command::Verify(args) => verify::run(&args),
        Command::ConsentRequest { referral, key, out } => consent::request(&referral, &key, &out),
        Command::ConsentRespond(args) => consent::respond(&args),
        Command::ConsentApply(args) => consent::apply(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg)) => {
            eprintln!(
                "esma-referral: {}",
                esma_core::safe_text::sanitise_lines(&msg)
            );
            ExitCode::from(2)
        }
    }
}

/// A path for messages: the user's own argument (or a name in a folder the
/// user chose), with anything that could move the terminal removed.
fn shown(path: &Path) -> String {
    esma_core::safe_text::sanitise(&path.display().to_string()).into_owned()
}

/// Cut `s` to at most `n` characters, marking the cut.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn read_text(path: &Path, max: u64) -> Res<String> {
    let bytes = pack_io::read_capped(path, max)?;
    String::from_utf8(bytes).map_err(|e| {
        Fail(format!(
            "cannot read {}: it is not UTF-8 text (invalid byte at offset {})",
            shown(path),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Read a referral file: within the limits (`esma_core::limits`), and
/// reported by position and kind of problem, never by what the file says.
fn read_referral(path: &Path) -> Res<Referral> {
    let text = read_text(path, esma_core::limits::MAX_REFERRAL_BYTES as u64)?;
    if !text.trim_start().starts_with('{') {
        return Err(Fail(format!(
            "cannot parse {}: a referral must be a JSON object, starting with {{",
            shown(path)
        )));
    }
    esma_core::limits::read_referral(&text)
        .map_err(|e| Fail(format!("cannot parse {}: {e}", shown(path))))
}

fn cmd_rules(json: bool) -> Res<u8> {
    if json {
        let v: Vec<_> = catalogue()
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "severity": r.severity,
                    "summary": r.summary,
                    "fields": r.fields,
                    "checklistItem": r.checklist_item,
                    "source": r.sources.first(),
                    "sources": r.sources,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        let w = catalogue().iter().map(|r| r.id.len()).max().unwrap_or(10);
        println!("{:w$}  {:8}  SUMMARY", "RULE", "SEVERITY");
        for r in catalogue() {
            println!("{:w$}  {:8}  {}", r.id, r.severity.as_str(), r.summary);
            for s in r.sources {
                println!("{:w$}  {:8}    {} — {}", "", "", s.document, s.section);
            }
        }
        println!(
            "\n{} rules (version {}).",
            catalogue().len(),
            esma_core::rules::RULES_VERSION
        );
    }
    Ok(0)
}

fn cmd_check(file: &Path, day: &Day, json: bool) -> Res<u8> {
    let settings = day.settings()?;
    let referral = read_referral(file)?;
    let today = day.today();
    let report = validate(&referral, today, &settings);
    if json {
        let v = json!({
            "file": shown(file),
            "today": today.format("%Y-%m-%d").to_string(),
            "rulesVersion": esma_core::rules::RULES_VERSION,
            "blocking": report.has_blocking(),
            "findings": report.findings,
            "checklist": report.checklist,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print_report(file, today, &report);
    }
    Ok(if report.has_blocking() { 1 } else { 0 })
}

fn print_report(file: &Path, today: NaiveDate, report: &Report) {
    println!("Referral: {}", shown(file));
    println!("Checked as of {}", esma_core::date::long(today));
    let groups = [
        (
            Severity::Blocking,
            "Must be put right before the referral is sent",
        ),
        (Severity::Warning, "Warnings: ESMA may ask about these"),
        (Severity::Info, "For information"),
    ];
    for (sev, title) in groups {
        let items: Vec<_> = report.with_severity(sev).collect();
        if items.is_empty() {
            continue;
        }
        println!("\n{title} ({}):", items.len());
        for f in items {
            println!("  - {}.", f.message.trim_end_matches('.'));
            println!("    {} [{}]", f.field, f.rule);
        }
    }
    println!("\nAnnex 2 checklist:");
    for i in &report.checklist.items {
        println!("  {}. {} — {}", i.item, i.title, i.status.as_str());
        println!("     {}", i.reason);
    }
    let count = |s| report.with_severity(s).count();
    println!(
        "\n{} blocking, {} warnings, {} for information. {}",
        count(Severity::Blocking),
        count(Severity::Warning),
        count(Severity::Info),
        if report.has_blocking() {
            "The referral cannot be sent yet."
        } else {
            "Nothing blocks: the referral can be sent."
        }
    );
}

fn cmd_schema() -> Res<u8> {
    println!(
        "{}",
        serde_json::to_string_pretty(&esma_core::schema::referral_schema()).unwrap_or_default()
    );
    Ok(0)
}

fn cmd_example(dir: Option<&Path>, day: &Day) -> Res<u8> {
    let settings = day.settings()?;
    let (referral, files) = example::build(day.today(), &settings);
    let text = serde_json::to_string_pretty(&referral).unwrap_or_default() + "\n";
    match dir {
        None => print!("{text}"),
        Some(dir) => {
            let write = |p: PathBuf, b: &[u8]| {
                std::fs::write(&p, b).map_err(|e| Fail(format!("cannot write {}: {e}", shown(&p))))
            };
            std::fs::create_dir_all(dir)
                .map_err(|e| Fail(format!("cannot create {}: {e}", shown(dir))))?;
            write(dir.join("referral.json"), text.as_bytes())?;
            for f in &files {
                write(dir.join(f.name), f.bytes)?;
            }
            eprintln!(
                "Wrote {} and {} attachment files.",
                shown(&dir.join("referral.json")),
                files.len()
            );
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
