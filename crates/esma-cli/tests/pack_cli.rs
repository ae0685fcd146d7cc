//! `keygen`, `sign` and `verify` through the built binary: every exit code
//! (0, 1, 2, 3), the key file's mode, and a flipped byte in the payload, the
//! signature, the protected header and each attached file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use esma_core::signed::b64;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_esma-referral"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/referrals")
}

/// A fresh folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pack_cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The complete fixture and its files together in one folder, a key, a
/// trusted list with that key, and a signed pack.
struct Setup {
    dir: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Self {
        let dir = scratch(name);
        std::fs::copy(fixtures().join("complete.json"), dir.join("referral.json")).unwrap();
        for e in std::fs::read_dir(fixtures().join("files")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
        let s = Setup { dir };
        let o = run(&["keygen", "--out", s.p("key.jwk")]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let public: Value = serde_json::from_str(&stdout(&o)).unwrap();
        std::fs::write(
            s.dir.join("keys.json"),
            serde_json::json!({ "keys": [public] }).to_string(),
        )
        .unwrap();
        let o = run(&[
            "sign",
            s.p("referral.json"),
            "--key",
            s.p("key.jwk"),
            "--out",
            s.p("pack.esma-pack.json"),
            "--today",
            "2026-11-28",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        s
    }

    fn p(&self, name: &str) -> &'static str {
        Box::leak(
            self.dir
                .join(name)
                .to_string_lossy()
                .into_owned()
                .into_boxed_str(),
        )
    }

    fn pack(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.dir.join("pack.esma-pack.json")).unwrap())
            .unwrap()
    }

    fn verify(&self, pack: &Value, extra: &[&str]) -> Output {
        let path = self.dir.join("edited.esma-pack.json");
        std::fs::write(&path, serde_json::to_vec_pretty(pack).unwrap()).unwrap();
        let mut args = vec![
            "verify",
            self.p("edited.esma-pack.json"),
            "--trusted",
            self.p("keys.json"),
            "--today",
            "2026-11-28",
        ];
        args.extend_from_slice(extra);
        run(&args)
    }
}

fn flip_b64url(text: &str, at: usize) -> String {
    let mut b = b64::decode_url(text).unwrap();
    b[at] ^= 0x01;
    b64::encode_url(&b)
}

#[test]
fn keygen_writes_a_private_key_readable_only_by_its_owner() {
    let dir = scratch("keygen");
    let key = dir.join("school.jwk");
    let o = run(&["keygen", "--out", key.to_str().unwrap()]);
    assert_eq!(code(&o), 0);
    let private: Value = serde_json::from_slice(&std::fs::read(&key).unwrap()).unwrap();
    let public: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(private["d"].is_string());
    assert!(
        public.get("d").is_none(),
        "the public key printed never has d"
    );
    assert_eq!(private["kid"], public["kid"]);
    for k in ["kty", "crv", "x", "y"] {
        assert_eq!(private[k], public[k]);
    }
    assert!(stderr(&o).contains("Fingerprint:"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Never overwrites a key.
    let o = run(&["keygen", "--out", key.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(code(&run(&["keygen"])), 2);
}

#[test]
fn verify_exit_codes() {
    let s = Setup::new("exit-codes");
    let pack = s.p("pack.esma-pack.json");
    // 0: valid and trusted.
    let o = run(&[
        "verify",
        pack,
        "--trusted",
        s.p("keys.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Valid: the pack is intact and signed by a trusted school key."));
    // 3: valid, unknown signer (no list, or a list without the key).
    let o = run(&["verify", pack, "--today", "2026-11-28"]);
    assert_eq!(code(&o), 3, "{}", stdout(&o));
    std::fs::write(s.dir.join("empty.json"), r#"{"keys":[]}"#).unwrap();
    assert_eq!(
        code(&run(&["verify", pack, "--trusted", s.p("empty.json")])),
        3
    );
    // 1: invalid.
    let mut p = s.pack();
    p["files"].as_array_mut().unwrap().pop();
    assert_eq!(code(&s.verify(&p, &[])), 1);
    // 2: unreadable, not a pack, too big, or a broken trusted list.
    assert_eq!(code(&run(&["verify", s.p("missing.json")])), 2);
    assert_eq!(code(&run(&["verify", s.p("referral.json")])), 2);
    assert_eq!(code(&run(&["verify", s.p("apdr.txt")])), 2);
    let o = run(&["verify", pack, "--max-bytes", "1000"]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).contains("so it was not read"));
    assert_eq!(
        code(&run(&["verify", pack, "--trusted", s.p("referral.json")])),
        2
    );
    assert_eq!(code(&run(&["verify"])), 2);
}

#[test]
fn verify_json_matches_the_exit_code() {
    let s = Setup::new("json");
    let o = run(&[
        "verify",
        s.p("pack.esma-pack.json"),
        "--trusted",
        s.p("keys.json"),
        "--json",
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 0);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["exitCode"], 0);
    assert_eq!(j["verdict"]["status"], "trusted");
    assert_eq!(j["checks"].as_array().unwrap().len(), 7);
    assert!(j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["ok"] == true));
    assert!(j["reply"]
        .as_str()
        .unwrap()
        .contains("meets the entry criteria"));
    let out = stdout(&o);
    assert!(out.find("\"verdict\"").unwrap() < out.find("\"checks\"").unwrap());
}

#[test]
fn sign_refuses_blocking_findings_and_mismatched_files() {
    let s = Setup::new("sign-refusals");
    std::fs::copy(
        fixtures().join("missing-medical-evidence-and-funding-statement.json"),
        s.dir.join("blocked.json"),
    )
    .unwrap();
    let o = run(&[
        "sign",
        s.p("blocked.json"),
        "--key",
        s.p("key.jwk"),
        "--out",
        s.p("x.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("blocking findings"));
    assert!(!Path::new(s.p("x.json")).exists());
    // A changed attachment file.
    std::fs::write(s.dir.join("apdr.txt"), b"changed").unwrap();
    let o = run(&[
        "sign",
        s.p("referral.json"),
        "--key",
        s.p("key.jwk"),
        "--out",
        s.p("x.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("not the size"));
    // A missing attachment file.
    std::fs::remove_file(s.dir.join("apdr.txt")).unwrap();
    let o = run(&[
        "sign",
        s.p("referral.json"),
        "--key",
        s.p("key.jwk"),
        "--out",
        s.p("x.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 2);
    // A public key cannot sign.
    let o = run(&[
        "sign",
        s.p("referral.json"),
        "--key",
        s.p("keys.json"),
        "--out",
        s.p("x.json"),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("\"d\""));
}

#[test]
fn tampering_is_detected_and_named() {
    let s = Setup::new("tamper");
    let pack = s.pack();
    let expect = |p: &Value, what: &str| {
        let o = s.verify(p, &[]);
        assert_eq!(code(&o), 1, "{what}: {}", stdout(&o));
        assert!(stdout(&o).contains(what), "{what}:\n{}", stdout(&o));
    };
    let mut p = pack.clone();
    p["signed"]["payload"] = flip_b64url(p["signed"]["payload"].as_str().unwrap(), 100).into();
    expect(&p, "[FAIL] Signature: The signature does not match");
    let mut p = pack.clone();
    p["signed"]["signature"] = flip_b64url(p["signed"]["signature"].as_str().unwrap(), 10).into();
    expect(&p, "[FAIL] Signature: The signature does not match");
    let mut p = pack.clone();
    p["signed"]["protected"] = flip_b64url(p["signed"]["protected"].as_str().unwrap(), 12).into();
    expect(&p, "[FAIL] Signature header");
    let n = pack["files"].as_array().unwrap().len();
    assert_eq!(n, 6);
    for i in 0..n {
        let mut p = pack.clone();
        let mut data = b64::decode_std(p["files"][i]["data"].as_str().unwrap()).unwrap();
        data[0] ^= 0x01;
        p["files"][i]["data"] = b64::encode_std(&data).into();
        expect(&p, &format!("File {} in the pack has been changed", i + 1));
    }
}

#[test]
fn hostile_packs_are_refused_cleanly() {
    let s = Setup::new("hostile");
    let pack = s.pack();
    let mut p = pack.clone();
    let f = p["files"][0].clone();
    p["files"].as_array_mut().unwrap().push(f);
    let o = s.verify(&p, &[]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("appears more than once"));
    let mut p = pack.clone();
    p["files"][0]["data"] = 42.into();
    assert_eq!(code(&s.verify(&p, &[])), 1);
    let mut p = pack.clone();
    let none = b64::encode_url(br#"{"alg":"none"}"#);
    p["signed"]["protected"] = none.into();
    let o = s.verify(&p, &[]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("Unsigned files are refused"));
    assert_eq!(code(&s.verify(&Value::String("hello".into()), &[])), 2);
}
