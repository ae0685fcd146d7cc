//! Shared helpers for the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use esma_core::referral::Referral;
use std::path::PathBuf;

/// The date every fixture's expected outcome holds on (see fixtures/README.md).
pub const FIXTURES_AS_OF: (i32, u32, u32) = (2026, 11, 28);

pub fn as_of() -> NaiveDate {
    let (y, m, d) = FIXTURES_AS_OF;
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures/referrals")
}

pub fn fixture(name: &str) -> Referral {
    let text = std::fs::read_to_string(fixtures_dir().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn complete() -> Referral {
    fixture("complete.json")
}
