//! The school's referral wizard: sections, questions, state and pages.

pub mod fields;
pub mod progress;
pub mod questions;
pub mod state;
