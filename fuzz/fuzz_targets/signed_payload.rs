#![no_main]
//! Fuzz target `signed_payload`: feeds libFuzzer's input to `esma_core::fuzzing::signed_payload` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::signed_payload(data));
