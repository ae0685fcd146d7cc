//! The ESMA referral domain: the referral model, the policy rules, the Annex 2
//! checklist and the signed pack format.
//!
//! This crate has no web dependency: the browser app and the `esma-referral`
//! command-line program both build on it, so a rule is written once and checked
//! the same way everywhere.

/// The name the app and packs carry.
pub const APP_NAME: &str = "ESMA referral checker";

/// The version of this build, shared by the app, the CLI and packs.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
