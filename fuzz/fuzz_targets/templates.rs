#![no_main]
//! See `studybook_fuzz::templates`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| studybook_fuzz::templates(data));
