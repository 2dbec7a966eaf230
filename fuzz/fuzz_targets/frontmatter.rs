#![no_main]
//! See `studybook_fuzz::frontmatter`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| studybook_fuzz::frontmatter(data));
