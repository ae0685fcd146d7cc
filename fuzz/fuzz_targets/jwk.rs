#![no_main]
//! Fuzz target `jwk`: feeds libFuzzer's input to `esma_core::fuzzing::jwk` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::jwk(data));
