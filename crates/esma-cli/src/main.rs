//! `esma-referral`: the command-line companion to the browser app, for the
//! council's team and for tests. It shares every rule and format with the app
//! through `esma-core`.
//!
//! Exit codes: 0 success (for `check`: nothing blocks), 1 something blocks,
//! 2 the input cannot be read or parsed, or the command line is wrong.

mod consent;
mod example;
mod keygen;
mod pack_io;
mod sign;
mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use esma_core::referral::Referral;
use esma_core::rules::{catalogue, Severity};
use esma_core::settings::Settings;
use esma_core::validate::{validate, Report};
use serde_json::json;

const USAGE: &str = "\
esma-referral: check ESMA referrals against the Hertfordshire ESMA policy

Usage:
  esma-referral rules [--json]
      List every rule: id, severity, summary and the policy sentence it comes from.
  esma-referral check FILE [--today YYYY-MM-DD] [--settings FILE] [--json]
      Check a referral. Prints the findings and the Annex 2 checklist.
      Exit 0 when nothing blocks, 1 when something does, 2 when FILE cannot be read.
  esma-referral schema
      Print the JSON Schema of a referral.
  esma-referral example [--dir DIR] [--today YYYY-MM-DD] [--settings FILE]
      Print a complete referral for a fictional pupil. With --dir, write
      DIR/referral.json and the attachment files it names.
  esma-referral keygen --out KEY.jwk
      Make a school signing key (ECDSA P-256). Writes the private key (mode 0600),
      prints the public key to register with the council and its fingerprint.
  esma-referral sign REFERRAL --key KEY.jwk --out PACK [--today YYYY-MM-DD] [--settings FILE]
      Sign a referral with nothing blocking into one pack file, with every
      attachment read from the referral's folder. Exit 1 when refused.
  esma-referral verify PACK [--trusted KEYS.json] [--json] [--today YYYY-MM-DD] [--settings FILE]
      Check a pack. Exit 0 valid and trusted, 3 valid but unknown signer,
      1 invalid or tampered, 2 unreadable.
  esma-referral consent-request REFERRAL --key KEY.jwk --out FILE
      Make a signed consent request for a parent or carer to review: the
      referral (blocking findings allowed), its attachment files from the
      referral's folder, and the consent notice. Prints the request id.
  esma-referral consent-respond REQUEST --decision given|refused --name NAME
          --relationship RELATIONSHIP --out FILE [--sla-acknowledged] [--signature-png PNG]
      As the parent or carer: check the request's signature and files, then
      sign the decision with a key made for this response alone.
      Exit 1 when the request is refused.
  esma-referral consent-apply REFERRAL RESPONSE --out REFERRAL2 [--request REQUEST] [--json]
      As the school: check the response (signature, request, content now)
      and write the referral with the consent record. Exit 0 consent given
      and recorded, 1 otherwise (a refusal is still recorded; a changed
      referral is listed, with --request, field by field).
  esma-referral --help       Show this help
  esma-referral --version    Show the version
";

/// Largest referral file `check` reads.
const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A failure that ends the program with exit code 2.
struct Fail(String);

type Res<T> = Result<T, Fail>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            Ok(0)
        }
        Some("--version" | "-V") => {
            println!(
                "esma-referral {} (rules {})",
                esma_core::APP_VERSION,
                esma_core::rules::RULES_VERSION
            );
            Ok(0)
        }
        Some("rules") => cmd_rules(&args[1..]),
        Some("check") => cmd_check(&args[1..]),
        Some("schema") => cmd_schema(&args[1..]),
        Some("example") => cmd_example(&args[1..]),
        Some("keygen") => keygen::run(&args[1..]),
        Some("sign") => sign::run(&args[1..]),
        Some("verify") => verify::run(&args[1..]),
        Some("consent-request") => consent::request(&args[1..]),
        Some("consent-respond") => consent::respond(&args[1..]),
        Some("consent-apply") => consent::apply(&args[1..]),
        Some(other) => Err(Fail(format!(
            "unknown command '{}'. Run 'esma-referral --help'.",
            clip(other, 40)
        ))),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg)) => {
            eprintln!("esma-referral: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Parsed options: flags, `--name value` options and positional arguments.
#[derive(Default)]
struct Opts {
    json: bool,
    today: Option<NaiveDate>,
    settings: Option<PathBuf>,
    dir: Option<PathBuf>,
    positional: Vec<String>,
}

fn parse_opts(args: &[String], allowed: &[&str]) -> Res<Opts> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if name.starts_with("--") && !allowed.contains(&name) {
            return Err(Fail(format!(
                "unknown option '{}'. Run 'esma-referral --help'.",
                clip(name, 40)
            )));
        }
        let mut value = |n: &str| -> Res<String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| Fail(format!("{n} needs a value")))
        };
        match name {
            "--json" => o.json = true,
            "--today" => {
                let v = value("--today")?;
                let d = esma_core::date::parse(&v).map_err(|e| {
                    Fail(format!(
                        "--today: {} (use YYYY-MM-DD)",
                        e.message("The date")
                    ))
                })?;
                o.today = Some(d);
            }
            "--settings" => o.settings = Some(PathBuf::from(value("--settings")?)),
            "--dir" => o.dir = Some(PathBuf::from(value("--dir")?)),
            _ if name.starts_with('-') && name.len() > 1 => {
                return Err(Fail(format!(
                    "unknown option '{}'. Run 'esma-referral --help'.",
                    clip(name, 40)
                )))
            }
            _ => o.positional.push(a.clone()),
        }
    }
    Ok(o)
}

fn today(o: &Opts) -> NaiveDate {
    o.today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn load_settings(o: &Opts) -> Res<Settings> {
    match &o.settings {
        None => Ok(Settings::default()),
        Some(p) => {
            let text = read_text(p, 1024 * 1024)?;
            Settings::from_json(&text).map_err(|e| Fail(format!("{}: {e}", p.display())))
        }
    }
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
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parse a referral, reporting where and why it fails.
fn parse_referral(path: &Path, text: &str) -> Res<Referral> {
    if !text.trim_start().starts_with('{') {
        return Err(Fail(format!(
            "cannot parse {}: a referral must be a JSON object, starting with {{",
            path.display()
        )));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<Referral, _> = serde_path_to_error::deserialize(&mut de);
    let shown = path.display();
    match parsed {
        Ok(r) => de.end().map(|_| r).map_err(|e| {
            Fail(format!(
                "cannot parse {shown}: line {}, column {}: {}",
                e.line(),
                e.column(),
                clip(&e.to_string(), 200)
            ))
        }),
        Err(e) => {
            let at = e.path().to_string();
            let inner = e.inner();
            let place = if at.is_empty() || at == "." {
                String::new()
            } else {
                format!(" (at {at})")
            };
            Err(Fail(format!(
                "cannot parse {shown}: line {}, column {}{place}: {}",
                inner.line(),
                inner.column(),
                clip(&strip_position(&inner.to_string()), 200)
            )))
        }
    }
}

/// serde_json appends " at line L column C"; the CLI prints the position itself.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn cmd_rules(args: &[String]) -> Res<u8> {
    let o = parse_opts(args, &["--json"])?;
    if !o.positional.is_empty() {
        return Err(Fail("rules takes no file".into()));
    }
    if o.json {
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

fn cmd_check(args: &[String]) -> Res<u8> {
    let o = parse_opts(args, &["--json", "--today", "--settings"])?;
    let file = match o.positional.as_slice() {
        [f] => PathBuf::from(f),
        [] => {
            return Err(Fail(
                "check needs a FILE. Run 'esma-referral --help'.".into(),
            ))
        }
        _ => return Err(Fail("check takes one FILE".into())),
    };
    let settings = load_settings(&o)?;
    let text = read_text(&file, MAX_FILE_BYTES)?;
    let referral = parse_referral(&file, &text)?;
    let today = today(&o);
    let report = validate(&referral, today, &settings);
    if o.json {
        let v = json!({
            "file": file.display().to_string(),
            "today": today.format("%Y-%m-%d").to_string(),
            "rulesVersion": esma_core::rules::RULES_VERSION,
            "blocking": report.has_blocking(),
            "findings": report.findings,
            "checklist": report.checklist,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print_report(&file, today, &report);
    }
    Ok(if report.has_blocking() { 1 } else { 0 })
}

fn print_report(file: &Path, today: NaiveDate, report: &Report) {
    println!("Referral: {}", file.display());
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

fn cmd_schema(args: &[String]) -> Res<u8> {
    let o = parse_opts(args, &[])?;
    if !o.positional.is_empty() {
        return Err(Fail("schema takes no arguments".into()));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&esma_core::schema::referral_schema()).unwrap_or_default()
    );
    Ok(0)
}

fn cmd_example(args: &[String]) -> Res<u8> {
    let o = parse_opts(args, &["--dir", "--today", "--settings"])?;
    if !o.positional.is_empty() {
        return Err(Fail("example takes no file; use --dir DIR".into()));
    }
    let settings = load_settings(&o)?;
    let (referral, files) = example::build(today(&o), &settings);
    let text = serde_json::to_string_pretty(&referral).unwrap_or_default() + "\n";
    match &o.dir {
        None => print!("{text}"),
        Some(dir) => {
            let write = |p: PathBuf, b: &[u8]| {
                std::fs::write(&p, b)
                    .map_err(|e| Fail(format!("cannot write {}: {e}", p.display())))
            };
            std::fs::create_dir_all(dir)
                .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
            write(dir.join("referral.json"), text.as_bytes())?;
            for f in &files {
                write(dir.join(f.name), f.bytes)?;
            }
            eprintln!(
                "Wrote {} and {} attachment files.",
                dir.join("referral.json").display(),
                files.len()
            );
        }
    }
    Ok(0)
}
