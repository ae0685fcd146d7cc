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

/// serde_json's reader, as `esma_core::json::from_str` was before it had
/// its own: the reference the tests hold that reader to. Each error is
/// classed by serde_json's message, as it was then.
pub fn serde_json_from_str<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
) -> Result<T, esma_core::json::ParseError> {
    use esma_core::json::{ParseError, Problem};
    let class = |e: &serde_json::Error| {
        let text = e.to_string();
        let starts = |p: &str| text.starts_with(p);
        match e.classify() {
            _ if starts("trailing characters") => Problem::TrailingCharacters,
            serde_json::error::Category::Data if starts("missing field") => Problem::Missing,
            serde_json::error::Category::Data if starts("unknown field") => Problem::Unknown,
            serde_json::error::Category::Data if starts("invalid type") => Problem::WrongType,
            serde_json::error::Category::Data => Problem::NotAllowed,
            _ => Problem::Syntax,
        }
    };
    let error = |e: &serde_json::Error, path: String| ParseError {
        line: e.line(),
        column: e.column(),
        path,
        problem: class(e),
    };
    #[cfg(feature = "error-paths")]
    {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| error(e.inner(), esma_core::json::safe_path(e.path())))?;
        de.end().map_err(|e| error(&e, String::new()))?;
        Ok(value)
    }
    #[cfg(not(feature = "error-paths"))]
    serde_json::from_str(text).map_err(|e| error(&e, String::new()))
}
