//! Every input the fuzzers keep, on stable Rust: each minimised crash in
//! `tests/data/fuzz-regressions/<target>/` and the whole kept corpus in
//! `fuzz/corpus/<target>/`, fed through the same entry points as the fuzz
//! targets (`esma_core::fuzzing`). None may panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use esma_core::fuzzing;

/// A fuzz target's entry point.
type Target = fn(&[u8]);

/// The targets, by the name of their folders.
const TARGETS: &[(&str, Target)] = &[
    ("referral_json", fuzzing::referral_json),
    ("draft_file", fuzzing::draft_file),
    ("consent_request", fuzzing::consent_request),
    ("consent_response", fuzzing::consent_response),
    ("pack", fuzzing::pack),
    ("signed_payload", fuzzing::signed_payload),
    ("jwk", fuzzing::jwk),
    ("settings", fuzzing::settings),
    ("jcs", fuzzing::jcs),
];

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every file under `base/<target>/` through its target; returns how
/// many ran and the names of those that panicked.
fn run_all(base: &Path) -> (usize, Vec<String>) {
    let mut ran = 0;
    let mut failed = Vec::new();
    for (name, target) in TARGETS {
        for file in files_in(&base.join(name)) {
            let data = std::fs::read(&file).expect("read a corpus file");
            ran += 1;
            if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                failed.push(file.display().to_string());
            }
        }
    }
    (ran, failed)
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn minimised_crashes_no_longer_crash() {
    let (_, failed) = run_all(&crate_dir().join("tests/data/fuzz-regressions"));
    assert!(failed.is_empty(), "these inputs still panic: {failed:#?}");
}

#[test]
fn the_kept_corpus_runs_clean() {
    let (ran, failed) = run_all(&crate_dir().join("../../fuzz/corpus"));
    assert!(ran > 0, "fuzz/corpus is missing or empty");
    assert!(failed.is_empty(), "these inputs panic: {failed:#?}");
}

/// Every target has a folder in the kept corpus, and nothing else does.
#[test]
fn every_target_has_a_corpus() {
    let corpus = crate_dir().join("../../fuzz/corpus");
    for (name, _) in TARGETS {
        assert!(
            !files_in(&corpus.join(name)).is_empty(),
            "fuzz/corpus/{name} is empty"
        );
    }
}
