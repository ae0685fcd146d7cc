//! `esma-referral verify PACK… [--trusted KEYS.json] [--json] [--register FILE.csv]`:
//! check one pack, many, or every `*.esma-pack.json` in a folder, in one
//! process.
//!
//! Per pack: 0 valid and trusted, 3 valid but the signer is not on the
//! trusted list (or no list was given), 1 invalid or tampered, 2 unreadable.
//! With several packs the exit code is the first of 1, 2, 3 that any pack
//! has, else 0. A trusted list that cannot be used is an error (2) before
//! any pack is read.
//!
//! Today's rules run on packs from trusted signers; for an unknown signer
//! only with `--run-rules` (anyone can sign a pack, and the rules are the
//! expensive part). Nothing from a pack is printed until its signature holds,
//! and everything printed goes through `esma_core::safe_text`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use esma_core::pack::verify::register::{csv_line, RegisterRow, HEADER};
use esma_core::pack::verify::{too_large, unreadable, verify_pack, Limits, Verification};
use esma_core::safe_text::sanitise;
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;

use crate::pack_io::{read_key_text, P256Verifier};
use crate::{shown, Day, Fail, Res};

/// `verify` arguments.
#[derive(clap::Args)]
#[command(after_help = "\
Exit 0 valid and trusted, 3 valid but the signer is not on the trusted list,
1 invalid or tampered, 2 unreadable. With several packs: the first of 1, 2, 3
that any pack has, else 0.")]
pub struct VerifyArgs {
    /// Pack files, or folders (every *.esma-pack.json in them)
    #[arg(required = true, value_name = "PACK")]
    packs: Vec<PathBuf>,
    /// The council's trusted school keys (a JWK Set)
    #[arg(long, value_name = "KEYS.json")]
    trusted: Option<PathBuf>,
    /// Print JSON: one object for one pack file, a list otherwise
    #[arg(long)]
    json: bool,
    /// Also run today's rules on packs whose signer is not on the trusted list
    #[arg(long)]
    run_rules: bool,
    /// Write a register of the packs: one CSV row per pack
    #[arg(long, value_name = "FILE.csv")]
    register: Option<PathBuf>,
    /// The largest pack read, in bytes (default 200 MiB)
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,
    #[command(flatten)]
    day: Day,
}

/// What is needed to check each pack.
struct Checker {
    limits: Limits,
    trusted: JwkSet,
    settings: Settings,
    today: chrono::NaiveDate,
    run_rules: bool,
}

pub fn run(args: &VerifyArgs) -> Res<u8> {
    let mut limits = Limits::default();
    if let Some(m) = args.max_bytes {
        limits.max_pack_bytes = m;
    }
    let trusted = match &args.trusted {
        None => JwkSet::empty(),
        Some(p) => {
            JwkSet::from_json(&read_key_text(p)?).map_err(|e| Fail(format!("{}: {e}", shown(p))))?
        }
    };
    let checker = Checker {
        limits,
        trusted,
        settings: args.day.settings()?,
        today: args.day.today(),
        run_rules: args.run_rules,
    };
    let single = args.packs.len() == 1 && !args.packs[0].is_dir();
    let files = pack_files(&args.packs)?;
    let mut register = match &args.register {
        None => None,
        Some(p) => {
            let mut f = std::fs::File::create(p)
                .map_err(|e| Fail(format!("cannot write {}: {e}", shown(p))))?;
            f.write_all(csv_line(&HEADER).as_bytes())
                .map_err(|e| Fail(format!("cannot write {}: {e}", shown(p))))?;
            Some((p, std::io::BufWriter::new(f)))
        }
    };
    let mut json_out = Vec::new();
    let mut codes = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let v = match checker.check(file) {
            Ok(v) => v,
            // One file: its problem is the answer. Among many: a row.
            Err(Fail(why)) if single => return Err(Fail(why)),
            Err(Fail(_)) => unreadable("The file could not be read."),
        };
        codes.push(v.verdict.exit_code());
        if let Some((p, w)) = &mut register {
            let row = RegisterRow::of(&shown(file), &v);
            w.write_all(csv_line(&row.cells()).as_bytes())
                .map_err(|e| Fail(format!("cannot write {}: {e}", shown(p))))?;
        }
        if args.json {
            json_out.push(json_of(file, &v));
        } else {
            if i > 0 {
                println!();
            }
            print_text(file, &v);
        }
    }
    if let Some((p, mut w)) = register {
        w.flush()
            .map_err(|e| Fail(format!("cannot write {}: {e}", shown(p))))?;
    }
    if args.json {
        if single {
            println!("{}", json_out.concat());
        } else {
            // A list of the objects, each indented as pretty JSON would.
            let items: Vec<String> = json_out
                .iter()
                .map(|o| format!("  {}", o.replace('\n', "\n  ")))
                .collect();
            println!("[\n{}\n]", items.join(",\n"));
        }
    } else if !single {
        println!();
        println!("{}", summary(&codes));
    }
    Ok(batch_code(&codes))
}

impl Checker {
    /// Check one pack file. `Err` when the file cannot be read at all.
    fn check(&self, file: &Path) -> Res<Verification> {
        let meta = std::fs::metadata(file)
            .map_err(|e| Fail(format!("cannot read {}: {e}", shown(file))))?;
        if meta.is_dir() {
            return Err(Fail(format!(
                "cannot read {}: it is a folder, not a file",
                shown(file)
            )));
        }
        // Refuse a huge file before reading it; the core checks the same limit.
        if meta.len() > self.limits.max_pack_bytes {
            return Ok(too_large(meta.len(), &self.limits));
        }
        let bytes =
            std::fs::read(file).map_err(|e| Fail(format!("cannot read {}: {e}", shown(file))))?;
        let mut v = verify_pack(
            &bytes,
            &self.limits,
            &P256Verifier,
            &self.trusted,
            self.today,
            &self.settings,
        );
        if self.run_rules {
            v.run_rules(self.today, &self.settings);
        }
        Ok(v)
    }
}

/// The pack files named: each file as given, and every `*.esma-pack.json`
/// in each folder, by name.
fn pack_files(paths: &[PathBuf]) -> Res<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(p).map_err(|e| Fail(format!("cannot read {}: {e}", shown(p))))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|f| {
                f.is_file()
                    && f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(esma_core::pack::FILE_EXTENSION))
            })
            .collect();
        if found.is_empty() {
            return Err(Fail(format!(
                "{} has no files ending {}",
                shown(p),
                esma_core::pack::FILE_EXTENSION
            )));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// The exit code for several packs: the first of 1, 2, 3 that any has.
fn batch_code(codes: &[u8]) -> u8 {
    [1, 2, 3]
        .into_iter()
        .find(|c| codes.contains(c))
        .unwrap_or(0)
}

/// One line counting the verdicts.
fn summary(codes: &[u8]) -> String {
    let n = |c: u8| codes.iter().filter(|&&x| x == c).count();
    format!(
        "{} packs: {} valid and trusted, {} valid with an unknown signer, {} invalid, {} unreadable.",
        codes.len(),
        n(0),
        n(3),
        n(1),
        n(2)
    )
}

fn print_text(file: &Path, v: &Verification) {
    println!("Referral pack: {}", shown(file));
    print!("{}", v.to_text());
    if v.rules_skipped.is_some() {
        println!("To run today's rules on it anyway, add --run-rules.");
    }
    // Who consented, for a valid pack whose consent check passed: the words
    // typed in the response, printed apart from the checker's own output
    // (which never repeats the pack), and made safe to print.
    if let Some(c) = v.consent.as_ref().filter(|c| c.route == "app") {
        if let (Some(n), Some(r)) = (&c.name, &c.relationship) {
            println!();
            println!(
                "Consent by:   {} ({}); who made the response is not verified",
                crate::clip(&sanitise(n), 80),
                crate::clip(&sanitise(r), 80)
            );
        }
    }
}

/// One pack as pretty JSON, its members in the order written (the verdict
/// first).
fn json_of(file: &Path, v: &Verification) -> String {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out<'a> {
        file: String,
        exit_code: u8,
        #[serde(flatten)]
        verification: &'a Verification,
        #[serde(skip_serializing_if = "Option::is_none")]
        consent_by: Option<serde_json::Value>,
    }
    let consent_by = v
        .consent
        .as_ref()
        .filter(|c| c.route == "app")
        .and_then(|c| {
            Some(serde_json::json!({
                "name": sanitise(c.name.as_ref()?),
                "relationship": sanitise(c.relationship.as_ref()?),
            }))
        });
    let out = Out {
        file: shown(file),
        exit_code: v.verdict.exit_code(),
        verification: v,
        consent_by,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}
