//! Runs the built `esma-referral` binary: every command, exit codes exactly
//! 0/1/2, and hostile input (wrong types, huge strings, deep nesting, invalid
//! dates, huge files, bad UTF-8) that must never panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const AS_OF: &str = "2026-11-28";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_esma-referral"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run esma-referral")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    repo()
        .join("fixtures/referrals")
        .join(name)
        .display()
        .to_string()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esma-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn write_temp(name: &str, bytes: &[u8]) -> String {
    let p = temp(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// A hostile file must give exit 2, a short message on stderr, and no panic.
fn assert_unreadable(path: &str, mention: &str) {
    let o = run(&["check", path, "--today", AS_OF]);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{path}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.len() < 1000, "message too long: {} bytes", err.len());
    assert!(err.contains(mention), "expected {mention:?} in {err}");
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert_eq!(code(&o), 0);
    for cmd in ["rules", "check", "schema", "example"] {
        assert!(stdout(&o).contains(cmd));
    }
    assert!(stdout(&run(&["--version"])).starts_with("esma-referral "));
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(code(&run(&["check"])), 2);
    assert_eq!(
        code(&run(&[
            "check",
            &fixture("complete.json"),
            "--today",
            "2026-02-30"
        ])),
        2
    );
    assert_eq!(
        code(&run(&["check", &fixture("complete.json"), "--bogus"])),
        2
    );
    assert_eq!(
        code(&run(&["check", &fixture("complete.json"), "--today"])),
        2
    );
}

#[test]
fn rules_json_shape() {
    let o = run(&["rules", "--json"]);
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), esma_core::rules::catalogue().len());
    for r in rules {
        assert!(r["id"].is_string() && r["summary"].is_string());
        assert!(["blocking", "warning", "info"].contains(&r["severity"].as_str().unwrap()));
        for k in ["document", "section", "quote"] {
            assert!(r["source"][k].is_string(), "{}: source.{k}", r["id"]);
        }
        assert!(!r["sources"].as_array().unwrap().is_empty());
    }
    let table = run(&["rules"]);
    assert_eq!(code(&table), 0);
    assert!(stdout(&table).contains("entry-school-age"));
}

#[test]
fn check_exit_codes_and_json() {
    let ok = run(&[
        "check",
        &fixture("complete.json"),
        "--today",
        AS_OF,
        "--json",
    ]);
    assert_eq!(code(&ok), 0, "{}", stdout(&ok));
    let v: Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(v["blocking"], false);
    assert_eq!(v["checklist"].as_array().unwrap().len(), 6);
    assert_eq!(v["checklist"][0]["status"], "complete");

    let warn = run(&["check", &fixture("gp-only.json"), "--today", AS_OF]);
    assert_eq!(code(&warn), 0);
    assert!(stdout(&warn).contains("Warnings"));

    let bad = run(&[
        "check",
        &fixture("missing-medical-evidence-and-funding-statement.json"),
        "--today",
        AS_OF,
        "--json",
    ]);
    assert_eq!(code(&bad), 1);
    let v: Value = serde_json::from_str(&stdout(&bad)).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "entry-medical-evidence");
    assert_eq!(f["severity"], "blocking");
    assert_eq!(f["field"], "medicalEvidence");
    assert!(f["message"].is_string());

    let text = run(&["check", &fixture("not-eligible-age.json"), "--today", AS_OF]);
    assert_eq!(code(&text), 1);
    let out = stdout(&text);
    assert!(
        out.contains("Must be put right")
            && out.contains("Annex 2 checklist")
            && out.contains("28 November 2026")
    );
}

#[test]
fn check_with_settings() {
    let broken = write_temp("broken-settings.json", br#"{"evidenceCurrencyWeeks": 0}"#);
    let o = run(&[
        "check",
        &fixture("complete.json"),
        "--today",
        AS_OF,
        "--settings",
        &broken,
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("evidenceCurrencyWeeks"));
    let settings = repo().join("assets/settings.json").display().to_string();
    let o = run(&[
        "check",
        &fixture("stale-evidence.json"),
        "--today",
        AS_OF,
        "--settings",
        &settings,
    ]);
    assert_eq!(code(&o), 0);
    let relaxed = write_temp("relaxed-settings.json", br#"{"evidenceCurrencyWeeks": 24}"#);
    let o = run(&[
        "check",
        &fixture("stale-evidence.json"),
        "--today",
        AS_OF,
        "--settings",
        &relaxed,
        "--json",
    ]);
    assert!(!stdout(&o).contains("evidence-currency"));
}

#[test]
fn hostile_wrong_types() {
    let p = write_temp(
        "wrong-type.json",
        b"{\n  \"pupil\": {\n    \"yearGroup\": \"nine\"\n  }\n}",
    );
    assert_unreadable(&p, "pupil.yearGroup");
    assert_unreadable(&p, "line 3");
    let p = write_temp("negative.json", br#"{"absence": {"schoolDaysMissed": -1}}"#);
    assert_unreadable(&p, "absence.schoolDaysMissed");
    let p = write_temp("float.json", br#"{"absence": {"schoolDaysMissed": 1.5}}"#);
    assert_unreadable(&p, "absence.schoolDaysMissed");
    let p = write_temp(
        "too-big-number.json",
        br#"{"attachments": [{"size": 1e300}]}"#,
    );
    assert_unreadable(&p, "attachments[0].size");
    let p = write_temp(
        "bad-enum.json",
        br#"{"medicalEvidence": [{"tier": "psychic"}]}"#,
    );
    assert_unreadable(&p, "medicalEvidence[0].tier");
    let p = write_temp("array.json", b"[]");
    assert_unreadable(&p, "JSON object");
    let p = write_temp("null.json", b"null");
    assert_unreadable(&p, "JSON object");
    let p = write_temp("empty-file.json", b"");
    assert_unreadable(&p, "JSON object");
    let p = write_temp("trailing.json", b"{} {}");
    assert_unreadable(&p, "trailing");
    let p = write_temp("truncated.json", br#"{"pupil": {"firstName": "Ro"#);
    assert_unreadable(&p, "line 1");
}

#[test]
fn hostile_huge_strings() {
    // A huge string where a number belongs: refused by the reader's cap on
    // one string, before any typed reading (where, never what).
    let mut big = br#"{"pupil": {"yearGroup": ""#.to_vec();
    big.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    big.extend(br#""}}"#);
    let p = write_temp("huge-wrong.json", &big);
    assert_unreadable(&p, "line 1");
    // A file over the referral limit (8 MiB): refused before it is read.
    let mut big = br#"{"additionalInformation": ""#.to_vec();
    big.extend(std::iter::repeat_n(b'y', 10 * 1024 * 1024));
    big.extend(br#""}"#);
    let p = write_temp("huge-text.json", &big);
    assert_unreadable(&p, "largest allowed");
    // One answer over 10,000 characters: refused with its path, not echoed.
    let mut long = br#"{"pupil": {"upn": ""#.to_vec();
    long.extend(std::iter::repeat_n(b'z', 10_001));
    long.extend(br#""}}"#);
    let p = write_temp("long-answer.json", &long);
    assert_unreadable(
        &p,
        "at pupil.upn there is a text of more than 10000 characters",
    );
    let o = run(&["check", &p, "--today", AS_OF]);
    assert!(!stderr(&o).contains("zzzz"));
    // Many items: the limits on lists.
    let many = format!(r#"{{"medicalEvidence": [{}]}}"#, vec!["{}"; 51].join(","));
    let p = write_temp("many-evidence.json", many.as_bytes());
    assert_unreadable(
        &p,
        "at medicalEvidence there is a list of more than 50 items",
    );
}

#[test]
fn hostile_deep_nesting() {
    for (name, text) in [
        (
            "deep-array.json",
            format!(
                "{{\"pupil\": {{\"firstName\": {}{}}}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "deep-unknown.json",
            format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "deep-object.json",
            format!("{}1{}", "{\"pupil\":".repeat(50_000), "}".repeat(50_000)),
        ),
        (
            "deep-open.json",
            format!("{{\"medicalEvidence\": {}", "[".repeat(1_000_000)),
        ),
    ] {
        let p = write_temp(name, text.as_bytes());
        let o = run(&["check", &p, "--today", AS_OF]);
        let c = code(&o);
        assert!(c == 1 || c == 2, "{name}: exit {c}");
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    }
}

#[test]
fn hostile_invalid_dates_are_findings() {
    let p = write_temp(
        "dates.json",
        br#"{"pupil": {"dateOfBirth": "2013-02-30"}, "medicalEvidence": [{"date": "99999-01-01"}, {"date": "2026--01"}], "consent": {"signed": true, "signedOn": "\u0000"}}"#,
    );
    let o = run(&["check", &p, "--today", AS_OF, "--json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.contains(&"Date of birth must be a real date"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"Date of the medical evidence must include a month"),
        "{msgs:?}"
    );
}

#[test]
fn hostile_files() {
    let missing = temp("does-not-exist.json").display().to_string();
    assert_unreadable(&missing, "does-not-exist.json");
    let dir = temp("a-folder");
    std::fs::create_dir_all(&dir).unwrap();
    assert_unreadable(&dir.display().to_string(), "folder");
    let p = write_temp("latin1.json", b"{\"pupil\": {\"firstName\": \"Zo\xeb\"}}");
    assert_unreadable(&p, "UTF-8");
    // Over 50 MB: refused before reading (a sparse file costs no disk).
    let big = temp("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024 + 1).unwrap();
    assert_unreadable(&big.display().to_string(), "largest allowed");
}

#[test]
fn schema_matches_committed_file() {
    let o = run(&["schema"]);
    assert_eq!(code(&o), 0);
    let committed = std::fs::read_to_string(repo().join("docs/referral.schema.json")).unwrap();
    assert_eq!(
        stdout(&o),
        committed,
        "docs/referral.schema.json is stale: run `cargo run -p esma-cli -- schema > docs/referral.schema.json`"
    );
    let v: Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(v["type"], "object");
    assert!(v["properties"]["medicalEvidence"].is_object());
}

#[test]
fn example_passes_on_any_date() {
    for today in [
        "2026-11-28",
        "2024-02-29",
        "2025-03-01",
        "2031-07-15",
        "2027-09-01",
        "2040-12-31",
    ] {
        let o = run(&["example", "--today", today]);
        assert_eq!(code(&o), 0);
        let p = write_temp(&format!("example-{today}.json"), &o.stdout);
        let c = run(&["check", &p, "--today", today, "--json"]);
        let v: Value = serde_json::from_str(&stdout(&c)).unwrap();
        assert_eq!(code(&c), 0, "{today}: {:#}", v["findings"]);
        // Only the warning that a paper consent form cannot be checked.
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["rule"] == "consent-paper-unverifiable"),
            "{today}: {:#}",
            v["findings"]
        );
    }
    // Today's real date.
    let o = run(&["example"]);
    let p = write_temp("example-today.json", &o.stdout);
    assert_eq!(code(&run(&["check", &p])), 0);
}

#[test]
fn example_dir_writes_matching_files() {
    use sha2::{Digest, Sha256};
    let dir = temp("example-dir");
    let o = run(&[
        "example",
        "--dir",
        &dir.display().to_string(),
        "--today",
        AS_OF,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let referral = dir.join("referral.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&referral).unwrap()).unwrap();
    let atts = v["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 6);
    for a in atts {
        let bytes = std::fs::read(dir.join(a["name"].as_str().unwrap())).unwrap();
        assert_eq!(a["size"].as_u64().unwrap(), bytes.len() as u64);
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(a["sha256"], hex.as_str());
    }
    assert_eq!(
        code(&run(&[
            "check",
            &referral.display().to_string(),
            "--today",
            AS_OF
        ])),
        0
    );
}
