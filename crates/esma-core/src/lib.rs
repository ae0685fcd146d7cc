//! The ESMA referral domain: the referral model, the policy rules, the Annex 2
//! checklist and the council settings.
//!
//! This crate has no web dependency and no clock, threads, filesystem or
//! randomness: the browser app (compiled to WebAssembly) and the
//! `esma-referral` command-line program both build on it, so a rule is written
//! once and checked the same way everywhere.
//!
//! ```
//! use chrono::NaiveDate;
//! use esma_core::{referral::Referral, settings::Settings, validate::Valid};
//! let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
//! let draft: Referral = serde_json::from_str(r#"{"pupil": {"firstName": "Sam"}}"#).unwrap();
//! let report = Valid::check(draft, today, &Settings::default()).unwrap_err();
//! assert!(report.findings.iter().any(|f| f.field == "pupil.dateOfBirth"));
//! ```

pub mod annex3;
pub mod attachments;
pub mod case;
pub mod checklist;
pub mod clock;
pub mod consent;
pub mod date;
pub mod draft_file;
pub mod file_name;
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod limits;
pub mod pack;
pub mod referral;
pub mod rules;
pub mod safe_text;
#[cfg(feature = "schema")]
pub mod schema;
pub mod school_age;
pub mod section;
pub mod settings;
pub mod signed;
pub mod validate;

/// The name the app and packs carry.
pub const APP_NAME: &str = "ESMA referral checker";

/// The version of this build, shared by the app, the CLI and packs.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
