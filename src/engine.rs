//! Running a third-party engine on author input. The math engine (pulldown-latex) and the Mermaid
//! engine (mermaid-rs-renderer) parse what an author typed, and a bug in either can panic on one
//! formula or diagram. [`run`] turns such a panic into an error for that one input, and keeps the
//! engine's panic message off the terminal (the caller's diagnostic says what happened).
//!
//! The message is kept off by the process's one panic hook, installed here on the first [`run`]:
//! it stays silent while this thread is inside [`run`] and hands every other panic to the hook it
//! replaced, so a bug in studybook itself (a stage, a `serve` rebuild) is still printed. Engine
//! code inside [`run`] must not run rayon tasks: a task stolen onto this thread would be silenced.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

/// The engine panicked on this input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panicked;

thread_local! {
    /// Whether this thread is inside [`run`].
    static IN_ENGINE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` (a call into an engine), returning [`Panicked`] instead of unwinding when it
/// panics.
pub fn run<R>(work: impl FnOnce() -> R) -> Result<R, Panicked> {
    install_hook();
    let outer = IN_ENGINE.with(|flag| flag.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    IN_ENGINE.with(|flag| flag.set(outer));
    result.map_err(|_| Panicked)
}

/// Whether a panic on this thread now is an engine's, which [`run`] reports itself.
fn silenced() -> bool {
    IN_ENGINE.with(Cell::get)
}

/// Puts the quiet hook in front of the one in place, once per process.
fn install_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !silenced() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_for_that_call() {
        assert_eq!(run(|| 7), Ok(7));
        assert_eq!(run(|| -> u8 { panic!("engine bug") }), Err(Panicked));
        assert!(!silenced(), "the flag is cleared after a panic");
        let nested = run(|| {
            let inner = run(|| -> u8 { panic!("inner engine bug") });
            (inner, silenced())
        });
        assert_eq!(nested, Ok((Err(Panicked), true)));
        assert!(!silenced());
    }

    /// Runs [`panics_for_the_parent`] in a child process, whose panic messages reach its stderr.
    #[test]
    fn only_panics_outside_an_engine_are_printed() {
        let Ok(exe) = std::env::current_exe() else {
            panic!("no path to this test binary");
        };
        let output = std::process::Command::new(exe)
            .args([
                "--exact",
                "engine::tests::panics_for_the_parent",
                "--ignored",
                "--nocapture",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr
                .lines()
                .any(|line| line == "a bug outside any engine"),
            "{stderr}"
        );
        assert!(
            stderr.contains("a bug outside any engine, after one"),
            "{stderr}"
        );
        assert!(!stderr.contains("a bug inside the engine"), "{stderr}");
    }

    /// In the child: one panic inside an engine call, one outside.
    #[test]
    #[ignore = "the child half of only_panics_outside_an_engine_are_printed, which runs it"]
    fn panics_for_the_parent() {
        assert_eq!(
            run(|| -> u8 { panic!("a bug inside the engine") }),
            Err(Panicked)
        );
        let outside = std::thread::spawn(|| panic!("a bug outside any engine")).join();
        assert!(outside.is_err());
        let after = catch_unwind(|| panic!("a bug outside any engine, after one"));
        assert!(after.is_err());
    }
}
