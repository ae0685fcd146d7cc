#![no_main]
//! Fuzz target `consent_response`: feeds libFuzzer's input to `esma_core::fuzzing::consent_response` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::consent_response(data));
