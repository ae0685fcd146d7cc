//! What the CLI's test files share: running the built program and a folder
//! holding the complete fixture with its attachment files.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Run `esma-referral` with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esma-referral"))
        .args(args)
        .output()
        .unwrap()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder `<prefix>-<name>` under the target directory with the
/// complete fixture as `referral.json` and its attachment files beside it.
pub fn fixture_folder(prefix: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{prefix}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/referrals");
    std::fs::copy(fixtures.join("complete.json"), dir.join("referral.json")).unwrap();
    for e in std::fs::read_dir(fixtures.join("files")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}
