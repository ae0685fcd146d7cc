#![no_main]
//! Fuzz target `referral_json`: feeds libFuzzer's input to `esma_core::fuzzing::referral_json` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::referral_json(data));
