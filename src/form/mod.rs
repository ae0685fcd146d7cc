//! The referral form model, used by all three journeys: sections, questions,
//! fields, the wizard state and progress. Pure; tested natively.

pub mod consent;
pub mod fields;
pub mod pages;
pub mod problems;
pub mod progress;
pub mod questions;
pub mod state;
