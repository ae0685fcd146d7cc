#![no_main]
//! Fuzz target `consent_request`: feeds libFuzzer's input to `esma_core::fuzzing::consent_request` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::consent_request(data));
