#![no_main]
//! See `studybook_fuzz::markdown_links`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| studybook_fuzz::markdown_links(data));
