#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| esma_core::fuzzing::consent_response(data));
