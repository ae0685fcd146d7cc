//! One component per route.

pub mod council;
pub mod not_found;
pub mod parent;
pub mod school;
pub mod start;
