#![no_main]
//! See `studybook_fuzz::mermaid_output`. The engine's caught panics are silenced as in
//! `diagrams.rs`.

use std::sync::Once;

static QUIET: Once = Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    studybook_fuzz::mermaid_output(data)
});
