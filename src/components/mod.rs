//! Reusable parts of pages, one file per component.

pub mod error_summary;
pub mod issues;
pub mod layout;
pub mod question;
