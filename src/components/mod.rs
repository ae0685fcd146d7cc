//! Reusable parts of pages, one file per component.

pub mod layout;
