//! The referral form model, used by all three journeys: sections, questions,
//! fields, the wizard state and progress. Pure; tested natively.

pub mod fields;
pub mod progress;
pub mod questions;
pub mod state;
