#![no_main]
//! See `studybook_fuzz::diagrams`.
//!
//! The Mermaid engine panics on some input, and studybook catches those panics and reports them as
//! diagnostics (as `main.rs` does, the hook is made quiet). libFuzzer's own hook would abort on
//! every panic, caught or not, so it is replaced: a panic that escapes `render_one` still aborts,
//! because libfuzzer-sys wraps each run in `catch_unwind` and aborts when it fails.

use std::sync::Once;

static QUIET: Once = Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    studybook_fuzz::diagrams(data)
});
