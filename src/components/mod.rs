//! Reusable parts of pages, one file per component.

pub mod banner;
pub mod error_summary;
pub mod issues;
pub mod layout;
pub mod question;
