#![no_main]
//! Fuzz target `settings`: feeds libFuzzer's input to `esma_core::fuzzing::settings` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::settings(data));
