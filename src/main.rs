//! The ESMA referral checker's browser app (Yew, compiled to WebAssembly).
fn main() {}
