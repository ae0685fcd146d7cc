#![no_main]
//! Fuzz target `jcs`: feeds libFuzzer's input to `esma_core::fuzzing::jcs` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::jcs(data));
