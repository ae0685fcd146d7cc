#![no_main]
//! Fuzz target `draft_file`: feeds libFuzzer's input to `esma_core::fuzzing::draft_file` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::draft_file(data));
