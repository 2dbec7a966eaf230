#![no_main]
//! See `studybook_fuzz::math`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| studybook_fuzz::math(data));
