#![no_main]
//! Fuzz target `pack`: feeds libFuzzer's input to `esma_core::fuzzing::pack` (run by `cargo xtask fuzz`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::pack(data));
