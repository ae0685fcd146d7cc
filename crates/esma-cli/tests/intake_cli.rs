//! The council's intake on the command line (issue 12), through the built
//! binary: `--help` for every subcommand and errors that name the flag;
//! `verify` over many packs and folders with a register and JSON; nothing
//! from an unverified pack printed; errors that never quote health data;
//! consent responses bound to their request.

mod support;

use std::path::PathBuf;

use esma_core::signed::{b64, jcs};
use serde_json::{json, Value};
use support::{code, err, fixture_folder, out, run};

/// A folder with the complete fixture, its files and a school key.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        Dir(fixture_folder("intake", name))
    }

    fn p(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    /// A key; its public JWK.
    fn key(&self, name: &str) -> Value {
        let o = run(&["keygen", "--out", &self.p(name)]);
        assert_eq!(code(&o), 0, "{}", err(&o));
        serde_json::from_str(&out(&o)).unwrap()
    }

    fn sign(&self, key: &str, pack: &str) {
        let o = run(&[
            "sign",
            &self.p("referral.json"),
            "--key",
            &self.p(key),
            "--out",
            &self.p(pack),
            "--today",
            "2026-11-28",
        ]);
        assert_eq!(code(&o), 0, "{}", err(&o));
    }

    fn read(&self, name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(self.0.join(name)).unwrap()).unwrap()
    }

    fn write(&self, name: &str, v: &Value) {
        std::fs::write(self.0.join(name), serde_json::to_vec_pretty(v).unwrap()).unwrap();
    }
}

#[test]
fn every_subcommand_has_help_and_errors_name_the_flag() {
    for sub in [
        "rules",
        "check",
        "schema",
        "example",
        "keygen",
        "sign",
        "verify",
        "consent-request",
        "consent-respond",
        "consent-apply",
    ] {
        let o = run(&[sub, "--help"]);
        assert_eq!(code(&o), 0, "{sub}: {}", err(&o));
        assert!(
            out(&o).contains(&format!("Usage: esma-referral {sub}")),
            "{sub}: {}",
            out(&o)
        );
    }
    let o = run(&["--help"]);
    assert!(out(&o).contains("Exit codes:") && out(&o).contains("3  verify only"));
    let o = run(&["check", "referral.json", "--bogus"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("--bogus"), "{}", err(&o));
    let o = run(&["check", "referral.json", "--today", "2026-02-30"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("--today"), "{}", err(&o));
    let o = run(&["consent-respond", "r.json", "--decision", "maybe"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("--decision"), "{}", err(&o));
    // consent-apply must be told which request the response answers.
    let o = run(&[
        "consent-apply",
        "referral.json",
        "response.json",
        "--out",
        "x.json",
    ]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("--request"), "{}", err(&o));
    let o = run(&["--version"]);
    assert!(out(&o).contains("(rules "));
}

/// Many packs in one run, from files and folders: the register has one
/// row per pack, from checked content only, safe for a spreadsheet.
#[test]
fn verify_many_packs_with_a_register() {
    let d = Dir::new("register");
    let school = d.key("school.jwk");
    d.key("stranger.jwk");
    let packs = d.0.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    d.sign("school.jwk", "packs/a-trusted.esma-pack.json");
    d.sign("stranger.jwk", "packs/b-unknown.esma-pack.json");
    // A tampered pack: a file removed.
    let mut t = d.read("packs/a-trusted.esma-pack.json");
    t["files"].as_array_mut().unwrap().pop();
    d.write("packs/c-tampered.esma-pack.json", &t);
    // Not a pack at all, and a file the folder listing skips.
    std::fs::write(packs.join("d-not-a-pack.esma-pack.json"), "{}").unwrap();
    std::fs::write(packs.join("notes.txt"), "not a pack").unwrap();
    // The council's list names the school: a name that is also a formula.
    let mut named = school.clone();
    named["name"] = json!("=HYPERLINK(\"http://x.invalid\",\"Example School\")");
    d.write("keys.json", &json!({"keys": [named]}));

    let o = run(&[
        "verify",
        &d.p("packs"),
        "--trusted",
        &d.p("keys.json"),
        "--today",
        "2026-11-28",
        "--register",
        &d.p("register.csv"),
    ]);
    assert_eq!(code(&o), 1, "the first of 1, 2, 3 that any pack has");
    let text = out(&o);
    assert!(text.contains("4 packs: 1 valid and trusted, 1 valid with an unknown signer, 1 invalid, 1 unreadable."), "{text}");
    assert!(text.contains("add --run-rules"));

    let csv = std::fs::read_to_string(d.0.join("register.csv")).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].starts_with("\"File\",\"Verdict\",\"Signer\",\"Pupil initials\""));
    // Trusted: the school's name (as text, not a formula), the initials of
    // the fixture's pupil, year group, time, and today's rules.
    assert!(rows[1].contains("\"trusted\",\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"Example School\"\")\",\"RT\",\"9\",\"20"), "{}", rows[1]);
    // Nothing blocks, a number of warnings, no Annex 2 item missing.
    let trusted = cells(rows[1]);
    assert_eq!(trusted[6], "0", "{}", rows[1]);
    assert!(trusted[7].parse::<u32>().is_ok(), "{}", rows[1]);
    assert_eq!(trusted[8], "", "{}", rows[1]);
    // Unknown signer: its fingerprint; the rules were not run.
    assert!(
        rows[2].contains("\"valid-unknown-signer\",\"unknown ("),
        "{}",
        rows[2]
    );
    assert!(rows[2].ends_with(",\"\",\"\",\"\""), "{}", rows[2]);
    // Invalid and unreadable: the verdict only.
    assert!(
        rows[3].ends_with("\"invalid\",\"\",\"\",\"\",\"\",\"\",\"\",\"\""),
        "{}",
        rows[3]
    );
    assert!(rows[4].contains("\"unreadable\""), "{}", rows[4]);
    assert!(!csv.contains("Robin") && !csv.contains("Taylor"));

    // With --run-rules, the unknown signer's pack is checked too; --json is
    // a list, one object per pack.
    let o = run(&[
        "verify",
        &d.p("packs/a-trusted.esma-pack.json"),
        &d.p("packs/b-unknown.esma-pack.json"),
        "--trusted",
        &d.p("keys.json"),
        "--today",
        "2026-11-28",
        "--run-rules",
        "--json",
        "--register",
        &d.p("register2.csv"),
    ]);
    assert_eq!(code(&o), 3);
    let list: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["verdict"]["status"], "trusted");
    assert_eq!(list[1]["verdict"]["status"], "valid-unknown-signer");
    assert!(list[1]["rulesToday"].is_object());
    let csv = std::fs::read_to_string(d.0.join("register2.csv")).unwrap();
    let unknown = cells(csv.lines().nth(2).unwrap());
    assert_eq!(unknown[6..], trusted[6..], "{csv}");
}

/// A register row's cells (RFC 4180: every cell quoted, `""` for `"`).
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = row.trim_end().chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    out.push(cell);
    out
}

/// The issue's terminal attack, through the program: an invalid pack whose
/// manifest carries escapes prints none of them, and no fake verdict.
#[test]
fn nothing_from_an_unverified_pack_reaches_the_terminal() {
    let d = Dir::new("escapes");
    d.key("school.jwk");
    d.sign("school.jwk", "pack.esma-pack.json");
    let mut p = d.read("pack.esma-pack.json");
    let payload = b64::decode_url(p["signed"]["payload"].as_str().unwrap()).unwrap();
    let mut m = jcs::parse_bytes(&payload).unwrap();
    m["packId"] =
        json!("\u{1b}[2J\u{1b}[H\rValid: the pack is intact and signed by a trusted school key.");
    m["createdAt"] = json!("\u{1b}]0;x\u{7}");
    m["app"]["name"] = json!("\u{9b}31m");
    p["signed"]["payload"] = json!(b64::encode_url(jcs::to_string(&m).as_bytes()));
    d.write("hostile.esma-pack.json", &p);
    let path = d.p("hostile.esma-pack.json");
    for extra in [None, Some("--json")] {
        let mut args = vec!["verify", path.as_str()];
        args.extend(extra);
        let o = run(&args);
        assert_eq!(code(&o), 1);
        let all = out(&o) + &err(&o);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\r'] {
            assert!(!all.contains(bad), "{:04x}", bad as u32);
        }
        assert!(!all.contains("Valid: the pack"), "{all}");
    }
    // The forged header: the school's own key named, another key's signature.
    let mut forged = d.read("pack.esma-pack.json");
    let sig = forged["signed"]["signature"].as_str().unwrap().to_owned();
    let mut bytes = b64::decode_url(&sig).unwrap();
    bytes[10] ^= 1;
    forged["signed"]["signature"] = json!(b64::encode_url(&bytes));
    d.write("forged.esma-pack.json", &forged);
    let school: Value =
        serde_json::from_slice(&std::fs::read(d.0.join("school.jwk")).unwrap()).unwrap();
    let mut public = school.clone();
    public.as_object_mut().unwrap().remove("d");
    d.write("keys.json", &json!({"keys": [public]}));
    let o = run(&[
        "verify",
        &d.p("forged.esma-pack.json"),
        "--trusted",
        &d.p("keys.json"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        out(&o).contains("[skip] Signer: Not checked"),
        "{}",
        out(&o)
    );
    let o = run(&[
        "verify",
        &d.p("forged.esma-pack.json"),
        "--trusted",
        &d.p("keys.json"),
        "--json",
    ]);
    let j: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(j["exitCode"], 1);
    assert!(j.get("signer").is_none() && j.get("pack").is_none());
}

/// "invalid type: string "Diagnosed with …"" and "unknown variant `…
/// clinic letter`" never appear: the reader says where and what kind.
#[test]
fn errors_never_quote_the_referral() {
    let d = Dir::new("quotes");
    for (name, text) in [
        (
            "wrong-type.json",
            r#"{"pupil": {"yearGroup": "Diagnosed with secret illness"}}"#,
        ),
        (
            "bad-choice.json",
            r#"{"medicalEvidence": [{"tier": "secret clinic letter"}]}"#,
        ),
    ] {
        std::fs::write(d.0.join(name), text).unwrap();
        d.key(&format!("{name}.jwk"));
        let (path, key, to) = (d.p(name), d.p(&format!("{name}.jwk")), d.p("out.json"));
        for args in [
            vec!["check", path.as_str()],
            vec![
                "sign",
                path.as_str(),
                "--key",
                key.as_str(),
                "--out",
                to.as_str(),
            ],
            vec![
                "consent-request",
                path.as_str(),
                "--key",
                key.as_str(),
                "--out",
                to.as_str(),
            ],
        ] {
            let cmd = args[0];
            let o = run(&args);
            assert_eq!(code(&o), 2);
            assert!(!err(&o).contains("secret"), "{cmd} {name}: {}", err(&o));
        }
        let o = run(&["check", &d.p(name)]);
        assert!(
            err(&o).contains("pupil.yearGroup") || err(&o).contains("medicalEvidence[0].tier"),
            "{}",
            err(&o)
        );
    }
}

/// `consent-apply` takes the request sent: a response to another request
/// with the same content is refused, and a tampered request is refused with
/// the same exit code as `consent-respond`'s.
#[test]
fn consent_apply_checks_the_request_it_is_given() {
    let d = Dir::new("binding");
    d.key("school.jwk");
    for req in ["first.json", "second.json"] {
        let o = run(&[
            "consent-request",
            &d.p("referral.json"),
            "--key",
            &d.p("school.jwk"),
            "--out",
            &d.p(req),
        ]);
        assert_eq!(code(&o), 0, "{}", err(&o));
    }
    let o = run(&[
        "consent-respond",
        &d.p("first.json"),
        "--decision",
        "given",
        "--name",
        "Chris Taylor",
        "--relationship",
        "Mother",
        "--out",
        &d.p("response.json"),
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let apply = |req: &str| {
        run(&[
            "consent-apply",
            &d.p("referral.json"),
            &d.p("response.json"),
            "--request",
            &d.p(req),
            "--out",
            &d.p("applied.json"),
        ])
    };
    let o = apply("second.json");
    assert_eq!(code(&o), 1);
    assert!(err(&o).contains("different consent request"), "{}", err(&o));
    assert!(!d.0.join("applied.json").exists());
    assert_eq!(code(&apply("first.json")), 0);

    // A tampered request: 1 for consent-respond and consent-apply alike.
    let mut t = d.read("first.json");
    let p = t["signed"]["payload"].as_str().unwrap().to_owned();
    t["signed"]["payload"] = json!(format!("{}A", &p[..p.len() - 1]));
    d.write("tampered.json", &t);
    let o = run(&[
        "consent-respond",
        &d.p("tampered.json"),
        "--decision",
        "given",
        "--name",
        "A",
        "--relationship",
        "B",
        "--out",
        &d.p("r2.json"),
    ]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert_eq!(code(&apply("tampered.json")), 1);
    // Not a request at all: 2 for both.
    assert_eq!(code(&apply("referral.json")), 2);
}
